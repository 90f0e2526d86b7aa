"""API shapes for meetings, agenda, convocations, attendance, votes, minutes, actions and the yearly calendar."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any, Literal
from zoneinfo import available_timezones

from pydantic import (
    AfterValidator,
    AliasChoices,
    AwareDatetime,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from dialogue.consultations.schemas import Opinion
from dialogue.core.schemas import InputModel, LongText, Name, ReadModel, ShortText
from dialogue.meetings.rules import ConveningBasis, MinutesDeadlineCase, ResolutionKind, SsctNoticeStatus, Urgency


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _check_timezone(value: str) -> str:
    if value not in _zones():
        raise ValueError(f"fuseau horaire inconnu : {value!r} (nom IANA attendu, ex. Europe/Paris)")
    return value


TimezoneName = Annotated[str, StringConstraints(min_length=1, max_length=64), AfterValidator(_check_timezone)]
Url = Annotated[str, StringConstraints(max_length=500, pattern=r"^https?://[^\s]+$")]
Location = Annotated[str, StringConstraints(max_length=300)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=300)]
Reason = Annotated[str, StringConstraints(min_length=3, max_length=2000)]


class MeetingKind(StrEnum):
    ordinary = "ordinary"
    extraordinary = "extraordinary"
    ssct = "ssct"


class MeetingStatus(StrEnum):
    draft = "draft"
    convened = "convened"
    held = "held"
    closed = "closed"
    cancelled = "cancelled"


def _after_start(value: datetime | None, info: ValidationInfo) -> datetime | None:
    start = info.data.get("starts_at")
    if value is not None and start is not None and value <= start:
        raise ValueError("la fin doit être postérieure au début")
    return value


#: The minutes' deadline case was called `pv_case` before issue 14: still accepted on input.
MINUTES_CASE_ALIASES = AliasChoices("minutes_case", "pv_case")


class MeetingCreate(InputModel):
    title: Name
    kind: MeetingKind = MeetingKind.ordinary
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    timezone: TimezoneName | None = Field(default=None, description="Nom IANA ; défaut DIALOGUE_TIMEZONE")
    location: Location | None = None
    visio_url: Url | None = None
    treats_ssct: bool = Field(default=False, description="Réunion ordinaire traitant aussi de SSCT (L2315-27)")
    minutes_case: MinutesDeadlineCase = Field(
        default=MinutesDeadlineCase.GENERAL,
        validation_alias=MINUTES_CASE_ALIASES,
        description="Délai du procès-verbal (D2315-26) ; `pv_case`, son ancien nom, est encore accepté",
    )
    urgency: Urgency | None = Field(
        default=None,
        description="Urgence légale d'une réunion extraordinaire : dgi_disagreement (L4132-3, 24 h) ou "
        "serious_accident (L2315-27 al. 2) ; sa convocation n'est jamais hors délai",
    )

    _check_end = field_validator("ends_at")(_after_start)

    @model_validator(mode="after")
    def _urgent_only_extraordinary(self) -> MeetingCreate:
        if self.urgency is not None and self.kind is not MeetingKind.extraordinary:
            raise ValueError("urgency : réservée aux réunions extraordinaires (kind = extraordinary)")
        return self


class MeetingUpdate(InputModel):
    """Edit or reschedule; a convened meeting moved to a date too close needs `acknowledge_late`."""

    title: Name | None = None
    kind: MeetingKind | None = None
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    timezone: TimezoneName | None = None
    location: Location | None = None
    visio_url: Url | None = None
    treats_ssct: bool | None = None
    minutes_case: MinutesDeadlineCase | None = Field(default=None, validation_alias=MINUTES_CASE_ALIASES)
    reason: ShortText | None = Field(default=None, description="Motif du report ou du changement")
    acknowledge_late: bool = False
    late_reason: ShortText | None = None

    _check_end = field_validator("ends_at")(_after_start)


class ConveneRequest(InputModel):
    acknowledge_late: bool = Field(default=False, description="Convoquer malgré un délai légal non respecté")
    late_reason: ShortText | None = Field(default=None, description="Motif, obligatoire avec acknowledge_late")


class CancelRequest(InputModel):
    reason: Reason


# --- Convening basis, secretary's disagreement, SSCT notice, urgency (branch convening) ---------------------------


class AgendaDisagreement(InputModel):
    reason: Reason = Field(description="Motif du désaccord du secrétaire sur l'ordre du jour (L2315-29)")


class SsctNoticeRecipient(StrEnum):
    inspection_travail = "inspection_travail"
    medecin_travail = "medecin_travail"
    carsat = "carsat"


class SsctNoticeCreate(InputModel):
    """The written confirmation of an SSCT meeting of the calendar was sent (L2315-27 al. 4)."""

    sent_on: date | None = Field(default=None, description="Jour d'envoi ; défaut : aujourd'hui")
    recipients: Annotated[list[SsctNoticeRecipient], Field(min_length=1, max_length=3)] = Field(
        default_factory=lambda: list(SsctNoticeRecipient),
        description="Destinataires ; défaut : inspection du travail, médecin du travail et CARSAT",
    )
    note: ShortText | None = Field(default=None, description="Mode d'envoi, références")


class SsctNoticeRead(ReadModel):
    meeting_id: int
    article: str = "L2315-27 al. 4"
    due_on: date = Field(description="Dernier jour d'envoi : 15 jours avant le jour de la réunion")
    status: SsctNoticeStatus
    sent_on: date | None
    sent_by: int | None
    recipients: list[SsctNoticeRecipient]
    missing_recipients: list[SsctNoticeRecipient]
    note: str | None


class ConveningRead(ReadModel):
    """How the agenda may go out with the convocation now, or went out (L2315-29, L2316-17, L2315-21)."""

    joint_required: bool = Field(description="Ordre du jour arrêté conjointement par le président et le secrétaire")
    basis: ConveningBasis | None = Field(description="Fondement ; vide tant que la convocation est impossible")
    article: str
    needs_joint: list[str] = Field(description="Points qui ne peuvent partir sans l'accord du secrétaire")


class MinutesSummary(ReadModel):
    status: str | None
    due_on: date | None
    overdue: bool
    sha256: str | None


class MeetingRead(ReadModel):
    id: int
    body_id: int
    title: str
    kind: MeetingKind
    treats_ssct: bool
    starts_at: datetime = Field(description="Heure locale du fuseau de la réunion, avec décalage")
    ends_at: datetime
    timezone: str
    location: str | None
    visio_url: str | None
    status: MeetingStatus
    sequence: int
    agenda_version: int
    agenda_agreed: bool
    minutes_case: MinutesDeadlineCase
    cancel_reason: str | None
    convened_at: datetime | None
    late_acknowledged: bool
    late_reason: str | None
    held_at: datetime | None
    closed_at: datetime | None
    cancelled_at: datetime | None
    minutes: MinutesSummary
    created_at: datetime
    updated_at: datetime
    convened_basis: ConveningBasis | None = Field(default=None, description="Fondement de la convocation envoyée")
    urgency: Urgency | None = Field(default=None, description="Urgence légale (L4132-3, L2315-27 al. 2)")
    urgency_article: str | None = None
    ssct_notice: SsctNoticeRead | None = Field(
        default=None, description="Confirmation écrite 15 jours avant (L2315-27 al. 4), pour les réunions SSCT"
    )


class MeetingChangeRead(ReadModel):
    sequence: int
    kind: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str | None
    actor_id: int | None
    at: datetime


class ConvocationRead(ReadModel):
    id: int
    sequence: int
    member_id: int | None
    invitee_id: int | None
    user_id: int | None
    full_name: str
    email: str | None
    capacity: str
    reason: str
    created_at: datetime
    sent_at: datetime | None


# --- Agenda ---------------------------------------------------------------------------------------------------


class AgendaItemKind(StrEnum):
    information = "information"
    consultation = "consultation"
    vote = "vote"
    question = "question"
    ssct = "ssct"


class AgendaItemStatus(StrEnum):
    proposed = "proposed"
    accepted = "accepted"
    declined = "declined"


class Document(InputModel):
    title: Name
    url: Url


class DocumentRead(ReadModel):
    title: str
    url: str


class AgendaItemCreate(InputModel):
    title: Title
    kind: AgendaItemKind
    description: LongText | None = None
    presenter: Annotated[str, StringConstraints(max_length=200)] | None = None
    documents: Annotated[list[Document], Field(max_length=30)] = []
    confidential: bool = Field(default=False, description="Informations présentées comme confidentielles (L2315-3)")
    mandatory: bool = Field(
        default=False, description="Consultation obligatoire inscrite de plein droit par l'un ou l'autre (L2315-30)"
    )
    legal_basis: Annotated[str, StringConstraints(max_length=200)] | None = None
    resolution_kind: ResolutionKind | None = Field(
        default=None, description="avis (le président ne vote pas), asc, interne — L2315-32"
    )
    consultation_id: int | None = None
    minutes_of_meeting_id: int | None = Field(default=None, description="Adoption du PV de cette réunion")
    register_entry_id: int | None = Field(default=None, description="Question reprise d'un registre")
    position: Annotated[int, Field(ge=1, le=500)] | None = None


class EntryQuestion(InputModel):
    entry_id: int = Field(description="Entrée d'un registre de l'instance à inscrire comme question")


class AgendaItemUpdate(InputModel):
    title: Title | None = None
    kind: AgendaItemKind | None = None
    description: LongText | None = None
    presenter: Annotated[str, StringConstraints(max_length=200)] | None = None
    documents: Annotated[list[Document], Field(max_length=30)] | None = None
    confidential: bool | None = None
    legal_basis: Annotated[str, StringConstraints(max_length=200)] | None = None
    resolution_kind: ResolutionKind | None = None
    consultation_id: int | None = None
    minutes_of_meeting_id: int | None = None


class AgendaItemRead(ReadModel):
    id: int
    meeting_id: int
    position: int
    title: str
    kind: AgendaItemKind
    description: str | None
    presenter: str | None
    documents: list[DocumentRead]
    status: AgendaItemStatus
    mandatory: bool
    legal_basis: str | None
    confidential: bool
    resolution_kind: ResolutionKind | None
    consultation_id: int | None
    minutes_of_meeting_id: int | None
    register_entry_id: int | None
    proposed_by: int | None
    created_at: datetime
    updated_at: datetime


class AgendaPosition(InputModel):
    id: int
    position: Annotated[int, Field(ge=1, le=500)]


class AgendaOrder(InputModel):
    items: Annotated[list[AgendaPosition], Field(min_length=1, max_length=500)]


class ApprovalRead(ReadModel):
    role: str
    user_id: int | None
    version: int
    current: bool
    approved_at: datetime


class AgendaRead(ReadModel):
    meeting_id: int
    version: int
    agreed: bool = Field(description="Approuvé par le président et le secrétaire dans sa version actuelle (L2315-29)")
    approvals: list[ApprovalRead]
    items: list[AgendaItemRead]
    proposals: list[AgendaItemRead] = Field(description="Points proposés par des élus, en attente")
    convening: ConveningRead | None = None


# --- External invitees -------------------------------------------------------------------------------------------


class InviteeCapacity(StrEnum):
    medecin_travail = "medecin_travail"
    responsable_securite = "responsable_securite"
    inspection_travail = "inspection_travail"
    carsat = "carsat"
    other = "other"


class InviteeCreate(InputModel):
    capacity: InviteeCapacity
    full_name: Name
    email: Annotated[str, StringConstraints(max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None
    organization_name: Annotated[str, StringConstraints(max_length=200)] | None = None


class InviteeRead(ReadModel):
    id: int
    body_id: int
    meeting_id: int | None
    capacity: InviteeCapacity
    full_name: str
    email: str | None
    organization_name: str | None
    active: bool


# --- Attendance and votes ------------------------------------------------------------------------------------------


class AttendanceStatus(StrEnum):
    present = "present"
    absent = "absent"
    excused = "excused"
    replaced = "replaced"


ItemRank = Annotated[int, Field(ge=1, le=500)]


class AttendanceEntry(InputModel):
    member_id: int
    status: AttendanceStatus
    replaces_member_id: int | None = Field(default=None, description="Pour un suppléant : le titulaire remplacé")
    replacement_reason: Annotated[str, StringConstraints(min_length=3, max_length=1000)] | None = Field(
        default=None, description="Raison de retenir un autre suppléant que celui que désigne L2314-37"
    )
    arrived_before_item: ItemRank | None = Field(
        default=None, description="Arrivé(e) avant le point de ce rang (vide : présent(e) dès l'ouverture)"
    )
    left_after_item: ItemRank | None = Field(
        default=None, description="Parti(e) après le point de ce rang (vide : jusqu'à la fin)"
    )

    @model_validator(mode="after")
    def _presence_span(self) -> AttendanceEntry:
        """Presence is per item (DOMAIN.md §0.11): arriving before item N and leaving after item M needs N <= M."""
        if (
            self.arrived_before_item is not None
            and self.left_after_item is not None
            and self.left_after_item < self.arrived_before_item
        ):
            raise ValueError("left_after_item is before arrived_before_item")
        return self


class AttendanceUpdate(InputModel):
    entries: Annotated[list[AttendanceEntry], Field(min_length=1, max_length=300)]


class AttendanceRead(ReadModel):
    member_id: int | None
    full_name: str
    role: str
    status: AttendanceStatus
    replaces_member_id: int | None
    replaces_name: str | None
    replacement_reason: str | None = Field(description="Raison d'un remplaçant autre que celui de L2314-37")
    arrived_before_item: int | None
    left_after_item: int | None
    votes_on_opinions: bool
    votes_on_resolutions: bool
    recorded_at: datetime


class ReplacementProposalRead(ReadModel):
    """The suppléant L2314-37 calls for an absent titulaire, among the suppléants present (or not yet noted)."""

    titulaire_id: int
    titulaire_name: str
    step: str
    member_id: int | None
    name: str | None
    equally_ranked: list[int]
    article: str
    fallback_member_id: int | None = None
    fallback_name: str | None = None


class AttendanceSheet(ReadModel):
    meeting_id: int
    entries: list[AttendanceRead]
    present: int
    voters_on_opinions: int = Field(description="Titulaires présents et suppléants remplaçants (L2315-32)")
    voters_on_resolutions: int = Field(description="Les mêmes, plus le président")
    not_recorded: list[int] = Field(description="Membres convoqués dont la présence n'est pas encore notée")
    proposals: list[ReplacementProposalRead] = Field(
        default=[], description="Suppléant appelé par L2314-37 pour chaque titulaire absent"
    )


class BallotChoice(StrEnum):
    for_ = "for"
    against = "against"
    abstention = "abstention"
    blank = "blank"


class BallotIn(InputModel):
    member_id: int
    choice: BallotChoice


class BallotRead(ReadModel):
    member_id: int | None
    full_name: str
    choice: BallotChoice


Count = Annotated[int, Field(ge=0, le=1000)]


class VoteCreate(InputModel):
    """An open vote gives `ballots` (who voted what) or the counts; a secret ballot gives counts only."""

    question: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    resolution_kind: ResolutionKind | None = None
    secret: bool = False
    ballots: Annotated[list[BallotIn], Field(max_length=300)] | None = None
    votes_for: Count | None = None
    votes_against: Count | None = None
    abstentions: Count | None = None
    blank: Count | None = None
    void: Count | None = None
    motion: Opinion | None = Field(
        default=None, description="Sur une consultation : l'avis mis aux voix (positive ou negative)"
    )
    opinion_text: LongText | None = Field(default=None, description="Avis motivé")

    @field_validator("ballots")
    @classmethod
    def _no_secret_ballots(cls, value: list[BallotIn] | None, info: ValidationInfo) -> list[BallotIn] | None:
        if value is not None and info.data.get("secret"):
            raise ValueError("un scrutin secret n'enregistre que les totaux, jamais qui a voté quoi")
        return value


class VoteRead(ReadModel):
    id: int
    meeting_id: int
    agenda_item_id: int
    question: str
    resolution_kind: ResolutionKind
    president_votes: bool = Field(description="Faux : vote de la délégation du personnel, sans le président (L2315-32)")
    secret: bool
    voters: int
    votes_for: int
    votes_against: int
    abstentions: int
    blank: int
    void: int
    not_cast: int
    counted_against: int
    required_majority: int
    adopted: bool
    motion: Opinion | None
    opinion_text: str | None
    ballots: list[BallotRead]
    recorded_at: datetime


# --- Minutes ------------------------------------------------------------------------------------------------------


class MinutesStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"
    adopted = "adopted"
    published = "published"


class MinutesCreate(InputModel):
    text: LongText | None = Field(default=None, description="Vide : pré-rempli (présences, ordre du jour, votes)")


class MinutesUpdate(InputModel):
    text: Annotated[str, StringConstraints(min_length=1, max_length=100_000)]
    base_revision: int | None = Field(default=None, description="Révision modifiée ; 409 si une autre l'a remplacée")
    note: Annotated[str, StringConstraints(max_length=300)] | None = None


class MinutesRead(ReadModel):
    id: int
    meeting_id: int
    status: MinutesStatus
    text: str
    revision: int
    sha256: str | None = Field(description="Empreinte SHA-256 du texte adopté (figé)")
    integrity: Literal["intact", "mismatch"] | None = Field(
        default=None,
        description="Procès-verbal adopté : revérifié à chaque lecture (SHA-256 du texte et scellé HMAC) ; "
        "null tant qu'il n'est pas adopté",
    )
    integrity_detail: str | None = Field(default=None, description="Ce qui ne correspond plus, en cas de mismatch")
    due_on: date | None = Field(description="Date limite de transmission à l'employeur (D2315-26)")
    due_basis: str | None
    overdue: bool
    submitted_at: datetime | None
    adopted_at: datetime | None
    adoption_vote_id: int | None
    adopted_in_meeting_id: int | None
    published_at: datetime | None
    created_at: datetime
    updated_at: datetime


class MinutesRevisionRead(ReadModel):
    revision: int
    sha256: str
    note: str | None
    author_id: int | None
    created_at: datetime
    text: str


# --- Actions ------------------------------------------------------------------------------------------------------


class MeetingActionStatus(StrEnum):
    open = "open"
    in_progress = "in_progress"
    done = "done"
    cancelled = "cancelled"


class ActionCreate(InputModel):
    title: Title
    description: LongText | None = None
    owner_member_id: int | None = None
    owner_name: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None
    due_on: date | None = None
    meeting_id: int | None = None
    agenda_item_id: int | None = None


class ActionUpdate(InputModel):
    title: Title | None = None
    description: LongText | None = None
    owner_member_id: int | None = None
    owner_name: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None
    due_on: date | None = None
    status: MeetingActionStatus | None = None


class ActionRead(ReadModel):
    id: int
    body_id: int
    meeting_id: int | None
    agenda_item_id: int | None
    title: str
    description: str | None
    owner_member_id: int | None
    owner_name: str
    due_on: date | None
    status: MeetingActionStatus
    overdue: bool
    done_on: date | None
    created_at: datetime
    updated_at: datetime


# --- Yearly calendar -------------------------------------------------------------------------------------------


class CalendarPlanRequest(InputModel):
    weekday: Annotated[int, Field(ge=0, le=4)] = Field(default=1, description="0 = lundi … 4 = vendredi")
    occurrence: Annotated[int, Field(ge=1, le=5)] = Field(default=2, description="2 = le 2e jour de ce type")
    at: time = Field(default=time(14, 0), description="Heure locale de début")
    duration_minutes: Annotated[int, Field(ge=15, le=720)] = 180
    location: Location | None = None
    timezone: TimezoneName | None = None
    ssct_count: Annotated[int, Field(ge=0, le=12)] | None = None

    @field_validator("at")
    @classmethod
    def _naive_time(cls, value: time) -> time:
        if value.tzinfo is not None:
            raise ValueError("heure locale sans décalage attendue (le fuseau est donné à part)")
        return value


class PlannedSlot(ReadModel):
    starts_at: datetime
    treats_ssct: bool
    exists: bool


class CalendarGapRead(ReadModel):
    ok: bool
    missing_ordinary: int
    missing_ssct: int
    messages: list[str]


class CalendarRead(ReadModel):
    body_id: int
    year: int
    basis: str
    required_ordinary: int
    required_ssct: int
    planned_ordinary: int
    planned_ssct: int
    gap: CalendarGapRead
    proposal: list[PlannedSlot]
    meetings: list[MeetingRead]
    created: list[int] = Field(default=[], description="Réunions créées par cette requête")
