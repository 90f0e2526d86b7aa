"""Documents of an SSCT mission (issue 16), e.g. inspection reports (L2312-13): attached by those who conduct the
mission (`require_work`, as for editing it) while it is not closed, read by the body's readers."""

from __future__ import annotations

from dialogue.core.actor import Actor
from dialogue.core.errors import InvalidState
from dialogue.documents.attachments import Target
from dialogue.ssct.rules import MissionStatus
from dialogue.ssct.service.common import mission_context, require_work


async def mission_target(*, actor: Actor, target_id: int, write: bool) -> Target:
    """The mission `target_id` as an attachment target (`documents.attachments.TargetResolver`)."""
    row, access = await mission_context(actor=actor, mission_id=target_id)
    access.require_read()
    if write:
        require_work(access)
    if write and MissionStatus(row["status"]) is MissionStatus.CLOSED:
        raise InvalidState("Une mission close ne reçoit plus de document.", code="mission_closed")
    return Target(kind="ssct_mission", id=target_id, organization_id=access.organization_id, body_id=row["body"])
