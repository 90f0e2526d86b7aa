"""Delegation hours mails: the written notice of shared hours to the employer (R2315-6: at least 8 days before
their use, naming each member and their hours), and the member told his month's balance is nearly used."""

from __future__ import annotations

from dialogue.delegation.events import DelegationBalanceLow, DelegationCarriedNoticed, DelegationTransferNoticed
from dialogue.notifications.messages import MailContext, Recipient
from dialogue.notifications.notices import enqueue_notice
from dialogue.notifications.rules import Category
from dialogue.settings import Settings


def _table_url(ctx: MailContext, body_id: int, month: str) -> str:
    return f"{ctx.base_url}/instances/{body_id}/heures-de-delegation?mois={month}"


async def _notify_employer(
    event: DelegationTransferNoticed | DelegationCarriedNoticed, *, kind: str, key: str, settings: Settings
) -> None:
    """One notice per employer member of the body: a legal notice, never turned off."""
    ctx = MailContext.from_settings(settings)
    for person in event.employer:
        await enqueue_notice(
            kind=kind,
            category=Category.notice,
            recipient=Recipient(email=person.email, name=person.name, user_id=person.user_id),
            organization_id=event.organization_id,
            url=_table_url(ctx, event.body_id, event.month),
            topic="delegation-hours",
            object_id=event.body_id,
            sender_name=event.body_name,
            dedupe_key=f"{key}:{event.record_id}:{person.user_id}",
            ctx=ctx,
            settings=settings,
            event=event,
        )


async def on_transfer_noticed(event: DelegationTransferNoticed, *, settings: Settings) -> None:
    """R2315-6: the written notice of shared hours."""
    await _notify_employer(event, kind="delegation_transfer_notice", key="delegation-transfer", settings=settings)


async def on_carried_noticed(event: DelegationCarriedNoticed, *, settings: Settings) -> None:
    """R2315-5: the notice of cumulated hours, at least 8 days before their use."""
    await _notify_employer(event, kind="delegation_carried_notice", key="delegation-carried", settings=settings)


async def on_balance_low(event: DelegationBalanceLow, *, settings: Settings) -> None:
    """Once a month per member (the dedupe key names the month); a reminder the member may turn off."""
    ctx = MailContext.from_settings(settings)
    person = event.person
    await enqueue_notice(
        kind="delegation_balance_low",
        category=Category.reminder,
        recipient=Recipient(email=person.email, name=person.name, user_id=person.user_id),
        organization_id=event.organization_id,
        url=f"{ctx.base_url}/heures-de-delegation?instance={event.body_id}&mois={event.month}",
        topic="delegation-hours",
        object_id=event.body_id,
        sender_name=event.body_name,
        dedupe_key=f"delegation-low:{event.member_id}:{event.month}",
        ctx=ctx,
        settings=settings,
        event=event,
    )
