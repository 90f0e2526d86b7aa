"""Body events, emitted inside the writing transaction (the notification outbox listens)."""

from __future__ import annotations

from dataclasses import dataclass

from dialogue.core.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class MemberChanged(DomainEvent):
    """A seat of the body changed (added, updated, removed) by an organisation admin: the president and the
    secretary of that body are told, so that nobody changes a body's composition unseen."""

    body_id: int
    member_id: int
    member_name: str
    member_user_id: int
    #: The seat's role before the change (None for an addition): a president or secretary who loses the seat
    #: is told too.
    previous_role: str | None
    action: str
    lines: tuple[str, ...]
    audit_id: int
