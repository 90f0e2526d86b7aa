"""Stakes and priorities of a steering committee (Anact method: a diagnosis, then ranked priorities)."""

from __future__ import annotations

from typing import Any

from dialogue.audit import service as audit
from dialogue.bodies.access import BodyAccess
from dialogue.core.actor import Actor
from dialogue.core.clock import utcnow
from dialogue.core.db import transaction
from dialogue.core.errors import Conflict, InvalidInput
from dialogue.qvt.schemas import (
    PriorityCreate,
    PriorityRead,
    PriorityUpdate,
)
from dialogue.qvt.service.access import (
    require_contributor,
    steering_access,
    steering_row,
)
from dialogue.qvt.tables import (
    QvtActionPriority,
    QvtPriority,
    QvtWorkingGroupPriority,
)


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
    return await steering_row(actor=actor, table=QvtPriority, row_id=priority_id, missing="Priorité introuvable.")


async def create_priority(*, actor: Actor, body_id: int, data: PriorityCreate) -> PriorityRead:
    async with transaction():
        access = await steering_access(actor=actor, body_id=body_id)
        require_contributor(access)
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
        require_contributor(access)
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
        require_contributor(access)
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
