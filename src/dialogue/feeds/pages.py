"""« Mon agenda »: my calendar feed links (https and webcal) with instructions for Google Agenda, Outlook,
Apple Calendrier and Thunderbird; create one (all my bodies or one), revoke one. The secret address is shown
once, right after creation (only its digest is stored); the page is never cached."""

from __future__ import annotations

from typing import Any, Final

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from dialogue.core.actor import Actor
from dialogue.core.errors import Conflict
from dialogue.feeds import service
from dialogue.feeds.schemas import CalendarFeedCreate, CalendarFeedCreated
from dialogue.pages.controllers import PageEnv, page_env, render, require_me
from dialogue.pages.forms import FormState, read_form, text_or_none, validate
from dialogue.settings import Settings

LABELS: Final = {"body_id": "Instances", "name": "Nom du calendrier"}
DONE: Final = {"revoque": "Le lien a été révoqué : il ne fonctionne plus."}
NO_STORE: Final = {"Cache-Control": "no-store"}


class FeedPagesController(Controller):
    tags = ["pages"]
    include_in_schema = False

    @get("/agenda")
    async def feeds(self, request: Request[Any, Any, Any], fait: FromQuery[str | None] = None) -> Template:
        actor, me = await require_me(request)
        return await self._page(request, actor, page_env(request, me), done=DONE.get(fait or ""))

    async def _page(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        env: PageEnv,
        *,
        done: str | None = None,
        created: CalendarFeedCreated | None = None,
        form: FormState | None = None,
        status: int = 200,
    ) -> Template:
        feeds = await service.list_feeds(actor=actor)
        bodies = {m.body_id: m.body_name for m in env.me.memberships} if env.me else {}
        page = render(
            request,
            "feeds/agenda.html.j2",
            env,
            status_code=status,
            feeds=feeds,
            bodies=bodies,
            created=created,
            warning=service.WARNING,
            form=form or FormState(),
            labels=LABELS,
            done=done,
        )
        page.headers.update(NO_STORE)
        return page

    @post("/agenda")
    async def create(self, request: Request[Any, Any, Any]) -> Response[Any]:
        """A new secret link, shown once on the page that answers (never in a URL, a cookie or a log)."""
        actor, me = await require_me(request)
        settings: Settings = request.app.state.settings
        env = page_env(request, me)
        posted = await read_form(request)
        payload: dict[str, Any] = {}
        if (body_id := text_or_none(posted.get("body_id"))) is not None:
            payload["body_id"] = body_id
        if (name := text_or_none(posted.get("name"))) is not None:
            payload["name"] = name
        parsed = validate(CalendarFeedCreate, payload)
        if isinstance(parsed, dict):
            return await self._page(request, actor, env, form=FormState(posted, parsed), status=422)
        try:
            created = await service.create_feed(actor=actor, data=parsed, settings=settings)
        except Conflict as exc:
            return await self._page(request, actor, env, form=FormState(posted, message=exc.detail), status=409)
        return await self._page(request, actor, env, created=created, status=201)

    @post("/agenda/{feed_id:int}/revoquer")
    async def revoke(self, request: Request[Any, Any, Any], feed_id: FromPath[int]) -> Redirect:
        actor, _ = await require_me(request)
        await service.revoke_feed(actor=actor, feed_id=feed_id)
        return Redirect(path="/agenda?fait=revoque", status_code=HTTP_303_SEE_OTHER)
