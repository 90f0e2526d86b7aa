"""The life of the minutes after drafting: sent to the employer (D2315-26), adopted by a vote at a later meeting and
then frozen (SHA-256 sealed, L2315-34), published by the secretary (L2315-35)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from dialogue.audit import service as audit
from dialogue.core.actor import Actor
from dialogue.core.db import lock_row, transaction
from dialogue.core.errors import Forbidden, InvalidState
from dialogue.core.events import emit
from dialogue.integrity import ChainKey
from dialogue.meetings import repository as repo
from dialogue.meetings.events import MinutesAdopted, MinutesEvent, MinutesPublished, MinutesSubmitted
from dialogue.meetings.rules import minutes_digest, minutes_seal
from dialogue.meetings.schemas import MinutesRead
from dialogue.meetings.service.common import forbid_president_minutes, now
from dialogue.meetings.service.minutes import minutes_or_404, minutes_read
from dialogue.meetings.tables import Minutes


@dataclass(frozen=True, slots=True, kw_only=True)
class AdoptableMinutes:
    """Minutes a vote may adopt, as read before the vote (what the seal and the audit entry need)."""

    id: int
    meeting_id: int
    status: str
    text: str
    revision: int


async def _move(
    *,
    actor: Actor,
    organization_id: int,
    minutes_id: int,
    values: dict[Any, Any],
    action: str,
    before: dict[str, Any],
    after: dict[str, Any],
    meeting_id: int,
    body_id: int,
    event: Callable[..., MinutesEvent],
) -> None:
    """One step of the PV's life: its new columns, the audit entry and the event (`event` given its own fields
    beyond the ids), in the caller's transaction."""
    await Minutes.update(values).where(Minutes.id == minutes_id)
    await audit.record(
        actor=actor,
        organization_id=organization_id,
        action=action,
        entity="minutes",
        entity_id=minutes_id,
        before=before,
        after=after,
    )
    await emit(
        event(
            organization_id=organization_id,
            actor_user_id=actor.user_id,
            meeting_id=meeting_id,
            body_id=body_id,
            minutes_id=minutes_id,
        )
    )


async def submit_minutes(*, actor: Actor, meeting_id: int, chain_key: ChainKey) -> MinutesRead:
    """Send the PV to the employer and the members (D2315-26); it can still be corrected until adopted."""
    async with transaction():
        access, meeting = await repo.meeting_access(actor=actor, meeting_id=meeting_id)
        forbid_president_minutes(access)
        row = await minutes_or_404(meeting_id)
        if row["status"] != "draft":
            raise InvalidState("Le procès-verbal a déjà été transmis.", code="minutes_already_submitted")
        moment = now()
        await _move(
            actor=actor,
            organization_id=access.organization_id,
            minutes_id=row["id"],
            values={Minutes.status: "submitted", Minutes.submitted_at: moment, Minutes.updated_at: moment},
            action="submit",
            before={"status": "draft"},
            after={"status": "submitted", "revision": row["revision"]},
            meeting_id=meeting_id,
            body_id=meeting["body"],
            event=MinutesSubmitted,
        )
        return await minutes_read(await minutes_or_404(meeting_id), meeting, chain_key=chain_key)


async def adoptable(meeting_id: int) -> AdoptableMinutes:
    """The minutes a vote may adopt: sent to the employer and not yet adopted (checked before the vote)."""
    row = await repo.minutes_row(meeting_id)
    if row is None or row["status"] == "draft":
        raise InvalidState(
            "Le procès-verbal de cette réunion n'a pas encore été transmis : il ne peut pas être adopté.",
            code="minutes_not_submitted",
        )
    if row["status"] in ("adopted", "published"):
        raise InvalidState("Ce procès-verbal est déjà adopté.", code="minutes_already_adopted")
    return AdoptableMinutes(
        id=row["id"], meeting_id=row["meeting"], status=row["status"], text=row["text"], revision=row["revision"]
    )


async def adopt(
    *, actor: Actor, organization_id: int, minutes: AdoptableMinutes, vote_id: int, chain_key: ChainKey
) -> None:
    """Adopted by the vote `vote_id`: the text is frozen and its SHA-256 stored; the meeting is closed."""
    from dialogue.meetings.service.meetings import close_after_adoption

    await lock_row(Minutes, minutes.id)
    digest = minutes_digest(minutes.text)
    moment = now()
    seal = minutes_seal(chain_key.key, minutes_id=minutes.id, meeting_id=minutes.meeting_id, sha256=digest)
    meeting = await repo.meeting_row(minutes.meeting_id)
    await _move(
        actor=actor,
        organization_id=organization_id,
        minutes_id=minutes.id,
        values={
            Minutes.status: "adopted",
            Minutes.sha256: digest,
            Minutes.sha256_mac: seal,
            Minutes.adopted_at: moment,
            Minutes.adoption_vote: vote_id,
            Minutes.updated_at: moment,
        },
        action="adopt",
        before={"status": minutes.status},
        after={"status": "adopted", "sha256": digest, "vote_id": vote_id, "revision": minutes.revision},
        meeting_id=minutes.meeting_id,
        body_id=meeting["body"],
        event=partial(MinutesAdopted, sha256=digest, adoption_vote_id=vote_id),
    )
    await close_after_adoption(actor=actor, meeting_id=minutes.meeting_id, organization_id=organization_id)


async def publish_minutes(*, actor: Actor, meeting_id: int, chain_key: ChainKey) -> MinutesRead:
    """L2315-35: after adoption, the secretary may display or circulate the PV."""
    async with transaction():
        access, meeting = await repo.meeting_access(actor=actor, meeting_id=meeting_id)
        if not access.is_secretary:
            raise Forbidden(
                "Le procès-verbal adopté est diffusé par le secrétaire (art. L2315-35 du Code du travail).",
                code="minutes_secretary_only",
            )
        row = await minutes_or_404(meeting_id)
        if row["status"] == "published":
            raise InvalidState("Le procès-verbal est déjà diffusé.", code="minutes_already_published")
        if row["status"] != "adopted":
            raise InvalidState(
                "Seul un procès-verbal adopté peut être diffusé (art. L2315-35 du Code du travail).",
                code="minutes_not_adopted",
            )
        moment = now()
        await _move(
            actor=actor,
            organization_id=access.organization_id,
            minutes_id=row["id"],
            values={
                Minutes.status: "published",
                Minutes.published_at: moment,
                Minutes.published_by: actor.user_id,
                Minutes.updated_at: moment,
            },
            action="publish",
            before={"status": "adopted"},
            after={"status": "published", "sha256": row["sha256"]},
            meeting_id=meeting_id,
            body_id=meeting["body"],
            event=partial(MinutesPublished, sha256=row["sha256"]),
        )
        return await minutes_read(await minutes_or_404(meeting_id), meeting, chain_key=chain_key)
