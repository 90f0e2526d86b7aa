"""The QVT steering committee's work: priorities, working groups, discussion spaces and the action plan.

Who may do what (CONTRACT.md, and the tripartite steering committee of the Anact method):
- read: the committee's members, the direction, the organisation's admins;
- contribute (priorities, groups, sessions, proposals): the committee's members and the direction;
- adopt or reject a proposal: the committee's president or the direction (the employer commits means);
- start and evaluate an adopted action: the same, or the action's owner.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dialogue.audit import service as audit
from dialogue.auth.tables import User
from dialogue.bodies.access import BodyAccess, body_access
from dialogue.bodies.schemas import BodyKind
from dialogue.core.actor import Actor
from dialogue.core.clock import local_today, utcnow
from dialogue.core.db import lock_row, transaction
from dialogue.core.errors import Conflict, Forbidden, InvalidInput, InvalidState, NotFound, RuleViolation
from dialogue.core.events import emit
from dialogue.organizations.tables import Establishment
from dialogue.qvt import rules
from dialogue.qvt.events import ActionProposalCreated, ActionProposalStatusChanged, DiscussionSessionRecorded
from dialogue.qvt.schemas import (
    ActionProposalCreate,
    ActionProposalRead,
    ActionProposalUpdate,
    ActionStatus,
    DecisionInput,
    DiscussionSessionCreate,
    DiscussionSessionRead,
    EvaluationInput,
    GroupMeetingCreate,
    GroupMeetingRead,
    OutcomeCreate,
    OutcomeRead,
    PersonRead,
    PriorityCreate,
    PriorityRead,
    PriorityUpdate,
    RejectInput,
    StartInput,
    WorkingGroupCreate,
    WorkingGroupRead,
    WorkingGroupUpdate,
)
from dialogue.qvt.tables import (
    QvtActionPriority,
    QvtActionProposal,
    QvtDiscussionOutcome,
    QvtDiscussionSession,
    QvtPriority,
    QvtWorkingGroup,
    QvtWorkingGroupMeeting,
    QvtWorkingGroupMember,
    QvtWorkingGroupPriority,
)

FORMAT_LABELS = {
    "job_shadowing": "Vis mon travail",
    "photo_diagnosis": "Photo-diagnostic",
    "problem_situation": "Situation-problème",
    "embedded_evaluation": "Évaluation embarquée",
}


# ---------------------------------------------------------------- access


async def steering_access(*, actor: Actor, body_id: int) -> BodyAccess:
    """The actor's access to a QVT steering committee; other kinds of body are refused (409)."""
    access = await body_access(actor=actor, body_id=body_id)
    if access.kind != BodyKind.qvt_steering.value:
        access.require_read()
        raise Conflict(
            "Cette instance n'est pas un comité de pilotage QVT (type qvt_steering).", code="not_qvt_steering"
        )
    return access


def can_contribute(access: BodyAccess) -> bool:
    return access.is_member or access.is_direction


def can_decide(access: BodyAccess) -> bool:
    return access.is_president or access.is_direction


def _require_contributor(access: BodyAccess) -> None:
    access.require(can_contribute(access), "Réservé aux membres du comité de pilotage QVT et à la direction.")


async def _check_users(organization_id: int, user_ids: list[int], field: str) -> None:
    if not user_ids:
        return
    rows = await User.select(User.id).where((User.id.is_in(user_ids)) & (User.organization == organization_id))
    missing = sorted(set(user_ids) - {r["id"] for r in rows})
    if missing:
        raise InvalidInput(
            "Personne inconnue dans l'organisation.",
            errors=[{"field": field, "message": f"compte introuvable : {', '.join(map(str, missing))}"}],
        )


async def _check_establishment(organization_id: int, establishment_id: int | None, field: str) -> None:
    if establishment_id is None:
        return
    exists = await Establishment.exists().where(
        (Establishment.id == establishment_id) & (Establishment.organization == organization_id)
    )
    if not exists:
        raise InvalidInput(
            "Établissement inconnu dans l'organisation.", errors=[{"field": field, "message": "introuvable"}]
        )


async def _check_priorities(body_id: int, priority_ids: list[int], field: str) -> None:
    if not priority_ids:
        return
    rows = await QvtPriority.select(QvtPriority.id).where(
        (QvtPriority.id.is_in(priority_ids)) & (QvtPriority.body == body_id)
    )
    missing = sorted(set(priority_ids) - {r["id"] for r in rows})
    if missing:
        raise InvalidInput(
            "Priorité inconnue pour ce comité de pilotage.",
            errors=[{"field": field, "message": f"introuvable : {', '.join(map(str, missing))}"}],
        )


async def _check_working_group(body_id: int, working_group_id: int | None, field: str) -> None:
    if working_group_id is None:
        return
    exists = await QvtWorkingGroup.exists().where(
        (QvtWorkingGroup.id == working_group_id) & (QvtWorkingGroup.body == body_id)
    )
    if not exists:
        raise InvalidInput("Groupe de travail inconnu.", errors=[{"field": field, "message": "introuvable"}])


async def _people(user_ids: list[int]) -> dict[int, PersonRead]:
    if not user_ids:
        return {}
    rows = await User.select(User.id, User.full_name).where(User.id.is_in(sorted(set(user_ids))))
    return {r["id"]: PersonRead(id=r["id"], full_name=r["full_name"]) for r in rows}


# ---------------------------------------------------------------- priorities


def _priority_read(row: dict[str, Any]) -> PriorityRead:
    return PriorityRead(
        id=row["id"],
        body_id=row["body"],
        kind=row["kind"],
        title=row["title"],
        description=row["description"],
        rank=row["rank"],
        identified_on=row["identified_on"],
        review_on=row["review_on"],
        status=row["status"],
        created_at=row["created_at"],
    )


async def list_priorities(*, actor: Actor, body_id: int) -> list[PriorityRead]:
    """Stakes and priorities, the ranked priorities first."""
    (await steering_access(actor=actor, body_id=body_id)).require_read()
    rows = await QvtPriority.select().where(QvtPriority.body == body_id).order_by(QvtPriority.id)
    items = [_priority_read(r) for r in rows]
    return sorted(items, key=lambda p: (p.kind != "priority", p.rank is None, p.rank or 0, p.id))


async def _priority_access(actor: Actor, priority_id: int) -> tuple[BodyAccess, dict[str, Any]]:
    row = await QvtPriority.select().where(QvtPriority.id == priority_id).first()
    if row is None:
        raise NotFound("Priorité introuvable.")
    return await steering_access(actor=actor, body_id=row["body"]), row


async def create_priority(*, actor: Actor, body_id: int, data: PriorityCreate) -> PriorityRead:
    async with transaction():
        access = await steering_access(actor=actor, body_id=body_id)
        _require_contributor(access)
        row = QvtPriority(
            organization=access.organization_id,
            body=body_id,
            kind=data.kind.value,
            title=data.title,
            description=data.description,
            rank=data.rank,
            identified_on=data.identified_on,
            review_on=data.review_on,
            status="active",
            created_by=actor.user_id,
            created_at=utcnow(),
        )
        await row.save()
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="create",
            entity="qvt_priority",
            entity_id=row.id,
            after=data.model_dump(mode="json"),
        )
        created = await QvtPriority.select().where(QvtPriority.id == row.id).first()
        assert created is not None
        return _priority_read(created)


async def update_priority(*, actor: Actor, priority_id: int, data: PriorityUpdate) -> PriorityRead:
    async with transaction():
        access, before = await _priority_access(actor, priority_id)
        _require_contributor(access)
        changes: dict[str, Any] = data.model_dump(mode="json", exclude_unset=True)
        if "review_on" in changes and data.review_on is not None and data.review_on < before["identified_on"]:
            raise InvalidInput(
                "La date de revue précède la date d'identification.",
                errors=[{"field": "review_on", "message": "antérieure à identified_on"}],
            )
        if changes:
            values: dict[Any, Any] = {getattr(QvtPriority, k): getattr(data, k) for k in changes}
            for column, value in list(values.items()):
                if hasattr(value, "value"):
                    values[column] = value.value
            await QvtPriority.update(values).where(QvtPriority.id == priority_id)
            await audit.record(
                actor=actor,
                organization_id=access.organization_id,
                action="update",
                entity="qvt_priority",
                entity_id=priority_id,
                before={k: before[k] for k in changes},
                after=changes,
            )
        row = await QvtPriority.select().where(QvtPriority.id == priority_id).first()
        assert row is not None
        return _priority_read(row)


async def delete_priority(*, actor: Actor, priority_id: int) -> None:
    """Only a priority no action or group refers to may be deleted; otherwise close it (status closed)."""
    async with transaction():
        access, before = await _priority_access(actor, priority_id)
        _require_contributor(access)
        used = await QvtActionPriority.exists().where(QvtActionPriority.priority == priority_id) or (
            await QvtWorkingGroupPriority.exists().where(QvtWorkingGroupPriority.priority == priority_id)
        )
        if used:
            raise Conflict(
                "Cette priorité est reliée à des actions ou des groupes de travail : clôturez-la plutôt.",
                code="priority_in_use",
            )
        await QvtPriority.delete().where(QvtPriority.id == priority_id)
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="delete",
            entity="qvt_priority",
            entity_id=priority_id,
            before=before,
        )


# ---------------------------------------------------------------- working groups


async def _working_group_read(group_id: int) -> WorkingGroupRead:
    row = await QvtWorkingGroup.select().where(QvtWorkingGroup.id == group_id).first()
    if row is None:
        raise NotFound("Groupe de travail introuvable.")
    member_rows = await QvtWorkingGroupMember.select(QvtWorkingGroupMember.user).where(
        QvtWorkingGroupMember.working_group == group_id
    )
    priority_rows = await QvtWorkingGroupPriority.select(QvtWorkingGroupPriority.priority).where(
        QvtWorkingGroupPriority.working_group == group_id
    )
    meeting_rows = (
        await QvtWorkingGroupMeeting.select()
        .where(QvtWorkingGroupMeeting.working_group == group_id)
        .order_by(QvtWorkingGroupMeeting.held_on)
    )
    member_ids = [r["user"] for r in member_rows]
    people = await _people([row["facilitator"], *member_ids])
    return WorkingGroupRead(
        id=row["id"],
        body_id=row["body"],
        name=row["name"],
        establishment_id=row["establishment"],
        department=row["department"],
        facilitator=people[row["facilitator"]],
        members=sorted((people[u] for u in member_ids), key=lambda p: p.full_name),
        priority_ids=sorted(r["priority"] for r in priority_rows),
        mission=row["mission"],
        meetings=[_group_meeting_read(m) for m in meeting_rows],
        created_at=row["created_at"],
    )


def _group_meeting_read(row: dict[str, Any]) -> GroupMeetingRead:
    return GroupMeetingRead(
        id=row["id"],
        working_group_id=row["working_group"],
        title=row["title"],
        held_on=row["held_on"],
        meeting_id=row["meeting_id"],
        notes=row["notes"],
    )


async def list_working_groups(*, actor: Actor, body_id: int) -> list[WorkingGroupRead]:
    (await steering_access(actor=actor, body_id=body_id)).require_read()
    rows = (
        await QvtWorkingGroup.select(QvtWorkingGroup.id)
        .where(QvtWorkingGroup.body == body_id)
        .order_by(QvtWorkingGroup.id)
    )
    return [await _working_group_read(r["id"]) for r in rows]


async def _group_access(actor: Actor, group_id: int) -> tuple[BodyAccess, dict[str, Any]]:
    row = await QvtWorkingGroup.select().where(QvtWorkingGroup.id == group_id).first()
    if row is None:
        raise NotFound("Groupe de travail introuvable.")
    return await steering_access(actor=actor, body_id=row["body"]), row


async def get_working_group(*, actor: Actor, group_id: int) -> WorkingGroupRead:
    access, _ = await _group_access(actor, group_id)
    access.require_read()
    return await _working_group_read(group_id)


async def _set_links(table: Any, owner_column: Any, owner_id: int, other_column: Any, ids: list[int]) -> None:
    await table.delete().where(owner_column == owner_id)
    if ids:
        await table.insert(*[table(**{owner_column._meta.name: owner_id, other_column._meta.name: i}) for i in ids])


async def create_working_group(*, actor: Actor, body_id: int, data: WorkingGroupCreate) -> WorkingGroupRead:
    async with transaction():
        access = await steering_access(actor=actor, body_id=body_id)
        _require_contributor(access)
        org = access.organization_id
        await _check_establishment(org, data.establishment_id, "establishment_id")
        await _check_users(org, [data.facilitator_id], "facilitator_id")
        await _check_users(org, data.member_ids, "member_ids")
        await _check_priorities(body_id, data.priority_ids, "priority_ids")
        group = QvtWorkingGroup(
            organization=org,
            body=body_id,
            name=data.name,
            establishment=data.establishment_id,
            department=data.department,
            facilitator=data.facilitator_id,
            mission=data.mission,
            created_at=utcnow(),
        )
        await group.save()
        members = sorted(set(data.member_ids) | {data.facilitator_id})
        await _set_links(
            QvtWorkingGroupMember, QvtWorkingGroupMember.working_group, group.id, QvtWorkingGroupMember.user, members
        )
        await _set_links(
            QvtWorkingGroupPriority,
            QvtWorkingGroupPriority.working_group,
            group.id,
            QvtWorkingGroupPriority.priority,
            sorted(set(data.priority_ids)),
        )
        await audit.record(
            actor=actor,
            organization_id=org,
            action="create",
            entity="qvt_working_group",
            entity_id=group.id,
            after=data.model_dump(mode="json"),
        )
        return await _working_group_read(group.id)


async def update_working_group(*, actor: Actor, group_id: int, data: WorkingGroupUpdate) -> WorkingGroupRead:
    async with transaction():
        access, row = await _group_access(actor, group_id)
        _require_contributor(access)
        org = access.organization_id
        changes = data.model_dump(mode="json", exclude_unset=True)
        before = (await _working_group_read(group_id)).model_dump(mode="json")
        values: dict[Any, Any] = {}
        for key in ("name", "department", "mission"):
            if key in changes:
                values[getattr(QvtWorkingGroup, key)] = changes[key]
        facilitator = row["facilitator"]
        if data.facilitator_id is not None:
            await _check_users(org, [data.facilitator_id], "facilitator_id")
            values[QvtWorkingGroup.facilitator] = facilitator = data.facilitator_id
        if values:
            await QvtWorkingGroup.update(values).where(QvtWorkingGroup.id == group_id)
        if data.member_ids is not None:
            await _check_users(org, data.member_ids, "member_ids")
            await _set_links(
                QvtWorkingGroupMember,
                QvtWorkingGroupMember.working_group,
                group_id,
                QvtWorkingGroupMember.user,
                sorted(set(data.member_ids) | {facilitator}),
            )
        elif data.facilitator_id is not None:
            exists = await QvtWorkingGroupMember.exists().where(
                (QvtWorkingGroupMember.working_group == group_id) & (QvtWorkingGroupMember.user == facilitator)
            )
            if not exists:
                await QvtWorkingGroupMember.insert(QvtWorkingGroupMember(working_group=group_id, user=facilitator))
        if data.priority_ids is not None:
            await _check_priorities(row["body"], data.priority_ids, "priority_ids")
            await _set_links(
                QvtWorkingGroupPriority,
                QvtWorkingGroupPriority.working_group,
                group_id,
                QvtWorkingGroupPriority.priority,
                sorted(set(data.priority_ids)),
            )
        after = await _working_group_read(group_id)
        await audit.record(
            actor=actor,
            organization_id=org,
            action="update",
            entity="qvt_working_group",
            entity_id=group_id,
            before=before,
            after=after.model_dump(mode="json"),
        )
        return after


async def add_group_meeting(*, actor: Actor, group_id: int, data: GroupMeetingCreate) -> GroupMeetingRead:
    """A meeting of the group: its facilitator records it, as do the committee's members and the direction."""
    async with transaction():
        access, row = await _group_access(actor, group_id)
        if row["facilitator"] != actor.user_id:
            _require_contributor(access)
        meeting = QvtWorkingGroupMeeting(
            working_group=group_id,
            title=data.title,
            held_on=data.held_on,
            meeting_id=data.meeting_id,
            notes=data.notes,
            created_at=utcnow(),
        )
        await meeting.save()
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="create",
            entity="qvt_working_group_meeting",
            entity_id=meeting.id,
            after=data.model_dump(mode="json"),
        )
        created = await QvtWorkingGroupMeeting.select().where(QvtWorkingGroupMeeting.id == meeting.id).first()
        assert created is not None
        return _group_meeting_read(created)


# ---------------------------------------------------------------- discussion spaces


async def _session_read(session_id: int) -> DiscussionSessionRead:
    row = (
        await QvtDiscussionSession.select().where(QvtDiscussionSession.id == session_id).output(load_json=True).first()
    )
    if row is None:
        raise NotFound("Séance introuvable.")
    outcomes = (
        await QvtDiscussionOutcome.select()
        .where(QvtDiscussionOutcome.session == session_id)
        .order_by(QvtDiscussionOutcome.id)
    )
    return DiscussionSessionRead(
        id=row["id"],
        body_id=row["body"],
        title=row["title"],
        format=row["format"],
        format_label=FORMAT_LABELS[row["format"]],
        held_on=row["held_on"],
        participants_count=row["participants_count"],
        topics=list(row["topics"] or []),
        outcomes=[_outcome_read(o) for o in outcomes],
        working_group_id=row["working_group"],
        establishment_id=row["establishment"],
        department=row["department"],
        facilitator_name=row["facilitator_name"],
        created_at=row["created_at"],
    )


def _outcome_read(row: dict[str, Any]) -> OutcomeRead:
    return OutcomeRead(id=row["id"], session_id=row["session"], text=row["text"], action_id=row["action"])


async def list_discussion_sessions(*, actor: Actor, body_id: int) -> list[DiscussionSessionRead]:
    (await steering_access(actor=actor, body_id=body_id)).require_read()
    rows = (
        await QvtDiscussionSession.select(QvtDiscussionSession.id)
        .where(QvtDiscussionSession.body == body_id)
        .order_by(QvtDiscussionSession.held_on, ascending=False)
    )
    return [await _session_read(r["id"]) for r in rows]


async def _session_access(actor: Actor, session_id: int) -> BodyAccess:
    row = (
        await QvtDiscussionSession.select(QvtDiscussionSession.body)
        .where(QvtDiscussionSession.id == session_id)
        .first()
    )
    if row is None:
        raise NotFound("Séance introuvable.")
    return await steering_access(actor=actor, body_id=row["body"])


async def get_discussion_session(*, actor: Actor, session_id: int) -> DiscussionSessionRead:
    (await _session_access(actor, session_id)).require_read()
    return await _session_read(session_id)


async def create_discussion_session(
    *, actor: Actor, body_id: int, data: DiscussionSessionCreate
) -> DiscussionSessionRead:
    async with transaction():
        access = await steering_access(actor=actor, body_id=body_id)
        _require_contributor(access)
        await _check_establishment(access.organization_id, data.establishment_id, "establishment_id")
        await _check_working_group(body_id, data.working_group_id, "working_group_id")
        session = QvtDiscussionSession(
            organization=access.organization_id,
            body=body_id,
            working_group=data.working_group_id,
            establishment=data.establishment_id,
            department=data.department,
            format=data.format.value,
            title=data.title,
            held_on=data.held_on,
            participants_count=data.participants_count,
            topics=list(data.topics),
            facilitator_name=data.facilitator_name,
            created_by=actor.user_id,
            created_at=utcnow(),
        )
        await session.save()
        if data.outcomes:
            await QvtDiscussionOutcome.insert(
                *[QvtDiscussionOutcome(session=session.id, text=text) for text in data.outcomes]
            )
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="create",
            entity="qvt_discussion_session",
            entity_id=session.id,
            after=data.model_dump(mode="json"),
        )
        await emit(
            DiscussionSessionRecorded(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                session_id=session.id,
                body_id=body_id,
                format=data.format.value,
                participants_count=data.participants_count,
            )
        )
        return await _session_read(session.id)


async def add_outcome(*, actor: Actor, session_id: int, data: OutcomeCreate) -> OutcomeRead:
    async with transaction():
        access = await _session_access(actor, session_id)
        _require_contributor(access)
        outcome = QvtDiscussionOutcome(session=session_id, text=data.text)
        await outcome.save()
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="create",
            entity="qvt_discussion_outcome",
            entity_id=outcome.id,
            after=data.model_dump(mode="json"),
        )
        return OutcomeRead(id=outcome.id, session_id=session_id, text=data.text, action_id=None)


# ---------------------------------------------------------------- action proposals


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
    owner = (await _people([row["owner"]])).get(row["owner"]) if row["owner"] else None
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
    *, actor: Actor, body_id: int, status: ActionStatus | None, limit: int, offset: int
) -> tuple[list[ActionProposalRead], int]:
    (await steering_access(actor=actor, body_id=body_id)).require_read()
    query = QvtActionProposal.select(QvtActionProposal.id).where(QvtActionProposal.body == body_id)
    count = QvtActionProposal.count().where(QvtActionProposal.body == body_id)
    if status is not None:
        query = query.where(QvtActionProposal.status == status.value)
        count = count.where(QvtActionProposal.status == status.value)
    rows = await query.order_by(QvtActionProposal.id).limit(limit).offset(offset)
    return [await action_read(r["id"]) for r in rows], await count


async def _action_access(actor: Actor, action_id: int) -> tuple[BodyAccess, dict[str, Any]]:
    row = await QvtActionProposal.select().where(QvtActionProposal.id == action_id).first()
    if row is None:
        raise NotFound("Action introuvable.")
    return await steering_access(actor=actor, body_id=row["body"]), row


async def get_action_proposal(*, actor: Actor, action_id: int) -> ActionProposalRead:
    access, _ = await _action_access(actor, action_id)
    access.require_read()
    return await action_read(action_id)


def _milestones_json(milestones: list[Any]) -> list[dict[str, Any]]:
    return [m.model_dump(mode="json") for m in milestones]


async def _insert_action(
    *, actor: Actor, access: BodyAccess, data: ActionProposalCreate, outcome_id: int | None = None
) -> int:
    org, body_id = access.organization_id, access.body_id
    await _check_establishment(org, data.establishment_id, "establishment_id")
    await _check_working_group(body_id, data.working_group_id, "working_group_id")
    await _check_priorities(body_id, data.priority_ids, "priority_ids")
    if data.owner_id is not None:
        await _check_users(org, [data.owner_id], "owner_id")
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
        _require_contributor(access)
        action_id = await _insert_action(actor=actor, access=access, data=data)
        return await action_read(action_id)


async def propose_from_outcome(*, actor: Actor, outcome_id: int, data: ActionProposalCreate) -> ActionProposalRead:
    """Turn what came out of a discussion space into an action proposal (once)."""
    async with transaction():
        row = await QvtDiscussionOutcome.select().where(QvtDiscussionOutcome.id == outcome_id).first()
        if row is None:
            raise NotFound("Proposition issue de l'espace de discussion introuvable.")
        access = await _session_access(actor, row["session"])
        _require_contributor(access)
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
        access, row = await _action_access(actor, action_id)
        _require_contributor(access)
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
                await _check_users(access.organization_id, [data.owner_id], "owner_id")
            values[QvtActionProposal.owner] = data.owner_id
        if data.priority_ids is not None:
            await _check_priorities(row["body"], data.priority_ids, "priority_ids")
            await _set_links(
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


async def _transition(
    *,
    actor: Actor,
    action_id: int,
    target: str,
    values: dict[Any, Any],
    owner_may: bool,
    today: date | None = None,
) -> ActionProposalRead:
    async with transaction():
        access, row = await _action_access(actor, action_id)
        allowed = can_decide(access) or (owner_may and row["owner"] == actor.user_id)
        if not allowed:
            access.require_read()
            raise Forbidden(
                "Réservé à la présidence du comité de pilotage et à la direction"
                + (", ou au pilote de l'action." if owner_may else ".")
            )
        await lock_row(QvtActionProposal, action_id)
        current = (
            await QvtActionProposal.select(QvtActionProposal.status).where(QvtActionProposal.id == action_id).first()
        )
        assert current is not None
        try:
            rules.check_transition(current["status"], target)
        except rules.TransitionError as exc:
            raise InvalidState(str(exc), code="illegal_transition") from None
        if target == "in_progress" and rules.needs_cse_consultation(
            changes_working_conditions=row["changes_working_conditions"], consultation_id=row["consultation_id"]
        ):
            raise RuleViolation(
                "Cette action modifie les conditions de travail : le CSE doit être consulté avant sa mise en œuvre "
                "(art. L2312-8 et L2312-14 du Code du travail). Reliez la consultation (consultation_id).",
                code="cse_consultation_required",
            )
        values[QvtActionProposal.status] = target
        values[QvtActionProposal.updated_at] = utcnow()
        await QvtActionProposal.update(values).where(QvtActionProposal.id == action_id)
        after = await action_read(action_id)
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action=target,
            entity="qvt_action_proposal",
            entity_id=action_id,
            before={"status": current["status"]},
            after={"status": target, **{c._meta.name: v for c, v in values.items() if c._meta.name != "updated_at"}},
        )
        await emit(
            ActionProposalStatusChanged(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                action_id=action_id,
                body_id=row["body"],
                title=row["title"],
                previous_status=current["status"],
                status=target,
                owner_user_id=row["owner"],
            )
        )
        return after


async def adopt_action(*, actor: Actor, action_id: int, data: DecisionInput) -> ActionProposalRead:
    return await _transition(
        actor=actor,
        action_id=action_id,
        target="adopted",
        values={
            QvtActionProposal.adopted_on: data.decided_on or local_today(),
            QvtActionProposal.decision_note: data.note,
        },
        owner_may=False,
    )


async def reject_action(*, actor: Actor, action_id: int, data: RejectInput) -> ActionProposalRead:
    return await _transition(
        actor=actor,
        action_id=action_id,
        target="rejected",
        values={QvtActionProposal.decision_note: data.reason},
        owner_may=False,
    )


async def start_action(*, actor: Actor, action_id: int, data: StartInput) -> ActionProposalRead:
    return await _transition(
        actor=actor,
        action_id=action_id,
        target="in_progress",
        values={QvtActionProposal.started_on: data.started_on or local_today()},
        owner_may=True,
    )


async def evaluate_action(*, actor: Actor, action_id: int, data: EvaluationInput) -> ActionProposalRead:
    return await _transition(
        actor=actor,
        action_id=action_id,
        target="evaluated",
        values={
            QvtActionProposal.evaluation_summary: data.summary,
            QvtActionProposal.evaluation_results: data.results,
            QvtActionProposal.criteria_met: data.criteria_met,
            QvtActionProposal.lessons_learned: data.lessons_learned,
            QvtActionProposal.evaluated_on: data.evaluated_on or local_today(),
        },
        owner_may=True,
    )


async def experience_sheet_data(*, actor: Actor, action_id: int) -> dict[str, Any]:
    """Everything the experience sheet shows; only an evaluated action has one (409 before)."""
    access, row = await _action_access(actor, action_id)
    access.require_read()
    if row["status"] != "evaluated":
        raise InvalidState(
            "La fiche de retour d'expérience est établie une fois l'action évaluée.", code="action_not_evaluated"
        )
    action = await action_read(action_id)
    priorities = await QvtPriority.select(QvtPriority.title).where(QvtPriority.id.is_in(action.priority_ids or [-1]))
    establishment = None
    if action.establishment_id is not None:
        est = await Establishment.select(Establishment.name).where(Establishment.id == action.establishment_id).first()
        establishment = est["name"] if est else None
    group = None
    if action.working_group_id is not None:
        wg = (
            await QvtWorkingGroup.select(QvtWorkingGroup.name)
            .where(QvtWorkingGroup.id == action.working_group_id)
            .first()
        )
        group = wg["name"] if wg else None
    return {
        "action": action,
        "priorities": [p["title"] for p in priorities],
        "establishment": establishment,
        "working_group": group,
        "theme_label": rules.THEMES.get(action.theme.value) if action.theme else None,
    }
