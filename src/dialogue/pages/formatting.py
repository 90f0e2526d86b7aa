"""Dates as people read them: « lundi 3 mars 2026, 14 h 00 » (French first, Babel for names)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, get_timezone_location

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


def zone_name(tz: ZoneInfo, lang: Lang = "fr") -> str:
    """« heure de Martinique » / "Martinique time": the zone named by its place (Babel's CLDR names)."""
    place = get_timezone_location(tz, locale="fr_FR" if lang == "fr" else "en_GB")
    place = place.removeprefix("heure : ").removesuffix(" Time")
    return f"heure de {place}" if lang == "fr" else f"{place} time"


def meeting_when(starts_at: datetime, ends_at: datetime, zone: str, org_tz: ZoneInfo, lang: Lang = "fr") -> str:
    """« lundi 3 mars 2026, de 14 h 00 à 16 h 00 » in the meeting's own zone, which is named when it is not the
    organisation's (« … (heure de Martinique) »): a meeting in Fort-de-France is read at its local hours."""
    tz = ZoneInfo(zone) if zone else org_tz
    start, end = starts_at.astimezone(tz), ends_at.astimezone(tz)
    if lang == "en":
        text = f"{long_date(start.date(), lang)}, {start:%H:%M} to {end:%H:%M}"
    else:
        text = f"{long_date(start.date(), lang)}, de {start.hour} h {start.minute:02d} à {end.hour} h {end.minute:02d}"
    if end.date() != start.date():
        text += f" ({long_date(end.date(), lang)})"
    if tz.key != org_tz.key:
        text += f" ({zone_name(tz, lang)})"
    return text


def meeting_start(starts_at: datetime, zone: str, org_tz: ZoneInfo, lang: Lang = "fr") -> str:
    """A meeting's start in lists, in its own zone, named when it is not the organisation's."""
    tz = ZoneInfo(zone) if zone else org_tz
    text = long_datetime(starts_at, tz, lang)
    return f"{text} ({zone_name(tz, lang)})" if tz.key != org_tz.key else text
