"""The documents of the agenda items on the meeting page (issue 16): each item's documents with their version and
SHA-256, and a form for the president or the secretary to attach one of the organisation's documents."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, post
from litestar.params import FromPath

from dialogue.core.actor import Actor
from dialogue.core.errors import Conflict, InvalidInput
from dialogue.documents import service as documents
from dialogue.meetings.service import attachments
from dialogue.pages.forms import page_visit, read_form, see_other


async def documents_context(*, actor: Actor, organization_id: int, meeting_id: int) -> dict[str, Any]:
    """`item_documents` (by item id) and `attachable_documents` (the select's options, when the actor attaches)."""
    by_item, may_attach = await attachments.page_documents(actor=actor, meeting_id=meeting_id)
    options: list[Any] = []
    if may_attach:
        options, _ = await documents.list_documents(actor=actor, organization_id=organization_id, limit=200, offset=0)
    return {"item_documents": by_item, "attachable_documents": options, "can_attach": may_attach}


class AttachmentPagesController(Controller):
    tags = ["pages"]
    include_in_schema = False

    @post("/points/{item_id:int}/documents")
    async def attach(self, request: Request[Any, Any, Any], item_id: FromPath[int]) -> Response[Any]:
        """Attach one of the organisation's documents to an item; back to the item with the outcome."""
        visit = await page_visit(request)
        posted = await read_form(request)
        raw = posted.get("document_id", "").strip()
        done = "document"
        try:
            await attachments.attach(
                actor=visit.actor, kind="agenda_item", target_id=item_id, document_id=int(raw) if raw.isdigit() else 0
            )
        except Conflict:
            done = "document-deja-joint"
        except InvalidInput:
            done = "document-inconnu"
        meeting_id = await attachments.item_meeting(actor=visit.actor, item_id=item_id)
        return see_other(f"/reunions/{meeting_id}?fait={done}#point-{item_id}")
