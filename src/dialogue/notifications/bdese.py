"""The BDESE's notice: each publication is told to every reader in office (L2312-36), as the notice that the
information is in the BDESE (R2312-5: a consultation's delay may run from it). A confidential item's title stays
in the application (the event carries a neutral label)."""

from __future__ import annotations

from dialogue.bdese import queries as bdese_queries
from dialogue.bdese.events import BdeseItemPublished
from dialogue.core.clock import to_local
from dialogue.notifications.messages import MailContext, Recipient
from dialogue.notifications.notices import enqueue_notice
from dialogue.notifications.rules import Category
from dialogue.settings import Settings


def bdese_path(organization_id: int, year: int) -> str:
    return f"/organizations/{organization_id}/bdese?year={year}"


async def on_bdese_published(event: BdeseItemPublished, *, settings: Settings) -> None:
    """One notice per reader; the dedupe key names the item and its publication, so a second publication of an
    updated item notifies again and an event handled twice does not."""
    ctx = MailContext.from_settings(settings)
    stamp = int(event.published_at.timestamp())
    for reader in await bdese_queries.readers(
        organization_id=event.organization_id, today=to_local(event.published_at).date()
    ):
        await enqueue_notice(
            kind="bdese_published",
            category=Category.notice,
            recipient=Recipient(email=reader.email, name=reader.name, user_id=reader.user_id),
            organization_id=event.organization_id,
            url=f"{ctx.base_url}{bdese_path(event.organization_id, event.year)}",
            topic="bdese",
            object_id=event.organization_id,
            sender_name="BDESE",
            dedupe_key=f"bdese:{event.item_id}:{stamp}:{reader.user_id}",
            ctx=ctx,
            settings=settings,
            event=event,
        )
