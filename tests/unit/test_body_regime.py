"""A body's two scopes (core/regime.body_regime): attributions by the company over time (L2312-1, L2312-2,
L2312-3), seats and hours by the établissement distinct (R2314-1), CSSCT by either (L2315-36)."""

from __future__ import annotations

from datetime import date

import pytest

from dialogue.core.clock import add_months
from dialogue.core.regime import body_regime

TODAY = date(2026, 12, 6)


def test_l2312_1_establishment_cse_of_35_in_an_association_of_320_has_the_full_remit() -> None:
    """L2312-1 al. 3: attributions "définies en fonction de l'effectif de l'entreprise"; R2314-1 for the seats."""
    regime = body_regime(company_headcount=320, perimeter_headcount=35, today=TODAY)
    assert regime.full_remit
    assert regime.attributions.ssct_meetings_per_year == 4  # L2315-27
    assert regime.attributions.minutes_required  # D2315-26
    assert regime.attributions.inspections_per_year == 4  # R2312-4
    assert regime.recurrent_consultations
    assert (regime.seats.titulaires, regime.seats.delegation_hours_per_month) == (2, 10)  # R2314-1, 25-49
    assert "R2314-1" in regime.basis and "L2312-1" in regime.basis


def test_l2312_1_ministry_example_64_split_25_15_24_gives_every_establishment_cse_the_50_attributions() -> None:
    for establishment in (25, 15, 24):
        regime = body_regime(company_headcount=64, perimeter_headcount=establishment, today=TODAY)
        assert regime.full_remit
        assert regime.attributions.ssct_meetings_per_year == 4


@pytest.mark.parametrize(
    ("company", "establishment", "cssct"),
    [
        (320, None, True),  # the company's single CSE, or its CSE central
        (320, 35, False),  # a CSE d'établissement of 35: no CSSCT required there (L2315-37 may impose one)
        (320, 300, True),  # an établissement distinct of 300
        (120, None, False),
        (299, None, False),
        (300, None, True),
    ],
)
def test_l2315_36_cssct_in_companies_and_establishments_of_300(
    company: int, establishment: int | None, cssct: bool
) -> None:
    """L2315-36: "dans les entreprises d'au moins trois cents salariés" and "les établissements distincts d'au
    moins trois cents salariés": the perimeter of the CSE decides."""
    regime = body_regime(company_headcount=company, perimeter_headcount=establishment, today=TODAY)
    assert regime.cssct_mandatory is cssct


def test_l2312_2_the_50_attributions_wait_until_the_threshold_is_held_12_consecutive_months() -> None:
    reached = date(2026, 3, 1)
    before = body_regime(company_headcount=55, fifty_reached_on=reached, today=date(2027, 2, 28))
    assert not before.full_remit
    assert before.attributions.ssct_meetings_per_year == 0
    assert "L2312-2" in before.basis and "01/03/2027" in before.basis
    held = body_regime(company_headcount=55, fifty_reached_on=reached, today=date(2027, 3, 1))
    assert held.full_remit


def test_l2312_2_recurrent_consultations_start_12_months_after_the_threshold_was_held_12_months() -> None:
    reached = date(2025, 1, 15)  # held on 15/01/2026, recurrent consultations from 15/01/2027
    assert not body_regime(
        company_headcount=60, fifty_reached_on=reached, mandate_end=date(2029, 6, 30), today=date(2027, 1, 14)
    ).recurrent_consultations
    assert body_regime(
        company_headcount=60, fifty_reached_on=reached, mandate_end=date(2029, 6, 30), today=date(2027, 1, 15)
    ).recurrent_consultations


def test_l2312_2_less_than_a_year_of_mandate_left_the_delay_runs_from_the_renewal() -> None:
    """ "Dans le cas où, à l'expiration de ce délai de douze mois, le mandat restant à courir est inférieur à un
    an, ce délai court à compter de son renouvellement." Start would be 15/01/2027, the mandate ends 30/06/2027."""
    kwargs = {"company_headcount": 60, "fifty_reached_on": date(2025, 1, 15), "mandate_end": date(2027, 6, 30)}
    assert not body_regime(**kwargs, today=date(2027, 3, 1)).recurrent_consultations  # type: ignore[arg-type]
    assert not body_regime(**kwargs, today=date(2028, 6, 29)).recurrent_consultations  # type: ignore[arg-type]
    assert body_regime(**kwargs, today=date(2028, 6, 30)).recurrent_consultations  # type: ignore[arg-type]


def test_l2312_3_a_fall_below_50_during_the_mandate_changes_nothing_until_renewal() -> None:
    during = body_regime(
        company_headcount=42, headcount_at_election=58, mandate_end=date(2028, 5, 31), today=date(2026, 12, 6)
    )
    assert during.full_remit
    assert during.attributions.ssct_meetings_per_year == 4
    assert "L2312-3" in during.basis
    after_renewal = body_regime(
        company_headcount=42, headcount_at_election=58, mandate_end=date(2028, 5, 31), today=date(2028, 6, 1)
    )
    assert not after_renewal.full_remit


def test_a_company_under_50_elected_under_50_has_the_reduced_remit_and_no_recurrent_consultation() -> None:
    regime = body_regime(company_headcount=35, headcount_at_election=33, today=TODAY)
    assert not regime.full_remit
    assert not regime.recurrent_consultations
    assert regime.attributions.ssct_meetings_per_year == 0


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 3, 15), 12, date(2027, 3, 15)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
    ],
)
def test_add_months_keeps_the_day_or_the_last_day_of_a_shorter_month(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected
