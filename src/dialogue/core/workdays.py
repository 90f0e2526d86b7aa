"""French working days: jours ouvrables and jours ouvrés, with the Alsace-Moselle extras.

- Jour ouvrable: every day except Sunday (weekly rest, L3132-3) and public holidays (jours fériés, L3133-1).
- Jour ouvré: a day the establishment works; Monday to Friday unless told otherwise, public holidays excluded.
- Alsace-Moselle (Bas-Rhin 67, Haut-Rhin 68, Moselle 57) adds Good Friday and 26 December (L3134-13).
  The `holidays` library applies Good Friday to the whole area, which is the common reading.

Counting (used by e.g. L2315-22): "N jours ouvrables after a date" starts the day after that date (the day
of the event does not count); "N before" likewise ends the day before.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import cache

import holidays

MONDAY_TO_FRIDAY: frozenset[int] = frozenset(range(5))
"""Default working week for jours ouvrés (date.weekday(): Monday is 0)."""

_SUNDAY = 6
_ALSACE_MOSELLE_SUBDIV = "57"  # "6AE" (Alsace) gives the same days in the holidays library
_ONE_DAY = timedelta(days=1)


@cache
def _holidays_of_year(year: int, alsace_moselle: bool) -> frozenset[date]:
    calendar = holidays.country_holidays("FR", years=year, subdiv=_ALSACE_MOSELLE_SUBDIV if alsace_moselle else None)
    return frozenset(calendar.keys())


def public_holidays(year: int, *, alsace_moselle: bool = False) -> frozenset[date]:
    """The French public holidays of `year` (L3133-1), plus Good Friday and 26 Dec. in Alsace-Moselle (L3134-13)."""
    return _holidays_of_year(year, alsace_moselle)


def is_public_holiday(d: date, *, alsace_moselle: bool = False) -> bool:
    """True on a jour férié (L3133-1; L3134-13 in Alsace-Moselle)."""
    return d in _holidays_of_year(d.year, alsace_moselle)


def is_jour_ouvrable(d: date, *, alsace_moselle: bool = False) -> bool:
    """Every day except Sunday and public holidays (L3132-3, L3133-1)."""
    return d.weekday() != _SUNDAY and not is_public_holiday(d, alsace_moselle=alsace_moselle)


def is_jour_ouvre(d: date, *, alsace_moselle: bool = False, workweek: frozenset[int] = MONDAY_TO_FRIDAY) -> bool:
    """A day of the establishment's working week (Monday–Friday by default) that is not a public holiday."""
    if not workweek or not workweek <= frozenset(range(7)):
        raise ValueError(f"workweek must be a non-empty set of weekdays 0-6, got {sorted(workweek)}")
    return d.weekday() in workweek and not is_public_holiday(d, alsace_moselle=alsace_moselle)


def _step(start: date, n: int, direction: int, counts: Callable[[date], bool]) -> date:
    if n < 0:
        raise ValueError(f"a number of days must be >= 0, got {n}")
    day, remaining = start, n
    while remaining:
        day += direction * _ONE_DAY
        if counts(day):
            remaining -= 1
    return day


def _count(a: date, b: date, counts: Callable[[date], bool]) -> int:
    if b < a:
        return -_count(b, a, counts)
    return sum(1 for offset in range(1, (b - a).days + 1) if counts(a + offset * _ONE_DAY))


def add_jours_ouvrables(start: date, n: int, *, alsace_moselle: bool = False) -> date:
    """The n-th jour ouvrable after `start` (`start` itself never counts); `start` when n == 0."""
    return _step(start, n, 1, lambda d: is_jour_ouvrable(d, alsace_moselle=alsace_moselle))


def subtract_jours_ouvrables(start: date, n: int, *, alsace_moselle: bool = False) -> date:
    """The n-th jour ouvrable before `start` (e.g. the note due 2 jours ouvrables before a meeting, L2315-22)."""
    return _step(start, n, -1, lambda d: is_jour_ouvrable(d, alsace_moselle=alsace_moselle))


def jours_ouvrables_between(a: date, b: date, *, alsace_moselle: bool = False) -> int:
    """Jours ouvrables d with a < d <= b (negative when b < a); inverse of `add_jours_ouvrables`."""
    return _count(a, b, lambda d: is_jour_ouvrable(d, alsace_moselle=alsace_moselle))


def add_jours_ouvres(
    start: date, n: int, *, alsace_moselle: bool = False, workweek: frozenset[int] = MONDAY_TO_FRIDAY
) -> date:
    """The n-th jour ouvré after `start` (`start` itself never counts); `start` when n == 0."""
    return _step(start, n, 1, lambda d: is_jour_ouvre(d, alsace_moselle=alsace_moselle, workweek=workweek))


def subtract_jours_ouvres(
    start: date, n: int, *, alsace_moselle: bool = False, workweek: frozenset[int] = MONDAY_TO_FRIDAY
) -> date:
    """The n-th jour ouvré before `start`."""
    return _step(start, n, -1, lambda d: is_jour_ouvre(d, alsace_moselle=alsace_moselle, workweek=workweek))


def jours_ouvres_between(
    a: date, b: date, *, alsace_moselle: bool = False, workweek: frozenset[int] = MONDAY_TO_FRIDAY
) -> int:
    """Jours ouvrés d with a < d <= b (negative when b < a); inverse of `add_jours_ouvres`."""
    return _count(a, b, lambda d: is_jour_ouvre(d, alsace_moselle=alsace_moselle, workweek=workweek))
