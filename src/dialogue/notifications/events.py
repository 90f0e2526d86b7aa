"""Domain events of the notification side."""

from __future__ import annotations

from dataclasses import dataclass, field

from dialogue.core.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class NotificationPreferencesChanged(DomainEvent):
    """A user (or their one-click unsubscribe link) turned optional categories on or off."""

    user_id: int
    changes: dict[str, bool] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class OutboxMessageRetried(DomainEvent):
    """An organisation admin sent a failed message again."""

    outbox_id: int
    previous_status: str
