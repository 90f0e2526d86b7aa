"""Meetings of a body: agenda, convocation, attendance, votes, minutes and follow-up actions. Tables only."""

from piccolo.columns import JSON, Boolean, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from dialogue.auth.tables import User
from dialogue.bodies.tables import Body, Member
from dialogue.consultations.tables import Consultation


class Meeting(Table, tablename="meeting"):
    id = Serial(primary_key=True)
    body = ForeignKey(Body, on_delete=OnDelete.cascade, index=True, null=False)
    title = Varchar(length=200)
    kind = Varchar(length=20, help_text="ordinary, extraordinary, ssct")
    treats_ssct = Boolean(default=False, help_text="Traite en tout ou partie de SSCT (L2315-27)")
    starts_at = Timestamptz(index=True, help_text="Début, en UTC")
    ends_at = Timestamptz(help_text="Fin, en UTC")
    timezone = Varchar(length=64, default="Europe/Paris", help_text="Fuseau d'affichage (nom IANA)")
    location = Varchar(length=300, null=True, default=None)
    visio_url = Varchar(length=500, null=True, default=None, help_text="Lien de visioconférence (L2315-4)")
    status = Varchar(length=20, default="draft", index=True, help_text="draft, convened, held, closed, cancelled")
    sequence = Integer(default=0, help_text="+1 à chaque changement significatif (heure, lieu, statut)")
    agenda_version = Integer(default=1, help_text="+1 à chaque modification de l'ordre du jour")
    minutes_case = Varchar(length=40, default="general", help_text="Délai du procès-verbal (D2315-26) : general, …")
    cancel_reason = Text(null=True, default=None)
    convened_at = Timestamptz(null=True, default=None)
    convened_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    late_acknowledged = Boolean(default=False, help_text="Convocation tardive assumée (délai légal non respecté)")
    late_reason = Text(null=True, default=None)
    held_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)
    cancelled_at = Timestamptz(null=True, default=None)
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    # convening basis and statutory urgency (branch convening)
    convened_basis = Varchar(
        length=30,
        null=True,
        default=None,
        help_text="Fondement de la convocation : joint_agenda (L2315-29), employer_below_50 (L2315-21), "
        "employer_no_secretary, no_joint_rule, plein_droit (L2315-29 al. 2, désaccord du secrétaire)",
    )
    urgency = Varchar(
        length=30,
        null=True,
        default=None,
        help_text="Urgence légale : dgi_disagreement (L4132-3, 24 h), serious_accident (L2315-27 al. 2) ; "
        "jamais « hors délai »",
    )


class MeetingChange(Table, tablename="meeting_change"):
    """History of significant changes (reschedules, moves, status), kept with the meeting's identity."""

    id = Serial(primary_key=True)
    meeting = ForeignKey(Meeting, on_delete=OnDelete.cascade, index=True, null=False)
    sequence = Integer()
    kind = Varchar(length=30, help_text="created, rescheduled, moved, convened, held, closed, cancelled, edited")
    before = JSON(null=True, default=None)
    after = JSON(null=True, default=None)
    reason = Text(null=True, default=None)
    actor = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    at = Timestamptz()


class AgendaItem(Table, tablename="agenda_item"):
    id = Serial(primary_key=True)
    meeting = ForeignKey(Meeting, on_delete=OnDelete.cascade, index=True, null=False)
    position = Integer(help_text="Rang dans l'ordre du jour (1, 2, 3…)")
    title = Varchar(length=300)
    kind = Varchar(length=20, help_text="information, consultation, vote, question, ssct")
    description = Text(null=True, default=None)
    presenter = Varchar(length=200, null=True, default=None)
    documents = JSON(default="[]", help_text="Pièces jointes : [{title, url}]")
    status = Varchar(length=20, default="accepted", help_text="proposed (par un élu), accepted, declined")
    mandatory = Boolean(default=False, help_text="Consultation obligatoire inscrite de plein droit (L2315-30)")
    legal_basis = Varchar(length=200, null=True, default=None)
    confidential = Boolean(default=False, help_text="Informations confidentielles (L2315-3)")
    resolution_kind = Varchar(length=10, null=True, default=None, help_text="avis, asc, interne (L2315-32)")
    consultation = ForeignKey(Consultation, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    minutes_meeting = ForeignKey(
        Meeting, on_delete=OnDelete.set_null, null=True, default=None, help_text="Réunion dont le PV est à adopter"
    )
    register_entry_id = Integer(null=True, default=None, help_text="Question reprise d'un registre (registers)")
    proposed_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class AgendaApproval(Table, tablename="agenda_approval"):
    """Approval of one agenda version by the president or the secretary (L2315-29)."""

    id = Serial(primary_key=True)
    meeting = ForeignKey(Meeting, on_delete=OnDelete.cascade, index=True, null=False)
    version = Integer()
    role = Varchar(length=20, help_text="president ou secretary")
    user = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    approved_at = Timestamptz()


class ExternalInvitee(Table, tablename="external_invitee"):
    """Persons invited on SSCT matters (L2314-3): médecin du travail, responsable sécurité, inspection, CARSAT."""

    id = Serial(primary_key=True)
    body = ForeignKey(Body, on_delete=OnDelete.cascade, index=True, null=False)
    meeting = ForeignKey(
        Meeting, on_delete=OnDelete.cascade, null=True, default=None, index=True, help_text="Vide = permanent"
    )
    capacity = Varchar(length=30, help_text="medecin_travail, responsable_securite, inspection_travail, carsat, other")
    full_name = Varchar(length=200)
    email = Varchar(length=320, null=True, default=None)
    organization_name = Varchar(length=200, null=True, default=None)
    active = Boolean(default=True)
    created_at = Timestamptz()


class Convocation(Table, tablename="convocation"):
    """Who must be convoked to a meeting (the notifications module sends the e-mails)."""

    id = Serial(primary_key=True)
    meeting = ForeignKey(Meeting, on_delete=OnDelete.cascade, index=True, null=False)
    sequence = Integer(help_text="Séquence de la réunion au moment de la convocation")
    member = ForeignKey(Member, on_delete=OnDelete.set_null, null=True, default=None)
    invitee = ForeignKey(ExternalInvitee, on_delete=OnDelete.set_null, null=True, default=None)
    user = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    full_name = Varchar(length=200)
    email = Varchar(length=320, null=True, default=None)
    capacity = Varchar(length=40, help_text="Qualité : president, titular, substitute, medecin_travail, …")
    reason = Varchar(length=300, help_text="Pourquoi cette personne est convoquée (article)")
    created_at = Timestamptz()
    sent_at = Timestamptz(null=True, default=None, help_text="Envoi effectif (module notifications)")


class Attendance(Table, tablename="attendance"):
    id = Serial(primary_key=True)
    meeting = ForeignKey(Meeting, on_delete=OnDelete.cascade, index=True, null=False)
    member = ForeignKey(Member, on_delete=OnDelete.set_null, null=True, default=None)
    full_name = Varchar(length=200, help_text="Nom au jour de la réunion")
    role = Varchar(length=30, help_text="Rôle dans l'instance au jour de la réunion")
    status = Varchar(length=20, help_text="present, absent, excused, replaced")
    replaces = ForeignKey(
        Member, on_delete=OnDelete.set_null, null=True, default=None, help_text="Titulaire remplacé (L2314-1)"
    )
    replaces_name = Varchar(length=200, null=True, default=None)
    replacement_reason = Text(
        null=True, default=None, help_text="Raison de retenir un autre suppléant que celui de L2314-37"
    )
    arrived_before_item = Integer(
        null=True, default=None, help_text="Arrivé(e) avant le point de ce rang (vide : dès l'ouverture)"
    )
    left_after_item = Integer(null=True, default=None, help_text="Parti(e) après le point de ce rang (vide : à la fin)")
    recorded_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    recorded_at = Timestamptz()


class Vote(Table, tablename="vote"):
    id = Serial(primary_key=True)
    meeting = ForeignKey(Meeting, on_delete=OnDelete.cascade, index=True, null=False)
    agenda_item = ForeignKey(AgendaItem, on_delete=OnDelete.cascade, index=True, null=False)
    question = Text(help_text="Résolution mise aux voix")
    resolution_kind = Varchar(length=10, help_text="avis, asc, interne (L2315-32)")
    secret = Boolean(default=False, help_text="Scrutin secret : seuls les totaux sont conservés")
    voters = Integer(help_text="Membres présents ayant voix délibérative")
    votes_for = Integer()
    votes_against = Integer()
    abstentions = Integer()
    blank = Integer()
    void = Integer(default=0)
    required_majority = Integer()
    adopted = Boolean()
    motion = Varchar(length=20, null=True, default=None, help_text="Avis proposé : positive ou negative")
    opinion_text = Text(null=True, default=None)
    recorded_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    recorded_at = Timestamptz()


class Ballot(Table, tablename="ballot"):
    """Who voted what, for open votes only (never for secret ballots)."""

    id = Serial(primary_key=True)
    vote = ForeignKey(Vote, on_delete=OnDelete.cascade, index=True, null=False)
    member = ForeignKey(Member, on_delete=OnDelete.set_null, null=True, default=None)
    full_name = Varchar(length=200)
    choice = Varchar(length=20, help_text="for, against, abstention, blank")


class Minutes(Table, tablename="minutes"):
    """Procès-verbal of a meeting (L2315-34, D2315-26)."""

    id = Serial(primary_key=True)
    meeting = ForeignKey(Meeting, on_delete=OnDelete.cascade, unique=True, null=False)
    status = Varchar(length=20, default="draft", help_text="draft, submitted, adopted, published")
    text = Text(help_text="Markdown, dernière révision")
    revision = Integer(default=1)
    sha256 = Varchar(length=64, null=True, default=None, help_text="Empreinte du texte adopté")
    sha256_mac = Varchar(
        length=64, null=True, default=None, help_text="HMAC-SHA256 (clé hors base) de l'empreinte adoptée"
    )
    submitted_at = Timestamptz(null=True, default=None, help_text="Transmis à l'employeur (D2315-26)")
    adopted_at = Timestamptz(null=True, default=None)
    adoption_vote = ForeignKey(Vote, on_delete=OnDelete.set_null, null=True, default=None)
    published_at = Timestamptz(null=True, default=None)
    published_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class MinutesRevision(Table, tablename="minutes_revision"):
    id = Serial(primary_key=True)
    minutes = ForeignKey(Minutes, on_delete=OnDelete.cascade, index=True, null=False)
    revision = Integer()
    text = Text()
    sha256 = Varchar(length=64)
    note = Varchar(length=300, null=True, default=None)
    author = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()


class Action(Table, tablename="meeting_action"):
    """Follow-up item decided in a meeting."""

    id = Serial(primary_key=True)
    body = ForeignKey(Body, on_delete=OnDelete.cascade, index=True, null=False)
    meeting = ForeignKey(Meeting, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    agenda_item = ForeignKey(AgendaItem, on_delete=OnDelete.set_null, null=True, default=None)
    title = Varchar(length=300)
    description = Text(null=True, default=None)
    owner_member = ForeignKey(Member, on_delete=OnDelete.set_null, null=True, default=None)
    owner_name = Varchar(length=200)
    due_on = Date(null=True, default=None)
    status = Varchar(length=20, default="open", help_text="open, in_progress, done, cancelled")
    done_on = Date(null=True, default=None)
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class SsctMeetingNotice(Table, tablename="ssct_meeting_notice"):
    """The employer's written confirmation of an SSCT meeting of the annual calendar, at least 15 days before,
    to the labour inspector, the médecin du travail and the CARSAT agent (L2315-27 al. 4). Not a convocation
    delay. (branch convening)"""

    id = Serial(primary_key=True)
    meeting = ForeignKey(Meeting, on_delete=OnDelete.cascade, unique=True, null=False)
    recipients = JSON(default="[]", help_text="Destinataires confirmés : inspection_travail, medecin_travail, carsat")
    due_on = Date(help_text="Dernier jour d'envoi : jour local de la réunion moins 15 jours (L2315-27 al. 4)")
    sent_on = Date(null=True, default=None, help_text="Jour d'envoi de la confirmation écrite")
    sent_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    note = Text(null=True, default=None, help_text="Mode d'envoi, références")
    created_at = Timestamptz()
    updated_at = Timestamptz()
