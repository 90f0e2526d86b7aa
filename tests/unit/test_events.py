"""Domain events reach subscribers of their class and of their bases, once each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pytest

from dialogue.core import events


@dataclass(frozen=True, kw_only=True)
class Parent(events.DomainEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class Child(Parent):
    detail: str


async def test_emit_reaches_class_and_base_subscribers() -> None:
    seen: list[str] = []

    async def on_parent(event: Parent) -> None:
        seen.append(f"parent:{type(event).__name__}")

    async def on_child(event: Child) -> None:
        seen.append(f"child:{event.detail}")

    events.subscribe(Parent, on_parent)
    events.subscribe(Parent, on_parent)
    events.subscribe(Child, on_child)
    try:
        await events.emit(Child(organization_id=1, detail="x"))
        await events.emit(Parent(organization_id=1))
    finally:
        events._subscribers.pop(Parent, None)
        events._subscribers.pop(Child, None)
    assert seen == ["child:x", "parent:Child", "parent:Parent"]


async def test_emit_all_calls_a_batch_variant_once_and_the_other_handlers_per_event() -> None:
    """A register's group commit emits its entries' events together: the outbox's `store` has a batch variant
    (one statement for them all), the other subscribers run once per event."""
    seen: list[str] = []

    async def one(event: Child) -> None:
        seen.append(f"one:{event.detail}")

    async def each(event: Child) -> None:
        seen.append(f"each:{event.detail}")

    async def many(batch: Sequence[Child]) -> None:
        seen.append("many:" + ",".join(event.detail for event in batch))

    saved, saved_batched = dict(events._subscribers), dict(events._batched)
    events.replace_subscribers({Child: (one, each), Parent: (one,)}, batched={one: many})
    try:
        await events.emit_all([Child(organization_id=1, detail="a"), Child(organization_id=1, detail="b")])
        with pytest.raises(TypeError):
            await events.emit_all([Child(organization_id=1, detail="c"), Parent(organization_id=1)])
        await events.emit_all([])
    finally:
        events.replace_subscribers(saved, batched=saved_batched)
    # Child's handlers, then its base's (the batch variant stands for `one` wherever it is subscribed).
    assert seen == ["many:a,b", "each:a", "each:b", "many:a,b"]
