"""SQL queries per request on the paths people open every day (issue 15).

Each test pins the number of statements one request sends, after a first request has warmed the caches,
so that a query per row (N+1) fails CI instead of a benchmark. Run on SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

import pytest

from dialogue.core.db import QUERIES, is_sqlite

from .test_pages import HTML, sign_in


async def _count(client: Any, path: str, headers: dict[str, str]) -> int:
    """Queries sent by one GET of `path` (asserted 200), after a warm-up request."""
    assert (await client.get(path, headers=headers)).status_code == 200
    before = QUERIES.count
    response = await client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return QUERIES.count - before


async def _cse(client: Any, headers: dict[str, str]) -> int:
    me = (await client.get("/api/v1/me", headers=headers)).json()
    return int(next(m["body_id"] for m in me["memberships"] if m["body_kind"] == "cse"))


async def test_me_is_one_query(client: Any, auth: Any) -> None:
    headers = await auth("secretaire@demo.example")
    assert await _count(client, "/api/v1/me", headers) == 1


async def test_meetings_list_of_the_cse(client: Any, auth: Any) -> None:
    headers = await auth("secretaire@demo.example")
    cse = await _cse(client, headers)
    assert await _count(client, f"/api/v1/bodies/{cse}/meetings", headers) == 3


async def test_register_entries_list(client: Any, auth: Any) -> None:
    headers = await auth("secretaire@demo.example")
    cse = await _cse(client, headers)
    registers = (await client.get(f"/api/v1/bodies/{cse}/registers", headers=headers)).json()
    questions = next(r["id"] for r in registers["items"] if r["kind"] == "questions")
    assert await _count(client, f"/api/v1/registers/{questions}/entries", headers) == 3


async def test_registers_list_of_the_cse(client: Any, auth: Any) -> None:
    """Issue 14 §2: the page of registers comes with each one's entry count and head in one query
    (`registers/queries.py`); it was 5 queries plus 2 a register (the heads read one by one). Issue 15: the
    bearer session's check rides on the actor's access read (`core.db.run_checked`), one query less."""
    headers = await auth("secretaire@demo.example")
    cse = await _cse(client, headers)
    assert await _count(client, f"/api/v1/bodies/{cse}/registers", headers) == 2


async def test_register_submission(client: Any, auth: Any) -> None:
    """Issue 15: one submission sends 6 statements on either engine (it was 9): the register, the actor's
    access, name and calendar in one read; then, in the transaction, the lock (PostgreSQL) or the head seal
    (SQLite, whose writer lock serialises), the ledger's tail, the entry (with its head seal on PostgreSQL),
    the audit row and the one notification event the worker fans out."""
    headers = await auth("secretaire@demo.example")
    cse = await _cse(client, headers)
    registers = (await client.get(f"/api/v1/bodies/{cse}/registers", headers=headers)).json()
    path = f"/api/v1/registers/{next(r['id'] for r in registers['items'] if r['kind'] == 'dialogue')}/entries"
    counts = []
    for i in range(2):
        before = QUERIES.count
        response = await client.post(path, headers=headers, json={"subject": f"Demande {i}", "body": "Planning."})
        assert response.status_code == 201, response.text
        counts.append(QUERIES.count - before)
    assert counts == [6, 6]


async def test_register_answer(client: Any, auth: Any) -> None:
    """Issue 15: the employer's answer holds the register's lock as a submission does; the mail to the entry's
    author is rendered by the worker (one stored event): 14 statements on either engine (21 when the author's
    address, name and preferences were read and the mail rendered in the transaction)."""
    headers, direction = await auth("secretaire@demo.example"), await auth("direction@demo.example")
    cse = await _cse(client, headers)
    registers = (await client.get(f"/api/v1/bodies/{cse}/registers", headers=headers)).json()
    path = f"/api/v1/registers/{next(r['id'] for r in registers['items'] if r['kind'] == 'dialogue')}/entries"
    counts = []
    for i in range(2):
        entry = (await client.post(path, headers=headers, json={"subject": f"Demande {i}", "body": "Planning."})).json()
        before = QUERIES.count
        answer = f"/api/v1/entries/{entry['id']}/responses"
        response = await client.post(answer, headers=direction, json={"body": "Oui."})
        assert response.status_code == 201, response.text
        counts.append(QUERIES.count - before)
    assert counts == [14, 14]


async def test_consultations_list_of_the_cse(client: Any, auth: Any) -> None:
    headers = await auth("secretaire@demo.example")
    cse = await _cse(client, headers)
    assert await _count(client, f"/api/v1/bodies/{cse}/consultations", headers) == 3


async def test_home_page(client: Any) -> None:
    """8: the session's read also brings each membership's mandate, union and direction standing, so the
    registers and negotiations sections no longer read access and standing again (issue 15)."""
    await sign_in(client, "secretaire@demo.example")
    assert await _count(client, "/", HTML) == 8


async def test_body_page(client: Any, auth: Any) -> None:
    cse = await _cse(client, await auth("secretaire@demo.example"))
    await sign_in(client, "secretaire@demo.example")
    # 4: the session's profile, the actor's access, the body with its regime, the members (6 before issue 15).
    assert await _count(client, f"/instances/{cse}", HTML) == 4


async def test_cse_indicators(client: Any, auth: Any) -> None:
    headers = await auth("secretaire@demo.example")
    cse = await _cse(client, headers)
    # Convocations and joint agendas are judged by the meetings rules (meetings, then their approvals); one
    # read of the body's first meeting and entry, so that a previous period before them counts as empty, not 0.
    # The reads that do not depend on the period (the owing bodies' regimes, the consultations) are made once
    # for the current and the previous period (34 before, 30 after, issue 15); delegation hours and the budgets
    # (issue 18) add their providers' reads. 16 (34 before, issue 15): the two periods are measured side by side
    # and each statement they both send goes once, as a UNION ALL of the two bindings (`measure_periods`); the
    # scope's bodies are read once for the meetings owed, the inspections owed and the consultations' remit; the
    # weights come with the first record's day; the meetings held and their attendance in one statement, the DGI
    # alerts raised and closed in one.
    # 28 on SQLite: it runs statements in-process, where a union costs more CPU than the statements it saves, so
    # the periods are measured one after the other and each sends its own statements; the 12 more are the
    # statements the previous period sends again with its own bounds (the reads shared by `Scope.once` still go
    # once).
    expected = 28 if is_sqlite() else 16
    assert await _count(client, f"/api/v1/bodies/{cse}/indicators", headers) == expected


@pytest.mark.parametrize(("email", "queries"), [("drh@demo.example", 7), ("direction@demo.example", 8)])
async def test_home_page_of_the_direction(client: Any, email: str, queries: int) -> None:
    """The direction also sees « Négociations en cours »: one list whatever the statuses (the standing comes
    with the session's read); and « Établissements »: every establishment CSE and the CSE central in one query
    (issue 19)."""
    await sign_in(client, email)
    assert await _count(client, "/", HTML) == queries
