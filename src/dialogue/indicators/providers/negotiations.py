"""Negotiation indicators: NAO blocks on schedule (L2242-1, L2242-13), agreements vs disagreements, sessions.

Organisation-level: the NAO obligations bind the employer (the organisation), so `nao_on_schedule` is measured
for the organisation even when a `negotiation_table` body is asked; the other figures count the negotiations of
that table (or of the whole organisation). Every figure is a GROUP BY in the database: distinct (block,
opening day) pairs, (month, outcome) counts, a histogram of sessions per negotiation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from typing import Any, Final

from piccolo.querystring import QueryString

from dialogue.core.clock import as_date
from dialogue.indicators.catalog import NEGOTIATION_SPECS, IndicatorSpec
from dialogue.indicators.providers import Measure, Record, Scope
from dialogue.indicators.providers import rows as read_rows
from dialogue.indicators.rules import MonthKey, NaoDeadline, histogram_median, nao_deadlines, percent, share
from dialogue.indicators.sql import Dialect
from dialogue.negotiations.elections import nao_obligation
from dialogue.negotiations.rules import (
    MethodAgreement,
    NaoBlock,
    nao_blocks,
    next_nao_due_on,
)

NEGOTIATION_BODY_KINDS: Final = frozenset({"negotiation_table"})
CONCLUDED: Final = "n.status IN ('agreement_signed', 'disagreement_recorded')"
#: Day a negotiation ended: signature / PV de désaccord (L2242-5) / abandon.
ENDED_ON: Final = "COALESCE(n.concluded_on, n.disagreement_on)"
BLOCK_LABELS: Final[Mapping[str, str]] = {
    "remuneration": "Rémunération, temps de travail, partage de la valeur ajoutée",
    "egalite_qvct": "Égalité professionnelle et qualité de vie et des conditions de travail",
    "gepp": "Gestion des emplois et des parcours professionnels",
}
OUTCOME_LABELS: Final[Mapping[str, str]] = {
    "agreement_signed": "accords signés",
    "disagreement_recorded": "procès-verbaux de désaccord",
    "abandoned": "négociations abandonnées",
}


def _rows(sql: str, *args: Any, order: tuple[str, ...] = ()) -> Any:
    return read_rows(QueryString(sql, *args), order=order)


def _scope_sql(scope: Scope) -> tuple[str, list[Any]]:
    if scope.body_id is None:
        return "n.organization = {}", [scope.organization_id]
    return "n.organization = {} AND n.table_body = {}", [scope.organization_id, scope.body_id]


def _method_agreement(row: Mapping[str, Any]) -> MethodAgreement:
    years = {
        NaoBlock.REMUNERATION: row["remuneration_years"],
        NaoBlock.EGALITE_QVCT: row["egalite_qvct_years"],
        NaoBlock.GEPP: row["gepp_years"],
    }
    return MethodAgreement(
        starts_on=as_date(row["starts_on"]) or date.min,
        duration_years=int(row["duration_years"]),
        periodicity_years={block: int(y) for block, y in years.items() if y is not None},
    )


class NegotiationsProvider:
    """Indicators of the negotiations module (NAO, agreements), for the organisation or a negotiation table."""

    specs: tuple[IndicatorSpec, ...] = NEGOTIATION_SPECS

    def applies(self, *, body_kind: str | None) -> bool:
        return body_kind is None or body_kind in NEGOTIATION_BODY_KINDS

    async def measure(self, scope: Scope, *, with_series: bool) -> list[Measure]:
        d = scope.dialect
        return [
            await self._nao(scope, with_series=with_series),
            *await self._outcomes(d, scope, with_series=with_series),
        ]

    # ------------------------------------------------------------------ NAO on schedule (L2242-1, L2242-13)

    async def _deadlines(self, scope: Scope) -> list[tuple[str, NaoDeadline]]:
        d = scope.dialect
        org = await _rows("SELECT headcount FROM organization WHERE id = {}", scope.organization_id)
        if not org:
            return []
        # No section of a representative union, no NAO obligation (L2242-1): nothing is due, nothing overdue.
        required, _ = await nao_obligation(organization_id=scope.organization_id, on=scope.as_of)
        if not required:
            return []
        blocks = nao_blocks(headcount=int(org[0]["headcount"]))
        agreements = [
            _method_agreement(row)
            for row in await _rows(
                "SELECT id, starts_on, duration_years, remuneration_years, egalite_qvct_years, gepp_years "
                "FROM nao_method_agreement WHERE organization = {} ORDER BY starts_on DESC, id DESC",
                scope.organization_id,
                order=("-starts_on", "-id"),
            )
        ]
        openings = await _rows(
            "SELECT n.topic, n.opened_on FROM negotiation n WHERE n.organization = {} AND n.opened_on IS NOT NULL "
            "AND n.opened_on <= {} GROUP BY n.topic, n.opened_on",
            scope.organization_id,
            d.day(scope.as_of),
        )
        by_block: dict[str, list[date]] = defaultdict(list)
        for row in openings:
            opened = as_date(row["opened_on"])
            assert opened is not None
            by_block[row["topic"]].append(opened)
        result: list[tuple[str, NaoDeadline]] = []
        for block in blocks:

            def next_due(opened: date, block: NaoBlock = block) -> date:
                # The most recent accord de méthode in force at the opening sets the periodicity (L2242-11).
                agreement = next((a for a in agreements if a.in_force_on(opened)), None)
                return next_nao_due_on(block=block, last_opened_on=opened, agreement=agreement)

            for deadline in nao_deadlines(
                by_block.get(block.value, []), next_due=next_due, from_date=scope.from_date, as_of=scope.as_of
            ):
                result.append((block.value, deadline))
        return sorted(result, key=lambda item: (item[1].due_on, item[0]))

    async def _nao(self, scope: Scope, *, with_series: bool) -> Measure:
        deadlines = await self._deadlines(scope)
        counts: dict[str, int] = defaultdict(int)
        per_month: dict[MonthKey, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for _, deadline in deadlines:
            counts[deadline.outcome] += 1
            per_month[f"{deadline.due_on:%Y-%m}"][deadline.outcome] += 1
        total = len(deadlines)
        measure = Measure(
            code="nao_on_schedule",
            value=percent(counts["on_time"], total),
            numerator=float(counts["on_time"]),
            denominator=float(total),
            breakdown={
                "ouvertes à l'échéance": float(counts["on_time"]),
                "ouvertes en retard": float(counts["late"]),
                "non ouvertes": float(counts["missed"]),
            },
            health=share(counts["on_time"], total),
        )
        if with_series:
            for key in scope.months:
                month = per_month.get(key, {})
                measure.series[key] = percent(month.get("on_time", 0), sum(month.values()))
        return measure

    # ------------------------------------------------------------------ outcomes and sessions

    def _concluded_sql(self, d: Dialect, scope: Scope) -> tuple[str, list[Any]]:
        where, args = _scope_sql(scope)
        return (
            f"FROM negotiation n WHERE {where} AND n.status IN ('agreement_signed', 'disagreement_recorded', "
            f"'abandoned') AND {ENDED_ON} >= {{}} AND {ENDED_ON} <= {{}}"
        ), [*args, d.day(scope.from_date), d.day(scope.to_date)]

    async def _outcomes(self, d: Dialect, scope: Scope, *, with_series: bool) -> list[Measure]:
        from_sql, args = self._concluded_sql(d, scope)
        month = d.month(ENDED_ON)
        sessions = "(SELECT COUNT(*) FROM negotiation_session s WHERE s.negotiation = n.id)"
        rows = await _rows(
            f"SELECT {month} AS month, n.status, {sessions} AS sessions, COUNT(*) AS cnt {from_sql} "
            f"GROUP BY {month}, n.status, {sessions}",
            *args,
        )
        outcomes: dict[MonthKey, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        histograms: dict[MonthKey, dict[float, int]] = defaultdict(lambda: defaultdict(int))
        overall: dict[str, int] = defaultdict(int)
        all_sessions: dict[float, int] = defaultdict(int)
        for row in rows:
            n = int(row["cnt"])
            outcomes[row["month"]][row["status"]] += n
            overall[row["status"]] += n
            if row["status"] != "abandoned":
                histograms[row["month"]][float(row["sessions"])] += n
                all_sessions[float(row["sessions"])] += n
        signed, disagreed = overall["agreement_signed"], overall["disagreement_recorded"]
        agreements = Measure(
            code="negotiations_agreements_signed",
            value=percent(signed, signed + disagreed),
            numerator=float(signed),
            denominator=float(signed + disagreed),
            breakdown={label: float(overall[status]) for status, label in OUTCOME_LABELS.items()},
        )
        median = Measure(
            code="negotiation_sessions_median",
            value=histogram_median(all_sessions),
            denominator=float(sum(all_sessions.values())),
        )
        if with_series:
            for key in scope.months:
                month_counts = outcomes.get(key, {})
                s, g = month_counts.get("agreement_signed", 0), month_counts.get("disagreement_recorded", 0)
                agreements.series[key] = percent(s, s + g)
                median.series[key] = histogram_median(histograms.get(key, {}))
        return [agreements, median]

    # ------------------------------------------------------------------ drill-down

    async def records(
        self, scope: Scope, code: str, *, sees_confidential: bool, limit: int, offset: int
    ) -> tuple[list[Record], int]:
        d = scope.dialect
        if code == "nao_on_schedule":
            deadlines = await self._deadlines(scope)
            page = deadlines[offset : offset + limit]
            url = f"/api/v1/organizations/{scope.organization_id}/nao-schedule"
            return [
                Record(
                    type="nao_block",
                    id=index + offset + 1,
                    url=url,
                    label=f"NAO — {BLOCK_LABELS.get(block, block)}"
                    + (f" (ouverte le {deadline.opened_on:%d/%m/%Y})" if deadline.opened_on else " (non ouverte)"),
                    on=deadline.due_on,
                    outcome=deadline.outcome,
                    value=float((deadline.opened_on - deadline.due_on).days) if deadline.opened_on else None,
                )
                for index, (block, deadline) in enumerate(page)
            ], len(deadlines)
        if code not in {"negotiations_agreements_signed", "negotiation_sessions_median"}:
            raise KeyError(code)
        from_sql, args = self._concluded_sql(d, scope)
        if code == "negotiation_sessions_median":
            from_sql += f" AND {CONCLUDED}"
        total = await _rows(f"SELECT COUNT(*) AS cnt {from_sql}", *args)
        rows = await _rows(
            f"SELECT n.id, n.title, n.status, {ENDED_ON} AS ended_on, "
            f"(SELECT COUNT(*) FROM negotiation_session s WHERE s.negotiation = n.id) AS sessions {from_sql} "
            f"ORDER BY {ENDED_ON}, n.id LIMIT {{}} OFFSET {{}}",
            *args,
            limit,
            offset,
            order=("ended_on", "id"),
        )
        return [
            Record(
                type="negotiation",
                id=row["id"],
                url=f"/api/v1/negotiations/{row['id']}",
                label=f"{row['title']} — {OUTCOME_LABELS.get(row['status'], row['status'])}",
                on=as_date(row["ended_on"]),
                outcome=row["status"],
                value=float(row["sessions"]),
            )
            for row in rows
        ], int(total[0]["cnt"])
