"""Demo: documents on the CSE's next meeting — the last minutes on the item that adopts them, the règlement intérieur
on the meeting itself — so the agenda page, the convocation mail and the convocation PDF show their annexes."""

from __future__ import annotations

from dialogue.bodies.demo import DemoContext
from dialogue.core.actor import Actor
from dialogue.core.clock import as_date, utcnow
from dialogue.documents.attachment_queries import one as attached
from dialogue.documents.attachments import Target, attach
from dialogue.documents.tables import Document
from dialogue.meetings.tables import AgendaItem, Meeting

#: (document title, on the meeting's item whose title starts with this, else on the meeting itself)
ANNEXES = (
    ("Procès-verbal de la réunion du 12 novembre", "Adoption du procès-verbal"),
    ("Règlement intérieur du CSE", None),
)


async def demo_step(ctx: DemoContext) -> None:
    """Idempotent: a document already on its target is left alone; nothing is attached without the meeting."""
    cse, secretary = ctx.bodies.get("cse"), ctx.users.get("secretaire@demo.example")
    if cse is None or secretary is None:
        return
    meeting = (
        await Meeting.select(Meeting.id, Meeting.convened_at)
        .where((Meeting.body == cse) & (Meeting.starts_at > utcnow()) & (Meeting.status != "cancelled"))
        .order_by(Meeting.starts_at)
        .first()
    )
    if meeting is None:
        return
    actor = Actor(user_id=secretary, organization_id=ctx.organization_id)
    for title, item_prefix in ANNEXES:
        document = (
            await Document.select(Document.id)
            .where((Document.organization == ctx.organization_id) & (Document.title.like(f"{title}%")))
            .first()
        )
        if document is None:
            continue
        target = Target(kind="meeting", id=int(meeting["id"]), organization_id=ctx.organization_id, body_id=cse)
        if item_prefix is not None:
            item = (
                await AgendaItem.select(AgendaItem.id)
                .where((AgendaItem.meeting == meeting["id"]) & (AgendaItem.title.like(f"{item_prefix}%")))
                .first()
            )
            if item is not None:
                target = Target(
                    kind="agenda_item", id=int(item["id"]), organization_id=ctx.organization_id, body_id=cse
                )
        if await attached(target_kind=target.kind, target_id=target.id, document_id=int(document["id"])) is not None:
            continue
        await attach(
            actor=actor,
            target=target,
            document_id=int(document["id"]),
            communicated_on=as_date(meeting["convened_at"]),
        )
