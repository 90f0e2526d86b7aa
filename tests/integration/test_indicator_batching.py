"""The report's two periods measured together (`indicators.providers.measure_periods`): each period gets exactly
the rows of its own statement, in that statement's order, whether the two go as one UNION ALL (PostgreSQL) or one
after the other (SQLite, where a union costs more than it saves)."""

from __future__ import annotations

from typing import Any

from piccolo.querystring import QueryString

from dialogue.core.db import QUERIES, get_engine, is_sqlite
from dialogue.indicators.providers import measure_periods, rows
from tests.factories import make_organization, unique

#: Ordered by name, descending, which is not the order of the ids: a union that lost each branch's order shows.
SQL = "SELECT o.id, o.name AS label FROM organization o WHERE o.name LIKE {} AND o.id >= {} ORDER BY o.name DESC"


async def test_each_period_gets_its_own_rows_in_its_statement_order(db: Any) -> None:
    tag = unique("lot")
    ids = [(await make_organization(name=f"{tag} {letter}")).id for letter in "CADB"]

    async def alone(first_id: int) -> list[dict[str, Any]]:
        return [dict(row) for row in await get_engine().run_querystring(QueryString(SQL, f"{tag} %", first_id))]

    async def period(first_id: int) -> list[dict[str, Any]]:
        return [dict(row) for row in await rows(QueryString(SQL, f"{tag} %", first_id))]

    before = QUERIES.count
    current, previous = await measure_periods(lambda: period(ids[0]), lambda: period(ids[2]))
    assert QUERIES.count - before == (2 if is_sqlite() else 1)
    assert [row["label"] for row in current] == [f"{tag} {letter}" for letter in "DCBA"]
    assert [row["label"] for row in previous] == [f"{tag} {letter}" for letter in "DB"]
    assert current == await alone(ids[0])
    assert previous == await alone(ids[2])
