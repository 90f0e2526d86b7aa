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
from functools import partial
from hmac import compare_digest
from typing import Any, Final

from litestar import Controller, Request, Response, get, post
from litestar.di import Provide
from litestar.exceptions import PermissionDeniedException
from litestar.middleware.csrf import CSRF_SECRET_LENGTH, generate_csrf_hash
from litestar.params import FromPath, FromQuery
from litestar.response import Stream, Template
from litestar.utils.scope.state import ScopeState

from dialogue.core.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType
from dialogue.documents import service
from dialogue.documents.access import standing
from dialogue.documents.controllers import VersionParam, content_response
from dialogue.documents.kinds import LABELS as KIND_LABELS
from dialogue.documents.schemas import DocumentRead
from dialogue.documents.uploads import StreamedSource
from dialogue.pages.controllers import render
from dialogue.pages.forms import FormState, Visit, page_visit, see_other
from dialogue.settings import Settings
from dialogue.web.deps import AppSettings, provide_settings
from dialogue.web.problems import status_for

Req = Request[Any, Any, Any]
Resp = Response[Any]
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
    # As Litestar's CSRF middleware does for the forms it checks: a page re-rendered from this post (a refused
    # upload, its errors next to the fields) carries the valid token, so sending it again works.
    ScopeState.from_scope(request.scope).csrf_token = token
    return source


def _size(size: int) -> str:
    """A size for people: octets, Ko, Mo (French units, decimal comma)."""
    if size < 1024:
        return f"{size} o"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} Ko"
    return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",")


async def _upload_form(
    request: Request[Any, Any, Any],
    settings: Settings,
    done: str,
    upload: Callable[..., Awaitable[DocumentRead]],
    again: Callable[[Visit, FormState, int], Awaitable[Template]],
) -> Response[Any]:
    """The one path of both upload forms: the checked stream to the service, then the document's page; a refusal
    (413, 415, an unreadable form) shows the form again with the service's message and its status."""
    visit = await page_visit(request)
    try:
        source = await checked_source(request)
        document = await upload(actor=visit.actor, source=source, max_upload_mb=settings.max_upload_mb)
    except REFUSED as exc:
        return await again(visit, FormState(message=exc.detail), status_for(exc))
    return see_other(f"/documents/{document.id}?fait={done}")


def _render(visit: Visit, name: str, form: FormState, status_code: int, **context: Any) -> Template:
    """A documents page with what both forms need: the size formatter and the upload limit."""
    settings = visit.request.app.state.settings
    return render(
        visit.request,
        name,
        visit.env,
        status_code=status_code,
        form=form,
        size=_size,
        max_mb=settings.max_upload_mb,
        **context,
    )


class DocumentPagesController(Controller):
    dependencies = {"settings": Provide(provide_settings)}

    @get("/organisations/{organization_id:int}/documents")
    async def list_documents(
        self, request: Request[Any, Any, Any], organization_id: FromPath[int], page: FromQuery[int] = 1
    ) -> Template:
        visit = await page_visit(request)
        return await self._list(organization_id, visit, FormState(), 200, page=page)

    async def _list(
        self, organization_id: int, visit: Visit, form: FormState, status_code: int, *, page: int = 1
    ) -> Template:
        page = max(1, min(page, 10_000))
        items, total = await service.list_documents(
            actor=visit.actor, organization_id=organization_id, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
        )
        who = await standing(actor=visit.actor, organization_id=organization_id)
        return _render(
            visit,
            "documents/list.html.j2",
            form,
            status_code,
            organization_id=organization_id,
            documents=items,
            total=total,
            page=page,
            pages=max(1, -(-total // PAGE_SIZE)),
            may_upload=who.may_upload,
            sees_confidential=who.sees_confidential,
        )

    @post("/organisations/{organization_id:int}/documents", request_max_body_size=None, exclude_from_csrf=True)
    async def upload_document(self, request: Req, settings: AppSettings, organization_id: FromPath[int]) -> Resp:
        upload = partial(service.upload_document, organization_id=organization_id)
        return await _upload_form(request, settings, "depose", upload, partial(self._list, organization_id))

    @get("/documents/{document_id:int}")
    async def show(
        self, request: Request[Any, Any, Any], document_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        visit = await page_visit(request)
        return await self._show(document_id, visit, FormState(), 200, done=DONE.get(fait or ""))

    async def _show(
        self, document_id: int, visit: Visit, form: FormState, status_code: int, *, done: str | None = None
    ) -> Template:
        document = await service.get_document(actor=visit.actor, document_id=document_id)
        who = await standing(actor=visit.actor, organization_id=document.organization_id)
        log = None
        if who.reads_access_log:
            log, _ = await service.access_log(actor=visit.actor, document_id=document_id, limit=200, offset=0)
        return _render(
            visit,
            "documents/document.html.j2",
            form,
            status_code,
            document=document,
            may_upload=who.may_upload,
            log=log,
            kinds=ACCESS_KINDS,
            kind_label=KIND_LABELS.get(document.kind, document.kind),
            done=done,
        )

    @post("/documents/{document_id:int}/versions", request_max_body_size=None, exclude_from_csrf=True)
    async def upload_version(self, request: Req, settings: AppSettings, document_id: FromPath[int]) -> Resp:
        upload = partial(service.upload_version, document_id=document_id)
        return await _upload_form(request, settings, "version", upload, partial(self._show, document_id))

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
