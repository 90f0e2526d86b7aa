"""Minutes (procès-verbal): drafted and revised by the secretary (L2315-34), read by the body once sent (D2315-26);
its later life is in `minutes_adoption`, its exports in `minutes_export`."""

from __future__ import annotations

import logging
from typing import Any

from dialogue.audit import service as audit
from dialogue.bodies.access import BodyAccess
from dialogue.core.actor import Actor
from dialogue.core.db import lock_row, transaction
from dialogue.core.errors import Conflict, Forbidden, InvalidState, NotFound
from dialogue.integrity import ChainKey
from dialogue.meetings import repository as repo
from dialogue.meetings.drafting import draft_minutes
from dialogue.meetings.rules import MinutesIntegrity, minutes_digest, minutes_integrity
from dialogue.meetings.schemas import MinutesCreate, MinutesRead, MinutesRevisionRead, MinutesUpdate
from dialogue.meetings.service.common import forbid_president_minutes, minutes_due, now, require_status
from dialogue.meetings.service.minutes_facts import meeting_facts
from dialogue.meetings.tables import Minutes, MinutesRevision, Vote

log = logging.getLogger("dialogue.meetings.minutes")

MINUTES_STATUS_LABELS = {
    "draft": "Projet de procès-verbal (non transmis)",
    "submitted": "Procès-verbal transmis, en attente d'adoption",
    "adopted": "Procès-verbal adopté",
    "published": "Procès-verbal adopté et diffusé",
}


def _integrity(row: dict[str, Any], *, chain_key: ChainKey) -> tuple[MinutesIntegrity | None, str | None]:
    return minutes_integrity(
        key=chain_key.key,
        minutes_id=row["id"],
        meeting_id=row["meeting"],
        text=row["text"],
        sha256=row["sha256"],
        mac=row["sha256_mac"],
    )


async def checked_integrity(
    *, actor: Actor, organization_id: int, row: dict[str, Any], served_as: str, chain_key: ChainKey
) -> tuple[MinutesIntegrity | None, str | None]:
    """Re-check adopted minutes each time they are served; a mismatch is logged (warning + audit entry)
    and shown, never served as intact."""
    integrity, detail = _integrity(row, chain_key=chain_key)
    if integrity is MinutesIntegrity.MISMATCH:
        log.warning(
            "adopted minutes %s (meeting %s) fail their integrity check, served as %s: %s",
            row["id"],
            row["meeting"],
            served_as,
            detail,
        )
        await audit.record(
            actor=actor,
            organization_id=organization_id,
            action="integrity_mismatch",
            entity="minutes",
            entity_id=row["id"],
            after={"served_as": served_as, "sha256": row["sha256"], "actual": minutes_digest(row["text"])},
        )
    return integrity, detail


async def minutes_read(
    row: dict[str, Any],
    meeting: dict[str, Any],
    *,
    chain_key: ChainKey,
    integrity: tuple[MinutesIntegrity | None, str | None] | None = None,
) -> MinutesRead:
    checked, detail = integrity if integrity is not None else _integrity(row, chain_key=chain_key)
    ctx = await repo.body_context(meeting["body"])
    nxt = await repo.next_meeting_date(body_id=meeting["body"], after=meeting["starts_at"], tz=repo.zone(meeting))
    due, basis, overdue = minutes_due(
        row=meeting,
        minutes=row,
        next_day=nxt,
        full_remit=ctx.regime.full_remit,
        body_kind=ctx.kind,
        agreed_days=ctx.minutes_delay_days,
    )
    adopted_in = None
    if row["adoption_vote"] is not None:
        vote = await Vote.select(Vote.meeting).where(Vote.id == row["adoption_vote"]).first()
        adopted_in = vote["meeting"] if vote else None
    return MinutesRead(
        id=row["id"],
        meeting_id=row["meeting"],
        status=row["status"],
        text=row["text"],
        revision=row["revision"],
        sha256=row["sha256"],
        integrity=checked.value if checked else None,
        integrity_detail=detail,
        due_on=due,
        due_basis=basis,
        overdue=overdue,
        submitted_at=row["submitted_at"],
        adopted_at=row["adopted_at"],
        adoption_vote_id=row["adoption_vote"],
        adopted_in_meeting_id=adopted_in,
        published_at=row["published_at"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def require_readable(access: BodyAccess, row: dict[str, Any]) -> None:
    """A draft is the secretary's working copy; once sent (D2315-26) the body's readers see it."""
    if row["status"] == "draft" and not access.is_secretary:
        raise Forbidden(
            "Le projet de procès-verbal n'est visible que du secrétaire tant qu'il n'est pas transmis.",
            code="minutes_draft",
        )


async def minutes_or_404(meeting_id: int) -> dict[str, Any]:
    row = await repo.minutes_row(meeting_id)
    if row is None:
        raise NotFound("Aucun procès-verbal n'a encore été établi pour cette réunion.", code="no_minutes")
    return row


async def _add_revision(*, minutes_id: int, revision: int, text: str, actor: Actor, note: str | None) -> None:
    await MinutesRevision.insert(
        MinutesRevision(
            minutes=minutes_id,
            revision=revision,
            text=text,
            sha256=minutes_digest(text),
            note=note,
            author=actor.user_id,
            created_at=now(),
        )
    )


async def create_minutes(*, actor: Actor, meeting_id: int, data: MinutesCreate, chain_key: ChainKey) -> MinutesRead:
    """Open the PV of a held meeting, pre-filled with attendance, agenda and vote results unless a text is given."""
    async with transaction():
        access, meeting = await repo.meeting_access(actor=actor, meeting_id=meeting_id, lock=True)
        forbid_president_minutes(access)
        require_status(meeting, "held", "closed", action="établir le procès-verbal (la réunion doit être tenue)")
        if await repo.minutes_row(meeting_id) is not None:
            raise Conflict("Le procès-verbal de cette réunion existe déjà : modifiez-le.", code="minutes_exist")
        text = data.text if data.text else draft_minutes(await meeting_facts(meeting))
        moment = now()
        inserted = await Minutes.insert(
            Minutes(meeting=meeting_id, status="draft", text=text, revision=1, created_at=moment, updated_at=moment)
        ).returning(Minutes.id)
        minutes_id = int(inserted[0]["id"])
        await _add_revision(minutes_id=minutes_id, revision=1, text=text, actor=actor, note="création")
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="create",
            entity="minutes",
            entity_id=minutes_id,
            after={"meeting_id": meeting_id, "revision": 1, "sha256": minutes_digest(text)},
        )
        return await minutes_read(await minutes_or_404(meeting_id), meeting, chain_key=chain_key)


async def get_minutes(*, actor: Actor, meeting_id: int, chain_key: ChainKey, served_as: str = "api") -> MinutesRead:
    """The minutes; adopted ones are re-checked against their sealed SHA-256 every time (`integrity`)."""
    access, meeting = await repo.meeting_access(actor=actor, meeting_id=meeting_id)
    row = await minutes_or_404(meeting_id)
    require_readable(access, row)
    integrity = await checked_integrity(
        actor=actor, organization_id=access.organization_id, row=row, served_as=served_as, chain_key=chain_key
    )
    return await minutes_read(row, meeting, chain_key=chain_key, integrity=integrity)


def _frozen(row: dict[str, Any]) -> InvalidState:
    return InvalidState(
        f"Le procès-verbal a été adopté : son texte est figé (empreinte SHA-256 {row['sha256']}).",
        code="minutes_frozen",
        sha256=row["sha256"],
    )


async def update_minutes(*, actor: Actor, meeting_id: int, data: MinutesUpdate, chain_key: ChainKey) -> MinutesRead:
    """A new revision of the text (every revision is kept); refused once adopted."""
    async with transaction():
        access, meeting = await repo.meeting_access(actor=actor, meeting_id=meeting_id)
        forbid_president_minutes(access)
        row = await minutes_or_404(meeting_id)
        await lock_row(Minutes, row["id"])
        row = await minutes_or_404(meeting_id)
        if row["status"] in ("adopted", "published"):
            raise _frozen(row)
        if data.base_revision is not None and data.base_revision != row["revision"]:
            raise Conflict(
                f"Le texte a changé depuis la révision {data.base_revision} (révision actuelle : {row['revision']}).",
                code="stale_revision",
            )
        if data.text != row["text"]:
            revision = row["revision"] + 1
            await Minutes.update(
                {Minutes.text: data.text, Minutes.revision: revision, Minutes.updated_at: now()}
            ).where(Minutes.id == row["id"])
            await _add_revision(minutes_id=row["id"], revision=revision, text=data.text, actor=actor, note=data.note)
            await audit.record(
                actor=actor,
                organization_id=access.organization_id,
                action="revise",
                entity="minutes",
                entity_id=row["id"],
                before={"revision": row["revision"], "sha256": minutes_digest(row["text"])},
                after={"revision": revision, "sha256": minutes_digest(data.text), "note": data.note},
            )
        return await minutes_read(await minutes_or_404(meeting_id), meeting, chain_key=chain_key)


async def list_revisions(*, actor: Actor, meeting_id: int) -> list[MinutesRevisionRead]:
    access, _ = await repo.meeting_access(actor=actor, meeting_id=meeting_id)
    row = await minutes_or_404(meeting_id)
    require_readable(access, row)
    revisions = (
        await MinutesRevision.select().where(MinutesRevision.minutes == row["id"]).order_by(MinutesRevision.revision)
    )
    return [
        MinutesRevisionRead(
            revision=r["revision"],
            sha256=r["sha256"],
            note=r["note"],
            author_id=r["author"],
            created_at=r["created_at"],
            text=r["text"],
        )
        for r in revisions
    ]
