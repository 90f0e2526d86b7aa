"""HTTP endpoints of consultations. The meetings whose agenda carries a consultation come from meetings' reader,
a dependency provided by app.py (`consultation_meetings`): consultations sit below meetings."""

from __future__ import annotations

from typing import Annotated, TypeAlias

from litestar import Controller, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK

from dialogue.consultations import service
from dialogue.consultations.queries import MeetingsOf
from dialogue.consultations.schemas import (
    ConsultationCreate,
    ConsultationRead,
    ConsultationStatus,
    ConsultationUpdate,
    ExpertiseChallengeCreate,
    JudgmentCreate,
)
from dialogue.core.schemas import Page
from dialogue.web.deps import AppSettings, CurrentActor
from dialogue.web.pagination import LimitParam, OffsetParam

#: meetings' reader of the agendas carrying consultations (see consultations.queries.MeetingsOf).
ConsultationMeetings: TypeAlias = NamedDependency[MeetingsOf]


class ConsultationController(Controller):
    tags = ["consultations"]

    @get("/bodies/{body_id:int}/consultations", summary="Consultations d'une instance (délai calculé, R2312-6)")
    async def list_consultations(
        self,
        actor: CurrentActor,
        consultation_meetings: ConsultationMeetings,
        body_id: FromPath[int],
        status: Annotated[ConsultationStatus | None, QueryParameter(description="open, opinion_given…")] = None,
        limit: LimitParam = 50,
        offset: OffsetParam = 0,
    ) -> Page[ConsultationRead]:
        items, total = await service.list_consultations(
            actor=actor, body_id=body_id, limit=limit, offset=offset, meetings_of=consultation_meetings, status=status
        )
        return Page(items=items, total=total, limit=limit, offset=offset)

    @post("/bodies/{body_id:int}/consultations", summary="Ouvrir une consultation")
    async def open_consultation(
        self, actor: CurrentActor, settings: AppSettings, body_id: FromPath[int], data: JSONBody[ConsultationCreate]
    ) -> ConsultationRead:
        return await service.open_consultation(
            actor=actor, body_id=body_id, data=data, min_agreed_days=settings.consultation_min_agreed_days
        )

    @get("/consultations/{consultation_id:int}", summary="Une consultation, son délai et son avis (L2312-16)")
    async def get_consultation(
        self, actor: CurrentActor, consultation_meetings: ConsultationMeetings, consultation_id: FromPath[int]
    ) -> ConsultationRead:
        return await service.get_consultation(
            actor=actor, consultation_id=consultation_id, meetings_of=consultation_meetings
        )

    @patch("/consultations/{consultation_id:int}", summary="Corriger une consultation en cours")
    async def update_consultation(
        self,
        actor: CurrentActor,
        settings: AppSettings,
        consultation_meetings: ConsultationMeetings,
        consultation_id: FromPath[int],
        data: JSONBody[ConsultationUpdate],
    ) -> ConsultationRead:
        return await service.update_consultation(
            actor=actor,
            consultation_id=consultation_id,
            data=data,
            meetings_of=consultation_meetings,
            min_agreed_days=settings.consultation_min_agreed_days,
        )

    @post(
        "/consultations/{consultation_id:int}/expertise-challenge",
        summary="Contestation de l'expertise en justice par l'employeur : délai suspendu (L2315-86)",
        status_code=HTTP_200_OK,
    )
    async def record_challenge(
        self,
        actor: CurrentActor,
        consultation_meetings: ConsultationMeetings,
        consultation_id: FromPath[int],
        data: JSONBody[ExpertiseChallengeCreate],
    ) -> ConsultationRead:
        return await service.record_challenge(
            actor=actor, consultation_id=consultation_id, data=data, meetings_of=consultation_meetings
        )

    @post(
        "/consultations/{consultation_id:int}/expertise-judgment",
        summary="Jugement notifié sur l'expertise contestée : le délai reprend (L2315-86)",
        status_code=HTTP_200_OK,
    )
    async def record_judgment(
        self,
        actor: CurrentActor,
        consultation_meetings: ConsultationMeetings,
        consultation_id: FromPath[int],
        data: JSONBody[JudgmentCreate],
    ) -> ConsultationRead:
        return await service.record_judgment(
            actor=actor, consultation_id=consultation_id, data=data, meetings_of=consultation_meetings
        )
