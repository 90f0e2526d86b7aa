"""Conformance checks for the iCalendar text dialogue emits (RFC 5545, RFC 5546 per-METHOD tables).

No Python library validates cardinalities end to end, so `assert_rfc_compliant` combines:
- two independent parsers: icalendar (every component's `.errors` empty) and vobject (`validate=True`);
- our own content-line reader for octet/CRLF/folding rules and the property tables, modelled on the
  RFC 5546 tables that ical4j quotes (VEventPublishValidator, VEventRequestValidator, VEventCancelValidator).

`event_instants` gives each event's (start, end) in UTC through one of several consumers, so a test can
check they all agree.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Literal

import recurring_ical_events
import vobject
import x_wr_timezone
from icalendar import Calendar, Component

__all__ = [
    "ContentLine",
    "Node",
    "assert_rfc_compliant",
    "event_instants",
    "parse_tree",
    "physical_lines",
    "unfold",
]

Via = Literal["icalendar", "recurring-ical-events", "x-wr-timezone", "vobject"]

_NAME = re.compile(r"[A-Za-z0-9-]+")
_UTC_VALUE = re.compile(r"^\d{8}T\d{6}Z$")
_LOCAL_VALUE = re.compile(r"^\d{8}T\d{6}$")
_DATE_VALUE = re.compile(r"^\d{8}$")
_DATE_PROPS = ("DTSTART", "DTEND", "DUE", "RECURRENCE-ID", "EXDATE", "RDATE")
_UTC_ONLY = ("DTSTAMP", "CREATED", "LAST-MODIFIED", "COMPLETED")
_EVENT_STATUSES = {"TENTATIVE", "CONFIRMED", "CANCELLED"}


@dataclass(frozen=True)
class ContentLine:
    """One unfolded content line: `NAME;PARAM=VALUE:value` (RFC 5545 §3.1)."""

    name: str
    params: dict[str, str]
    value: str


@dataclass
class Node:
    """A component with its properties and subcomponents, as read from the text."""

    name: str
    props: list[ContentLine] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    def all(self, name: str) -> list[ContentLine]:
        return [p for p in self.props if p.name == name]

    def count(self, name: str) -> int:
        return len(self.all(name))

    def one(self, name: str) -> ContentLine:
        found = self.all(name)
        assert len(found) == 1, f"{self.name}: expected exactly one {name}, found {len(found)}"
        return found[0]

    def walk(self, name: str) -> list[Node]:
        found = [self] if self.name == name else []
        for child in self.children:
            found += child.walk(name)
        return found


def _as_text(ics: bytes | str) -> str:
    if isinstance(ics, bytes):
        return ics.decode("utf-8")  # strict: invalid UTF-8 (e.g. a split sequence) raises
    return ics


def physical_lines(ics: bytes | str) -> list[str]:
    """The physical lines, after checking every one ends with CRLF (RFC 5545 §3.1)."""
    text = _as_text(ics)
    assert text.endswith("\r\n"), "the object must end with CRLF"
    assert "\n" not in text.replace("\r\n", ""), "bare LF found: lines must end with CRLF"
    assert "\r" not in text.replace("\r\n", ""), "bare CR found: lines must end with CRLF"
    return text[:-2].split("\r\n")


def unfold(ics: bytes | str) -> list[str]:
    """Unfold content lines: remove every CRLF followed by one space or tab (RFC 5545 §3.1)."""
    text = _as_text(ics)
    return [line for line in re.sub(r"\r\n[ \t]", "", text).split("\r\n") if line]


def _unquote_param(raw: str) -> str:
    """Decode an RFC 6868 parameter value, removing DQUOTEs."""
    if raw.startswith('"'):
        assert len(raw) >= 2, f"unterminated quoted parameter value {raw!r}"
        assert raw.endswith('"'), f"unterminated quoted parameter value {raw!r}"
        raw = raw[1:-1]
    return re.sub(r"\^(\^|n|')", lambda m: {"^": "^", "n": "\n", "'": '"'}[m.group(1)], raw)


def _parse_line(line: str) -> ContentLine:
    """Split `name *(";" param) ":" value`, honouring quoted parameter values (RFC 5545 §3.1)."""
    match = _NAME.match(line)
    assert match, f"bad property name in {line!r}"
    name = match.group(0).upper()
    pos = match.end()
    params: dict[str, str] = {}
    while pos < len(line) and line[pos] == ";":
        eq = line.index("=", pos)
        key = line[pos + 1 : eq]
        assert _NAME.fullmatch(key), f"bad parameter name {key!r} in {line!r}"
        pos = eq + 1
        start = pos
        while pos < len(line) and line[pos] not in ";:":
            if line[pos] == '"':
                closing = line.index('"', pos + 1)
                pos = closing + 1
            else:
                pos += 1
        params[key.upper()] = _unquote_param(line[start:pos])
    assert line[pos : pos + 1] == ":", f"missing ':' after name/parameters in {line!r}"
    return ContentLine(name=name, params=params, value=line[pos + 1 :])


def parse_tree(ics: bytes | str) -> Node:
    """Read the text into a tree of components (our own reader, independent of the libraries)."""
    root = Node("ROOT")
    stack = [root]
    for line in unfold(ics):
        prop = _parse_line(line)
        if prop.name == "BEGIN":
            node = Node(prop.value.upper())
            stack[-1].children.append(node)
            stack.append(node)
        elif prop.name == "END":
            assert len(stack) > 1, f"END:{prop.value} outside any component"
            assert stack[-1].name == prop.value.upper(), f"unbalanced END:{prop.value} in {stack[-1].name}"
            stack.pop()
        else:
            assert len(stack) > 1, f"property outside any component: {line!r}"
            stack[-1].props.append(prop)
    assert len(stack) == 1, f"unclosed component {stack[-1].name}"
    assert [c.name for c in root.children] == ["VCALENDAR"], "expected exactly one VCALENDAR"
    return root.children[0]


def _check_lines(ics: bytes | str) -> None:
    lines = physical_lines(ics)
    assert lines, "empty object"
    assert not lines[0][:1].isspace(), "the first line starts with whitespace"
    for number, line in enumerate(lines, 1):
        octets = len(line.encode("utf-8"))
        assert octets <= 75, f"line {number} has {octets} octets (> 75): {line!r}"
        assert line, f"line {number} is empty"
        if line[0] in " \t":
            rest = line[1:]
            # A continuation that looks like a line of its own was meant as one (Gmail then misses it).
            assert not re.match(r"(BEGIN|END):V[A-Z]+$", rest), f"line {number} is an indented {rest!r}"
            assert not rest[:1].isspace(), f"line {number} starts with more than one whitespace"


def _check_libraries(text: str) -> None:
    calendar = Calendar.from_ical(text)
    for component in calendar.walk():
        assert not component.errors, f"icalendar: {component.name} has errors {component.errors}"
    try:
        vobject.readOne(text).serialize(validate=True)
    except (vobject.base.VObjectError, ValueError) as error:
        raise AssertionError(f"vobject: {error}") from error


def _datetime_kind(prop: ContentLine, tzids: set[str]) -> str:
    """'date', 'utc' or 'local' (with a TZID that a VTIMEZONE defines); asserts §3.2.19 and §3.3.5."""
    where = f"{prop.name}:{prop.value}"
    values = prop.value.split(",")
    if prop.params.get("VALUE") == "DATE":
        assert "TZID" not in prop.params, f"{where}: TZID on a DATE value"
        assert all(_DATE_VALUE.match(v) for v in values), f"{where}: not a DATE"
        return "date"
    assert prop.params.get("VALUE", "DATE-TIME") == "DATE-TIME", f"{where}: unexpected VALUE"
    if all(_UTC_VALUE.match(v) for v in values):
        assert "TZID" not in prop.params, f"{where}: TZID on a UTC value (RFC 5545 §3.2.19)"
        return "utc"
    assert all(_LOCAL_VALUE.match(v) for v in values), f"{where}: not a DATE-TIME"
    tzid = prop.params.get("TZID")
    assert tzid is not None, f"{where}: floating time (neither Z nor TZID)"
    assert tzid in tzids, f"{where}: TZID {tzid!r} has no VTIMEZONE (RFC 5545 §3.6.5)"
    return "local"


def _check_event(event: Node, method: str | None, tzids: set[str], sequence: int | None) -> None:
    uid = event.one("UID").value
    where = f"VEVENT {uid}"
    stamp = event.one("DTSTAMP")
    assert _UTC_VALUE.match(stamp.value), f"{where}: DTSTAMP must be UTC"
    assert not stamp.params, f"{where}: DTSTAMP takes no parameters here"
    for name in _UTC_ONLY:
        for prop in event.all(name):
            assert _UTC_VALUE.match(prop.value), f"{where}: {name} must be UTC"
    for name in ("CREATED", "LAST-MODIFIED", "SEQUENCE", "STATUS", "SUMMARY", "LOCATION", "DESCRIPTION", "URL"):
        assert event.count(name) <= 1, f"{where}: more than one {name}"
    if method == "CANCEL":
        assert event.count("DTSTART") <= 1, f"{where}: more than one DTSTART"
    else:
        event.one("DTSTART")
    assert event.count("DTEND") + event.count("DURATION") == 1, f"{where}: needs DTEND xor DURATION"
    kinds = {p.name: _datetime_kind(p, tzids) for p in event.props if p.name in _DATE_PROPS}
    if "DTSTART" in kinds and "DTEND" in kinds:
        assert (kinds["DTSTART"] == "date") == (kinds["DTEND"] == "date"), f"{where}: DTSTART/DTEND types differ"
    seq_props = event.all("SEQUENCE")
    seq = int(seq_props[0].value) if seq_props else 0
    assert seq >= 0, f"{where}: negative SEQUENCE"
    if sequence is not None:
        assert seq == sequence, f"{where}: SEQUENCE {seq}, expected {sequence}"
    status = event.all("STATUS")
    if status:
        assert status[0].value in _EVENT_STATUSES, f"{where}: bad STATUS {status[0].value}"
    for name in ("ORGANIZER", "ATTENDEE"):
        for prop in event.all(name):
            assert prop.value.lower().startswith("mailto:"), f"{where}: {name} is not a mailto: URI"
            assert not re.search(r"[<>\s]", prop.value), f"{where}: {name} must be a bare address"
    attendees = event.count("ATTENDEE")
    if method == "PUBLISH":  # RFC 5546 §3.2.1
        event.one("ORGANIZER")
        event.one("SUMMARY")
        assert attendees == 0, f"{where}: PUBLISH forbids ATTENDEE"
    elif method == "REQUEST":  # RFC 5546 §3.2.2
        assert attendees >= 1, f"{where}: REQUEST needs at least one ATTENDEE"
        event.one("ORGANIZER")
        event.one("SUMMARY")
        if seq > 0:
            event.one("SEQUENCE")
    elif method == "CANCEL":  # RFC 5546 §3.2.5
        event.one("ORGANIZER")
        event.one("SEQUENCE")
        assert event.one("STATUS").value == "CANCELLED", f"{where}: CANCEL needs STATUS:CANCELLED"
    if method == "CANCEL":
        assert not event.walk("VALARM"), f"{where}: CANCEL forbids VALARM"
        assert event.count("REQUEST-STATUS") == 0, f"{where}: CANCEL forbids REQUEST-STATUS"


def _check_ordering(text: str) -> None:
    """DTEND > DTSTART (RFC 5545 §3.8.2.2), compared on icalendar's decoded values."""
    for event in Calendar.from_ical(text).walk("VEVENT"):
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND") if "DTEND" in event else start + event.decoded("DURATION")
        assert end > start, f"VEVENT {event['UID']}: DTEND {end} must be after DTSTART {start}"


def assert_rfc_compliant(
    ics: bytes | str, method: str | None, *, sequence: int | None = None, allow_alarms: bool = False
) -> None:
    """Assert `ics` is a single valid VCALENDAR for `method` (None: plain RFC 5545, no METHOD).

    `sequence`, when given, is the SEQUENCE every VEVENT must carry (absent means 0).
    """
    text = _as_text(ics)
    _check_lines(text)
    _check_libraries(text)
    calendar = parse_tree(text)
    assert calendar.one("VERSION").value == "2.0", "VERSION must be 2.0"
    assert calendar.one("PRODID").value, "PRODID must not be empty"
    methods = [p.value for p in calendar.all("METHOD")]
    assert methods == ([] if method is None else [method]), f"METHOD {methods}, expected {method}"
    tzids = set()
    for vtimezone in calendar.walk("VTIMEZONE"):
        tzid = vtimezone.one("TZID").value
        assert tzid not in tzids, f"VTIMEZONE {tzid} defined twice"
        assert vtimezone.walk("STANDARD") or vtimezone.walk("DAYLIGHT"), f"VTIMEZONE {tzid} has no observance"
        tzids.add(tzid)
    for prop in (p for node in calendar.walk("VEVENT") for p in node.props):
        if "TZID" in prop.params:
            assert prop.params["TZID"] in tzids, f"{prop.name}: TZID {prop.params['TZID']} has no VTIMEZONE"
    events = calendar.walk("VEVENT")
    assert events, "no VEVENT"
    for event in events:
        _check_event(event, method, tzids, sequence)
        if not allow_alarms:
            assert not event.walk("VALARM"), f"VEVENT {event.one('UID').value}: unexpected VALARM"
    keys = Counter((e.one("UID").value, tuple(p.value for p in e.all("RECURRENCE-ID"))) for e in events)
    duplicates = [key for key, count in keys.items() if count > 1]
    assert not duplicates, f"duplicate UIDs: {duplicates}"
    _check_ordering(text)


def _utc(value: date) -> date:
    """Datetimes to UTC; dates (all-day items) unchanged."""
    if isinstance(value, datetime):
        assert value.tzinfo is not None, f"floating time {value}"
        return value.astimezone(UTC)
    return value


def _instants_of(events: list[Component]) -> dict[str, tuple[date, date]]:
    result: dict[str, tuple[date, date]] = {}
    for event in events:
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND") if "DTEND" in event else start + event.decoded("DURATION")
        uid = str(event["UID"])
        assert uid not in result, f"duplicate UID {uid}"
        result[uid] = (_utc(start), _utc(end))
    return result


def event_instants(ics: bytes | str, *, via: Via = "icalendar") -> dict[str, tuple[date, date]]:
    """{uid: (start, end)}: UTC datetimes for timed events, dates for all-day items, read by `via`."""
    text = _as_text(ics)
    if via == "vobject":
        result: dict[str, tuple[date, date]] = {}
        for event in vobject.readOne(text).vevent_list:
            start = event.dtstart.value
            end = event.dtend.value if hasattr(event, "dtend") else start + event.duration.value
            result[event.uid.value] = (_utc(start), _utc(end))
        return result
    calendar = Calendar.from_ical(text)
    if via == "icalendar":
        return _instants_of(list(calendar.walk("VEVENT")))
    if via == "x-wr-timezone":
        return _instants_of(list(x_wr_timezone.to_standard(calendar).walk("VEVENT")))
    if via == "recurring-ical-events":
        window = recurring_ical_events.of(calendar).between(datetime(1900, 1, 1), datetime(2200, 1, 1))
        return _instants_of(list(window))
    raise ValueError(f"unknown reader {via!r}")
