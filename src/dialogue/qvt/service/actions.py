"""Action proposals: the canvas (problem, proposal, success conditions, evaluation), created and edited."""

from __future__ import annotations

from typing import Any

from dialogue.audit import service as audit
from dialogue.bodies.access import BodyAccess
from dialogue.core.actor import Actor
from dialogue.core.clock import utcnow
from dialogue.core.db import lock_row, transaction
from dialogue.core.errors import Conflict, InvalidInput, InvalidState, NotFound, RuleViolation
from dialogue.core.events import emit
from dialogue.qvt import rules
from dialogue.qvt.events import ActionProposalCreated
from dialogue.qvt.schemas import (
    ActionProposalCreate,
    ActionProposalRead,
    ActionProposalUpdate,
    QvtActionStatus,
)
from dialogue.qvt.service.access import (
    check_establishment,
    check_priorities,
    check_users,
    check_working_group,
    people_by_id,
    require_contributor,
    set_links,
    steering_access,
    steering_row,
)
from dialogue.qvt.service.discussions import session_access
from dialogue.qvt.tables import (
    QvtActionPriority,
    QvtActionProposal,
    QvtDiscussionOutcome,
    QvtDiscussionSession,
)


async def action_read(action_id: int) -> ActionProposalRead:
    row = await QvtActionProposal.select().where(QvtActionProposal.id == action_id).output(load_json=True).first()
    if row is None:
        raise NotFound("Action introuvable.")
    priorities = await QvtActionPriority.select(QvtActionPriority.priority).where(QvtActionPriority.action == action_id)
    outcome = (
        await QvtDiscussionOutcome.select(QvtDiscussionOutcome.id)
        .where(QvtDiscussionOutcome.action == action_id)
        .first()
    )
    owner = (await people_by_id([row["owner"]])).get(row["owner"]) if row["owner"] else None
    return ActionProposalRead(
        id=row["id"],
        body_id=row["body"],
        title=row["title"],
        problem=row["problem"],
        proposal=row["proposal"],
        success_conditions=row["success_conditions"],
        calendar=row["calendar"],
        evaluation_criteria=row["evaluation_criteria"],
        evaluation_method=row["evaluation_method"],
        target_population=row["target_population"],
        complementary_actions=row["complementary_actions"],
        milestones=list(row["milestones"] or []),
        theme=row["theme"],
        establishment_id=row["establishment"],
        working_group_id=row["working_group"],
        owner=owner,
        priority_ids=sorted(r["priority"] for r in priorities),
        status=row["status"],
        status_label=rules.ACTION_STATUS_LABELS[row["status"]],
        changes_working_conditions=row["changes_working_conditions"],
        consultation_id=row["consultation_id"],
        decision_note=row["decision_note"],
        evaluation_summary=row["evaluation_summary"],
        evaluation_results=row["evaluation_results"],
        lessons_learned=row["lessons_learned"],
        criteria_met=row["criteria_met"],
        adopted_on=row["adopted_on"],
        started_on=row["started_on"],
        evaluated_on=row["evaluated_on"],
        source_outcome_id=outcome["id"] if outcome else None,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


async def list_action_proposals(
    *, actor: Actor, body_id: int, status: QvtActionStatus | None, limit: int, offset: int
) -> tuple[list[ActionProposalRead], int]:
    (await steering_access(actor=actor, body_id=body_id)).require_read()
    query = QvtActionProposal.select(QvtActionProposal.id).where(QvtActionProposal.body == body_id)
    count = QvtActionProposal.count().where(QvtActionProposal.body == body_id)
    if status is not None:
        query = query.where(QvtActionProposal.status == status.value)
        count = count.where(QvtActionProposal.status == status.value)
    rows = await query.order_by(QvtActionProposal.id).limit(limit).offset(offset)
    return [await action_read(r["id"]) for r in rows], await count


async def action_access(actor: Actor, action_id: int) -> tuple[BodyAccess, dict[str, Any]]:
    return await steering_row(actor=actor, table=QvtActionProposal, row_id=action_id, missing="Action introuvable.")


async def get_action_proposal(*, actor: Actor, action_id: int) -> ActionProposalRead:
    access, _ = await action_access(actor, action_id)
    access.require_read()
    return await action_read(action_id)


def _milestones_json(milestones: list[Any]) -> list[dict[str, Any]]:
    return [m.model_dump(mode="json") for m in milestones]


async def _insert_action(
    *, actor: Actor, access: BodyAccess, data: ActionProposalCreate, outcome_id: int | None = None
) -> int:
    org, body_id = access.organization_id, access.body_id
    await check_establishment(org, data.establishment_id, "establishment_id")
    await check_working_group(body_id, data.working_group_id, "working_group_id")
    await check_priorities(body_id, data.priority_ids, "priority_ids")
    if data.owner_id is not None:
        await check_users(org, [data.owner_id], "owner_id")
    now = utcnow()
    action = QvtActionProposal(
        organization=org,
        body=body_id,
        title=data.title,
        problem=data.problem,
        proposal=data.proposal,
        success_conditions=data.success_conditions,
        calendar=data.calendar,
        milestones=_milestones_json(data.milestones),
        evaluation_criteria=data.evaluation_criteria,
        evaluation_method=data.evaluation_method,
        target_population=data.target_population,
        complementary_actions=data.complementary_actions,
        establishment=data.establishment_id,
        working_group=data.working_group_id,
        theme=data.theme.value if data.theme else None,
        owner=data.owner_id,
        status="proposed",
        changes_working_conditions=data.changes_working_conditions,
        consultation_id=data.consultation_id,
        created_by=actor.user_id,
        created_at=now,
        updated_at=now,
    )
    await action.save()
    if data.priority_ids:
        await QvtActionPriority.insert(
            *[QvtActionPriority(action=action.id, priority=p) for p in sorted(set(data.priority_ids))]
        )
    if outcome_id is not None:
        await QvtDiscussionOutcome.update({QvtDiscussionOutcome.action: action.id}).where(
            QvtDiscussionOutcome.id == outcome_id
        )
    await audit.record(
        actor=actor,
        organization_id=org,
        action="create",
        entity="qvt_action_proposal",
        entity_id=action.id,
        after={**data.model_dump(mode="json"), "source_outcome_id": outcome_id},
    )
    await emit(
        ActionProposalCreated(
            organization_id=org, actor_user_id=actor.user_id, action_id=action.id, body_id=body_id, title=data.title
        )
    )
    return int(action.id)


async def create_action_proposal(*, actor: Actor, body_id: int, data: ActionProposalCreate) -> ActionProposalRead:
    async with transaction():
        access = await steering_access(actor=actor, body_id=body_id)
        require_contributor(access)
        action_id = await _insert_action(actor=actor, access=access, data=data)
        return await action_read(action_id)


async def propose_from_outcome(*, actor: Actor, outcome_id: int, data: ActionProposalCreate) -> ActionProposalRead:
    """Turn what came out of a discussion space into an action proposal (once)."""
    async with transaction():
        row = await QvtDiscussionOutcome.select().where(QvtDiscussionOutcome.id == outcome_id).first()
        if row is None:
            raise NotFound("Proposition issue de l'espace de discussion introuvable.")
        access = await session_access(actor, row["session"])
        require_contributor(access)
        await lock_row(QvtDiscussionOutcome, outcome_id)
        if row["action"] is not None:
            raise Conflict(
                "Cette proposition a déjà donné lieu à une action.",
                code="outcome_already_proposed",
                action_id=row["action"],
            )
        if data.working_group_id is None:
            session = (
                await QvtDiscussionSession.select(QvtDiscussionSession.working_group)
                .where(QvtDiscussionSession.id == row["session"])
                .first()
            )
            if session and session["working_group"] is not None:
                data = data.model_copy(update={"working_group_id": session["working_group"]})
        action_id = await _insert_action(actor=actor, access=access, data=data, outcome_id=outcome_id)
        return await action_read(action_id)


async def update_action_proposal(*, actor: Actor, action_id: int, data: ActionProposalUpdate) -> ActionProposalRead:
    """Edit the canvas while the action lives; a rejected or evaluated action is frozen (409)."""
    async with transaction():
        access, row = await action_access(actor, action_id)
        require_contributor(access)
        await lock_row(QvtActionProposal, action_id)
        if row["status"] not in rules.EDITABLE_ACTION_STATUSES:
            raise InvalidState(
                f"Une action {rules.ACTION_STATUS_LABELS[row['status']]} ne se modifie plus.", code="action_frozen"
            )
        before = (await action_read(action_id)).model_dump(mode="json")
        changes = data.model_dump(exclude_unset=True)
        values: dict[Any, Any] = {}
        simple = (
            "title",
            "problem",
            "proposal",
            "success_conditions",
            "calendar",
            "evaluation_criteria",
            "evaluation_method",
            "target_population",
            "complementary_actions",
            "changes_working_conditions",
            "consultation_id",
        )
        for key in simple:
            if key in changes:
                if changes[key] is None and key != "consultation_id":
                    raise InvalidInput("Valeur obligatoire.", errors=[{"field": key, "message": "ne peut être vide"}])
                values[getattr(QvtActionProposal, key)] = changes[key]
        if "theme" in changes:
            values[QvtActionProposal.theme] = data.theme.value if data.theme else None
        if "milestones" in changes:
            values[QvtActionProposal.milestones] = _milestones_json(data.milestones or [])
        if "owner_id" in changes:
            if data.owner_id is not None:
                await check_users(access.organization_id, [data.owner_id], "owner_id")
            values[QvtActionProposal.owner] = data.owner_id
        if data.priority_ids is not None:
            await check_priorities(row["body"], data.priority_ids, "priority_ids")
            await set_links(
                QvtActionPriority, QvtActionPriority.action, action_id, QvtActionPriority.priority, data.priority_ids
            )
        if row["status"] == "in_progress":
            changes_wc = changes.get("changes_working_conditions", row["changes_working_conditions"])
            consultation = changes.get("consultation_id", row["consultation_id"])
            if rules.needs_cse_consultation(changes_working_conditions=changes_wc, consultation_id=consultation):
                raise RuleViolation(
                    "Une action en cours qui modifie les conditions de travail reste reliée à la consultation du CSE "
                    "(art. L2312-8 du Code du travail).",
                    code="cse_consultation_required",
                )
        values[QvtActionProposal.updated_at] = utcnow()
        await QvtActionProposal.update(values).where(QvtActionProposal.id == action_id)
        after = await action_read(action_id)
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="update",
            entity="qvt_action_proposal",
            entity_id=action_id,
            before=before,
            after=after.model_dump(mode="json"),
        )
        return after
