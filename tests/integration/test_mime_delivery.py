"""MIME messages checked by Mozilla ical.js (node) and sent through a real SMTP server: out of the unit suite."""

from __future__ import annotations

import asyncio
import email
import email.policy
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any

import aiosmtplib
import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar

from dialogue.notifications.mime import make_message_id
from tests.helpers.ical_checks import assert_rfc_compliant, event_instants
from tests.helpers.icaljs import icaljs_instants
from tests.helpers.smtp import free_port
from tests.unit.test_mime import DOMAIN, FROM, ROOT_ID, SUBJECT, TO, calendar_bytes, invitation_ics, message, reparse


def test_calendar_part_matches_its_method_and_is_rfc_compliant() -> None:
    msg = reparse(message())
    ics = calendar_bytes(msg)
    assert b"\r\nMETHOD:REQUEST\r\n" in ics
    assert_rfc_compliant(ics, "REQUEST", sequence=0)
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert str(event["ORGANIZER"]) == f"mailto:{FROM}"
    assert str(event["ATTENDEE"]) == f"mailto:{TO}"
    assert event["ATTENDEE"].params["RSVP"] == "TRUE"
    assert event["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"
    assert event_instants(ics)["cse-meeting-42@acme.example"][0] == datetime(2026, 3, 29, 7, 30, tzinfo=UTC)
    assert icaljs_instants(ics)["cse-meeting-42@acme.example"][:2] == (
        "2026-03-29T07:30:00.000Z",
        "2026-03-29T09:30:00.000Z",
    )


@dataclass
class Sink:
    """An aiosmtpd handler that stores every envelope it accepts."""

    envelopes: list[Any] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd hook name
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_sink() -> Iterator[tuple[Sink, int]]:
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()


async def test_invitation_survives_a_real_smtp_round_trip(smtp_sink: tuple[Sink, int]) -> None:
    sink, port = smtp_sink
    sent = message(
        in_reply_to=ROOT_ID, references=[ROOT_ID], list_unsubscribe_url="https://dialogue.acme.example/u/abc"
    )
    await asyncio.wait_for(aiosmtplib.send(sent, hostname="127.0.0.1", port=port, timeout=10), timeout=20)

    (envelope,) = sink.envelopes
    assert envelope.mail_from == FROM
    assert envelope.rcpt_tos == [TO]
    received = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert isinstance(received, EmailMessage)
    assert received["Subject"] == SUBJECT
    assert received["Message-ID"] == sent["Message-ID"]
    assert received["In-Reply-To"] == ROOT_ID
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    parts = list(received.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html", "text/calendar"]
    assert "Budget ASC : 12 500 €" in parts[0].get_content()
    assert "février" in parts[1].get_content()
    assert parts[2].get_param("method") == "REQUEST"
    assert not parts[2].is_attachment()
    ics = calendar_bytes(received)
    assert_rfc_compliant(ics, "REQUEST", sequence=0)
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert str(event["ATTENDEE"]) == f"mailto:{envelope.rcpt_tos[0]}"
    assert str(event["ORGANIZER"]) == f"mailto:{received['From'].addresses[0].addr_spec}"
    assert str(event["SUMMARY"]) == "Réunion ordinaire du CSE"
    assert ics == invitation_ics().encode("utf-8")  # byte-exact, CRLF and folds intact


async def test_cancellation_survives_a_real_smtp_round_trip(smtp_sink: tuple[Sink, int]) -> None:
    sink, port = smtp_sink
    sent = message(
        subject="Annulé : réunion ordinaire du CSE du 29/03",
        ics=invitation_ics(method="CANCEL", sequence=1, cancelled=True),
        ics_method="CANCEL",
        message_id=make_message_id("annulation", "m42", "u17", "s1", domain=DOMAIN),
        in_reply_to=ROOT_ID,
        references=[ROOT_ID],
    )
    await asyncio.wait_for(aiosmtplib.send(sent, hostname="127.0.0.1", port=port, timeout=10), timeout=20)
    (envelope,) = sink.envelopes
    received = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert received["Subject"] == "Annulé : réunion ordinaire du CSE du 29/03"
    assert isinstance(received, EmailMessage)
    assert_rfc_compliant(calendar_bytes(received), "CANCEL", sequence=1)
