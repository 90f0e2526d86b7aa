"""Anonymity by design: a steering member (or anyone with the database) cannot learn who answered what.

These tests read the database itself — its schema and its rows — not the API.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from piccolo.columns import UUID, Date, ForeignKey, Timestamp, Timestamptz

from dialogue.auth.tables import User
from dialogue.bodies.schemas import BodyKind
from dialogue.bodies.tables import Body
from dialogue.core.actor import Actor
from dialogue.core.clock import local_today, utcnow
from dialogue.core.db import get_engine, is_sqlite
from dialogue.qvt import barometer as service
from dialogue.qvt import rules
from dialogue.qvt.schemas import BarometerCreate, InvitationGroup, InvitationsCreate
from dialogue.qvt.tables import (
    Barometer as BarometerTable,
)
from dialogue.qvt.tables import (
    BarometerAnswer,
    BarometerComment,
    BarometerLink,
    BarometerResponse,
)
from tests.factories import make_body, make_organization

ANSWER_TABLES = (BarometerResponse, BarometerAnswer, BarometerComment)
#: Every column an answer may carry: the campaign, the group, the answer itself.
ALLOWED_COLUMNS = {
    "qvt_barometer_response": {"id", "barometer", "establishment", "department", "staff_category"},
    "qvt_barometer_answer": {"id", "response", "question", "value"},
    "qvt_barometer_comment": {"id", "response", "theme", "text"},
}


async def _db_columns(table: str) -> dict[str, str]:
    engine = get_engine()
    if is_sqlite(engine):
        rows = await engine._run_in_new_connection(f'PRAGMA table_info("{table}")')
        return {r["name"]: str(r["type"]).lower() for r in rows}
    rows = await engine.run_ddl(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '" + table + "'"
    )
    return {r["column_name"]: str(r["data_type"]).lower() for r in rows}


async def _db_foreign_tables(table: str) -> set[str]:
    engine = get_engine()
    if is_sqlite(engine):
        rows = await engine._run_in_new_connection(f'PRAGMA foreign_key_list("{table}")')
        return {r["table"] for r in rows}
    rows = await engine.run_ddl(
        "SELECT ccu.table_name AS target FROM information_schema.table_constraints tc "
        "JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name "
        "WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_name = '" + table + "'"
    )
    return {r["target"] for r in rows}


@pytest.mark.parametrize("table", ANSWER_TABLES, ids=lambda t: t._meta.tablename)
async def test_answer_tables_have_no_column_that_identifies_or_dates_a_respondent(db: Any, table: Any) -> None:
    name = table._meta.tablename
    columns = await _db_columns(name)
    assert set(columns) == ALLOWED_COLUMNS[name], "a new column on an answer table needs an anonymity review"
    assert not any("time" in kind or kind == "date" for kind in columns.values()), columns
    for column in table._meta.columns:
        assert not isinstance(column, Timestamptz | Timestamp | Date), column


@pytest.mark.parametrize("table", ANSWER_TABLES, ids=lambda t: t._meta.tablename)
async def test_no_answer_table_can_join_to_a_link_or_a_person(db: Any, table: Any) -> None:
    targets = await _db_foreign_tables(table._meta.tablename)
    assert "qvt_barometer_link" not in targets
    assert User._meta.tablename not in targets
    assert targets <= {"qvt_barometer", "establishment", "qvt_barometer_response", "qvt_barometer_question"}
    for column in table._meta.columns:
        if isinstance(column, ForeignKey):
            assert column._foreign_key_meta.resolved_references is not BarometerLink


async def test_answer_keys_are_random_not_a_counter() -> None:
    for table in ANSWER_TABLES:
        assert isinstance(table._meta.primary_key, UUID), table


async def test_a_link_knows_nothing_of_its_holder_nor_when_it_served(db: Any) -> None:
    columns = await _db_columns("qvt_barometer_link")
    # `late`: created after opening (issue 13) — a property of the code's creation, never of its use.
    assert set(columns) == {"id", "barometer", "group", "token_digest", "used", "late"}
    assert not any("time" in kind or kind == "date" for kind in columns.values())
    assert "qvt_barometer_link" not in await _db_foreign_tables("qvt_barometer_group")


async def _campaign(n: int) -> tuple[int, list[str], Actor]:
    """An open barometer of an organisation built by the factories (its steering committee's director sets it up),
    with `n` codes for one department."""
    steering = await make_body(await make_organization(), kind=BodyKind.qvt_steering, titulaires=1)
    assert steering.president is not None
    actor = steering.president.actor
    created = await service.create_barometer(
        actor=actor,
        organization_id=actor.organization_id,
        data=BarometerCreate(title="Test d'anonymat", year=local_today().year, closes_at=utcnow() + timedelta(days=3)),
    )
    invitations = await service.create_invitations(
        actor=actor,
        barometer_id=created.id,
        data=InvitationsCreate(groups=[InvitationGroup(department="Cuisine", count=n)]),
        base_url="http://testserver",
    )
    await service.open_barometer(actor=actor, barometer_id=created.id)
    return created.id, [c.code for c in invitations.codes], actor


async def test_stored_rows_hold_no_code_digest_or_identity_after_answers(db: Any) -> None:
    barometer_id, codes, actor = await _campaign(5)
    for i, code in enumerate(codes):
        await service.submit_response(
            code=code, answers={"sens_1": 1 + i}, comments={"general": f"Avis {i}"}, staff_category=None
        )
    digests = {rules.code_digest(rules.normalise_code(c) or "") for c in codes}
    stored_digests = {
        r["token_digest"]
        for r in await BarometerLink.select(BarometerLink.token_digest).where(BarometerLink.barometer == barometer_id)
    }
    assert stored_digests == digests, "links hold digests, never codes"
    raw_codes = {(rules.normalise_code(c) or "") for c in codes}
    responses = await BarometerResponse.select().where(BarometerResponse.barometer == barometer_id)
    assert len(responses) == 5
    for response in responses:
        assert isinstance(response["id"], uuid.UUID)
        values = {str(v) for v in response.values()}
        assert not values & (digests | raw_codes)
        assert str(actor.user_id) not in {str(response["department"]), str(response["staff_category"])}
    comments = await BarometerComment.select(BarometerComment.text).where(
        BarometerComment.response.is_in([r["id"] for r in responses])
    )
    assert sorted(c["text"] for c in comments) == [f"Avis {i}" for i in range(5)]
    assert (
        await BarometerLink.count().where(
            (BarometerLink.barometer == barometer_id) & (BarometerLink.used == True)  # noqa: E712
        )
        == 5
    )


async def test_no_audit_record_or_event_is_written_for_an_answer(db: Any) -> None:
    from dialogue.audit.tables import AuditEvent
    from dialogue.core.events import DomainEvent, subscribe

    barometer_id, codes, _ = await _campaign(1)
    before = await AuditEvent.count()
    seen: list[DomainEvent] = []

    async def listener(event: DomainEvent) -> None:
        seen.append(event)

    subscribe(DomainEvent, listener)
    await service.submit_response(code=codes[0], answers={"sens_1": 3}, comments={}, staff_category=None)
    assert await AuditEvent.count() == before
    assert seen == []
    assert await BarometerTable.exists().where(BarometerTable.id == barometer_id)


@pytest.mark.committed
async def test_postgresql_transaction_ids_do_not_pair_a_response_with_its_link(committed_db: Any) -> None:
    """A row's xmin names the transaction that wrote it: each answer rewrites every link of the campaign,
    and closing rewrites every answer, so no transaction id pairs a response with its link."""
    if is_sqlite():
        pytest.skip("SQLite rows carry no transaction id")
    barometer_id, codes, actor = await _campaign(5)
    engine = get_engine()

    async def xmins(table: str, where: str) -> list[str]:
        rows = await engine.run_ddl(f"SELECT xmin::text AS x FROM {table} WHERE {where}")
        return [r["x"] for r in rows]

    for code in codes[:4]:
        await service.submit_response(code=code, answers={"sens_1": 3}, comments={}, staff_category=None)
        link_xmins = await xmins("qvt_barometer_link", f"barometer = {barometer_id}")
        assert len(set(link_xmins)) == 1, "every link carries the latest answer's transaction id"
    response_xmins = await xmins("qvt_barometer_response", f"barometer = {barometer_id}")
    assert len(set(response_xmins)) == 4
    shared = set(response_xmins) & set(link_xmins)
    assert len(shared) <= 1, "only the latest answer shares its id, and with all links at once"
    await service.close_barometer(actor=actor, barometer_id=barometer_id)
    after = await xmins("qvt_barometer_response", f"barometer = {barometer_id}")
    assert len(set(after)) == 1, "closing rewrites the answers: no per-answer transaction id survives"


async def test_the_body_reading_results_is_a_steering_committee(db: Any) -> None:
    barometer_id, _, _ = await _campaign(1)
    row = await BarometerTable.select(BarometerTable.body).where(BarometerTable.id == barometer_id).first()
    assert row is not None
    body = await Body.select(Body.kind).where(Body.id == row["body"]).first()
    assert body == {"kind": "qvt_steering"}
