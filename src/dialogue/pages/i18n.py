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

ROLE_LABELS = {
    "president": "Président",
    "secretary": "Secrétaire",
    "deputy_secretary": "Secrétaire adjoint",
    "treasurer": "Trésorier",
    "titular": "Titulaire",
    "substitute": "Suppléant",
    "union_representative": "Représentant syndical",
    "guest": "Invité",
}

COLLEGE_LABELS = {"gouvernance": "Gouvernance", "direction": "Direction", "elus": "Élus"}


def translate(text: str, lang: Lang) -> str:
    return EN.get(text, text) if lang == "en" else text


def body_kind_label(kind: str, lang: Lang) -> str:
    fr, en = BODY_KINDS.get(kind, (kind, kind))
    return en if lang == "en" else fr


def pick_lang(value: str | None) -> Lang:
    return "en" if value == "en" else "fr"
