"""Issue 13, mail hygiene: only people actually convoked are asked to answer; every mail its own Message-ID.

Attacks: (1) the labour inspector and the CARSAT agent, who are sent the agenda (L2315-30) but are not convoked,
received a REQUEST with RSVP=TRUE as if they were members: their « Accepter » put them on the attendance
expectations and told the employer they would come; they could not stop the mails either. (2) every
convocation of a meeting carried the same Message-ID (the thread root), so clients and archives dropped all
but one as duplicates. A real aiosmtpd server, the outbox in the database, the API (both engines).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from email.message import EmailMessage
from typing import Any

import pytest
from icalendar import Calendar

from dialogue.bootstrap import bootstrap
from dialogue.core.clock import utcnow
from dialogue.meetings.tables import Convocation
from dialogue.notifications import directory
from dialogue.notifications.due import notify_due
from dialogue.notifications.rules import (
    Category,
    address_digest,
    address_unsubscribe_token,
    is_convoked,
    read_address_unsubscribe_token,
)
from dialogue.notifications.tables import NotificationOptOut, OutboxMessage
from dialogue.notifications.worker import SmtpConfig, Worker
from tests.api.meeting_helpers import Setup, paris
from tests.helpers.ical_checks import assert_rfc_compliant
from tests.helpers.icaljs import icaljs_instants
from tests.helpers.smtp import SmtpServer, smtp_server

__all__ = ["smtp_server"]

BASE = "https://dialogue.tilleuls.example"
DOMAIN = "demo.example"
INSPECTOR = "aurelie.brun@dreets.example"
CARSAT = "y.morel@carsat-ra.example"
MEDECIN = "c.vidal@spst-rhone.example"
SAFETY = "l.roche@demo.example"
KEY = b"k" * 32


@pytest.fixture
def https(settings: Any) -> Iterator[Any]:
    """The subscribers enqueue with an https public URL, so that optional mails carry List-Unsubscribe."""
    secure = settings.model_copy(update={"base_url": BASE})
    bootstrap(secure)
    yield secure
    bootstrap(settings)


def worker(settings: Any, server: SmtpServer) -> Worker:
    smtp = SmtpConfig(hostname="127.0.0.1", port=server.port, use_tls=False, timeout=5)
    return Worker(settings=settings, smtp=smtp, clock=lambda: utcnow() + timedelta(minutes=1), rand=random.Random(5))


def by_recipient(server: SmtpServer) -> dict[str, EmailMessage]:
    found: dict[str, EmailMessage] = {}
    for envelope, message in zip(server.sink.envelopes, server.sink.messages, strict=True):
        (rcpt,) = envelope.rcpt_tos
        found[rcpt] = message
    return found


def calendar_of(message: EmailMessage, method: str) -> str:
    part = list(message.iter_parts())[2]
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == method
    ics = part.get_payload(decode=True)
    assert isinstance(ics, bytes)
    text = ics.decode("utf-8")
    assert_rfc_compliant(text, method)
    return text


def attendee_of(ics: str) -> Any:
    (event,) = Calendar.from_ical(ics).walk("VEVENT")
    return event["ATTENDEE"]


def token_of(message: EmailMessage) -> str:
    header = str(message["List-Unsubscribe"])
    assert header.startswith(f"<{BASE}/u/") and header.endswith(">"), header
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    return header[len(f"<{BASE}/u/") : -1]


async def test_agenda_recipients_get_a_non_participant_invitation_with_unsubscribe_members_an_rsvp(
    client: Any, monkeypatch: pytest.MonkeyPatch, smtp_server: SmtpServer, https: Any
) -> None:
    """L2315-30: the agenda goes to the members and to the inspector and CARSAT agent, who are not convoked."""
    setup = await Setup(client, monkeypatch).start()
    meeting, _ = await setup.convened(paris(2026, 12, 15, 14))
    listed = await directory.convocation_list(meeting_id=meeting["id"])
    informed = {p.recipient.email for p in listed if p.capacity in https.mail_non_participant_capacities}
    assert informed == {INSPECTOR, CARSAT}  # an ordinary meeting: no médecin (L2314-3 I is for SSCT items)

    assert (await worker(https, smtp_server).run_once()).sent == len(listed)
    mails = by_recipient(smtp_server)
    assert set(mails) == {p.recipient.email for p in listed}
    ids = [str(m["Message-ID"]) for m in mails.values()]
    assert len(set(ids)) == len(ids), "each mail its own Message-ID (RFC 5322 §3.6.4)"
    root = f"<meeting-{meeting['id']}@{DOMAIN}>"
    for address, message in mails.items():
        assert str(message["Message-ID"]).endswith(f"@{DOMAIN}>") and str(message["Message-ID"]) != root
        assert message["In-Reply-To"] == message["References"] == root
        ics = calendar_of(message, "REQUEST")
        attendee = attendee_of(ics)
        assert str(attendee) == f"mailto:{address}"
        icaljs_instants(ics)  # Thunderbird's parser reads it
        if address in informed:
            assert str(message["Subject"]).startswith("Ordre du jour : [CSE de l'Association Les Tilleuls]")
            assert dict(attendee.params) == {
                "CN": attendee.params["CN"],
                "ROLE": "NON-PARTICIPANT",
                "RSVP": "FALSE",
            }
            text = next(iter(message.iter_parts())).get_content()
            assert "n'est pas une convocation" in text and "Vous êtes convoqué" not in text
            assert "désabonnement" in text
            token = token_of(message)
            assert read_address_unsubscribe_token(token, key=https.secret_key.get_secret_value().encode()) is not None
            assert address.split("@")[0] not in token  # the link does not carry the address
        else:
            assert str(message["Subject"]).startswith("Convocation : [CSE de l'Association Les Tilleuls]")
            assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
            assert (attendee.params["RSVP"], attendee.params["PARTSTAT"]) == ("TRUE", "NEEDS-ACTION")
            assert message["List-Unsubscribe"] is None, "a convocation is mandatory: no unsubscribe (L2315-30)"
    proofs = await Convocation.select(Convocation.email, Convocation.sent_at).where(
        Convocation.meeting == meeting["id"]
    )
    assert all(p["sent_at"] is not None for p in proofs if p["email"] in informed), "proof the agenda went out"

    # RFC 8058: the GET shows a confirmation only; the POST, without cookie or token, unsubscribes, once.
    token = token_of(mails[INSPECTOR])
    client.cookies.clear()
    page = await client.get(f"/u/{token}")
    assert page.status_code == 200
    assert "l'ordre du jour des réunions" in page.text and INSPECTOR not in page.text
    assert await NotificationOptOut.count() == 0
    for _ in range(2):
        done = await client.post(f"/u/{token}", data={"List-Unsubscribe": "One-Click"})
        assert done.status_code == 200
        assert "C'est fait" in done.text
    (opt_out,) = await NotificationOptOut.select(NotificationOptOut.category, NotificationOptOut.address_digest)
    assert opt_out == {"category": "agenda", "address_digest": address_digest(INSPECTOR)}
    forged = token.replace(token.split(".")[2], address_digest(CARSAT))
    assert (await client.post(f"/u/{forged}")).status_code == 404

    # The cancellation still reaches everyone convoked and CARSAT (NON-PARTICIPANT), not the inspector.
    smtp_server.sink.envelopes.clear()
    cancelled = await client.post(
        f"/api/v1/meetings/{meeting['id']}/cancel", headers=setup.secretary, json={"reason": "Salle indisponible"}
    )
    assert cancelled.status_code == 200, cancelled.text
    await worker(https, smtp_server).run_once()
    cancels = by_recipient(smtp_server)
    assert set(cancels) == {p.recipient.email for p in listed} - {INSPECTOR}
    carsat = attendee_of(calendar_of(cancels[CARSAT], "CANCEL"))
    assert (carsat.params["ROLE"], carsat.params["RSVP"]) == ("NON-PARTICIPANT", "FALSE")
    assert token_of(cancels[CARSAT])
    assert not await OutboxMessage.exists().where(
        (OutboxMessage.recipient_email == INSPECTOR) & (OutboxMessage.kind == "cancellation")
    )
    ids = [str(m["Message-ID"]) for m in cancels.values()]
    assert len(set(ids)) == len(ids) and not set(ids) & {str(m["Message-ID"]) for m in mails.values()}


async def test_ssct_meeting_medecin_is_informed_the_safety_officer_convoked(
    client: Any, monkeypatch: pytest.MonkeyPatch, smtp_server: SmtpServer, https: Any
) -> None:
    """L2314-3: on SSCT items the médecin du travail and the safety officer join; only the latter is asked to
    answer by default (DIALOGUE_MAIL_NON_PARTICIPANT_CAPACITIES)."""
    setup = await Setup(client, monkeypatch).start()
    meeting, _ = await setup.convened(
        paris(2026, 12, 16, 14), item={"title": "Bilan des accidents du travail de l'EHPAD", "kind": "ssct"}
    )
    await worker(https, smtp_server).run_once()
    mails = by_recipient(smtp_server)
    assert {INSPECTOR, CARSAT, MEDECIN, SAFETY} <= set(mails)
    for address in (INSPECTOR, CARSAT, MEDECIN):
        attendee = attendee_of(calendar_of(mails[address], "REQUEST"))
        assert (attendee.params["ROLE"], attendee.params["RSVP"]) == ("NON-PARTICIPANT", "FALSE")
        assert "PARTSTAT" not in attendee.params
        assert token_of(mails[address])
    safety = attendee_of(calendar_of(mails[SAFETY], "REQUEST"))
    assert (safety.params["RSVP"], safety.params["PARTSTAT"]) == ("TRUE", "NEEDS-ACTION")
    assert mails[SAFETY]["List-Unsubscribe"] is None
    assert str(mails[SAFETY]["References"]) == f"<meeting-{meeting['id']}@{DOMAIN}>"


@pytest.mark.parametrize(
    ("capacity", "convoked"),
    [
        ("titular", True),
        ("substitute", True),
        ("president", True),
        ("union_representative", True),
        ("responsable_securite", True),
        ("inspection_travail", False),
        ("carsat", False),
        ("medecin_travail", False),
    ],
)
def test_l2315_30_l2314_3_who_is_convoked_and_who_is_informed(capacity: str, convoked: bool) -> None:
    assert is_convoked(capacity, non_participants=("inspection_travail", "carsat", "medecin_travail")) is convoked


def test_address_unsubscribe_token_is_signed_scoped_and_carries_no_address() -> None:
    token = address_unsubscribe_token(
        organization_id=7, email="Aurelie.Brun@dreets.example", category=Category.agenda, key=KEY
    )
    assert "aurelie" not in token.lower()
    assert read_address_unsubscribe_token(token, key=KEY) == (7, Category.agenda, address_digest(INSPECTOR))
    assert read_address_unsubscribe_token(token, key=b"x" * 32) is None
    assert read_address_unsubscribe_token(token.replace("a7.", "a8.", 1), key=KEY) is None
    assert read_address_unsubscribe_token(token.replace(".agenda.", ".reminder.", 1), key=KEY) is None
    with pytest.raises(ValueError, match="cannot be unsubscribed"):
        address_unsubscribe_token(organization_id=7, email=INSPECTOR, category=Category.convocation, key=KEY)


async def test_no_reminder_to_agenda_recipients_who_cannot_turn_reminders_off(
    client: Any, monkeypatch: pytest.MonkeyPatch, https: Any
) -> None:
    """The day-before reminder (optional, per-account preference) goes to the convoked only."""
    setup = await Setup(client, monkeypatch).start()
    await setup.convened(paris(2026, 12, 15, 14))
    assert (await notify_due(settings=https, today=date(2026, 12, 14))).reminders >= 4
    reminded = {
        r["recipient_email"]
        for r in await OutboxMessage.select(OutboxMessage.recipient_email).where(OutboxMessage.kind == "reminder")
    }
    assert reminded
    assert not reminded & {INSPECTOR, CARSAT}
