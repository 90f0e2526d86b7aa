"""HTTP endpoints: election results, accords de méthode, negotiations and the NAO calendar."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter

from dialogue.core.schemas import Page
from dialogue.negotiations import elections, service
from dialogue.negotiations.rules import NegotiationStatus
from dialogue.negotiations.schemas import (
    AgrementIn,
    DepositIn,
    DisagreementCreate,
    ElectionResultCreate,
    ElectionResultRead,
    MethodAgreementCreate,
    MethodAgreementRead,
    NaoRequestAction,
    NaoRequestCreate,
    NaoRequestRead,
    NaoScheduleRead,
    NegotiationCreate,
    NegotiationRead,
    NegotiationUpdate,
    PositionCreate,
    PositionRead,
    ReferendumRequestIn,
    ReferendumResultIn,
    SessionCreate,
    SessionRead,
    SignatureCreate,
    SignatureRead,
    StatusChange,
    Topic,
    UnionSectionCreate,
    UnionSectionEnd,
    UnionSectionRead,
)
from dialogue.web.deps import CurrentActor
from dialogue.web.pagination import LimitParam, OffsetParam, whole_page


class ElectionResultController(Controller):
    tags = ["négociations"]

    @get("/organizations/{organization_id:int}/election-results", summary="Résultats du 1er tour et représentativité")
    async def list_election_results(
        self, actor: CurrentActor, organization_id: FromPath[int], limit: LimitParam = 50, offset: OffsetParam = 0
    ) -> Page[ElectionResultRead]:
        items, total = await elections.list_election_results(
            actor=actor, organization_id=organization_id, limit=limit, offset=offset
        )
        return Page(items=items, total=total, limit=limit, offset=offset)

    @post("/organizations/{organization_id:int}/election-results", summary="Enregistrer les résultats (L2122-1)")
    async def record_election_results(
        self, actor: CurrentActor, organization_id: FromPath[int], data: JSONBody[ElectionResultCreate]
    ) -> ElectionResultRead:
        return await elections.record_election_results(actor=actor, organization_id=organization_id, data=data)

    @get("/election-results/{election_id:int}")
    async def get_election_result(self, actor: CurrentActor, election_id: FromPath[int]) -> ElectionResultRead:
        return await elections.get_election_result(actor=actor, election_id=election_id)

    @get("/organizations/{organization_id:int}/method-agreements", summary="Accords de méthode (L2242-11)")
    async def list_method_agreements(
        self, actor: CurrentActor, organization_id: FromPath[int]
    ) -> Page[MethodAgreementRead]:
        return whole_page(await elections.list_method_agreements(actor=actor, organization_id=organization_id))

    @post("/organizations/{organization_id:int}/method-agreements")
    async def create_method_agreement(
        self, actor: CurrentActor, organization_id: FromPath[int], data: JSONBody[MethodAgreementCreate]
    ) -> MethodAgreementRead:
        return await elections.create_method_agreement(actor=actor, organization_id=organization_id, data=data)

    @get("/organizations/{organization_id:int}/union-sections", summary="Sections syndicales (L2142-1, L2242-1)")
    async def list_union_sections(self, actor: CurrentActor, organization_id: FromPath[int]) -> Page[UnionSectionRead]:
        return whole_page(await elections.list_union_sections(actor=actor, organization_id=organization_id))

    @post("/organizations/{organization_id:int}/union-sections")
    async def record_union_section(
        self, actor: CurrentActor, organization_id: FromPath[int], data: JSONBody[UnionSectionCreate]
    ) -> UnionSectionRead:
        return await elections.record_union_section(actor=actor, organization_id=organization_id, data=data)

    @post("/union-sections/{section_id:int}/end", status_code=200, summary="Dissolution d'une section syndicale")
    async def end_union_section(
        self, actor: CurrentActor, section_id: FromPath[int], data: JSONBody[UnionSectionEnd]
    ) -> UnionSectionRead:
        return await elections.end_union_section(actor=actor, section_id=section_id, data=data)

    @get("/organizations/{organization_id:int}/nao-schedule", summary="Calendrier des NAO (L2242-1, L2242-13)")
    async def nao_schedule(self, actor: CurrentActor, organization_id: FromPath[int]) -> NaoScheduleRead:
        return await elections.nao_schedule(actor=actor, organization_id=organization_id)

    @get("/organizations/{organization_id:int}/nao-requests")
    async def list_nao_requests(self, actor: CurrentActor, organization_id: FromPath[int]) -> Page[NaoRequestRead]:
        return whole_page(await elections.list_nao_requests(actor=actor, organization_id=organization_id))

    @post("/organizations/{organization_id:int}/nao-requests", summary="Demande d'un syndicat (L2242-13)")
    async def request_nao(
        self, actor: CurrentActor, organization_id: FromPath[int], data: JSONBody[NaoRequestCreate]
    ) -> NaoRequestRead:
        return await elections.request_nao(actor=actor, organization_id=organization_id, data=data)

    @post("/nao-requests/{request_id:int}/forward", status_code=200, summary="Transmise aux syndicats (8 jours)")
    async def forward_nao_request(
        self, actor: CurrentActor, request_id: FromPath[int], data: JSONBody[NaoRequestAction]
    ) -> NaoRequestRead:
        return await elections.forward_nao_request(actor=actor, request_id=request_id, data=data)

    @post("/nao-requests/{request_id:int}/convene", status_code=200, summary="Parties convoquées (15 jours)")
    async def convene_nao_request(
        self, actor: CurrentActor, request_id: FromPath[int], data: JSONBody[NaoRequestAction]
    ) -> NaoRequestRead:
        return await elections.convene_nao_request(actor=actor, request_id=request_id, data=data)


class NegotiationController(Controller):
    tags = ["négociations"]

    @get("/organizations/{organization_id:int}/negotiations")
    async def list_negotiations(
        self,
        actor: CurrentActor,
        organization_id: FromPath[int],
        limit: LimitParam = 50,
        offset: OffsetParam = 0,
        topic: Annotated[Topic | None, QueryParameter(description="Thème")] = None,
        status: Annotated[NegotiationStatus | None, QueryParameter(description="Statut")] = None,
        year: Annotated[int | None, QueryParameter(ge=2000, le=2100, description="Campagne")] = None,
    ) -> Page[NegotiationRead]:
        items, total = await service.list_negotiations(
            actor=actor,
            organization_id=organization_id,
            limit=limit,
            offset=offset,
            topic=topic,
            status=status,
            year=year,
        )
        return Page(items=items, total=total, limit=limit, offset=offset)

    @post("/organizations/{organization_id:int}/negotiations", summary="Prévoir ou ouvrir une négociation")
    async def create_negotiation(
        self, actor: CurrentActor, organization_id: FromPath[int], data: JSONBody[NegotiationCreate]
    ) -> NegotiationRead:
        return await service.create_negotiation(actor=actor, organization_id=organization_id, data=data)

    @get("/negotiations/{negotiation_id:int}")
    async def get_negotiation(self, actor: CurrentActor, negotiation_id: FromPath[int]) -> NegotiationRead:
        return await service.get_negotiation(actor=actor, negotiation_id=negotiation_id)

    @patch("/negotiations/{negotiation_id:int}")
    async def update_negotiation(
        self, actor: CurrentActor, negotiation_id: FromPath[int], data: JSONBody[NegotiationUpdate]
    ) -> NegotiationRead:
        return await service.update_negotiation(actor=actor, negotiation_id=negotiation_id, data=data)

    @post("/negotiations/{negotiation_id:int}/status", status_code=200, summary="Ouvrir, démarrer, abandonner")
    async def change_status(
        self, actor: CurrentActor, negotiation_id: FromPath[int], data: JSONBody[StatusChange]
    ) -> NegotiationRead:
        return await service.change_status(actor=actor, negotiation_id=negotiation_id, data=data)

    @get("/negotiations/{negotiation_id:int}/sessions")
    async def list_sessions(self, actor: CurrentActor, negotiation_id: FromPath[int]) -> Page[SessionRead]:
        return whole_page(await service.list_sessions(actor=actor, negotiation_id=negotiation_id))

    @post("/negotiations/{negotiation_id:int}/sessions")
    async def add_session(
        self, actor: CurrentActor, negotiation_id: FromPath[int], data: JSONBody[SessionCreate]
    ) -> SessionRead:
        return await service.add_session(actor=actor, negotiation_id=negotiation_id, data=data)

    @get("/negotiations/{negotiation_id:int}/positions")
    async def list_positions(self, actor: CurrentActor, negotiation_id: FromPath[int]) -> Page[PositionRead]:
        return whole_page(await service.list_positions(actor=actor, negotiation_id=negotiation_id))

    @post("/negotiations/{negotiation_id:int}/positions")
    async def add_position(
        self, actor: CurrentActor, negotiation_id: FromPath[int], data: JSONBody[PositionCreate]
    ) -> PositionRead:
        return await service.add_position(actor=actor, negotiation_id=negotiation_id, data=data)

    @get("/negotiations/{negotiation_id:int}/signatures")
    async def list_signatures(self, actor: CurrentActor, negotiation_id: FromPath[int]) -> Page[SignatureRead]:
        return whole_page(await service.list_signatures(actor=actor, negotiation_id=negotiation_id))

    @post("/negotiations/{negotiation_id:int}/signatures", summary="Signature d'un syndicat (L2232-12)")
    async def sign(
        self, actor: CurrentActor, negotiation_id: FromPath[int], data: JSONBody[SignatureCreate]
    ) -> SignatureRead:
        return await service.sign(actor=actor, negotiation_id=negotiation_id, data=data)

    @post("/negotiations/{negotiation_id:int}/referendum", status_code=200, summary="Demander la consultation")
    async def request_referendum(
        self, actor: CurrentActor, negotiation_id: FromPath[int], data: JSONBody[ReferendumRequestIn]
    ) -> NegotiationRead:
        return await service.request_referendum(actor=actor, negotiation_id=negotiation_id, data=data)

    @post("/negotiations/{negotiation_id:int}/referendum/result", status_code=200)
    async def record_referendum_result(
        self, actor: CurrentActor, negotiation_id: FromPath[int], data: JSONBody[ReferendumResultIn]
    ) -> NegotiationRead:
        return await service.record_referendum_result(actor=actor, negotiation_id=negotiation_id, data=data)

    @post("/negotiations/{negotiation_id:int}/disagreement", status_code=200, summary="PV de désaccord (L2242-5)")
    async def record_disagreement(
        self, actor: CurrentActor, negotiation_id: FromPath[int], data: JSONBody[DisagreementCreate]
    ) -> NegotiationRead:
        return await service.record_disagreement(actor=actor, negotiation_id=negotiation_id, data=data)

    @post("/negotiations/{negotiation_id:int}/deposit", status_code=200, summary="Dépôt TéléAccords")
    async def record_deposit(
        self, actor: CurrentActor, negotiation_id: FromPath[int], data: JSONBody[DepositIn]
    ) -> NegotiationRead:
        return await service.record_deposit(actor=actor, negotiation_id=negotiation_id, data=data)

    @post("/negotiations/{negotiation_id:int}/agrement", status_code=200, summary="Agrément (L314-6 CASF)")
    async def record_agrement(
        self, actor: CurrentActor, negotiation_id: FromPath[int], data: JSONBody[AgrementIn]
    ) -> NegotiationRead:
        return await service.record_agrement(actor=actor, negotiation_id=negotiation_id, data=data)
