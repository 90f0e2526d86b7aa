"""HTTP endpoints of the documents of agenda items and meetings (CONTRACT.md "Additions" → attached documents)."""

from __future__ import annotations

from litestar import Controller, delete, get, post
from litestar.params import FromPath, JSONBody

from dialogue.documents.schemas import AttachmentCreate, AttachmentRead
from dialogue.meetings.service import attachments
from dialogue.web.deps import CurrentActor


class MeetingDocumentController(Controller):
    tags = ["meetings", "documents"]

    @get("/agenda-items/{item_id:int}/documents", summary="Documents d'un point de l'ordre du jour")
    async def list_item_documents(self, actor: CurrentActor, item_id: FromPath[int]) -> list[AttachmentRead]:
        return await attachments.list_documents(actor=actor, kind="agenda_item", target_id=item_id)

    @post("/agenda-items/{item_id:int}/documents", summary="Joindre un document à un point")
    async def attach_item_document(
        self, actor: CurrentActor, item_id: FromPath[int], data: JSONBody[AttachmentCreate]
    ) -> AttachmentRead:
        return await attachments.attach(
            actor=actor, kind="agenda_item", target_id=item_id, document_id=data.document_id
        )

    @delete(
        "/agenda-items/{item_id:int}/documents/{document_id:int}", summary="Retirer un document (avant convocation)"
    )
    async def detach_item_document(
        self, actor: CurrentActor, item_id: FromPath[int], document_id: FromPath[int]
    ) -> None:
        await attachments.detach(actor=actor, kind="agenda_item", target_id=item_id, document_id=document_id)

    @get("/meetings/{meeting_id:int}/documents", summary="Documents joints à la réunion")
    async def list_meeting_documents(self, actor: CurrentActor, meeting_id: FromPath[int]) -> list[AttachmentRead]:
        return await attachments.list_documents(actor=actor, kind="meeting", target_id=meeting_id)

    @post("/meetings/{meeting_id:int}/documents", summary="Joindre un document à la réunion")
    async def attach_meeting_document(
        self, actor: CurrentActor, meeting_id: FromPath[int], data: JSONBody[AttachmentCreate]
    ) -> AttachmentRead:
        return await attachments.attach(actor=actor, kind="meeting", target_id=meeting_id, document_id=data.document_id)

    @delete("/meetings/{meeting_id:int}/documents/{document_id:int}", summary="Retirer un document (avant convocation)")
    async def detach_meeting_document(
        self, actor: CurrentActor, meeting_id: FromPath[int], document_id: FromPath[int]
    ) -> None:
        await attachments.detach(actor=actor, kind="meeting", target_id=meeting_id, document_id=document_id)
