"""Multi-establishment indicator: the establishment CSEs' opinions on the company projects consulted at the CSE
central, transmitted in time or deemed negative (R2312-6 II), across every establishment. Each opinion is judged by
the consultations rules (the central's deadline) and the establishments rule (7 days before), never rewritten here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from typing import Any

from dialogue.core.clock import as_date
from dialogue.establishments.rules import EstablishmentOpinionStatus, establishment_opinion
from dialogue.indicators.catalog import ESTABLISHMENT_SPECS, IndicatorSpec
from dialogue.indicators.providers import Measure, Record, Scope
from dialogue.indicators.providers.consultations import _consultation_outcome
from dialogue.indicators.providers.meetings import _rows, _scope_sql
from dialogue.indicators.rules import MonthKey, percent, share

CODE = "establishment_opinions_on_time"

_SQL = (
    "SELECT c.body, c.informed_on, c.expert_appointed, c.multi_level, c.level, c.agreed_delay_days, "
    "c.challenge_filed_on, c.judgment_on, c.opinion, c.opinion_on, e.id AS establishment_consultation, "
    "e.subject, e.opinion AS e_opinion, e.opinion_on AS e_opinion_on, l.transmitted_on, eb.name AS e_body "
    "FROM consultation_link l JOIN consultation c ON c.id = l.central_consultation "
    "JOIN body b ON b.id = c.body JOIN consultation e ON e.id = l.establishment_consultation "
    "JOIN body eb ON eb.id = e.body WHERE {where} ORDER BY e.id"
)


async def _judged(scope: Scope) -> list[tuple[date, Mapping[str, Any], EstablishmentOpinionStatus]]:
    """Each linked establishment opinion whose due day (R2312-6 II) falls in the period and has come."""
    where, args = _scope_sql(scope)
    rows = await _rows(_SQL.format(where=where), *args, order=("establishment_consultation",))
    judged = []
    remits: dict[int, bool] = {}
    for row in rows:
        placed = await _consultation_outcome(row, today=scope.today, remits=remits)
        if placed is None or placed[1].deadline is None:
            continue
        opinion = establishment_opinion(
            central_deadline=placed[1].deadline,
            opinion=row["e_opinion"],
            opinion_on=as_date(row["e_opinion_on"]),
            transmitted_on=as_date(row["transmitted_on"]),
            today=scope.as_of,
        )
        if scope.from_date <= opinion.due_on <= scope.as_of:
            judged.append((opinion.due_on, row, opinion.status))
    return judged


class EstablishmentsProvider:
    """Establishment opinions transmitted to the CSE central in time (R2312-6 II)."""

    specs: tuple[IndicatorSpec, ...] = ESTABLISHMENT_SPECS

    def applies(self, *, body_kind: str | None) -> bool:
        return body_kind is None or body_kind == "cse_central"

    async def measure(self, scope: Scope, *, with_series: bool) -> list[Measure]:
        on_time: dict[MonthKey, int] = defaultdict(int)
        due: dict[MonthKey, int] = defaultdict(int)
        for day, _, status in await _judged(scope):
            key = f"{day.year:04d}-{day.month:02d}"
            due[key] += 1
            on_time[key] += 1 if status is EstablishmentOpinionStatus.TRANSMITTED else 0
        transmitted, total = sum(on_time.values()), sum(due.values())
        measure = Measure(
            code=CODE,
            value=percent(transmitted, total),
            numerator=float(transmitted),
            denominator=float(total),
            breakdown={
                "avis transmis à temps": float(transmitted),
                "avis réputés négatifs": float(total - transmitted),
            },
            health=share(transmitted, total),
        )
        if with_series:
            for key in scope.months:
                measure.series[key] = percent(on_time.get(key, 0), due.get(key, 0))
        return [measure]

    async def records(
        self, scope: Scope, code: str, *, sees_confidential: bool, limit: int, offset: int
    ) -> tuple[list[Record], int]:
        if code != CODE:
            raise KeyError(code)
        records = [
            Record(
                type="consultation",
                id=row["establishment_consultation"],
                url=f"/api/v1/consultations/{row['establishment_consultation']}",
                label=f"{row['e_body']} — {row['subject']}",
                on=day,
                outcome="on_time" if status is EstablishmentOpinionStatus.TRANSMITTED else "deemed_negative",
            )
            for day, row, status in await _judged(scope)
        ]
        return records[offset : offset + limit], len(records)
