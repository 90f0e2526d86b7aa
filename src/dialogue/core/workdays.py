"""French working days: jours ouvrables and jours ouvrés, with the Alsace-Moselle extras.

- Jour ouvrable: every day except Sunday (weekly rest, L3132-3) and public holidays (jours fériés, L3133-1).
- Jour ouvré: a day the establishment works; Monday to Friday unless told otherwise, public holidays excluded.
- Alsace-Moselle (Bas-Rhin 67, Haut-Rhin 68, Moselle 57) adds Good Friday and 26 December (L3134-13).
  The `holidays` library applies Good Friday to the whole area, which is the common reading.

Counting (used by e.g. L2315-22): "N jours ouvrables after a date" starts the day after that date (the day
of the event does not count); "N before" likewise ends the day before.

Holidays worked in the establishment: a jour ouvrable excludes only the public holidays "habituellement non
travaillés dans l'entreprise" (DOMAIN.md §0.10, V). A 24/7 service (an EHPAD) works several of them: pass
their keys (`HOLIDAY_KEYS`) as `worked_holidays` and those days count as jours ouvrables (and jours ouvrés).
Default: none worked. A ministerial answer reads 1 May as never ouvrable; it stays configurable here.
No text extends a deadline that falls on a Sunday or a holiday: `deadline_warning` says so, nothing moves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache
from typing import Final

import holidays

MONDAY_TO_FRIDAY: frozenset[int] = frozenset(range(5))
"""Default working week for jours ouvrés (date.weekday(): Monday is 0)."""

_SUNDAY = 6
_ALSACE_MOSELLE_SUBDIV = "57"  # "6AE" (Alsace) gives the same days in the holidays library
_ONE_DAY = timedelta(days=1)


#: Stable keys of the French public holidays (L3133-1; L3134-13 for the last two), from the `holidays`
#: library's English names, with their French labels.
HOLIDAY_KEYS: Final[Mapping[str, str]] = {
    "new_years_day": "1er janvier",
    "easter_monday": "lundi de Pâques",
    "labour_day": "1er mai",
    "victory_day": "8 mai",
    "ascension_day": "Ascension",
    "whit_monday": "lundi de Pentecôte",
    "national_day": "14 juillet",
    "assumption_day": "Assomption (15 août)",
    "all_saints_day": "Toussaint (1er novembre)",
    "armistice_day": "11 novembre",
    "christmas_day": "Noël (25 décembre)",
    "good_friday": "Vendredi saint (Alsace-Moselle)",
    "saint_stephens_day": "26 décembre (Alsace-Moselle)",
}
_LIBRARY_NAMES: Final[Mapping[str, str]] = {
    "New Year's Day": "new_years_day",
    "Easter Monday": "easter_monday",
    "Labor Day": "labour_day",
    "Victory Day": "victory_day",
    "Ascension Day": "ascension_day",
    "Pentecost Monday": "whit_monday",
    "National Day": "national_day",
    "Assumption Day": "assumption_day",
    "All Saints' Day": "all_saints_day",
    "Armistice Day": "armistice_day",
    "Christmas Day": "christmas_day",
    "Good Friday": "good_friday",
    "Saint Stephen's Day": "saint_stephens_day",
}
NO_WORKED_HOLIDAYS: Final[frozenset[str]] = frozenset()


def unknown_holiday_keys(keys: Iterable[str]) -> list[str]:
    """The keys that are not in `HOLIDAY_KEYS` (sorted, without duplicates): the API refuses them."""
    return sorted({key for key in keys if key not in HOLIDAY_KEYS})


@lru_cache(maxsize=64)  # bounded: years come from requests (issue 15)
def _named_holidays_of_year(year: int, alsace_moselle: bool) -> Mapping[date, frozenset[str]]:
    calendar = holidays.country_holidays(
        "FR", years=year, subdiv=_ALSACE_MOSELLE_SUBDIV if alsace_moselle else None, language="en_US"
    )
    # Two holidays on one day come joined ("Ascension Day; Labor Day"); an unmapped name keeps its own key.
    return {
        day: frozenset(_LIBRARY_NAMES.get(name, name) for name in str(names).split("; "))
        for day, names in calendar.items()
    }


@lru_cache(maxsize=64)
def _holidays_of_year(year: int, alsace_moselle: bool) -> frozenset[date]:
    return frozenset(_named_holidays_of_year(year, alsace_moselle))


def holiday_keys_on(d: date, *, alsace_moselle: bool = False) -> frozenset[str]:
    """The keys of the public holidays falling on `d` (empty on an ordinary day)."""
    return _named_holidays_of_year(d.year, alsace_moselle).get(d, frozenset())


def is_non_worked_holiday(
    d: date, *, alsace_moselle: bool = False, worked_holidays: frozenset[str] = NO_WORKED_HOLIDAYS
) -> bool:
    """A public holiday not habitually worked in the establishment (one of its holidays is not in the set)."""
    return bool(holiday_keys_on(d, alsace_moselle=alsace_moselle) - worked_holidays)


def public_holidays(year: int, *, alsace_moselle: bool = False) -> frozenset[date]:
    """The French public holidays of `year` (L3133-1), plus Good Friday and 26 Dec. in Alsace-Moselle (L3134-13)."""
    return _holidays_of_year(year, alsace_moselle)


def is_public_holiday(d: date, *, alsace_moselle: bool = False) -> bool:
    """True on a jour férié (L3133-1; L3134-13 in Alsace-Moselle)."""
    return d in _holidays_of_year(d.year, alsace_moselle)


def is_jour_ouvrable(
    d: date, *, alsace_moselle: bool = False, worked_holidays: frozenset[str] = NO_WORKED_HOLIDAYS
) -> bool:
    """Every day except Sunday (L3132-3) and the public holidays (L3133-1) not habitually worked there."""
    return d.weekday() != _SUNDAY and not is_non_worked_holiday(
        d, alsace_moselle=alsace_moselle, worked_holidays=worked_holidays
    )


def is_jour_ouvre(
    d: date,
    *,
    alsace_moselle: bool = False,
    workweek: frozenset[int] = MONDAY_TO_FRIDAY,
    worked_holidays: frozenset[str] = NO_WORKED_HOLIDAYS,
) -> bool:
    """A day of the establishment's working week (Monday–Friday by default) that is not a non-worked holiday."""
    if not workweek or not workweek <= frozenset(range(7)):
        raise ValueError(f"workweek must be a non-empty set of weekdays 0-6, got {sorted(workweek)}")
    return d.weekday() in workweek and not is_non_worked_holiday(
        d, alsace_moselle=alsace_moselle, worked_holidays=worked_holidays
    )


def deadline_warning(d: date, *, alsace_moselle: bool = False) -> str | None:
    """A deadline on a Sunday or a public holiday is not moved (no text extends it): the warning to show."""
    if d.weekday() == _SUNDAY:
        return "L'échéance tombe un dimanche : aucun texte ne la reporte."
    keys = holiday_keys_on(d, alsace_moselle=alsace_moselle)
    if keys:
        names = ", ".join(HOLIDAY_KEYS.get(key, key) for key in sorted(keys))
        return f"L'échéance tombe un jour férié ({names}) : aucun texte ne la reporte."
    return None


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


def add_jours_ouvrables(
    start: date, n: int, *, alsace_moselle: bool = False, worked_holidays: frozenset[str] = NO_WORKED_HOLIDAYS
) -> date:
    """The n-th jour ouvrable after `start` (`start` itself never counts); `start` when n == 0."""
    return _step(
        start, n, 1, lambda d: is_jour_ouvrable(d, alsace_moselle=alsace_moselle, worked_holidays=worked_holidays)
    )


def subtract_jours_ouvrables(
    start: date, n: int, *, alsace_moselle: bool = False, worked_holidays: frozenset[str] = NO_WORKED_HOLIDAYS
) -> date:
    """The n-th jour ouvrable before `start` (e.g. the note due 2 jours ouvrables before a meeting, L2315-22)."""
    return _step(
        start, n, -1, lambda d: is_jour_ouvrable(d, alsace_moselle=alsace_moselle, worked_holidays=worked_holidays)
    )


def jours_ouvrables_between(
    a: date, b: date, *, alsace_moselle: bool = False, worked_holidays: frozenset[str] = NO_WORKED_HOLIDAYS
) -> int:
    """Jours ouvrables d with a < d <= b (negative when b < a); inverse of `add_jours_ouvrables`."""
    return _count(a, b, lambda d: is_jour_ouvrable(d, alsace_moselle=alsace_moselle, worked_holidays=worked_holidays))


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
