"""The body's standing external invitees (L2314-3), and those invited to one meeting."""

from __future__ import annotations

from typing import Any

from dialogue.audit import service as audit
from dialogue.bodies.access import body_access
from dialogue.core.actor import Actor
from dialogue.core.db import transaction
from dialogue.core.errors import NotFound
from dialogue.meetings import repository as repo
from dialogue.meetings.schemas import (
    InviteeCreate,
    InviteeRead,
)
from dialogue.meetings.service.common import (
    now,
    require_runs_meetings,
)
from dialogue.meetings.tables import ExternalInvitee

# --- External invitees (L2314-3) --------------------------------------------------------------------------------


def _invitee_read(row: dict[str, Any]) -> InviteeRead:
    return InviteeRead(
        id=row["id"],
        body_id=row["body"],
        meeting_id=row["meeting"],
        capacity=row["capacity"],
        full_name=row["full_name"],
        email=row["email"],
        organization_name=row["organization_name"],
        active=row["active"],
    )


async def list_invitees(*, actor: Actor, body_id: int) -> list[InviteeRead]:
    (await body_access(actor=actor, body_id=body_id)).require_read()
    rows = await ExternalInvitee.select().where(ExternalInvitee.body == body_id).order_by(ExternalInvitee.id)
    return [_invitee_read(r) for r in rows]


async def add_invitee(*, actor: Actor, body_id: int, data: InviteeCreate, meeting_id: int | None = None) -> InviteeRead:
    """A standing invitee of the body (médecin du travail, inspection, CARSAT…) or one for a single meeting."""
    async with transaction():
        if meeting_id is not None:
            access, row = await repo.meeting_access(actor=actor, meeting_id=meeting_id)
            body_id = row["body"]
        else:
            access = await body_access(actor=actor, body_id=body_id)
        require_runs_meetings(access)
        invitee = ExternalInvitee(
            body=body_id,
            meeting=meeting_id,
            capacity=data.capacity.value,
            full_name=data.full_name,
            email=data.email,
            organization_name=data.organization_name,
            active=True,
            created_at=now(),
        )
        await invitee.save()
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="create",
            entity="external_invitee",
            entity_id=invitee.id,
            after=data.model_dump(mode="json"),
        )
        created = await ExternalInvitee.select().where(ExternalInvitee.id == invitee.id).first()
        assert created is not None
        return _invitee_read(created)


async def remove_invitee(*, actor: Actor, invitee_id: int) -> None:
    """Deactivate an invitee (kept for the convocation lists already recorded)."""
    async with transaction():
        row = await ExternalInvitee.select().where(ExternalInvitee.id == invitee_id).first()
        if row is None:
            raise NotFound("Invité introuvable.")
        access = await body_access(actor=actor, body_id=row["body"])
        require_runs_meetings(access)
        await ExternalInvitee.update({ExternalInvitee.active: False}).where(ExternalInvitee.id == invitee_id)
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="deactivate",
            entity="external_invitee",
            entity_id=invitee_id,
            before={"active": True},
            after={"active": False},
        )
