"""The yearly calendar: meetings a body owes (L2315-21, L2315-28, L2312-19, L2315-27, L2316-15), a proposed plan,
what it lacks, and the horizon beyond which a date is a typing error."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import pairwise

from dialogue.core.clock import PARIS
from dialogue.core.errors import InvalidRuleInput
from dialogue.core.regime import Regime, required_ordinary_meetings
from dialogue.core.workdays import is_jour_ouvre
from dialogue.meetings.rules.base import aware

# --- Yearly calendar (L2315-21, L2315-28, L2312-19, L2315-27) ------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedMeeting:
    start: datetime
    treats_ssct: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class CalendarGap:
    missing_ordinary: int
    missing_ssct: int
    messages: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.messages


def _periods(year: int, n: int) -> list[tuple[date, date]]:
    """Split the year into n [start, end) periods, on month boundaries when n divides 12."""
    if 12 % n == 0:
        starts = [date(year, 1 + i * 12 // n, 1) for i in range(n)] + [date(year + 1, 1, 1)]
    else:
        total = (date(year + 1, 1, 1) - date(year, 1, 1)).days
        starts = [date(year, 1, 1) + timedelta(days=i * total // n) for i in range(n + 1)]
    return list(pairwise(starts))


def year_periods(year: int, n: int) -> list[tuple[date, date]]:
    """The n [start, end) periods of `year` that `plan_year` places one meeting in, in order."""
    return _periods(year, n)


def _pick_day(period: tuple[date, date], *, weekday: int, occurrence: int, alsace_moselle: bool) -> date:
    start, end = period
    preferred = start + timedelta(days=(weekday - start.weekday()) % 7 + 7 * (occurrence - 1))
    days = (start + timedelta(days=i) for i in range((end - start).days))
    usable = [d for d in days if is_jour_ouvre(d, alsace_moselle=alsace_moselle)]
    return min(usable, key=lambda d: (d.weekday() != weekday, abs((d - preferred).days), d < preferred))


def _ssct_indices(days: Sequence[date], *, year: int, count: int) -> set[int]:
    chosen: set[int] = set()
    for start, end in _periods(year, count) if count else []:
        free = [i for i in range(len(days)) if i not in chosen]
        inside = [i for i in free if start <= days[i] < end]
        chosen.add(inside[0] if inside else min(free, key=lambda i: abs((days[i] - start).days)))
    return chosen


def plan_year(
    *,
    year: int,
    regime: Regime,
    agreed_ordinary: int | None = None,
    ssct_count: int | None = None,
    weekday: int = 1,
    occurrence: int = 2,
    at: time = time(14, 0),
    tz: tzinfo = PARIS,
    alsace_moselle: bool = False,
    count: int | None = None,
) -> tuple[PlannedMeeting, ...]:
    """Propose the ordinary meetings of `year` (count from the regime or the agreement, L2315-21/L2315-28/L2312-19),
    one per equal period: the `occurrence`-th `weekday` of the period or, on a public holiday, the same weekday a
    week later (else earlier) within the period, at wall-clock time `at` in `tz`. SSCT meetings (L2315-27, 4 by
    default) are the first meeting of each quarter, or of each 1/ssct_count of the year. `count` replaces the
    regime's number for bodies with their own frequency (e.g. a CSE central, L2316-15)."""
    count = required_ordinary_meetings(regime=regime, agreed=agreed_ordinary) if count is None else count
    ssct = regime.ssct_meetings_per_year if ssct_count is None else ssct_count
    if not 0 <= weekday <= 4 or not 1 <= occurrence <= 5:
        raise InvalidRuleInput("weekday must be Monday–Friday (0–4) and occurrence 1–5")
    if count > 52 or not 0 <= ssct <= count:
        raise InvalidRuleInput(f"cannot plan {count} meetings with {ssct} SSCT meetings in a year")
    days = [
        _pick_day(p, weekday=weekday, occurrence=occurrence, alsace_moselle=alsace_moselle)
        for p in (_periods(year, count) if count else [])
    ]
    ssct_at = _ssct_indices(days, year=year, count=ssct)
    return tuple(
        PlannedMeeting(start=datetime.combine(d, at.replace(tzinfo=None), tzinfo=tz), treats_ssct=i in ssct_at)
        for i, d in enumerate(days)
    )


def calendar_gap(
    *, planned_ordinary: int, planned_ssct: int, required_ordinary: int, required_ssct: int
) -> CalendarGap:
    """What the planned calendar lacks against the required counts (L2315-21/L2315-28/L2312-19; L2315-27)."""
    missing_ordinary = max(0, required_ordinary - planned_ordinary)
    missing_ssct = max(0, required_ssct - planned_ssct)
    messages: list[str] = []
    if missing_ordinary:
        messages.append(
            f"Il manque {missing_ordinary} réunion(s) ordinaire(s) sur les {required_ordinary} requises par an "
            "(art. L2315-21, L2315-28 ou accord selon L2312-19 du Code du travail)."
        )
    if missing_ssct:
        messages.append(
            f"Il manque {missing_ssct} réunion(s) traitant de santé, sécurité et conditions de travail sur les "
            f"{required_ssct} requises par an (art. L2315-27 du Code du travail)."
        )
    return CalendarGap(missing_ordinary=missing_ordinary, missing_ssct=missing_ssct, messages=tuple(messages))


# --- Yearly obligations, horizon ------------------------------------------------------------------------------

CENTRAL_MEETINGS_PER_YEAR = 2  # L2316-15: at least once every 6 months
MAX_YEARS_AHEAD = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class YearlyObligation:
    ordinary: int
    ssct: int
    basis: str


class NoLegalFrequency(InvalidRuleInput):
    """The body has no statutory meeting frequency and none was agreed."""


def yearly_obligation(*, body_kind: str, regime: Regime, agreed_ordinary: int | None) -> YearlyObligation:
    """Meetings a body owes in a year: a CSE from its regime or agreement (L2315-21, L2315-28, L2312-19) with
    4 SSCT meetings at >= 50 (L2315-27); a CSE central twice a year (L2316-15); other bodies only by agreement."""
    if body_kind == "cse":
        ordinary = required_ordinary_meetings(regime=regime, agreed=agreed_ordinary)
        basis = (
            "accord (L2312-19)" if agreed_ordinary is not None else ("L2315-28" if regime.full_remit else "L2315-21")
        )
        return YearlyObligation(ordinary=ordinary, ssct=min(regime.ssct_meetings_per_year, ordinary), basis=basis)
    if body_kind == "cse_central":
        ordinary = max(CENTRAL_MEETINGS_PER_YEAR, agreed_ordinary or 0)
        return YearlyObligation(ordinary=ordinary, ssct=0, basis="L2316-15")
    if agreed_ordinary is None:
        raise NoLegalFrequency(
            "Aucune fréquence légale de réunion pour cette instance : indiquez le nombre de réunions prévu par "
            "accord ou règlement intérieur."
        )
    return YearlyObligation(ordinary=agreed_ordinary, ssct=0, basis="accord ou règlement intérieur")


def too_far_ahead(*, starts_at: datetime, now: datetime, years: int = MAX_YEARS_AHEAD) -> bool:
    """A meeting more than `years` years away is almost surely a typing error (year 2205 for 2025)."""
    start, current = aware("starts_at", starts_at), aware("now", now)
    return start.astimezone(UTC) > current.astimezone(UTC) + timedelta(days=366 * years)
