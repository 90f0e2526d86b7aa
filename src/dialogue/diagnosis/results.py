"""Results of a diagnosis: each statement's means per college side by side, the largest gaps first, the
dimensions' appreciation per college with the indicators of the same period beside them, and last campaign's
means to compare. Aggregates only, with a floor of two respondents per college (`rules.MIN_RESPONDENTS`)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from dialogue.core.actor import Actor
from dialogue.core.clock import as_date
from dialogue.core.errors import DomainError, InvalidState
from dialogue.diagnosis import rules
from dialogue.diagnosis.access import diagnosis_row
from dialogue.diagnosis.schemas import (
    CollegeResult,
    DiagnosisResults,
    DimensionResult,
    IndicatorFact,
    StatementResult,
)
from dialogue.diagnosis.service import participation, results_readable, statements_of
from dialogue.diagnosis.tables import Diagnosis, DiagnosisAction, DiagnosisAnswer
from dialogue.indicators import service as indicators
from dialogue.indicators.catalog import unit_for

NOTICE = (
    "Chaque collège n'apparaît qu'en moyenne, et seulement à partir de deux répondants ; aucune réponse "
    "individuelle n'est montrée, sauf à son auteur."
)

Scores = dict[tuple[int, str], list[int]]


def written(value: float | None, unit: str) -> str:
    """An indicator's value in French: « 54 % », « 0 inscription », « 2,5 jours »; « — » when unknown."""
    if value is None:
        return "—"
    number = f"{value:.0f}" if unit == "%" or float(value).is_integer() else f"{value:.1f}".replace(".", ",")
    return f"{number} {unit_for(value, unit)}"


def shown(mean: float | None) -> str:
    return rules.NOT_ENOUGH if mean is None else f"{mean:.1f}".replace(".", ",")


async def _scores(diagnosis_id: int) -> Scores:
    """Scores by (statement, college), without their authors (the query never selects the user)."""
    rows = await DiagnosisAnswer.select(
        DiagnosisAnswer.statement, DiagnosisAnswer.college, DiagnosisAnswer.score
    ).where(DiagnosisAnswer.diagnosis == diagnosis_id)
    scores: Scores = defaultdict(list)
    for row in rows:
        scores[(row["statement"], row["college"])].append(row["score"])
    return scores


def _college_results(
    figures: dict[str, rules.CollegeFigure], previous: dict[str, rules.CollegeFigure] | None
) -> list[CollegeResult]:
    out = []
    for college, label in rules.COLLEGES.items():
        fig = figures[college]
        before = previous[college].mean if previous is not None else None
        out.append(
            CollegeResult(
                college=college,
                label=label,
                respondents=fig.respondents,
                mean=fig.mean,
                shown=shown(fig.mean),
                previous_mean=before,
                change=rules.delta(fig.mean, before),
            )
        )
    return out


def _figures(scores: Scores, statement_id: int) -> dict[str, rules.CollegeFigure]:
    return {c: rules.figure(c, scores.get((statement_id, c), [])) for c in rules.COLLEGES}


def _dimension_figures(
    statements: list[dict[str, Any]], scores: Scores, dimension: str
) -> dict[str, rules.CollegeFigure]:
    """A college's favourable appreciation of a dimension (brakes reversed), over the statements it answered as a
    college of at least two respondents."""
    out: dict[str, rules.CollegeFigure] = {}
    for college in rules.COLLEGES:
        means = []
        respondents = 0
        for s in statements:
            if s["dimension"] != dimension:
                continue
            values = [rules.oriented(v, s["kind"]) for v in scores.get((s["id"], college), [])]
            fig = rules.figure(college, values)
            respondents = max(respondents, fig.respondents)
            if fig.mean is not None:
                means.append(fig.mean)
        mean = round(sum(means) / len(means), 2) if means else None
        out[college] = rules.CollegeFigure(college=college, respondents=respondents, mean=mean)
    return out


async def _facts(row: dict[str, Any]) -> dict[str, list[IndicatorFact]] | None:
    """The organisation's dialogue-quality indicators over the campaign's period, from the indicators module."""
    try:
        report = await indicators.organization_report(
            organization_id=row["organization"],
            from_date=as_date(row["period_start"]),
            to_date=as_date(row["period_end"]),
        )
    except DomainError:
        return None
    by_code = {item.code: item for item in report.items}
    facts: dict[str, list[IndicatorFact]] = {}
    for dimension, codes in rules.DIMENSION_INDICATORS.items():
        facts[dimension] = [
            IndicatorFact(
                code=item.code,
                label=item.label,
                value=item.value,
                unit=item.unit,
                shown=written(item.value, item.unit),
                status=item.status,
                status_label=item.status_label,
                signal=item.status in {"alert", "warning"},
            )
            for code in codes
            if (item := by_code.get(code)) is not None
        ]
    return facts


async def diagnosis_results(*, actor: Actor, diagnosis_id: int) -> DiagnosisResults:
    """The results for the organisers and the three colleges once closed or published (409 before)."""
    _, row = await diagnosis_row(actor=actor, diagnosis_id=diagnosis_id)
    if not results_readable(row):
        raise InvalidState(
            "Les résultats se lisent une fois le diagnostic clos, ou quand l'organisateur les publie.",
            code="results_not_available",
        )
    statements = await statements_of(diagnosis_id)
    scores = await _scores(diagnosis_id)
    previous_row = (
        await Diagnosis.select(Diagnosis.id, Diagnosis.title).where(Diagnosis.id == row["previous"]).first()
        if row["previous"] is not None
        else None
    )
    previous_by_code: dict[str, dict[str, rules.CollegeFigure]] = {}
    previous_dimensions: dict[str, dict[str, rules.CollegeFigure]] = {}
    if previous_row is not None:
        old_statements = await statements_of(previous_row["id"])
        old_scores = await _scores(previous_row["id"])
        previous_by_code = {s["code"]: _figures(old_scores, s["id"]) for s in old_statements}
        previous_dimensions = {d: _dimension_figures(old_statements, old_scores, d) for d in rules.DIMENSIONS}
    actions: dict[int, list[int]] = defaultdict(list)
    for action in await DiagnosisAction.select(DiagnosisAction.id, DiagnosisAction.statement).where(
        DiagnosisAction.diagnosis == diagnosis_id
    ):
        if action["statement"] is not None:
            actions[action["statement"]].append(action["id"])

    results = []
    for s in statements:
        figures = _figures(scores, s["id"])
        before = previous_by_code.get(s["code"])
        pair = rules.apart(figures.values())
        results.append(
            StatementResult(
                statement_id=s["id"],
                code=s["code"],
                dimension=s["dimension"],
                kind=s["kind"],
                text=s["text"],
                colleges=_college_results(figures, before),
                gap=rules.gap_of(figures.values()),
                apart=list(pair) if pair else [],
                previous_gap=rules.gap_of(before.values()) if before else None,
                action_ids=actions.get(s["id"], []),
            )
        )
    position = {s["id"]: s["position"] for s in statements}
    results.sort(key=lambda r: rules.gap_order(r.gap, position[r.statement_id]))
    facts = await _facts(row)
    dimensions = [
        DimensionResult(
            dimension=d,
            label=label,
            hint=rules.DIMENSION_HINTS[d],
            colleges=_college_results(_dimension_figures(statements, scores, d), previous_dimensions.get(d)),
            indicators=(facts or {}).get(d, []),
        )
        for d, label in rules.DIMENSIONS.items()
    ]
    return DiagnosisResults(
        diagnosis_id=diagnosis_id,
        title=row["title"],
        period_start=as_date(row["period_start"]),
        period_end=as_date(row["period_end"]),
        status=row["status"],
        min_respondents=rules.MIN_RESPONDENTS,
        previous_id=previous_row["id"] if previous_row else None,
        previous_title=previous_row["title"] if previous_row else None,
        participation=await participation(diagnosis_id, row["organization"]),
        statements=results,
        dimensions=dimensions,
        indicators_available=facts is not None,
        notice=NOTICE,
    )
