"""BDESE reads in SQL: the items of a year, one item, the access log page, the agreement, the readers to notify."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from piccolo.querystring import QueryString

from dialogue.bdese.tables import BdeseAccess, BdeseAgreement, BdeseItem
from dialogue.core.clock import as_date
from dialogue.core.db import get_engine
from dialogue.core.paging import page_total


async def items_of_year(*, organization_id: int, year: int, published_only: bool) -> list[dict[str, Any]]:
    """The items of one year, by theme then id; drafts left out for readers."""
    query = BdeseItem.select().where((BdeseItem.organization == organization_id) & (BdeseItem.year == year))
    if published_only:
        query = query.where(BdeseItem.published_at.is_not_null())
    return list(await query.order_by(BdeseItem.theme).order_by(BdeseItem.id))


async def item(*, organization_id: int, item_id: int) -> dict[str, Any] | None:
    row = (
        await BdeseItem.select().where((BdeseItem.id == item_id) & (BdeseItem.organization == organization_id)).first()
    )
    return dict(row) if row else None


_LOG_SQL = """
SELECT a.id, a."user" AS user_id, u.full_name AS user_name, a.action, a.item_id, a.theme, a.year, a.at
FROM bdese_access a JOIN app_user u ON u.id = a."user"
WHERE a.organization = {} ORDER BY a.at DESC, a.id DESC LIMIT {} OFFSET {}
"""


async def access_page(*, organization_id: int, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    """A page of the readings, the latest first, with the reader's name."""
    rows = [dict(r) for r in await get_engine().run_querystring(QueryString(_LOG_SQL, organization_id, limit, offset))]
    count = lambda: BdeseAccess.count().where(BdeseAccess.organization == organization_id)  # noqa: E731
    return rows, await page_total(rows, limit=limit, offset=offset, count=count)


async def agreement(organization_id: int) -> dict[str, Any] | None:
    row = await BdeseAgreement.select().where(BdeseAgreement.organization == organization_id).first()
    return dict(row) if row else None


@dataclass(frozen=True, slots=True)
class Reader:
    user_id: int
    email: str
    name: str


_READERS_SQL = """
SELECT DISTINCT u.id, u.email, u.full_name, m.mandate_end
FROM member m JOIN body b ON b.id = m.body JOIN app_user u ON u.id = m."user"
WHERE b.organization = {} AND u.is_active = {} AND (
  (b.kind IN ('cse', 'cse_central')
   AND m.role IN ('secretary', 'deputy_secretary', 'treasurer', 'titular', 'substitute', 'union_representative'))
  OR (b.kind = 'negotiation_table' AND m.role = 'union_representative' AND m.union_name IS NOT NULL))
ORDER BY u.id
"""


async def readers(*, organization_id: int, today: date) -> list[Reader]:
    """The readers of the BDESE in office today (L2312-36), once each: they are told of each publication."""
    rows = await get_engine().run_querystring(QueryString(_READERS_SQL, organization_id, True))
    found: dict[int, Reader] = {}
    for row in rows:
        end = as_date(row["mandate_end"])
        if end is None or end >= today:
            found.setdefault(int(row["id"]), Reader(user_id=int(row["id"]), email=row["email"], name=row["full_name"]))
    return list(found.values())
