"""Deferred fan-out: an event whose e-mails go to many people is stored as ONE `notification_event` row in the
business transaction; the worker later renders one mail per recipient and enqueues them.

Why: a register submission holds the register's lock for its whole transaction (numbering and the hash chain
are serialised). Rendering a mail per member of the direction there kept every other writer waiting; now the
lock covers the entry, its audit row and this one row (issue 15).

Exactly once: the event row and the business change commit together; the worker renders an event and marks
it done in one transaction, and the outbox's dedupe keys make a second rendering (two workers, a crash
between commit and acknowledgement) enqueue nothing new.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import types
import typing
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from dialogue.core.clock import utcnow
from dialogue.core.db import get_engine, insert_many_query, is_sqlite, transaction
from dialogue.core.events import DomainEvent
from dialogue.notifications.rules import MAX_ATTEMPTS, next_attempt_at
from dialogue.notifications.tables import NotificationEvent

log = logging.getLogger("dialogue.notifications.fanout")

E = TypeVar("E", bound=DomainEvent)
Renderer = Callable[[Any], Awaitable[None]]
#: Deferred event kind -> (its class, the handler the worker runs), installed by `dialogue.bootstrap`.
_handlers: dict[str, tuple[type[DomainEvent], Renderer]] = {}


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not serialisable in an event: {type(value).__name__}")


def encode(event: DomainEvent) -> str:
    """The event's fields as JSON (dates and datetimes in ISO 8601)."""
    return json.dumps(dataclasses.asdict(event), default=_jsonable, ensure_ascii=False, sort_keys=True)


def _temporal(hint: Any) -> type[date] | None:
    """datetime or date when the field's type is one of them (optional or not), else None."""
    options = typing.get_args(hint) if isinstance(hint, types.UnionType) or typing.get_origin(hint) else (hint,)
    for option in options:
        if option is datetime:
            return datetime
        if option is date:
            return date
    return None


def decode(event_type: type[E], payload: str) -> E:
    """The event `encode` stored, with its dates and datetimes restored."""
    raw: dict[str, Any] = json.loads(payload)
    hints = typing.get_type_hints(event_type)
    values: dict[str, Any] = {}
    for item in dataclasses.fields(event_type):
        value = raw.get(item.name)
        kind = _temporal(hints[item.name])
        if isinstance(value, str) and kind is datetime:
            value = datetime.fromisoformat(value)
        elif isinstance(value, str) and kind is date:
            value = date.fromisoformat(value)
        values[item.name] = value
    return event_type(**values)


def replace_deferred(table: Mapping[type[DomainEvent], Renderer]) -> None:
    """Install the composition root's deferred events: the worker runs each one's handler on the stored
    rows. `dialogue.bootstrap` also subscribes `store` to these event types, so the row is written."""
    _handlers.clear()
    _handlers.update({event_type.__name__: (event_type, handler) for event_type, handler in table.items()})


def _row(event: DomainEvent, now: datetime) -> dict[str, Any]:
    return {
        "organization": event.organization_id,
        "kind": type(event).__name__,
        "payload": encode(event),
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "last_error": None,
        "created_at": now,
        "processed_at": None,
    }


async def store(event: DomainEvent) -> None:
    """Write the event's row in the caller's transaction (the one that made the change)."""
    await store_many((event,))


async def store_many(events: Sequence[DomainEvent]) -> None:
    """`store` for several events (entries committed together), in one statement."""
    now = utcnow()
    query = insert_many_query(NotificationEvent, [_row(event, now) for event in events], returning=None)
    await get_engine().run_querystring(query)


@dataclass
class FanOutSummary:
    done: int = 0
    retried: int = 0
    dead: int = 0


async def _claim(now: datetime) -> dict[str, Any] | None:
    query = (
        NotificationEvent.select(
            NotificationEvent.id, NotificationEvent.kind, NotificationEvent.payload, NotificationEvent.attempts
        )
        .where((NotificationEvent.status == "pending") & (NotificationEvent.next_attempt_at <= now))
        .order_by(NotificationEvent.id)
        .limit(1)
    )
    if not is_sqlite():
        query = query.lock_rows("UPDATE", skip_locked=True)
    rows = await query
    return rows[0] if rows else None


class RenderingFailed(Exception):
    """An event's rendering raised: its transaction rolled back, the failure is recorded on `row_id`."""

    def __init__(self, row_id: int, cause: Exception) -> None:
        super().__init__(f"{type(cause).__name__}: {cause}")
        self.row_id = row_id


async def _fan_out_one(now: datetime) -> dict[str, Any] | None:
    """Render and enqueue the oldest due event, and mark it done, in one transaction; None when none is due."""
    async with transaction():
        row = await _claim(now)
        if row is None:
            return None
        try:
            known = _handlers.get(row["kind"])
            if known is None:
                raise LookupError(f"aucun rendu pour l'événement {row['kind']}")
            event_type, handler = known
            await handler(decode(event_type, row["payload"]))
        except Exception as exc:
            raise RenderingFailed(int(row["id"]), exc) from exc
        await NotificationEvent.update(
            {
                NotificationEvent.status: "done",
                NotificationEvent.processed_at: utcnow(),
                NotificationEvent.last_error: None,
            }
        ).where(NotificationEvent.id == row["id"])
        return row


async def _failed(row_id: int, *, now: datetime, error: str) -> bool:
    """Record a failed rendering; True when the event is given up (dead) after MAX_ATTEMPTS."""
    async with transaction():
        current = (
            await NotificationEvent.select(NotificationEvent.attempts).where(NotificationEvent.id == row_id).first()
        )
        attempts = (current["attempts"] if current else 0) + 1
        dead = attempts >= MAX_ATTEMPTS
        await NotificationEvent.update(
            {
                NotificationEvent.attempts: attempts,
                NotificationEvent.status: "dead" if dead else "pending",
                NotificationEvent.next_attempt_at: next_attempt_at(now=now, attempts=attempts, jitter=0.0),
                NotificationEvent.last_error: error[:4000],
            }
        ).where(NotificationEvent.id == row_id)
    return dead


async def fan_out_pending(*, clock: Callable[[], datetime] = utcnow) -> FanOutSummary:
    """Render every due event into the outbox (the worker runs this before sending)."""
    summary = FanOutSummary()
    while True:
        now = clock()
        try:
            row = await _fan_out_one(now)
        except RenderingFailed as exc:
            log.exception("notification event %s: rendering failed", exc.row_id)
            if await _failed(exc.row_id, now=now, error=str(exc)):
                summary.dead += 1
            else:
                summary.retried += 1
            continue
        if row is None:
            return summary
        summary.done += 1
