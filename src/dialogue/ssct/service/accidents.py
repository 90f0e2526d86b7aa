"""Serious accidents and occupational diseases, which call for an inquiry (L2312-13, L2314-3)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from dialogue.bodies.access import body_access
from dialogue.core.actor import Actor
from dialogue.core.clock import utcnow
from dialogue.core.db import transaction
from dialogue.core.events import emit
from dialogue.ssct.events import SeriousAccidentRecorded
from dialogue.ssct.rules import AccidentKind, MissionStatus, inspector_and_carsat_invited
from dialogue.ssct.schemas import AccidentCreate, AccidentRead
from dialogue.ssct.service import common
from dialogue.ssct.service.common import (
    audit_created,
    check_mission_body,
    not_future,
    speaks_for_employer,
    works_on_missions,
)
from dialogue.ssct.tables import SeriousAccident, SsctMission


@dataclass(frozen=True, slots=True)
class Inquiry:
    """A mission of inquiry opened on an accident (L2312-13): done once reported or closed."""

    mission_id: int
    accident_id: int
    status: MissionStatus


def accident_read(row: dict[str, Any], inquiries: Sequence[Inquiry]) -> AccidentRead:
    mine = [m for m in inquiries if m.accident_id == row["id"]]
    kind = AccidentKind(row["kind"])
    return AccidentRead(
        id=row["id"],
        body_id=row["body"],
        occurred_on=row["occurred_on"],
        kind=kind,
        description=row["description"],
        place=row["place"],
        lost_days=row["lost_days"],
        inspector_and_carsat_invited=inspector_and_carsat_invited(lost_days=row["lost_days"], kind=kind),
        inquiry_mission_ids=[m.mission_id for m in mine],
        inquiry_done=any(m.status in {MissionStatus.REPORTED, MissionStatus.CLOSED} for m in mine),
        created_at=row["created_at"],
    )


async def accident_inquiries(body_id: int) -> list[Inquiry]:
    """The body's missions of inquiry on an accident, for `accident_read`."""
    rows = await SsctMission.select(SsctMission.id, SsctMission.accident, SsctMission.status).where(
        (SsctMission.body == body_id) & SsctMission.accident.is_not_null()
    )
    return [Inquiry(mission_id=r["id"], accident_id=r["accident"], status=MissionStatus(r["status"])) for r in rows]


async def record_accident(*, actor: Actor, body_id: int, data: AccidentCreate) -> AccidentRead:
    """A serious accident or occupational disease, which calls for an inquiry (L2312-13)."""
    async with transaction():
        access = await body_access(actor=actor, body_id=body_id)
        access.require(
            works_on_missions(access) or speaks_for_employer(access),
            "Seuls la direction, le secrétaire et les élus titulaires enregistrent un accident.",
        )
        check_mission_body(access)
        not_future(data.occurred_on, field="occurred_on", today=common.today())
        row = SeriousAccident(
            body=body_id,
            occurred_on=data.occurred_on,
            kind=data.kind.value,
            description=data.description,
            place=data.place,
            lost_days=data.lost_days,
            created_by=actor.user_id,
            created_at=utcnow(),
        )
        await row.save()
        await audit_created(actor=actor, access=access, entity="serious_accident", entity_id=row.id, data=data)
        invited = inspector_and_carsat_invited(lost_days=data.lost_days, kind=data.kind)
        await emit(
            SeriousAccidentRecorded(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                accident_id=row.id,
                body_id=body_id,
                occurred_on=data.occurred_on,
                inspector_and_carsat_invited=invited,
            )
        )
        created = await SeriousAccident.select().where(SeriousAccident.id == row.id).first()
        assert created is not None
        return accident_read(created, [])


async def list_accidents(*, actor: Actor, body_id: int, year: int | None = None) -> list[AccidentRead]:
    (await body_access(actor=actor, body_id=body_id)).require_read()
    where: Any = SeriousAccident.body == body_id
    if year is not None:
        where &= (SeriousAccident.occurred_on >= date(year, 1, 1)) & (SeriousAccident.occurred_on <= date(year, 12, 31))
    rows = await SeriousAccident.select().where(where).order_by(SeriousAccident.occurred_on, ascending=False)
    inquiries = await accident_inquiries(body_id)
    return [accident_read(r, inquiries) for r in rows]
