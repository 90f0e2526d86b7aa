"""The QVT approach: steering committee priorities, working groups, discussion spaces, action plan, barometer.

Anonymity of the barometer is structural: `BarometerResponse`, `BarometerAnswer` and `BarometerComment`
carry no link, no user, no address and no time — only the campaign (the barometer) and the respondent's
group. A response's key is random (UUID), so not even an insertion counter is shared with the links. On
SQLite these tables have no rowid (WITHOUT ROWID: rows are stored in the order of their random keys); on
both engines closing a campaign deletes and reinserts its answers in a random order, so the storage order
(PostgreSQL's ctid) no longer follows arrival.
"""

from piccolo.columns import (
    JSON,
    UUID,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from dialogue.auth.tables import User
from dialogue.bodies.tables import Body
from dialogue.organizations.tables import Establishment, Organization


class QvtPriority(Table, tablename="qvt_priority"):
    """A stake (enjeu) or priority recorded by the QVT steering committee."""

    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    body = ForeignKey(Body, on_delete=OnDelete.cascade, index=True, null=False, help_text="Comité de pilotage QVT")
    kind = Varchar(length=20, help_text="stake (enjeu repéré) ou priority (priorité retenue)")
    title = Varchar(length=200)
    description = Text(default="")
    rank = Integer(null=True, default=None, help_text="Ordre de priorité (1 = la plus haute)")
    identified_on = Date(help_text="Date à laquelle le comité a retenu l'enjeu ou la priorité")
    review_on = Date(null=True, default=None, help_text="Date de revue ou échéance fixée par le comité")
    status = Varchar(length=20, default="active", help_text="active ou closed")
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()


class QvtWorkingGroup(Table, tablename="qvt_working_group"):
    """A working group of an establishment or department, led by a facilitator (often the head of service)."""

    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    body = ForeignKey(Body, on_delete=OnDelete.cascade, index=True, null=False, help_text="Comité de pilotage QVT")
    name = Varchar(length=200)
    establishment = ForeignKey(Establishment, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    department = Varchar(length=120, null=True, default=None, help_text="Service ou unité, le cas échéant")
    facilitator = ForeignKey(User, on_delete=OnDelete.restrict, null=False, index=True, help_text="Animateur")
    mission = Text(default="")
    created_at = Timestamptz()


class QvtWorkingGroupMember(Table, tablename="qvt_working_group_member"):
    id = Serial(primary_key=True)
    working_group = ForeignKey(QvtWorkingGroup, on_delete=OnDelete.cascade, index=True, null=False)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True, null=False)


class QvtWorkingGroupPriority(Table, tablename="qvt_working_group_priority"):
    id = Serial(primary_key=True)
    working_group = ForeignKey(QvtWorkingGroup, on_delete=OnDelete.cascade, index=True, null=False)
    priority = ForeignKey(QvtPriority, on_delete=OnDelete.cascade, index=True, null=False)


class QvtWorkingGroupMeeting(Table, tablename="qvt_working_group_meeting"):
    """A meeting of a working group; `meeting_id` will point to the meetings module's meeting."""

    id = Serial(primary_key=True)
    working_group = ForeignKey(QvtWorkingGroup, on_delete=OnDelete.cascade, index=True, null=False)
    title = Varchar(length=200)
    held_on = Date()
    meeting_id = Integer(null=True, default=None, help_text="Réunion du module réunions, quand elle y est gérée")
    notes = Text(default="")
    created_at = Timestamptz()


class QvtDiscussionSession(Table, tablename="qvt_discussion_session"):
    """A session of a discussion space on work (espace de discussion sur le travail)."""

    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    body = ForeignKey(Body, on_delete=OnDelete.cascade, index=True, null=False, help_text="Comité de pilotage QVT")
    working_group = ForeignKey(QvtWorkingGroup, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    establishment = ForeignKey(Establishment, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    department = Varchar(length=120, null=True, default=None)
    format = Varchar(length=30, help_text="job_shadowing, photo_diagnosis, problem_situation, embedded_evaluation")
    title = Varchar(length=200)
    held_on = Date()
    participants_count = Integer(help_text="Nombre de participants (jamais leurs noms)")
    topics = JSON(default=[], help_text="Sujets abordés (liste de textes)")
    facilitator_name = Varchar(length=200, default="")
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()


class QvtActionProposal(Table, tablename="qvt_action_proposal"):
    """An action proposal on the field's canvas, and its workflow proposed → adopted | rejected → … → evaluated."""

    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    body = ForeignKey(Body, on_delete=OnDelete.cascade, index=True, null=False, help_text="Comité de pilotage QVT")
    title = Varchar(length=200)
    problem = Text(help_text="Le problème à traiter")
    proposal = Text(help_text="L'action proposée")
    success_conditions = Text(help_text="Conditions de réussite dans le contexte")
    calendar = Text(help_text="Calendrier de mise en œuvre")
    milestones = JSON(default=[], help_text="Étapes datées : [{label, due_on, done_on}]")
    evaluation_criteria = Text(help_text="Critères d'évaluation")
    evaluation_method = Text(default="", help_text="Comment les critères sont mesurés")
    target_population = Text(default="", help_text="Public visé (catégories de personnel)")
    complementary_actions = Text(default="", help_text="Actions complémentaires pour les publics non couverts")
    establishment = ForeignKey(Establishment, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    working_group = ForeignKey(QvtWorkingGroup, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    theme = Varchar(length=40, null=True, default=None, help_text="Thème du baromètre dont l'action découle")
    owner = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None, index=True, help_text="Pilote")
    status = Varchar(length=20, default="proposed", index=True)
    changes_working_conditions = Boolean(default=False, help_text="Modifie les conditions de travail (L2312-8)")
    consultation_id = Integer(null=True, default=None, help_text="Consultation du CSE (module consultations)")
    decision_note = Text(default="", help_text="Motif de l'adoption ou du rejet")
    evaluation_summary = Text(default="", help_text="Bilan de l'évaluation")
    evaluation_results = Text(default="", help_text="Résultats mesurés au regard des critères")
    lessons_learned = Text(default="", help_text="Enseignements, pour la fiche de retour d'expérience")
    criteria_met = Boolean(null=True, default=None, help_text="Objectifs atteints selon l'évaluation")
    adopted_on = Date(null=True, default=None)
    started_on = Date(null=True, default=None)
    evaluated_on = Date(null=True, default=None)
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class QvtActionPriority(Table, tablename="qvt_action_priority"):
    id = Serial(primary_key=True)
    action = ForeignKey(QvtActionProposal, on_delete=OnDelete.cascade, index=True, null=False)
    priority = ForeignKey(QvtPriority, on_delete=OnDelete.cascade, index=True, null=False)


class QvtDiscussionOutcome(Table, tablename="qvt_discussion_outcome"):
    """What came out of a discussion session; it can become an action proposal."""

    id = Serial(primary_key=True)
    session = ForeignKey(QvtDiscussionSession, on_delete=OnDelete.cascade, index=True, null=False)
    text = Text()
    action = ForeignKey(QvtActionProposal, on_delete=OnDelete.set_null, null=True, default=None, index=True)


class Barometer(Table, tablename="qvt_barometer"):
    """An annual barometer campaign: draft → open → closed."""

    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    body = ForeignKey(
        Body, on_delete=OnDelete.restrict, index=True, null=False, help_text="Comité de pilotage qui lit les résultats"
    )
    title = Varchar(length=200)
    year = Integer(help_text="Année de la campagne (sert à la comparaison avec l'année précédente)")
    status = Varchar(length=20, default="draft", help_text="draft, open, closed")
    introduction = Text(default="", help_text="Texte d'accueil du questionnaire")
    min_group_size = Integer(default=5, help_text="Seuil d'anonymat des résultats, jamais moins de 5")
    ask_staff_category = Boolean(default=False, help_text="Demander la catégorie professionnelle (facultative)")
    closes_at = Timestamptz(null=True, default=None, help_text="Après cette date, les liens ne sont plus valables")
    opened_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()


class BarometerQuestion(Table, tablename="qvt_barometer_question"):
    id = Serial(primary_key=True)
    barometer = ForeignKey(Barometer, on_delete=OnDelete.cascade, index=True, null=False)
    code = Varchar(length=40)
    theme = Varchar(length=40)
    label = Varchar(length=300)
    position = Integer()


class BarometerGroup(Table, tablename="qvt_barometer_group"):
    """A group of invited employees (an establishment, optionally one of its departments)."""

    id = Serial(primary_key=True)
    barometer = ForeignKey(Barometer, on_delete=OnDelete.cascade, index=True, null=False)
    establishment = ForeignKey(Establishment, on_delete=OnDelete.restrict, null=True, default=None, index=True)
    department = Varchar(length=120, default="", help_text="Service ; vide pour tout l'établissement")
    invited = Integer(default=0, help_text="Nombre de liens générés pour ce groupe")


class BarometerLink(Table, tablename="qvt_barometer_link"):
    """A single-use anonymous link: only the SHA-256 digest of its code, its group, and whether it was used.

    No email, no name, no time of use: nothing here says who received it or when it served.
    """

    id = Serial(primary_key=True)
    barometer = ForeignKey(Barometer, on_delete=OnDelete.cascade, index=True, null=False)
    group = ForeignKey(BarometerGroup, on_delete=OnDelete.cascade, index=True, null=False)
    token_digest = Varchar(length=64, unique=True, help_text="SHA-256 du code (le code n'est jamais stocké)")
    used = Boolean(default=False, help_text="Utilisé ou non ; jamais quand")
    late = Boolean(
        default=False,
        help_text="Créé après l'ouverture : signalé à tout le comité ; un groupe surtout servi par eux est masqué",
    )


class BarometerResponse(Table, tablename="qvt_barometer_response"):
    """One anonymous answer sheet: the campaign and the respondent's group, nothing else."""

    id = UUID(primary_key=True, help_text="Aléatoire : ne révèle pas l'ordre des réponses")
    barometer = ForeignKey(Barometer, on_delete=OnDelete.cascade, index=True, null=False)
    establishment = ForeignKey(Establishment, on_delete=OnDelete.restrict, null=True, default=None)
    department = Varchar(length=120, default="")
    staff_category = Varchar(length=40, null=True, default=None, help_text="Déclarée par le répondant, facultative")


class BarometerAnswer(Table, tablename="qvt_barometer_answer"):
    id = UUID(primary_key=True, help_text="Aléatoire, comme la réponse : aucun compteur d'ordre d'arrivée")
    response = ForeignKey(BarometerResponse, on_delete=OnDelete.cascade, index=True, null=False)
    question = ForeignKey(BarometerQuestion, on_delete=OnDelete.cascade, index=True, null=False)
    value = Integer(help_text="Valeur sur l'échelle de Likert (1 à 5)")


class BarometerComment(Table, tablename="qvt_barometer_comment"):
    """Free text, shown only to the steering committee."""

    id = UUID(primary_key=True)
    response = ForeignKey(BarometerResponse, on_delete=OnDelete.cascade, index=True, null=False)
    theme = Varchar(length=40, help_text="Thème, ou general")
    text = Text()


class QvtAxis(Table, tablename="qvt_axis"):
    """An axis of the steering committee's QVT plan, or a transversal theme that crosses the axes."""

    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    body = ForeignKey(Body, on_delete=OnDelete.cascade, index=True, null=False, help_text="Comité de pilotage QVT")
    kind = Varchar(length=20, help_text="axis (axe du plan) ou transversal (thème transversal)")
    title = Varchar(length=200)
    description = Text(default="")
    position = Integer(default=1, help_text="Ordre d'affichage dans le plan")
    created_at = Timestamptz()


class QvtAxisBinome(Table, tablename="qvt_axis_binome"):
    """One of the two people who coordinate an axis: from the establishments, or from the head office/services."""

    id = Serial(primary_key=True)
    axis = ForeignKey(QvtAxis, on_delete=OnDelete.cascade, index=True, null=False)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True, null=False)
    side = Varchar(length=20, help_text="establishment ou head_office")
    establishment = ForeignKey(Establishment, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    service = Varchar(length=120, default="", help_text="Service du siège, le cas échéant")


class QvtAxisGroup(Table, tablename="qvt_axis_group"):
    """A working group's place in the plan: the group of an axis, or the support group of resource persons."""

    id = Serial(primary_key=True)
    working_group = ForeignKey(QvtWorkingGroup, on_delete=OnDelete.cascade, unique=True, null=False)
    axis = ForeignKey(QvtAxis, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    role = Varchar(length=20, default="axis", help_text="axis (groupe d'un axe) ou support (groupe d'appui)")


class QvtGroupMemberProfile(Table, tablename="qvt_group_member_profile"):
    """What the composition view counts of a group member: sex, establishment (none: head office), job family."""

    id = Serial(primary_key=True)
    working_group = ForeignKey(QvtWorkingGroup, on_delete=OnDelete.cascade, index=True, null=False)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True, null=False)
    sex = Varchar(length=10, null=True, default=None, help_text="woman, man, ou non renseigné")
    establishment = ForeignKey(Establishment, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    job_family = Varchar(length=80, default="", help_text="Famille de métiers (soin, éducatif, administratif…)")


class QvtActionAxis(Table, tablename="qvt_action_axis"):
    """A proposal's axis (role axis, one per proposal) and the transversal themes it touches (role theme)."""

    id = Serial(primary_key=True)
    action = ForeignKey(QvtActionProposal, on_delete=OnDelete.cascade, index=True, null=False)
    axis = ForeignKey(QvtAxis, on_delete=OnDelete.cascade, index=True, null=False)
    role = Varchar(length=10, help_text="axis ou theme")


class QvtActionChecklist(Table, tablename="qvt_action_checklist"):
    """The canvas's three recommendations as the steering committee ticked them when it adopted the proposal."""

    id = Serial(primary_key=True)
    action = ForeignKey(QvtActionProposal, on_delete=OnDelete.cascade, unique=True, null=False)
    concrete = Boolean(default=False, help_text="Concrète, avec des étapes")
    all_staff = Boolean(default=False, help_text="Pour toutes les catégories, ou complétée pour les autres")
    feasible = Boolean(default=False, help_text="Réalisable avec les moyens disponibles")
    checked_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    checked_at = Timestamptz()
