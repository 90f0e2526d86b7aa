"""HTTP endpoints of the multi-establishment company: établissements distincts (L2313-2 to L2313-5), the CSE
central (L2316-4, R2316-1, L2316-15) and the consultations linked to the establishments (R2312-6 II)."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK

from dialogue.core.schemas import Page
from dialogue.establishments import service
from dialogue.establishments.schemas import (
    CentralCompositionRead,
    LinkCreate,
    OpinionTreeRead,
    ScopeCreate,
    ScopeRead,
    TransmitIn,
)
from dialogue.web.deps import CurrentActor
from dialogue.web.pagination import whole_page


class EstablishmentsController(Controller):
    tags = ["établissements"]

    @get("/organizations/{organization_id:int}/establishment-scopes", summary="Établissements distincts")
    async def list_scopes(self, actor: CurrentActor, organization_id: FromPath[int]) -> Page[ScopeRead]:
        return whole_page(await service.list_scopes(actor=actor, organization_id=organization_id))

    @post(
        "/organizations/{organization_id:int}/establishment-scopes",
        summary="Accord ou décision fixant les établissements distincts (L2313-2 à L2313-5)",
    )
    async def record_scope(
        self, actor: CurrentActor, organization_id: FromPath[int], data: JSONBody[ScopeCreate]
    ) -> ScopeRead:
        return await service.record_scope(actor=actor, organization_id=organization_id, data=data)

    @get(
        "/organizations/{organization_id:int}/cse-central",
        summary="Composition du CSE central et réunion semestrielle (L2316-4, R2316-1, L2316-15)",
    )
    async def central_composition(self, actor: CurrentActor, organization_id: FromPath[int]) -> CentralCompositionRead:
        return await service.central_composition(actor=actor, organization_id=organization_id)

    @get("/consultations/{consultation_id:int}/establishment-opinions", summary="Arbre des avis (R2312-6 II)")
    async def opinion_tree(self, actor: CurrentActor, consultation_id: FromPath[int]) -> OpinionTreeRead:
        return await service.opinion_tree(actor=actor, consultation_id=consultation_id)

    @post(
        "/consultations/{consultation_id:int}/establishment-opinions",
        summary="Consulter aussi un CSE d'établissement (R2312-6 II)",
    )
    async def link_establishment(
        self, actor: CurrentActor, consultation_id: FromPath[int], data: JSONBody[LinkCreate]
    ) -> OpinionTreeRead:
        return await service.link_establishment(actor=actor, consultation_id=consultation_id, data=data)

    @post(
        "/consultations/{consultation_id:int}/transmit",
        status_code=HTTP_200_OK,
        summary="Transmettre l'avis de l'établissement au CSE central (R2312-6 II)",
    )
    async def transmit_opinion(
        self, actor: CurrentActor, consultation_id: FromPath[int], data: JSONBody[TransmitIn]
    ) -> OpinionTreeRead:
        return await service.transmit_opinion(actor=actor, consultation_id=consultation_id, data=data)
