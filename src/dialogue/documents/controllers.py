"""HTTP endpoints of the document space (CONTRACT.md "Additions" → documents). Uploads are read as a stream
(`uploads.StreamedSource`), downloads answered as one (`Range: bytes=a-b` → 206 with Content-Range)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from litestar import Controller, Request, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Stream

from dialogue.core.schemas import Page
from dialogue.documents import service
from dialogue.documents.schemas import DocumentAccessRead, DocumentRead, DocumentSummaryRead
from dialogue.documents.uploads import StreamedSource
from dialogue.web.deps import AppSettings, CurrentActor
from dialogue.web.pagination import LimitParam, OffsetParam

VersionParam = Annotated[
    int | None, QueryParameter(ge=1, le=2**31 - 1, description="Numéro de version (défaut : la courante)")
]


def content_response(content: service.Content, *, inline: bool = False) -> Stream:
    """The bytes of a version, streamed, with the headers of a download or of a range (206)."""
    disposition = "inline" if inline else "attachment"
    ascii_name = content.filename.encode("ascii", "replace").decode().replace('"', "'")
    headers = {
        "Content-Disposition": f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(content.filename)}",
        "Content-Length": str(content.last - content.first + 1),
        "Accept-Ranges": "bytes",
        "ETag": f'"{content.sha256}"',
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
    }
    if content.partial:
        headers["Content-Range"] = f"bytes {content.first}-{content.last}/{content.size}"
    return Stream(
        content.stream, media_type=content.media_type, headers=headers, status_code=206 if content.partial else 200
    )


async def _source(request: Request[Any, Any, Any]) -> StreamedSource:
    return await StreamedSource(request).start()


class DocumentController(Controller):
    tags = ["documents"]

    @get("/organizations/{organization_id:int}/documents")
    async def list_documents(
        self, actor: CurrentActor, organization_id: FromPath[int], limit: LimitParam = 50, offset: OffsetParam = 0
    ) -> Page[DocumentSummaryRead]:
        items, total = await service.list_documents(
            actor=actor, organization_id=organization_id, limit=limit, offset=offset
        )
        return Page(items=items, total=total, limit=limit, offset=offset)

    @post("/organizations/{organization_id:int}/documents", request_max_body_size=None)
    async def upload_document(
        self,
        actor: CurrentActor,
        settings: AppSettings,
        organization_id: FromPath[int],
        request: Request[Any, Any, Any],
    ) -> DocumentRead:
        """Multipart: `file`, optional `title` and `confidential` (L2315-3). 413 over the limit, 415 for a type
        not allowed (recognised from the content)."""
        return await service.upload_document(
            actor=actor,
            organization_id=organization_id,
            source=await _source(request),
            max_upload_mb=settings.max_upload_mb,
        )

    @get("/documents/{document_id:int}")
    async def get_document(self, actor: CurrentActor, document_id: FromPath[int]) -> DocumentRead:
        return await service.get_document(actor=actor, document_id=document_id)

    @get("/documents/{document_id:int}/content")
    async def get_content(
        self,
        actor: CurrentActor,
        document_id: FromPath[int],
        request: Request[Any, Any, Any],
        version: VersionParam = None,
    ) -> Stream:
        content = await service.open_content(
            actor=actor, document_id=document_id, version=version, range_header=request.headers.get("range")
        )
        return content_response(content)

    @post("/documents/{document_id:int}/versions", request_max_body_size=None)
    async def upload_version(
        self,
        actor: CurrentActor,
        settings: AppSettings,
        document_id: FromPath[int],
        request: Request[Any, Any, Any],
    ) -> DocumentRead:
        return await service.upload_version(
            actor=actor, document_id=document_id, source=await _source(request), max_upload_mb=settings.max_upload_mb
        )

    @get("/documents/{document_id:int}/access-log")
    async def access_log(
        self, actor: CurrentActor, document_id: FromPath[int], limit: LimitParam = 50, offset: OffsetParam = 0
    ) -> Page[DocumentAccessRead]:
        items, total = await service.access_log(actor=actor, document_id=document_id, limit=limit, offset=offset)
        return Page(items=items, total=total, limit=limit, offset=offset)
