"""French first, English available: UI strings are written in French and translated on demand."""

from __future__ import annotations

from typing import Literal

Lang = Literal["fr", "en"]
LANG_COOKIE = "lang"

#: French → English. A missing entry falls back to the French text.
EN: dict[str, str] = {
    "Accueil": "Home",
    "Connexion": "Sign in",
    "Se connecter": "Sign in",
    "Se déconnecter": "Sign out",
    "Adresse électronique": "Email address",
    "Mot de passe": "Password",
    "Adresse ou mot de passe incorrect.": "Wrong email address or password.",
    "Aller au contenu": "Skip to content",
    "Mes instances": "My bodies",
    "À faire": "To do",
    "Rien à faire pour l'instant.": "Nothing to do for now.",
    "Mes prochaines réunions": "My next meetings",
    "Aucune réunion à venir.": "No upcoming meeting.",
    "Membres": "Members",
    "Collège": "College",
    "Rôle": "Role",
    "Gouvernance": "Governance",
    "Direction": "Management",
    "Élus": "Elected members",
    "Président": "Chair",
    "Secrétaire": "Secretary",
    "Secrétaire adjoint": "Deputy secretary",
    "Trésorier": "Treasurer",
    "Titulaire": "Full member",
    "Suppléant": "Substitute",
    "Représentant syndical": "Union representative",
    "Invité": "Guest",
    "Suppléant de": "Substitute for",
    "Langue": "Language",
    "Navigation principale": "Main navigation",
    "Erreur": "Error",
    "Retour à l'accueil": "Back to home",
    "Page introuvable": "Page not found",
    "Organisation": "Organisation",
    "Instance": "Body",
    "Type": "Kind",
    "Mandat": "Term",
    "jusqu'au": "until",
    "Français": "French",
    "English": "English",
    # forms
    "obligatoire": "required",
    "Le formulaire n'a pas été enregistré.": "The form was not saved.",
    "Annuler": "Cancel",
    "Fil d'Ariane": "Breadcrumb",
    # registers
    "Registres": "Registers",
    "Registre": "Register",
    "Base légale": "Legal basis",
    "Entrées": "Entries",
    "Dernière empreinte": "Latest digest",
    "Cette instance ne tient pas encore de registre.": "This body keeps no register yet.",
    "Chaque registre est numéroté et chaîné : rien ne s'y efface, une rectification est un additif.": (
        "Every register is numbered and chained: nothing is erased, a correction is an addendum."
    ),
    "Questions des élus": "Questions of the elected members",
    "Dangers graves et imminents": "Serious and imminent dangers",
    "Santé publique et environnement": "Public health and environment",
    "Atteintes aux droits des personnes": "Infringements of personal rights",
    "Dialogue entre les collèges": "Dialogue between the colleges",
    "entrée(s)": "entry(ies)",
    "Inscrire une entrée": "Write an entry",
    "Vérifier l'intégrité": "Check integrity",
    "Télécharger en PDF": "Download as PDF",
    "Exporter en CSV": "Export as CSV",
    "Version imprimable (HTML)": "Printable version (HTML)",
    "Empreinte actuelle du registre (à conserver pour un contrôle ultérieur) :": (
        "Current digest of the register (keep it for a later check):"
    ),
    "N°": "No.",
    "Objet": "Subject",
    "Inscrite le": "Written on",
    "Échéance": "Due date",
    "Statut": "Status",
    "Aucune entrée pour l'instant.": "No entry yet.",
    "en attente": "awaiting answer",
    "répondue": "answered",
    "en retard": "overdue",
    "close": "closed",
    "Alerte": "Alert",
    "Enquête en cours": "Investigation under way",
    "Mesures prises": "Measures taken",
    "Désaccord": "Disagreement",
    "Close": "Closed",
    "Réponse de l'employeur": "Employer's answer",
    "Étape de l'alerte": "Step of the alert",
    "Clôture": "Closing",
    "Question posée à l'employeur": "Question to the employer",
    "Date de la réunion à laquelle la question se rapporte": "Date of the meeting the question is for",
    "Postes de travail concernés": "Workstations concerned",
    "Nature du danger": "Nature of the danger",
    "Cause du danger": "Cause of the danger",
    "Noms des salariés exposés": "Names of the exposed employees",
    "Produits ou procédés de fabrication en cause": "Products or processes involved",
    "Conséquences potentielles pour la santé publique ou l'environnement": (
        "Potential consequences for public health or the environment"
    ),
    "Toute autre information utile": "Any other useful information",
    "Faits constatés": "Facts observed",
    "Personnes concernées": "Persons concerned",
    "Les questions sont remises deux jours ouvrables avant la réunion ; la direction répond par écrit au plus "
    "tard six jours ouvrables après (art. L2315-22).": (
        "Questions are handed in two working days before the meeting; management answers in writing at the "
        "latest six working days after it (art. L2315-22)."
    ),
    "Un nom par ligne (art. D4132-1).": "One name per line (art. D4132-1).",
    "Un nom par ligne (art. L2312-59).": "One name per line (art. L2312-59).",
    "L'entrée a été inscrite au registre.": "The entry was written in the register.",
    "La réponse a été inscrite au registre.": "The answer was written in the register.",
    "L'étape de l'alerte a été inscrite au registre.": "The step of the alert was written in the register.",
    "L'entrée a été close.": "The entry was closed.",
    "Une entrée inscrite ne peut plus être modifiée ni supprimée ; une rectification s'inscrit comme un additif.": (
        "A written entry can no longer be changed or deleted; a correction is written as an addendum."
    ),
    "Texte de la demande": "Text of the request",
    "Précisions": "Details",
    "Information confidentielle": "Confidential information",
    "Réservée aux membres de l'instance et à la direction (art. L2315-3).": (
        "Reserved to the body's members and management (art. L2315-3)."
    ),
    "Motif de la confidentialité": "Reason for confidentiality",
    "Obligatoire si l'information est confidentielle.": "Required when the information is confidential.",
    "Additif à l'entrée n°": "Addendum to entry no.",
    "Facultatif : le numéro de l'entrée que celle-ci rectifie.": "Optional: the number of the entry this one corrects.",
    "Note remise par": "Note handed in by",
    "Moi-même": "Myself",
    "Le secrétaire peut transcrire la note écrite remise par un élu (art. L2315-22).": (
        "The secretary may transcribe the written note handed in by an elected member (art. L2315-22)."
    ),
    "Inscrire au registre": "Write in the register",
    "Entrée n°": "Entry no.",
    "Confidentielle": "Confidential",
    "Par": "By",
    "Réunion": "Meeting",
    "remise hors délai": "handed in late",
    "Rectifiée par les entrées": "Corrected by entries",
    "CSE à réunir avant le": "Works council to be convened before",
    "art. L4132-3 : 24 heures au plus": "art. L4132-3: 24 hours at most",
    "Préfet": "Prefect",
    "Sans suite dans le mois, l'auteur peut saisir le préfet (art. L4133-3).": (
        "Without follow-up within a month, the author may refer the matter to the prefect (art. L4133-3)."
    ),
    "Empreinte": "Digest",
    "Réponses et suites": "Answers and follow-up",
    "hors délai": "late",
    "Pas encore de réponse.": "No answer yet.",
    "Répondre": "Answer",
    "Réponse motivée": "Reasoned answer",
    "La réponse de l'employeur est transcrite au registre (art. L2315-22).": (
        "The employer's answer is written in the register (art. L2315-22)."
    ),
    "Inscrire la réponse": "Write the answer",
    "Suivi de l'alerte": "Follow-up of the alert",
    "Étape": "Step",
    "Enquête immédiate avec l'élu qui a donné l'alerte ; en cas de désaccord, le CSE est réuni dans les 24 "
    "heures (art. L4132-2 et L4132-3).": (
        "Immediate investigation with the member who raised the alert; on disagreement the works council meets "
        "within 24 hours (art. L4132-2 and L4132-3)."
    ),
    "Constats, mesures ou motifs": "Findings, measures or reasons",
    "Inscrire l'étape": "Write the step",
    "Clore cette entrée": "Close this entry",
    "Motif de la clôture": "Reason for closing",
    "Clore l'entrée": "Close the entry",
    "Le registre est intact.": "The register is intact.",
    "enregistrement(s) recalculé(s) le": "record(s) recomputed on",
    "La chaîne du registre est rompue.": "The register's chain is broken.",
    "Première entrée touchée : n°": "First entry affected: no.",
    "enregistrement": "record",
    "L'empreinte conservée figure bien dans le registre : rien n'a été effacé ni réécrit avant elle.": (
        "The kept digest is in the register: nothing before it was erased or rewritten."
    ),
    "L'empreinte conservée ne figure plus dans le registre : des enregistrements ont été supprimés ou réécrits.": (
        "The kept digest is no longer in the register: records were deleted or rewritten."
    ),
    "Empreinte actuelle": "Current digest",
    "Notez-la (ou imprimez cette page) : elle permettra de vérifier plus tard que rien n'a été supprimé.": (
        "Write it down (or print this page): it lets you check later that nothing was deleted."
    ),
    "Registre vide, aucune empreinte.": "Empty register, no digest.",
    "Contrôler une empreinte conservée": "Check a kept digest",
    "64 caractères hexadécimaux, tels qu'imprimés dans les notifications et les procès-verbaux.": (
        "64 hexadecimal characters, as printed in notifications and minutes."
    ),
    "Numéro de l'entrée": "Entry number",
    "Empreinte (hash SHA-256)": "Digest (SHA-256 hash)",
    "Vérifier": "Check",
    # QVT
    "Adopter l'action": "Adopt the action",
    "Au regard des critères d'évaluation fixés.": "Against the evaluation criteria set.",
    "Aucun baromètre pour l'instant.": "No barometer yet.",
    "Aucune action proposée pour l'instant.": "No action proposed yet.",
    "Bilan de l'action": "Review of the action",
    "Date de l'évaluation": "Evaluation date",
    "Enregistrer l'évaluation": "Save the evaluation",
    "Fiche de retour d'expérience (PDF)": "Experience sheet (PDF)",
    "L'action modifie les conditions de travail": "The action changes working conditions",
    "Le canevas de l'action : du problème constaté à la façon d'évaluer ses effets.": "The action canvas: from the problem observed to how its effects are evaluated.",  # noqa: E501
    "Par défaut, aujourd'hui.": "Today by default.",
    "Pilote de l'action": "Action owner",
    "Plan d'action": "Action plan",
    "Points d'alerte": "Warning points",
    "Priorités auxquelles l'action répond": "Priorities the action addresses",
    "Proposer l'action": "Propose the action",
    "Questionnaire anonyme : aucun résultat n'est montré pour un groupe de moins de 5 répondants ; les résultats sont publiés à la clôture.": "Anonymous questionnaire: no result is shown for a group of fewer than 5 respondents; results are published at closing.",  # noqa: E501
    "Écarter l'action": "Reject the action",
    "Action": "Action",
    "Actions adoptées menées à leur évaluation :": "Adopted actions carried through to evaluation:",
    "Adoptée le": "Adopted on",
    "Afficher": "Show",
    "Ajouter un enjeu ou une priorité": "Add a stake or a priority",
    "Animation :": "Facilitator:",
    "Aucun groupe de travail.": "No working group.",
    "Aucune priorité enregistrée.": "No priority recorded.",
    "Aucune séance enregistrée.": "No session recorded.",
    "Baromètre QVT": "Quality of working life barometer",
    "Baromètre": "Barometer",
    "Bilan": "Review",
    "Campagne": "Campaign",
    "Cette action modifie les conditions de travail : le CSE doit être consulté avant sa mise en œuvre (art. L2312-8 et L2312-14). Reliez la consultation avant de la lancer.": "This action changes working conditions: the works council must be consulted before it is implemented (art. L2312-8 and L2312-14). Link the consultation before starting it.",  # noqa: E501
    "Comité de pilotage": "Steering committee",
    "Commentaires libres": "Free comments",
    "Conditions de travail": "Working conditions",
    "Critères atteints": "Criteria met",
    "Date de la décision": "Decision date",
    "Date de lancement": "Start date",
    "Date": "Date",
    "Description": "Description",
    "Décision du comité de pilotage": "Steering committee decision",
    "Décision": "Decision",
    "Démarche QVT": "Quality of working life",
    "Enjeu": "Stake",
    "Enjeux et priorités": "Stakes and priorities",
    "Enregistrer": "Save",
    "Enseignements": "Lessons learned",
    "Espaces de discussion sur le travail": "Discussion spaces on work",
    "Format": "Format",
    "Graphiques": "Charts",
    "Groupe de travail": "Working group",
    "Groupe": "Group",
    "Groupes de travail": "Working groups",
    "Identifiée le": "Identified on",
    "Intitulé": "Title",
    "Lancer la mise en œuvre": "Start implementation",
    "Lancée le": "Started on",
    "Le CSE devra alors être consulté avant sa mise en œuvre (art. L2312-8).": "The works council must then be consulted before it is implemented (art. L2312-8).",  # noqa: E501
    "Mise en œuvre": "Implementation",
    "Motif": "Reason",
    "Moyenne par thème, sur 5": "Mean per theme, out of 5",
    "Moyenne": "Mean",
    "Moyennes par thème": "Means per theme",
    "Nature": "Kind",
    "Non": "No",
    "Note de décision": "Decision note",
    "Oui": "Yes",
    "Par groupe": "By group",
    "Participants": "Participants",
    "Participation :": "Participation:",
    "Participation": "Participation",
    "Pilote :": "Owner:",
    "Pilote": "Owner",
    "Priorité": "Priority",
    "Priorités": "Priorities",
    "Proposer une action": "Propose an action",
    "Propositions": "Proposals",
    "Rang": "Rank",
    "Regrouper": "Group by",
    "Répondants": "Respondents",
    "Réservés aux membres du comité": "Reserved to committee members",
    "Résultats mesurés": "Measured results",
    "Résultats": "Results",
    "Sans effet sur les conditions de travail": "No effect on working conditions",
    "Séance": "Session",
    "Thème": "Theme",
    "Une étape par ligne ; échéance facultative après un point-virgule : « Former les tuteurs ; 2026-06-30 ».": 'One milestone per line; optional due date after a semicolon: "Train the tutors ; 2026-06-30".',  # noqa: E501
    "Voir les résultats": "See the results",
    "action": "action",
    "consultation du CSE n°": "works council consultation no.",
    "faite": "done",
    "identifiée le": "identified on",
    "masqué": "withheld",
    "membre(s)": "member(s)",
    "moyenne par groupe, sur 5": "mean per group, out of 5",
    "réunion(s)": "meeting(s)",
    "À la clôture": "At closing",
    "À revoir le": "To review on",
    "Étapes": "Milestones",
    "Évaluation": "Evaluation",
    "Évaluée le": "Evaluated on",
    "Évolution": "Change",
    "échéance": "due",
    "étapes franchies :": "milestones reached:",
    "— aucun —": "— none —",
    "— choisir —": "— choose —",
    "— à désigner —": "— to be appointed —",
    "Proposée": "Proposed",
    "Adoptée": "Adopted",
    "Écartée": "Rejected",
    "En cours": "In progress",
    "Évaluée": "Evaluated",
    "En préparation": "In preparation",
    "Ouvert": "Open",
    "Clos": "Closed",
    "Par établissement": "By establishment",
    "Par service": "By department",
    "Par catégorie de personnel": "By staff category",
    "Problème constaté": "Problem observed",
    "Action proposée": "Proposed action",
    "Conditions de réussite": "Conditions of success",
    "Calendrier": "Schedule",
    "Critères d'évaluation": "Evaluation criteria",
    "Méthode d'évaluation": "Evaluation method",
    "Public visé": "Target population",
    "Actions complémentaires pour les autres publics": "Complementary actions for other groups",
    "La priorité a été enregistrée.": "The priority was recorded.",
    "L'action a été proposée au comité de pilotage.": "The action was proposed to the steering committee.",
    "L'action a été adoptée.": "The action was adopted.",
    "L'action a été écartée.": "The action was rejected.",
    "La mise en œuvre de l'action a commencé.": "Implementation of the action has started.",
    "L'évaluation de l'action a été enregistrée.": "The evaluation of the action was recorded.",
    # negotiations
    "Les signataires peuvent la demander jusqu'au": "Signatories may ask for it until",
    "Motif de l'abandon": "Reason for abandoning",
    "Par défaut, le délégué syndical de l'organisation à cette table.": "By default, the union's delegate at this table.",  # noqa: E501
    "Requis avant l'entrée en vigueur (art. L314-6 du CASF)": "Required before entry into force (art. L314-6 CASF)",
    "Validité de l'accord": "Validity of the agreement",
    "Agrément ministériel": "Ministerial approval",
    "Approuvé": "Approved",
    "Aucune négociation.": "No negotiation.",
    "Aucune signature.": "No signature.",
    "Aucune séance ni position enregistrée.": "No session or position recorded.",
    "Chronologie des séances et des positions": "Timeline of sessions and positions",
    "Conclue le": "Concluded on",
    "Consultation des salariés": "Employee referendum",
    "Contenu": "Content",
    "Cumul": "Cumulative",
    "Date de signature": "Signature date",
    "Demandé le": "Requested on",
    "Demandée le": "Requested on",
    "Début": "Start",
    "Dépôt": "Filing",
    "En vigueur": "In force",
    "Enregistrer la position": "Save the position",
    "Enregistrer la signature": "Save the signature",
    "Enregistrer la séance": "Save the session",
    "Enregistrer une position": "Record a position",
    "Enregistrer une signature": "Record a signature",
    "Enregistrer une séance": "Record a session",
    "Fin": "End",
    "Lieu": "Place",
    "Négociation": "Negotiation",
    "Négociations": "Negotiations",
    "Organisation syndicale": "Trade union",
    "Ouverte le": "Opened on",
    "PV de désaccord": "Record of disagreement",
    "Partie": "Party",
    "Poids": "Weight",
    "Présents :": "Present:",
    "Prévue le": "Planned on",
    "Rejeté": "Rejected",
    "Relevé de la séance": "Session notes",
    "Signataire": "Signatory",
    "Signataires": "Signatories",
    "Signatures et validité": "Signatures and validity",
    "Séance n°": "Session no.",
    "Séances": "Sessions",
    "Validité": "Validity",
    "contre": "against",
    "des suffrages des syndicats représentatifs (art. L2232-12 : plus de 50 %, ou plus de 30 % et référendum)": "of the representative unions' votes (art. L2232-12: over 50%, or over 30% and a referendum)",  # noqa: E501
    "pour": "for",
    "prévue le": "planned on",
    "signataires :": "signatories:",
    "à organiser avant le": "to be held before",
    "— hors séance —": "— outside a session —",
    "Proposition": "Proposal",
    "Contre-proposition": "Counter-proposal",
    "Position": "Position",
    "Déclaration": "Statement",
    "Ouvrir la négociation": "Open the negotiation",
    "Marquer « en cours »": "Mark as in progress",
    "Abandonner la négociation": "Abandon the negotiation",
    "La séance a été enregistrée.": "The session was recorded.",
    "La position a été enregistrée.": "The position was recorded.",
    "La signature a été enregistrée.": "The signature was recorded.",
    "Le statut de la négociation a été mis à jour.": "The negotiation's status was updated.",
    "Négociations en cours": "Current negotiations",
    "Aucune négociation en cours.": "No current negotiation.",
}

BODY_KINDS = {
    "cse": ("CSE", "Works council (CSE)"),
    "cse_central": ("CSE central", "Central works council"),
    "cssct": ("CSSCT", "Health and safety committee (CSSCT)"),
    "board": ("Conseil d'administration", "Board"),
    "direction_committee": ("Comité de direction", "Management committee"),
    "qvt_steering": ("Comité de pilotage QVT", "Quality of working life steering committee"),
    "negotiation_table": ("Table de négociation", "Negotiation table"),
}


def translate(text: str, lang: Lang) -> str:
    return EN.get(text, text) if lang == "en" else text


def body_kind_label(kind: str, lang: Lang) -> str:
    fr, en = BODY_KINDS.get(kind, (kind, kind))
    return en if lang == "en" else fr


def pick_lang(value: str | None) -> Lang:
    return "en" if value == "en" else "fr"


#: Meeting, consultation and calendar pages (issue 8, phase 2).
EN.update(
    {
        # calendar feeds
        "Mon agenda": "My calendar",
        "Abonnez votre calendrier aux réunions de vos instances : chaque convocation, report ou annulation y "
        "apparaît de lui-même.": (
            "Subscribe your calendar to your bodies' meetings: every convocation, postponement or cancellation "
            "shows up by itself."
        ),
        "Votre nouveau lien": "Your new link",
        "Copiez-le maintenant : il ne sera plus jamais affiché.": "Copy it now: it will never be shown again.",
        "Adresse https (Google Agenda, Outlook, Thunderbird)": "https address (Google Calendar, Outlook, Thunderbird)",
        "Adresse webcal (Apple Calendrier, Outlook sur ordinateur)": "webcal address (Apple Calendar, Outlook desktop)",
        "Ouvrir l'abonnement dans mon application de calendrier": "Open the subscription in my calendar app",
        "Toute personne disposant de ce lien peut lire votre agenda : ne le partagez pas.": (
            "Anyone who has this link can read your calendar: do not share it."
        ),
        "Vous pouvez le révoquer à tout moment ; il cesse aussi de fonctionner à la fin de votre mandat.": (
            "You can revoke it at any time; it also stops working when your term of office ends."
        ),
        "Mes liens d'abonnement": "My subscription links",
        "Instances": "Bodies",
        "Créé le": "Created on",
        "Toutes mes instances": "All my bodies",
        "Révoquer": "Revoke",
        "Pour des raisons de sécurité, l'adresse secrète d'un lien n'est affichée qu'à sa création. Si vous l'avez "
        "perdue, révoquez le lien et créez-en un autre.": (
            "For security, a link's secret address is shown only when it is created. If you lost it, revoke the "
            "link and create another one."
        ),
        "Vous n'avez encore aucun lien d'abonnement.": "You have no subscription link yet.",
        "Créer un lien": "Create a link",
        "Nom du calendrier": "Calendar name",
        "Facultatif : le nom affiché dans votre application.": "Optional: the name shown in your app.",
        "Créer le lien": "Create the link",
        "Le lien a été révoqué : il ne fonctionne plus.": "The link was revoked: it no longer works.",
        "Ajouter le lien à votre calendrier": "Add the link to your calendar",
        "Dans Google Agenda sur ordinateur : « Autres agendas » › « + » › « À partir de l'URL », collez l'adresse "
        "https puis « Ajouter l'agenda ». Google met l'agenda à jour de lui-même, parfois avec quelques heures de "
        "décalage.": (
            "In Google Calendar on a computer: “Other calendars” › “+” › “From URL”, paste the https address, then "
            "“Add calendar”. Google refreshes it by itself, sometimes a few hours late."
        ),
        "Dans Outlook sur le web : « Ajouter un calendrier » › « S'abonner à partir du web », collez l'adresse "
        "https et donnez un nom. Dans Outlook sur ordinateur, l'adresse webcal ouvre directement l'abonnement.": (
            "In Outlook on the web: “Add calendar” › “Subscribe from web”, paste the https address and give it a "
            "name. In Outlook on a computer, the webcal address opens the subscription directly."
        ),
        "Sur iPhone, iPad ou Mac : ouvrez l'adresse webcal (ou « Fichier » › « Nouvel abonnement à un calendrier » "
        "sur Mac) et confirmez l'abonnement.": (
            "On iPhone, iPad or Mac: open the webcal address (or “File” › “New Calendar Subscription” on a Mac) "
            "and confirm the subscription."
        ),
        "Dans Thunderbird : « Nouvel agenda » › « Sur le réseau », collez l'adresse https ; Thunderbird détecte "
        "l'agenda et le tient à jour.": (
            "In Thunderbird: “New Calendar” › “On the Network”, paste the https address; Thunderbird finds the "
            "calendar and keeps it up to date."
        ),
        # meetings: lists, statuses, kinds
        "Réunions": "Meetings",
        "Consultations": "Consultations",
        "Ordres du jour à approuver": "Agendas to approve",
        "Aucun ordre du jour en attente.": "No agenda waiting.",
        "PV à rédiger": "Minutes to write",
        "Aucun procès-verbal en attente.": "No minutes waiting.",
        "Ordre du jour": "Agenda",
        "Procès-verbal": "Minutes",
        "points SSCT": "health and safety items",
        "arrêté": "agreed",
        "à approuver": "to approve",
        "à transmettre le": "to send on",
        "projet": "draft",
        "transmis": "sent",
        "adopté": "adopted",
        "diffusé": "circulated",
        "En préparation": "Being prepared",
        "Convoquée": "Convened",
        "Tenue": "Held",
        "Annulée": "Cancelled",
        "Réunion ordinaire": "Ordinary meeting",
        "Réunion extraordinaire": "Extraordinary meeting",
        "Réunion consacrée à la santé, la sécurité et les conditions de travail": (
            "Meeting on health, safety and working conditions"
        ),
        "Information": "Information",
        "Consultation (avis du comité)": "Consultation (opinion of the committee)",
        "Délibération soumise au vote": "Resolution put to the vote",
        "Question": "Question",
        "Santé, sécurité et conditions de travail": "Health, safety and working conditions",
        "Cas général : 15 jours (art. D2315-26)": "General case: 15 days (art. D2315-26)",
        "Licenciement économique collectif : 3 jours (art. L1233-30)": "Collective redundancy: 3 days (art. L1233-30)",
        "Redressement ou liquidation judiciaire : 1 jour": "Receivership or liquidation: 1 day",
        "Présent": "Present",
        "Absent": "Absent",
        "Excusé": "Excused",
        "Remplacé par un suppléant": "Replaced by a substitute",
        "Pour": "For",
        "Contre": "Against",
        "Abstentions": "Abstentions",
        "Blancs": "Blank",
        "Avis réputé négatif": "Opinion deemed negative",
        "En cours": "Running",
        "Avis rendu": "Opinion given",
        "Avis réputé négatif (art. L2312-16)": "Opinion deemed negative (art. L2312-16)",
        "lundi": "Monday",
        "mardi": "Tuesday",
        "mercredi": "Wednesday",
        "jeudi": "Thursday",
        "vendredi": "Friday",
        "Programmer une réunion": "Plan a meeting",
        "Calendrier annuel": "Yearly calendar",
        "Abonner mon agenda": "Subscribe my calendar",
        "À venir": "Upcoming",
        "Réunions passées": "Past meetings",
        "Aucune réunion passée.": "No past meeting.",
        # done messages
        "La réunion a été programmée.": "The meeting was planned.",
        "Le point a été inscrit à l'ordre du jour.": "The item was placed on the agenda.",
        "Votre proposition a été transmise au président et au secrétaire.": (
            "Your proposal was sent to the chair and the secretary."
        ),
        "Le point a été modifié ; l'ordre du jour doit être approuvé à nouveau.": (
            "The item was changed; the agenda must be approved again."
        ),
        "L'ordre du jour a été réorganisé.": "The agenda was reordered.",
        "Le point a été retiré.": "The item was removed.",
        "La proposition a été inscrite à l'ordre du jour.": "The proposal was placed on the agenda.",
        "La proposition a été écartée.": "The proposal was declined.",
        "Votre approbation de l'ordre du jour a été enregistrée.": "Your approval of the agenda was recorded.",
        "La convocation a été envoyée avec l'ordre du jour.": "The convocation was sent with the agenda.",
        "La réunion est ouverte : notez les présences et les votes.": (
            "The meeting is open: record attendance and votes."
        ),
        "La réunion a été annulée ; les personnes convoquées en sont informées.": (
            "The meeting was cancelled; those convened are told."
        ),
        "Les présences ont été enregistrées.": "Attendance was recorded.",
        "Le vote a été enregistré.": "The vote was recorded.",
        "Le projet de procès-verbal a été établi à partir des présences, de l'ordre du jour et des votes.": (
            "The draft minutes were prepared from attendance, agenda and votes."
        ),
        "Le procès-verbal a été enregistré.": "The minutes were saved.",
        "Le procès-verbal a été transmis à l'employeur et aux membres.": (
            "The minutes were sent to the employer and the members."
        ),
        "Le procès-verbal adopté a été diffusé.": "The adopted minutes were circulated.",
        "Les réunions proposées ont été créées.": "The proposed meetings were created.",
        "La consultation a été ouverte ; son délai court depuis la transmission des informations.": (
            "The consultation was opened; its time limit runs from when the information was given."
        ),
        # yearly calendar
        "Années": "Years",
        "Obligation": "Obligation",
        "réunion(s) ordinaire(s), dont": "ordinary meeting(s), including",
        "traitant de santé, sécurité et conditions de travail": "on health, safety and working conditions",
        "Programmées": "Planned",
        "SSCT": "Health and safety",
        "Le calendrier de l'année respecte l'obligation légale.": "The year's calendar meets the legal obligation.",
        "Écart avec l'obligation légale": "Gap with the legal obligation",
        "Proposition de calendrier": "Proposed calendar",
        "Date proposée": "Proposed date",
        "Situation": "Situation",
        "réunion déjà programmée dans la période": "meeting already planned in the period",
        "à programmer": "to plan",
        "Aucune fréquence légale pour cette instance : programmez ses réunions une à une.": (
            "No legal frequency for this body: plan its meetings one by one."
        ),
        "Jour de la semaine": "Day of the week",
        "Occurrence dans la période": "Occurrence in the period",
        "2 : le deuxième jour de ce type de chaque période ; un jour férié est évité.": (
            "2: the second such day of each period; public holidays are avoided."
        ),
        "Heure": "Time",
        "Durée (minutes)": "Duration (minutes)",
        "Créer les réunions proposées": "Create the proposed meetings",
        "Réunions de l'année": "Meetings of the year",
        "Aucune réunion programmée cette année.": "No meeting planned this year.",
        # consultations
        "Le comité rend son avis dans un délai d'un mois à compter des informations transmises, deux mois avec un "
        "expert (art. R2312-6) ; passé ce délai, il est réputé avoir rendu un avis négatif (art. L2312-16).": (
            "The committee gives its opinion within one month of the information given, two months with an expert "
            "(art. R2312-6); after that it is deemed to have given a negative opinion (art. L2312-16)."
        ),
        "Informations transmises le": "Information given on",
        "Avis au plus tard le": "Opinion due by",
        "État": "State",
        "avec expert": "with an expert",
        "jour(s) restant(s)": "day(s) left",
        "Aucune consultation pour l'instant.": "No consultation yet.",
        "Ouvrir une consultation": "Open a consultation",
        "Le délai court à compter de la communication des informations ou de leur mise à disposition dans la BDESE "
        "(art. R2312-5).": (
            "The time limit runs from when the information is given or made available in the BDESE (art. R2312-5)."
        ),
        "Présentation": "Presentation",
        "Le comité a désigné un expert (délai porté à deux mois)": (
            "The committee appointed an expert (time limit of two months)"
        ),
        "Expert": "Expert",
        "Délai fixé par accord (jours)": "Time limit set by agreement (days)",
        "Vide : délais de l'article R2312-6.": "Empty: the time limits of article R2312-6.",
        "Ouvrir la consultation": "Open the consultation",
        # agenda items
        "Modifier un point": "Edit an item",
        "Modifier un point retire les approbations données à la version actuelle de l'ordre du jour (art. "
        "L2315-29).": "Editing an item withdraws the approvals of the agenda's current version (art. L2315-29).",
        "Présenté par": "Presented by",
        "Fondement": "Basis",
        "Informations confidentielles (art. L2315-3)": "Confidential information (art. L2315-3)",
        "Enregistrer le point": "Save the item",
        "Intitulé": "Title",
        "Nature": "Kind",
        "Date": "Date",
        "Lieu": "Place",
        "— choisir —": "— choose —",
        # the meeting page
        "avec des points de santé, sécurité et conditions de travail": (
            "with health, safety and working conditions items"
        ),
        "Visioconférence": "Video conference",
        "Convoquée le": "Convened on",
        "Ouverte le": "Opened on",
        "hors délai": "late",
        "Motif de l'annulation": "Reason for cancelling",
        "Ouvrir la réunion (présences et votes)": "Open the meeting (attendance and votes)",
        "Version": "Version",
        "arrêté conjointement par le président et le secrétaire": "agreed jointly by the chair and the secretary",
        "à approuver par le président et le secrétaire (art. L2315-29)": (
            "to be approved by the chair and the secretary (art. L2315-29)"
        ),
        "Version actuelle approuvée par": "Current version approved by",
        "président": "chair",
        "secrétaire": "secretary",
        "L'ordre du jour a changé depuis les dernières approbations : elles sont retirées.": (
            "The agenda changed since the last approvals: they are withdrawn."
        ),
        "présenté par": "presented by",
        "confidentiel (art. L2315-3)": "confidential (art. L2315-3)",
        "consultation obligatoire, inscrite de plein droit": "mandatory consultation, placed as of right",
        "Lire le procès-verbal soumis à l'adoption": "Read the minutes put up for adoption",
        "Voir la consultation et son délai": "See the consultation and its time limit",
        "pour": "for",
        "contre": "against",
        "abstention(s)": "abstention(s)",
        "blanc(s)": "blank",
        "nul(s)": "void",
        "sur": "out of",
        "votant(s) ; majorité requise :": "voter(s); majority required:",
        "Adopté": "Adopted",
        "Rejeté": "Rejected",
        "scrutin secret": "secret ballot",
        "Monter": "Move up",
        "Descendre": "Move down",
        "Modifier": "Edit",
        "Retirer": "Remove",
        "Enregistrer un vote sur ce point": "Record a vote on this item",
        "Question mise aux voix": "Question put to the vote",
        "Avis mis aux voix": "Opinion put to the vote",
        "Avis favorable": "Favourable opinion",
        "Avis défavorable": "Unfavourable opinion",
        "Le président ne vote pas sur un avis (art. L2315-32).": (
            "The chair does not vote on an opinion (art. L2315-32)."
        ),
        "Avis motivé": "Reasoned opinion",
        "Nuls": "Void",
        "Scrutin secret (seuls les totaux sont enregistrés)": "Secret ballot (only the totals are recorded)",
        "Les abstentions et les bulletins blancs comptent contre : la résolution est adoptée à la majorité des "
        "membres présents ayant voix délibérative (art. L2315-32).": (
            "Abstentions and blank ballots count against: a resolution passes by the majority of the members "
            "present entitled to vote (art. L2315-32)."
        ),
        "Enregistrer le vote": "Record the vote",
        "L'ordre du jour est vide.": "The agenda is empty.",
        "Points proposés par les élus": "Items proposed by the elected members",
        "proposé par": "proposed by",
        "Inscrire": "Place on the agenda",
        "Écarter": "Decline",
        "en attente du président et du secrétaire": "waiting for the chair and the secretary",
        "Ajouter un point": "Add an item",
        "Proposer un point": "Propose an item",
        "Article ou accord qui prévoit ce point, par exemple L2312-8.": (
            "Article or agreement providing for this item, e.g. L2312-8."
        ),
        "avis au plus tard le": "opinion due by",
        "Consultation": "Consultation",
        "— aucune —": "— none —",
        "— aucun —": "— none —",
        "Pour un point de consultation : le vote rend l'avis du comité.": (
            "For a consultation item: the vote gives the committee's opinion."
        ),
        "Procès-verbal à adopter": "Minutes to adopt",
        "Pour un point soumis au vote : son adoption fige le procès-verbal de cette réunion.": (
            "For an item put to the vote: adopting it freezes that meeting's minutes."
        ),
        "Consultation obligatoire inscrite de plein droit (art. L2315-30)": (
            "Mandatory consultation placed as of right (art. L2315-30)"
        ),
        "Ajouter le point": "Add the item",
        "Proposer le point": "Propose the item",
        "Approuver l'ordre du jour (version": "Approve the agenda (version",
        "Convocation": "Convocation",
        "Confirmation écrite à l'inspection du travail, au médecin du travail et à la CARSAT au plus tard le": (
            "Written confirmation to the labour inspectorate, the occupational doctor and the CARSAT by"
        ),
        "Convocation au plus tard le": "Convocation at the latest on",
        "jours avant la réunion": "days before the meeting",
        "règlement intérieur": "internal rules",
        "délai dépassé": "time limit passed",
        "Aucun délai légal de convocation pour cette instance.": "No legal notice period for this body.",
        "La convocation part avec l'ordre du jour une fois celui-ci approuvé par le président et le secrétaire.": (
            "The convocation goes out with the agenda once the chair and the secretary have approved it."
        ),
        "Convoquer malgré le délai non respecté": "Convene although the notice period is not met",
        "Motif de la convocation hors délai": "Reason for the late convocation",
        "Le motif est conservé avec la convocation.": "The reason is kept with the convocation.",
        "Convoquer": "Convene",
        "Convocation et ordre du jour envoyés le": "Convocation and agenda sent on",
        "La réunion n'a pas été convoquée.": "The meeting was not convened.",
        "Annuler la réunion": "Cancel the meeting",
        "Les personnes convoquées reçoivent ce motif.": "Those convened receive this reason.",
        "Présences": "Attendance",
        "présent(s)": "present",
        "votant(s) sur les avis": "voter(s) on opinions",
        "sur les autres résolutions (le président vote)": "on other resolutions (the chair votes)",
        "Le suppléant présent remplace un titulaire absent et vote à sa place (art. L2314-1).": (
            "A substitute present replaces an absent full member and votes in their place (art. L2314-1)."
        ),
        "Membre": "Member",
        "Présence": "Attendance",
        "Remplace": "Replaces",
        "Présence de": "Attendance of",
        "— non noté —": "— not recorded —",
        "remplace": "replaces",
        "— personne —": "— nobody —",
        "Enregistrer les présences": "Save attendance",
        "Les présences ne sont pas encore notées.": "Attendance is not recorded yet.",
        "à transmettre au plus tard le": "to be sent at the latest on",
        "Ouvrir le procès-verbal": "Open the minutes",
        "Le procès-verbal n'est pas encore établi.": "The minutes are not written yet.",
        "À transmettre au plus tard le": "To be sent at the latest on",
        "Rédiger le procès-verbal": "Write the minutes",
        # minutes
        "Projet de procès-verbal (non transmis)": "Draft minutes (not sent)",
        "Procès-verbal transmis, en attente d'adoption": "Minutes sent, awaiting adoption",
        "Procès-verbal adopté": "Minutes adopted",
        "Procès-verbal adopté et diffusé": "Minutes adopted and circulated",
        "Révision": "Revision",
        "Transmission": "Sending",
        "au plus tard le": "at the latest on",
        "transmis le": "sent on",
        "Adopté le": "Adopted on",
        "réunion de l'adoption": "meeting of the adoption",
        "Diffusé le": "Circulated on",
        "Transmettre à l'employeur et aux membres": "Send to the employer and the members",
        "Diffuser le procès-verbal adopté": "Circulate the adopted minutes",
        "Le secrétaire peut afficher ou diffuser le procès-verbal adopté, dans le respect de la confidentialité "
        "(art. L2315-35).": (
            "The secretary may post or circulate the adopted minutes, keeping confidentiality (art. L2315-35)."
        ),
        "Le procès-verbal est adopté par un vote lors d'une réunion ultérieure ; son texte est alors figé.": (
            "The minutes are adopted by a vote at a later meeting; their text is then frozen."
        ),
        "Inscrire l'adoption à l'ordre du jour de": "Put the adoption on the agenda of",
        "Inscrire l'adoption": "Put the adoption on the agenda",
        "Le procès-verbal est établi par le secrétaire (art. L2315-34). Il est pré-rempli avec les présences, "
        "l'ordre du jour et le résultat des votes.": (
            "The minutes are written by the secretary (art. L2315-34). They are pre-filled with attendance, the "
            "agenda and the results of the votes."
        ),
        "Établir le procès-verbal": "Write the minutes",
        "Le procès-verbal pourra être établi une fois la réunion tenue.": (
            "The minutes can be written once the meeting is held."
        ),
        "Rédaction": "Writing",
        "Texte du procès-verbal": "Text of the minutes",
        "Markdown : # titre, ## section, - liste, **gras**. L'aperçu est calculé par le serveur.": (
            "Markdown: # title, ## section, - list, **bold**. The preview is computed by the server."
        ),
        "Note de révision": "Revision note",
        "Facultatif : ce qui a changé.": "Optional: what changed.",
        "Aperçu": "Preview",
        "Enregistrer le procès-verbal": "Save the minutes",
        "Aperçu (non enregistré)": "Preview (not saved)",
        "Texte": "Text",
        # planning a meeting
        "La réunion est créée en préparation : vous construirez ensuite l'ordre du jour avec le président avant de "
        "convoquer (art. L2315-29 et L2315-30).": (
            "The meeting is created as being prepared: you then draw up the agenda with the chair before "
            "convening (art. L2315-29 and L2315-30)."
        ),
        "Par exemple : Réunion ordinaire de mars.": "For example: Ordinary meeting of March.",
        "Heure de début": "Start time",
        "Heure de fin": "End time",
        "Lien de visioconférence": "Video conference link",
        "Sans accord avec les élus, trois réunions au plus par an en visioconférence (art. L2315-4).": (
            "Without an agreement with the elected members, at most three video meetings a year (art. L2315-4)."
        ),
        "La réunion traite aussi de santé, sécurité et conditions de travail": (
            "The meeting also deals with health, safety and working conditions"
        ),
        "Au moins quatre réunions par an (art. L2315-27) ; l'inspection du travail, le médecin du travail et la "
        "CARSAT sont prévenus 15 jours avant.": (
            "At least four meetings a year (art. L2315-27); the labour inspectorate, the occupational doctor and "
            "the CARSAT are told 15 days before."
        ),
        "Délai du procès-verbal": "Time limit for the minutes",
        "Programmer la réunion": "Plan the meeting",
    }
)

# Indicator pages.
EN.update(
    {
        "Indicateurs": "Indicators",
        "Indicateurs de l'organisation": "Organisation indicators",
        "Période": "Period",
        "Du": "From",
        "Au": "To",
        "au": "to",
        "Premier jour, au format AAAA-MM-JJ": "First day, as YYYY-MM-DD",
        "Dernier jour, au format AAAA-MM-JJ": "Last day, as YYYY-MM-DD",
        "Afficher la période": "Show the period",
        "situation au": "as of",
        "période précédente :": "previous period:",
        "Score de santé du dialogue social": "Health score of the social dialogue",
        "Score :": "Score:",
        "Score non mesuré sur la période.": "Score not measured over the period.",
        "Évolution mensuelle du score": "Monthly trend of the score",
        "Tableau des indicateurs": "Table of indicators",
        "Indicateur": "Indicator",
        "Valeur": "Value",
        "Objectif": "Target",
        "informatif": "for information",
        "avant :": "before:",
        "ok": "ok",
        "attention": "warning",
        "alerte": "alert",
        "Aucun indicateur n'est mesuré pour cette instance.": "No indicator is measured for this body.",
        "Télécharger le tableau (CSV)": "Download the table (CSV)",
        "Télécharger les indicateurs (CSV)": "Download the indicators (CSV)",
        "Synthèse graphique": "Chart summary",
        "Chaque carte donne la valeur, l'objectif et le statut écrit en toutes lettres.": (
            "Each card gives the value, the target and the status written in words."
        ),
        "Période précédente": "Previous period",
        "évolution :": "change:",
        "Évolution mensuelle": "Monthly trend",
        "Objectif en pointillés ; un mois sans mesure est laissé vide, jamais compté zéro.": (
            "Target dashed; a month without a measure is left blank, never counted as zero."
        ),
        "Valeurs mensuelles": "Monthly values",
        "Mois": "Month",
        "Enregistrements comptés": "Records counted",
        "Le score composite se détaille par ses composantes : ouvrez chaque indicateur du tableau.": (
            "The composite score is detailed by its components: open each indicator of the table."
        ),
        "enregistrement(s)": "record(s)",
        "Enregistrement": "Record",
        "Comptage": "Counted as",
        "Pages des enregistrements": "Pages of records",
        "Précédents": "Previous",
        "Suivants": "Next",
        "Page": "Page",
        "Aucun enregistrement compté sur la période.": "No record counted over the period.",
        "Période invalide": "Invalid period",
        "La période n'est pas valide.": "The period is not valid.",
        "Revenir à l'année en cours": "Back to the current year",
        "Dans le délai": "On time",
        "En retard": "Late",
        "En retard (retard admis)": "Late (delay acknowledged)",
        "Sans réponse à l'échéance": "Unanswered when due",
        "Réglée avant l'échéance": "Settled before the deadline",
        "Pas encore échue": "Not yet due",
        "Échéance dépassée": "Past due",
        "Arrêté conjointement": "Agreed jointly",
        "Non arrêté conjointement": "Not agreed jointly",
        "Avis favorable": "Favourable opinion",
        "Avis défavorable": "Unfavourable opinion",
        "Avis réputé négatif": "Opinion deemed negative",
        "Clos": "Closed",
    }
)

# branch nego: agrément per establishment (L314-6 CASF), agreement kinds, DUE
EN.update(
    {
        "Agrément par établissement": "Agrément by establishment",
        "Agrément": "Agrément",
        "Entrée en vigueur": "Entry into force",
        "Agrément requis (L314-6 CASF)": "Agrément required (L314-6 CASF)",
        "Non requis : établissement sous CPOM (L313-12 IV ter CASF)": "Not required: establishment under a CPOM "
        "(L313-12 IV ter CASF)",
        "Non requis : pas un ESSMS privé non lucratif (L314-6 CASF)": "Not required: not a private non-profit "
        "social or medico-social establishment (L314-6 CASF)",
        "Accord d'entreprise": "Company agreement",
        "Accord d'établissement": "Establishment agreement",
        "Décision unilatérale de l'employeur (DUE)": "Unilateral decision of the employer",
        "Prendre la décision unilatérale": "Take the unilateral decision",
        "Non valide": "Not valid",
        "En attente de la consultation des salariés": "Awaiting the staff's consultation",
        "En attente du dépôt": "Awaiting deposit",
        "En attente de l'agrément": "Awaiting agrément",
        "Agrément refusé": "Agrément refused",
        "Établissement": "Establishment",
    }
)
# Branch workdays: deadlines not moved (§0.10), L4132-4 inspector informed, rescheduled meetings (L2315-22).
EN.update(
    {
        "Inspection du travail saisie": "Labour inspector informed",
        "Échéance modifiée (réunion reportée)": "Due date changed (meeting rescheduled)",
        "initialement": "initially",
        "dimanche ou férié": "Sunday or holiday",
        "heure locale": "local time",
        "Inspection du travail": "Labour inspectorate",
        "À informer sans délai": "To inform at once",
        "Le désaccord persiste après la réunion : l'employeur saisit immédiatement l'inspecteur du travail "
        "(art. L4132-4).": (
            "The disagreement persists after the meeting: the employer informs the labour inspector at once "
            "(art. L4132-4)."
        ),
        "Inspection du travail informée le": "Labour inspector informed on",
        "art. L4132-4": "art. L4132-4",
        "L'échéance tombe un dimanche : aucun texte ne la reporte.": (
            "The deadline falls on a Sunday: no text extends it."
        ),
    }
)
# Branch lead: a body's regime (L2312-1 to L2312-3, R2314-1, L2315-36).
EN.update(
    {
        "Régime légal": "Legal regime",
        "Attributions": "Remit",
        "Entreprise d'au moins 50 salariés (L2312-8)": "Company of 50 employees or more (L2312-8)",
        "Entreprise de moins de 50 salariés (L2312-5)": "Company of fewer than 50 employees (L2312-5)",
        "effectif retenu": "headcount counted",
        "Sièges et heures de délégation (R2314-1)": "Seats and delegation hours (R2314-1)",
        "titulaires": "full members",
        "h par mois chacun": "h a month each",
        "effectif du périmètre": "headcount of the perimeter",
        "Consultations récurrentes (L2312-2)": "Recurrent consultations (L2312-2)",
        "dues": "owed",
        "pas encore dues": "not owed yet",
        "CSSCT (L2315-36)": "CSSCT (L2315-36)",
        "facultative": "optional",
        "effectif à l'élection": "headcount at the election",
    }
)

#: Convening basis, secretary's disagreement, SSCT notice, statutory urgency (branch convening).
EN.update(
    {
        "Ce n'est pas un délai de convocation des membres : ils sont convoqués 3 jours avant (art. L2315-30).": (
            "This is not a notice period for members: they are convened 3 days before (art. L2315-30)."
        ),
        "Enregistrer l'envoi de la confirmation": "Record that the confirmation was sent",
        "Enregistrer l'envoi": "Record the sending",
        "Exprimer un désaccord sur l'ordre du jour": "Record a disagreement on the agenda",
        "Gardé dans l'historique de la réunion. Les consultations obligatoires restent inscrites de "
        "plein droit (art. L2315-29).": (
            "Kept in the meeting's history. Mandatory consultations stay on the agenda as of right (art. L2315-29)."
        ),
        "Mode d'envoi, références": "How it was sent, references",
        "Vide : aujourd'hui.": "Empty: today.",
        "arrêté par l'employeur": "set by the employer",
        "À l'inspection du travail, au médecin du travail et à la CARSAT, au plus tard le": (
            "To the labour inspectorate, the occupational physician and the CARSAT, at the latest on"
        ),
        "Confirmation écrite de la réunion SSCT (art. L2315-27)": (
            "Written confirmation of the health and safety meeting (art. L2315-27)"
        ),
        "Consultations obligatoires inscrites de plein droit : la convocation reste possible, le "
        "désaccord du secrétaire sera enregistré (art. L2315-29 al. 2).": (
            "Mandatory consultations on the agenda as of right: the meeting can still be convened, the "
            "secretary's disagreement will be recorded (art. L2315-29 para. 2)."
        ),
        "Convocation urgente par la loi : jamais hors délai.": "Urgent by law: never a late convocation.",
        "Enregistrer le désaccord": "Record the disagreement",
        "Envoyée le": "Sent on",
        "Fondement de la convocation": "Basis of the convocation",
        "Historique": "History",
        "Motif du désaccord": "Reason for the disagreement",
        "Reste à confirmer à :": "Still to confirm to:",
        "Urgence légale : la réunion est convoquée sans délai de prévenance.": (
            "Statutory urgency: the meeting is convened without notice period."
        ),
        "envoyée le": "sent on",
        "Votre désaccord sur l'ordre du jour est enregistré dans l'historique de la réunion.": (
            "Your disagreement on the agenda is recorded in the meeting's history."
        ),
        "L'envoi de la confirmation écrite de la réunion SSCT est enregistré.": (
            "The sending of the written confirmation of the health and safety meeting is recorded."
        ),
        "Ordre du jour arrêté conjointement par le président et le secrétaire": (
            "Agenda agreed jointly by the president and the secretary"
        ),
        "Convoquée par l'employeur seul : pas d'ordre du jour conjoint sous 50 salariés (art. L2315-21)": (
            "Convened by the employer alone: no joint agenda below 50 employees (art. L2315-21)"
        ),
        "Convoquée par l'employeur seul : l'instance n'a pas encore de secrétaire": (
            "Convened by the employer alone: the body has no secretary yet"
        ),
        "Convoquée par le président : pas d'ordre du jour conjoint pour cette instance": (
            "Convened by the president: no joint agenda for this body"
        ),
        "Consultations obligatoires inscrites de plein droit (art. L2315-29 al. 2) : désaccord du "
        "secrétaire enregistré": (
            "Mandatory consultations on the agenda as of right (art. L2315-29 para. 2): secretary's "
            "disagreement recorded"
        ),
        "Urgence légale (L4132-3)": "Statutory urgency (L4132-3)",
        "Urgence légale (L2315-27 al. 2)": "Statutory urgency (L2315-27 para. 2)",
        "à envoyer": "to send",
        "envoyée": "sent",
        "envoyée hors délai": "sent late",
        "Inspection du travail": "Labour inspectorate",
        "Médecin du travail": "Occupational physician",
        "CARSAT": "CARSAT",
        "Réunion programmée": "Meeting scheduled",
        "Réunion modifiée": "Meeting edited",
        "Réunion reportée": "Meeting postponed",
        "Lieu modifié": "Place changed",
        "Convocation envoyée": "Convocation sent",
        "Réunion ouverte": "Meeting opened",
        "Réunion close": "Meeting closed",
        "Réunion annulée": "Meeting cancelled",
        "Désaccord du secrétaire sur l'ordre du jour": "Secretary's disagreement on the agenda",
        "Désaccord du secrétaire enregistré": "Secretary's disagreement recorded",
        "Confirmation SSCT envoyée (art. L2315-27)": "Health and safety confirmation sent (art. L2315-27)",
    }
)
# branch votes: the délégation's own votes (L2315-32), the suppléant of L2314-37, presence per item.
EN.update(
    {
        "Vote de la délégation du personnel : le président ne prend pas part au vote": (
            "Vote of the staff delegation: the chair does not take part"
        ),
        "art. L2315-32": "art. L2315-32",
        "Nature de la délibération": "Kind of resolution",
        "— celle du point —": "— the item's —",
        "Expert, action en justice, subvention de fonctionnement, commissions, alertes : les élus votent sans le président (art. L2315-32).": (  # noqa: E501
            "Expert, court action, operating grant, commissions, alerts: the elected members vote without the chair "
            "(art. L2315-32)."
        ),
        "Organisation interne ou autre délibération (le président vote)": (
            "Internal organisation or other resolution (the chair votes)"
        ),
        "Adoption du procès-verbal": "Adoption of the minutes",
        "Désignation d'un expert (délégation du personnel)": "Appointing an expert (staff delegation)",
        "Mandat pour agir en justice (délégation du personnel)": "Mandate to act in court (staff delegation)",
        "Utilisation de la subvention de fonctionnement (délégation du personnel)": (
            "Use of the operating grant (staff delegation)"
        ),
        "Désignation des membres d'une commission (délégation du personnel)": (
            "Choosing a commission's members (staff delegation)"
        ),
        "Droit d'alerte (délégation du personnel)": "Alert (staff delegation)",
        "Activités sociales et culturelles (délégation du personnel)": (
            "Social and cultural activities (staff delegation)"
        ),
        "Avis du comité (délégation du personnel)": "Committee's opinion (staff delegation)",
        "Arrivé(e) avant le point n°": "Arrived before item no.",
        "Parti(e) après le point n°": "Left after item no.",
        "arrivé(e) avant le point n°": "arrived before item no.",
        "parti(e) après le point n°": "left after item no.",
        "Raison, si ce n'est pas le suppléant proposé (L2314-37)": "Reason, if not the proposed substitute (L2314-37)",
        "Suppléant proposé (L2314-37) :": "Proposed substitute (L2314-37):",
        "le candidat non élu suivant de la liste (hors application)": (
            "the next unelected candidate of the list (outside the app)"
        ),
        "à défaut :": "failing that:",
        "raison :": "reason:",
        "voix": "votes",
        "ouvriers et employés": "workers and employees",
        "techniciens et agents de maîtrise": "technicians and supervisors",
        "cadres": "managers",
        "rattaché à titre indicatif à": "linked, as a hint only, to",
        "le remplaçant suit l'ordre de l'art. L2314-37": "the replacement follows the order of art. L2314-37",
    }
)
# branch consult: consultations — final deemed opinion (L2312-16), none below 50 (R2312-6), CSSCT (L2315-38),
# expertise challenged in court (L2315-86)
EN.update(
    {
        "Délai suspendu (L2315-86)": "Delay suspended (L2315-86)",
        "Avis réputé négatif — définitif (L2312-16)": "Opinion deemed negative — final (L2312-16)",
        "Pas d'avis réputé rendu en dessous de 50 salariés (R2312-6)": (
            "No deemed opinion below 50 employees (R2312-6)"
        ),
        "Délai suspendu jusqu'au jugement": "Delay suspended until the judgment",
        "Expertise contestée en justice le": "Expertise challenged in court on",
        "jugement notifié le": "judgment notified on",
        "jugement attendu": "judgment pending",
        "Enregistrer la contestation": "Record the challenge",
        "Jugement notifié le": "Judgment notified on",
        "Enregistrer le jugement": "Record the judgment",
        "Délai suspendu : expertise contestée en justice, jusqu'au jugement (L2315-86)": (
            "Delay suspended: expertise challenged in court, until the judgment (L2315-86)"
        ),
        "La contestation de l'expertise est enregistrée : le délai est suspendu jusqu'au jugement.": (
            "The challenge of the expertise is recorded: the delay is suspended until the judgment."
        ),
        "Le jugement est enregistré : le délai reprend pour les jours qui restaient.": (
            "The judgment is recorded: the delay resumes for the days that were left."
        ),
    }
)
# branch baro: barometer anonymity against its organiser (issue 13)
EN.update(
    {
        "Sans groupe et dans un ordre aléatoire : ni l'auteur ni le moment ne s'y lisent.": "Without any group "
        "and in a random order: neither the author nor the moment can be read from them.",
        "Codes créés après l'ouverture :": "Codes created after opening:",
        "Un groupe dont la plupart des réponses viennent de ces codes est masqué.": "A group whose answers came "
        "mostly through these codes is withheld.",
        "Codes tardifs": "Late codes",
        "créé(s) après l'ouverture": "created after opening",
        "code(s) créé(s) après l'ouverture": "code(s) created after opening",
        "au moins": "at least",
        "moins de": "fewer than",
        "Pendant la collecte, la participation avance par paliers du seuil d'anonymat.": "During collection, "
        "participation moves in steps of the anonymity threshold.",
    }
)
# branch confid: the body's history of member changes (who, when, what).
EN.update(
    {
        "Historique": "History",
        "Historique des membres": "Members' history",
        "Historique des membres (ajouts, rôles, mandats, retraits)": (
            "Members' history (additions, roles, mandates, removals)"
        ),
        "Chaque ajout, changement de rôle ou de mandat et retrait d'un membre, avec son auteur et sa date. Le président et le secrétaire en sont avertis par courriel.": (  # noqa: E501
            "Every addition, change of role or mandate and removal of a member, with who made it and when. The "
            "chair and the secretary are told by e-mail."
        ),
        "Changement": "Change",
        "Pages": "Pages",
        "Plus récents": "Newer",
        "Plus anciens": "Older",
        "Aucun changement de membre enregistré.": "No member change recorded.",
    }
)
# branch auth: sign-in throttle and sessions (issue 13)
EN.update(
    {
        "Trop de tentatives de connexion échouées.": "Too many failed sign-in attempts.",
        "Réessayez dans {seconds} s.": "Try again in {seconds} s.",
    }
)
# Branch chain: adopted minutes re-checked when served; registers' keyed chain (issue 13).
EN.update(
    {
        "Intégrité non vérifiée": "Integrity not verified",
        "revérifiée à l'instant": "checked again just now",
        "Le texte servi ne correspond plus à l'empreinte SHA-256 enregistrée à l'adoption : il a été modifié.": (
            "The text served no longer matches the SHA-256 recorded at adoption: it was changed."
        ),
        (
            "L'empreinte SHA-256 enregistrée n'est pas scellée par la clé du service : texte et empreinte ont pu "
            "être réécrits ensemble."
        ): "The SHA-256 recorded is not sealed by the service's key: text and digest may have been rewritten together.",
        "Un enregistrement a été supprimé, inséré ou déplacé.": "A record was deleted, inserted or moved.",
        (
            "Le contenu, l'auteur ou le rattachement d'un enregistrement a été modifié, ou la chaîne recalculée "
            "sans la clé."
        ): "A record's content, author or link was changed, or the chain was recomputed without the key.",
        "Une réponse a été rattachée à une autre entrée.": "An answer was moved to another entry.",
        "Un enregistrement au format ancien (SHA-256 simple) figure hors de la partie scellée.": (
            "A record in the old format (plain SHA-256) lies outside the sealed part."
        ),
        "Les derniers enregistrements ont été supprimés (le scellé de tête ne correspond plus).": (
            "The last records were deleted (the head seal no longer matches)."
        ),
        "Clé de chaînage (empreinte publique) :": "Chain key (public fingerprint):",
    }
)

# branch bdese: the BDESE pages (templates/pages/bdese, bdese/pages.py labels)
EN.update(
    {
        "Ajouter une information": "Add an item",
        "BDESE": "BDESE (economic, social and environmental database)",
        "L'information reste un brouillon jusqu'à sa publication, qui la notifie aux lecteurs (art. R2312-5).": (
            "The item stays a draft until it is published, which notifies the readers (art. R2312-5)."
        ),
        "Rubrique et sous-rubrique": "Section and sub-section",
        "Année": "Year",
        "Années": "Years",
        "N-2 à N : données réelles ; N+1 à N+3 : perspectives (art. R2312-10).": (
            "N-2 to N: actual figures; N+1 to N+3: forecasts (art. R2312-10)."
        ),
        "Chiffres": "Figures",
        "Un chiffre par ligne : « libellé : valeur ».": "One figure per line: “label: value”.",
        "Document": "Document",
        "Sans objet (rubriques 6 et 9)": "Not applicable (sections 6 and 9)",
        "Avec une date de fin et une justification objective (art. R2312-13).": (
            "With an end date and an objective justification (art. R2312-13)."
        ),
        "Confidentiel jusqu'au": "Confidential until",
        "Justification de la confidentialité": "Reason for confidentiality",
        "Enregistrer le brouillon": "Save the draft",
        "Sans objet": "Not applicable",
        "Complétude au regard de la liste légale": "Completeness against the legal list",
        "Sous-rubrique": "Sub-section",
        "Renseignée": "Filled in",
        "Manquante": "Missing",
        "publiée le": "published on",
        "brouillon": "draft",
        "Publier et notifier les lecteurs": "Publish and notify the readers",
        "Exporter l'année (zip)": "Export the year (zip)",
        "Données réelles": "Actual figures",
        "Perspectives": "Forecasts",
        "Intitulé": "Title",
        "Texte": "Text",
    }
)
