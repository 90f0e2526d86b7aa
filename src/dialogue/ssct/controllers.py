"""HTTP endpoints: SSCT missions, follow-up actions, serious accidents and yearly obligations."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter

from dialogue.core.schemas import Page
from dialogue.ssct import service
from dialogue.ssct.rules import MissionKind, MissionStatus, SsctActionStatus
from dialogue.ssct.schemas import (
    AccidentCreate,
    AccidentRead,
    ActionAnswer,
    ActionCreate,
    ActionRead,
    ActionUpdate,
    MissionCreate,
    MissionRead,
    MissionStatusChange,
    MissionUpdate,
    ObligationsRead,
)
from dialogue.web.deps import CurrentActor
from dialogue.web.pagination import LimitParam, OffsetParam, whole_page

YearParam = Annotated[int | None, QueryParameter(ge=2000, le=2100, description="Année")]


class SsctController(Controller):
    tags = ["SSCT"]

    @get("/bodies/{body_id:int}/ssct-missions")
    async def list_missions(
        self,
        actor: CurrentActor,
        body_id: FromPath[int],
        limit: LimitParam = 50,
        offset: OffsetParam = 0,
        kind: Annotated[MissionKind | None, QueryParameter(description="Type de mission")] = None,
        status: Annotated[MissionStatus | None, QueryParameter(description="Statut")] = None,
        year: YearParam = None,
    ) -> Page[MissionRead]:
        items, total = await service.list_missions(
            actor=actor, body_id=body_id, limit=limit, offset=offset, kind=kind, status=status, year=year
        )
        return Page(items=items, total=total, limit=limit, offset=offset)

    @post("/bodies/{body_id:int}/ssct-missions", summary="Prévoir une mission (L2312-13)")
    async def create_mission(
        self, actor: CurrentActor, body_id: FromPath[int], data: JSONBody[MissionCreate]
    ) -> MissionRead:
        return await service.create_mission(actor=actor, body_id=body_id, data=data)

    @get("/ssct-missions/{mission_id:int}")
    async def get_mission(self, actor: CurrentActor, mission_id: FromPath[int]) -> MissionRead:
        return await service.get_mission(actor=actor, mission_id=mission_id)

    @patch("/ssct-missions/{mission_id:int}", summary="Compléter : participants, constats, recommandations")
    async def update_mission(
        self, actor: CurrentActor, mission_id: FromPath[int], data: JSONBody[MissionUpdate]
    ) -> MissionRead:
        return await service.update_mission(actor=actor, mission_id=mission_id, data=data)

    @post("/ssct-missions/{mission_id:int}/status", status_code=200, summary="Démarrer, rendre le rapport, clore")
    async def change_mission_status(
        self, actor: CurrentActor, mission_id: FromPath[int], data: JSONBody[MissionStatusChange]
    ) -> MissionRead:
        return await service.change_mission_status(actor=actor, mission_id=mission_id, data=data)

    @get("/ssct-missions/{mission_id:int}/actions")
    async def list_actions(self, actor: CurrentActor, mission_id: FromPath[int]) -> Page[ActionRead]:
        return whole_page(await service.list_actions(actor=actor, mission_id=mission_id))

    @post("/ssct-missions/{mission_id:int}/actions", summary="Action de suivi")
    async def add_action(
        self, actor: CurrentActor, mission_id: FromPath[int], data: JSONBody[ActionCreate]
    ) -> ActionRead:
        return await service.add_action(actor=actor, mission_id=mission_id, data=data)

    @patch("/ssct-actions/{action_id:int}")
    async def update_action(
        self, actor: CurrentActor, action_id: FromPath[int], data: JSONBody[ActionUpdate]
    ) -> ActionRead:
        return await service.update_action(actor=actor, action_id=action_id, data=data)

    @post("/ssct-actions/{action_id:int}/answer", status_code=200, summary="Réponse de l'employeur")
    async def answer_action(
        self, actor: CurrentActor, action_id: FromPath[int], data: JSONBody[ActionAnswer]
    ) -> ActionRead:
        return await service.answer_action(actor=actor, action_id=action_id, data=data)

    @get("/bodies/{body_id:int}/ssct-actions", summary="Toutes les actions de suivi de l'instance")
    async def list_body_actions(
        self,
        actor: CurrentActor,
        body_id: FromPath[int],
        status: Annotated[SsctActionStatus | None, QueryParameter(description="Statut")] = None,
        overdue: Annotated[bool | None, QueryParameter(description="En retard seulement")] = None,
    ) -> Page[ActionRead]:
        return whole_page(await service.list_body_actions(actor=actor, body_id=body_id, status=status, overdue=overdue))

    @get("/bodies/{body_id:int}/serious-accidents")
    async def list_accidents(
        self, actor: CurrentActor, body_id: FromPath[int], year: YearParam = None
    ) -> Page[AccidentRead]:
        return whole_page(await service.list_accidents(actor=actor, body_id=body_id, year=year))

    @post("/bodies/{body_id:int}/serious-accidents", summary="Accident grave (enquête L2312-13)")
    async def record_accident(
        self, actor: CurrentActor, body_id: FromPath[int], data: JSONBody[AccidentCreate]
    ) -> AccidentRead:
        return await service.record_accident(actor=actor, body_id=body_id, data=data)

    @get("/bodies/{body_id:int}/ssct-obligations", summary="Dû, fait, en retard (R2312-4, L2312-13, R4121-2)")
    async def obligations(self, actor: CurrentActor, body_id: FromPath[int], year: YearParam = None) -> ObligationsRead:
        return await service.obligations(actor=actor, body_id=body_id, year=year)
