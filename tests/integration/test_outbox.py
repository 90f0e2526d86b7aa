"""The outbox and its worker against a real database and a real SMTP server (aiosmtpd).

Fault tests: a 4xx then 250 (retried), a 550 (dead, no retry storm), the server going down mid-batch
then coming back (all delivered once), a crash after 250 before commit (same Message-ID), two workers
racing (each message sent once).
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import random
import subprocess
import sys
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from dialogue.auth.tables import User
from dialogue.core.clock import utcnow
from dialogue.core.db import is_sqlite, transaction
from dialogue.notifications import messages
from dialogue.notifications.messages import MailContext, Recipient, RenderedMail
from dialogue.notifications.rules import Status, backoff_delay, message_id_for
from dialogue.notifications.service import enqueue
from dialogue.notifications.tables import NotificationPreference, OutboxMessage
from dialogue.notifications.worker import SmtpConfig, Worker
from tests.factories import make_body, make_organization
from tests.helpers import notification_data as data
from tests.helpers.ical_checks import assert_rfc_compliant
from tests.helpers.icaljs import icaljs_instants
from tests.helpers.smtp import SmtpServer, smtp_server

__all__ = ["smtp_server"]

ROOT = Path(__file__).resolve().parents[2]
#: The conftest settings' mail configuration (the demo's domain).
CTX = MailContext(base_url="http://testserver", mail_from="cse@demo.example")


class FakeClock:
    def __init__(self) -> None:
        self.now = utcnow() + timedelta(minutes=1)  # rows enqueued during the test are due

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def https_settings(settings: Any) -> Any:
    return settings.model_copy(update={"base_url": "https://dialogue.tilleuls.example"})


def worker_for(settings: Any, server: SmtpServer, clock: FakeClock, **kwargs: Any) -> Worker:
    smtp = SmtpConfig(hostname="127.0.0.1", port=server.port, use_tls=False, timeout=5)
    return Worker(settings=settings, smtp=smtp, clock=clock, rand=random.Random(7), **kwargs)


class Outbox:
    """The outbox rows written after the test built its CSE: the test's own, whatever else the database holds
    (the demo's delivery history, the nudges its scheduled jobs sent while it loaded)."""

    def __init__(self, last_id: int) -> None:
        self.mine = OutboxMessage.id > last_id

    async def rows(self, *columns: Any) -> list[dict[str, Any]]:
        return await OutboxMessage.select(*columns).where(self.mine).order_by(OutboxMessage.id)


async def cse() -> tuple[int, list[Recipient], Outbox]:
    """A CSE built by the factories, everyone it convenes (16), in seating order: president, secretary, seven
    titulaires, seven suppléants; and the outbox rows written from then on."""
    world = await make_body(await make_organization(), titulaires=7, substitutes=7)
    # Seating the members told them so when the app's subscribers are on (an earlier module bootstrapped them):
    # those notices are not this file's mail.
    await OutboxMessage.delete().where(OutboxMessage.organization == world.org.id)
    last = await OutboxMessage.select(OutboxMessage.id).order_by(OutboxMessage.id, ascending=False).first()
    people = [Recipient(email=p.email, name=p.full_name, user_id=p.id) for p in world.members]
    return world.org.id, people, Outbox(last["id"] if last is not None else 0)


def convocation_for(recipient: Recipient) -> RenderedMail:
    return messages.render_convocation(CTX, data.convocation(), recipient)


async def enqueue_convocations(organization_id: int, recipients: list[Recipient], settings: Any) -> None:
    for recipient in recipients:
        await enqueue(
            organization_id=organization_id,
            recipient=recipient,
            mail=convocation_for(recipient),
            dedupe_key=f"convocation:42:{recipient.user_id}",
            settings=settings,
        )


# ---------------------------------------------------------------- enqueue


async def test_enqueue_is_idempotent_on_the_dedupe_key(db: Any, settings: Any) -> None:
    org, people, _ = await cse()
    recipient = people[0]
    first = await enqueue(
        organization_id=org, recipient=recipient, mail=convocation_for(recipient), dedupe_key="k:1", settings=settings
    )
    again = await enqueue(
        organization_id=org, recipient=recipient, mail=convocation_for(recipient), dedupe_key="k:1", settings=settings
    )
    assert first is not None
    assert again == first
    assert await OutboxMessage.count().where(OutboxMessage.dedupe_key == "k:1") == 1
    assert first.status == Status.pending
    # Issue 13: the convocation has its own Message-ID and refers to the meeting's thread root.
    assert first.message_id == message_id_for(kind="convocation", dedupe_key="k:1", domain="demo.example")
    assert first.message_id != "<meeting-42@demo.example>"


async def test_enqueue_rejects_bad_addresses_and_keys(db: Any, settings: Any) -> None:
    org, people, _ = await cse()
    mail = convocation_for(data.RECIPIENT)
    with pytest.raises(ValueError, match="e-mail"):
        await enqueue(
            organization_id=org,
            recipient=Recipient(email="pas une adresse"),
            mail=mail,
            dedupe_key="k",
            settings=settings,
        )
    with pytest.raises(ValueError, match="dedupe_key"):
        await enqueue(organization_id=org, recipient=data.RECIPIENT, mail=mail, dedupe_key="", settings=settings)


async def test_a_rolled_back_business_transaction_leaves_no_outbox_row(committed_db: Any, settings: Any) -> None:
    org, people, outbox = await cse()
    recipient = people[0]

    class BusinessFailure(Exception):
        pass

    async def convene_then_fail() -> None:
        async with transaction():
            await enqueue(
                organization_id=org,
                recipient=recipient,
                mail=convocation_for(recipient),
                dedupe_key="rolled-back",
                settings=settings,
            )
            raise BusinessFailure

    with pytest.raises(BusinessFailure):
        await convene_then_fail()
    assert await OutboxMessage.count().where(outbox.mine) == 0
    async with transaction():
        await enqueue(
            organization_id=org,
            recipient=recipient,
            mail=convocation_for(recipient),
            dedupe_key="committed",
            settings=settings,
        )
    assert await OutboxMessage.count().where(outbox.mine) == 1


async def test_optional_mail_respects_preferences_and_carries_unsubscribe(db: Any, https_settings: Any) -> None:
    org, people, _ = await cse()
    recipient = people[1]
    reminder = messages.render_reminder(CTX, data.reminder(), recipient)
    stored = await enqueue(
        organization_id=org, recipient=recipient, mail=reminder, dedupe_key="reminder:42:a", settings=https_settings
    )
    assert stored is not None
    row = await OutboxMessage.select(OutboxMessage.list_unsubscribe_url).where(OutboxMessage.id == stored.id).first()
    assert row is not None
    assert row["list_unsubscribe_url"].startswith(f"https://dialogue.tilleuls.example/u/{recipient.user_id}.reminder.")

    await NotificationPreference.insert(
        NotificationPreference(user=recipient.user_id, reminders=False, digests=True, updated_at=utcnow())
    )
    skipped = await enqueue(
        organization_id=org, recipient=recipient, mail=reminder, dedupe_key="reminder:42:b", settings=https_settings
    )
    assert skipped is None
    convocation = await enqueue(
        organization_id=org,
        recipient=recipient,
        mail=convocation_for(recipient),
        dedupe_key="convocation:42:b",
        settings=https_settings,
    )
    assert convocation is not None  # convocations cannot be turned off
    row = (
        await OutboxMessage.select(OutboxMessage.list_unsubscribe_url).where(OutboxMessage.id == convocation.id).first()
    )
    assert row is not None
    assert row["list_unsubscribe_url"] is None


# ---------------------------------------------------------------- delivery


async def test_convening_delivers_one_valid_invitation_per_person_then_the_cancellation(
    db: Any, settings: Any, smtp_server: SmtpServer, clock: FakeClock
) -> None:
    org, people, outbox = await cse()
    recipients = people
    assert len(recipients) >= 15
    await enqueue_convocations(org, recipients, settings)
    worker = worker_for(settings, smtp_server, clock, batch_size=100)

    summary = await worker.run_once()
    assert summary.sent == len(recipients)
    envelopes = smtp_server.sink.envelopes
    assert sorted(e.rcpt_tos[0] for e in envelopes) == sorted(r.email for r in recipients)
    assert all(len(e.rcpt_tos) == 1 and e.mail_from == settings.mail_from for e in envelopes)
    assert smtp_server.sink.sessions == 1  # one SMTP connection for the whole batch
    for envelope, message in zip(envelopes, smtp_server.sink.messages, strict=True):
        assert message.get_content_type() == "multipart/alternative"
        parts = list(message.iter_parts())
        assert [p.get_content_type() for p in parts] == ["text/plain", "text/html", "text/calendar"]
        assert "Ordre du jour" in parts[0].get_content()
        assert parts[2].get_param("method") == "REQUEST"
        ics = parts[2].get_payload(decode=True)
        assert_rfc_compliant(ics, "REQUEST", sequence=0)
        attendee = Calendar.from_ical(ics).walk("VEVENT")[0]["ATTENDEE"]
        assert str(attendee) == f"mailto:{envelope.rcpt_tos[0]}"
        assert message["In-Reply-To"] == message["References"] == "<meeting-42@demo.example>"
    assert len({str(m["Message-ID"]) for m in smtp_server.sink.messages}) == len(recipients)  # one each
    assert [r["status"] for r in await outbox.rows(OutboxMessage.status)] == ["sent"] * len(recipients)
    icaljs_instants(ics)

    for recipient in recipients:
        await enqueue(
            organization_id=org,
            recipient=recipient,
            mail=messages.render_cancellation(CTX, data.cancellation(), recipient),
            dedupe_key=f"cancellation:42:{recipient.user_id}:2",
            settings=settings,
        )
    assert (await worker.run_once()).sent == len(recipients)
    cancels = smtp_server.sink.messages[len(recipients) :]
    assert len(cancels) == len(recipients)
    ids = {str(m["Message-ID"]) for m in cancels}
    assert len(ids) == len(recipients)
    for message in cancels:
        assert str(message["Subject"]).startswith("Annulé : ")
        assert message["In-Reply-To"] == "<meeting-42@demo.example>"
        calendar = next(p for p in message.iter_parts() if p.get_content_type() == "text/calendar")
        assert calendar.get_param("method") == "CANCEL"
        assert_rfc_compliant(calendar.get_payload(decode=True), "CANCEL", sequence=2)


async def test_a_451_is_retried_with_backoff_and_delivered_once(
    db: Any, settings: Any, smtp_server: SmtpServer, clock: FakeClock
) -> None:
    org, people, outbox = await cse()
    recipient = people[0]
    await enqueue_convocations(org, [recipient], settings)
    smtp_server.sink.data_replies.append("451 4.3.0 Mailbox temporarily unavailable")
    worker = worker_for(settings, smtp_server, clock)

    first = await worker.run_once()
    assert (first.sent, first.retried) == (0, 1)
    (row,) = await outbox.rows(
        OutboxMessage.status, OutboxMessage.attempts, OutboxMessage.next_attempt_at, OutboxMessage.last_error
    )
    assert row["status"] == "pending"
    assert row["attempts"] == 1
    assert "451" in row["last_error"]
    expected = clock.now + backoff_delay(1, jitter=random.Random(7).uniform(-1.0, 1.0))
    assert abs(row["next_attempt_at"] - expected) < timedelta(milliseconds=1)
    assert smtp_server.sink.envelopes == []

    assert (await worker.run_once()).sent == 0  # not due yet
    clock.advance(timedelta(seconds=40))
    assert (await worker.run_once()).sent == 1
    (row,) = await outbox.rows(
        OutboxMessage.status, OutboxMessage.attempts, OutboxMessage.last_error, OutboxMessage.sent_at
    )
    assert (row["status"], row["attempts"], row["last_error"]) == ("sent", 2, None)
    assert row["sent_at"] is not None
    assert len(smtp_server.sink.envelopes) == 1


async def test_a_550_goes_dead_with_its_error_and_is_not_retried(
    db: Any, settings: Any, smtp_server: SmtpServer, clock: FakeClock
) -> None:
    org, people, outbox = await cse()
    recipients = people[:2]
    await enqueue_convocations(org, recipients, settings)
    smtp_server.sink.rcpt_replies.append("550 5.1.1 <adresse> : utilisateur inconnu")
    worker = worker_for(settings, smtp_server, clock)

    summary = await worker.run_once()
    assert (summary.sent, summary.dead, summary.retried) == (1, 1, 0)
    dead, sent = await outbox.rows(OutboxMessage.status, OutboxMessage.last_error, OutboxMessage.attempts)
    assert dead["status"] == "dead"
    assert "550" in dead["last_error"]
    assert "utilisateur inconnu" in dead["last_error"]
    assert sent["status"] == "sent"
    sessions = smtp_server.sink.sessions
    for _ in range(5):
        clock.advance(timedelta(hours=2))
        assert (await worker.run_once()).dead == 0
    assert smtp_server.sink.sessions == sessions  # nothing left to try: no new connection at all
    (dead, _sent) = await outbox.rows(OutboxMessage.status, OutboxMessage.attempts)
    assert dead == {"status": "dead", "attempts": 1}


async def test_server_down_mid_batch_then_back_delivers_everything_exactly_once(
    db: Any, settings: Any, smtp_server: SmtpServer, clock: FakeClock
) -> None:
    org, people, outbox = await cse()
    recipients = people[:6]
    await enqueue_convocations(org, recipients, settings)
    delivered: list[int] = []

    async def stop_after_two(row: dict[str, Any]) -> None:
        delivered.append(row["id"])
        if len(delivered) == 2:
            await asyncio.to_thread(smtp_server.stop)

    worker = worker_for(settings, smtp_server, clock, after_send=stop_after_two)
    summary = await worker.run_once()
    assert (summary.sent, summary.retried, summary.dead) == (2, 4, 0)
    statuses = [r["status"] for r in await outbox.rows(OutboxMessage.status)]
    assert statuses == ["sent", "sent", "pending", "pending", "pending", "pending"]

    clock.advance(timedelta(minutes=1))
    still_down = await worker.run_once()
    assert (still_down.sent, still_down.retried) == (0, 4)

    smtp_server.start()
    clock.advance(timedelta(hours=2))
    assert (await worker.run_once()).sent == 4
    assert [r["status"] for r in await outbox.rows(OutboxMessage.status)] == ["sent"] * 6
    assert sorted(e.rcpt_tos[0] for e in smtp_server.sink.envelopes) == sorted(r.email for r in recipients)
    assert len(smtp_server.sink.envelopes) == 6  # the two first were not sent again


async def test_crash_after_250_before_commit_redelivers_with_the_same_message_id(
    db: Any, settings: Any, smtp_server: SmtpServer, clock: FakeClock
) -> None:
    org, people, outbox = await cse()
    recipient = people[3]
    await enqueue(
        organization_id=org,
        recipient=recipient,
        mail=messages.render_update(CTX, data.update(), recipient),
        dedupe_key="update:42:1:x",
        settings=settings,
    )

    class WorkerCrash(Exception):
        pass

    async def crash(row: dict[str, Any]) -> None:
        raise WorkerCrash

    with pytest.raises(WorkerCrash):
        await worker_for(settings, smtp_server, clock, after_send=crash).run_once()
    (row,) = await outbox.rows(OutboxMessage.status, OutboxMessage.locked_until)
    assert row["status"] == "sending"  # the 250 was never recorded

    other = worker_for(settings, smtp_server, clock)
    assert (await other.run_once()).sent == 0  # the lease still protects it
    clock.advance(timedelta(minutes=6))
    assert (await other.run_once()).sent == 1
    first, second = smtp_server.sink.messages
    assert first["Message-ID"] == second["Message-ID"]
    assert first["Message-ID"].startswith("<update.")
    assert first["Date"] == second["Date"]
    (row,) = await outbox.rows(OutboxMessage.status, OutboxMessage.attempts)
    assert row == {"status": "sent", "attempts": 2}


async def test_optional_mail_is_skipped_if_the_user_unsubscribed_before_sending(
    db: Any, https_settings: Any, smtp_server: SmtpServer, clock: FakeClock
) -> None:
    org, people, outbox = await cse()
    recipient = people[2]
    await enqueue(
        organization_id=org,
        recipient=recipient,
        mail=messages.render_reminder(CTX, data.reminder(), recipient),
        dedupe_key="reminder:42:late",
        settings=https_settings,
    )
    await NotificationPreference.insert(
        NotificationPreference(user=recipient.user_id, reminders=False, digests=True, updated_at=utcnow())
    )
    summary = await worker_for(https_settings, smtp_server, clock).run_once()
    assert summary.skipped == 1
    assert smtp_server.sink.envelopes == []
    assert [r["status"] for r in await outbox.rows(OutboxMessage.status)] == ["skipped"]


async def test_reminder_on_the_wire_has_one_click_unsubscribe_headers(
    db: Any, https_settings: Any, smtp_server: SmtpServer, clock: FakeClock
) -> None:
    org, people, _ = await cse()
    recipient = people[2]
    await enqueue(
        organization_id=org,
        recipient=recipient,
        mail=messages.render_reminder(CTX, data.reminder(), recipient),
        dedupe_key="reminder:42:wire",
        settings=https_settings,
    )
    await worker_for(https_settings, smtp_server, clock).run_once()
    (envelope,) = smtp_server.sink.envelopes
    lines = envelope.content.split(b"\r\n")
    unsubscribe = [line for line in lines if line.startswith(b"List-Unsubscribe:")]
    assert len(unsubscribe) == 1
    assert unsubscribe[0].startswith(b"List-Unsubscribe: <https://dialogue.tilleuls.example/u/")
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in lines
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]


# ---------------------------------------------------------------- concurrency


@pytest.mark.committed
async def test_two_workers_racing_send_each_message_once(
    committed_db: Any, settings: Any, smtp_server: SmtpServer, clock: FakeClock
) -> None:
    org, people, outbox = await cse()
    users = await User.select(User.id, User.email, User.full_name).where(User.organization == org)
    recipients = [Recipient(email=u["email"], name=u["full_name"], user_id=u["id"]) for u in users]
    async with transaction():
        for n in range(40):
            recipient = recipients[n % len(recipients)]
            await enqueue(
                organization_id=org,
                recipient=recipient,
                mail=messages.render_minutes_published(CTX, data.minutes_published(), recipient),
                dedupe_key=f"minutes:42:{n}",
                settings=settings,
            )
    first = worker_for(settings, smtp_server, clock, batch_size=3, name="worker-a")
    second = worker_for(settings, smtp_server, clock, batch_size=3, name="worker-b")
    a, b = await asyncio.gather(first.run_once(), second.run_once())
    assert a.sent + b.sent == 40
    ids = smtp_server.sink.message_ids()
    assert len(ids) == 40
    assert len(set(ids)) == 40
    assert await OutboxMessage.count().where((OutboxMessage.status == "sent") & outbox.mine) == 40


@pytest.mark.committed
async def test_concurrent_claims_never_take_the_same_row(committed_db: Any, settings: Any, clock: FakeClock) -> None:
    org, people, _ = await cse()
    recipient = people[0]
    async with transaction():
        for n in range(30):
            await enqueue(
                organization_id=org,
                recipient=recipient,
                mail=messages.render_minutes_published(CTX, data.minutes_published(), recipient),
                dedupe_key=f"claim:{n}",
                settings=settings,
            )
    smtp = SmtpConfig(hostname="127.0.0.1", port=9, use_tls=False)
    workers = [Worker(settings=settings, smtp=smtp, clock=clock, batch_size=4, name=f"claimer-{n}") for n in range(5)]
    claimed = await asyncio.gather(*(w.claim() for w in workers))
    ids = [row["id"] for batch in claimed for row in batch]
    assert len(ids) == len(set(ids)) == 20
    owners = await OutboxMessage.select(OutboxMessage.id, OutboxMessage.locked_by).where(
        OutboxMessage.status == "sending"
    )
    by_id = {r["id"]: r["locked_by"] for r in owners}
    for worker, batch in zip(workers, claimed, strict=True):
        assert all(by_id[row["id"]] == worker.name for row in batch)
    if not is_sqlite():
        assert all(len(batch) == 4 for batch in claimed)


# ---------------------------------------------------------------- command line


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k != "DIALOGUE_SMTP_URL"}
    full.update(env, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run(
        [sys.executable, "-m", "dialogue.cli", *args],
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def fresh_sqlite(tmp_path: Path) -> dict[str, str]:
    env = {"DIALOGUE_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "DIALOGUE_SECRET_KEY": "x" * 40}
    assert _cli(["migrate", "--quiet"], env).returncode == 0
    return env


def test_worker_without_smtp_says_so_and_exits_non_zero(fresh_sqlite: dict[str, str]) -> None:
    done = _cli(["worker", "--once"], fresh_sqlite)
    assert done.returncode == 2
    assert "DIALOGUE_SMTP_URL" in done.stderr
    assert "conservés" in done.stderr


def test_worker_once_drains_and_exits(fresh_sqlite: dict[str, str], smtp_server: SmtpServer) -> None:
    done = _cli(["worker", "--once"], {**fresh_sqlite, "DIALOGUE_SMTP_URL": smtp_server.url})
    assert done.returncode == 0, done.stderr
    assert "File d'envoi vidée : 0 envoyé(s)" in done.stdout
    assert "--once" in _cli(["worker", "--help"], fresh_sqlite).stdout
