"""The BDESE's notice: each publication is told to every reader in office (L2312-36), as the notice that the
information is in the BDESE (R2312-5: a consultation's delay may run from it). A confidential item's title stays
in the application (the event carries a neutral label)."""

from __future__ import annotations

from dialogue.bdese import queries as bdese_queries
from dialogue.bdese.events import BdeseItemPublished
from dialogue.core.clock import to_local
from dialogue.notifications import service
from dialogue.notifications.messages import MailContext, Recipient, RenderedMail
from dialogue.notifications.rendering import render
from dialogue.notifications.rules import Category, thread_root
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
        recipient = Recipient(email=reader.email, name=reader.name, user_id=reader.user_id)
        subject, text, html = render(
            "bdese_published",
            event=event,
            recipient=recipient,
            url=f"{ctx.base_url}{bdese_path(event.organization_id, event.year)}",
            tz=ctx.tz,
        )
        mail = RenderedMail(
            kind="bdese_published",
            category=Category.notice,
            subject=subject,
            text=text,
            html=html,
            thread_root=thread_root(topic="bdese", object_id=event.organization_id, domain=ctx.domain),
            sender_name="BDESE",
        )
        await service.enqueue(
            organization_id=event.organization_id,
            recipient=recipient,
            mail=mail,
            dedupe_key=f"bdese:{event.item_id}:{stamp}:{reader.user_id}",
            settings=settings,
        )
