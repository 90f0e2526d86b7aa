"""HTTP endpoints of the texts of the CSE: a document's title, kind and confidentiality; the consultation on a
version (L4121-3)."""

from __future__ import annotations

from litestar import Controller, patch, post
from litestar.params import FromPath, JSONBody

from dialogue.documents import texts
from dialogue.documents.schemas import DocumentRead
from dialogue.documents.texts_schemas import DocumentUpdate, VersionConsultation
from dialogue.web.deps import CurrentActor


class DocumentTextsController(Controller):
    tags = ["documents"]

    @patch("/documents/{document_id:int}")
    async def update_document(
        self, actor: CurrentActor, document_id: FromPath[int], data: JSONBody[DocumentUpdate]
    ) -> DocumentRead:
        """Title, kind (which sets the retention) or confidential flag (L2315-3); by those who may upload."""
        return await texts.update_document(actor=actor, document_id=document_id, data=data)

    @post("/documents/{document_id:int}/versions/{version:int}/consultation", status_code=200)
    async def link_consultation(
        self,
        actor: CurrentActor,
        document_id: FromPath[int],
        version: FromPath[int],
        data: JSONBody[VersionConsultation],
    ) -> DocumentRead:
        """The CSE consultation on this version (L4121-3: the DUERP and each update); null unlinks it."""
        return await texts.link_consultation(actor=actor, document_id=document_id, version=version, data=data)
