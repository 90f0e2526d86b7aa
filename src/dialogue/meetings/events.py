"""Domain events of the meetings module (emitted inside the service transaction, carrying ids only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dialogue.core.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class AboutMeeting(DomainEvent):
    """The ids every event of this module carries; no subscriber listens here (see `MeetingEvent`)."""

    meeting_id: int
    body_id: int


@dataclass(frozen=True, kw_only=True)
class MeetingEvent(AboutMeeting):
    """Base of every change to a meeting; calendar feeds subscribe here to re-render the event."""

    sequence: int


@dataclass(frozen=True, kw_only=True)
class MeetingScheduled(MeetingEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class MeetingUpdated(MeetingEvent):
    """Title, kind or other details changed (not time or place)."""


@dataclass(frozen=True, kw_only=True)
class MeetingRescheduled(MeetingEvent):
    previous_starts_at: datetime
    previous_location: str | None
    starts_at: datetime
    location: str | None
    was_convened: bool
    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class MeetingConvened(MeetingEvent):
    """Convocations to send: rows of `convocation` with this meeting and sequence (notifications)."""

    convocation_ids: tuple[int, ...]
    late: bool


@dataclass(frozen=True, kw_only=True)
class MeetingCancelled(MeetingEvent):
    reason: str
    was_convened: bool


@dataclass(frozen=True, kw_only=True)
class MeetingHeld(MeetingEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class MeetingClosed(MeetingEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class AgendaAgreed(AboutMeeting):
    version: int


@dataclass(frozen=True, kw_only=True)
class VoteRecorded(AboutMeeting):
    agenda_item_id: int
    vote_id: int
    adopted: bool


@dataclass(frozen=True, kw_only=True)
class MinutesEvent(AboutMeeting):
    minutes_id: int


@dataclass(frozen=True, kw_only=True)
class MinutesSubmitted(MinutesEvent):
    """Sent to the employer (D2315-26) and made readable by the members."""


@dataclass(frozen=True, kw_only=True)
class MinutesAdopted(MinutesEvent):
    sha256: str
    adoption_vote_id: int


@dataclass(frozen=True, kw_only=True)
class MinutesPublished(MinutesEvent):
    """Displayed or circulated by the secretary (L2315-35)."""

    sha256: str


@dataclass(frozen=True, kw_only=True)
class ActionCreated(DomainEvent):
    action_id: int
    body_id: int
    meeting_id: int | None
