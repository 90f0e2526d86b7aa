"""HTTP endpoints of delegation hours (CONTRACT.md, Additions): the body's month, a member's declaration, the CSV."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.params import FromPath, JSONBody, QueryParameter

from dialogue.delegation import service
from dialogue.delegation.schemas import (
    BodyHoursRead,
    DelegationHoursCreate,
    DelegationProfileCreate,
    DelegationRecordRead,
    MemberHoursRead,
    MemberMonthRead,
)
from dialogue.web.deps import CurrentActor

MonthParam = Annotated[str | None, QueryParameter(name="month", description="Mois AAAA-MM ; défaut : le mois en cours")]
YearParam = Annotated[
    int | None, QueryParameter(name="year", ge=2000, le=2100, description="Année ; défaut : l'année en cours")
]


class DelegationHoursController(Controller):
    tags = ["heures de délégation"]

    @get("/bodies/{body_id:int}/delegation-hours", summary="Heures de délégation du mois, par membre")
    async def body_hours(self, actor: CurrentActor, body_id: FromPath[int], month: MonthParam = None) -> BodyHoursRead:
        return await service.body_hours(actor=actor, body_id=body_id, month=month)

    @get("/bodies/{body_id:int}/delegation-hours.csv", media_type="text/csv", summary="Export pour la paie")
    async def body_hours_csv(
        self, actor: CurrentActor, body_id: FromPath[int], year: YearParam = None
    ) -> Response[bytes]:
        content = await service.body_hours_csv(actor=actor, body_id=body_id, year=year)
        return Response(
            content=content.encode("utf-8"),
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="heures-delegation-{body_id}.csv"'},
        )

    @get("/members/{member_id:int}/delegation-hours", summary="Heures d'un membre : relevé du mois et historique")
    async def member_hours(
        self, actor: CurrentActor, member_id: FromPath[int], month: MonthParam = None
    ) -> MemberHoursRead:
        return await service.member_hours(actor=actor, member_id=member_id, month=month)

    @post(
        "/members/{member_id:int}/delegation-hours", summary="Déclarer une utilisation, une répartition, une correction"
    )
    async def declare(
        self, actor: CurrentActor, member_id: FromPath[int], data: JSONBody[DelegationHoursCreate]
    ) -> DelegationRecordRead:
        return await service.declare(actor=actor, member_id=member_id, data=data)

    @post(
        "/members/{member_id:int}/delegation-profile",
        summary="Crédit fixé par accord, forfait en jours",
        status_code=200,
    )
    async def set_profile(
        self, actor: CurrentActor, member_id: FromPath[int], data: JSONBody[DelegationProfileCreate]
    ) -> MemberMonthRead:
        return await service.set_profile(actor=actor, member_id=member_id, data=data)
