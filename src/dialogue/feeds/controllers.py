"""HTTP endpoints: managing one's calendar feeds (/api/v1/me/calendar-feeds) and serving them (public)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, get, post, route
from litestar.enums import HttpMethod
from litestar.params import FromPath, JSONBody
from litestar.response.base import ASGIResponse
from litestar.status_codes import HTTP_200_OK, HTTP_304_NOT_MODIFIED

from dialogue.core.clock import utcnow
from dialogue.core.errors import NotFound
from dialogue.core.schemas import Page
from dialogue.feeds import service
from dialogue.feeds.rules import is_not_modified
from dialogue.feeds.schemas import CalendarFeedCreate, CalendarFeedCreated, CalendarFeedRead
from dialogue.web.deps import AppSettings, CurrentActor
from dialogue.web.pagination import whole_page

#: METHOD:PUBLISH in the body, so `method=PUBLISH` in the media type (IANA text/calendar); Litestar adds
#: the charset to text/* types.
FEED_MEDIA_TYPE = "text/calendar; method=PUBLISH"
_HEAD_CONTENT_TYPE = f"{FEED_MEDIA_TYPE}; charset=utf-8".encode("ascii")


class CalendarFeedController(Controller):
    path = "/me/calendar-feeds"
    tags = ["agenda"]

    @post("/", summary="Créer un lien d'abonnement à mon agenda (https et webcal)")
    async def create_feed(
        self, actor: CurrentActor, settings: AppSettings, data: JSONBody[CalendarFeedCreate]
    ) -> CalendarFeedCreated:
        return await service.create_feed(actor=actor, data=data, settings=settings)

    @get("/", summary="Mes liens d'agenda (l'adresse secrète n'est plus affichée)")
    async def list_feeds(self, actor: CurrentActor) -> Page[CalendarFeedRead]:
        return whole_page(await service.list_feeds(actor=actor))

    @delete("/{feed_id:int}", summary="Révoquer un lien d'agenda")
    async def revoke_feed(self, actor: CurrentActor, feed_id: FromPath[int]) -> None:
        await service.revoke_feed(actor=actor, feed_id=feed_id)


class _PreEncodedResponse(ASGIResponse):
    """A response whose headers were encoded once per feed content: polling clients mostly get 304s,
    and this path then copies a tuple instead of building and encoding headers on every request."""

    def __init__(self, *, status_code: int, headers: list[tuple[bytes, bytes]], is_head_response: bool = False):
        # Deliberately not calling ASGIResponse.__init__: no body, no cookies, headers already encoded.
        self.status_code = status_code
        self.is_head_response = is_head_response
        self.body = b""
        self.background = None
        self.content_length = 0
        self.encoding = "utf-8"
        self._encoded_cookies = ()
        self._raw_headers = headers

    def encode_headers(self) -> list[tuple[bytes, bytes]]:
        return self._raw_headers


@route(
    "/calendar/{filename:str}",
    http_method=[HttpMethod.GET, HttpMethod.HEAD],
    tags=["agenda"],
    summary="Flux iCalendar personnel (adresse secrète, sans authentification)",
)
async def serve_calendar(request: Request[Any, Any, Any]) -> ASGIResponse:
    """`GET|HEAD /calendar/{token}.ics`: strong ETag, Last-Modified and 304s (RFC 9110 §13; CALENDAR.md §1.4)."""
    filename: str = request.path_params["filename"]
    token = filename[:-4] if filename.endswith(".ics") else ""
    feed = await service.serve_feed(token=token, settings=request.app.state.settings) if token else None
    if feed is None:
        raise NotFound("Agenda introuvable : ce lien n'existe pas ou a été révoqué.")
    if_none_match, if_modified_since = _conditional_headers(request.scope["headers"])
    if is_not_modified(
        etag=feed.etag,
        last_modified=feed.last_modified,
        if_none_match=if_none_match,
        if_modified_since=if_modified_since,
        now=utcnow(),
    ):
        return _PreEncodedResponse(status_code=HTTP_304_NOT_MODIFIED, headers=list(feed.headers))
    if request.method == HttpMethod.HEAD:
        length = str(len(feed.body)).encode("ascii")
        head = [*feed.headers, (b"content-type", _HEAD_CONTENT_TYPE), (b"content-length", length)]
        return _PreEncodedResponse(status_code=HTTP_200_OK, headers=head, is_head_response=True)
    return ASGIResponse(
        body=feed.body, status_code=HTTP_200_OK, headers=list(_decoded(feed.headers)), media_type=FEED_MEDIA_TYPE
    )


def _conditional_headers(raw: Any) -> tuple[str | None, str | None]:
    """If-None-Match and If-Modified-Since straight from the ASGI scope (no header mapping built)."""
    if_none_match: str | None = None
    if_modified_since: str | None = None
    for name, value in raw:
        if name == b"if-none-match":
            if_none_match = (
                value.decode("latin-1") if if_none_match is None else f"{if_none_match}, {value.decode('latin-1')}"
            )
        elif name == b"if-modified-since":
            if_modified_since = value.decode("latin-1")
    return if_none_match, if_modified_since


def _decoded(headers: tuple[tuple[bytes, bytes], ...]) -> list[tuple[str, str]]:
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, value in headers]
