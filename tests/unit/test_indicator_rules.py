"""Indicator maths: medians, shares, statuses, health score, reporting periods."""

from __future__ import annotations

from datetime import date

import pytest

from dialogue.indicators.rules import (
    DEFAULT_WEIGHTS,
    INDICATOR_LABELS,
    STATUS_LABELS,
    health_score,
    health_status,
    median,
    monthly_buckets,
    previous_period,
    share,
    status_for,
)


@pytest.mark.parametrize(
    ("values", "expected"),
    [([], None), ([4], 4.0), ([3, 1, 2], 2.0), ([4, 1, 3, 2], 2.5), ([1.5, 1.5], 1.5)],
)
def test_median(values: list[float], expected: float | None) -> None:
    assert median(values) == expected


def test_median_accepts_any_iterable() -> None:
    assert median(x for x in (10, 0, 5)) == 5.0


@pytest.mark.parametrize(("num", "den", "expected"), [(3, 4, 0.75), (0, 5, 0.0), (0, 0, None), (5, 0, None)])
def test_share_is_none_when_nothing_was_due(num: float, den: float, expected: float | None) -> None:
    assert share(num, den) == expected


def test_share_refuses_negative_counts() -> None:
    with pytest.raises(ValueError, match="positifs"):
        share(-1, 3)


@pytest.mark.parametrize(
    ("value", "target", "higher_is_better", "margin", "expected"),
    [
        (95, 90, True, 10, "ok"),
        (90, 90, True, 10, "ok"),
        (85, 90, True, 10, "warning"),
        (80, 90, True, 10, "warning"),
        (79.9, 90, True, 10, "alert"),
        (5, 10, False, 10, "ok"),
        (10, 10, False, 10, "ok"),
        (20, 10, False, 10, "warning"),
        (20.5, 10, False, 10, "alert"),
        (0.1 + 0.2, 0.3, True, 0, "ok"),
        (0.7 - 0.4, 0.3, False, 0, "ok"),
    ],
)
def test_status_against_target_and_margin(
    value: float, target: float, higher_is_better: bool, margin: float, expected: str
) -> None:
    assert status_for(value, target, higher_is_better=higher_is_better, warning_margin=margin) == expected


def test_missing_value_is_not_rated_it_reads_n_d() -> None:
    """Issue 17: « n.d. » is never rated « attention »: nothing measurable is not a warning."""
    assert status_for(None, 90, higher_is_better=True, warning_margin=10) == "unknown"
    assert STATUS_LABELS["unknown"] == "n.d."


def test_indicator_without_target_is_informational() -> None:
    assert status_for(3, None, higher_is_better=True, warning_margin=0) == "ok"


def test_zero_margin_goes_straight_to_alert() -> None:
    assert status_for(89.9, 90, higher_is_better=True, warning_margin=0) == "alert"


def test_negative_margin_is_refused() -> None:
    with pytest.raises(ValueError, match="marge"):
        status_for(1, 1, higher_is_better=True, warning_margin=-1)


def test_status_words_are_french() -> None:
    assert dict(STATUS_LABELS) == {"ok": "conforme", "warning": "attention", "alert": "alerte", "unknown": "n.d."}


def test_default_weights_cover_the_eight_components_and_sum_to_one() -> None:
    assert set(DEFAULT_WEIGHTS) == {
        "attendance",
        "convocations_on_time",
        "minutes_on_time",
        "questions_answered_on_time",
        "consultations_not_deemed_negative",
        "ssct_inspections_done",
        "nao_on_schedule",
        "agendas_agreed_jointly",
    }
    assert sum(DEFAULT_WEIGHTS.values()) == pytest.approx(1.0)
    assert set(INDICATOR_LABELS) == set(DEFAULT_WEIGHTS)


def test_health_score_of_perfect_dialogue_is_100() -> None:
    assert health_score(dict.fromkeys(DEFAULT_WEIGHTS, 1.0)) == 100.0


def test_health_score_is_the_weighted_mean() -> None:
    assert health_score({"a": 1.0, "b": 0.0}, {"a": 3, "b": 1}) == 75.0


def test_missing_components_are_renormalised_not_counted_as_zero() -> None:
    weights = {"a": 0.5, "b": 0.25, "c": 0.25}
    assert health_score({"a": 0.8, "b": None}, weights) == pytest.approx(80.0)
    assert health_score({"a": 0.8, "b": None, "c": 0.2}, weights) == pytest.approx(100 * (0.4 + 0.05) / 0.75)


def test_health_score_is_none_when_nothing_was_measured() -> None:
    assert health_score({}) is None
    assert health_score(dict.fromkeys(DEFAULT_WEIGHTS)) is None
    assert health_score({"a": 1.0}, {"a": 0}) is None


@pytest.mark.parametrize(
    ("components", "message"),
    [({"atendance": 1.0}, "inconnues"), ({"attendance": 1.2}, "entre 0 et 1"), ({"attendance": -0.1}, "entre 0 et 1")],
)
def test_health_score_refuses_bad_components(components: dict[str, float | None], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        health_score(components)


def test_health_score_refuses_negative_weights() -> None:
    with pytest.raises(ValueError, match="négatif"):
        health_score({"a": 1.0}, {"a": -1.0})


@pytest.mark.parametrize(
    ("score", "expected"),
    [(100, "ok"), (75, "ok"), (74.9, "warning"), (50, "warning"), (49.9, "alert"), (None, "unknown")],
)
def test_health_status_thresholds(score: float | None, expected: str) -> None:
    assert health_status(score) == expected


def test_monthly_buckets_cross_the_year() -> None:
    assert monthly_buckets(date(2024, 11, 15), date(2025, 2, 3)) == [(2024, 11), (2024, 12), (2025, 1), (2025, 2)]


def test_monthly_buckets_of_one_day() -> None:
    assert monthly_buckets(date(2025, 3, 31), date(2025, 3, 31)) == [(2025, 3)]


def test_periods_must_be_in_order() -> None:
    with pytest.raises(ValueError, match="précéder"):
        monthly_buckets(date(2025, 2, 1), date(2025, 1, 1))
    with pytest.raises(ValueError, match="précéder"):
        previous_period(date(2025, 2, 1), date(2025, 1, 1))


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # whole months map to whole months
        (date(2024, 3, 1), date(2024, 3, 31), (date(2024, 2, 1), date(2024, 2, 29))),
        (date(2025, 4, 1), date(2025, 6, 30), (date(2025, 1, 1), date(2025, 3, 31))),
        (date(2025, 1, 1), date(2025, 12, 31), (date(2024, 1, 1), date(2024, 12, 31))),
        (date(2025, 1, 1), date(2025, 1, 31), (date(2024, 12, 1), date(2024, 12, 31))),
        # anything else keeps the number of days
        (date(2025, 3, 11), date(2025, 3, 20), (date(2025, 3, 1), date(2025, 3, 10))),
        (date(2025, 3, 1), date(2025, 3, 1), (date(2025, 2, 28), date(2025, 2, 28))),
        (date(2025, 1, 5), date(2025, 2, 3), (date(2024, 12, 6), date(2025, 1, 4))),
    ],
)
def test_previous_period(start: date, end: date, expected: tuple[date, date]) -> None:
    assert previous_period(start, end) == expected
