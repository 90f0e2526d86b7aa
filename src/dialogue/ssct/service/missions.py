"""SSCT missions (L2312-13): inspections, inquiries, analyses; their lifecycle planned → in progress →
reported → closed, and the report they need."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from piccolo.querystring import QueryString

from dialogue.audit import service as audit
from dialogue.bodies.access import body_access
from dialogue.core.actor import Actor
from dialogue.core.clock import utcnow
from dialogue.core.db import get_engine, lock_row, transaction
from dialogue.core.errors import InvalidState
from dialogue.core.events import emit
from dialogue.ssct.events import MissionPlanned, MissionReported, MissionStatusChanged
from dialogue.ssct.rules import (
    IllegalMissionTransition,
    MissionKind,
    MissionStatus,
    SsctActionStatus,
    action_is_overdue,
    action_is_pending,
    check_mission_transition,
)
from dialogue.ssct.schemas import (
    KIND_LABELS,
    STATUS_LABELS,
    MissionCreate,
    MissionRead,
    MissionStatusChange,
    MissionUpdate,
    Participant,
)
from dialogue.ssct.service import common
from dialogue.ssct.service.common import (
    audit_created,
    check_mission_body,
    field_error,
    loads,
    mission_context,
    not_future,
    require_work,
)
from dialogue.ssct.tables import SeriousAccident, SsctAction, SsctMission

_MEMBERS_SQL = "SELECT id FROM member WHERE body = {}"


async def _action_counts(mission_ids: list[int], *, today: date) -> dict[int, tuple[int, int]]:
    rows = await SsctAction.select(SsctAction.mission, SsctAction.status, SsctAction.due_on).where(
        SsctAction.mission.is_in(mission_ids or [-1])
    )
    counts: dict[int, tuple[int, int]] = {}
    for row in rows:
        status = SsctActionStatus(row["status"])
        pending = action_is_pending(status)
        late = action_is_overdue(status=status, due_on=row["due_on"], today=today)
        opened, overdue = counts.get(row["mission"], (0, 0))
        counts[row["mission"]] = (opened + int(pending), overdue + int(late))
    return counts


def _mission_read(row: dict[str, Any], counts: dict[int, tuple[int, int]]) -> MissionRead:
    opened, overdue = counts.get(row["id"], (0, 0))
    return MissionRead(
        id=row["id"],
        body_id=row["body"],
        kind=row["kind"],
        kind_label=KIND_LABELS[row["kind"]],
        title=row["title"],
        status=row["status"],
        status_label=STATUS_LABELS[row["status"]],
        planned_on=row["planned_on"],
        place=row["place"],
        participants=loads(row["participants"]) or [],
        description=row["description"],
        findings=row["findings"],
        recommendations=row["recommendations"],
        started_on=row["started_on"],
        reported_on=row["reported_on"],
        closed_on=row["closed_on"],
        accident_id=row["accident"],
        dgi_entry_id=row["dgi_entry_id"],
        meeting_id=row["meeting_id"],
        actions_open=opened,
        actions_overdue=overdue,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


async def _fresh_mission(mission_id: int) -> MissionRead:
    row = await SsctMission.select().where(SsctMission.id == mission_id).first()
    assert row is not None
    return _mission_read(row, await _action_counts([mission_id], today=common.today()))


async def _check_participants(body_id: int, participants: list[Participant]) -> list[dict[str, Any]]:
    members = {r["id"] for r in await get_engine().run_querystring(_members_query(body_id))}
    for i, participant in enumerate(participants):
        if participant.member_id is not None and participant.member_id not in members:
            raise field_error("Ce membre n'appartient pas à l'instance.", f"participants[{i}].member_id")
    return [p.model_dump() for p in participants]


def _members_query(body_id: int) -> QueryString:
    return QueryString(_MEMBERS_SQL, body_id)


async def _check_accident(*, body_id: int, kind: MissionKind, accident_id: int | None) -> None:
    if accident_id is None:
        return
    if kind is not MissionKind.ACCIDENT_INQUIRY:
        raise field_error("Seule une enquête après accident se rattache à un accident.", "accident_id")
    row = await SeriousAccident.select(SeriousAccident.body).where(SeriousAccident.id == accident_id).first()
    if row is None or row["body"] != body_id:
        raise field_error("Accident introuvable dans cette instance.", "accident_id")


def _default_title(kind: MissionKind, place: str) -> str:
    return f"{KIND_LABELS[kind.value]} — {place}"[:200] if place else KIND_LABELS[kind.value]


async def create_mission(*, actor: Actor, body_id: int, data: MissionCreate) -> MissionRead:
    async with transaction():
        access = require_work(await body_access(actor=actor, body_id=body_id))
        check_mission_body(access)
        await _check_accident(body_id=body_id, kind=data.kind, accident_id=data.accident_id)
        participants = await _check_participants(body_id, data.participants)
        now = utcnow()
        row = SsctMission(
            body=body_id,
            kind=data.kind.value,
            title=data.title or _default_title(data.kind, data.place),
            status=MissionStatus.PLANNED.value,
            planned_on=data.planned_on,
            place=data.place,
            participants=json.dumps(participants, ensure_ascii=False),
            description=data.description,
            accident=data.accident_id,
            dgi_entry_id=data.dgi_entry_id,
            meeting_id=data.meeting_id,
            created_by=actor.user_id,
            created_at=now,
            updated_at=now,
        )
        await row.save()
        await audit_created(actor=actor, access=access, entity="ssct_mission", entity_id=row.id, data=data)
        await emit(
            MissionPlanned(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                mission_id=row.id,
                body_id=body_id,
                kind=data.kind.value,
                title=row.title,
                planned_on=data.planned_on,
            )
        )
        return await _fresh_mission(row.id)


async def list_missions(
    *,
    actor: Actor,
    body_id: int,
    limit: int,
    offset: int,
    kind: MissionKind | None = None,
    status: MissionStatus | None = None,
    year: int | None = None,
) -> tuple[list[MissionRead], int]:
    (await body_access(actor=actor, body_id=body_id)).require_read()
    where: Any = SsctMission.body == body_id
    if kind is not None:
        where &= SsctMission.kind == kind.value
    if status is not None:
        where &= SsctMission.status == status.value
    if year is not None:
        where &= (SsctMission.planned_on >= date(year, 1, 1)) & (SsctMission.planned_on <= date(year, 12, 31))
    rows = (
        await SsctMission.select()
        .where(where)
        .order_by(SsctMission.planned_on, ascending=False)
        .order_by(SsctMission.id, ascending=False)
        .limit(limit)
        .offset(offset)
    )
    counts = await _action_counts([r["id"] for r in rows], today=common.today())
    return [_mission_read(r, counts) for r in rows], await SsctMission.count().where(where)


async def get_mission(*, actor: Actor, mission_id: int) -> MissionRead:
    _, access = await mission_context(actor=actor, mission_id=mission_id)
    access.require_read()
    return await _fresh_mission(mission_id)


async def update_mission(*, actor: Actor, mission_id: int, data: MissionUpdate) -> MissionRead:
    async with transaction():
        row, access = await mission_context(actor=actor, mission_id=mission_id)
        require_work(access)
        await lock_row(SsctMission, mission_id)
        status = MissionStatus(row["status"])
        if status is MissionStatus.CLOSED:
            raise InvalidState("Une mission close ne se modifie plus.", code="mission_closed")
        changes = data.model_dump(exclude_unset=True)
        for required in ("title", "planned_on", "place", "description", "findings", "recommendations"):
            if required in changes and changes[required] is None:
                raise field_error("Valeur obligatoire.", required)
        if status is MissionStatus.REPORTED and "findings" in changes and not (changes["findings"] or "").strip():
            raise InvalidState(
                "Le rapport d'une mission rendue ne peut être effacé (L2312-13).", code="report_required"
            )
        if "accident_id" in changes:
            await _check_accident(
                body_id=row["body"], kind=MissionKind(row["kind"]), accident_id=changes["accident_id"]
            )
        values: dict[Any, Any] = {SsctMission.updated_at: utcnow()}
        for key, value in changes.items():
            if key == "participants":
                participants = await _check_participants(row["body"], data.participants or [])
                values[SsctMission.participants] = json.dumps(participants, ensure_ascii=False)
            elif key == "accident_id":
                values[SsctMission.accident] = value
            else:
                values[getattr(SsctMission, key)] = value
        await SsctMission.update(values).where(SsctMission.id == mission_id)
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="update",
            entity="ssct_mission",
            entity_id=mission_id,
            before={k: row["accident" if k == "accident_id" else k] for k in changes if k != "participants"},
            after=data.model_dump(mode="json", exclude_unset=True),
        )
        return await _fresh_mission(mission_id)


async def change_mission_status(*, actor: Actor, mission_id: int, data: MissionStatusChange) -> MissionRead:
    """planned → in_progress → reported → closed; reporting and closing need the report (findings)."""
    async with transaction():
        row, access = await mission_context(actor=actor, mission_id=mission_id)
        require_work(access)
        await lock_row(SsctMission, mission_id)
        current, target = MissionStatus(row["status"]), data.status
        try:
            check_mission_transition(current=current, target=target, has_report=bool(row["findings"].strip()))
        except IllegalMissionTransition as exc:
            raise InvalidState(
                str(exc), code="report_required" if exc.missing_report else "illegal_transition"
            ) from exc
        today = common.today()
        day = not_future(data.on or today, field="on", today=today)
        column = {
            MissionStatus.IN_PROGRESS: SsctMission.started_on,
            MissionStatus.REPORTED: SsctMission.reported_on,
            MissionStatus.CLOSED: SsctMission.closed_on,
        }[target]
        previous_day = {
            MissionStatus.IN_PROGRESS: None,
            MissionStatus.REPORTED: row["started_on"],
            MissionStatus.CLOSED: row["reported_on"],
        }[target]
        if previous_day is not None and day < previous_day:
            raise field_error("Cette date précède l'étape précédente de la mission.", "on")
        await SsctMission.update(
            {SsctMission.status: target.value, column: day, SsctMission.updated_at: utcnow()}
        ).where(SsctMission.id == mission_id)
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="status",
            entity="ssct_mission",
            entity_id=mission_id,
            before={"status": current.value},
            after={"status": target.value, "on": day.isoformat()},
        )
        event: dict[str, Any] = {
            "organization_id": access.organization_id,
            "actor_user_id": actor.user_id,
            "mission_id": mission_id,
            "body_id": row["body"],
            "kind": row["kind"],
            "title": row["title"],
        }
        await emit(MissionStatusChanged(**event, previous=current.value, status=target.value, on=day))
        if target is MissionStatus.REPORTED:
            await emit(MissionReported(**event, reported_on=day))
        return await _fresh_mission(mission_id)
