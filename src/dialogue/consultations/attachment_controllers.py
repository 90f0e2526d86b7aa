"""HTTP endpoints of a consultation's documents (CONTRACT.md "Additions" → attached documents)."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody

from dialogue.consultations import attachments
from dialogue.consultations.schemas import ExpectedDocumentRead
from dialogue.documents.schemas import AttachmentCreate, AttachmentRead
from dialogue.web.deps import CurrentActor


class ConsultationDocumentController(Controller):
    tags = ["consultations", "documents"]

    @get("/consultations/{consultation_id:int}/documents", summary="Documents communiqués pour la consultation")
    async def list_documents(self, actor: CurrentActor, consultation_id: FromPath[int]) -> list[AttachmentRead]:
        return await attachments.list_documents(actor=actor, consultation_id=consultation_id)

    @get(
        "/consultations/{consultation_id:int}/expected-documents",
        summary="Documents attendus pour la consultation, présents ou manquants (L2312-27)",
    )
    async def expected_documents(
        self, actor: CurrentActor, consultation_id: FromPath[int]
    ) -> list[ExpectedDocumentRead]:
        return await attachments.expected_documents(actor=actor, consultation_id=consultation_id)

    @post(
        "/consultations/{consultation_id:int}/documents",
        summary="Joindre un document : communiqué ce jour, le délai en part (R2312-5)",
    )
    async def attach_document(
        self, actor: CurrentActor, consultation_id: FromPath[int], data: JSONBody[AttachmentCreate]
    ) -> AttachmentRead:
        return await attachments.attach_document(
            actor=actor, consultation_id=consultation_id, document_id=data.document_id
        )
