"""Headcount → legal regime (L2311-2, L2312-8, L2315-36, L2315-46, L2315-21, L2315-28, L2312-19, R2314-1)."""

from __future__ import annotations

import dataclasses

import pytest

from dialogue.core.regime import (
    HeadcountBand,
    InvalidAgreedMeetings,
    Regime,
    regime_for,
    required_ordinary_meetings,
    validate_agreed_ordinary_meetings,
)


@pytest.mark.parametrize(
    ("headcount", "band"),
    [
        (0, HeadcountBand.BELOW_11),
        (10, HeadcountBand.BELOW_11),
        (11, HeadcountBand.FROM_11_TO_49),
        (49, HeadcountBand.FROM_11_TO_49),
        (50, HeadcountBand.FROM_50_TO_299),
        (299, HeadcountBand.FROM_50_TO_299),
        (300, HeadcountBand.FROM_300),
        (5000, HeadcountBand.FROM_300),
    ],
)
def test_headcount_selects_the_band_at_the_11_50_300_thresholds(headcount: int, band: HeadcountBand) -> None:
    assert regime_for(headcount=headcount).band is band


@pytest.mark.parametrize(
    ("headcount", "cse", "full", "cssct", "egalite", "k1000", "minutes"),
    [
        (10, False, False, False, False, False, False),
        (11, True, False, False, False, False, False),
        (49, True, False, False, False, False, False),
        (50, True, True, False, False, False, True),
        (299, True, True, False, False, False, True),
        (300, True, True, True, True, False, True),
        (999, True, True, True, True, False, True),
        (1000, True, True, True, True, True, True),
    ],
)
def test_obligations_switch_on_at_their_thresholds_L2311_2_L2312_8_L2315_36_L2315_46(
    headcount: int, cse: bool, full: bool, cssct: bool, egalite: bool, k1000: bool, minutes: bool
) -> None:
    regime = regime_for(headcount=headcount)
    assert regime.cse_mandatory is cse
    assert regime.full_remit is full
    assert regime.cssct_mandatory is cssct
    assert regime.commission_egalite_mandatory is egalite
    assert regime.at_least_1000 is k1000
    assert regime.minutes_required is minutes


@pytest.mark.parametrize(
    ("headcount", "default", "floor"),
    [(10, 0, 0), (11, 12, 12), (49, 12, 12), (50, 6, 6), (299, 6, 6), (300, 12, 6), (2000, 12, 6)],
)
def test_default_and_minimum_ordinary_meetings_L2315_21_L2315_28_L2312_19(
    headcount: int, default: int, floor: int
) -> None:
    regime = regime_for(headcount=headcount)
    assert regime.default_ordinary_meetings_per_year == default
    assert regime.min_ordinary_meetings_by_agreement == floor


@pytest.mark.parametrize(("headcount", "expected"), [(10, 0), (49, 0), (50, 4), (300, 4)])
def test_four_ssct_meetings_and_four_inspections_a_year_from_50_L2315_27_R2312_4(headcount: int, expected: int) -> None:
    regime = regime_for(headcount=headcount)
    assert regime.ssct_meetings_per_year == expected
    assert regime.inspections_per_year == expected


@pytest.mark.parametrize(("headcount", "agreed"), [(50, 6), (50, 8), (300, 6), (30, 12), (30, 24)])
def test_agreed_meeting_count_at_or_above_the_floor_is_accepted_L2312_19(headcount: int, agreed: int) -> None:
    regime = regime_for(headcount=headcount)
    assert validate_agreed_ordinary_meetings(regime=regime, agreed=agreed) == agreed
    assert required_ordinary_meetings(regime=regime, agreed=agreed) == agreed


@pytest.mark.parametrize(
    ("headcount", "agreed", "article"),
    [(50, 5, "L2312-19"), (300, 4, "L2312-19"), (30, 11, "L2315-21"), (30, 6, "L2315-21"), (5, 12, "L2311-2")],
)
def test_agreed_meeting_count_below_the_floor_is_rejected_L2312_19_L2315_21(
    headcount: int, agreed: int, article: str
) -> None:
    with pytest.raises(InvalidAgreedMeetings, match=article):
        validate_agreed_ordinary_meetings(regime=regime_for(headcount=headcount), agreed=agreed)


def test_without_agreement_the_statutory_default_applies_L2315_28() -> None:
    assert required_ordinary_meetings(regime=regime_for(headcount=120)) == 6
    assert required_ordinary_meetings(regime=regime_for(headcount=450)) == 12


@pytest.mark.parametrize(
    ("headcount", "titulaires", "hours"),
    [
        (10, 0, 0),
        (11, 1, 10),
        (24, 1, 10),
        (25, 2, 10),
        (49, 2, 10),
        (50, 4, 18),
        (74, 4, 18),
        (75, 5, 19),
        (99, 5, 19),
        (100, 6, 21),
        (124, 6, 21),
        (125, 7, 21),
        (150, 8, 21),
        (175, 9, 21),
        (199, 9, 21),
        (200, 10, 22),
        (249, 10, 22),
        (250, 11, 22),
        (399, 11, 22),
        (400, 12, 22),
        (499, 12, 22),
        (500, 13, 24),
        (599, 13, 24),
    ],
)
def test_titulaires_and_delegation_hours_follow_the_R2314_1_table(headcount: int, titulaires: int, hours: int) -> None:
    regime = regime_for(headcount=headcount)
    assert regime.titulaires == titulaires
    assert regime.delegation_hours_per_month == hours


@pytest.mark.parametrize(
    ("headcount", "titulaires", "hours"),
    [
        (600, 14, 24),
        (799, 14, 24),
        (800, 15, 24),
        (999, 16, 24),
        (1000, 17, 24),
        (1499, 18, 24),
        (1500, 20, 26),
        (3499, 25, 26),
        (3500, 26, 27),
        (4000, 26, 28),
        (4999, 28, 28),
        (5000, 29, 29),
        (6750, 31, 30),
        (7750, 32, 32),
        (9999, 34, 34),
        (10_000, 35, 34),
        (250_000, 35, 34),
    ],
)
def test_R2314_1_rows_beyond_599_up_to_35_titulaires_at_10000(headcount: int, titulaires: int, hours: int) -> None:
    """R2314-1 goes on past 599 (DOMAIN §10, three concordant copies): no headcount raises any more."""
    regime = regime_for(headcount=headcount)
    assert (regime.titulaires, regime.delegation_hours_per_month) == (titulaires, hours)


def test_negative_headcount_is_rejected() -> None:
    with pytest.raises(ValueError, match="headcount"):
        regime_for(headcount=-1)


def test_regime_is_immutable() -> None:
    regime = Regime(headcount=60)
    with pytest.raises(dataclasses.FrozenInstanceError):
        regime.headcount = 70  # type: ignore[misc]
