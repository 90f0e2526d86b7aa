"""Group commit (issue 15): submissions waiting for the same register are written by one transaction.

The register is held busy by the test (SQLite: the engine's writer lock; PostgreSQL: the register's row lock
taken on a connection of the test's own), so that the waiting line forms whatever the machine's speed; the
tests then check what the group wrote: numbers in arrival order without gap, a valid chain, one audit row per
entry carrying its own request's id and author, one notification event per entry, and the statements sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest

from dialogue.audit.tables import AuditEvent
from dialogue.core.actor import Actor
from dialogue.core.clock import utcnow
from dialogue.core.db import QUERIES, get_engine, is_sqlite
from dialogue.core.errors import InvalidInput
from dialogue.notifications.tables import NotificationEvent
from dialogue.registers import repository as repo
from dialogue.registers.ledger import prepare_entry
from dialogue.registers.schemas import EntryCreate
from dialogue.registers.service import group_commit
from dialogue.registers.views import local_date
from tests.api.register_helpers import Cse, build_cse
from tests.helpers.keys import TEST_CHAIN_KEY


@contextlib.asynccontextmanager
async def _register_held(register_id: int, database_url: str) -> AsyncIterator[None]:
    """Keep the register's writers waiting until the block ends (what another writer's long transaction does)."""
    engine = get_engine()
    if is_sqlite(engine):
        async with engine.write_lock:
            yield
        return
    connection = await asyncpg.connect(database_url)
    try:
        async with connection.transaction():
            await connection.execute("SELECT id FROM register WHERE id = $1 FOR UPDATE", register_id)
            yield
    finally:
        await connection.close()


async def _until(condition: Any) -> None:
    """Let the event loop run until `condition()` holds (each request moves a step per turn)."""
    for _ in range(20_000):
        if condition():
            return
        await asyncio.sleep(0.001)
    raise AssertionError("the submissions never reached the register's line")


@pytest.mark.committed
async def test_submissions_waiting_for_a_register_are_numbered_in_arrival_order_by_one_transaction(
    committed_client: Any, settings: Any
) -> None:
    client = committed_client
    cse = await build_cse(secret=settings.secret_key.get_secret_value())
    rid = cse.registers["dialogue"]
    writers = ("elu", "other_elu", "secretary")
    count = 12

    async def one(i: int) -> Any:
        headers = {**cse.auth(writers[i % 3]), "X-Request-ID": f"groupe-{i:02d}"}
        body = {"subject": f"Demande {i}", "body": f"Planning de l'équipe de nuit, demande n° {i}."}
        return await client.post(f"/api/v1/registers/{rid}/entries", headers=headers, json=body)

    def line() -> tuple[list[str | None], list[str | None]]:
        found = group_commit._lines.get(rid)
        if found is None:
            return [], []
        return [item.request_id for item in found.writing], [item.request_id for item in found.waiting]

    async with _register_held(rid, settings.database_url):
        before = QUERIES.count
        tasks = [asyncio.create_task(one(i)) for i in range(count)]
        # The first group's transaction waits for the register (it took the submissions already there when it
        # began, however many); every later one waits in the line, for the next transaction.
        await _until(lambda: sum(map(len, line())) == count)
        first_group, waiting = line()
    responses = await asyncio.gather(*tasks)
    statements = QUERIES.count - before

    assert [r.status_code for r in responses] == [201] * count, [r.text for r in responses if r.status_code != 201]
    by_request = {r.headers["x-request-id"]: r.json() for r in responses}
    arrival = [str(request) for request in (*first_group, *waiting)]
    assert sorted(arrival) == sorted(by_request)
    assert [by_request[request]["number"] for request in arrival] == list(range(1, count + 1))
    # Twelve reads (the register with the writer's access), then one transaction a group, of five statements:
    # the lock (PostgreSQL) or the head seal (SQLite), the tail, the entries, their audit rows, their events.
    groups = 1 + (1 if waiting else 0)
    assert statements == count + groups * 5
    assert rid not in group_commit._lines  # the line is gone with its last waiter

    verify = (await client.get(f"/api/v1/registers/{rid}/verify", headers=cse.auth("secretary"))).json()
    assert (verify["valid"], verify["entries"], verify["first_broken"]) == (True, count, None)

    ids = {str(entry["id"]): request for request, entry in by_request.items()}
    audit = await AuditEvent.select(
        AuditEvent.entity_id, AuditEvent.request_id, AuditEvent.actor, AuditEvent.action, AuditEvent.after
    ).where((AuditEvent.entity == "register_entry") & AuditEvent.entity_id.is_in(sorted(ids)))
    assert sorted(row["request_id"] for row in audit) == sorted(by_request)
    for row in audit:
        entry = by_request[row["request_id"]]
        assert ids[row["entity_id"]] == row["request_id"]
        assert row["action"] == "submit"
        assert row["actor"] == entry["author_id"]
        after = row["after"] if isinstance(row["after"], dict) else json.loads(row["after"])
        assert (after["number"], after["hash"]) == (entry["number"], entry["hash"])

    events = await NotificationEvent.select(NotificationEvent.payload).where(
        (NotificationEvent.kind == "EntrySubmitted") & (NotificationEvent.organization == cse.world.org.id)
    )
    payloads = sorted((json.loads(row["payload"]) for row in events), key=lambda p: p["number"])
    assert [(p["number"], p["entry_id"]) for p in payloads] == sorted(
        (entry["number"], entry["id"]) for entry in by_request.values()
    )
    assert [p["head_number"] for p in payloads] == list(range(1, count + 1))


@pytest.fixture
async def cse(db: Any, settings: Any) -> Cse:
    return await build_cse(secret=settings.secret_key.get_secret_value())


async def _submission(cse: Cse, *, meeting_on: str, prepared_at: datetime) -> group_commit.Submission:
    """A question for the meeting of `meeting_on`, validated at `prepared_at` by an élu of the CSE."""
    register = await repo.get_register(cse.registers["questions"])
    assert register is not None
    calendar = await repo.holiday_calendar(register["body"])
    elu = cse.people["elu"]
    data = EntryCreate(subject="Planning", fields={"question": "Qui remplace en juillet ?", "meeting_on": meeting_on})
    new = await prepare_entry(register=register, data=data, submitted_at=prepared_at, calendar=calendar)
    return group_commit.Submission(
        register=register,
        actor=Actor(user_id=elu.id, organization_id=register["organization"]),
        author_id=elu.id,
        author_name="Élu du groupe",
        data=data,
        new=replace(new),
        calendar=calendar,
        prepared_on=local_date(prepared_at),
        body_id=register["body"],
    )


async def test_a_question_whose_meeting_passed_while_it_waited_fails_alone(cse: Cse) -> None:
    """Validated yesterday for yesterday's meeting, written today: no longer a question for a meeting to come
    (L2315-22); the submission written with it keeps its number, without gap."""
    now = utcnow()
    yesterday = now - timedelta(days=1)
    stale = await _submission(cse, meeting_on=local_date(yesterday).isoformat(), prepared_at=yesterday)
    fresh = await _submission(cse, meeting_on=(local_date(now) + timedelta(days=7)).isoformat(), prepared_at=now)

    outcomes = await group_commit.write_group([stale, fresh], chain_key=TEST_CHAIN_KEY)

    assert isinstance(outcomes[0], InvalidInput)
    assert "déjà passée" in outcomes[0].detail
    written = outcomes[1]
    assert isinstance(written, group_commit.Written)
    assert (written.row["number"], written.head.number, written.head.seq) == (1, 1, 1)
    assert written.row["submitted_at"].astimezone(UTC) >= now
    entries = await repo.all_entries(cse.registers["questions"])
    assert [(e["number"], e["hash"]) for e in entries] == [(1, written.row["hash"])]
