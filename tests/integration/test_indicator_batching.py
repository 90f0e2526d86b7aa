"""The report's two periods measured together (`indicators.providers.measure_periods`): each period gets exactly
the rows of its own statement, in that statement's order, whether the two go as one UNION ALL (PostgreSQL) or one
after the other (SQLite, where a union costs more than it saves). The order is the one the caller names (`rows`'s
`order`); a statement with an ORDER BY given none is sent alone, never unioned."""

from __future__ import annotations

from typing import Any

import pytest
from piccolo.querystring import QueryString

from dialogue.core.db import QUERIES, get_engine, is_sqlite
from dialogue.indicators.providers import measure_periods, rows
from tests.factories import make_organization, unique

#: Ordered by name, descending, which is not the order of the ids: a union that lost each branch's order shows.
ORDERED = "SELECT o.id, o.name AS label FROM organization o WHERE o.name LIKE {} AND o.id >= {} ORDER BY o.name DESC"
UNORDERED = "SELECT o.id, o.name AS label FROM organization o WHERE o.name LIKE {} AND o.id >= {}"


async def _measure_two_periods(sql: str, order: tuple[str, ...]) -> tuple[str, list[int], Any, Any, int]:
    tag = unique("lot")
    ids = [(await make_organization(name=f"{tag} {letter}")).id for letter in "CADB"]

    async def period(first_id: int) -> list[dict[str, Any]]:
        return [dict(row) for row in await rows(QueryString(sql, f"{tag} %", first_id), order=order)]

    before = QUERIES.count
    current, previous = await measure_periods(lambda: period(ids[0]), lambda: period(ids[2]))
    return tag, ids, current, previous, QUERIES.count - before


async def _alone(sql: str, tag: str, first_id: int) -> list[dict[str, Any]]:
    return [dict(row) for row in await get_engine().run_querystring(QueryString(sql, f"{tag} %", first_id))]


@pytest.mark.parametrize(
    ("order", "statements_on_postgres"),
    [
        pytest.param(("-label",), 1, id="given-its-order-unioned"),
        pytest.param((), 2, id="given-no-order-sent-alone"),
    ],
)
async def test_each_period_gets_its_own_rows_in_its_statement_order(
    db: Any, order: tuple[str, ...], statements_on_postgres: int
) -> None:
    tag, ids, current, previous, statements = await _measure_two_periods(ORDERED, order)
    assert statements == (2 if is_sqlite() else statements_on_postgres)
    assert [row["label"] for row in current] == [f"{tag} {letter}" for letter in "DCBA"]
    assert [row["label"] for row in previous] == [f"{tag} {letter}" for letter in "DB"]
    assert current == await _alone(ORDERED, tag, ids[0])
    assert previous == await _alone(ORDERED, tag, ids[2])


async def test_a_statement_without_order_by_is_unioned_with_its_own_rows(db: Any) -> None:
    tag, ids, current, previous, statements = await _measure_two_periods(UNORDERED, ())
    assert statements == (2 if is_sqlite() else 1)
    assert sorted(row["label"] for row in current) == [f"{tag} {letter}" for letter in "ABCD"]
    assert sorted(row["label"] for row in previous) == [f"{tag} {letter}" for letter in "BD"]
    assert {row["id"] for row in previous} == {ids[2], ids[3]}


async def test_an_order_naming_no_output_column_is_refused_before_any_statement(db: Any) -> None:
    before = QUERIES.count
    with pytest.raises(ValueError, match="not an output column"):
        await rows(QueryString(ORDERED, "x %", 0), order=("o.name",))
    assert QUERIES.count == before
