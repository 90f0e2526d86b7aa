"""Annexes of a meeting's minutes (issue 16): attached by the secretary who establishes the minutes (L2315-34; the
employer may not), read by those who read the minutes (a draft: the secretary only, D2315-26); once adopted the
minutes are frozen with their SHA-256 and so are their annexes (409)."""

from __future__ import annotations

from dialogue.core.actor import Actor
from dialogue.core.db import lock_row
from dialogue.core.errors import InvalidState
from dialogue.documents.attachments import Target
from dialogue.meetings import repository as repo
from dialogue.meetings.service.common import forbid_president_minutes
from dialogue.meetings.service.minutes import minutes_or_404, require_readable
from dialogue.meetings.tables import Minutes


async def minutes_target(*, actor: Actor, target_id: int, write: bool) -> Target:
    """The minutes of the meeting `target_id` as an attachment target (`documents.attachments.TargetResolver`)."""
    access, meeting = await repo.meeting_access(actor=actor, meeting_id=target_id)
    row = await minutes_or_404(target_id)
    if write:
        forbid_president_minutes(access)
        await lock_row(Minutes, row["id"])
        row = await minutes_or_404(target_id)
        if row["status"] in ("adopted", "published"):
            raise InvalidState(
                "Le procès-verbal a été adopté : il est figé avec ses annexes "
                f"(empreinte SHA-256 {row['sha256']}, art. L2315-34 du Code du travail).",
                code="minutes_frozen",
            )
    else:
        require_readable(access, row)
    return Target(kind="minutes", id=int(row["id"]), organization_id=access.organization_id, body_id=meeting["body"])
