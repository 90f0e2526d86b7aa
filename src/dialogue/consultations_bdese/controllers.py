"""HTTP endpoints of a consultation informed through the BDESE (R2312-5), and the BDESE publication that may
start one (CONTRACT.md "Additions" → BDESE)."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody

from dialogue.bdese.schemas import ItemRead
from dialogue.consultations_bdese import service
from dialogue.consultations_bdese.schemas import BdeseLinkCreate, BdeseLinkRead, PublishOptions
from dialogue.core.schemas import Page
from dialogue.web.deps import CurrentActor
from dialogue.web.pagination import LimitParam, OffsetParam


class ConsultationBdeseController(Controller):
    tags = ["consultations", "BDESE"]

    @get("/consultations/{consultation_id:int}/bdese-items", summary="Informations de la BDESE de la consultation")
    async def list_bdese_items(
        self, actor: CurrentActor, consultation_id: FromPath[int], limit: LimitParam = 50, offset: OffsetParam = 0
    ) -> Page[BdeseLinkRead]:
        found = await service.linked_items(actor=actor, consultation_id=consultation_id)
        return Page(items=found[offset : offset + limit], total=len(found), limit=limit, offset=offset)

    @post(
        "/consultations/{consultation_id:int}/bdese-items",
        summary="Lier une information publiée de la BDESE : le délai peut partir de sa publication (R2312-5)",
    )
    async def link_bdese_item(
        self, actor: CurrentActor, consultation_id: FromPath[int], data: JSONBody[BdeseLinkCreate]
    ) -> BdeseLinkRead:
        return await service.link_item(actor=actor, consultation_id=consultation_id, item_id=data.item_id)

    @post(
        "/organizations/{organization_id:int}/bdese/items/{item_id:int}/publish",
        status_code=200,
        summary="Publier une information (lecteurs prévenus) ; avec une consultation, le délai en part (R2312-5)",
    )
    async def publish_item(
        self,
        actor: CurrentActor,
        organization_id: FromPath[int],
        item_id: FromPath[int],
        data: JSONBody[PublishOptions | None] = None,
    ) -> ItemRead:
        return await service.publish_item(
            actor=actor,
            organization_id=organization_id,
            item_id=item_id,
            consultation_id=data.consultation_id if data is not None else None,
        )
