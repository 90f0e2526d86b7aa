"""Reads of the budgets in SQL: a budget's row, a body's years, a ledger's lines in date order, and the facts of a
meeting or a vote (its body, outcome, kind) checked before an approval or a transfer refers to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from piccolo.querystring import QueryString

from dialogue.core.db import get_engine

_BUDGET_COLUMNS = """b.id, b.body, b.year, b.headcount, b.payroll_mass_cents, b.payroll_document, b.operating_rate_bp,
       b.operating_grant_cents, b.asc_contribution_cents, b.asc_by_agreement, b.asc_agreement_reference,
       b.cse_employees, b.balance_sheet_cents, b.expert_fees_paid_on, b.approved_on, b.approval_meeting_id,
       b.approval_vote_id,
       b.treasurer_signed_by, b.treasurer_signed_at, b.secretary_signed_by, b.secretary_signed_at"""
_BUDGET_SQL = f"SELECT {_BUDGET_COLUMNS} FROM cse_budget b WHERE b.id = {{}}"  # noqa: S608
_BODY_BUDGETS_SQL = f"SELECT {_BUDGET_COLUMNS} FROM cse_budget b WHERE b.body = {{}} ORDER BY b.year DESC"  # noqa: S608
_YEAR_SQL = f"SELECT {_BUDGET_COLUMNS} FROM cse_budget b WHERE b.body = {{}} AND b.year = {{}}"  # noqa: S608
_TRANSACTIONS_SQL = """
SELECT t.id, t.budget, t.ledger, t.booked_on, t.amount_cents, t.label, t.category, t.receipt_document,
       t.transfer_id, t.vote_id, t.bank_label, t.reconciled_at
FROM budget_transaction t
WHERE t.budget = {}
ORDER BY t.booked_on, t.id
"""
_FORECAST_SQL = "SELECT ledger, category, amount_cents FROM budget_forecast WHERE budget = {} ORDER BY ledger, category"
_VOTE_SQL = """
SELECT v.id, m.body, m.id AS meeting, v.adopted, v.resolution_kind
FROM vote v JOIN meeting m ON m.id = v.meeting
WHERE v.id = {}
"""
_MEETING_SQL = "SELECT m.id, m.body, m.starts_at FROM meeting m WHERE m.id = {}"
_NAMES_SQL = "SELECT id, full_name FROM app_user WHERE id IN ({})"


@dataclass(frozen=True, slots=True)
class VoteFacts:
    body_id: int
    meeting_id: int
    adopted: bool
    resolution_kind: str | None


async def _run(sql: str, *args: object) -> list[dict[str, Any]]:
    return [dict(row) for row in await get_engine().run_querystring(QueryString(sql, *args))]


async def budget(budget_id: int) -> dict[str, Any] | None:
    rows = await _run(_BUDGET_SQL, budget_id)
    return rows[0] if rows else None


async def budgets_of_body(body_id: int) -> list[dict[str, Any]]:
    return await _run(_BODY_BUDGETS_SQL, body_id)


async def budget_of_year(body_id: int, year: int) -> dict[str, Any] | None:
    rows = await _run(_YEAR_SQL, body_id, year)
    return rows[0] if rows else None


async def transactions(budget_id: int) -> list[dict[str, Any]]:
    """Every line of both ledgers of a budget, in date order (then recording order)."""
    return await _run(_TRANSACTIONS_SQL, budget_id)


async def forecast(budget_id: int) -> list[dict[str, Any]]:
    return await _run(_FORECAST_SQL, budget_id)


async def vote(vote_id: int) -> VoteFacts | None:
    rows = await _run(_VOTE_SQL, vote_id)
    if not rows:
        return None
    row = rows[0]
    kind = row["resolution_kind"]
    return VoteFacts(
        body_id=int(row["body"]),
        meeting_id=int(row["meeting"]),
        adopted=bool(row["adopted"]),
        resolution_kind=None if kind is None else str(kind),
    )


async def meeting_body(meeting_id: int) -> int | None:
    rows = await _run(_MEETING_SQL, meeting_id)
    return int(rows[0]["body"]) if rows else None


async def names(user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    ids = sorted(user_ids)
    sql = _NAMES_SQL.format(", ".join("{}" for _ in ids))
    return {int(r["id"]): str(r["full_name"]) for r in await _run(sql, *ids)}


_MEETINGS_SQL = """
SELECT m.id, m.title, m.starts_at FROM meeting m
WHERE m.body = {} AND m.starts_at <= {} AND m.status <> 'cancelled'
ORDER BY m.starts_at DESC, m.id DESC LIMIT 50
"""
_VOTES_SQL = """
SELECT v.id, v.question, v.resolution_kind, m.id AS meeting, m.starts_at
FROM vote v JOIN meeting m ON m.id = v.meeting
WHERE m.body = {} AND v.adopted = {}
ORDER BY m.starts_at DESC, v.id DESC LIMIT 100
"""


async def meetings_of_body(body_id: int, until: datetime) -> list[dict[str, Any]]:
    """The body's meetings begun by `until`, latest first (the approval's meeting is chosen among them)."""
    return await _run(_MEETINGS_SQL, body_id, until)


async def adopted_votes(body_id: int) -> list[dict[str, Any]]:
    """The body's adopted votes, latest first (a transfer or an approval may cite one)."""
    return await _run(_VOTES_SQL, body_id, True)
