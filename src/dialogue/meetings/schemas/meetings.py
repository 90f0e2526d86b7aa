"""API shapes of a meeting: create, edit, convene, cancel, read, history, convocations, SSCT notice, external
invitees."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AliasChoices,
    AwareDatetime,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from dialogue.core.schemas import InputModel, Name, ReadModel, ShortText
from dialogue.meetings.rules import ConveningBasis, MinutesDeadlineCase, SsctNoticeStatus, Urgency
from dialogue.meetings.schemas.fields import Location, Reason, TimezoneName, Url


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


class MeetingReschedule(InputModel):
    """Move a meeting to another date, place or visio link, always with a reason: the members convened are told
    why (L2315-30 delay checked again; the ICS SEQUENCE goes up)."""

    starts_at: AwareDatetime
    ends_at: AwareDatetime
    location: Location | None = None
    visio_url: Url | None = None
    reason: Reason = Field(description="Motif du report, transmis aux personnes convoquées")
    acknowledge_late: bool = False
    late_reason: ShortText | None = None

    _check_end = field_validator("ends_at")(_after_start)

    def as_update(self) -> MeetingUpdate:
        """The edit it is: the place or link left out stays as it was; given as null, it is removed."""
        return MeetingUpdate.model_validate(self.model_dump(exclude_unset=True) | {"reason": self.reason})


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
