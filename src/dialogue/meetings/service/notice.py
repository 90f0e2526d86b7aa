"""What the convocation must respect, shown before convening (L2315-30, L2316-17, L2315-27)."""

from __future__ import annotations

from dialogue.core.actor import Actor
from dialogue.meetings import repository as repo
from dialogue.meetings.rules import NoticeDeadline, convocation_body_kind, notice_deadlines
from dialogue.meetings.service.meetings import _treats_ssct as treats_ssct


async def notice(*, actor: Actor, meeting_id: int) -> tuple[NoticeDeadline, ...]:
    """The last days to send the convocation of this meeting, from its body's kind, regime and règlement."""
    _, row = await repo.meeting_access(actor=actor, meeting_id=meeting_id)
    ctx = await repo.body_context(row["body"])
    return notice_deadlines(
        meeting_start=row["starts_at"],
        body_kind=convocation_body_kind(body_kind=ctx.kind, has_establishment=ctx.has_establishment),
        treats_ssct=await treats_ssct(row) and ctx.kind in ("cse", "cse_central"),
        ri_days=ctx.agenda_notice_days,
        full_remit=ctx.regime.full_remit,
        tz=repo.zone(row),
    )
