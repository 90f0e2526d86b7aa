"""One rendered mail to one recipient, enqueued in the outbox: the shape every simple notice shares (the BDESE's
publication, the delegation hours' notice and low balance)."""

from __future__ import annotations

from typing import Any

from dialogue.notifications import service
from dialogue.notifications.messages import MailContext, Recipient, RenderedMail
from dialogue.notifications.rendering import render
from dialogue.notifications.rules import Category, thread_root
from dialogue.settings import Settings


async def enqueue_notice(
    *,
    kind: str,
    category: Category,
    recipient: Recipient,
    organization_id: int,
    url: str,
    topic: str,
    object_id: int,
    sender_name: str,
    dedupe_key: str,
    ctx: MailContext,
    settings: Settings,
    **context: Any,
) -> None:
    """Render `templates/email/<kind>.*` for `recipient` and enqueue it once (`dedupe_key`), threaded by topic."""
    subject, text, html = render(kind, recipient=recipient, url=url, tz=ctx.tz, **context)
    mail = RenderedMail(
        kind=kind,
        category=category,
        subject=subject,
        text=text,
        html=html,
        thread_root=thread_root(topic=topic, object_id=object_id, domain=ctx.domain),
        sender_name=sender_name,
    )
    await service.enqueue(
        organization_id=organization_id, recipient=recipient, mail=mail, dedupe_key=dedupe_key, settings=settings
    )
