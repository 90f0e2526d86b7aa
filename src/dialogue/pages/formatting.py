"""Dates as people read them: « lundi 3 mars 2026, 14 h 00 » (French first, Babel for names)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date

from dialogue.pages.i18n import Lang


def long_date(day: date, lang: Lang = "fr") -> str:
    """« lundi 3 mars 2026 » / "Monday 3 March 2026"."""
    if lang == "en":
        return format_date(day, "EEEE d MMMM y", locale="en_GB")
    text = format_date(day, "EEEE d MMMM y", locale="fr_FR")
    return text.replace(" 1 ", " 1er ", 1) if day.day == 1 else text


def long_datetime(moment: datetime, tz: ZoneInfo, lang: Lang = "fr") -> str:
    """« lundi 3 mars 2026, 14 h 00 » in the organisation's zone."""
    local = moment.astimezone(tz)
    if lang == "en":
        return f"{long_date(local.date(), lang)}, {local:%H:%M}"
    return f"{long_date(local.date(), lang)}, {local.hour} h {local.minute:02d}"


def short_date(day: date, lang: Lang = "fr") -> str:
    return day.strftime("%d/%m/%Y") if lang == "fr" else day.strftime("%d %b %Y")
