"""Working groups of a steering committee: members, priorities they work on, their meetings."""

from __future__ import annotations

from typing import Any

from dialogue.audit import service as audit
from dialogue.bodies.access import BodyAccess
from dialogue.core.actor import Actor
from dialogue.core.clock import utcnow
from dialogue.core.db import transaction
from dialogue.core.errors import NotFound
from dialogue.qvt.schemas import (
    GroupMeetingCreate,
    GroupMeetingRead,
    WorkingGroupCreate,
    WorkingGroupRead,
    WorkingGroupUpdate,
)
from dialogue.qvt.service.access import (
    check_establishment,
    check_priorities,
    check_users,
    people_by_id,
    require_contributor,
    set_links,
    steering_access,
    steering_row,
)
from dialogue.qvt.tables import (
    QvtWorkingGroup,
    QvtWorkingGroupMeeting,
    QvtWorkingGroupMember,
    QvtWorkingGroupPriority,
)


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
    people = await people_by_id([row["facilitator"], *member_ids])
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
    return await steering_row(
        actor=actor, table=QvtWorkingGroup, row_id=group_id, missing="Groupe de travail introuvable."
    )


async def get_working_group(*, actor: Actor, group_id: int) -> WorkingGroupRead:
    access, _ = await _group_access(actor, group_id)
    access.require_read()
    return await _working_group_read(group_id)


async def create_working_group(*, actor: Actor, body_id: int, data: WorkingGroupCreate) -> WorkingGroupRead:
    async with transaction():
        access = await steering_access(actor=actor, body_id=body_id)
        require_contributor(access)
        org = access.organization_id
        await check_establishment(org, data.establishment_id, "establishment_id")
        await check_users(org, [data.facilitator_id], "facilitator_id")
        await check_users(org, data.member_ids, "member_ids")
        await check_priorities(body_id, data.priority_ids, "priority_ids")
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
        await set_links(
            QvtWorkingGroupMember, QvtWorkingGroupMember.working_group, group.id, QvtWorkingGroupMember.user, members
        )
        await set_links(
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
        require_contributor(access)
        org = access.organization_id
        changes = data.model_dump(mode="json", exclude_unset=True)
        before = (await _working_group_read(group_id)).model_dump(mode="json")
        values: dict[Any, Any] = {}
        for key in ("name", "department", "mission"):
            if key in changes:
                values[getattr(QvtWorkingGroup, key)] = changes[key]
        facilitator = row["facilitator"]
        if data.facilitator_id is not None:
            await check_users(org, [data.facilitator_id], "facilitator_id")
            values[QvtWorkingGroup.facilitator] = facilitator = data.facilitator_id
        if values:
            await QvtWorkingGroup.update(values).where(QvtWorkingGroup.id == group_id)
        if data.member_ids is not None:
            await check_users(org, data.member_ids, "member_ids")
            await set_links(
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
            await check_priorities(row["body"], data.priority_ids, "priority_ids")
            await set_links(
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
            require_contributor(access)
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
