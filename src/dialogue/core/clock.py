"""Time: one place that says what "now" is, so rules stay pure and tests can move time."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
FRENCH_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
FRENCH_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def system_now() -> datetime:
    """The machine's clock, timezone-aware, in UTC."""
    return datetime.now(UTC)


#: Where every reading of "now" comes from: the one seam a test moves (tests/conftest.py `frozen_clock`).
now_source: Callable[[], datetime] = system_now


def utcnow() -> datetime:
    """The current instant, timezone-aware, in UTC."""
    return now_source()


def local_today(tz: tzinfo = PARIS) -> date:
    """Today's date in the organisation's zone (legal delays count in local days)."""
    return now_source().astimezone(tz).date()


def today_by_clock(tz: tzinfo = PARIS) -> date:
    """Today in `tz` as `utcnow` says: the date a service's rules use, moved when a test moves `utcnow`."""
    return utcnow().astimezone(tz).date()


def as_date(value: Any) -> date | None:
    """A date column or expression as read back: a date (or datetime) on PostgreSQL, ISO text on SQLite."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def as_datetime(value: Any) -> datetime:
    """A timestamp as read back by raw SQL: ISO text on SQLite, a datetime on PostgreSQL; naive means UTC."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def to_date(value: Any) -> date:
    """`as_date` for a column that is never null."""
    day = as_date(value)
    if day is None:
        raise ValueError("a date was expected, got NULL")
    return day


def to_local(moment: datetime, tz: tzinfo = PARIS) -> datetime:
    """Convert an aware instant to local time for display, ICS and emails."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: store and pass aware datetimes only")
    return moment.astimezone(tz)


def add_months(day: date, months: int) -> date:
    """Calendar months: the same day number `months` later, or the month's last day when it has no such day
    (31 Jan + 1 month = 28/29 Feb; CPC art. 641 for delays in months)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))
