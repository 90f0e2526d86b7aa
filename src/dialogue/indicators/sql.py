"""Portable SQL fragments for the indicator queries, on SQLite and PostgreSQL.

The two engines differ on dates: PostgreSQL has real `date`/`timestamptz` types and time zones, SQLite
stores ISO text (`YYYY-MM-DD`, and instants in UTC as `YYYY-MM-DD HH:MM:SS[.ffffff]+00:00`) and knows no
zone. Legal delays count in local days (Europe/Paris), so every instant is turned into its local calendar
day in SQL: PostgreSQL with `AT TIME ZONE`, SQLite with the EU summer-time rule (since 1996, directive
2000/84/CE: from the last Sunday of March to the last Sunday of October, both at 01:00 UTC) — the
integration tests check both against Python's zoneinfo around each change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from dialogue.core.clock import PARIS

ZONE_NAME = "Europe/Paris"


@dataclass(frozen=True, slots=True)
class Dialect:
    """SQL fragments for one engine. Expressions are inlined column expressions, never user input."""

    sqlite: bool

    def local_date(self, instant: str) -> str:
        """The Europe/Paris calendar day of a UTC instant, as a date (PostgreSQL) or ISO text (SQLite)."""
        if not self.sqlite:
            return f"CAST(({instant}) AT TIME ZONE '{ZONE_NAME}' AS DATE)"
        x = f"datetime({instant})"
        start = f"datetime(date(strftime('%Y', {x}) || '-03-25', 'weekday 0'), '+1 hour')"
        end = f"datetime(date(strftime('%Y', {x}) || '-10-25', 'weekday 0'), '+1 hour')"
        return f"date({x}, CASE WHEN {x} >= {start} AND {x} < {end} THEN '+2 hours' ELSE '+1 hour' END)"

    def month(self, day: str) -> str:
        """`YYYY-MM` of a date expression."""
        return f"strftime('%Y-%m', {day})" if self.sqlite else f"to_char({day}, 'YYYY-MM')"

    def days_between(self, start: str, end: str) -> str:
        """Whole calendar days from `start` to `end` (two date expressions), as an integer."""
        if self.sqlite:
            return f"CAST(julianday({end}) - julianday({start}) AS INTEGER)"
        return f"(({end}) - ({start}))"

    def add_days(self, day: str, days: int) -> str:
        """A date expression moved by a whole number of days."""
        if self.sqlite:
            return f"date({day}, '{days:+d} days')"
        return f"(({day}) + {int(days)})"

    def instant(self, moment: datetime) -> object:
        """An instant as a query parameter comparable with stored `Timestamptz` values."""
        utc = moment.astimezone(UTC)
        if self.sqlite:
            # Stored text is "YYYY-MM-DD HH:MM:SS[.ffffff]+00:00": compare in that very format.
            return utc.strftime("%Y-%m-%d %H:%M:%S") + (f".{utc.microsecond:06d}" if utc.microsecond else "") + "+00:00"
        return utc

    def day(self, value: date) -> object:
        """A date as a query parameter comparable with stored `Date` values."""
        return value.isoformat() if self.sqlite else value


def local_day_start(day: date) -> datetime:
    """The instant a local (Europe/Paris) day begins, in UTC: periods are local days, instants are stored in UTC."""
    return datetime.combine(day, time(0), PARIS).astimezone(UTC)


def local_day_end_exclusive(day: date) -> datetime:
    """The instant the local day after `day` begins (an exclusive upper bound)."""
    return local_day_start(day + timedelta(days=1))
