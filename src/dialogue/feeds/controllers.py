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
from dialogue.feeds.rules import CACHE_CONTROL, content_disposition, http_date, is_not_modified
from dialogue.feeds.schemas import CalendarFeedCreate, CalendarFeedCreated, CalendarFeedRead
from dialogue.settings import Settings
from dialogue.web.deps import AppSettings, CurrentActor

#: METHOD:PUBLISH in the body, so `method=PUBLISH` in the media type (IANA text/calendar); Litestar adds
#: the charset to text/* types.
FEED_MEDIA_TYPE = "text/calendar; method=PUBLISH"
_HEAD_CONTENT_TYPE = f"{FEED_MEDIA_TYPE}; charset=utf-8"


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
        items = await service.list_feeds(actor=actor)
        return Page(items=items, total=len(items), limit=len(items), offset=0)

    @delete("/{feed_id:int}", summary="Révoquer un lien d'agenda")
    async def revoke_feed(self, actor: CurrentActor, feed_id: FromPath[int]) -> None:
        await service.revoke_feed(actor=actor, feed_id=feed_id)


@route(
    "/calendar/{filename:str}",
    http_method=[HttpMethod.GET, HttpMethod.HEAD],
    tags=["agenda"],
    summary="Flux iCalendar personnel (adresse secrète, sans authentification)",
    include_in_schema=True,
)
async def serve_calendar(request: Request[Any, Any, Any], filename: FromPath[str]) -> ASGIResponse:
    """`GET|HEAD /calendar/{token}.ics`: strong ETag, Last-Modified and 304s (RFC 9110 §13; CALENDAR.md §1.4)."""
    settings: Settings = request.app.state.settings
    token = filename[:-4] if filename.endswith(".ics") else ""
    feed = await service.serve_feed(token=token, settings=settings) if token else None
    if feed is None:
        raise NotFound("Agenda introuvable : ce lien n'existe pas ou a été révoqué.")
    headers = {
        "etag": feed.etag,
        "last-modified": http_date(feed.last_modified),
        "cache-control": CACHE_CONTROL,
        "content-disposition": content_disposition(feed.name),
        "x-content-type-options": "nosniff",
    }
    if is_not_modified(
        etag=feed.etag,
        last_modified=feed.last_modified,
        if_none_match=request.headers.get("if-none-match"),
        if_modified_since=request.headers.get("if-modified-since"),
        now=utcnow(),
    ):
        return ASGIResponse(status_code=HTTP_304_NOT_MODIFIED, headers=headers)
    if request.method == HttpMethod.HEAD:
        headers["content-type"] = _HEAD_CONTENT_TYPE
        headers["content-length"] = str(len(feed.body))
        return ASGIResponse(status_code=HTTP_200_OK, headers=headers, is_head_response=True)
    return ASGIResponse(body=feed.body, status_code=HTTP_200_OK, headers=headers, media_type=FEED_MEDIA_TYPE)
