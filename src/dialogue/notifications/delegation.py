"""Delegation hours mails: the written notice of shared hours to the employer (R2315-6: at least 8 days before
their use, naming each member and their hours), and the member told his month's balance is nearly used."""

from __future__ import annotations

from dialogue.delegation.events import DelegationBalanceLow, DelegationTransferNoticed
from dialogue.notifications import service
from dialogue.notifications.messages import MailContext, Recipient, RenderedMail
from dialogue.notifications.rendering import render
from dialogue.notifications.rules import Category, thread_root
from dialogue.settings import Settings


def _table_url(ctx: MailContext, body_id: int, month: str) -> str:
    return f"{ctx.base_url}/instances/{body_id}/heures-de-delegation?mois={month}"


async def on_transfer_noticed(event: DelegationTransferNoticed, *, settings: Settings) -> None:
    """One notice per employer member of the body (a legal notice: never turned off)."""
    ctx = MailContext.from_settings(settings)
    for person in event.employer:
        recipient = Recipient(email=person.email, name=person.name, user_id=person.user_id)
        subject, text, html = render(
            "delegation_transfer_notice",
            event=event,
            recipient=recipient,
            url=_table_url(ctx, event.body_id, event.month),
            tz=ctx.tz,
        )
        mail = RenderedMail(
            kind="delegation_transfer_notice",
            category=Category.notice,
            subject=subject,
            text=text,
            html=html,
            thread_root=thread_root(topic="delegation-hours", object_id=event.body_id, domain=ctx.domain),
            sender_name=event.body_name,
        )
        await service.enqueue(
            organization_id=event.organization_id,
            recipient=recipient,
            mail=mail,
            dedupe_key=f"delegation-transfer:{event.record_id}:{person.user_id}",
            settings=settings,
        )


async def on_balance_low(event: DelegationBalanceLow, *, settings: Settings) -> None:
    """Once a month per member (the dedupe key names the month); a reminder the member may turn off."""
    ctx = MailContext.from_settings(settings)
    person = event.person
    recipient = Recipient(email=person.email, name=person.name, user_id=person.user_id)
    subject, text, html = render(
        "delegation_balance_low",
        event=event,
        recipient=recipient,
        url=f"{ctx.base_url}/heures-de-delegation?instance={event.body_id}&mois={event.month}",
        tz=ctx.tz,
    )
    mail = RenderedMail(
        kind="delegation_balance_low",
        category=Category.reminder,
        subject=subject,
        text=text,
        html=html,
        thread_root=thread_root(topic="delegation-hours", object_id=event.body_id, domain=ctx.domain),
        sender_name=event.body_name,
    )
    await service.enqueue(
        organization_id=event.organization_id,
        recipient=recipient,
        mail=mail,
        dedupe_key=f"delegation-low:{event.member_id}:{event.month}",
        settings=settings,
    )
