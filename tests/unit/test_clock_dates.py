"""core/clock: the one reading of a date column (ISO text on SQLite, a date on PostgreSQL) and "today"."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dialogue.core.clock import PARIS, as_date, local_today, to_date, today_by_clock, utcnow
from tests.helpers.clock import FrozenClock


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (date(2026, 3, 1), date(2026, 3, 1)),
        (datetime(2026, 3, 1, 23, 30, tzinfo=UTC), date(2026, 3, 1)),
        ("2026-03-01", date(2026, 3, 1)),
        ("2026-03-01 10:00:00", date(2026, 3, 1)),
    ],
)
def test_as_date_reads_both_engines(value: object, expected: date | None) -> None:
    assert as_date(value) == expected


def test_to_date_refuses_null() -> None:
    assert to_date("2026-03-01") == date(2026, 3, 1)
    with pytest.raises(ValueError, match="NULL"):
        to_date(None)


def test_today_by_clock_follows_utcnow_in_local_days(frozen_clock: FrozenClock) -> None:
    frozen_clock.set(datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
    assert today_by_clock(PARIS) == date(2026, 3, 2)  # 00:30 in Paris
    assert today_by_clock(UTC) == date(2026, 3, 1)


def test_frozen_clock_moves_now_and_local_today_together(frozen_clock: FrozenClock) -> None:
    frozen_clock.set(date(2026, 3, 29))  # noon in Paris, the day summer time starts
    assert utcnow() == datetime(2026, 3, 29, 10, tzinfo=UTC)
    assert local_today() == date(2026, 3, 29)
