"""Domain events of negotiations, for notifications (DS, direction) and indicators."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from dialogue.core.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class ElectionResultsRecorded(DomainEvent):
    election_id: int
    election_date: date
    representative_unions: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, kw_only=True)
class NegotiationEvent(DomainEvent):
    negotiation_id: int
    table_body_id: int
    title: str


@dataclass(frozen=True, kw_only=True)
class NegotiationPlanned(NegotiationEvent):
    topic: str
    planned_on: date | None


@dataclass(frozen=True, kw_only=True)
class NegotiationOpened(NegotiationEvent):
    """The employer engages the negotiation (L2242-1): the delegates are invited."""

    topic: str
    opened_on: date


@dataclass(frozen=True, kw_only=True)
class NegotiationStatusChanged(NegotiationEvent):
    previous: str
    status: str


@dataclass(frozen=True, kw_only=True)
class SessionScheduled(NegotiationEvent):
    session_id: int
    number: int
    starts_at: datetime
    location: str


@dataclass(frozen=True, kw_only=True)
class PositionRecorded(NegotiationEvent):
    position_id: int
    party: str
    kind: str


@dataclass(frozen=True, kw_only=True)
class AgreementSigned(NegotiationEvent):
    """A union signed; the weight and validity are those after its signature (L2232-12)."""

    union: str
    signed_on: date
    signatories_weight_percent: float
    validity: str


@dataclass(frozen=True, kw_only=True)
class ReferendumRequested(NegotiationEvent):
    requested_on: date
    requested_by: str
    consultation_by: date


@dataclass(frozen=True, kw_only=True)
class ReferendumResultRecorded(NegotiationEvent):
    held_on: date
    approved: bool


@dataclass(frozen=True, kw_only=True)
class DisagreementRecorded(NegotiationEvent):
    """PV de désaccord (L2242-5)."""

    recorded_on: date


@dataclass(frozen=True, kw_only=True)
class AgreementDeposited(NegotiationEvent):
    deposited_on: date


@dataclass(frozen=True, kw_only=True)
class AgrementDecided(NegotiationEvent):
    """Ministerial agrément (L314-6 CASF) granted or refused."""

    decision: str
    decided_on: date


@dataclass(frozen=True, kw_only=True)
class NaoRequestEvent(DomainEvent):
    """Something happened to a union's request for a NAO block (L2242-13)."""

    request_id: int


@dataclass(frozen=True, kw_only=True)
class NaoRequested(NaoRequestEvent):
    """A representative union requires a NAO block (L2242-13): forward in 8 days, convene in 15."""

    block: str
    union: str
    forward_by: date
    convene_by: date


@dataclass(frozen=True, kw_only=True)
class NaoRequestForwarded(NaoRequestEvent):
    forwarded_on: date


@dataclass(frozen=True, kw_only=True)
class NaoPartiesConvened(NaoRequestEvent):
    convened_on: date
    negotiation_id: int | None
