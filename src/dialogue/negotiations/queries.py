"""Reads of negotiations and of what hangs on them: filtered, ordered and paginated in SQL, each row mapped to its
read schema in one place. No access check here: the services check who reads before calling."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from piccolo.columns import Column
from piccolo.query.functions.aggregate import Count
from piccolo.querystring import QueryString
from piccolo.table import Table

from dialogue.core.db import get_engine
from dialogue.negotiations.common import loads
from dialogue.negotiations.rules import NegotiationStatus
from dialogue.negotiations.schemas import PositionRead, SessionRead, Topic
from dialogue.negotiations.tables import AgreementSignature, Negotiation, NegotiationPosition, NegotiationSession


def _session_read(row: dict[str, Any]) -> SessionRead:
    return SessionRead(
        id=row["id"],
        negotiation_id=row["negotiation"],
        number=row["number"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        location=row["location"],
        attendees=loads(row["attendees"]) or [],
        documents=loads(row["documents"]) or [],
        summary=row["summary"],
        meeting_id=row["meeting_id"],
        created_at=row["created_at"],
    )


def _position_read(row: dict[str, Any]) -> PositionRead:
    return PositionRead(
        id=row["id"],
        negotiation_id=row["negotiation"],
        sequence=row["sequence"],
        session_id=row["session"],
        party=row["party"],
        kind=row["kind"],
        content=row["content"],
        stated_on=row["stated_on"],
        created_at=row["created_at"],
    )


async def _of_negotiation(
    table: type[Table], order: Column, *, negotiation_id: int | None, row_id: int | None
) -> list[dict[str, Any]]:
    """Rows of `table` (sessions, positions) of one negotiation in `order`, or the one row `row_id`."""
    query = table.select().order_by(order)
    if negotiation_id is not None:
        query = query.where(table._meta.get_column_by_name("negotiation") == negotiation_id)
    if row_id is not None:
        query = query.where(table._meta.primary_key == row_id)
    rows: list[dict[str, Any]] = await query
    return rows


async def sessions(*, negotiation_id: int | None = None, session_id: int | None = None) -> list[SessionRead]:
    """The negotiation's sessions in their order, or the one session asked for."""
    rows = await _of_negotiation(
        NegotiationSession, NegotiationSession.number, negotiation_id=negotiation_id, row_id=session_id
    )
    return [_session_read(row) for row in rows]


async def positions(*, negotiation_id: int | None = None, position_id: int | None = None) -> list[PositionRead]:
    """The negotiation's positions in the order they were put forward, or the one position asked for."""
    rows = await _of_negotiation(
        NegotiationPosition, NegotiationPosition.sequence, negotiation_id=negotiation_id, row_id=position_id
    )
    return [_position_read(row) for row in rows]


async def signatures_of(negotiation_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """The signatures of each negotiation, oldest first."""
    rows = (
        await AgreementSignature.select()
        .where(AgreementSignature.negotiation.is_in(list(negotiation_ids) or [-1]))
        .order_by(AgreementSignature.signed_on)
        .order_by(AgreementSignature.id)
    )
    grouped: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["negotiation"], []).append(row)
    return grouped


async def session_counts(negotiation_ids: Sequence[int]) -> dict[int, int]:
    """How many sessions each negotiation held."""
    rows = (
        await NegotiationSession.select(NegotiationSession.negotiation, Count(NegotiationSession.id, alias="held"))
        .where(NegotiationSession.negotiation.is_in(list(negotiation_ids) or [-1]))
        .group_by(NegotiationSession.negotiation)
    )
    return {row["negotiation"]: int(row["held"]) for row in rows}


async def negotiations_page(
    *,
    organization_id: int,
    table_bodies: Collection[int] | None,
    limit: int,
    offset: int,
    topic: Topic | None = None,
    status: NegotiationStatus | None = None,
    year: int | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """One page of the organisation's negotiations, latest campaign first, and how many match in all;
    `table_bodies` limits them to those tables (None: every table)."""
    where: Any = Negotiation.organization == organization_id
    if table_bodies is not None:
        where &= Negotiation.table_body.is_in(sorted(table_bodies))
    if topic is not None:
        where &= Negotiation.topic == topic.value
    if status is not None:
        where &= Negotiation.status == status.value
    if year is not None:
        where &= Negotiation.year == year
    rows = (
        await Negotiation.select()
        .where(where)
        .order_by(Negotiation.year, ascending=False)
        .order_by(Negotiation.id, ascending=False)
        .limit(limit)
        .offset(offset)
    )
    return rows, await Negotiation.count().where(where)


_ONGOING_SQL = """
SELECT id, title, status, planned_on FROM (
    SELECT id, title, status, planned_on, year,
           ROW_NUMBER() OVER (PARTITION BY status ORDER BY year DESC, id DESC) AS rank_in_status
    FROM negotiation
    WHERE organization = {{}} AND status IN ({statuses}){tables}
) ranked
WHERE rank_in_status <= {{}}
ORDER BY year DESC, id DESC
"""


async def first_of_each_status(
    *,
    organization_id: int,
    statuses: Sequence[NegotiationStatus],
    table_bodies: Collection[int] | None,
    per_status: int,
) -> list[dict[str, Any]]:
    """At most `per_status` negotiations of each status, latest campaign first (`negotiations_page`' order), in
    one query; `table_bodies` limits them to those tables (None: every table)."""
    if not statuses or (table_bodies is not None and not table_bodies):
        return []
    tables = sorted(table_bodies) if table_bodies is not None else []
    sql = _ONGOING_SQL.format(
        statuses=", ".join("{}" for _ in statuses),
        tables=f" AND table_body IN ({', '.join('{}' for _ in tables)})" if table_bodies is not None else "",
    )
    values = [organization_id, *(status.value for status in statuses), *tables, per_status]
    rows: list[dict[str, Any]] = await get_engine().run_querystring(QueryString(sql, *values))
    return rows


_WITHOUT_SQL = """
SELECT w.*, o.headcount AS organization_headcount
FROM negotiation_without_delegate w
JOIN negotiation n ON n.id = w.negotiation
JOIN organization o ON o.id = n.organization
WHERE w.negotiation IN ({})
"""


async def without_delegate_of(ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The route without a union delegate recorded for each negotiation of `ids` (L2232-21 to L2232-26), with its
    organisation's headcount (the staff consulted by default, L2232-22)."""
    if not ids:
        return {}
    placeholders = ", ".join("{}" for _ in ids)
    rows = await get_engine().run_querystring(QueryString(_WITHOUT_SQL.format(placeholders), *ids))
    return {int(r["negotiation"]): dict(r) for r in rows or []}
