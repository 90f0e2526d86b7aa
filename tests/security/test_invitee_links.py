"""Issue 17, external invitees (L2314-3): an outside expert invited to one meeting gets, through a real SMTP
server, a convocation whose calendar invitation does not ask for an answer and whose personal, signed, expiring
link opens that meeting's convocation and documents read-only, without an account.

Attacks: the link edited to open another meeting (or re-signed with the ids of a meeting the invitee is not
convoked to), a confidential item or document reached through it, a document of another meeting, an expired or
altered link, a withdrawn invitee; each refused with a French 404 or 410 page."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from datetime import date, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest
from icalendar import Calendar

from dialogue.core.clock import utcnow
from dialogue.meetings.rules.invitation_links import invitation_token
from dialogue.notifications.due import notify_due
from dialogue.notifications.tables import OutboxMessage
from dialogue.notifications.worker import SmtpConfig, Worker
from tests.api.meeting_helpers import add_item, agree_agenda, paris
from tests.factories import BodyWorld, bearer_headers, make_body, make_meeting, make_organization
from tests.helpers.clock import FrozenClock
from tests.helpers.ical_checks import assert_rfc_compliant
from tests.helpers.icaljs import icaljs_instants
from tests.helpers.smtp import SmtpServer, smtp_server

__all__ = ["smtp_server"]

EXPERT = "s.laurent@cabinet-expertise.example"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"% annexe\n" * 50 + b"%%EOF\n"
LINK = re.compile(r"https?://[^\s\"<>]+/invitation/([A-Za-z0-9._-]+)")


@pytest.fixture
def local_store(tmp_path: Path) -> Iterator[None]:
    from dialogue.documents.storage import store_from_url, use_store

    previous = use_store(store_from_url(tmp_path.as_uri()))
    try:
        yield
    finally:
        use_store(previous)


async def _upload(client: httpx.AsyncClient, headers: dict[str, str], org: int, title: str, **extra: str) -> int:
    files = {"file": (f"{title}.pdf", PDF + title.encode(), "application/pdf")}
    data = {"title": title, "confidential": extra.get("confidential", "false")}
    response = await client.post(f"/api/v1/organizations/{org}/documents", headers=headers, files=files, data=data)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def _attach(client: httpx.AsyncClient, headers: dict[str, str], path: str, document_id: int) -> None:
    response = await client.post(path, headers=headers, json={"document_id": document_id})
    assert response.status_code == 201, response.text


def _worker(settings: Any, server: SmtpServer) -> Worker:
    smtp = SmtpConfig(hostname="127.0.0.1", port=server.port, use_tls=False, timeout=5)
    return Worker(settings=settings, smtp=smtp, clock=lambda: utcnow() + timedelta(minutes=1), rand=random.Random(3))


def _mail_to(server: SmtpServer, address: str, kind: str) -> EmailMessage:
    found = [
        message
        for envelope, message in zip(server.sink.envelopes, server.sink.messages, strict=True)
        if envelope.rcpt_tos == [address] and str(message["Subject"]).startswith(kind)
    ]
    assert len(found) == 1, [str(m["Subject"]) for m in server.sink.messages]
    return found[0]


def _text(message: EmailMessage) -> str:
    part = next(iter(message.iter_parts()))
    content = part.get_content()
    assert isinstance(content, str)
    return content


class Scene:
    """A CSE meeting on 14 December 2026 with an open item, a confidential item, three documents (one shared,
    one confidential, one shared but on the confidential item), an outside expert invited, convened."""

    def __init__(self, world: BodyWorld, secretary: dict[str, str], director: dict[str, str]) -> None:
        self.world, self.secretary, self.director = world, secretary, director
        self.meeting = 0
        self.other_meeting = 0
        self.invitee = 0
        self.shared = self.confidential = self.on_confidential_item = self.elsewhere = 0


@pytest.fixture
async def scene(
    client: httpx.AsyncClient, db: Any, settings: Any, local_store: None, frozen_clock: FrozenClock
) -> Scene:
    frozen_clock.set(date(2026, 12, 1))
    world = await make_body(await make_organization(headcount=320), titulaires=1)
    assert world.secretary is not None and world.president is not None
    secret = settings.secret_key.get_secret_value()
    s = Scene(world, bearer_headers(world.secretary, secret=secret), bearer_headers(world.president, secret=secret))
    meeting = await make_meeting(world, starts_at=paris(2026, 12, 14), items=())
    other = await make_meeting(world, starts_at=paris(2026, 12, 21), items=())
    s.meeting, s.other_meeting = meeting.id, other.id
    open_item = await add_item(
        client, s.secretary, meeting.id, title="Projet de réorganisation des équipes de nuit", kind="consultation"
    )
    secret_item = await add_item(
        client,
        s.secretary,
        meeting.id,
        title="Situation financière : plan de cession",
        kind="information",
        confidential=True,
    )
    org = world.org.id
    s.shared = await _upload(client, s.secretary, org, "Note de présentation du projet")
    s.confidential = await _upload(client, s.secretary, org, "Comptes prévisionnels", confidential="true")
    s.on_confidential_item = await _upload(client, s.secretary, org, "Lettre d'intention du repreneur")
    s.elsewhere = await _upload(client, s.secretary, org, "Bilan de l'autre réunion")
    await _attach(client, s.secretary, f"/api/v1/agenda-items/{open_item['id']}/documents", s.shared)
    await _attach(client, s.secretary, f"/api/v1/meetings/{meeting.id}/documents", s.confidential)
    await _attach(client, s.secretary, f"/api/v1/agenda-items/{secret_item['id']}/documents", s.on_confidential_item)
    await _attach(client, s.secretary, f"/api/v1/meetings/{other.id}/documents", s.elsewhere)
    invited = await client.post(
        f"/api/v1/meetings/{meeting.id}/invitees",
        headers=s.secretary,
        json={
            "capacity": "other",
            "full_name": "Sophie Laurent",
            "email": EXPERT,
            "organization_name": "Cabinet d'expertise Laurent",
        },
    )
    assert invited.status_code == 201, invited.text
    s.invitee = int(invited.json()["id"])
    await agree_agenda(client, s.secretary, s.director, meeting.id)
    convened = await client.post(f"/api/v1/meetings/{meeting.id}/convene", headers=s.secretary, json={})
    assert convened.status_code == 200, convened.text
    return s


async def test_the_expert_gets_a_link_that_opens_the_meeting_read_only_and_nothing_confidential(
    client: httpx.AsyncClient, scene: Scene, settings: Any, smtp_server: SmtpServer
) -> None:
    await _worker(settings, smtp_server).run_once()
    mail = _mail_to(smtp_server, EXPERT, "Convocation")
    text = _text(mail)
    match = LINK.search(text)
    assert match, text
    token = match.group(1)
    assert "lecture seule, sans compte, jusqu'au" in text
    assert f"/meetings/{scene.meeting}" not in text and "/reunions/" not in text  # not the members' page
    html = list(mail.iter_parts())[1].get_content()
    assert f"/invitation/{token}" in html

    # The calendar invitation tells, it does not ask: no RSVP=TRUE, no NEEDS-ACTION (CALENDAR.md I4).
    part = list(mail.iter_parts())[2]
    ics = part.get_payload(decode=True)
    assert isinstance(ics, bytes)
    assert_rfc_compliant(ics.decode(), "REQUEST")
    icaljs_instants(ics.decode())
    (event,) = Calendar.from_ical(ics).walk("VEVENT")
    attendee = event["ATTENDEE"]
    assert str(attendee) == f"mailto:{EXPERT}"
    assert (attendee.params["ROLE"], attendee.params["RSVP"]) == ("OPT-PARTICIPANT", "FALSE")
    assert "PARTSTAT" not in attendee.params
    assert "RSVP=TRUE" not in ics.decode()
    assert mail["List-Unsubscribe"] is None  # a convocation is not optional

    client.cookies.clear()
    page = await client.get(f"/invitation/{token}")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "Sophie Laurent" in page.text
    assert "Projet de réorganisation des équipes de nuit" in page.text
    assert "Point confidentiel (L2315-3)" in page.text
    assert "plan de cession" not in page.text
    assert "Note de présentation du projet" in page.text
    for hidden in ("Comptes prévisionnels", "Lettre d&#39;intention du repreneur", "Bilan de l&#39;autre réunion"):
        assert hidden not in page.text
    assert "<form" not in page.text  # read-only
    download = await client.get(f"/invitation/{token}/documents/{scene.shared}")
    assert download.status_code == 200
    assert download.content == PDF + b"Note de pr\xc3\xa9sentation du projet"
    for document in (scene.confidential, scene.on_confidential_item, scene.elsewhere, 999_999):
        refused = await client.get(f"/invitation/{token}/documents/{document}")
        assert refused.status_code == 404, document
        assert "Document introuvable pour cette invitation." in refused.text
        assert "Note de présentation" not in refused.text


async def test_an_edited_or_foreign_link_is_404_and_an_expired_or_withdrawn_one_410(
    client: httpx.AsyncClient, scene: Scene, settings: Any, frozen_clock: FrozenClock
) -> None:
    key = settings.secret_key.get_secret_value().encode()
    expires = paris(2027, 1, 13, 17)
    token = invitation_token(invitee_id=scene.invitee, meeting_id=scene.meeting, expires_at=expires, key=key)
    client.cookies.clear()
    assert (await client.get(f"/invitation/{token}")).status_code == 200
    other_meeting = token.replace(f".m{scene.meeting}.", f".m{scene.other_meeting}.")
    later = token.replace(f".e{int(expires.timestamp())}.", f".e{int(expires.timestamp()) + 86_400 * 365}.")
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    resigned = invitation_token(invitee_id=scene.invitee, meeting_id=scene.other_meeting, expires_at=expires, key=key)
    for bad in (other_meeting, later, flipped, "i1.m1.e1.x", resigned, token + "x"):
        refused = await client.get(f"/invitation/{bad}")
        assert refused.status_code == 404, bad
        assert "Lien d&#39;invitation introuvable" in refused.text
        assert '<html lang="fr">' in refused.text
        assert "Projet de réorganisation" not in refused.text
    assert (await client.get(f"/invitation/{resigned}/documents/{scene.elsewhere}")).status_code == 404

    frozen_clock.set(date(2027, 1, 14))
    expired = await client.get(f"/invitation/{token}")
    assert expired.status_code == 410
    assert "Lien d&#39;invitation expiré" in expired.text and "30 jours après la réunion" in expired.text
    assert (await client.get(f"/invitation/{token}/documents/{scene.shared}")).status_code == 410

    frozen_clock.set(date(2026, 12, 2))
    removed = await client.delete(f"/api/v1/invitees/{scene.invitee}", headers=scene.secretary)
    assert removed.status_code == 204, removed.text
    client.cookies.clear()
    withdrawn = await client.get(f"/invitation/{token}")
    assert withdrawn.status_code == 410
    assert "Cette invitation a été retirée" in withdrawn.text


async def test_the_expert_can_stop_the_reminders_with_the_link_in_the_mail(
    client: httpx.AsyncClient, scene: Scene, settings: Any, smtp_server: SmtpServer, frozen_clock: FrozenClock
) -> None:
    await _worker(settings, smtp_server).run_once()
    smtp_server.sink.envelopes.clear()
    smtp_server.sink.messages.clear()
    frozen_clock.set(date(2026, 12, 13))
    await notify_due(settings=settings)
    await _worker(settings, smtp_server).run_once()
    reminder = _text(_mail_to(smtp_server, EXPERT, "Rappel"))
    assert "/invitation/" in reminder
    match = re.search(r"Ne plus recevoir les rappels de réunion : \S+/u/(\S+)", reminder)
    assert match, reminder
    client.cookies.clear()
    confirm = await client.get(f"/u/{match.group(1)}")
    assert confirm.status_code == 200 and "les rappels de réunion" in confirm.text
    done = await client.post(f"/u/{match.group(1)}", data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200

    # Drawn up again, the reminders no longer go to the expert; the members still get theirs.
    smtp_server.sink.envelopes.clear()
    smtp_server.sink.messages.clear()
    await OutboxMessage.delete().where(OutboxMessage.kind == "reminder")
    await notify_due(settings=settings)
    assert not await OutboxMessage.exists().where(
        (OutboxMessage.kind == "reminder") & (OutboxMessage.recipient_email == EXPERT)
    )
    assert await OutboxMessage.exists().where(OutboxMessage.kind == "reminder")
