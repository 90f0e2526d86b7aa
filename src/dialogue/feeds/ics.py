"""A small, fast iCalendar (RFC 5545) writer for feeds and invitations.

The icalendar library costs ~0.3 ms per event to serialise; this writer renders each meeting's VEVENT
once per change (stored by the caller) and a feed is assembled by concatenation (`render_calendar`).
Output is deterministic: the same input always gives the same text, so ETags stay stable.

Times are written as `TZID=Europe/Paris` local time with one rule-based VTIMEZONE per calendar, except
a Paris wall time that is ambiguous (autumn change) or non-existent (spring change): those are
written in UTC (`...Z`), which every client reads the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

__all__ = [
    "CANCELLED_PREFIX",
    "CRLF",
    "DEFAULT_PRODID",
    "PARIS",
    "PARIS_TZID",
    "PARIS_VTIMEZONE",
    "CalAddress",
    "Method",
    "build_description",
    "cancelled_summary",
    "content_line",
    "escape_text",
    "fold_line",
    "format_date",
    "format_utc",
    "quote_param",
    "render_all_day_event",
    "render_calendar",
    "render_event",
]

CRLF = "\r\n"
PARIS_TZID = "Europe/Paris"
PARIS = ZoneInfo(PARIS_TZID)
DEFAULT_PRODID = "-//dialogue//dialogue//FR"
CANCELLED_PREFIX = "ANNULÉ – "

Method = Literal["PUBLISH", "REQUEST", "CANCEL"]
_METHODS = frozenset({"PUBLISH", "REQUEST", "CANCEL"})

_MAX_OCTETS = 75
# TEXT (RFC 5545 §3.3.11): backslash first, then ; and , ; line breaks become \n; other controls dropped.
_TEXT_SPECIALS = re.compile(r"[\\;,\n]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NEWLINES = re.compile(r"\r\n|\r")
# Characters that force a parameter value into a quoted-string (RFC 5545 §3.1 param-value).
_PARAM_NEEDS_QUOTES = re.compile(r"[;:,]|^\s|\s$")
_NOT_IN_URI = re.compile(r'[\s"\x00-\x1f\x7f]')
_DURATION = re.compile(r"^P(?:\d+W|(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?)$")


@dataclass(frozen=True, slots=True)
class CalAddress:
    """A calendar user (RFC 5545 §3.3.3 CAL-ADDRESS): a bare e-mail address plus an optional display name.

    As an ATTENDEE, `participant` False writes ROLE=NON-PARTICIPANT and RSVP=FALSE (RFC 5545 §3.2.16-17): someone
    sent the agenda for information, not convoked, is not asked to answer (issue 13).
    """

    email: str
    name: str | None = None
    participant: bool = True
    #: False for a participant not asked to answer (an external invitee, L2314-3): ROLE=OPT-PARTICIPANT, RSVP=FALSE.
    rsvp: bool = True

    def __post_init__(self) -> None:
        if not self.email or any(c.isspace() or c in '<>:;,"' for c in self.email) or "@" not in self.email:
            raise ValueError(f"not a bare e-mail address: {self.email!r}")

    @property
    def uri(self) -> str:
        """The `mailto:` URI, bare (RFC 6068; not `mailto:Name <addr>`)."""
        return f"mailto:{self.email}"


# --------------------------------------------------------------------------------------------------
# Low-level: escaping, parameters, folding, values
# --------------------------------------------------------------------------------------------------


def escape_text(value: str) -> str:
    r"""Escape a TEXT value (RFC 5545 §3.3.11): `\\`, `\;`, `\,`, `\n`; `:` and `"` stay as they are."""
    if "\r" in value:
        value = _NEWLINES.sub("\n", value)
    if _CONTROLS.search(value):
        value = _CONTROLS.sub("", value)
    if not _TEXT_SPECIALS.search(value):
        return value
    # str.replace is several times faster than str.translate here; backslash must go first.
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def quote_param(value: str) -> str:
    """Encode a parameter value (RFC 6868 `^^ ^n ^'`), quoted when it holds `;`, `:` or `,` (RFC 5545 §3.2)."""
    value = _NEWLINES.sub("\n", value)
    value = value.replace("^", "^^").replace("\n", "^n").replace('"', "^'")
    value = _CONTROLS.sub("", value)
    if _PARAM_NEEDS_QUOTES.search(value):
        return f'"{value}"'
    return value


def fold_line(line: str) -> str:
    """Fold one content line at 75 octets with CRLF + space (RFC 5545 §3.1), never inside a UTF-8 sequence.

    Returns the folded line terminated by CRLF.
    """
    if len(line) <= _MAX_OCTETS // 4 or (len(line) <= _MAX_OCTETS and line.isascii()):
        return line + CRLF
    raw = line.encode("utf-8")
    if len(raw) <= _MAX_OCTETS:
        return line + CRLF
    parts: list[str] = []
    start = 0
    limit = _MAX_OCTETS  # the first physical line; later ones carry a leading space
    size = len(raw)
    while size - start > limit:
        cut = start + limit
        while raw[cut] & 0xC0 == 0x80:  # continuation byte: back off to the sequence start
            cut -= 1
        if raw[cut] in (0x20, 0x09) and cut - 1 > start:
            # A continuation starting with a blank after the folding space is valid but read as
            # indentation by some consumers: fold one character earlier instead.
            cut -= 1
            while raw[cut] & 0xC0 == 0x80:
                cut -= 1
        parts.append(raw[start:cut].decode("utf-8"))
        start = cut
        limit = _MAX_OCTETS - 1
    parts.append(raw[start:].decode("utf-8"))
    return "\r\n ".join(parts) + CRLF


def content_line(name: str, value: str, params: Sequence[tuple[str, str]] = ()) -> str:
    """Build one folded content line `NAME;P=V:value` + CRLF (RFC 5545 §3.1).

    `value` is written as given: escape TEXT values with `escape_text` first. Parameter values are
    encoded with `quote_param`.
    """
    if "\r" in value or "\n" in value:
        raise ValueError(f"raw line break in the value of {name}")
    if params:
        rendered = "".join(f";{key}={quote_param(val)}" for key, val in params)
        return fold_line(f"{name}{rendered}:{value}")
    return fold_line(f"{name}:{value}")


def _require_aware(moment: datetime, what: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what}: naive datetime; pass aware datetimes only")


def format_utc(moment: datetime) -> str:
    """Format an aware datetime as a UTC DATE-TIME `YYYYMMDDTHHMMSSZ` (RFC 5545 §3.3.5 form 2)."""
    _require_aware(moment, "format_utc")
    u = moment.astimezone(UTC)
    return f"{u.year:04d}{u.month:02d}{u.day:02d}T{u.hour:02d}{u.minute:02d}{u.second:02d}Z"


def format_date(day: date) -> str:
    """Format a DATE value `YYYYMMDD` (RFC 5545 §3.3.4)."""
    if isinstance(day, datetime):
        raise TypeError("format_date takes a date, not a datetime")
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _paris_wall_time(moment: datetime) -> datetime | None:
    """The Paris wall time of `moment`, or None when that wall time is ambiguous or non-existent.

    Non-existent: the caller gave a wall time that the spring change skips (it does not round-trip in its
    own zone). Ambiguous: the instant falls in the autumn hour that happens twice in Paris.
    """
    own = moment.tzinfo
    if own is not UTC and moment.astimezone(UTC).astimezone(own).replace(tzinfo=None) != moment.replace(tzinfo=None):
        return None
    local = moment.astimezone(PARIS)
    if local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset():
        return None
    return local


def _datetime_line(name: str, moment: datetime) -> str:
    """DTSTART/DTEND as `;TZID=Europe/Paris:local`, or UTC for ambiguous/non-existent local times (§3.3.5)."""
    _require_aware(moment, name)
    local = _paris_wall_time(moment)
    if local is None:
        return f"{name}:{format_utc(moment)}{CRLF}"
    wall = f"{local.year:04d}{local.month:02d}{local.day:02d}T{local.hour:02d}{local.minute:02d}{local.second:02d}"
    return f"{name};TZID={PARIS_TZID}:{wall}{CRLF}"


def _uri(value: str, what: str) -> str:
    if not value or _NOT_IN_URI.search(value):
        raise ValueError(f"{what}: not a URI: {value!r}")
    return value


# --------------------------------------------------------------------------------------------------
# Components
# --------------------------------------------------------------------------------------------------

PARIS_VTIMEZONE = (
    "BEGIN:VTIMEZONE\r\n"
    "TZID:Europe/Paris\r\n"
    "X-LIC-LOCATION:Europe/Paris\r\n"
    "BEGIN:DAYLIGHT\r\n"
    "TZOFFSETFROM:+0100\r\n"
    "TZOFFSETTO:+0200\r\n"
    "TZNAME:CEST\r\n"
    "DTSTART:19700329T020000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
    "END:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\n"
    "TZOFFSETFROM:+0200\r\n"
    "TZOFFSETTO:+0100\r\n"
    "TZNAME:CET\r\n"
    "DTSTART:19701025T030000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
    "END:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
)
"""Rule-based VTIMEZONE for Europe/Paris (RFC 5545 §3.6.5): today's EU rules (in force since 1996),
anchored in 1970 as in Google's exports; dates before 1996 are out of scope.

One RRULE per observance rather than icalendar's multi-valued RDATE, which ical.js reads only in part.
"""


def cancelled_summary(summary: str) -> str:
    """Prefix "ANNULÉ – " (once): Outlook ignores STATUS:CANCELLED, only the text is visible everywhere."""
    return summary if summary.startswith(CANCELLED_PREFIX) else CANCELLED_PREFIX + summary


def build_description(
    *,
    agenda: Sequence[str] = (),
    url: str | None = None,
    visio_url: str | None = None,
    notes: str | None = None,
) -> str:
    """Plain-text DESCRIPTION: agenda titles, then the web link and visio link (clients hide URL)."""
    blocks: list[str] = []
    if notes:
        blocks.append(notes.strip())
    if agenda:
        blocks.append("Ordre du jour :\n" + "\n".join(f"{n}. {title.strip()}" for n, title in enumerate(agenda, 1)))
    links: list[str] = []
    if url:
        links.append(f"Détails : {url}")
    if visio_url:
        links.append(f"Visioconférence : {visio_url}")
    if links:
        blocks.append("\n".join(links))
    return "\n\n".join(blocks)


def _head_lines(*, uid: str, dtstamp: datetime, sequence: int) -> list[str]:
    if not uid.strip():
        raise ValueError("uid must not be empty")
    if sequence < 0:
        raise ValueError("sequence must be >= 0")
    return [
        "BEGIN:VEVENT\r\n",
        content_line("UID", escape_text(uid)),
        f"DTSTAMP:{format_utc(dtstamp)}{CRLF}",
    ]


def _tail_lines(
    *,
    sequence: int,
    cancelled: bool,
    summary: str,
    location: str | None,
    description: str,
    url: str | None,
    organizer: CalAddress,
    attendee: CalAddress | None,
    created: datetime | None,
    last_modified: datetime | None,
    transparent: bool,
    tentative: bool = False,
) -> list[str]:
    status = "CANCELLED" if cancelled else ("TENTATIVE" if tentative else "CONFIRMED")
    lines = [
        f"SEQUENCE:{sequence}{CRLF}",
        f"STATUS:{status}{CRLF}",
        content_line("SUMMARY", escape_text(cancelled_summary(summary) if cancelled else summary)),
    ]
    if location:
        lines.append(content_line("LOCATION", escape_text(location)))
    if description:
        lines.append(content_line("DESCRIPTION", escape_text(description)))
    if url:
        lines.append(content_line("URL", _uri(url, "URL")))
    lines.append(f"TRANSP:{'TRANSPARENT' if transparent else 'OPAQUE'}{CRLF}")
    organizer_params: list[tuple[str, str]] = [("CN", organizer.name)] if organizer.name else []
    lines.append(content_line("ORGANIZER", organizer.uri, organizer_params))
    if attendee is not None:
        params: list[tuple[str, str]] = [("CN", attendee.name)] if attendee.name else []
        if attendee.participant and attendee.rsvp:
            params += [("ROLE", "REQ-PARTICIPANT"), ("PARTSTAT", "NEEDS-ACTION"), ("RSVP", "TRUE")]
        elif attendee.participant:
            params += [("ROLE", "OPT-PARTICIPANT"), ("RSVP", "FALSE")]
        else:
            params += [("ROLE", "NON-PARTICIPANT"), ("RSVP", "FALSE")]
        lines.append(content_line("ATTENDEE", attendee.uri, params))
    if created is not None:
        lines.append(f"CREATED:{format_utc(created)}{CRLF}")
    if last_modified is not None:
        lines.append(f"LAST-MODIFIED:{format_utc(last_modified)}{CRLF}")
    lines.append("END:VEVENT\r\n")
    return lines


def render_event(
    *,
    uid: str,
    dtstamp: datetime,
    start: datetime,
    end: datetime,
    summary: str,
    organizer: CalAddress,
    sequence: int = 0,
    cancelled: bool = False,
    location: str | None = None,
    agenda: Sequence[str] = (),
    url: str | None = None,
    visio_url: str | None = None,
    notes: str | None = None,
    attendee: CalAddress | None = None,
    created: datetime | None = None,
    last_modified: datetime | None = None,
    tentative: bool = False,
) -> str:
    """Render one meeting as a VEVENT (RFC 5545 §3.6.1; RFC 5546 §3.2.1 PUBLISH / §3.2.2 REQUEST).

    `uid` must be stable for the life of the meeting and `dtstamp` deterministic (e.g. `updated_at`).
    Give `attendee` only for REQUEST/CANCEL e-mails (one recipient, RSVP=TRUE); PUBLISH forbids it.
    No VALARM: alarms are a per-user preference. `tentative` writes STATUS:TENTATIVE (a meeting still in
    preparation, not convened yet).
    """
    _require_aware(start, "start")
    _require_aware(end, "end")
    if end <= start:
        raise ValueError("end must be after start (RFC 5545 §3.8.2.2)")
    lines = _head_lines(uid=uid, dtstamp=dtstamp, sequence=sequence)
    lines.append(_datetime_line("DTSTART", start))
    lines.append(_datetime_line("DTEND", end))
    lines += _tail_lines(
        sequence=sequence,
        cancelled=cancelled,
        summary=summary,
        location=location,
        description=build_description(agenda=agenda, url=url, visio_url=visio_url, notes=notes),
        url=url,
        organizer=organizer,
        attendee=attendee,
        created=created,
        last_modified=last_modified,
        transparent=False,
        tentative=tentative,
    )
    return "".join(lines)


def render_all_day_event(
    *,
    uid: str,
    dtstamp: datetime,
    day: date,
    summary: str,
    organizer: CalAddress,
    last_day: date | None = None,
    sequence: int = 0,
    cancelled: bool = False,
    description: str | None = None,
    url: str | None = None,
    attendee: CalAddress | None = None,
    created: datetime | None = None,
    last_modified: datetime | None = None,
) -> str:
    """Render an all-day item (e.g. a legal deadline) with `VALUE=DATE` (RFC 5545 §3.6.1).

    DTEND is exclusive: the day after `last_day` (default: `day`), so a one-day item ends on `day + 1`.
    No TZID and no Z on DATE values (§3.2.19). Shown as free time (TRANSP:TRANSPARENT).
    """
    if isinstance(day, datetime) or isinstance(last_day, datetime):
        raise TypeError("all-day events take dates, not datetimes")
    last = day if last_day is None else last_day
    if last < day:
        raise ValueError("last_day must not be before day")
    lines = _head_lines(uid=uid, dtstamp=dtstamp, sequence=sequence)
    lines.append(f"DTSTART;VALUE=DATE:{format_date(day)}{CRLF}")
    lines.append(f"DTEND;VALUE=DATE:{format_date(last + timedelta(days=1))}{CRLF}")
    text = build_description(notes=description, url=url)
    lines += _tail_lines(
        sequence=sequence,
        cancelled=cancelled,
        summary=summary,
        location=None,
        description=text,
        url=url,
        organizer=organizer,
        attendee=attendee,
        created=created,
        last_modified=last_modified,
        transparent=True,
    )
    return "".join(lines)


def render_calendar(
    *,
    events: Iterable[str],
    name: str,
    description: str | None = None,
    method: Method | None = "PUBLISH",
    prodid: str = DEFAULT_PRODID,
    refresh: str = "PT1H",
) -> str:
    """Wrap pre-rendered VEVENTs in a VCALENDAR (RFC 5545 §3.4, §3.6; RFC 7986 §5.1, §5.7).

    Emits VERSION, PRODID, CALSCALE, METHOD (RFC 5546; omitted when None), NAME + X-WR-CALNAME,
    DESCRIPTION + X-WR-CALDESC, REFRESH-INTERVAL + X-PUBLISHED-TTL and the Europe/Paris VTIMEZONE once.
    Events are concatenated in the order given. No X-WR-TIMEZONE: tools that honour it re-read UTC times
    as Paris wall times, and recurring-ical-events 3.8 then loses the fold of the repeated autumn hour.
    """
    if method is not None and method not in _METHODS:
        raise ValueError(f"unknown METHOD {method!r}")
    if not _DURATION.match(refresh) or refresh in {"P", "PT"}:
        raise ValueError(f"refresh must be an RFC 5545 duration, got {refresh!r}")
    head = [
        "BEGIN:VCALENDAR\r\n",
        "VERSION:2.0\r\n",
        content_line("PRODID", escape_text(prodid)),
        "CALSCALE:GREGORIAN\r\n",
    ]
    if method is not None:
        head.append(f"METHOD:{method}{CRLF}")
    escaped_name = escape_text(name)
    head.append(content_line("NAME", escaped_name))
    head.append(content_line("X-WR-CALNAME", escaped_name))
    if description:
        escaped_description = escape_text(description)
        head.append(content_line("DESCRIPTION", escaped_description))
        head.append(content_line("X-WR-CALDESC", escaped_description))
    head.append(f"REFRESH-INTERVAL;VALUE=DURATION:{refresh}{CRLF}")
    head.append(f"X-PUBLISHED-TTL:{refresh}{CRLF}")
    head.append(PARIS_VTIMEZONE)
    return "".join(head) + "".join(events) + "END:VCALENDAR\r\n"
