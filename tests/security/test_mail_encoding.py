"""Issue 13, mail hygiene: non-ASCII bodies are declared to the server or encoded 7-bit.

Attack: a relay that does not advertise 8BITMIME (RFC 6152) receives raw UTF-8 octets with no BODY=8BITMIME;
it may strip the 8th bit (« RÃ©union »), bounce the message, or reject the convocation. The worker sends
8bit (declared) only where 8BITMIME is advertised and quoted-printable otherwise; in both cases the French text
read back equals what was rendered. A real aiosmtpd server, the outbox in the database (both engines).
"""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage
from typing import Any

import pytest
from icalendar import Calendar

from dialogue.core.clock import utcnow
from dialogue.notifications import messages
from dialogue.notifications.messages import MailContext, Recipient
from dialogue.notifications.mime import transfer_encoding
from dialogue.notifications.service import enqueue
from dialogue.notifications.tables import OutboxMessage
from dialogue.notifications.worker import SmtpConfig, Worker
from dialogue.organizations.tables import Organization
from tests.helpers import notification_data as data
from tests.helpers.ical_checks import assert_rfc_compliant
from tests.helpers.smtp import SmtpServer, SmtpSink

CTX = MailContext(base_url="http://testserver", mail_from="cse@demo.example")
RECIPIENT = Recipient(email="helene.lefevre@demo.example", name="Hélène Lefèvre", user_id=None)


class SevenBitSink(SmtpSink):
    """A server that does not advertise 8BITMIME (an old relay): EHLO without the extension."""

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        responses = await super().handle_EHLO(server, session, envelope, hostname, responses)
        return [line for line in responses if "8BITMIME" not in line.upper()]


@pytest.fixture(params=["8bitmime", "7bit"])
def server(request: pytest.FixtureRequest) -> Iterator[SmtpServer]:
    sink = SmtpSink() if request.param == "8bitmime" else SevenBitSink()
    smtp = SmtpServer(sink)
    smtp.start()
    try:
        yield smtp
    finally:
        smtp.stop()


def worker_for(settings: Any, server: SmtpServer) -> Worker:
    smtp = SmtpConfig(hostname="127.0.0.1", port=server.port, use_tls=False, timeout=5)
    return Worker(settings=settings, smtp=smtp, clock=lambda: utcnow() + timedelta(minutes=1))


def lf(text: str) -> str:
    """Line breaks as a parser hands them back (`\\n`), with the final one MIME adds."""
    text = text.replace("\r\n", "\n")
    return text if text.endswith("\n") else text + "\n"


async def send_one_convocation(settings: Any, server: SmtpServer) -> tuple[messages.RenderedMail, Any]:
    org = await Organization.select(Organization.id).where(Organization.name == "Association Les Tilleuls").first()
    assert org is not None
    mail = messages.render_convocation(CTX, data.convocation(), RECIPIENT)
    await enqueue(
        organization_id=org["id"], recipient=RECIPIENT, mail=mail, dedupe_key="security:8bit", settings=settings
    )
    summary = await worker_for(settings, server).run_once()
    assert summary.sent == 1
    (envelope,) = server.sink.envelopes
    return mail, envelope


async def test_french_convocation_is_8bit_only_where_8bitmime_is_advertised_and_reads_back_intact(
    db: Any, settings: Any, server: SmtpServer
) -> None:
    """RFC 6152 §3: 8bit content only with BODY=8BITMIME to a server that offered it; RFC 2045: 7-bit otherwise."""
    mail, envelope = await send_one_convocation(settings, server)
    advertised = not isinstance(server.sink, SevenBitSink)
    raw: bytes = envelope.content
    assert "é".encode() in mail.text.encode() and "é" in (mail.ics or "")
    if advertised:
        assert "BODY=8BITMIME" in envelope.mail_options
        assert not raw.isascii()
    else:
        assert not any(option.startswith("BODY=") for option in envelope.mail_options)
        assert raw.isascii(), "every octet 7-bit when the server did not advertise 8BITMIME"
        assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    plain, html, calendar = message.iter_parts()
    expected_cte = "8bit" if advertised else "quoted-printable"
    for part in (plain, html, calendar):
        assert part.get_content_charset() == "utf-8"
        assert part["Content-Transfer-Encoding"] == expected_cte
    assert lf(plain.get_content()) == lf(mail.text)
    assert lf(html.get_content()) == lf(mail.html)
    ics = calendar.get_payload(decode=True)
    assert isinstance(ics, bytes)
    assert ics.decode("utf-8").replace("\r\n", "\n") == lf(mail.ics or "")
    assert ics.count(b"\r\n") == (mail.ics or "").count("\r\n"), "the calendar keeps its CRLF lines (RFC 5545 §3.1)"
    assert_rfc_compliant(ics, "REQUEST", sequence=0)
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Réunion ordinaire du CSE – mars 2026 – CSE de l'Association Les Tilleuls"
    assert "Salle du conseil, EHPAD Les Tilleuls" in str(event["LOCATION"])
    assert str(message["Subject"]) == mail.subject
    assert message["To"].addresses[0].display_name == "Hélène Lefèvre"
    stored = await OutboxMessage.select(OutboxMessage.status).where(OutboxMessage.dedupe_key == "security:8bit")
    assert stored == [{"status": "sent"}]


@pytest.mark.parametrize(
    ("text", "eight_bit", "expected"),
    [
        ("Ordre du jour\n", True, "7bit"),
        ("Ordre du jour\n", False, "7bit"),
        ("Réunion du CSE\n", True, "8bit"),
        ("Réunion du CSE\n", False, "quoted-printable"),
        ("é" * 500 + "\n", True, "quoted-printable"),  # 1000 octets on one line: never 8bit (RFC 5322 §2.1.1)
        ("a" * 999 + "\n", False, "quoted-printable"),
    ],
)
def test_transfer_encoding_rfc6152_rfc5322_line_limit(text: str, eight_bit: bool, expected: str) -> None:
    assert transfer_encoding(text, eight_bit=eight_bit) == expected
