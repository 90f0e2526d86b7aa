"""What the SSCT services share: who works on missions, where missions are kept, input checks, the audit row."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from pydantic import BaseModel

from dialogue.audit import service as audit
from dialogue.bodies.access import BodyAccess, body_access
from dialogue.bodies.schemas import TITULAR_ROLES
from dialogue.core.actor import Actor
from dialogue.core.clock import local_today
from dialogue.core.errors import InvalidInput, NotFound
from dialogue.ssct.rules import MISSION_BODY_KINDS
from dialogue.ssct.tables import SsctMission

today = local_today  #: the SSCT services' local date (moved in tests by the frozen clock)


def field_error(detail: str, field: str) -> InvalidInput:
    return InvalidInput(detail, errors=[{"field": field, "message": detail}])


def not_future(day: date, *, field: str, today: date) -> date:
    if day > today:
        raise field_error("Cette date ne peut être future.", field)
    return day


def loads(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def works_on_missions(access: BodyAccess) -> bool:
    """The élus carry out the missions (L2312-13); the president and the secretary organise them."""
    return access.is_president or access.is_secretary or access.role in TITULAR_ROLES


def speaks_for_employer(access: BodyAccess) -> bool:
    return access.is_president or access.is_direction


def require_work(access: BodyAccess) -> BodyAccess:
    return access.require(
        works_on_missions(access), "Seuls le président, le secrétaire et les élus titulaires conduisent les missions."
    )


def check_mission_body(access: BodyAccess) -> None:
    if access.kind not in MISSION_BODY_KINDS:
        raise field_error(
            "Les missions SSCT relèvent d'un CSE ou de sa CSSCT (L2312-13, L2315-38), pas de cette instance.",
            "body_id",
        )


async def mission_context(*, actor: Actor, mission_id: int) -> tuple[dict[str, Any], BodyAccess]:
    row = await SsctMission.select().where(SsctMission.id == mission_id).first()
    if row is None:
        raise NotFound("Mission introuvable.")
    access = await body_access(actor=actor, body_id=row["body"])  # NotFound for another organisation
    return row, access


async def audit_created(*, actor: Actor, access: BodyAccess, entity: str, entity_id: int, data: BaseModel) -> None:
    """The audit row of a creation, with what was submitted."""
    await audit.record(
        actor=actor,
        organization_id=access.organization_id,
        action="create",
        entity=entity,
        entity_id=entity_id,
        after=data.model_dump(mode="json"),
    )
