"""Dates as people read them, in French first."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from dialogue.pages.formatting import long_date, long_datetime

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 3, 3, 13, 0, tzinfo=UTC), "mardi 3 mars 2026, 14 h 00"),
        (datetime(2026, 3, 30, 12, 5, tzinfo=UTC), "lundi 30 mars 2026, 14 h 05"),
        (datetime(2026, 6, 1, 7, 30, tzinfo=UTC), "lundi 1er juin 2026, 9 h 30"),
    ],
)
def test_french_long_datetime_in_paris_time(moment: datetime, expected: str) -> None:
    assert long_datetime(moment, PARIS) == expected


def test_english_long_date() -> None:
    assert long_date(date(2026, 3, 2), "en") == "Monday 2 March 2026"


def test_a_meeting_in_martinique_reads_its_own_hours_and_names_its_zone() -> None:
    from dialogue.pages.formatting import meeting_start, meeting_when

    start = datetime(2026, 12, 8, 18, 0, tzinfo=UTC)  # 14 h in Fort-de-France (UTC−4), 19 h in Paris
    end = datetime(2026, 12, 8, 20, 0, tzinfo=UTC)
    assert meeting_when(start, end, "America/Martinique", PARIS) == (
        "mardi 8 décembre 2026, de 14 h 00 à 16 h 00 (heure de Martinique)"
    )
    assert meeting_when(start, end, "Europe/Paris", PARIS) == "mardi 8 décembre 2026, de 19 h 00 à 21 h 00"
    assert meeting_when(start, end, "America/Martinique", PARIS, "en") == (
        "Tuesday 8 December 2026, 14:00 to 16:00 (Martinique time)"
    )
    assert meeting_start(start, "America/Martinique", PARIS) == "mardi 8 décembre 2026, 14 h 00 (heure de Martinique)"
    assert meeting_start(start, "", PARIS) == "mardi 8 décembre 2026, 19 h 00"
