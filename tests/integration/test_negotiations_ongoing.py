"""The home page's « Négociations en cours » in one read (issue 15): the same negotiations, in the same order,
as `list_negotiations` per status, for every account of an organisation built by the factories (and of another)."""

from __future__ import annotations

from datetime import date
from typing import Any

from dialogue.auth.tables import User
from dialogue.core.actor import Actor
from dialogue.core.errors import Forbidden
from dialogue.negotiations import service
from dialogue.negotiations.rules import NegotiationStatus
from dialogue.negotiations.schemas import Topic
from tests.factories import make_body, make_negotiation, make_negotiation_table, make_organization

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


async def _organization_negotiating() -> int:
    """A table (director, CGT and CFDT delegates), two planned and two open negotiations, an élu of a CSE."""
    org = await make_organization(headcount=320)
    table = await make_negotiation_table(org, delegates=("CGT", "CFDT"))
    await make_negotiation(table, planned_on=date(2031, 1, 15))
    await make_negotiation(table, topic=Topic.egalite_qvct, planned_on=date(2031, 3, 1))
    await make_negotiation(table, opened_on=date(2024, 1, 10))
    await make_negotiation(table, topic=Topic.gepp, opened_on=date(2024, 2, 1))
    await make_body(org, titulaires=1)
    return org.id


async def test_ongoing_lists_what_list_negotiations_lists_per_status(db: Any) -> None:
    organizations = [await _organization_negotiating(), await _organization_negotiating()]
    users = await User.select(User.id, User.organization).where(User.organization.is_in(organizations))
    readers = 0
    for user in users:
        actor = Actor(user_id=user["id"], organization_id=user["organization"])
        for per_status in (20, 1):
            found = await service.ongoing(actor=actor, statuses=STATUSES, per_status=per_status)
            expected = await _expected(actor, per_status)
            got = None if found is None else [(n.id, n.title, n.status, n.status_label, n.planned_on) for n in found]
            assert got == expected, user
        readers += found is not None and bool(found)
    assert readers >= 4  # at each table, the director and the two delegates read them
