"""Domain events of the QVT approach.

No event is ever emitted for a barometer answer: an event carries a time and would be a trace of who
answered when.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from dialogue.core.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class BarometerInvitation:
    """One emailed invitation: the address and its personal single-use link (never stored by this module)."""

    email: str
    url: str
    establishment: str | None
    department: str | None


@dataclass(frozen=True, kw_only=True)
class BarometerInvitationsCreated(DomainEvent):
    """Links were generated; the notifications module emails `invitations` (the printed ones are not listed).

    The link codes exist only in this event and in the creator's download: a subscriber that stores them
    (the outbox) should drop them once the email is sent.
    """

    barometer_id: int
    barometer_title: str
    year: int
    closes_at: datetime | None
    created: int
    printed: int
    invitations: tuple[BarometerInvitation, ...] = field(default_factory=tuple)


@dataclass(frozen=True, kw_only=True)
class BarometerOpened(DomainEvent):
    barometer_id: int
    title: str
    closes_at: datetime | None


@dataclass(frozen=True, kw_only=True)
class BarometerClosed(DomainEvent):
    barometer_id: int
    title: str
    body_id: int
    respondents: int | None
    """None under the anonymity threshold (zero included)."""
    invited: int


@dataclass(frozen=True, kw_only=True)
class ActionProposalCreated(DomainEvent):
    action_id: int
    body_id: int
    title: str


@dataclass(frozen=True, kw_only=True)
class ActionProposalStatusChanged(DomainEvent):
    action_id: int
    body_id: int
    title: str
    previous_status: str
    status: str
    owner_user_id: int | None


@dataclass(frozen=True, kw_only=True)
class DiscussionSessionRecorded(DomainEvent):
    session_id: int
    body_id: int
    format: str
    participants_count: int
