"""Consultation indicators: opinions given within the delay versus deemed negative (R2312-6, L2312-16), each
consultation judged by the consultations rules (`consultation_outlook`), never rewritten here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from typing import Any

from dialogue.bodies.regime import regime_of
from dialogue.consultations import service as consultations_service
from dialogue.consultations.rules import Outlook, consultation_outlook
from dialogue.core.clock import as_date
from dialogue.indicators.catalog import CONSULTATION_SPECS, IndicatorSpec
from dialogue.indicators.providers import Measure, Record, Scope
from dialogue.indicators.providers.meetings import _rows, _scope_sql
from dialogue.indicators.rules import MonthKey, percent, share


async def _consultation_outcome(
    row: Mapping[str, Any], *, today: date, remits: dict[int, bool]
) -> tuple[date, Outlook] | None:
    """The day a consultation counts on (its deadline, or the opinion's day where no deadline applies) and its
    state, by the consultation rules: suspended (L2315-86) or below 50 (R2312-6), never deemed."""
    informed_on = as_date(row["informed_on"])
    assert informed_on is not None
    if row["body"] not in remits:
        remits[row["body"]] = await consultations_service.full_remit(row["body"])
    outlook = consultation_outlook(
        informed_on=informed_on,
        expert_appointed=bool(row["expert_appointed"]),
        multi_level=bool(row["multi_level"]),
        level=row["level"],
        agreed_days=row["agreed_delay_days"],
        opinion=row["opinion"],
        full_remit=remits[row["body"]],
        challenge_filed_on=as_date(row["challenge_filed_on"]),
        judgment_on=as_date(row["judgment_on"]),
        today=today,
    )
    day = outlook.deadline or (as_date(row["opinion_on"]) if row["opinion"] is not None else None)
    return None if day is None else (day, outlook)


class ConsultationsProvider:
    """Opinions given within the delay versus deemed negative (R2312-6, L2312-16)."""

    specs: tuple[IndicatorSpec, ...] = CONSULTATION_SPECS

    def applies(self, *, body_kind: str | None) -> bool:
        return body_kind is None or body_kind in {"cse", "cse_central"}

    async def _groups(self, scope: Scope) -> list[tuple[date, Mapping[str, Any], Outlook]]:
        placed_rows = await scope.once("consultations.placed", lambda: self._placed(scope))
        return [
            (placed[0], row, placed[1])
            for row, placed in placed_rows
            if placed is not None and scope.from_date <= placed[0] <= scope.to_date
        ]

    async def _placed(self, scope: Scope) -> list[tuple[Mapping[str, Any], tuple[date, Outlook] | None]]:
        """Every consultation of the scope (grouped alike), with its due day and outlook: read once for the
        report's periods, each keeps those due within it."""
        where, args = _scope_sql(scope)
        rows = await _rows(
            "SELECT c.body, c.informed_on, c.expert_appointed, c.multi_level, c.level, c.agreed_delay_days, "
            "c.challenge_filed_on, c.judgment_on, c.opinion, c.opinion_on, COUNT(*) AS n FROM consultation c "
            f"JOIN body b ON b.id = c.body WHERE {where} GROUP BY c.body, c.informed_on, c.expert_appointed, "
            "c.multi_level, c.level, c.agreed_delay_days, c.challenge_filed_on, c.judgment_on, c.opinion, c.opinion_on",
            *args,
        )
        consulted = {int(row["body"]) for row in rows}
        remits = {  # as `consultations.service.full_remit`, from the scope's bodies read once for the report
            int(body["id"]): regime_of(body, today=scope.today).attributions.full_remit
            for body in await scope.bodies()
            if int(body["id"]) in consulted
        }
        return [(row, await _consultation_outcome(row, today=scope.today, remits=remits)) for row in rows]

    async def measure(self, scope: Scope, *, with_series: bool) -> list[Measure]:
        given: dict[MonthKey, int] = defaultdict(int)
        deemed: dict[MonthKey, int] = defaultdict(int)
        positive = negative = pending = 0
        for due, row, outlook in await self._groups(scope):
            key, n = f"{due.year:04d}-{due.month:02d}", int(row["n"])
            if row["opinion"] is not None:
                given[key] += n
                positive += n if row["opinion"] == "positive" else 0
                negative += n if row["opinion"] == "negative" else 0
            elif outlook.status == "deemed_negative":
                deemed[key] += n  # L2312-16: deemed consulted, negative opinion
            else:
                pending += n
        total_given, total_deemed = sum(given.values()), sum(deemed.values())
        measure = Measure(
            code="consultations_not_deemed_negative",
            value=percent(total_given, total_given + total_deemed),
            numerator=float(total_given),
            denominator=float(total_given + total_deemed),
            breakdown={
                "avis rendus": float(total_given),
                "dont favorables": float(positive),
                "dont défavorables": float(negative),
                "avis réputés négatifs": float(total_deemed),
                "délai en cours": float(pending),
            },
            health=share(total_given, total_given + total_deemed),
        )
        if with_series:
            for key in scope.months:
                measure.series[key] = percent(given.get(key, 0), given.get(key, 0) + deemed.get(key, 0))
        return [measure]

    async def records(
        self, scope: Scope, code: str, *, sees_confidential: bool, limit: int, offset: int
    ) -> tuple[list[Record], int]:
        if code != "consultations_not_deemed_negative":
            raise KeyError(code)
        where, args = _scope_sql(scope)
        rows = await _rows(
            "SELECT c.id, c.body, c.subject, c.informed_on, c.expert_appointed, c.multi_level, c.level, "
            "c.agreed_delay_days, c.challenge_filed_on, c.judgment_on, c.opinion, c.opinion_on FROM consultation c "
            f"JOIN body b ON b.id = c.body WHERE {where} ORDER BY c.informed_on, c.id",
            *args,
            order=("informed_on", "id"),
        )
        records: list[Record] = []
        remits: dict[int, bool] = {}
        for row in rows:
            placed = await _consultation_outcome(row, today=scope.today, remits=remits)
            if placed is None or not scope.from_date <= placed[0] <= scope.to_date:
                continue
            due, outlook = placed
            outcome = row["opinion"] or ("deemed_negative" if outlook.status == "deemed_negative" else "pending")
            records.append(
                Record(
                    type="consultation",
                    id=row["id"],
                    url=f"/api/v1/consultations/{row['id']}",
                    label=row["subject"],
                    on=due,
                    outcome=outcome,
                )
            )
        return records[offset : offset + limit], len(records)
