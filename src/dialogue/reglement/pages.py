"""The body page's « Règlement intérieur » tab: the version in force (document, adoption, parameters) and the
history of adoptions (L2315-24). Same service as the API."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Template

from dialogue.bodies import service as bodies_service
from dialogue.pages.controllers import page_env, render, require_me
from dialogue.pages.registry import BodyTab
from dialogue.reglement import service

#: Bodies that adopt a règlement intérieur (L2315-24; the CSE central too, L2316-14).
RI_BODY_KINDS = frozenset({"cse", "cse_central"})


def reglement_tab(body_id: int, body_kind: str) -> list[BodyTab]:
    if body_kind not in RI_BODY_KINDS:
        return []
    return [BodyTab(label="Règlement intérieur", url=f"/instances/{body_id}/reglement-interieur")]


class ReglementPagesController(Controller):
    include_in_schema = False

    @get("/instances/{body_id:int}/reglement-interieur")
    async def show(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Template:
        actor, me = await require_me(request)
        body = await bodies_service.get_body(actor=actor, body_id=body_id)
        state = await service.get_reglement(actor=actor, body_id=body_id)
        return render(request, "reglement/show.html.j2", page_env(request, me), body=body, state=state)
