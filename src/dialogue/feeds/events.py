"""Domain events of the calendar feeds."""

from __future__ import annotations

from dataclasses import dataclass

from dialogue.core.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class CalendarFeedIssued(DomainEvent):
    feed_id: int
    user_id: int
    body_id: int | None


@dataclass(frozen=True, kw_only=True)
class CalendarFeedRevoked(DomainEvent):
    feed_id: int
    user_id: int
