"""Pure helpers of the indicators: histogram medians, month-end snapshots, pro-rated minimums, weights,
deadline outcomes, portable SQL fragments and the CSV export."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dialogue.indicators.catalog import ALL_SPECS, SPECS
from dialogue.indicators.rules import (
    DEFAULT_WEIGHTS,
    deadline_outcome,
    histogram_median,
    month_end,
    open_at_month_ends,
    percent,
    period_months,
    prorated_requirement,
)
from dialogue.indicators.rules import normalise_weights as weights_of
from dialogue.indicators.sql import Dialect, local_day_end_exclusive, local_day_start


@pytest.mark.parametrize(
    ("histogram", "expected"),
    [
        ({}, None),
        ({3.0: 1}, 3.0),
        ({2.0: 1, 7.0: 1}, 4.5),
        ({1.0: 2, 5.0: 1}, 1.0),
        ({1.0: 1, 2.0: 2, 10.0: 1}, 2.0),
        ({0.0: 0, 4.0: 3}, 4.0),
    ],
)
def test_histogram_median_equals_the_median_of_the_expanded_values(
    histogram: dict[float, int], expected: float | None
) -> None:
    assert histogram_median(histogram) == expected


def test_histogram_median_refuses_negative_counts() -> None:
    with pytest.raises(ValueError, match="négatif"):
        histogram_median({1.0: -1})


def test_open_items_at_month_ends() -> None:
    # Overdue from February, answered in April; overdue from March, never answered.
    counts = {("2023-02", "2023-04"): 2, ("2023-03", None): 1}
    assert open_at_month_ends(counts, ["2023-01", "2023-02", "2023-03", "2023-04"]) == {
        "2023-01": 0,
        "2023-02": 2,
        "2023-03": 3,
        "2023-04": 1,
    }


@pytest.mark.parametrize(
    ("per_year", "start", "end", "expected"),
    [
        (6, date(2024, 1, 1), date(2024, 12, 31), 6.0),  # a leap year is one year (L2315-28)
        (12, date(2023, 1, 1), date(2023, 12, 31), 12.0),
        (4, date(2020, 1, 1), date(2029, 12, 31), 40.0),
        (12, date(2023, 1, 1), date(2023, 1, 31), round(12 * 31 / 365, 2)),
        (6, date(2023, 7, 1), date(2024, 6, 30), 6.0),
        (6, date(2024, 2, 29), date(2025, 2, 28), 6.0),
    ],
)
def test_yearly_minimum_is_pro_rated_to_the_period(per_year: int, start: date, end: date, expected: float) -> None:
    assert prorated_requirement(per_year, start, end) == expected


def test_pro_rating_refuses_an_inverted_period() -> None:
    with pytest.raises(ValueError, match="précéder"):
        prorated_requirement(6, date(2024, 2, 1), date(2024, 1, 1))


def test_weights_override_defaults_one_by_one_and_refuse_nonsense() -> None:
    weights = weights_of({"attendance": 0.5})
    assert weights["attendance"] == 0.5
    assert weights["minutes_on_time"] == DEFAULT_WEIGHTS["minutes_on_time"]
    with pytest.raises(ValueError, match="inconnue"):
        weights_of({"humeur": 1})
    with pytest.raises(ValueError, match="invalide"):
        weights_of({"attendance": -0.1})
    with pytest.raises(ValueError, match="positif"):
        weights_of(dict.fromkeys(DEFAULT_WEIGHTS, 0.0))


@pytest.mark.parametrize(
    ("answered", "closed", "today", "expected"),
    [
        (date(2023, 3, 14), None, date(2023, 4, 1), "on_time"),  # answered on the 6th jour ouvrable (L2315-22)
        (date(2023, 3, 15), None, date(2023, 4, 1), "late"),
        (None, None, date(2023, 3, 15), "unanswered"),
        (None, None, date(2023, 3, 14), "pending"),
        (None, date(2023, 3, 10), date(2023, 4, 1), "settled"),
        (None, date(2023, 3, 20), date(2023, 4, 1), "unanswered"),
    ],
)
def test_deadline_outcome(answered: date | None, closed: date | None, today: date, expected: str) -> None:
    assert deadline_outcome(due_on=date(2023, 3, 14), answered_on=answered, closed_on=closed, today=today) == expected


def test_periods_and_months() -> None:
    assert period_months(date(2023, 11, 15), date(2024, 2, 1)) == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert month_end("2024-02") == date(2024, 2, 29)
    assert percent(1, 3) == 33.3
    assert percent(0, 0) is None


def test_local_days_are_bounded_in_utc() -> None:
    assert local_day_start(date(2023, 7, 1)) == datetime(2023, 6, 30, 22, tzinfo=UTC)
    assert local_day_end_exclusive(date(2023, 12, 31)) == datetime(2023, 12, 31, 23, tzinfo=UTC)


def test_sql_fragments_differ_by_engine_and_parameters_match_the_stored_format() -> None:
    sqlite, postgres = Dialect(sqlite=True), Dialect(sqlite=False)
    assert "AT TIME ZONE 'Europe/Paris'" in postgres.local_date("t")
    assert "weekday 0" in sqlite.local_date("t")
    assert sqlite.instant(datetime(2023, 3, 1, 10, tzinfo=UTC)) == "2023-03-01 10:00:00+00:00"
    assert sqlite.instant(datetime(2023, 3, 1, 10, 0, 0, 5, tzinfo=UTC)) == "2023-03-01 10:00:00.000005+00:00"
    assert postgres.day(date(2023, 3, 1)) == date(2023, 3, 1)
    assert sqlite.add_days("d", -2) == "date(d, '-2 days')"


def test_every_health_component_is_fed_by_exactly_one_indicator() -> None:
    fed = [spec.health_component for spec in ALL_SPECS if spec.health_component]
    assert len(fed) == len(set(fed))
    assert set(fed) <= set(DEFAULT_WEIGHTS)
    assert all(SPECS[code].unit == "%" for code in SPECS if SPECS[code].health_component)


@pytest.mark.parametrize(
    ("code", "value", "expected"),
    [
        ("questions_answered_on_time", 100.0, "ok"),
        ("questions_answered_on_time", 92.0, "warning"),
        ("questions_answered_on_time", 50.0, "alert"),
        ("questions_answer_delay", 6.0, "ok"),
        ("questions_answer_delay", 7.5, "warning"),
        ("register_entries_overdue", 0.0, "ok"),
        ("register_entries_overdue", 3.0, "alert"),
        ("dgi_alerts", 12.0, "ok"),
        ("attendance", None, "unknown"),
    ],
)
def test_statuses_against_documented_targets(code: str, value: float | None, expected: str) -> None:
    assert SPECS[code].status(value) == expected
