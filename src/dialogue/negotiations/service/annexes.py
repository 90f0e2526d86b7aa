"""Documents of a negotiation (issue 16): drafts, the signed agreement and its anonymised version for deposit
(L2231-5-1: the agreement is made public in a version from which the names of the negotiators and signatories
are removed), attached by the direction that manages negotiations, read by those who read its table."""

from __future__ import annotations

from dialogue.core.actor import Actor
from dialogue.documents.attachments import Target
from dialogue.negotiations.service.context import load_negotiation


async def negotiation_target(*, actor: Actor, target_id: int, write: bool) -> Target:
    """The negotiation `target_id` as an attachment target (`documents.attachments.TargetResolver`)."""
    row, who = await load_negotiation(actor=actor, negotiation_id=target_id)
    who.require_read(row["table_body"])
    if write:
        who.require_manage()
    return Target(kind="negotiation", id=target_id, organization_id=row["organization"], body_id=row["table_body"])
