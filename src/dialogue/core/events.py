"""Domain events: a service emits them inside its transaction; subscribers (the notification
outbox, indicators caches…) react in that same transaction, so a rollback undoes both.

Modules define their own event classes (e.g. `meetings/events.py`) as frozen dataclasses
deriving from DomainEvent; a module that emits events does not know who listens.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

E = TypeVar("E", bound="DomainEvent")


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    organization_id: int
    actor_user_id: int | None = None


Handler = Callable[[Any], Awaitable[None]]
#: A handler's variant for several events of one type at once (one statement instead of one each).
BatchHandler = Callable[[Sequence[Any]], Awaitable[None]]
_subscribers: dict[type[DomainEvent], list[Handler]] = defaultdict(list)
_batched: dict[Handler, BatchHandler] = {}


def subscribe(event_type: type[E], handler: Callable[[E], Awaitable[None]]) -> None:
    """Add `handler` for `event_type` (and its subclasses), e.g. a test's listener; twice is a no-op.
    The application's subscribers are declared in `dialogue.bootstrap`, not here."""
    if handler not in _subscribers[event_type]:
        _subscribers[event_type].append(handler)


async def emit(event: DomainEvent) -> None:
    """Call every subscriber of the event's class and its bases, in the caller's transaction."""
    for cls in type(event).__mro__:
        if isinstance(cls, type) and issubclass(cls, DomainEvent):
            for handler in list(_subscribers.get(cls, ())):
                await handler(event)


async def emit_all(events: Sequence[DomainEvent]) -> None:
    """`emit` for several events of one type written together (a register's group commit): a handler with a
    batch variant (`replace_subscribers(batched=…)`) is called once with them all, the others once per event,
    each handler in turn over the events in their order."""
    if not events:
        return
    kind = type(events[0])
    if any(type(event) is not kind for event in events):
        raise TypeError("emit_all: the events are of one type")
    for cls in kind.__mro__:
        if isinstance(cls, type) and issubclass(cls, DomainEvent):
            for handler in list(_subscribers.get(cls, ())):
                many = _batched.get(handler)
                if many is not None:
                    await many(events)
                    continue
                for event in events:
                    await handler(event)


def replace_subscribers(
    table: Mapping[type[DomainEvent], Sequence[Handler]], *, batched: Mapping[Handler, BatchHandler] | None = None
) -> None:
    """Install the composition root's table (`dialogue.bootstrap`) in place of whatever was subscribed:
    building the wiring twice (tests build several apps) never subscribes a handler twice. `batched` gives
    handlers a variant `emit_all` calls once for several events."""
    _subscribers.clear()
    for event_type, handlers in table.items():
        _subscribers[event_type].extend(handlers)
    _batched.clear()
    _batched.update(batched or {})


def clear_subscribers() -> None:
    """For tests that need an isolated registry."""
    _subscribers.clear()
