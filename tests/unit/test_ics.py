"""The plain iCalendar writer, cross-checked with icalendar, vobject, recurring-ical-events, x-wr-timezone
and Mozilla ical.js (Thunderbird)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
import recurring_ical_events
import vobject
from icalendar import Calendar

from dialogue.feeds.ics import (
    PARIS,
    PARIS_VTIMEZONE,
    CalAddress,
    build_description,
    content_line,
    escape_text,
    fold_line,
    format_utc,
    quote_param,
    render_all_day_event,
    render_calendar,
    render_event,
)
from tests.helpers.ical_checks import assert_rfc_compliant, event_instants, parse_tree, physical_lines, unfold

ORGANIZER = CalAddress("cse@acme.example", "Secrétariat CSE")
ATTENDEE = CalAddress("marie.durand@acme.example", "Marie Durand")
STAMP = datetime(2026, 3, 1, 9, 15, 7, tzinfo=UTC)


def meeting(
    n: int = 1,
    start: datetime = datetime(2026, 3, 29, 9, 30, tzinfo=PARIS),
    hours: float = 2,
    **overrides: object,
) -> str:
    """A typical CSE meeting VEVENT."""
    values: dict[str, object] = {
        "uid": f"cse-meeting-{n}@acme.example",
        "dtstamp": STAMP,
        "start": start,
        "end": start.astimezone(UTC) + timedelta(hours=hours),  # durations across DST: add in UTC
        "summary": "Réunion ordinaire du CSE",
        "organizer": ORGANIZER,
        "location": "Salle du conseil, bâtiment B",
        "agenda": ["Approbation du PV de février", "Budget des activités sociales et culturelles"],
        "url": f"https://dialogue.acme.example/reunions/{n}",
        "visio_url": "https://visio.acme.example/cse?room=42&pin=1234",
        "created": STAMP - timedelta(days=10),
        "last_modified": STAMP,
    }
    values.update(overrides)
    return render_event(**values)  # type: ignore[arg-type]


def feed(*events: str, method: str | None = "PUBLISH") -> str:
    return render_calendar(events=events, name="CSE ACME", description="Réunions du CSE", method=method)  # type: ignore[arg-type]


def prop_lines(ics: str, name: str) -> list[str]:
    return [line for line in unfold(ics) if line.split(":", 1)[0].split(";", 1)[0] == name]


# ---------------------------------------------------------------- escaping, parameters, folding


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a;b", "a\\;b"),
        ("a,b", "a\\,b"),
        ("a\\b", "a\\\\b"),
        ("a\nb", "a\\nb"),
        ("a\r\nb", "a\\nb"),
        ("a\rb", "a\\nb"),
        ("12:30, salle 3", "12:30\\, salle 3"),
        ('dit "bonjour"', 'dit "bonjour"'),
        ("tab\there", "tab\there"),
        ("bell\x07", "bell"),
        ("\\;", "\\\\\\;"),
    ],
)
def test_escape_text_escapes_backslash_semicolon_comma_newline_but_not_colon(raw: str, escaped: str) -> None:
    assert escape_text(raw) == escaped


@pytest.mark.parametrize(
    ("raw", "encoded"),
    [
        ("Marie Durand", "Marie Durand"),
        ("Durand, Marie", '"Durand, Marie"'),
        ("CSE; ACME", '"CSE; ACME"'),
        ("Réunion: 9h", '"Réunion: 9h"'),
        ('Le "Secrétariat"', "Le ^'Secrétariat^'"),
        ("a^b", "a^^b"),
        ("deux\nlignes", "deux^nlignes"),
    ],
)
def test_quote_param_quotes_separators_and_encodes_rfc6868(raw: str, encoded: str) -> None:
    assert quote_param(raw) == encoded


def test_parameter_values_decode_in_icalendar() -> None:
    organizer = CalAddress("cse@acme.example", 'Le "Secrétariat", CSE; ACME: ^')
    ics = feed(meeting(organizer=organizer))
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert event["ORGANIZER"].params["CN"] == organizer.name
    assert parse_tree(ics).walk("VEVENT")[0].one("ORGANIZER").params["CN"] == organizer.name


LONG_FRENCH = (
    "Consultation sur la politique sociale, les conditions de travail et l'emploi : "
    "budget de 12 500 € pour les œuvres sociales, élection du trésorier adjoint, "
    "questions diverses — « prévoyance » et mutuelle ; réponse écrite attendue à J+8. "
)


@pytest.mark.parametrize("length", range(60, 260, 7))
@pytest.mark.parametrize("filler", ["é", "€", "😀", "a", "aé€"])
def test_fold_line_keeps_lines_within_75_octets_without_splitting_utf8(length: int, filler: str) -> None:
    value = (LONG_FRENCH + filler * length)[: length + len(filler)]
    folded = fold_line(f"DESCRIPTION:{value}")
    assert folded.endswith("\r\n")
    lines = folded[:-2].split("\r\n")
    for index, line in enumerate(lines):
        raw = line.encode("utf-8")
        assert len(raw) <= 75
        raw.decode("utf-8")  # each physical line is valid UTF-8 on its own
        assert index == 0 or line.startswith(" ")
    assert "".join([lines[0], *(line[1:] for line in lines[1:])]) == f"DESCRIPTION:{value}"
    if len(f"DESCRIPTION:{value}".encode()) > 75:
        assert len(lines) > 1
        assert len(lines[0].encode()) >= 72  # no wasteful early folds


def test_short_lines_are_not_folded() -> None:
    assert fold_line("SUMMARY:CSE") == "SUMMARY:CSE\r\n"
    exact = "X" * 75
    assert fold_line(exact) == exact + "\r\n"


def test_long_french_description_folds_and_unfolds_exactly() -> None:
    description = LONG_FRENCH * 4
    ics = feed(meeting(notes=description, agenda=[], url=None, visio_url=None))
    lines = physical_lines(ics)
    assert max(len(line.encode("utf-8")) for line in lines) <= 75
    assert any(line.startswith(" ") for line in lines)
    assert str(Calendar.from_ical(ics).walk("VEVENT")[0]["DESCRIPTION"]) == description.strip()
    assert vobject.readOne(ics).vevent.description.value == description.strip()


def test_content_line_refuses_raw_line_breaks() -> None:
    with pytest.raises(ValueError, match="line break"):
        content_line("URL", "https://a.example/\r\nATTENDEE:mailto:x@y")


# ---------------------------------------------------------------- events


def test_event_has_stable_uid_deterministic_dtstamp_and_required_properties() -> None:
    ics = meeting(sequence=3)
    lines = unfold(ics)
    assert lines[0] == "BEGIN:VEVENT"
    assert lines[-1] == "END:VEVENT"
    assert "UID:cse-meeting-1@acme.example" in lines
    assert "DTSTAMP:20260301T091507Z" in lines
    assert "SEQUENCE:3" in lines
    assert "STATUS:CONFIRMED" in lines
    assert "CREATED:20260219T091507Z" in lines
    assert "LAST-MODIFIED:20260301T091507Z" in lines
    assert "ORGANIZER;CN=Secrétariat CSE:mailto:cse@acme.example" in lines
    assert "URL:https://dialogue.acme.example/reunions/1" in lines
    assert not prop_lines(ics, "ATTENDEE")
    assert "VALARM" not in ics


def test_rendering_is_deterministic() -> None:
    first = feed(meeting(1), meeting(2, start=datetime(2026, 10, 25, 9, 30, tzinfo=PARIS)))
    second = feed(meeting(1), meeting(2, start=datetime(2026, 10, 25, 9, 30, tzinfo=PARIS)))
    assert first.encode() == second.encode()


def test_description_holds_agenda_web_link_and_visio_link() -> None:
    text = build_description(
        agenda=["Approbation du PV", "Budget ASC"],
        url="https://dialogue.acme.example/reunions/1",
        visio_url="https://visio.acme.example/cse",
    )
    assert text == (
        "Ordre du jour :\n1. Approbation du PV\n2. Budget ASC\n\n"
        "Détails : https://dialogue.acme.example/reunions/1\n"
        "Visioconférence : https://visio.acme.example/cse"
    )
    event = Calendar.from_ical(feed(meeting())).walk("VEVENT")[0]
    assert "Approbation du PV de février" in str(event["DESCRIPTION"])
    assert "https://dialogue.acme.example/reunions/1" in str(event["DESCRIPTION"])
    assert "https://visio.acme.example/cse?room=42&pin=1234" in str(event["DESCRIPTION"])
    assert str(event["URL"]) == "https://dialogue.acme.example/reunions/1"


def test_cancelled_event_keeps_uid_with_status_sequence_and_visible_prefix() -> None:
    ics = meeting(cancelled=True, sequence=1)
    lines = unfold(ics)
    assert "STATUS:CANCELLED" in lines
    assert "SEQUENCE:1" in lines
    assert "SUMMARY:ANNULÉ – Réunion ordinaire du CSE" in lines
    assert "UID:cse-meeting-1@acme.example" in lines
    again = meeting(cancelled=True, sequence=2, summary="ANNULÉ – Réunion ordinaire du CSE")
    assert "SUMMARY:ANNULÉ – Réunion ordinaire du CSE" in unfold(again)
    assert_rfc_compliant(feed(ics), "PUBLISH", sequence=1)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"start": datetime(2026, 3, 29, 9, 30)}, ValueError),
        ({"end": datetime(2026, 3, 29, 9, 30, tzinfo=PARIS)}, ValueError),
        ({"dtstamp": datetime(2026, 3, 1)}, ValueError),
        ({"sequence": -1}, ValueError),
        ({"uid": " "}, ValueError),
        ({"url": "https://a.example/x y"}, ValueError),
    ],
)
def test_render_event_rejects_naive_times_and_bad_values(kwargs: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        meeting(**kwargs)


@pytest.mark.parametrize("address", ["Marie <marie@acme.example>", "marie", "marie@acme.example\r\nX", ""])
def test_cal_address_is_a_bare_email(address: str) -> None:
    with pytest.raises(ValueError, match="bare"):
        CalAddress(address)


def test_attendee_is_one_rsvp_participant() -> None:
    ics = meeting(attendee=ATTENDEE)
    (line,) = prop_lines(ics, "ATTENDEE")
    assert line == (
        "ATTENDEE;CN=Marie Durand;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:marie.durand@acme.example"
    )
    event = Calendar.from_ical(feed(ics, method="REQUEST")).walk("VEVENT")[0]
    assert event["ATTENDEE"].params["RSVP"] == "TRUE"


# ---------------------------------------------------------------- time zones and DST


def test_paris_vtimezone_is_rule_based_and_emitted_once() -> None:
    ics = feed(*(meeting(n) for n in range(5)))
    assert ics.count("BEGIN:VTIMEZONE") == 1
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in PARIS_VTIMEZONE
    assert "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU" in PARIS_VTIMEZONE
    assert "RDATE" not in PARIS_VTIMEZONE
    # vobject builds its tzinfo from our VTIMEZONE (not from zoneinfo): it must match tzdata for years.
    tz = vobject.readOne(ics).vtimezone.gettzinfo()
    for year in range(2024, 2036):
        for month, day in ((1, 15), (3, 30), (7, 14), (10, 26), (12, 25)):
            moment = datetime(year, month, day, 12)
            assert moment.replace(tzinfo=tz).utcoffset() == moment.replace(tzinfo=PARIS).utcoffset()


DST_CASES = [
    # (start as given, expected DTSTART line, expected UTC start)
    (datetime(2026, 3, 29, 9, 30, tzinfo=PARIS), "DTSTART;TZID=Europe/Paris:20260329T093000", "2026-03-29T07:30:00Z"),
    (datetime(2026, 10, 25, 9, 30, tzinfo=PARIS), "DTSTART;TZID=Europe/Paris:20261025T093000", "2026-10-25T08:30:00Z"),
    (datetime(2026, 10, 25, 2, 30, tzinfo=PARIS), "DTSTART:20261025T003000Z", "2026-10-25T00:30:00Z"),
    (datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=PARIS), "DTSTART:20261025T013000Z", "2026-10-25T01:30:00Z"),
    (datetime(2026, 3, 29, 2, 30, tzinfo=PARIS), "DTSTART:20260329T013000Z", "2026-03-29T01:30:00Z"),
    (datetime(2026, 6, 10, 14, 0, tzinfo=UTC), "DTSTART;TZID=Europe/Paris:20260610T160000", "2026-06-10T14:00:00Z"),
    (datetime(2026, 12, 10, 14, 0, tzinfo=UTC), "DTSTART;TZID=Europe/Paris:20261210T150000", "2026-12-10T14:00:00Z"),
]


def test_end_in_the_repeated_autumn_hour_is_written_in_utc() -> None:
    start = datetime(2026, 10, 25, 1, 0, tzinfo=PARIS)
    ics = meeting(start=start, hours=2)  # 01:00 CEST + 2 h = 02:00 CET, the second 02:00
    assert "DTSTART;TZID=Europe/Paris:20261025T010000" in unfold(ics)
    assert "DTEND:20261025T010000Z" in unfold(ics)
    assert event_instants(feed(ics))["cse-meeting-1@acme.example"] == (
        datetime(2026, 10, 24, 23, 0, tzinfo=UTC),
        datetime(2026, 10, 25, 1, 0, tzinfo=UTC),
    )


def test_recurring_ical_events_shows_the_meeting_at_0930_on_the_spring_change_day() -> None:
    ics = feed(meeting())
    (event,) = recurring_ical_events.of(Calendar.from_ical(ics)).at((2026, 3, 29))
    start = event.decoded("DTSTART")
    assert start.hour == 9
    assert start.minute == 30
    assert start.utcoffset() == timedelta(hours=2)
    assert not recurring_ical_events.of(Calendar.from_ical(ics)).at((2026, 3, 28))


def test_x_wr_timezone_to_standard_leaves_every_instant_unchanged() -> None:
    ics = feed(
        *(meeting(n, start=start) for n, (start, _line, _utc) in enumerate(DST_CASES)),
        render_all_day_event(
            uid="deadline-1@acme.example", dtstamp=STAMP, day=date(2026, 6, 10), summary="Avis", organizer=ORGANIZER
        ),
    )
    assert event_instants(ics, via="x-wr-timezone") == event_instants(ics)


def test_feed_has_no_x_wr_timezone_so_utc_times_in_the_repeated_hour_stay_exact() -> None:
    # With X-WR-TIMEZONE:Europe/Paris, recurring-ical-events 3.8.2 turns 20261025T013000Z into
    # 02:30 Paris without fold=1, i.e. one hour early: UTC is written precisely to avoid that hour.
    start = datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=PARIS)
    ics = feed(meeting(start=start))
    assert not prop_lines(ics, "X-WR-TIMEZONE")
    assert event_instants(ics, via="recurring-ical-events")["cse-meeting-1@acme.example"][0] == start.astimezone(UTC)


# ---------------------------------------------------------------- all-day items


def test_multi_day_item_ends_the_day_after_its_last_day() -> None:
    ics = render_all_day_event(
        uid="d@acme.example",
        dtstamp=STAMP,
        day=date(2026, 12, 30),
        last_day=date(2027, 1, 2),
        summary="Fermeture",
        organizer=ORGANIZER,
    )
    assert "DTEND;VALUE=DATE:20270103" in unfold(ics)
    with pytest.raises(ValueError, match="last_day"):
        render_all_day_event(
            uid="d@acme.example",
            dtstamp=STAMP,
            day=date(2026, 12, 30),
            last_day=date(2026, 12, 29),
            summary="x",
            organizer=ORGANIZER,
        )
    with pytest.raises(TypeError):
        render_all_day_event(
            uid="d@acme.example",
            dtstamp=STAMP,
            day=datetime(2026, 12, 30, tzinfo=UTC),
            summary="x",
            organizer=ORGANIZER,
        )


# ---------------------------------------------------------------- calendars


def test_calendar_header_has_names_refresh_and_method() -> None:
    ics = feed(meeting())
    lines = unfold(ics)
    assert lines[:4] == ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//dialogue//dialogue//FR", "CALSCALE:GREGORIAN"]
    for expected in (
        "METHOD:PUBLISH",
        "NAME:CSE ACME",
        "X-WR-CALNAME:CSE ACME",
        "DESCRIPTION:Réunions du CSE",
        "X-WR-CALDESC:Réunions du CSE",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ):
        assert expected in lines
    assert lines[-1] == "END:VCALENDAR"
    assert ics.endswith("END:VCALENDAR\r\n")
    assert "\n" not in ics.replace("\r\n", "")


def test_calendar_without_method_and_with_custom_refresh() -> None:
    ics = render_calendar(events=[meeting()], name="CSE", method=None, refresh="PT4H")
    assert not prop_lines(ics, "METHOD")
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT4H" in unfold(ics)
    assert not prop_lines(ics, "X-WR-CALDESC")
    assert_rfc_compliant(ics, None)


@pytest.mark.parametrize("refresh", ["1H", "PT", "P", "PT1H\r\nX:1", ""])
def test_calendar_rejects_bad_refresh_interval(refresh: str) -> None:
    with pytest.raises(ValueError, match="refresh"):
        render_calendar(events=[], name="CSE", refresh=refresh)


def test_cancel_calendar_is_compliant() -> None:
    ics = feed(meeting(attendee=ATTENDEE, cancelled=True, sequence=2), method="CANCEL")
    assert_rfc_compliant(ics, "CANCEL", sequence=2)
    assert "STATUS:CANCELLED" in unfold(ics)


# ---------------------------------------------------------------- the checker itself catches mistakes


def _broken(ics: str, old: str, new: str) -> str:
    assert old in ics
    return ics.replace(old, new)


BROKEN: list[tuple[str, str, Callable[[str], str]]] = [
    ("attendee in publish", "PUBLISH", lambda s: _broken(s, "END:VEVENT", "ATTENDEE:mailto:a@b.example\r\nEND:VEVENT")),
    ("no attendee in request", "REQUEST", lambda s: s.replace("METHOD:PUBLISH", "METHOD:REQUEST")),
    ("cancel without cancelled", "CANCEL", lambda s: s.replace("METHOD:PUBLISH", "METHOD:CANCEL")),
    ("method mismatch", "REQUEST", lambda s: s),
    ("no vtimezone", "PUBLISH", lambda s: _broken(s, PARIS_VTIMEZONE, "")),
    ("bare LF", "PUBLISH", lambda s: s.replace("\r\n", "\n")),
    ("long line", "PUBLISH", lambda s: _broken(s, "NAME:CSE ACME\r\n", "NAME:" + "é" * 40 + "\r\n")),
    ("indented BEGIN", "PUBLISH", lambda s: _broken(s, "BEGIN:VEVENT", " BEGIN:VEVENT")),
    ("floating time", "PUBLISH", lambda s: _broken(s, "DTSTART;TZID=Europe/Paris:", "DTSTART:")),
    ("TZID on UTC", "PUBLISH", lambda s: _broken(s, "DTSTAMP:", "DTSTAMP;TZID=Europe/Paris:")),
    (
        "end before start",
        "PUBLISH",
        lambda s: _broken(s, "DTEND;TZID=Europe/Paris:20260329T113000", "DTEND;TZID=Europe/Paris:20260329T083000"),
    ),
    ("dtend and duration", "PUBLISH", lambda s: _broken(s, "END:VEVENT", "DURATION:PT1H\r\nEND:VEVENT")),
    ("two uids", "PUBLISH", lambda s: _broken(s, "SEQUENCE:0", "UID:x@y\r\nSEQUENCE:0")),
    ("duplicate uid", "PUBLISH", lambda s: _broken(s, "END:VCALENDAR", meeting() + "END:VCALENDAR")),
    ("no organizer", "PUBLISH", lambda s: _broken(s, "ORGANIZER;CN=Secrétariat CSE:mailto:cse@acme.example\r\n", "")),
    (
        "alarm",
        "PUBLISH",
        lambda s: _broken(
            s,
            "END:VEVENT",
            "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:x\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT",
        ),
    ),
    ("unclosed", "PUBLISH", lambda s: _broken(s, "END:VCALENDAR\r\n", "")),
]


@pytest.mark.parametrize(("method", "mutate"), [(m, f) for _n, m, f in BROKEN], ids=[n for n, _m, _f in BROKEN])
def test_assert_rfc_compliant_rejects_broken_calendars(method: str, mutate: Callable[[str], str]) -> None:
    good = feed(meeting())
    assert_rfc_compliant(good, "PUBLISH")
    with pytest.raises((AssertionError, ValueError)):
        assert_rfc_compliant(mutate(good), method)


# ---------------------------------------------------------------- speed


def test_assembling_a_feed_of_1000_prerendered_events_is_fast() -> None:
    start = datetime(2020, 1, 6, 9, 30, tzinfo=PARIS)
    begun = time.perf_counter()
    events = [meeting(n, start=start + timedelta(days=3 * n)) for n in range(1000)]
    render_seconds = time.perf_counter() - begun
    timings = []
    for _ in range(5):
        begun = time.perf_counter()
        body = render_calendar(events=events, name="CSE ACME", description="Réunions").encode("utf-8")
        timings.append(time.perf_counter() - begun)
    assert min(timings) < 0.2  # measured well under 5 ms; the budget for a whole feed is 50 ms
    assert render_seconds < 5  # one-off rendering per change: ~30 µs an event, loose bound for slow CI
    assert body.count(b"BEGIN:VEVENT") == 1000


def test_format_utc_truncates_to_whole_seconds_in_utc() -> None:
    assert format_utc(datetime(2026, 3, 29, 9, 30, 15, 999_999, tzinfo=PARIS)) == "20260329T073015Z"


@pytest.mark.parametrize("offset", range(60, 80))
def test_fold_never_starts_a_continuation_with_a_blank(offset: int) -> None:
    """A continuation « ␠␠pas » is valid but some consumers read it as indentation: fold a character earlier."""
    value = "x" * offset + " Lien personnel : ne le partagez pas, même à un collègue élu."
    folded = fold_line(f"DESCRIPTION:{value}")
    lines = folded[:-2].split("\r\n")
    assert all(not line[1:2].isspace() for line in lines[1:])
    assert all(len(line.encode()) <= 75 for line in lines)
    assert "".join([lines[0], *(line[1:] for line in lines[1:])]) == f"DESCRIPTION:{value}"
