"""The home page's « Négociations en cours » in one read (issue 15): the same negotiations, in the same order,
as `list_negotiations` per status, for every account of the demo organisation."""

from __future__ import annotations

from typing import Any

from dialogue.auth.tables import User
from dialogue.core.actor import Actor
from dialogue.core.errors import Forbidden
from dialogue.negotiations import service
from dialogue.negotiations.rules import NegotiationStatus

STATUSES = (NegotiationStatus.PLANNED, NegotiationStatus.OPEN, NegotiationStatus.IN_PROGRESS)


async def _expected(actor: Actor, per_status: int) -> list[tuple[Any, ...]] | None:
    found: list[tuple[Any, ...]] = []
    for status in STATUSES:
        try:
            reads, _ = await service.list_negotiations(
                actor=actor, organization_id=actor.organization_id, limit=per_status, offset=0, status=status
            )
        except Forbidden:
            return None
        found += [(n.id, n.title, n.status, n.status_label, n.planned_on) for n in reads]
    return found


async def test_ongoing_lists_what_list_negotiations_lists_per_status(db: Any) -> None:
    users = await User.select(User.id, User.organization).where(User.is_active == True)  # noqa: E712
    readers = 0
    for user in users:
        actor = Actor(user_id=user["id"], organization_id=user["organization"])
        for per_status in (20, 1):
            found = await service.ongoing(actor=actor, statuses=STATUSES, per_status=per_status)
            expected = await _expected(actor, per_status)
            got = None if found is None else [(n.id, n.title, n.status, n.status_label, n.planned_on) for n in found]
            assert got == expected, user
        readers += found is not None and bool(found)
    assert readers >= 2
