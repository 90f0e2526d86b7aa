"""HTTP endpoints of the union side: designations (L2143-3, L2314-2, L2316-7) and negotiating without a union
delegate (L2232-21 to L2232-26)."""

from __future__ import annotations

from litestar import Controller, get, post, put
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK

from dialogue.core.schemas import Page
from dialogue.negotiations import designations
from dialogue.negotiations.designation_schemas import (
    DesignationCreate,
    DesignationEnd,
    DesignationRead,
    WithoutDelegateIn,
    WithoutDelegateRead,
)
from dialogue.web.deps import CurrentActor
from dialogue.web.pagination import whole_page


class UnionDesignationController(Controller):
    tags = ["négociations"]

    @get("/organizations/{organization_id:int}/union-designations", summary="Délégués et représentants syndicaux")
    async def list_designations(self, actor: CurrentActor, organization_id: FromPath[int]) -> Page[DesignationRead]:
        return whole_page(await designations.list_designations(actor=actor, organization_id=organization_id))

    @post(
        "/organizations/{organization_id:int}/union-designations",
        summary="Enregistrer une désignation (L2143-3, L2314-2, L2316-7)",
    )
    async def create_designation(
        self, actor: CurrentActor, organization_id: FromPath[int], data: JSONBody[DesignationCreate]
    ) -> DesignationRead:
        return await designations.create_designation(actor=actor, organization_id=organization_id, data=data)

    @post("/union-designations/{designation_id:int}/end", status_code=HTTP_200_OK, summary="Fin du mandat")
    async def end_designation(
        self, actor: CurrentActor, designation_id: FromPath[int], data: JSONBody[DesignationEnd]
    ) -> DesignationRead:
        return await designations.end_designation(actor=actor, designation_id=designation_id, data=data)

    @get("/negotiations/{negotiation_id:int}/without-delegate", summary="Négociation sans délégué syndical")
    async def get_without_delegate(self, actor: CurrentActor, negotiation_id: FromPath[int]) -> WithoutDelegateRead:
        return await designations.get_without_delegate(actor=actor, negotiation_id=negotiation_id)

    @put(
        "/negotiations/{negotiation_id:int}/without-delegate",
        summary="Voie de conclusion sans délégué syndical et sa validité (L2232-21 à L2232-26)",
    )
    async def record_without_delegate(
        self, actor: CurrentActor, negotiation_id: FromPath[int], data: JSONBody[WithoutDelegateIn]
    ) -> WithoutDelegateRead:
        return await designations.record_without_delegate(actor=actor, negotiation_id=negotiation_id, data=data)
