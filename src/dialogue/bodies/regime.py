"""A body's legal regime, read from the database: the one place that feeds `core.regime.body_regime`.

Meetings, SSCT obligations, organisations, pages and indicators all ask here, so that the rule of L2312-1 to
L2312-3 (attributions by the company's headcount over time) and R2314-1 (seats by the perimeter) lives once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Final

from piccolo.querystring import QueryString

from dialogue.core.clock import as_date
from dialogue.core.db import get_engine
from dialogue.core.regime import BodyRegime, body_regime

#: Columns a query selects (aliases `b` body, `o` organization, `e` establishment) to compute a body's regime.
REGIME_COLUMNS: Final = (
    "o.headcount AS company_headcount, e.headcount AS perimeter_headcount, o.fifty_reached_on AS fifty_reached_on, "
    "b.headcount_at_election AS headcount_at_election, b.mandate_end AS mandate_end"
)
#: The joins that go with `REGIME_COLUMNS`.
REGIME_JOINS: Final = "JOIN organization o ON o.id = b.organization LEFT JOIN establishment e ON e.id = b.establishment"


def regime_of(row: Mapping[str, Any], *, today: date) -> BodyRegime:
    """The regime of a body from a row holding `REGIME_COLUMNS`."""
    perimeter = row["perimeter_headcount"]
    at_election = row["headcount_at_election"]
    return body_regime(
        company_headcount=int(row["company_headcount"]),
        perimeter_headcount=None if perimeter is None else int(perimeter),
        headcount_at_election=None if at_election is None else int(at_election),
        fifty_reached_on=as_date(row["fifty_reached_on"]),
        mandate_end=as_date(row["mandate_end"]),
        today=today,
    )


async def regimes_of_bodies(body_ids: Iterable[int], *, today: date) -> dict[int, BodyRegime]:
    """The regimes of several bodies in one query."""
    ids = sorted(set(body_ids))
    if not ids:
        return {}
    placeholders = ", ".join("{}" for _ in ids)
    sql = f"SELECT b.id, {REGIME_COLUMNS} FROM body b {REGIME_JOINS} WHERE b.id IN ({placeholders})"  # noqa: S608
    rows = await get_engine().run_querystring(QueryString(sql, *ids))
    return {int(row["id"]): regime_of(row, today=today) for row in rows}


async def regime_of_body(body_id: int, *, today: date) -> BodyRegime | None:
    """The regime of one body; None when the body does not exist."""
    return (await regimes_of_bodies([body_id], today=today)).get(body_id)
