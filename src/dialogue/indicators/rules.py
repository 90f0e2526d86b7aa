"""Indicator maths: medians, shares, statuses, the health score and reporting periods.

Pure functions: no database, no clock. Periods are passed in, never read from "now".
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, Literal

from dialogue.core.svg import STATUS_WORDS

Status = Literal["ok", "warning", "alert", "unknown"]

STATUS_LABELS: Final[Mapping[str, str]] = STATUS_WORDS
"""French words shown next to the status colour (never colour alone): the charts' words, one vocabulary."""

DEFAULT_WEIGHTS: Final[Mapping[str, float]] = {
    # Élus actually sitting: without them the CSE cannot deliberate.
    "attendance": 0.15,
    # Convocation and agenda sent at least 3 days before the meeting (C. trav. L2315-30).
    "convocations_on_time": 0.15,
    # Minutes drawn up and sent within the agreed or regulatory delay (L2315-34, D2315-26).
    "minutes_on_time": 0.10,
    # Register questions answered in writing within 6 working days (L2315-22 in bodies under 50).
    "questions_answered_on_time": 0.15,
    # Consultations closed with a real opinion, not "deemed negative" after the delay ran out (R2312-6).
    "consultations_not_deemed_negative": 0.15,
    # Health, safety and working-conditions inspections done versus due (L2312-13, R2312-4).
    "ssct_inspections_done": 0.10,
    # Mandatory annual negotiations opened on schedule (L2242-1).
    "nao_on_schedule": 0.10,
    # Agendas drawn up jointly by the president and the secretary (L2315-29).
    "agendas_agreed_jointly": 0.10,
}
"""Weights of the health score's components (sum 1.0). Each component is a share in [0, 1].

Timeliness and answers weigh most: they are what élus feel first when dialogue degrades.
"""

INDICATOR_LABELS: Final[Mapping[str, str]] = {
    "attendance": "Présence des élus",
    "convocations_on_time": "Convocations dans les délais",
    "minutes_on_time": "Procès-verbaux dans les délais",
    "questions_answered_on_time": "Questions répondues dans les délais",
    "consultations_not_deemed_negative": "Consultations avec avis rendu",
    "ssct_inspections_done": "Inspections SSCT réalisées",
    "nao_on_schedule": "NAO engagées à temps",
    "agendas_agreed_jointly": "Ordres du jour arrêtés conjointement",
}
"""French labels of the health score's components."""

HEALTH_TARGET: Final = 75.0
"""Health score at or above which dialogue is "ok"; down to HEALTH_TARGET - HEALTH_MARGIN it is "warning"."""
HEALTH_MARGIN: Final = 25.0


def median(values: Iterable[float]) -> float | None:
    """The median, or None when there is nothing to measure (an empty period is not a zero)."""
    ordered = sorted(values)
    count = len(ordered)
    if count == 0:
        return None
    middle = count // 2
    if count % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def share(numerator: float, denominator: float) -> float | None:
    """numerator / denominator in [0, 1] terms, or None when nothing was due (denominator 0)."""
    if denominator < 0 or numerator < 0:
        raise ValueError("une part se calcule sur des effectifs positifs")
    if denominator == 0:
        return None
    return numerator / denominator


def status_for(value: float | None, target: float | None, *, higher_is_better: bool, warning_margin: float) -> Status:
    """Compare a value to its target: "ok" when met, "warning" within `warning_margin`, else "alert".

    The margin is absolute, in the value's unit (target 90 %, margin 10 → 80 to 90 % is "warning").
    A missing value is "unknown" (« n.d. »), neither "warning" nor "alert": nothing was due or measurable,
    so there is nothing to rate (issue 17). An indicator without a target is informational and always "ok".
    """
    if warning_margin < 0:
        raise ValueError("la marge d'alerte doit être positive ou nulle")
    if value is None:
        return "unknown"
    if target is None:
        return "ok"
    gap = (target - value) if higher_is_better else (value - target)
    gap = round(gap, 9)  # 0.1 + 0.2 must meet a 0.3 target
    if gap <= 0:
        return "ok"
    if gap <= warning_margin:
        return "warning"
    return "alert"


def health_score(
    components: Mapping[str, float | None], weights: Mapping[str, float] = DEFAULT_WEIGHTS
) -> float | None:
    """Weighted score 0–100 of the components that could be measured.

    Missing components (None, or absent) are left out and the other weights renormalised, so a body
    without negotiations is not punished for the NAO; None when nothing at all could be measured.
    Unknown codes are refused: a typo would otherwise silently drop a component.
    """
    unknown = sorted(set(components) - set(weights))
    if unknown:
        raise ValueError(f"composantes inconnues : {', '.join(unknown)}")
    total_weight = 0.0
    weighted = 0.0
    for code, weight in weights.items():
        if weight < 0:
            raise ValueError(f"poids négatif pour {code}")
        value = components.get(code)
        if value is None or weight == 0:
            continue
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"la composante {code} doit être comprise entre 0 et 1")
        total_weight += weight
        weighted += weight * value
    if total_weight == 0:
        return None
    return round(100 * weighted / total_weight, 6)


def health_status(score: float | None) -> Status:
    """Status of a health score: "ok" from 75, "warning" from 50, "alert" below, "unknown" when not measured."""
    return status_for(score, HEALTH_TARGET, higher_is_better=True, warning_margin=HEALTH_MARGIN)


def monthly_buckets(from_date: date, to_date: date) -> list[tuple[int, int]]:
    """Every (year, month) touched by the period, both ends included, in order."""
    if from_date > to_date:
        raise ValueError("la date de début doit précéder la date de fin")
    buckets: list[tuple[int, int]] = []
    year, month = from_date.year, from_date.month
    while (year, month) <= (to_date.year, to_date.month):
        buckets.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return buckets


def _is_month_start(day: date) -> bool:
    return day.day == 1


def _is_month_end(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def previous_period(from_date: date, to_date: date) -> tuple[date, date]:
    """The period of the same length ending the day before `from_date`.

    Whole calendar months map to the same number of whole months (March → February, Q2 → Q1);
    any other period maps to the same number of days.
    """
    if from_date > to_date:
        raise ValueError("la date de début doit précéder la date de fin")
    if _is_month_start(from_date) and _is_month_end(to_date):
        months = len(monthly_buckets(from_date, to_date))
        year, month = _add_months(from_date.year, from_date.month, -months)
        end = from_date - timedelta(days=1)
        return date(year, month, 1), end
    length = (to_date - from_date).days
    end = from_date - timedelta(days=1)
    return end - timedelta(days=length), end


# ---------------------------------------------------------------- aggregated inputs

MonthKey = str
"""A month as `YYYY-MM`, the key the SQL queries group by."""


def month_key(year: int, month: int) -> MonthKey:
    """(2026, 3) → "2026-03"."""
    return f"{year:04d}-{month:02d}"


def period_months(from_date: date, to_date: date) -> list[MonthKey]:
    """Keys of every month the period touches, in order."""
    return [month_key(y, m) for y, m in monthly_buckets(from_date, to_date)]


def month_end(key: MonthKey) -> date:
    """The last day of a `YYYY-MM` month."""
    year, month = int(key[:4]), int(key[5:7])
    return date(year, month, calendar.monthrange(year, month)[1])


def histogram_median(histogram: Mapping[float, int]) -> float | None:
    """Median of values given as {value: count} (what a GROUP BY returns); None when empty.

    The database groups rows by their delay and counts them; only those few (delay, count) pairs reach
    Python, so the median costs the number of distinct delays, not the number of records.
    """
    if any(count < 0 for count in histogram.values()):
        raise ValueError("un effectif ne peut pas être négatif")
    total = sum(histogram.values())
    if total == 0:
        return None
    ordered = sorted((value, count) for value, count in histogram.items() if count)
    lower_rank, upper_rank = (total - 1) // 2, total // 2
    seen = 0
    lower: float | None = None
    for value, count in ordered:
        if lower is None and lower_rank < seen + count:
            lower = value
        if upper_rank < seen + count:
            assert lower is not None
            return (lower + value) / 2
        seen += count
    raise AssertionError("unreachable")  # pragma: no cover


def percent(numerator: float, denominator: float) -> float | None:
    """A share in percent rounded to 0.1, or None when nothing was due (the unit shown is "%")."""
    value = share(numerator, denominator)
    return None if value is None else round(100 * value, 1)


def open_at_month_ends(
    opened_resolved: Mapping[tuple[MonthKey, MonthKey | None], int], months: Iterable[MonthKey]
) -> dict[MonthKey, int]:
    """How many items were open at the end of each month, from {(month opened, month resolved or None): count}.

    An item opened during month O and resolved during month R (None: not yet) is open at the end of every
    month M with O <= M < R. Used for "overdue now" figures: the month an entry became overdue, the month
    it was answered or closed.
    """
    result: dict[MonthKey, int] = {}
    for month in months:
        result[month] = sum(
            count
            for (opened, resolved), count in opened_resolved.items()
            if opened <= month and (resolved is None or resolved > month)
        )
    return result


def prorated_requirement(per_year: int, from_date: date, to_date: date) -> float:
    """A yearly legal minimum over a period, in proportion of its days (a full calendar year gives `per_year`).

    E.g. 6 ordinary meetings a year (L2315-28) over a half-year period require 3.
    """
    if from_date > to_date:
        raise ValueError("la date de début doit précéder la date de fin")
    if per_year < 0:
        raise ValueError("un minimum annuel ne peut pas être négatif")
    full_years = 0
    cursor = from_date
    # Whole calendar years count exactly (leap years included), the rest pro rata of 365 days.
    while True:
        try:
            next_start = cursor.replace(year=cursor.year + 1)
        except ValueError:  # 29 February
            next_start = date(cursor.year + 1, 3, 1)
        if next_start - timedelta(days=1) > to_date:
            break
        full_years += 1
        cursor = next_start
    remaining = (to_date - cursor).days + 1
    return round(per_year * (full_years + remaining / 365), 2)


def normalise_weights(overrides: Mapping[str, float] | None) -> dict[str, float]:
    """The health score's weights: the defaults, replaced code by code by an organisation's overrides.

    Weights need not sum to 1 (the score renormalises); a weight of 0 leaves a component out. Unknown
    codes and negative or all-zero weights are refused with ValueError.
    """
    weights = dict(DEFAULT_WEIGHTS)
    for code, weight in (overrides or {}).items():
        if code not in DEFAULT_WEIGHTS:
            raise ValueError(f"composante inconnue : {code}")
        if weight < 0 or weight != weight:  # NaN
            raise ValueError(f"poids invalide pour {code}")
        weights[code] = float(weight)
    if not any(weights.values()):
        raise ValueError("au moins une composante doit avoir un poids positif")
    return weights


Outcome = Literal["on_time", "late", "unanswered", "settled", "pending"]


def deadline_outcome(*, due_on: date, answered_on: date | None, closed_on: date | None, today: date) -> Outcome:
    """How an item with a deadline counts: answered on time or late, unanswered past its due date,
    settled by its authors before the deadline without an answer, or still pending (not yet due).

    "on_time" means answered on or before `due_on` (L2315-22: at the latest the 6th jour ouvrable).
    Only the first three count in a timeliness share; the last two are left out of its denominator.
    """
    if answered_on is not None:
        return "on_time" if answered_on <= due_on else "late"
    if closed_on is not None and closed_on <= due_on:
        return "settled"
    if due_on < today:
        return "unanswered"
    return "pending"


NaoOutcome = Literal["on_time", "late", "missed"]


@dataclass(frozen=True, slots=True)
class NaoDeadline:
    """One due opening of a NAO block: when it was due, what happened by the as-of day, the opening concerned."""

    due_on: date
    outcome: NaoOutcome
    opened_on: date | None


def nao_deadlines(
    openings: Sequence[date], *, next_due: Callable[[date], date], from_date: date, as_of: date
) -> list[NaoDeadline]:
    """Due openings of one NAO block falling in [from_date, as_of] and whether they were kept (L2242-1, L2242-13).

    Each opening makes the next one due after the periodicity in force (`next_due`, negotiations/rules). A due
    opening is "on_time" when the next opening came on or before it, "late" when it came after it but by
    `as_of`, "missed" when none came by `as_of`. A block never opened by `as_of` counts as one missed opening
    due at the start of the period: the employer has to engage it (L2242-1).
    """
    if from_date > as_of:
        return []
    done = sorted({day for day in openings if day <= as_of})
    if not done:
        return [NaoDeadline(due_on=from_date, outcome="missed", opened_on=None)]
    result = []
    for index, opened in enumerate(done):
        due = next_due(opened)
        if not from_date <= due <= as_of:
            continue
        following = done[index + 1] if index + 1 < len(done) else None
        if following is None:
            result.append(NaoDeadline(due_on=due, outcome="missed", opened_on=None))
        else:
            result.append(
                NaoDeadline(due_on=due, outcome="on_time" if following <= due else "late", opened_on=following)
            )
    return result
