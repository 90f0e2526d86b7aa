"""Domain events reach subscribers of their class and of their bases, once each."""

from __future__ import annotations

from dataclasses import dataclass

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
