"""Jours ouvrables / jours ouvrés (L3132-3 Sunday rest, L3133-1 public holidays, L3134-13 Alsace-Moselle)."""

from __future__ import annotations

from datetime import date

import pytest

from dialogue.core.workdays import (
    add_jours_ouvrables,
    add_jours_ouvres,
    is_jour_ouvrable,
    is_jour_ouvre,
    is_public_holiday,
    jours_ouvrables_between,
    jours_ouvres_between,
    public_holidays,
    subtract_jours_ouvrables,
    subtract_jours_ouvres,
)

NATIONAL_HOLIDAYS_2025 = [
    date(2025, 1, 1),  # Jour de l'an
    date(2025, 4, 21),  # Lundi de Pâques
    date(2025, 5, 1),  # Fête du travail
    date(2025, 5, 8),  # Victoire 1945
    date(2025, 5, 29),  # Ascension
    date(2025, 6, 9),  # Lundi de Pentecôte
    date(2025, 7, 14),  # Fête nationale
    date(2025, 8, 15),  # Assomption
    date(2025, 11, 1),  # Toussaint
    date(2025, 11, 11),  # Armistice
    date(2025, 12, 25),  # Noël
]
ALSACE_MOSELLE_ONLY = [date(2025, 4, 18), date(2025, 12, 26), date(2028, 4, 14), date(2028, 12, 26)]


@pytest.mark.parametrize("day", NATIONAL_HOLIDAYS_2025)
def test_national_public_holidays_are_neither_ouvrables_nor_ouvres_L3133_1(day: date) -> None:
    assert is_public_holiday(day)
    assert not is_jour_ouvrable(day)
    assert not is_jour_ouvre(day)


@pytest.mark.parametrize("day", ALSACE_MOSELLE_ONLY)
def test_good_friday_and_26_december_are_holidays_only_in_alsace_moselle_L3134_13(day: date) -> None:
    assert is_jour_ouvrable(day)
    assert not is_jour_ouvrable(day, alsace_moselle=True)
    assert not is_jour_ouvre(day, alsace_moselle=True)


def test_2028_holidays_follow_easter_ascension_and_whit_monday_L3133_1() -> None:
    assert {date(2028, 4, 17), date(2028, 5, 25), date(2028, 6, 5)} <= public_holidays(2028)
    assert date(2028, 4, 14) not in public_holidays(2028)


def test_holiday_sets_are_cached_per_year_and_region() -> None:
    assert public_holidays(2026) is public_holidays(2026)
    assert public_holidays(2026, alsace_moselle=True) is not public_holidays(2026)


@pytest.mark.parametrize(
    ("day", "ouvrable", "ouvre"),
    [
        (date(2025, 1, 6), True, True),  # Monday
        (date(2025, 1, 10), True, True),  # Friday
        (date(2025, 1, 11), True, False),  # Saturday: ouvrable, not ouvré
        (date(2025, 1, 12), False, False),  # Sunday: weekly rest, L3132-3
    ],
)
def test_saturday_is_ouvrable_but_not_ouvre_and_sunday_is_neither(day: date, ouvrable: bool, ouvre: bool) -> None:
    assert is_jour_ouvrable(day) is ouvrable
    assert is_jour_ouvre(day) is ouvre


def test_jour_ouvre_follows_a_custom_working_week() -> None:
    tuesday_to_saturday = frozenset({1, 2, 3, 4, 5})
    assert is_jour_ouvre(date(2025, 1, 11), workweek=tuesday_to_saturday)
    assert not is_jour_ouvre(date(2025, 1, 6), workweek=tuesday_to_saturday)


@pytest.mark.parametrize("workweek", [frozenset(), frozenset({7})])
def test_invalid_working_week_is_rejected(workweek: frozenset[int]) -> None:
    with pytest.raises(ValueError, match="workweek"):
        add_jours_ouvres(date(2025, 1, 6), 1, workweek=workweek)


@pytest.mark.parametrize(
    ("start", "n", "alsace_moselle", "expected"),
    [
        (date(2025, 1, 3), 0, False, date(2025, 1, 3)),  # zero days: the start itself
        (date(2025, 1, 3), 1, False, date(2025, 1, 4)),  # counting starts the day after; Saturday counts
        (date(2025, 1, 4), 1, False, date(2025, 1, 6)),  # Sunday skipped
        (date(2025, 4, 30), 1, False, date(2025, 5, 2)),  # 1 May skipped
        (date(2025, 5, 6), 6, False, date(2025, 5, 14)),  # L2315-22 answer: 8 May and Sunday 11 skipped
        (date(2025, 5, 28), 1, False, date(2025, 5, 30)),  # Ascension skipped
        (date(2025, 7, 12), 1, False, date(2025, 7, 15)),  # Sunday and 14 July skipped
        (date(2025, 11, 10), 1, False, date(2025, 11, 12)),  # 11 November skipped
        (date(2025, 12, 24), 1, False, date(2025, 12, 26)),  # Christmas skipped
        (date(2025, 12, 24), 1, True, date(2025, 12, 27)),  # ... and 26 December in Alsace-Moselle
        (date(2025, 4, 17), 1, True, date(2025, 4, 19)),  # Good Friday in Alsace-Moselle
        (date(2025, 12, 31), 1, False, date(2026, 1, 2)),  # New Year across the year boundary
        (date(2028, 2, 28), 1, False, date(2028, 2, 29)),  # leap day counts
    ],
)
def test_add_jours_ouvrables_counts_from_the_day_after_and_skips_sundays_and_holidays(
    start: date, n: int, alsace_moselle: bool, expected: date
) -> None:
    assert add_jours_ouvrables(start, n, alsace_moselle=alsace_moselle) == expected
    assert jours_ouvrables_between(start, expected, alsace_moselle=alsace_moselle) == n


@pytest.mark.parametrize(
    ("meeting", "expected"),
    [
        (date(2025, 5, 13), date(2025, 5, 10)),  # Tuesday meeting: Monday, then Saturday (Sunday skipped)
        (date(2025, 5, 30), date(2025, 5, 27)),  # Friday after Ascension
        (date(2025, 6, 11), date(2025, 6, 7)),  # Whit Monday and Sunday skipped
    ],
)
def test_written_note_is_due_two_jours_ouvrables_before_the_meeting_L2315_22(meeting: date, expected: date) -> None:
    assert subtract_jours_ouvrables(meeting, 2) == expected


@pytest.mark.parametrize(
    ("start", "n", "alsace_moselle", "expected"),
    [
        (date(2025, 1, 3), 1, False, date(2025, 1, 6)),  # weekend skipped
        (date(2025, 6, 6), 1, False, date(2025, 6, 10)),  # Whit Monday skipped
        (date(2025, 7, 11), 1, False, date(2025, 7, 15)),  # 14 July skipped
        (date(2025, 4, 17), 1, True, date(2025, 4, 22)),  # Good Friday, weekend, Easter Monday
        (date(2028, 2, 25), 2, False, date(2028, 2, 29)),  # leap year
    ],
)
def test_add_jours_ouvres_skips_weekends_and_holidays(
    start: date, n: int, alsace_moselle: bool, expected: date
) -> None:
    assert add_jours_ouvres(start, n, alsace_moselle=alsace_moselle) == expected
    assert subtract_jours_ouvres(expected, n, alsace_moselle=alsace_moselle) == start
    assert jours_ouvres_between(start, expected, alsace_moselle=alsace_moselle) == n


@pytest.mark.parametrize("n", range(0, 40, 3))
def test_between_is_the_inverse_of_add_across_a_holiday_rich_spring(n: int) -> None:
    start = date(2025, 4, 15)
    assert jours_ouvrables_between(start, add_jours_ouvrables(start, n)) == n
    assert jours_ouvres_between(start, add_jours_ouvres(start, n)) == n


def test_between_is_negative_when_dates_are_reversed() -> None:
    assert jours_ouvrables_between(date(2025, 1, 10), date(2025, 1, 6)) == -4
    assert jours_ouvres_between(date(2025, 1, 10), date(2025, 1, 6)) == -4


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [(date(2028, 2, 28), date(2028, 3, 1), 2), (date(2027, 2, 28), date(2027, 3, 1), 1)],
)
def test_leap_day_is_a_jour_ouvrable(a: date, b: date, expected: int) -> None:
    assert jours_ouvrables_between(a, b) == expected


@pytest.mark.parametrize("func", [add_jours_ouvrables, subtract_jours_ouvrables, add_jours_ouvres])
def test_negative_number_of_days_is_rejected(func: object) -> None:
    assert callable(func)
    with pytest.raises(ValueError, match=">= 0"):
        func(date(2025, 1, 6), -1)


# --- holidays worked in the establishment (DOMAIN.md §0.10: "habituellement non travaillés dans l'entreprise")


def test_every_library_holiday_has_a_stable_key_L3133_1_L3134_13() -> None:
    from dialogue.core.workdays import HOLIDAY_KEYS, holiday_keys_on

    for year in range(2000, 2041):
        for alsace in (False, True):
            for day in public_holidays(year, alsace_moselle=alsace):
                assert holiday_keys_on(day, alsace_moselle=alsace) <= set(HOLIDAY_KEYS), day


def test_two_holidays_on_one_day_give_both_keys_L3133_1() -> None:
    from dialogue.core.workdays import holiday_keys_on, is_non_worked_holiday

    # 1 May 2008 was also Ascension Day: working Ascension alone leaves the day non-worked.
    assert holiday_keys_on(date(2008, 5, 1)) == {"ascension_day", "labour_day"}
    assert is_non_worked_holiday(date(2008, 5, 1), worked_holidays=frozenset({"ascension_day"}))
    assert not is_non_worked_holiday(date(2008, 5, 1), worked_holidays=frozenset({"ascension_day", "labour_day"}))


def test_worked_holiday_counts_as_jour_ouvrable_habituellement_non_travailles() -> None:
    easter_monday, labour_day = date(2026, 4, 6), date(2026, 5, 1)
    worked = frozenset({"easter_monday", "labour_day"})
    assert not is_jour_ouvrable(easter_monday)
    assert is_jour_ouvrable(easter_monday, worked_holidays=worked)
    assert is_jour_ouvrable(labour_day, worked_holidays=worked)
    assert is_jour_ouvre(easter_monday, worked_holidays=worked)
    assert is_public_holiday(easter_monday)  # still a public holiday: only the counting changes


def test_l2315_22_six_jours_ouvrables_shorter_where_easter_monday_is_worked() -> None:
    # Meeting on Thursday 2 April 2026: Fri 3, Sat 4, (Sun 5), Mon 6 (Easter), Tue 7, Wed 8, Thu 9.
    assert add_jours_ouvrables(date(2026, 4, 2), 6) == date(2026, 4, 10)
    assert add_jours_ouvrables(date(2026, 4, 2), 6, worked_holidays=frozenset({"easter_monday"})) == date(2026, 4, 9)
    assert subtract_jours_ouvrables(date(2026, 4, 7), 2, worked_holidays=frozenset({"easter_monday"})) == date(
        2026, 4, 4
    )
    assert (
        jours_ouvrables_between(date(2026, 4, 2), date(2026, 4, 9), worked_holidays=frozenset({"easter_monday"})) == 6
    )


def test_unknown_holiday_keys_are_reported_sorted() -> None:
    from dialogue.core.workdays import unknown_holiday_keys

    assert unknown_holiday_keys(["easter_monday", "1_may", "bastille", "1_may"]) == ["1_may", "bastille"]
    assert unknown_holiday_keys(["whit_monday", "labour_day"]) == []


@pytest.mark.parametrize(
    ("day", "alsace", "expected"),
    [
        (date(2026, 4, 5), False, "L'échéance tombe un dimanche : aucun texte ne la reporte."),
        (date(2026, 4, 6), False, "L'échéance tombe un jour férié (lundi de Pâques) : aucun texte ne la reporte."),
        (
            date(2026, 12, 26),
            True,
            "L'échéance tombe un jour férié (26 décembre (Alsace-Moselle)) : aucun texte ne la reporte.",
        ),
        (date(2026, 12, 26), False, None),
        (date(2026, 4, 7), False, None),
    ],
)
def test_deadline_on_sunday_or_holiday_is_not_moved_but_warned(day: date, alsace: bool, expected: str | None) -> None:
    from dialogue.core.workdays import deadline_warning

    assert deadline_warning(day, alsace_moselle=alsace) == expected
