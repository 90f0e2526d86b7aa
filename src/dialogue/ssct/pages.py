"""SSCT mission pages (issue 16): the missions of a CSE or of its CSSCT (L2312-13: inspections, inquiries after a
serious accident, risk analyses), each with its documents — inspection reports, photos — on its annex page
(`/annexes/mission-ssct/<id>`). Read by the body's readers, as the API."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Template

from dialogue.bodies import service as bodies_service
from dialogue.pages.controllers import render
from dialogue.pages.forms import page_visit
from dialogue.pages.registry import BodyTab
from dialogue.ssct.rules import MISSION_BODY_KINDS
from dialogue.ssct.service.missions import list_missions


def missions_tab(body_id: int, body_kind: str) -> list[BodyTab]:
    """The tab of a body page, for the bodies that carry missions (a CSE, its CSSCT)."""
    return (
        [BodyTab(label="Missions SSCT", url=f"/instances/{body_id}/missions-ssct")]
        if body_kind in MISSION_BODY_KINDS
        else []
    )


class SsctPagesController(Controller):
    tags = ["pages"]
    include_in_schema = False

    @get("/instances/{body_id:int}/missions-ssct")
    async def missions(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Template:
        visit = await page_visit(request)
        body = await bodies_service.get_body(actor=visit.actor, body_id=body_id)
        missions, total = await list_missions(actor=visit.actor, body_id=body_id, limit=200, offset=0)
        return render(request, "ssct/missions.html.j2", visit.env, body=body, missions=missions, total=total)


__all__ = ["SsctPagesController", "missions_tab"]
