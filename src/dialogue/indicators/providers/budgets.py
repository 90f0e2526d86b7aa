"""Budget indicator (issue 18): « Budget consommé », the share of the year's allocated budgets (operating grant,
L2315-61, and ASC contribution, L2312-81) spent, transfers between the two budgets left out. Measured for the year
of the period's last day, on the CSE (or every CSE of the organisation)."""

from __future__ import annotations

from typing import Any, Final

from piccolo.querystring import QueryString

from dialogue.indicators.catalog import BUDGET_SPECS, IndicatorSpec
from dialogue.indicators.providers import Measure, Record, Scope
from dialogue.indicators.providers import rows as read_rows
from dialogue.indicators.rules import percent

BUDGET_BODY_KINDS: Final = frozenset({"cse", "cse_central"})
_BUDGETS_SQL = """
SELECT cb.id, cb.year, b.name, cb.operating_grant_cents + cb.asc_contribution_cents AS allocated,
       COALESCE((SELECT -SUM(t.amount_cents) FROM budget_transaction t
                 WHERE t.budget = cb.id AND t.amount_cents < 0 AND t.transfer_id IS NULL), 0) AS spent
FROM cse_budget cb JOIN body b ON b.id = cb.body
WHERE b.organization = {} AND cb.year = {} {}
ORDER BY cb.id
"""


async def _budgets(scope: Scope) -> list[dict[str, Any]]:
    extra, args = ("AND b.id = {}", [scope.body_id]) if scope.body_id is not None else ("", [])
    sql = _BUDGETS_SQL.format("{}", "{}", extra)
    found = await read_rows(QueryString(sql, scope.organization_id, scope.as_of.year, *args), order=("id",))
    return [dict(row) for row in found]


class BudgetsProvider:
    """« Budget consommé » of the CSE(s), for the year of the period's end."""

    specs: tuple[IndicatorSpec, ...] = BUDGET_SPECS

    def applies(self, *, body_kind: str | None) -> bool:
        return body_kind is None or body_kind in BUDGET_BODY_KINDS

    async def measure(self, scope: Scope, *, with_series: bool) -> list[Measure]:
        rows = await _budgets(scope)
        spent = sum(int(r["spent"] or 0) for r in rows)
        allocated = sum(int(r["allocated"] or 0) for r in rows)
        return [
            Measure(
                code="budget_consumed",
                value=percent(spent, allocated),
                numerator=spent / 100,
                denominator=allocated / 100,
            )
        ]

    async def records(
        self, scope: Scope, code: str, *, sees_confidential: bool, limit: int, offset: int
    ) -> tuple[list[Record], int]:
        if code != "budget_consumed":
            raise KeyError(code)
        rows = await _budgets(scope)
        found = [
            Record(
                type="budget",
                id=int(r["id"]),
                url=f"/api/v1/budgets/{r['id']}/report",
                label=f"Budgets {r['year']} — {r['name']}",
                on=None,
                outcome="open",
                value=percent(int(r["spent"] or 0), int(r["allocated"] or 0)),
            )
            for r in rows
        ]
        return found[offset : offset + limit], len(found)
