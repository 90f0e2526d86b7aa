"""Follow-up actions decided in meetings, listed per body."""

from __future__ import annotations

from datetime import date
from typing import Any

from dialogue.audit import service as audit
from dialogue.bodies.access import body_access
from dialogue.bodies.tables import Member
from dialogue.core.actor import Actor
from dialogue.core.clock import PARIS, as_date
from dialogue.core.db import transaction
from dialogue.core.errors import InvalidInput, NotFound
from dialogue.core.events import emit
from dialogue.meetings.events import ActionCreated
from dialogue.meetings.schemas import ActionCreate, ActionRead, ActionUpdate
from dialogue.meetings.service.common import now, require_runs_meetings, today_in
from dialogue.meetings.tables import Action, AgendaItem, Meeting

CLOSED = frozenset({"done", "cancelled"})


def _read(row: dict[str, Any], today: date) -> ActionRead:
    due = as_date(row["due_on"])
    return ActionRead(
        id=row["id"],
        body_id=row["body"],
        meeting_id=row["meeting"],
        agenda_item_id=row["agenda_item"],
        title=row["title"],
        description=row["description"],
        owner_member_id=row["owner_member"],
        owner_name=row["owner_name"],
        due_on=due,
        status=row["status"],
        overdue=due is not None and row["status"] not in CLOSED and today > due,
        done_on=as_date(row["done_on"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


async def _owner_name(*, body_id: int, member_id: int) -> str:
    row = await Member.select(Member.user.full_name).where((Member.id == member_id) & (Member.body == body_id)).first()
    if row is None:
        raise InvalidInput(
            "Le porteur de l'action doit être membre de l'instance.",
            errors=[{"field": "owner_member_id", "message": "n'est pas membre de l'instance"}],
        )
    return str(row["user.full_name"])


async def create_action(*, actor: Actor, body_id: int, data: ActionCreate) -> ActionRead:
    async with transaction():
        access = await body_access(actor=actor, body_id=body_id)
        require_runs_meetings(access)
        if data.owner_member_id is None and data.owner_name is None:
            raise InvalidInput(
                "Indiquez qui porte l'action.",
                errors=[{"field": "owner_name", "message": "owner_member_id ou owner_name obligatoire"}],
            )
        owner = data.owner_name
        if data.owner_member_id is not None:
            owner = owner or await _owner_name(body_id=body_id, member_id=data.owner_member_id)
            await _owner_name(body_id=body_id, member_id=data.owner_member_id)
        meeting_id = data.meeting_id
        if data.agenda_item_id is not None:
            item = (
                await AgendaItem.select(AgendaItem.meeting, AgendaItem.meeting.body)
                .where(AgendaItem.id == data.agenda_item_id)
                .first()
            )
            if item is None or item["meeting.body"] != body_id or (meeting_id and item["meeting"] != meeting_id):
                raise InvalidInput(
                    "Ce point n'appartient pas à une réunion de l'instance.",
                    errors=[{"field": "agenda_item_id", "message": "point inconnu dans l'instance"}],
                )
            meeting_id = item["meeting"]
        if meeting_id is not None and not await Meeting.exists().where(
            (Meeting.id == meeting_id) & (Meeting.body == body_id)
        ):
            raise InvalidInput(
                "Cette réunion n'est pas une réunion de l'instance.",
                errors=[{"field": "meeting_id", "message": "réunion inconnue dans l'instance"}],
            )
        moment = now()
        inserted = await Action.insert(
            Action(
                body=body_id,
                meeting=meeting_id,
                agenda_item=data.agenda_item_id,
                title=data.title,
                description=data.description,
                owner_member=data.owner_member_id,
                owner_name=owner,
                due_on=data.due_on,
                status="open",
                created_by=actor.user_id,
                created_at=moment,
                updated_at=moment,
            )
        ).returning(Action.id)
        action_id = int(inserted[0]["id"])
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="create",
            entity="action",
            entity_id=action_id,
            after=data.model_dump(mode="json"),
        )
        await emit(
            ActionCreated(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                action_id=action_id,
                body_id=body_id,
                meeting_id=meeting_id,
            )
        )
        return await _get(action_id)


async def _get(action_id: int) -> ActionRead:
    row = await Action.select().where(Action.id == action_id).first()
    if row is None:
        raise NotFound("Action introuvable.")
    return _read(row, today_in(PARIS))


async def list_actions(
    *,
    actor: Actor,
    body_id: int,
    limit: int,
    offset: int,
    status: str | None = None,
    overdue: bool | None = None,
    meeting_id: int | None = None,
) -> tuple[list[ActionRead], int]:
    (await body_access(actor=actor, body_id=body_id)).require_read()
    where: Any = Action.body == body_id
    if status:
        where &= Action.status == status
    if meeting_id is not None:
        where &= Action.meeting == meeting_id
    rows = await Action.select().where(where).order_by(Action.due_on).order_by(Action.id)
    reads = [_read(r, today_in(PARIS)) for r in rows]
    if overdue is not None:
        reads = [r for r in reads if r.overdue is overdue]
    return reads[offset : offset + limit], len(reads)


async def get_action(*, actor: Actor, action_id: int) -> ActionRead:
    row = await Action.select(Action.body).where(Action.id == action_id).first()
    if row is None:
        raise NotFound("Action introuvable.")
    (await body_access(actor=actor, body_id=row["body"])).require_read()
    return await _get(action_id)


async def update_action(*, actor: Actor, action_id: int, data: ActionUpdate) -> ActionRead:
    async with transaction():
        row = await Action.select().where(Action.id == action_id).first()
        if row is None:
            raise NotFound("Action introuvable.")
        access = await body_access(actor=actor, body_id=row["body"])
        require_runs_meetings(access)
        changes = {k: (v.value if hasattr(v, "value") else v) for k, v in data.model_dump(exclude_unset=True).items()}
        for required in ("title", "status", "owner_name"):
            if required in changes and changes[required] is None:
                raise InvalidInput("Valeur obligatoire.", errors=[{"field": required, "message": "ne peut être vide"}])
        update: dict[Any, Any] = {}
        if "owner_member_id" in changes:
            member_id = changes.pop("owner_member_id")
            update[Action.owner_member] = member_id
            if member_id is not None and "owner_name" not in changes:
                changes["owner_name"] = await _owner_name(body_id=row["body"], member_id=member_id)
            elif member_id is not None:
                await _owner_name(body_id=row["body"], member_id=member_id)
        update.update({getattr(Action, k): v for k, v in changes.items()})
        if "status" in changes:
            update[Action.done_on] = today_in(PARIS) if changes["status"] == "done" else None
        if update:
            update[Action.updated_at] = now()
            await Action.update(update).where(Action.id == action_id)
            await audit.record(
                actor=actor,
                organization_id=access.organization_id,
                action="update",
                entity="action",
                entity_id=action_id,
                before={k: row.get(k) for k in changes},
                after=data.model_dump(mode="json", exclude_unset=True),
            )
        return await _get(action_id)
