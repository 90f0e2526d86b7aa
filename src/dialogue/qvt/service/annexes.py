"""Experience sheets of a QVT action proposal (issue 16): attached by the steering committee (its members and
the direction, `require_contributor`), read by those who read the committee."""

from __future__ import annotations

from dialogue.core.actor import Actor
from dialogue.documents.attachments import Target
from dialogue.qvt.service.access import require_contributor
from dialogue.qvt.service.actions import action_access


async def action_target(*, actor: Actor, target_id: int, write: bool) -> Target:
    """The action proposal `target_id` as an attachment target (`documents.attachments.TargetResolver`)."""
    access, row = await action_access(actor, target_id)
    access.require_read()
    if write:
        require_contributor(access)
    return Target(kind="qvt_action", id=target_id, organization_id=access.organization_id, body_id=row["body"])
