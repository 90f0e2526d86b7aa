"""HTTP endpoints of the BDESE (CONTRACT.md "Additions" → BDESE). Publishing an item, which may start a
consultation, is served by consultations_bdese (the layer above both)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get, patch, post, put
from litestar.params import FromPath, JSONBody, QueryParameter

from dialogue.bdese import service
from dialogue.bdese.schemas import (
    AccessRead,
    AgreementCreate,
    AgreementRead,
    BdeseRead,
    ItemCreate,
    ItemRead,
    ItemUpdate,
)
from dialogue.core.schemas import Page
from dialogue.web.deps import CurrentActor
from dialogue.web.pagination import LimitParam, OffsetParam

YearParam = Annotated[int | None, QueryParameter(ge=2000, le=2100, description="Année (R2312-10 : N-2 à N+3)")]
ThemeParam = Annotated[str | None, QueryParameter(max_length=60, pattern=r"^[a-z0-9_]+$", description="Rubrique")]
ExportYear = Annotated[int, QueryParameter(ge=2000, le=2100, description="Année exportée")]


class BdeseController(Controller):
    path = "/organizations/{organization_id:int}/bdese"
    tags = ["BDESE"]

    @get("")
    async def get_bdese(
        self, actor: CurrentActor, organization_id: FromPath[int], year: YearParam = None, theme: ThemeParam = None
    ) -> BdeseRead:
        return await service.get_bdese(actor=actor, organization_id=organization_id, year=year, theme=theme)

    @post("/items")
    async def create_item(
        self, actor: CurrentActor, organization_id: FromPath[int], data: JSONBody[ItemCreate]
    ) -> ItemRead:
        return await service.create_item(actor=actor, organization_id=organization_id, data=data)

    @get("/items/{item_id:int}")
    async def get_item(self, actor: CurrentActor, organization_id: FromPath[int], item_id: FromPath[int]) -> ItemRead:
        return await service.get_item(actor=actor, organization_id=organization_id, item_id=item_id)

    @patch("/items/{item_id:int}")
    async def update_item(
        self, actor: CurrentActor, organization_id: FromPath[int], item_id: FromPath[int], data: JSONBody[ItemUpdate]
    ) -> ItemRead:
        return await service.update_item(actor=actor, organization_id=organization_id, item_id=item_id, data=data)

    @get("/access-log")
    async def access_log(
        self, actor: CurrentActor, organization_id: FromPath[int], limit: LimitParam = 50, offset: OffsetParam = 0
    ) -> Page[AccessRead]:
        items, total = await service.access_log(
            actor=actor, organization_id=organization_id, limit=limit, offset=offset
        )
        return Page(items=items, total=total, limit=limit, offset=offset)

    @get("/export", media_type="application/zip")
    async def export_year(
        self, actor: CurrentActor, organization_id: FromPath[int], year: ExportYear
    ) -> Response[bytes]:
        filename, content = await service.export_year(actor=actor, organization_id=organization_id, year=year)
        headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
        return Response(content=content, media_type="application/zip", headers=headers)

    @put("/agreement")
    async def set_agreement(
        self, actor: CurrentActor, organization_id: FromPath[int], data: JSONBody[AgreementCreate]
    ) -> AgreementRead:
        return await service.set_agreement(actor=actor, organization_id=organization_id, data=data)
