"""The facilitator's « Relancer par courriel » on the network's board (the page form of `POST
/api/v1/networks/{id}/organizations/{org}/nudge`): same service, same rules of access."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, post
from litestar.params import FromPath

from dialogue.core.errors import DomainError, Forbidden, NotFound
from dialogue.networks import nudges
from dialogue.pages.forms import page_visit, see_other
from dialogue.settings import Settings


class NetworkNudgePagesController(Controller):
    tags = ["pages"]
    include_in_schema = False

    @post("/reseaux/{network_id:int}/organisations/{organization_id:int}/relancer")
    async def nudge(
        self, request: Request[Any, Any, Any], network_id: FromPath[int], organization_id: FromPath[int]
    ) -> Response[Any]:
        visit = await page_visit(request)
        settings: Settings = request.app.state.settings
        try:
            await nudges.nudge_now(
                actor=visit.actor, network_id=network_id, organization_id=organization_id, settings=settings
            )
        except (Forbidden, NotFound):
            raise
        except DomainError as exc:
            return see_other(f"/reseaux/{network_id}?erreur={exc.code or 'refus'}#etapes")
        return see_other(f"/reseaux/{network_id}?fait=relancee#etapes")
