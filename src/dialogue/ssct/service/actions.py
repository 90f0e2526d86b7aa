"""Follow-up actions of SSCT missions: proposed, answered by the employer, done, and reminded when due."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from piccolo.querystring import QueryString

from dialogue.audit import service as audit
from dialogue.bodies.access import BodyAccess, body_access
from dialogue.core.actor import Actor
from dialogue.core.clock import as_date, utcnow
from dialogue.core.db import get_engine, transaction
from dialogue.core.errors import InvalidState, NotFound
from dialogue.core.events import emit
from dialogue.ssct.events import ActionAnswered, ActionCreated, ActionDue
from dialogue.ssct.rules import MissionStatus, SsctActionStatus, action_is_overdue, action_needs_reminder
from dialogue.ssct.schemas import ActionAnswer, ActionCreate, ActionRead, ActionUpdate
from dialogue.ssct.service import common
from dialogue.ssct.service.common import (
    audit_created,
    field_error,
    mission_context,
    not_future,
    speaks_for_employer,
    works_on_missions,
)
from dialogue.ssct.tables import SsctAction

_DUE_ACTIONS_SQL = """
SELECT a.id, a.mission, a.owner, a.status, a.due_on, a.reminded_on, m.body, b.organization
FROM ssct_action a JOIN ssct_mission m ON m.id = a.mission JOIN body b ON b.id = m.body
WHERE a.status IN ('open', 'in_progress') AND a.due_on IS NOT NULL AND a.due_on <= {}
ORDER BY a.due_on, a.id
"""


def _action_read(row: dict[str, Any], *, body_id: int, today: date) -> ActionRead:
    status = SsctActionStatus(row["status"])
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
        row, access = await mission_context(actor=actor, mission_id=mission_id)
        access.require(
            works_on_missions(access) or speaks_for_employer(access),
            "Seuls la direction, le secrétaire et les élus titulaires proposent des actions.",
        )
        if row["status"] == MissionStatus.CLOSED:
            raise InvalidState("La mission est close : ouvrez une nouvelle mission.", code="mission_closed")
        action = SsctAction(
            mission=mission_id,
            description=data.description,
            owner=data.owner,
            due_on=data.due_on,
            status=SsctActionStatus.OPEN.value,
            created_by=actor.user_id,
            created_at=utcnow(),
        )
        await action.save()
        await audit_created(actor=actor, access=access, entity="ssct_action", entity_id=action.id, data=data)
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
    return _action_read(created, body_id=body_id, today=common.today())


async def list_actions(*, actor: Actor, mission_id: int) -> list[ActionRead]:
    row, access = await mission_context(actor=actor, mission_id=mission_id)
    access.require_read()
    rows = await SsctAction.select().where(SsctAction.mission == mission_id).order_by(SsctAction.id)
    today = common.today()
    return [_action_read(r, body_id=row["body"], today=today) for r in rows]


async def list_body_actions(
    *, actor: Actor, body_id: int, status: SsctActionStatus | None = None, overdue: bool | None = None
) -> list[ActionRead]:
    """Every follow-up action of the body's missions: the director's and the secretary's to-do list."""
    (await body_access(actor=actor, body_id=body_id)).require_read()
    where: Any = SsctAction.mission.body == body_id
    if status is not None:
        where &= SsctAction.status == status.value
    rows = await SsctAction.select().where(where).order_by(SsctAction.due_on).order_by(SsctAction.id)
    today = common.today()
    items = [_action_read(r, body_id=body_id, today=today) for r in rows]
    return [a for a in items if overdue is None or a.overdue is overdue]


async def _action_context(*, actor: Actor, action_id: int) -> tuple[dict[str, Any], dict[str, Any], BodyAccess]:
    action = await SsctAction.select().where(SsctAction.id == action_id).first()
    if action is None:
        raise NotFound("Action introuvable.")
    mission, access = await mission_context(actor=actor, mission_id=action["mission"])
    return action, mission, access


async def update_action(*, actor: Actor, action_id: int, data: ActionUpdate) -> ActionRead:
    async with transaction():
        action, mission, access = await _action_context(actor=actor, action_id=action_id)
        access.require(
            works_on_missions(access) or speaks_for_employer(access),
            "Seuls la direction, le secrétaire et les élus titulaires suivent les actions.",
        )
        changes = data.model_dump(exclude_unset=True)
        for required in ("description", "owner", "status"):
            if required in changes and changes[required] is None:
                raise field_error("Valeur obligatoire.", required)
        values: dict[Any, Any] = {getattr(SsctAction, k): v for k, v in changes.items()}
        if "status" in changes:
            values[SsctAction.status] = changes["status"].value
            values[SsctAction.done_on] = common.today() if changes["status"] is SsctActionStatus.DONE else None
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
        access.require(speaks_for_employer(access), "Seule la direction répond au nom de l'employeur.")
        today = common.today()
        day = not_future(data.answered_on or today, field="answered_on", today=today)
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
            status, due_on, reminded = (
                SsctActionStatus(row["status"]),
                as_date(row["due_on"]),
                as_date(row["reminded_on"]),
            )
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
