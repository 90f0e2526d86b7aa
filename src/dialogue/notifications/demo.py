"""Demo data: a few preferences and a short delivery history (the convocations of the last meeting held,
a deadline notice, a bounce), so admins see the outbox at work.

Nothing is left `pending`: running `dialogue worker` after `dialogue demo` sends no demo e-mail.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from dialogue.bodies.demo import DemoContext
from dialogue.core.clock import as_datetime, local_today, utcnow
from dialogue.feeds.meetings import load_meeting
from dialogue.meetings.tables import Meeting
from dialogue.notifications import directory
from dialogue.notifications.messages import (
    ConvocationData,
    DeadlineData,
    MailContext,
    Recipient,
    render_convocation,
    render_deadline,
)
from dialogue.notifications.rules import Status
from dialogue.notifications.service import enqueue
from dialogue.notifications.tables import NotificationPreference, OutboxMessage

BODY = "CSE de l'Association Les Tilleuls"


async def _preference(ctx: DemoContext, email: str, *, reminders: bool, digests: bool) -> None:
    user_id = ctx.users[email]
    if await NotificationPreference.exists().where(NotificationPreference.user == user_id):
        return
    await NotificationPreference.insert(
        NotificationPreference(user=user_id, reminders=reminders, digests=digests, updated_at=utcnow())
    )
    ctx.created.append(f"préférences de {email}")


async def _history(
    ctx: DemoContext, *, key: str, email: str, name: str, data: DeadlineData, status: Status, error: str | None = None
) -> None:
    if await OutboxMessage.exists().where(OutboxMessage.dedupe_key == key):
        return
    mail = render_deadline(MailContext.from_settings(ctx.settings), data, Recipient(email=email, name=name))
    recipient = Recipient(email=email, name=name, user_id=ctx.users[email])
    stored = await enqueue(
        organization_id=ctx.organization_id, recipient=recipient, mail=mail, dedupe_key=key, settings=ctx.settings
    )
    assert stored is not None
    done = utcnow() - timedelta(days=3)
    await OutboxMessage.update(
        {
            OutboxMessage.status: status.value,
            OutboxMessage.attempts: 1,
            OutboxMessage.last_error: error,
            OutboxMessage.sent_at: done if status == Status.sent else None,
            OutboxMessage.created_at: done,
            OutboxMessage.next_attempt_at: done,
        }
    ).where(OutboxMessage.id == stored.id)
    ctx.created.append(f"notification {key}")


async def delivered(keys: list[str], *, at: datetime) -> None:
    """The demo's notices of another module (a network's nudges) shown as sent at `at`: nothing left pending."""
    if not keys:
        return
    await OutboxMessage.update(
        {
            OutboxMessage.status: Status.sent.value,
            OutboxMessage.attempts: 1,
            OutboxMessage.sent_at: at,
            OutboxMessage.created_at: at,
            OutboxMessage.next_attempt_at: at,
        }
    ).where(OutboxMessage.dedupe_key.is_in(keys))


async def _convocation_history(ctx: DemoContext) -> None:
    """The convocations of the CSE's last meeting held, delivered twelve days before it (L2315-30: at least 3)."""
    row: dict[str, Any] | None = (
        await Meeting.select(Meeting.id, Meeting.convened_at, Meeting.convened_by, Meeting.starts_at)
        .where((Meeting.body == ctx.bodies["cse"]) & Meeting.status.is_in(["held", "closed"]))
        .order_by(Meeting.starts_at, ascending=False)
        .first()
    )
    if row is None:
        return
    facts = await load_meeting(row["id"])
    assert facts is not None
    convened_at: datetime = as_datetime(row["convened_at"] or row["starts_at"])
    # The invitation as it was sent: first sequence, stamped at the convocation.
    meeting = replace(directory.meeting_mail(facts), sequence=1, updated_at=convened_at)
    data = ConvocationData(meeting=meeting, convened_by=await directory.user_name(row["convened_by"]))
    mail_ctx = MailContext.from_settings(ctx.settings)
    added = 0
    for person in await directory.body_people(body_id=ctx.bodies["cse"], today=local_today()):
        key = f"demo:convocation:m{row['id']}:{directory.recipient_key(person)}"
        if await OutboxMessage.exists().where(OutboxMessage.dedupe_key == key):
            continue
        stored = await enqueue(
            organization_id=ctx.organization_id,
            recipient=person,
            mail=render_convocation(mail_ctx, data, person),
            dedupe_key=key,
            settings=ctx.settings,
            now=convened_at,
        )
        assert stored is not None
        await OutboxMessage.update(
            {
                OutboxMessage.status: Status.sent.value,
                OutboxMessage.attempts: 1,
                OutboxMessage.sent_at: convened_at + timedelta(seconds=40),
            }
        ).where(OutboxMessage.id == stored.id)
        added += 1
    if added:
        ctx.created.append(f"{added} convocations envoyées (réunion du CSE du {facts.starts_at:%d/%m/%Y})")


async def demo_step(ctx: DemoContext) -> None:
    """Two members turned optional mails off; the last meeting's convocations and one notice delivered, one
    notice bounced (visible to the admin)."""
    await _convocation_history(ctx)
    await _preference(ctx, "karim.haddad@demo.example", reminders=False, digests=True)
    await _preference(ctx, "marc.fontaine@demo.example", reminders=True, digests=False)
    today = local_today()
    answer = DeadlineData(
        key="demo-questions-fevrier",
        body_name=BODY,
        what="réponse motivée aux propositions de la réunion de février",
        action="Donner la décision motivée de la direction à la prochaine réunion du CSE.",
        due_on=today + timedelta(days=2),
        today=today - timedelta(days=3),
        article="art. L2315-34 du Code du travail (décision motivée à la réunion suivante)",
        path="/bodies",
    )
    await _history(
        ctx,
        key="demo:deadline:direction",
        email="direction@demo.example",
        name="Philippe Garnier",
        data=answer,
        status=Status.sent,
    )
    minutes = DeadlineData(
        key="demo-pv-fevrier",
        body_name=BODY,
        what="procès-verbal de la réunion de février à transmettre à l'employeur",
        action="Établir le procès-verbal et le transmettre à l'employeur.",
        due_on=today + timedelta(days=4),
        today=today - timedelta(days=3),
        article="art. D2315-26 du Code du travail (15 jours après la réunion)",
        path="/bodies",
    )
    await _history(
        ctx,
        key="demo:deadline:gauthier",
        email="helene.gauthier@demo.example",
        name="Hélène Gauthier",
        data=minutes,
        status=Status.dead,
        error="SMTPRecipientsRefused: 550 5.1.1 <helene.gauthier@demo.example>: boîte aux lettres inconnue",
    )
