"""HTTP endpoints for bodies and their members."""

from __future__ import annotations

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, JSONBody

from dialogue.bodies import service
from dialogue.bodies.schemas import (
    BodyCreate,
    BodyRead,
    BodyUpdate,
    MemberChangeRead,
    MemberCreate,
    MemberRead,
    MemberUpdate,
)
from dialogue.core.schemas import Page
from dialogue.web.deps import CurrentActor
from dialogue.web.pagination import LimitParam, OffsetParam, whole_page


class BodyController(Controller):
    tags = ["instances"]

    @get("/organizations/{organization_id:int}/bodies")
    async def list_bodies(
        self, actor: CurrentActor, organization_id: FromPath[int], limit: LimitParam = 50, offset: OffsetParam = 0
    ) -> Page[BodyRead]:
        items, total = await service.list_bodies(
            actor=actor, organization_id=organization_id, limit=limit, offset=offset
        )
        return Page(items=items, total=total, limit=limit, offset=offset)

    @post("/organizations/{organization_id:int}/bodies")
    async def create_body(
        self, actor: CurrentActor, organization_id: FromPath[int], data: JSONBody[BodyCreate]
    ) -> BodyRead:
        return await service.create_body(actor=actor, organization_id=organization_id, data=data)

    @get("/bodies/{body_id:int}")
    async def get_body(self, actor: CurrentActor, body_id: FromPath[int]) -> BodyRead:
        return await service.get_body(actor=actor, body_id=body_id)

    @patch("/bodies/{body_id:int}")
    async def update_body(self, actor: CurrentActor, body_id: FromPath[int], data: JSONBody[BodyUpdate]) -> BodyRead:
        return await service.update_body(actor=actor, body_id=body_id, data=data)

    @get("/bodies/{body_id:int}/members")
    async def list_members(self, actor: CurrentActor, body_id: FromPath[int]) -> Page[MemberRead]:
        return whole_page(await service.list_members(actor=actor, body_id=body_id))

    @get("/bodies/{body_id:int}/history", summary="Historique des changements de membres")
    async def list_member_changes(
        self, actor: CurrentActor, body_id: FromPath[int], limit: LimitParam = 50, offset: OffsetParam = 0
    ) -> Page[MemberChangeRead]:
        items, total = await service.list_member_changes(actor=actor, body_id=body_id, limit=limit, offset=offset)
        return Page(items=items, total=total, limit=limit, offset=offset)

    @post("/bodies/{body_id:int}/members")
    async def add_member(self, actor: CurrentActor, body_id: FromPath[int], data: JSONBody[MemberCreate]) -> MemberRead:
        return await service.add_member(actor=actor, body_id=body_id, data=data)

    @patch("/members/{member_id:int}")
    async def update_member(
        self, actor: CurrentActor, member_id: FromPath[int], data: JSONBody[MemberUpdate]
    ) -> MemberRead:
        return await service.update_member(actor=actor, member_id=member_id, data=data)

    @delete("/members/{member_id:int}")
    async def remove_member(self, actor: CurrentActor, member_id: FromPath[int]) -> None:
        await service.remove_member(actor=actor, member_id=member_id)
