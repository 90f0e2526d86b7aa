"""Document pages: an organisation's documents with the upload form, a document with its versions, the form to
add one and its access log, and the bytes of a version behind the cookie session. Same service functions as the
API, hence the same rules (L2315-3: a confidential document is a 404 page for those who may not see it).

Uploads and the size limit. Litestar's CSRF middleware reads a multipart form whole before the handler (spooled
to a temporary file, under the route's `request_max_body_size`, fixed when the app is built), so the
DIALOGUE_MAX_UPLOAD_MB of the `settings` dependency could only apply once the whole body was on disk. The two
upload routes are therefore left out of the middleware (`exclude_from_csrf`) and read the body as the API does
(`uploads.StreamedSource`): the form puts `_csrf_token` before the file, the token is checked against the CSRF
cookie as the middleware does before one byte of the file is read, and the file streams to the store, stopped
at the limit (413 shown on the form). A token missing or wrong before the file: 403, as the middleware answers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from hmac import compare_digest
from typing import Any, Final

from litestar import Controller, Request, Response, get, post
from litestar.di import Provide
from litestar.exceptions import PermissionDeniedException
from litestar.middleware.csrf import CSRF_SECRET_LENGTH, generate_csrf_hash
from litestar.params import FromPath, FromQuery
from litestar.response import Stream, Template

from dialogue.core.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType
from dialogue.documents import service
from dialogue.documents.access import standing
from dialogue.documents.controllers import VersionParam, content_response
from dialogue.documents.schemas import DocumentRead
from dialogue.documents.uploads import StreamedSource
from dialogue.pages.controllers import render
from dialogue.pages.forms import FormState, Visit, page_visit, see_other
from dialogue.web.deps import AppSettings, provide_settings
from dialogue.web.problems import status_for

PAGE_SIZE: Final = 50
ACCESS_KINDS: Final = {"download": "Téléchargement", "first_view": "Première consultation"}
DONE: Final = {
    "depose": "Le document a été déposé.",
    "version": "La nouvelle version a été déposée ; les précédentes restent consultables.",
}
#: The refusals of an upload shown on its form (the others reach the error pages).
REFUSED: Final = (PayloadTooLarge, UnsupportedMediaType, InvalidInput)


def _token_ok(token: str, cookie: str, secret: str) -> bool:
    """The middleware's check: both tokens signed with the secret, and the same."""

    def decoded(value: str) -> str | None:
        plain, signature = value[:CSRF_SECRET_LENGTH], value[CSRF_SECRET_LENGTH:]
        return plain if compare_digest(generate_csrf_hash(token=plain, secret=secret), signature) else None

    mine, theirs = decoded(token), decoded(cookie)
    return mine is not None and theirs is not None and compare_digest(mine, theirs)


async def checked_source(request: Request[Any, Any, Any]) -> StreamedSource:
    """The upload, read up to its file: the CSRF token must come before it (the page's form puts it first)."""
    source = await StreamedSource(request).start()
    config = request.app.csrf_config
    assert config is not None
    cookie = request.cookies.get(config.cookie_name)
    token = source.early_fields.get("_csrf_token")
    if not (token and cookie and _token_ok(token, cookie, config.secret)):
        raise PermissionDeniedException("CSRF token verification failed")
    return source


def _size(size: int) -> str:
    """A size for people: octets, Ko, Mo (French units, decimal comma)."""
    if size < 1024:
        return f"{size} o"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} Ko"
    return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",")


async def _upload_form(
    visit: Visit,
    status_code: int,
    upload: Callable[[StreamedSource], Awaitable[DocumentRead]],
    again: Callable[[FormState, int], Awaitable[Template]],
) -> Response[Any]:
    """The one path of both upload forms: the checked stream to the service, then the document's page; a refusal
    (413, 415, an unreadable form) shows the form again with the service's message and its status."""
    try:
        document = await upload(await checked_source(visit.request))
    except REFUSED as exc:
        return await again(FormState(message=exc.detail), status_for(exc))
    return see_other(f"/documents/{document.id}?fait={'depose' if status_code == 201 else 'version'}")


class DocumentPagesController(Controller):
    dependencies = {"settings": Provide(provide_settings)}

    @get("/organisations/{organization_id:int}/documents")
    async def list_documents(
        self, request: Request[Any, Any, Any], organization_id: FromPath[int], page: FromQuery[int] = 1
    ) -> Template:
        visit = await page_visit(request)
        return await self._list(visit, organization_id, FormState(), 200, page=page)

    async def _list(
        self, visit: Visit, organization_id: int, form: FormState, status_code: int, *, page: int = 1
    ) -> Template:
        page = max(1, min(page, 10_000))
        items, total = await service.list_documents(
            actor=visit.actor, organization_id=organization_id, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
        )
        who = await standing(actor=visit.actor, organization_id=organization_id)
        return render(
            visit.request,
            "documents/list.html.j2",
            visit.env,
            status_code=status_code,
            organization_id=organization_id,
            documents=items,
            total=total,
            page=page,
            pages=max(1, -(-total // PAGE_SIZE)),
            may_upload=who.may_upload,
            sees_confidential=who.sees_confidential,
            form=form,
            size=_size,
            max_mb=visit.request.app.state.settings.max_upload_mb,
        )

    @post("/organisations/{organization_id:int}/documents", request_max_body_size=None, exclude_from_csrf=True)
    async def upload_document(
        self, request: Request[Any, Any, Any], settings: AppSettings, organization_id: FromPath[int]
    ) -> Response[Any]:
        visit = await page_visit(request)

        async def upload(source: StreamedSource) -> DocumentRead:
            return await service.upload_document(
                actor=visit.actor, organization_id=organization_id, source=source, max_upload_mb=settings.max_upload_mb
            )

        async def again(form: FormState, status_code: int) -> Template:
            return await self._list(visit, organization_id, form, status_code)

        return await _upload_form(visit, 201, upload, again)

    @get("/documents/{document_id:int}")
    async def show(
        self, request: Request[Any, Any, Any], document_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        visit = await page_visit(request)
        return await self._show(visit, document_id, FormState(), 200, done=DONE.get(fait or ""))

    async def _show(
        self, visit: Visit, document_id: int, form: FormState, status_code: int, *, done: str | None = None
    ) -> Template:
        document = await service.get_document(actor=visit.actor, document_id=document_id)
        who = await standing(actor=visit.actor, organization_id=document.organization_id)
        log = None
        if who.reads_access_log:
            log, _ = await service.access_log(actor=visit.actor, document_id=document_id, limit=200, offset=0)
        return render(
            visit.request,
            "documents/document.html.j2",
            visit.env,
            status_code=status_code,
            document=document,
            may_upload=who.may_upload,
            log=log,
            kinds=ACCESS_KINDS,
            form=form,
            done=done,
            size=_size,
            max_mb=visit.request.app.state.settings.max_upload_mb,
        )

    @post("/documents/{document_id:int}/versions", request_max_body_size=None, exclude_from_csrf=True)
    async def upload_version(
        self, request: Request[Any, Any, Any], settings: AppSettings, document_id: FromPath[int]
    ) -> Response[Any]:
        visit = await page_visit(request)

        async def upload(source: StreamedSource) -> DocumentRead:
            return await service.upload_version(
                actor=visit.actor, document_id=document_id, source=source, max_upload_mb=settings.max_upload_mb
            )

        async def again(form: FormState, status_code: int) -> Template:
            return await self._show(visit, document_id, form, status_code)

        return await _upload_form(visit, 200, upload, again)

    @get("/documents/{document_id:int}/contenu")
    async def content(
        self, request: Request[Any, Any, Any], document_id: FromPath[int], version: VersionParam = None
    ) -> Stream:
        visit = await page_visit(request)
        found = await service.open_content(
            actor=visit.actor, document_id=document_id, version=version, range_header=request.headers.get("range")
        )
        return content_response(found)


__all__ = ["DocumentPagesController", "checked_source"]
