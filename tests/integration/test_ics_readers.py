"""The plain iCalendar writer read back by Mozilla ical.js (node): out of the unit suite, which runs without node."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import vobject
from icalendar import Calendar

from dialogue.feeds.ics import PARIS, render_all_day_event
from tests.helpers.ical_checks import assert_rfc_compliant, event_instants, unfold
from tests.helpers.icaljs import IcalJsError, icaljs_instants
from tests.unit.test_ics import ATTENDEE, DST_CASES, ORGANIZER, STAMP, feed, meeting

READERS = ("icalendar", "recurring-ical-events", "x-wr-timezone", "vobject")


def test_escaped_text_round_trips_through_icalendar_vobject_and_icaljs() -> None:
    summary = "Budget; ASC, œuvres \\ sociales: vote"
    notes = "Ligne 1\nLigne 2: « guillemets » ; point-virgule, virgule \\ antislash"
    ics = feed(meeting(summary=summary, notes=notes, agenda=[], visio_url=None))
    assert "SUMMARY:Budget\\; ASC\\, œuvres \\\\ sociales: vote" in unfold(ics)

    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == summary
    assert str(event["DESCRIPTION"]).startswith(notes)
    parsed = vobject.readOne(ics).vevent
    assert parsed.summary.value == summary
    assert parsed.description.value.startswith(notes)
    icaljs_instants(ics)  # parses


@pytest.mark.parametrize(("start", "line", "utc"), DST_CASES)
def test_dst_change_days_map_to_the_right_instant_in_every_reader(start: datetime, line: str, utc: str) -> None:
    ics = feed(meeting(start=start))
    assert_rfc_compliant(ics, "PUBLISH")
    assert line in unfold(ics)
    expected = datetime.fromisoformat(utc)
    for reader in READERS:
        assert event_instants(ics, via=reader)["cse-meeting-1@acme.example"] == (
            expected,
            expected + timedelta(hours=2),
        ), reader
    start_js, end_js, zone = icaljs_instants(ics)["cse-meeting-1@acme.example"]
    assert datetime.fromisoformat(start_js) == expected
    assert datetime.fromisoformat(end_js) == expected + timedelta(hours=2)
    assert zone == ("UTC" if line.endswith("Z") else "Europe/Paris")


def test_all_day_deadline_has_exclusive_next_day_end_without_tzid() -> None:
    ics = render_all_day_event(
        uid="consultation-7-deadline@acme.example",
        dtstamp=STAMP,
        day=date(2026, 6, 10),
        summary="Échéance : avis du CSE sur le bilan social",
        organizer=ORGANIZER,
        description="Délai de consultation : 1 mois (art. R. 2312-6 C. trav.)",
        url="https://dialogue.acme.example/consultations/7",
    )
    lines = unfold(ics)
    assert "DTSTART;VALUE=DATE:20260610" in lines
    assert "DTEND;VALUE=DATE:20260611" in lines
    assert "TRANSP:TRANSPARENT" in lines
    cal = feed(ics)
    assert_rfc_compliant(cal, "PUBLISH")
    expected = (date(2026, 6, 10), date(2026, 6, 11))
    for reader in READERS:
        assert event_instants(cal, via=reader)["consultation-7-deadline@acme.example"] == expected, reader
    assert icaljs_instants(cal)["consultation-7-deadline@acme.example"] == ("2026-06-10", "2026-06-11", "date")


def test_publish_feed_with_meetings_deadlines_and_cancellations_is_compliant_everywhere() -> None:
    events = [meeting(n, start=datetime(2026, 1, 5, 9, 30, tzinfo=PARIS) + timedelta(weeks=n)) for n in range(60)]
    events.append(meeting(100, cancelled=True, sequence=2))
    events.append(
        render_all_day_event(
            uid="deadline-1@acme.example", dtstamp=STAMP, day=date(2026, 6, 10), summary="Avis", organizer=ORGANIZER
        )
    )
    ics = feed(*events)
    assert_rfc_compliant(ics.encode("utf-8"), "PUBLISH")
    reference = event_instants(ics)
    assert len(reference) == 62
    for reader in READERS:
        assert event_instants(ics, via=reader) == reference, reader
    from_js = icaljs_instants(ics)
    assert set(from_js) == set(reference)
    for uid, (start, end) in reference.items():
        js_start, js_end, _zone = from_js[uid]
        if isinstance(start, datetime):
            assert (datetime.fromisoformat(js_start), datetime.fromisoformat(js_end)) == (start, end)
        else:
            assert (js_start, js_end) == (start.isoformat(), end.isoformat())


def test_request_calendar_is_compliant() -> None:
    ics = feed(meeting(attendee=ATTENDEE), method="REQUEST")
    assert_rfc_compliant(ics, "REQUEST", sequence=0)
    updated = feed(
        meeting(attendee=ATTENDEE, sequence=1, start=datetime(2026, 3, 30, 14, 0, tzinfo=PARIS)), method="REQUEST"
    )
    assert_rfc_compliant(updated, "REQUEST", sequence=1)
    icaljs_instants(updated)


def test_icaljs_rejects_floating_times() -> None:
    floating = feed(meeting()).replace("DTSTART;TZID=Europe/Paris:", "DTSTART:")
    with pytest.raises(IcalJsError, match="floating"):
        icaljs_instants(floating)
