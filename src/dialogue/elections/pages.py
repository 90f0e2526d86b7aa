"""Election pages: the organisation's elections, and one election with its calendar steps, PAP, lists, results,
seats and elected members. Same service as the API, same roles (direction and admins organise; élus and unions
read; another organisation gets 404)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Template

from dialogue.elections import service
from dialogue.elections.schemas import KIND_LABELS
from dialogue.pages.controllers import page_env, render, require_me

KIND_OF_LIST = {"titulaires": "Titulaires", "suppleants": "Suppléants"}


class ElectionPagesController(Controller):
    include_in_schema = False

    @get("/elections")
    async def elections(self, request: Request[Any, Any, Any]) -> Template:
        actor, me = await require_me(request)
        items = await service.list_elections(actor=actor, organization_id=actor.organization_id)
        return render(request, "elections/list.html.j2", page_env(request, me), elections=items, kinds=KIND_LABELS)

    @get("/elections/{election_id:int}")
    async def election(self, request: Request[Any, Any, Any], election_id: FromPath[int]) -> Template:
        actor, me = await require_me(request)
        election = await service.get_election(actor=actor, election_id=election_id)
        return render(
            request,
            "elections/show.html.j2",
            page_env(request, me),
            election=election,
            kinds=KIND_LABELS,
            list_kinds=KIND_OF_LIST,
        )
