"""Register reads that lists need, in SQL: the entry count and the head of many registers in one query, and
the page of a body's registers with them. The head is the last record of the ledger (entries and responses
together, by `seq`), as `repository.tail` finds it under the lock; nothing here is verified (see `verify`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from piccolo.querystring import QueryString

from dialogue.core.db import get_engine
from dialogue.core.paging import page_total
from dialogue.registers.repository import Head
from dialogue.registers.tables import Register

#: `page` (the registers wanted) is given by the caller; on a tie of `seq` (never written) the entry wins,
#: as in `repository.tail`.
_LEDGER_STATS_SQL = """
WITH page AS ({page}),
records AS (
  SELECT register, seq, number, hash, 1 AS is_entry FROM register_entry WHERE register IN (SELECT id FROM page)
  UNION ALL
  SELECT register, seq, number, hash, 0 AS is_entry FROM register_response WHERE register IN (SELECT id FROM page)
),
tops AS (SELECT register, MAX(seq) AS seq, SUM(is_entry) AS entry_count FROM records GROUP BY register)
SELECT page.*, COALESCE(tops.entry_count, 0) AS entry_count,
       h.seq AS head_seq, h.number AS head_number, h.hash AS head_hash
FROM page
LEFT JOIN tops ON tops.register = page.id
LEFT JOIN records h ON h.register = tops.register AND h.seq = tops.seq
ORDER BY page.id, h.is_entry DESC
"""
_STATS_COLUMNS = ("entry_count", "head_seq", "head_number", "head_hash")


@dataclass(frozen=True, slots=True)
class RegisterSummary:
    """A register's row with what its list shows: its number of entries and its head (None when empty)."""

    row: dict[str, Any]
    entries: int
    head: Head | None


async def _summaries(page: str, *args: object) -> list[RegisterSummary]:
    records = await get_engine().run_querystring(QueryString(_LEDGER_STATS_SQL.format(page=page), *args))
    found: dict[int, RegisterSummary] = {}
    for record in records:
        row = dict(record)
        stats = {name: row.pop(name) for name in _STATS_COLUMNS}
        if row["id"] in found:
            continue
        head = None
        if stats["head_seq"] is not None:
            head = Head(seq=int(stats["head_seq"]), number=int(stats["head_number"]), hash=str(stats["head_hash"]))
        found[row["id"]] = RegisterSummary(row=row, entries=int(stats["entry_count"]), head=head)
    return list(found.values())


async def register_summaries(register_ids: Iterable[int]) -> dict[int, RegisterSummary]:
    """The summaries of the given registers, by id, in one query (unknown ids are left out)."""
    ids = sorted(set(register_ids))
    if not ids:
        return {}
    page = "SELECT * FROM register WHERE id IN ({})".format(", ".join("{}" for _ in ids))  # noqa: S608
    return {summary.row["id"]: summary for summary in await _summaries(page, *ids)}


async def registers_page(*, body_id: int, limit: int, offset: int) -> tuple[list[RegisterSummary], int]:
    """A page of a body's registers by id, each with its summary, and the total (counted only when the page
    does not tell it)."""
    page = "SELECT * FROM register WHERE body = {} ORDER BY id LIMIT {} OFFSET {}"
    summaries = await _summaries(page, body_id, limit, offset)
    count = lambda: Register.count().where(Register.body == body_id)  # noqa: E731
    return summaries, await page_total(summaries, limit=limit, offset=offset, count=count)
