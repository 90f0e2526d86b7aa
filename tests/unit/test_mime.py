"""Invitation and notification e-mails: MIME layout, headers, threading, and a real SMTP round trip."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import aiosmtplib
import pytest

from dialogue.feeds.ics import PARIS, CalAddress, render_calendar, render_event
from dialogue.notifications.mime import build_message, make_message_id
from tests.helpers.ical_checks import assert_rfc_compliant

DOMAIN = "cse.acme.example"
FROM = "cse@acme.example"
TO = "marie.durand@acme.example"
SUBJECT = "[CSE ACME] Convocation : réunion ordinaire du 29/03 — ordre du jour"
TEXT = "Bonjour Marie,\n\nOrdre du jour :\n1. Approbation du PV de février\n2. Budget ASC : 12 500 €\n"
HTML = "<p>Bonjour Marie,</p><ol><li>Approbation du PV de février</li><li>Budget ASC : 12 500 €</li></ol>"
ROOT_ID = make_message_id("meeting", 42, domain=DOMAIN)
STAMP = datetime(2026, 3, 1, 9, 15, tzinfo=UTC)
START = datetime(2026, 3, 29, 9, 30, tzinfo=PARIS)


def invitation_ics(*, method: str = "REQUEST", sequence: int = 0, cancelled: bool = False) -> str:
    event = render_event(
        uid="cse-meeting-42@acme.example",
        dtstamp=STAMP,
        start=START,
        end=START.astimezone(UTC) + timedelta(hours=2),
        summary="Réunion ordinaire du CSE",
        organizer=CalAddress(FROM, "Secrétariat CSE"),
        attendee=CalAddress(TO, "Marie Durand"),
        sequence=sequence,
        cancelled=cancelled,
        location="Salle du conseil",
        agenda=["Approbation du PV de février", "Budget ASC"],
        url="https://dialogue.acme.example/reunions/42",
    )
    return render_calendar(events=[event], name="CSE ACME", method=method)  # type: ignore[arg-type]


def message(**overrides: Any) -> EmailMessage:
    values: dict[str, Any] = {
        "from_addr": FROM,
        "from_name": "Secrétariat du CSE",
        "to_addr": TO,
        "subject": SUBJECT,
        "text": TEXT,
        "html": HTML,
        "ics": invitation_ics(),
        "ics_method": "REQUEST",
        "message_id": make_message_id("convocation", "m42", "u17", "s0", domain=DOMAIN),
        "in_reply_to": None,
        "references": [],
        "list_unsubscribe_url": None,
        "date": STAMP,
    }
    values.update(overrides)
    return build_message(**values)


def wire(msg: EmailMessage) -> bytes:
    """The bytes aiosmtplib puts on the wire."""
    return aiosmtplib.email.flatten_message(msg)


def reparse(msg: EmailMessage) -> EmailMessage:
    parsed = email.message_from_bytes(wire(msg), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def calendar_bytes(msg: EmailMessage) -> bytes:
    (part,) = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload


# ---------------------------------------------------------------- Message-ID


def test_make_message_id_is_deterministic_and_on_our_domain() -> None:
    assert (
        make_message_id("convocation", "m42", "u17", "s0", domain=DOMAIN) == "<convocation.m42.u17.s0@cse.acme.example>"
    )
    assert make_message_id("meeting", 42, domain=DOMAIN) == "<meeting.42@cse.acme.example>"
    assert make_message_id("rappel", 42, 17, domain=DOMAIN) == make_message_id("rappel", 42, 17, domain=DOMAIN)


@pytest.mark.parametrize(
    ("kind", "ids", "domain"),
    [("a b", (), DOMAIN), ("x", ("a@b",), DOMAIN), ("x", ("",), DOMAIN), ("x", (), "bad domain"), ("x", (), "")],
)
def test_make_message_id_rejects_unsafe_parts(kind: str, ids: tuple[str, ...], domain: str) -> None:
    with pytest.raises(ValueError, match=r"Message-ID|domain"):
        make_message_id(kind, *ids, domain=domain)


# ---------------------------------------------------------------- layout


def test_invitation_is_alternative_text_html_then_inline_calendar_last() -> None:
    msg = reparse(message())
    assert msg.get_content_type() == "multipart/alternative"
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html", "text/calendar"]
    plain, html, calendar = parts
    assert plain.get_content_charset() == "utf-8"
    assert html.get_content_charset() == "utf-8"
    assert calendar.get_content_charset() == "utf-8"
    assert calendar.get_param("method") == "REQUEST"
    assert calendar["Content-Disposition"] is None
    assert not calendar.is_attachment()
    assert "Ordre du jour" in plain.get_content()
    assert "12 500 €" in plain.get_content()
    assert "février" in html.get_content()


def test_cancellation_uses_method_cancel_in_header_and_body() -> None:
    ics = invitation_ics(method="CANCEL", sequence=1, cancelled=True)
    msg = reparse(message(subject="Annulé : réunion ordinaire du 29/03", ics=ics, ics_method="CANCEL"))
    (calendar,) = [p for p in msg.iter_parts() if p.get_content_type() == "text/calendar"]
    assert calendar.get_param("method") == "CANCEL"
    assert_rfc_compliant(calendar_bytes(msg), "CANCEL", sequence=1)
    assert str(msg["Subject"]).startswith("Annulé")


def test_notification_without_calendar_has_no_calendar_part() -> None:
    msg = reparse(message(ics=None, ics_method=None))
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    text_only = reparse(message(ics=None, ics_method=None, html=None))
    assert text_only.get_content_type() == "text/plain"
    assert text_only.get_content().replace("\r\n", "\n") == TEXT


@pytest.mark.parametrize(
    ("overrides", "match"),
    [
        ({"ics_method": "CANCEL"}, "METHOD:CANCEL"),
        ({"ics_method": None}, "together"),
        ({"ics": None}, "together"),
        ({"ics_method": "PUBLISH"}, "REQUEST or CANCEL"),
        ({"html": None}, "HTML"),
        ({"date": datetime(2026, 3, 1, 9, 15)}, "naive"),
        ({"message_id": "convocation.1@cse.acme.example"}, "Message-ID"),
        ({"in_reply_to": "<a b@c>"}, "Message-ID"),
        ({"references": ["<ok@cse.acme.example>", "nope"]}, "Message-ID"),
        ({"list_unsubscribe_url": "http://insecure.example/u"}, "https"),
        ({"list_unsubscribe_url": "https://a.example/u\r\nBcc: x@y"}, "https"),
    ],
)
def test_build_message_rejects_inconsistent_input(overrides: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        message(**overrides)


def test_header_injection_in_subject_is_refused() -> None:
    with pytest.raises(ValueError, match=r"linefeed|carriage|newline"):
        message(subject="Convocation\r\nBcc: everyone@example.org")


# ---------------------------------------------------------------- headers


def test_french_subject_is_rfc2047_encoded_on_the_wire_and_decodes_back() -> None:
    raw = wire(message())
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert head.isascii()
    assert b"=?utf-8?" in head
    assert all(len(line) <= 78 for line in head.split(b"\r\n") if not line.startswith(b"List-Unsubscribe"))
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Subject"] == SUBJECT
    assert parsed["From"].addresses[0].display_name == "Secrétariat du CSE"
    assert parsed["From"].addresses[0].addr_spec == FROM
    assert parsed["To"].addresses[0].addr_spec == TO


def test_threading_headers_point_to_the_meeting_root() -> None:
    update_id = make_message_id("convocation", "m42", "u17", "s1", domain=DOMAIN)
    msg = reparse(
        message(
            message_id=update_id,
            in_reply_to=ROOT_ID,
            references=[ROOT_ID],
            ics=invitation_ics(sequence=1),
        )
    )
    assert msg["Message-ID"] == update_id
    assert msg["In-Reply-To"] == ROOT_ID
    assert msg["References"] == ROOT_ID
    assert msg["Date"].datetime == STAMP
    assert_rfc_compliant(calendar_bytes(msg), "REQUEST", sequence=1)
    several = reparse(message(references=[ROOT_ID, update_id]))
    assert several["References"].split() == [ROOT_ID, update_id]


def test_list_unsubscribe_only_with_url_and_on_one_line() -> None:
    without = wire(message())
    assert b"List-Unsubscribe" not in without
    url = "https://dialogue.acme.example/notifications/desabonnement/" + "t" * 80
    raw = wire(message(list_unsubscribe_url=url, ics=None, ics_method=None))
    lines = raw.split(b"\r\n")
    assert f"List-Unsubscribe: <{url}>".encode() in lines
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in lines
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["List-Unsubscribe"] == f"<{url}>"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_message_is_deterministic_apart_from_the_mime_boundary() -> None:
    first, second = message(), message()
    assert [str(v) for k, v in first.items() if k != "Content-Type"] == [
        str(v) for k, v in second.items() if k != "Content-Type"
    ]
    assert [p.get_content() for p in first.iter_parts()] == [p.get_content() for p in second.iter_parts()]
