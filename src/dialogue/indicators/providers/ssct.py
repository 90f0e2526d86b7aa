"""SSCT indicators: inspections done vs due (R2312-4), accident inquiries done (L2312-13), actions overdue.

Per body (CSE, CSE central, CSSCT) and summed for the organisation. Every figure is a GROUP BY in the
database; Python only sees (month, count) groups. The inspections owed are pro-rated over the elapsed part
of the period like the meetings minimum (indicators/rules.prorated_requirement), from the regime of the
company over time (bodies/regime.py, L2312-1; ssct/rules: as many inspections as the 4 SSCT meetings a year
from 50 employees).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any, Final

from piccolo.querystring import QueryString

from dialogue.bodies.regime import regime_of
from dialogue.core.clock import as_date
from dialogue.indicators.catalog import SSCT_SPECS, IndicatorSpec
from dialogue.indicators.providers import Measure, Record, Scope
from dialogue.indicators.providers import rows as read_rows
from dialogue.indicators.rules import MonthKey, month_end, open_at_month_ends, percent, prorated_requirement, share
from dialogue.indicators.sql import Dialect
from dialogue.ssct.rules import INQUIRY_DELAY_DAYS, MISSION_BODY_KINDS

#: A mission is done once its report is rendered (ssct/rules._done): reported, then closed.
DONE: Final = "m.status IN ('reported', 'closed') AND m.reported_on IS NOT NULL"
PENDING_ACTION: Final = "a.status <> 'cancelled' AND a.due_on IS NOT NULL"
#: Bodies owing the inspections: the CSE of each establishment (a CSSCT acts by its delegation, L2315-38).
OWING_KINDS: Final = ("cse",)


def _rows(sql: str, *args: Any, order: tuple[str, ...] = ()) -> Any:
    return read_rows(QueryString(sql, *args), order=order)


def _scope_sql(scope: Scope) -> tuple[str, list[Any]]:
    if scope.body_id is None:
        return "b.organization = {}", [scope.organization_id]
    return "b.organization = {} AND b.id = {}", [scope.organization_id, scope.body_id]


def _month(day: date) -> MonthKey:
    return f"{day.year:04d}-{day.month:02d}"


class SsctProvider:
    """Indicators of the SSCT module, for a CSE / CSSCT or the whole organisation."""

    specs: tuple[IndicatorSpec, ...] = SSCT_SPECS

    def applies(self, *, body_kind: str | None) -> bool:
        return body_kind is None or body_kind in MISSION_BODY_KINDS

    async def measure(self, scope: Scope, *, with_series: bool) -> list[Measure]:
        d = scope.dialect
        return [
            await self._inspections(d, scope, with_series=with_series),
            await self._inquiries(d, scope, with_series=with_series),
            await self._actions(d, scope, with_series=with_series),
        ]

    # ------------------------------------------------------------------ inspections (L2312-13, R2312-4)

    async def _owed_per_year(self, scope: Scope) -> list[int]:
        """Inspections a year owed by each owing body of the scope (a CSSCT alone owes its own regime's)."""
        kinds = {"cse", "cssct"} if scope.body_id is not None else {"cse"}
        return [
            regime_of(body, today=scope.as_of).attributions.inspections_per_year
            for body in await scope.bodies()
            if body["kind"] in kinds
        ]

    @staticmethod
    def _required(owed: list[int], from_date: date, to_date: date) -> float:
        if from_date > to_date:
            return 0.0
        return round(sum(prorated_requirement(n, from_date, to_date) for n in owed), 2)

    async def _inspections(self, d: Dialect, scope: Scope, *, with_series: bool) -> Measure:
        where, args = _scope_sql(scope)
        month = d.month("m.reported_on")
        rows = await _rows(
            f"SELECT {month} AS month, COUNT(*) AS n FROM ssct_mission m JOIN body b ON b.id = m.body "
            f"WHERE {where} AND m.kind = 'inspection' AND {DONE} AND m.reported_on >= {{}} AND m.reported_on <= {{}} "
            f"GROUP BY {month}",
            *args,
            d.day(scope.from_date),
            d.day(scope.as_of),
        )
        done = {row["month"]: int(row["n"]) for row in rows}
        owed = await self._owed_per_year(scope)
        required = self._required(owed, scope.from_date, scope.as_of)
        total = sum(done.values())
        value = percent(total, required)
        health = share(total, required)
        measure = Measure(
            code="ssct_inspections_done",
            value=value,
            numerator=float(total),
            denominator=required,
            breakdown={"inspections réalisées": float(total), "minimum dû sur la période": required},
            health=None if health is None else min(1.0, health),
        )
        if with_series:
            for key in scope.months:
                start = max(scope.from_date, date(int(key[:4]), int(key[5:7]), 1))
                end = min(scope.as_of, month_end(key))
                measure.series[key] = (
                    None if start > end else percent(done.get(key, 0), self._required(owed, start, end))
                )
        return measure

    # ------------------------------------------------------------------ accident inquiries (L2312-13)

    def _accidents_cte(self, d: Dialect, scope: Scope) -> tuple[str, list[Any]]:
        """Serious accidents of the period, with the day their inquiry report was rendered (if any by as-of)."""
        where, args = _scope_sql(scope)
        inquired = (
            "(SELECT MIN(m.reported_on) FROM ssct_mission m WHERE m.accident = sa.id "
            f"AND m.kind = 'accident_inquiry' AND {DONE} AND m.reported_on <= {{}})"
        )
        sql = (
            f"WITH acc AS (SELECT sa.id, sa.body, sa.kind, sa.occurred_on, sa.description, {inquired} AS inquired_on "
            f"FROM ssct_serious_accident sa JOIN body b ON b.id = sa.body WHERE {where} "
            "AND sa.occurred_on >= {} AND sa.occurred_on <= {})"
        )
        return sql, [d.day(scope.as_of), *args, d.day(scope.from_date), d.day(scope.to_date)]

    def _outcome_sql(self, d: Dialect) -> str:
        late_after = d.add_days("occurred_on", INQUIRY_DELAY_DAYS)
        return f"CASE WHEN inquired_on IS NOT NULL THEN 'done' WHEN {late_after} < {{}} THEN 'late' ELSE 'pending' END"

    async def _inquiries(self, d: Dialect, scope: Scope, *, with_series: bool) -> Measure:
        cte, args = self._accidents_cte(d, scope)
        outcome, month = self._outcome_sql(d), d.month("occurred_on")
        # Grouped over a derived table: PostgreSQL would not match a GROUP BY expression holding a parameter.
        rows = await _rows(
            f"{cte} SELECT month, outcome, COUNT(*) AS n FROM (SELECT {month} AS month, {outcome} AS outcome "
            "FROM acc) t GROUP BY month, outcome",
            *args,
            d.day(scope.as_of),
        )
        per_month: dict[MonthKey, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        overall: dict[str, int] = defaultdict(int)
        for row in rows:
            per_month[row["month"]][row["outcome"]] += int(row["n"])
            overall[row["outcome"]] += int(row["n"])
        total = sum(overall.values())
        measure = Measure(
            code="ssct_accident_inquiries_done",
            value=percent(overall["done"], total),
            numerator=float(overall["done"]),
            denominator=float(total),
            breakdown={
                "enquêtes réalisées": float(overall["done"]),
                f"en attente (moins de {INQUIRY_DELAY_DAYS} jours)": float(overall["pending"]),
                "en retard": float(overall["late"]),
            },
        )
        if with_series:
            for key in scope.months:
                counts = per_month.get(key, {})
                measure.series[key] = percent(counts.get("done", 0), sum(counts.values()))
        return measure

    # ------------------------------------------------------------------ follow-up actions overdue

    def _actions_sql(self, scope: Scope) -> tuple[str, list[Any]]:
        where, args = _scope_sql(scope)
        return (
            "FROM ssct_action a JOIN ssct_mission m ON m.id = a.mission JOIN body b ON b.id = m.body "
            f"WHERE {where} AND {PENDING_ACTION} AND a.due_on < {{}}"
        ), args

    async def _actions(self, d: Dialect, scope: Scope, *, with_series: bool) -> Measure:
        from_sql, args = self._actions_sql(scope)
        opened, resolved = d.month(d.add_days("a.due_on", 1)), d.month("a.done_on")
        rows = await _rows(
            f"SELECT {opened} AS opened, {resolved} AS resolved, COUNT(*) AS n, "
            "SUM(CASE WHEN a.done_on IS NULL OR a.done_on > {} THEN 1 ELSE 0 END) AS open_now "
            f"{from_sql} AND (a.done_on IS NULL OR a.done_on > {{}}) GROUP BY {opened}, {resolved}",
            d.day(scope.as_of),
            *args,
            d.day(scope.as_of),
            d.day(scope.from_date - timedelta(days=1)),
        )
        value = 0
        histogram: dict[tuple[MonthKey, MonthKey | None], int] = defaultdict(int)
        for row in rows:
            value += int(row["open_now"] or 0)
            histogram[(row["opened"], row["resolved"])] += int(row["n"])
        measure = Measure(code="ssct_actions_overdue", value=float(value))
        if with_series:
            as_of_month = _month(scope.as_of)
            ends = open_at_month_ends(histogram, [m for m in scope.months if m < as_of_month])
            for key in scope.months:
                if key < as_of_month:
                    measure.series[key] = float(ends[key])
                elif key == as_of_month:
                    measure.series[key] = float(value)
                else:
                    measure.series[key] = None
        return measure

    # ------------------------------------------------------------------ drill-down

    async def records(
        self, scope: Scope, code: str, *, sees_confidential: bool, limit: int, offset: int
    ) -> tuple[list[Record], int]:
        d = scope.dialect
        where, args = _scope_sql(scope)
        if code == "ssct_inspections_done":
            base = (
                "FROM ssct_mission m JOIN body b ON b.id = m.body "
                f"WHERE {where} AND m.kind = 'inspection' AND {DONE} "
                "AND m.reported_on >= {} AND m.reported_on <= {}"
            )
            all_args = [*args, d.day(scope.from_date), d.day(scope.as_of)]
            total_sql = f"SELECT COUNT(*) AS n {base}"
            page_sql = f"SELECT m.id, m.title, m.reported_on AS on_day, m.status {base} ORDER BY m.reported_on, m.id"
        elif code == "ssct_accident_inquiries_done":
            cte, cte_args = self._accidents_cte(d, scope)
            total_rows = await _rows(f"{cte} SELECT COUNT(*) AS n FROM acc", *cte_args)
            rows = await _rows(
                f"{cte} SELECT id, body, occurred_on AS on_day, {self._outcome_sql(d)} AS status, inquired_on "
                "FROM acc ORDER BY occurred_on, id LIMIT {} OFFSET {}",
                *cte_args,
                d.day(scope.as_of),
                limit,
                offset,
                order=("on_day", "id"),
            )
            return [self._record(code, row, scope=scope) for row in rows], int(total_rows[0]["n"])
        elif code == "ssct_actions_overdue":
            from_sql, action_args = self._actions_sql(scope)
            base = f"{from_sql} AND (a.done_on IS NULL OR a.done_on > {{}})"
            all_args = [*action_args, d.day(scope.as_of), d.day(scope.as_of)]
            total_sql = f"SELECT COUNT(*) AS n {base}"
            page_sql = (
                "SELECT a.id, a.mission, a.description AS title, a.owner, a.due_on AS on_day, a.status "
                f"{base} ORDER BY a.due_on, a.id"
            )
        else:
            raise KeyError(code)
        total_rows = await _rows(total_sql, *all_args)
        # Every page is ordered by its day, output as `on_day`, then id.
        rows = await _rows(page_sql + " LIMIT {} OFFSET {}", *all_args, limit, offset, order=("on_day", "id"))
        return [self._record(code, row, scope=scope) for row in rows], int(total_rows[0]["n"])

    def _record(self, code: str, row: Mapping[str, Any], *, scope: Scope) -> Record:
        on = as_date(row["on_day"])
        if code == "ssct_inspections_done":
            return Record(
                type="ssct_mission",
                id=row["id"],
                url=f"/api/v1/ssct-missions/{row['id']}",
                label=f"Inspection — {row['title']}",
                on=on,
                outcome="done",
            )
        if code == "ssct_accident_inquiries_done":
            inquired = as_date(row["inquired_on"])
            return Record(
                type="ssct_serious_accident",
                id=row["id"],
                url=f"/api/v1/bodies/{row['body']}/serious-accidents",
                label=f"Accident grave du {on:%d/%m/%Y}" if on else "Accident grave",
                on=on,
                outcome=row["status"],
                value=float((inquired - on).days) if inquired is not None and on is not None else None,
            )
        assert on is not None
        return Record(
            type="ssct_action",
            id=row["id"],
            url=f"/api/v1/ssct-missions/{row['mission']}/actions",
            label=f"{row['title']} ({row['owner']})",
            on=on,
            outcome="overdue",
            value=float((scope.as_of - on).days),
        )
