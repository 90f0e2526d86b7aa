"""Delegation hours indicator: the hours deducted from the élus' credits in the period (R2315-5 statements count
the same records), per CSE and summed for the organisation. Corrections are new records (append-only): the rows of
the period are read and `delegation.rules.effective_minutes` gives each use its latest value."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from piccolo.querystring import QueryString

from dialogue.delegation.rules import CAPPED_MEETINGS, MINUTES, NOT_DEDUCTED, effective_minutes, month_key, month_start
from dialogue.indicators.catalog import DELEGATION_SPECS, IndicatorSpec
from dialogue.indicators.providers import Measure, Record, Scope
from dialogue.indicators.providers import rows as read_rows
from dialogue.indicators.rules import MonthKey

CODE = "delegation_hours_used"
#: Time apart from the deducted hours: L2315-11, and commission meetings (R2315-7: not deducted within the annual
#: cap; the statement deducts what goes beyond, the indicator keeps them apart).
APART = NOT_DEDUCTED | CAPPED_MEETINGS


def _scope_sql(scope: Scope) -> tuple[str, list[Any]]:
    if scope.body_id is None:
        return "r.organization = {}", [scope.organization_id]
    return "r.organization = {} AND r.body = {}", [scope.organization_id, scope.body_id]


class DelegationProvider:
    specs: tuple[IndicatorSpec, ...] = DELEGATION_SPECS

    def applies(self, *, body_kind: str | None) -> bool:
        return body_kind is None or body_kind == "cse"

    async def _uses(self, scope: Scope) -> list[dict[str, Any]]:
        """The uses of the period's months (to its last day, or today) with their effective minutes."""
        where, args = _scope_sql(scope)
        rows = await read_rows(
            QueryString(
                "SELECT r.id, r.body, r.member, r.kind, r.corrects, r.minutes, r.month, r.day, r.time_kind, r.subject "
                f"FROM delegation_record r WHERE {where} AND r.kind IN ('use', 'correction') "
                "AND r.month >= {} AND r.month <= {} ORDER BY r.id",
                *args,
                month_key(scope.from_date),
                month_key(scope.as_of),
            ),
            order=("id",),
        )
        values = effective_minutes([(r["id"], r["corrects"], r["minutes"]) for r in rows])
        return [dict(r) | {"effective": values[r["id"]]} for r in rows if r["kind"] == "use" and r["id"] in values]

    async def measure(self, scope: Scope, *, with_series: bool) -> list[Measure]:
        uses = await self._uses(scope)
        by_month: dict[MonthKey, float] = defaultdict(float)
        not_deducted = 0
        for use in uses:
            if use["time_kind"] in APART:
                not_deducted += use["effective"]
            else:
                by_month[use["month"]] += use["effective"] / MINUTES
        total = round(sum(by_month.values()), 2)
        measure = Measure(
            code=CODE,
            value=total,
            breakdown={"heures déduites": total, "temps non déduit (L2315-11)": round(not_deducted / MINUTES, 2)},
        )
        if with_series:
            for key in scope.months:
                started = month_start(key) <= scope.as_of
                measure.series[key] = round(by_month.get(key, 0.0), 2) if started else None
        return [measure]

    async def records(
        self, scope: Scope, code: str, *, sees_confidential: bool, limit: int, offset: int
    ) -> tuple[list[Record], int]:
        uses = [u for u in await self._uses(scope) if u["time_kind"] not in APART and u["effective"] > 0]
        page = uses[offset : offset + limit]
        return [
            Record(
                type="delegation_record",
                id=u["id"],
                url=f"/api/v1/members/{u['member']}/delegation-hours?month={u['month']}",
                label=u["subject"] or "Heures de délégation",
                on=month_start(u["month"]),
                outcome="used",
                value=round(u["effective"] / MINUTES, 2),
            )
            for u in page
        ], len(uses)
