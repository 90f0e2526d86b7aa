"""The register list reads folded into fewer queries (issue 15) read exactly what the separate queries read,
on registers built by the factories."""

from __future__ import annotations

from typing import Any

import pytest

from dialogue.bodies.access import body_access
from dialogue.registers import repository as repo
from dialogue.registers import service as registers_service
from dialogue.registers.repository import tail
from dialogue.registers.rules import RegisterKind
from dialogue.registers.schemas import ResponseCreate
from dialogue.registers.tables import Register, RegisterEntry, RegisterResponse
from tests.factories import BodyWorld, make_body, make_entry, make_organization, make_register
from tests.helpers.keys import TEST_CHAIN_KEY


@pytest.fixture
async def cse(db: Any) -> BodyWorld:
    """A CSE with a questions register of three entries, the first two answered by the president."""
    world = await make_body(await make_organization(), titulaires=1)
    assert world.president is not None
    register = await make_register(world, kind=RegisterKind.QUESTIONS)
    for number in range(3):
        entry = await make_entry(world, register)
        if number < 2:
            await registers_service.post_response(
                actor=world.president.actor,
                entry_id=entry.id,
                data=ResponseCreate(body="Réponse motivée."),
                chain_key=TEST_CHAIN_KEY,
            )
    await make_register(world, kind=RegisterKind.DGI)
    return world


async def test_register_with_access_reads_the_register_the_access_and_the_calendar(cse: BodyWorld) -> None:
    assert cse.secretary is not None
    actor = cse.secretary.actor
    elsewhere = await make_register(await make_body(await make_organization(), titulaires=0))
    ours = [r["id"] for r in await Register.select(Register.id).where(Register.body == cse.id)]
    registers = await Register.select().where(Register.id.is_in([*ours, elsewhere.id])).order_by(Register.id)
    assert len(registers) == 3
    for register in registers:
        found = await repo.register_with_access(user_id=actor.user_id, register_id=register["id"])
        if register["organization"] != actor.organization_id:
            assert found is None
            continue
        assert found is not None
        row, access_row, calendar = found
        assert row == await repo.get_register(register["id"])
        access = await body_access(actor=actor, body_id=register["body"])
        assert access_row["id"] == access.body_id
        assert calendar == await repo.holiday_calendar(register["body"])
    assert await repo.register_with_access(user_id=actor.user_id, register_id=10**9) is None


async def _add_addendum(register_id: int, corrects: int) -> int:
    existing = await RegisterEntry.select().where(RegisterEntry.register == register_id).first()
    assert existing is not None
    head, last_number = await tail(register_id)
    assert head is not None
    copy = {k: v for k, v in existing.items() if k != "id"}
    copy.update({"number": last_number + 1, "seq": head.seq + 1, "corrects": corrects})
    await RegisterEntry.insert(RegisterEntry(**copy))
    return last_number + 1


@pytest.mark.parametrize(("limit", "offset"), [(50, 0), (2, 0), (2, 1), (3, 100)])
async def test_entries_page_reads_the_rows_and_their_addenda_in_one_query(
    cse: BodyWorld, limit: int, offset: int
) -> None:
    register = await Register.select().where((Register.kind == "questions") & (Register.body == cse.id)).first()
    assert register is not None
    rid = register["id"]
    first = await _add_addendum(rid, corrects=1)
    second = await _add_addendum(rid, corrects=1)
    third = await _add_addendum(rid, corrects=2)
    rows, corrections, total = await repo.entries_page(register_id=rid, limit=limit, offset=offset)
    expected = (await repo.all_entries(rid))[offset : offset + limit]
    assert rows == expected
    assert total == await RegisterEntry.count().where(RegisterEntry.register == rid)
    wanted = await repo.corrections_for(register_id=rid, numbers=[r["number"] for r in expected])
    assert dict(corrections) == dict(wanted)
    if offset == 0:
        assert corrections[1] == [first, second]
        assert corrections[2] == [third]


async def test_responses_for_reads_what_the_orm_reads(cse: BodyWorld) -> None:
    expected = (
        await RegisterResponse.select(*RegisterResponse.all_columns(), RegisterResponse.author.full_name)
        .where(RegisterResponse.entry.register.body == cse.id)
        .order_by(RegisterResponse.seq)
    )
    assert len(expected) == 2
    entries = sorted({row["entry"] for row in expected})
    grouped = await repo.responses_for(entries)
    assert sorted(grouped) == entries
    for entry_id in entries:
        assert grouped[entry_id] == [row for row in expected if row["entry"] == entry_id]
