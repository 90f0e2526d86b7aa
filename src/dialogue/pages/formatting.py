"""Dates as people read them, one format per context (issue 17): a page's facts read « lundi 7 décembre 2026 à
14 h 00 », lists and tables the short form « 07/12/2026 », the API ISO 8601 only (French first, Babel for names)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date, get_timezone_location

from dialogue.pages.i18n import Lang


def long_date(day: date, lang: Lang = "fr") -> str:
    """« lundi 3 mars 2026 » / "Monday 3 March 2026"."""
    if lang == "en":
        return format_date(day, "EEEE d MMMM y", locale="en_GB")
    text = format_date(day, "EEEE d MMMM y", locale="fr_FR")
    return text.replace(" 1 ", " 1er ", 1) if day.day == 1 else text


def long_datetime(moment: datetime, tz: ZoneInfo, lang: Lang = "fr") -> str:
    """« lundi 3 mars 2026 à 14 h 00 » / "Monday 3 March 2026 at 14:00", in the zone given."""
    local = moment.astimezone(tz)
    joiner = "at" if lang == "en" else "à"
    return f"{long_date(local.date(), lang)} {joiner} {clock_time(local, tz, lang)}"


def clock_time(moment: datetime, tz: ZoneInfo, lang: Lang = "fr") -> str:
    """« 14 h 00 » / "14:00", in the zone given."""
    local = moment.astimezone(tz)
    return f"{local:%H:%M}" if lang == "en" else f"{local.hour} h {local.minute:02d}"


def zone(name: str | None, default: ZoneInfo) -> ZoneInfo:
    """A meeting's own zone (IANA name), the organisation's when none or unknown."""
    if not name:
        return default
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return default


def short_date(day: date, lang: Lang = "fr") -> str:
    return day.strftime("%d/%m/%Y") if lang == "fr" else day.strftime("%d %b %Y")


def zone_name(tz: ZoneInfo, lang: Lang = "fr") -> str:
    """« heure de Martinique » / "Martinique time": the zone named by its place (Babel's CLDR names)."""
    place = get_timezone_location(tz, locale="fr_FR" if lang == "fr" else "en_GB")
    place = place.removeprefix("heure : ").removesuffix(" Time")
    return f"heure de {place}" if lang == "fr" else f"{place} time"


def meeting_when(starts_at: datetime, ends_at: datetime, name: str, org_tz: ZoneInfo, lang: Lang = "fr") -> str:
    """« lundi 3 mars 2026, de 14 h 00 à 16 h 00 » in the meeting's own zone, which is named when it is not the
    organisation's (« … (heure de Martinique) »): a meeting in Fort-de-France is read at its local hours."""
    tz = zone(name, org_tz)
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


def meeting_start(starts_at: datetime, name: str, org_tz: ZoneInfo, lang: Lang = "fr") -> str:
    """A meeting's start in lists, in its own zone, named when it is not the organisation's."""
    tz = zone(name, org_tz)
    text = long_datetime(starts_at, tz, lang)
    return f"{text} ({zone_name(tz, lang)})" if tz.key != org_tz.key else text
