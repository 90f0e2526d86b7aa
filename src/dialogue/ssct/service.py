"""SSCT missions of a CSE or CSSCT (L2312-13), their follow-up actions, serious accidents and the yearly
obligations (R2312-4 inspections, L2312-13 inquiries, R4121-2 DUERP)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from piccolo.querystring import QueryString

from dialogue.audit import service as audit
from dialogue.bodies.access import BodyAccess, body_access
from dialogue.bodies.regime import regime_of_body
from dialogue.bodies.schemas import TITULAR_ROLES
from dialogue.core.actor import Actor
from dialogue.core.clock import as_date, local_today, utcnow
from dialogue.core.db import get_engine, lock_row, transaction
from dialogue.core.errors import InvalidInput, InvalidState, NotFound
from dialogue.core.events import emit
from dialogue.ssct.events import (
    ActionAnswered,
    ActionCreated,
    ActionDue,
    MissionPlanned,
    MissionReported,
    MissionStatusChanged,
    SeriousAccidentRecorded,
)
from dialogue.ssct.rules import (
    MISSION_BODY_KINDS,
    AccidentKind,
    ActionStatus,
    IllegalMissionTransition,
    MissionKind,
    MissionRecord,
    MissionStatus,
    action_is_overdue,
    action_needs_reminder,
    check_mission_transition,
    inspector_and_carsat_invited,
    yearly_obligations,
)
from dialogue.ssct.rules import SeriousAccident as AccidentRecord
from dialogue.ssct.schemas import (
    KIND_LABELS,
    STATUS_LABELS,
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
    ObligationRead,
    ObligationsRead,
    Participant,
)
from dialogue.ssct.tables import SeriousAccident, SsctAction, SsctMission

_MEMBERS_SQL = "SELECT id FROM member WHERE body = {}"
_DUE_ACTIONS_SQL = """
SELECT a.id, a.mission, a.owner, a.status, a.due_on, a.reminded_on, m.body, b.organization
FROM ssct_action a JOIN ssct_mission m ON m.id = a.mission JOIN body b ON b.id = m.body
WHERE a.status IN ('open', 'in_progress') AND a.due_on IS NOT NULL AND a.due_on <= {}
ORDER BY a.due_on, a.id
"""


def _field_error(detail: str, field: str) -> InvalidInput:
    return InvalidInput(detail, errors=[{"field": field, "message": detail}])


def _not_future(day: date, *, field: str, today: date) -> date:
    if day > today:
        raise _field_error("Cette date ne peut être future.", field)
    return day


def _loads(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _works_on_missions(access: BodyAccess) -> bool:
    """The élus carry out the missions (L2312-13); the president and the secretary organise them."""
    return access.is_president or access.is_secretary or access.role in TITULAR_ROLES


def _speaks_for_employer(access: BodyAccess) -> bool:
    return access.is_president or access.is_direction


def _require_work(access: BodyAccess) -> BodyAccess:
    return access.require(
        _works_on_missions(access), "Seuls le président, le secrétaire et les élus titulaires conduisent les missions."
    )


# ------------------------------------------------------------------------------------ accidents


def _accident_read(row: dict[str, Any], inquiries: list[dict[str, Any]]) -> AccidentRead:
    mine = [m for m in inquiries if m["accident"] == row["id"]]
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
        inquiry_mission_ids=[m["id"] for m in mine],
        inquiry_done=any(m["status"] in {MissionStatus.REPORTED, MissionStatus.CLOSED} for m in mine),
        created_at=row["created_at"],
    )


async def _inquiries(body_id: int) -> list[dict[str, Any]]:
    return await SsctMission.select(SsctMission.id, SsctMission.accident, SsctMission.status).where(
        (SsctMission.body == body_id) & SsctMission.accident.is_not_null()
    )


async def record_accident(*, actor: Actor, body_id: int, data: AccidentCreate) -> AccidentRead:
    """A serious accident or occupational disease, which calls for an inquiry (L2312-13)."""
    async with transaction():
        access = await body_access(actor=actor, body_id=body_id)
        access.require(
            _works_on_missions(access) or _speaks_for_employer(access),
            "Seuls la direction, le secrétaire et les élus titulaires enregistrent un accident.",
        )
        _check_mission_body(access)
        _not_future(data.occurred_on, field="occurred_on", today=local_today())
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
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="create",
            entity="serious_accident",
            entity_id=row.id,
            after=data.model_dump(mode="json"),
        )
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
        return _accident_read(created, [])


async def list_accidents(*, actor: Actor, body_id: int, year: int | None = None) -> list[AccidentRead]:
    (await body_access(actor=actor, body_id=body_id)).require_read()
    where: Any = SeriousAccident.body == body_id
    if year is not None:
        where &= (SeriousAccident.occurred_on >= date(year, 1, 1)) & (SeriousAccident.occurred_on <= date(year, 12, 31))
    rows = await SeriousAccident.select().where(where).order_by(SeriousAccident.occurred_on, ascending=False)
    inquiries = await _inquiries(body_id)
    return [_accident_read(r, inquiries) for r in rows]


# ------------------------------------------------------------------------------------ missions


def _check_mission_body(access: BodyAccess) -> None:
    if access.kind not in MISSION_BODY_KINDS:
        raise _field_error(
            "Les missions SSCT relèvent d'un CSE ou de sa CSSCT (L2312-13, L2315-38), pas de cette instance.",
            "body_id",
        )


async def _action_counts(mission_ids: list[int], *, today: date) -> dict[int, tuple[int, int]]:
    rows = await SsctAction.select(SsctAction.mission, SsctAction.status, SsctAction.due_on).where(
        SsctAction.mission.is_in(mission_ids or [-1])
    )
    counts: dict[int, tuple[int, int]] = {}
    for row in rows:
        status = ActionStatus(row["status"])
        pending = status in {ActionStatus.OPEN, ActionStatus.IN_PROGRESS}
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
        participants=_loads(row["participants"]) or [],
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
    return _mission_read(row, await _action_counts([mission_id], today=local_today()))


async def _check_participants(body_id: int, participants: list[Participant]) -> list[dict[str, Any]]:
    members = {r["id"] for r in await get_engine().run_querystring(_members_query(body_id))}
    for i, participant in enumerate(participants):
        if participant.member_id is not None and participant.member_id not in members:
            raise _field_error("Ce membre n'appartient pas à l'instance.", f"participants[{i}].member_id")
    return [p.model_dump() for p in participants]


def _members_query(body_id: int) -> QueryString:
    return QueryString(_MEMBERS_SQL, body_id)


async def _check_accident(*, body_id: int, kind: MissionKind, accident_id: int | None) -> None:
    if accident_id is None:
        return
    if kind is not MissionKind.ACCIDENT_INQUIRY:
        raise _field_error("Seule une enquête après accident se rattache à un accident.", "accident_id")
    row = await SeriousAccident.select(SeriousAccident.body).where(SeriousAccident.id == accident_id).first()
    if row is None or row["body"] != body_id:
        raise _field_error("Accident introuvable dans cette instance.", "accident_id")


def _default_title(kind: MissionKind, place: str) -> str:
    return f"{KIND_LABELS[kind.value]} — {place}"[:200] if place else KIND_LABELS[kind.value]


async def create_mission(*, actor: Actor, body_id: int, data: MissionCreate) -> MissionRead:
    async with transaction():
        access = _require_work(await body_access(actor=actor, body_id=body_id))
        _check_mission_body(access)
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
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="create",
            entity="ssct_mission",
            entity_id=row.id,
            after=data.model_dump(mode="json"),
        )
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
    counts = await _action_counts([r["id"] for r in rows], today=local_today())
    return [_mission_read(r, counts) for r in rows], await SsctMission.count().where(where)


async def _mission_context(*, actor: Actor, mission_id: int) -> tuple[dict[str, Any], BodyAccess]:
    row = await SsctMission.select().where(SsctMission.id == mission_id).first()
    if row is None:
        raise NotFound("Mission introuvable.")
    access = await body_access(actor=actor, body_id=row["body"])  # NotFound for another organisation
    return row, access


async def get_mission(*, actor: Actor, mission_id: int) -> MissionRead:
    _, access = await _mission_context(actor=actor, mission_id=mission_id)
    access.require_read()
    return await _fresh_mission(mission_id)


async def update_mission(*, actor: Actor, mission_id: int, data: MissionUpdate) -> MissionRead:
    async with transaction():
        row, access = await _mission_context(actor=actor, mission_id=mission_id)
        _require_work(access)
        await lock_row(SsctMission, mission_id)
        status = MissionStatus(row["status"])
        if status is MissionStatus.CLOSED:
            raise InvalidState("Une mission close ne se modifie plus.", code="mission_closed")
        changes = data.model_dump(exclude_unset=True)
        for required in ("title", "planned_on", "place", "description", "findings", "recommendations"):
            if required in changes and changes[required] is None:
                raise _field_error("Valeur obligatoire.", required)
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
        row, access = await _mission_context(actor=actor, mission_id=mission_id)
        _require_work(access)
        await lock_row(SsctMission, mission_id)
        current, target = MissionStatus(row["status"]), data.status
        try:
            check_mission_transition(current=current, target=target, has_report=bool(row["findings"].strip()))
        except IllegalMissionTransition as exc:
            raise InvalidState(
                str(exc), code="report_required" if exc.missing_report else "illegal_transition"
            ) from exc
        today = local_today()
        day = _not_future(data.on or today, field="on", today=today)
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
            raise _field_error("Cette date précède l'étape précédente de la mission.", "on")
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
        common: dict[str, Any] = {
            "organization_id": access.organization_id,
            "actor_user_id": actor.user_id,
            "mission_id": mission_id,
            "body_id": row["body"],
            "kind": row["kind"],
            "title": row["title"],
        }
        await emit(MissionStatusChanged(**common, previous=current.value, status=target.value, on=day))
        if target is MissionStatus.REPORTED:
            await emit(MissionReported(**common, reported_on=day))
        return await _fresh_mission(mission_id)


# ------------------------------------------------------------------------------------ follow-up actions


def _action_read(row: dict[str, Any], *, body_id: int, today: date) -> ActionRead:
    status = ActionStatus(row["status"])
    return ActionRead(
        id=row["id"],
        mission_id=row["mission"],
        body_id=body_id,
        description=row["description"],
        owner=row["owner"],
        due_on=row["due_on"],
        status=status,
        overdue=action_is_overdue(status=status, due_on=row["due_on"], today=today),
        employer_answer=row["employer_answer"],
        answered_on=row["answered_on"],
        done_on=row["done_on"],
        created_at=row["created_at"],
    )


async def add_action(*, actor: Actor, mission_id: int, data: ActionCreate) -> ActionRead:
    async with transaction():
        row, access = await _mission_context(actor=actor, mission_id=mission_id)
        access.require(
            _works_on_missions(access) or _speaks_for_employer(access),
            "Seuls la direction, le secrétaire et les élus titulaires proposent des actions.",
        )
        if row["status"] == MissionStatus.CLOSED:
            raise InvalidState("La mission est close : ouvrez une nouvelle mission.", code="mission_closed")
        action = SsctAction(
            mission=mission_id,
            description=data.description,
            owner=data.owner,
            due_on=data.due_on,
            status=ActionStatus.OPEN.value,
            created_by=actor.user_id,
            created_at=utcnow(),
        )
        await action.save()
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="create",
            entity="ssct_action",
            entity_id=action.id,
            after=data.model_dump(mode="json"),
        )
        await emit(
            ActionCreated(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                action_id=action.id,
                mission_id=mission_id,
                body_id=row["body"],
                owner=data.owner,
                due_on=data.due_on,
            )
        )
        return await _fresh_action(action.id, body_id=row["body"])


async def _fresh_action(action_id: int, *, body_id: int) -> ActionRead:
    created = await SsctAction.select().where(SsctAction.id == action_id).first()
    assert created is not None
    return _action_read(created, body_id=body_id, today=local_today())


async def list_actions(*, actor: Actor, mission_id: int) -> list[ActionRead]:
    row, access = await _mission_context(actor=actor, mission_id=mission_id)
    access.require_read()
    rows = await SsctAction.select().where(SsctAction.mission == mission_id).order_by(SsctAction.id)
    today = local_today()
    return [_action_read(r, body_id=row["body"], today=today) for r in rows]


async def list_body_actions(
    *, actor: Actor, body_id: int, status: ActionStatus | None = None, overdue: bool | None = None
) -> list[ActionRead]:
    """Every follow-up action of the body's missions: the director's and the secretary's to-do list."""
    (await body_access(actor=actor, body_id=body_id)).require_read()
    where: Any = SsctAction.mission.body == body_id
    if status is not None:
        where &= SsctAction.status == status.value
    rows = await SsctAction.select().where(where).order_by(SsctAction.due_on).order_by(SsctAction.id)
    today = local_today()
    items = [_action_read(r, body_id=body_id, today=today) for r in rows]
    return [a for a in items if overdue is None or a.overdue is overdue]


async def _action_context(*, actor: Actor, action_id: int) -> tuple[dict[str, Any], dict[str, Any], BodyAccess]:
    action = await SsctAction.select().where(SsctAction.id == action_id).first()
    if action is None:
        raise NotFound("Action introuvable.")
    mission, access = await _mission_context(actor=actor, mission_id=action["mission"])
    return action, mission, access


async def update_action(*, actor: Actor, action_id: int, data: ActionUpdate) -> ActionRead:
    async with transaction():
        action, mission, access = await _action_context(actor=actor, action_id=action_id)
        access.require(
            _works_on_missions(access) or _speaks_for_employer(access),
            "Seuls la direction, le secrétaire et les élus titulaires suivent les actions.",
        )
        changes = data.model_dump(exclude_unset=True)
        for required in ("description", "owner", "status"):
            if required in changes and changes[required] is None:
                raise _field_error("Valeur obligatoire.", required)
        values: dict[Any, Any] = {getattr(SsctAction, k): v for k, v in changes.items()}
        if "status" in changes:
            values[SsctAction.status] = changes["status"].value
            values[SsctAction.done_on] = local_today() if changes["status"] is ActionStatus.DONE else None
        if values:
            await SsctAction.update(values).where(SsctAction.id == action_id)
            await audit.record(
                actor=actor,
                organization_id=access.organization_id,
                action="update",
                entity="ssct_action",
                entity_id=action_id,
                before={k: action[k] for k in changes},
                after=data.model_dump(mode="json", exclude_unset=True),
            )
        return await _fresh_action(action_id, body_id=mission["body"])


async def answer_action(*, actor: Actor, action_id: int, data: ActionAnswer) -> ActionRead:
    """The employer's reasoned answer to a recommendation (president or direction only)."""
    async with transaction():
        action, mission, access = await _action_context(actor=actor, action_id=action_id)
        access.require(_speaks_for_employer(access), "Seule la direction répond au nom de l'employeur.")
        today = local_today()
        day = _not_future(data.answered_on or today, field="answered_on", today=today)
        await SsctAction.update({SsctAction.employer_answer: data.answer, SsctAction.answered_on: day}).where(
            SsctAction.id == action_id
        )
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="answer",
            entity="ssct_action",
            entity_id=action_id,
            before={"employer_answer": action["employer_answer"]},
            after=data.model_dump(mode="json"),
        )
        await emit(
            ActionAnswered(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                action_id=action_id,
                mission_id=mission["id"],
                body_id=mission["body"],
                answered_on=day,
            )
        )
        return await _fresh_action(action_id, body_id=mission["body"])


async def remind_due_actions(*, today: date, within_days: int = 7) -> int:
    """Emit ActionDue for pending actions due within `within_days` (once), and once more when overdue."""
    count = 0
    async with transaction():
        horizon = today + timedelta(days=within_days)
        rows = await get_engine().run_querystring(QueryString(_DUE_ACTIONS_SQL, horizon))
        for row in rows:
            status, due_on, reminded = ActionStatus(row["status"]), as_date(row["due_on"]), as_date(row["reminded_on"])
            assert due_on is not None
            if not action_needs_reminder(status=status, due_on=due_on, today=today, within_days=within_days):
                continue
            overdue = action_is_overdue(status=status, due_on=due_on, today=today)
            if reminded is not None and not (overdue and reminded <= due_on):
                continue
            await SsctAction.update({SsctAction.reminded_on: today}).where(SsctAction.id == row["id"])
            await emit(
                ActionDue(
                    organization_id=row["organization"],
                    action_id=row["id"],
                    mission_id=row["mission"],
                    body_id=row["body"],
                    owner=row["owner"],
                    due_on=due_on,
                    overdue=overdue,
                )
            )
            count += 1
    return count


# ------------------------------------------------------------------------------------ obligations


async def obligations(*, actor: Actor, body_id: int, year: int | None = None) -> ObligationsRead:
    """Due, done and late for `year`: inspections (R2312-4), inquiries (L2312-13), DUERP update (R4121-2)."""
    access = (await body_access(actor=actor, body_id=body_id)).require_read()
    _check_mission_body(access)
    today = local_today()
    year = year or today.year
    regime = await regime_of_body(body_id, today=today)
    assert regime is not None  # body_access found the body
    missions = await SsctMission.select(
        SsctMission.kind, SsctMission.status, SsctMission.reported_on, SsctMission.accident
    ).where(SsctMission.body == body_id)
    accidents = await SeriousAccident.select().where(SeriousAccident.body == body_id)
    counts = yearly_obligations(
        year=year,
        regime=regime.attributions,
        missions=[
            MissionRecord(
                kind=MissionKind(m["kind"]),
                status=MissionStatus(m["status"]),
                reported_on=m["reported_on"],
                accident_id=m["accident"],
            )
            for m in missions
        ],
        serious_accidents=[AccidentRecord(id=a["id"], occurred_on=a["occurred_on"]) for a in accidents],
        today=today,
    )
    inquiries = await _inquiries(body_id)
    without = [
        read
        for a in accidents
        if a["occurred_on"].year == year and not (read := _accident_read(a, inquiries)).inquiry_done
    ]
    return ObligationsRead(
        body_id=body_id,
        year=year,
        headcount=regime.attributions.headcount,
        today=today,
        items=[
            ObligationRead(
                obligation=c.obligation,
                label=c.label,
                article=c.article,
                due=c.due,
                done=c.done,
                late=c.late,
                status=(
                    "not_applicable" if c.due == 0 else "done" if c.done >= c.due else "late" if c.late else "on_track"
                ),
            )
            for c in counts
        ],
        accidents_without_inquiry=without,
    )
