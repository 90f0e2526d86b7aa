"""QVT indicators: barometer participation and score, action-plan progress (issue 9).

The QVT module computes them itself (`qvt.barometer.qvt_indicators`, results summed in SQL and withheld
for groups under the anonymity threshold); this provider only asks it per period and per month.
The barometer is organisation-wide: the figures appear at organisation level and for the QVT steering
committee, never per CSE.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any, Final

from piccolo.querystring import QueryString

from dialogue.core.db import get_engine
from dialogue.indicators.catalog import QVT_SPECS, IndicatorSpec
from dialogue.indicators.providers import Measure, Record, Scope
from dialogue.indicators.sql import local_day_end_exclusive
from dialogue.qvt.barometer import qvt_indicators
from dialogue.qvt.schemas import QvtIndicators

QVT_BODY_KINDS: Final = frozenset({"qvt_steering"})


def _percent(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def _month_bounds(key: str) -> tuple[date, date]:
    year, month = int(key[:4]), int(key[5:7])
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


class QvtProvider:
    """Indicators of the QVT module, organisation-wide."""

    specs: tuple[IndicatorSpec, ...] = QVT_SPECS

    def applies(self, *, body_kind: str | None) -> bool:
        return body_kind is None or body_kind in QVT_BODY_KINDS

    async def _figures(self, scope: Scope, from_date: date, to_date: date) -> QvtIndicators:
        return await qvt_indicators(organization_id=scope.organization_id, from_date=from_date, to_date=to_date)

    async def measure(self, scope: Scope, *, with_series: bool) -> list[Measure]:
        figures = await self._figures(scope, scope.from_date, scope.to_date)
        participation = Measure(
            code="qvt_barometer_participation",
            value=_percent(figures.participation),
            breakdown={"année du baromètre": float(figures.barometer_year)} if figures.barometer_year else {},
        )
        score = Measure(
            code="qvt_barometer_score",
            value=figures.overall_score,
            breakdown=dict(figures.theme_scores),
        )
        progress = Measure(
            code="qvt_action_plan_progress",
            value=_percent(figures.action_plan_progress),
            numerator=float(figures.actions_evaluated),
            denominator=float(figures.actions_adopted),
            breakdown={
                **{f"actions : {status}": float(n) for status, n in figures.actions_by_status.items()},
                "étapes prévues": float(figures.milestones_total),
                "étapes réalisées": float(figures.milestones_done),
                "étapes en retard": float(figures.milestones_late),
            },
        )
        if with_series:
            for month in scope.months:
                start, end = _month_bounds(month)
                if start > scope.today:
                    participation.series[month] = score.series[month] = progress.series[month] = None
                    continue
                monthly = await self._figures(scope, max(start, scope.from_date), min(end, scope.to_date))
                participation.series[month] = _percent(monthly.participation)
                score.series[month] = monthly.overall_score
                progress.series[month] = _percent(monthly.action_plan_progress)
        return [participation, score, progress]

    async def records(
        self, scope: Scope, code: str, *, sees_confidential: bool, limit: int, offset: int
    ) -> tuple[list[Record], int]:
        if code in {"qvt_barometer_participation", "qvt_barometer_score"}:
            figures = await self._figures(scope, scope.from_date, scope.to_date)
            if figures.barometer_id is None:
                return [], 0
            value = _percent(figures.participation) if code == "qvt_barometer_participation" else figures.overall_score
            record = Record(
                type="barometer",
                id=figures.barometer_id,
                url=f"/api/v1/barometers/{figures.barometer_id}",
                label=f"Baromètre QVCT {figures.barometer_year}",
                on=None,
                outcome="closed",
                value=value,
            )
            return ([record] if offset == 0 else []), 1
        if code == "qvt_action_plan_progress":
            engine = get_engine()
            end = local_day_end_exclusive(scope.to_date)
            bound: Any = scope.dialect.instant(end)
            where = "organization = {} AND created_at < {}"
            total = await engine.run_querystring(
                QueryString(
                    f"SELECT COUNT(*) AS n FROM qvt_action_proposal WHERE {where}", scope.organization_id, bound
                )
            )
            rows = await engine.run_querystring(
                QueryString(
                    f"SELECT id, title, status, created_at FROM qvt_action_proposal WHERE {where} "
                    "ORDER BY created_at, id LIMIT {} OFFSET {}",
                    scope.organization_id,
                    bound,
                    limit,
                    offset,
                )
            )
            return [
                Record(
                    type="action_proposal",
                    id=row["id"],
                    url=f"/api/v1/action-proposals/{row['id']}",
                    label=row["title"],
                    on=row["created_at"].date() if hasattr(row["created_at"], "date") else None,
                    outcome=row["status"],
                )
                for row in rows
            ], int(total[0]["n"])
        raise KeyError(code)
