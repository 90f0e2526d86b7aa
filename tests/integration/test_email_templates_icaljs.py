"""Meeting emails whose calendar part is read back by Mozilla ical.js (node): out of the unit suite."""

from __future__ import annotations

from icalendar import Calendar

from dialogue.notifications.rules import Category
from tests.helpers.ical_checks import assert_rfc_compliant, event_instants
from tests.helpers.icaljs import icaljs_instants
from tests.unit.test_email_templates import CASES, mime


def test_convocation_carries_the_agenda_and_a_request_invitation_for_its_recipient() -> None:
    mail = CASES["convocation"]()
    assert mail.category == Category.convocation
    assert mail.thread_root == "<meeting-42@tilleuls.example>"
    assert "Ordre du jour :" in mail.text
    assert "1. Approbation du procès-verbal de la réunion du 24 février (délibération)" in mail.text
    assert "présenté par Sandrine Faure, DRH" in mail.text
    assert "dimanche 29 mars 2026, de 9 h 30 à 12 h" in mail.text
    assert "https://dialogue.tilleuls.example/reunions/42" in mail.text
    message = mime(mail)
    (calendar,) = [p for p in message.iter_parts() if p.get_content_type() == "text/calendar"]
    assert calendar.get_param("method") == "REQUEST"
    assert not calendar.is_attachment()
    ics = calendar.get_payload(decode=True)
    assert isinstance(ics, bytes)
    assert_rfc_compliant(ics, "REQUEST", sequence=0)
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert str(event["UID"]) == "meeting-42@tilleuls.example"
    assert str(event["ORGANIZER"]) == "mailto:cse@tilleuls.example"
    assert str(event["ATTENDEE"]) == "mailto:julien.moreau@tilleuls.example"
    assert event["ATTENDEE"].params["CN"] == "Julien Moreau"
    assert "Budget des activités sociales et culturelles 2026 : 12 500 €" in str(event["DESCRIPTION"])
    start, end = event_instants(ics)["meeting-42@tilleuls.example"]
    assert start.isoformat() == "2026-03-29T07:30:00+00:00"  # 9 h 30 in Paris, the DST change day
    js_start, js_end, zone = icaljs_instants(ics)["meeting-42@tilleuls.example"]
    assert (js_start, js_end, zone) == ("2026-03-29T07:30:00.000Z", "2026-03-29T10:00:00.000Z", "Europe/Paris")


def test_cancellation_is_method_cancel_with_status_cancelled_and_annule_subject() -> None:
    mail = CASES["cancellation"]()
    assert mail.subject.startswith("Annulé : ")
    assert mail.ics is not None
    assert_rfc_compliant(mail.ics, "CANCEL", sequence=2)
    event = Calendar.from_ical(mail.ics).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]).startswith("ANNULÉ – ")
    assert str(event["ATTENDEE"]) == "mailto:julien.moreau@tilleuls.example"
    assert "Indisponibilité de la présidence" in mail.text
    message = mime(mail)
    (calendar,) = [p for p in message.iter_parts() if p.get_content_type() == "text/calendar"]
    assert calendar.get_param("method") == "CANCEL"
    icaljs_instants(mail.ics)
