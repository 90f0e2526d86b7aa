"""What the convocation must respect, shown before convening (L2315-30, L2316-17); the 15-day written
confirmation of the SSCT meetings of the calendar to the inspection, the médecin du travail and the CARSAT
(L2315-27 al. 4), a notice of its own that never delays the convocation."""

from __future__ import annotations

from datetime import date
from typing import Any

from dialogue.audit import service as audit
from dialogue.core.actor import Actor
from dialogue.core.db import transaction
from dialogue.core.errors import InvalidInput, InvalidState
from dialogue.meetings import repository as repo
from dialogue.meetings.rules import NoticeDeadline, convocation_body_kind, notice_deadlines, ssct_notice_due_on
from dialogue.meetings.schemas import SsctNoticeCreate, SsctNoticeRead
from dialogue.meetings.service.common import now, record_change, ssct_notice_read, today_in
from dialogue.meetings.tables import SsctMeetingNotice


async def notice(*, actor: Actor, meeting_id: int) -> tuple[NoticeDeadline, ...]:
    """The last days to send the convocation of this meeting, from its body's kind, regime and règlement."""
    _, row = await repo.meeting_access(actor=actor, meeting_id=meeting_id)
    ctx = await repo.body_context(row["body"])
    return notice_deadlines(
        meeting_start=row["starts_at"],
        body_kind=convocation_body_kind(body_kind=ctx.kind, has_establishment=ctx.has_establishment),
        ri_days=ctx.agenda_notice_days,
        full_remit=ctx.regime.full_remit,
        urgency=row["urgency"],
        tz=repo.zone(row),
    )


async def _notice_row(meeting_id: int) -> dict[str, object] | None:
    row: dict[str, object] | None = (
        await SsctMeetingNotice.select().where(SsctMeetingNotice.meeting == meeting_id).first()
    )
    return row


def _not_required() -> InvalidState:
    return InvalidState(
        "Aucune confirmation écrite n'est due pour cette réunion : seules les réunions SSCT du calendrier annuel "
        "d'un CSE d'au moins 50 salariés sont confirmées 15 jours avant (art. L2315-27 du Code du travail).",
        code="ssct_notice_not_required",
    )


async def get_ssct_notice(*, actor: Actor, meeting_id: int) -> SsctNoticeRead:
    _, row = await repo.meeting_access(actor=actor, meeting_id=meeting_id)
    ctx = await repo.body_context(row["body"])
    read = ssct_notice_read(
        row=row, body_kind=ctx.kind, full_remit=ctx.regime.full_remit, notice=await _notice_row(meeting_id)
    )
    if read is None:
        raise _not_required()
    return read


async def record_ssct_notice(*, actor: Actor, meeting_id: int, data: SsctNoticeCreate) -> SsctNoticeRead:
    """The president records that the employer confirmed the SSCT meeting in writing (L2315-27 al. 4)."""
    async with transaction():
        access, row = await repo.meeting_access(actor=actor, meeting_id=meeting_id, lock=True)
        access.require(
            access.is_president,
            "Seul le président (l'employeur) confirme les réunions SSCT à l'inspection du travail, au médecin du "
            "travail et à la CARSAT (art. L2315-27).",
        )
        ctx = await repo.body_context(row["body"])
        existing = await _notice_row(meeting_id)
        if ssct_notice_read(row=row, body_kind=ctx.kind, full_remit=ctx.regime.full_remit, notice=existing) is None:
            raise _not_required()
        if row["status"] == "cancelled":
            raise InvalidState("La réunion est annulée : rien à confirmer.", code="meeting_cancelled")
        tz = repo.zone(row)
        today = today_in(tz)
        sent_on: date = data.sent_on or today
        if sent_on > today:
            raise InvalidInput(
                "La confirmation ne peut être datée d'un jour à venir.",
                errors=[{"field": "sent_on", "message": "date future"}],
            )
        due_on = ssct_notice_due_on(meeting_start=row["starts_at"], tz=tz)
        recipients = sorted({r.value for r in data.recipients})
        moment = now()
        values: dict[Any, Any] = {
            SsctMeetingNotice.recipients: recipients,
            SsctMeetingNotice.due_on: due_on,
            SsctMeetingNotice.sent_on: sent_on,
            SsctMeetingNotice.sent_by: actor.user_id,
            SsctMeetingNotice.note: data.note,
            SsctMeetingNotice.updated_at: moment,
        }
        if existing is None:
            await SsctMeetingNotice.insert(
                SsctMeetingNotice(
                    meeting=meeting_id,
                    recipients=recipients,
                    due_on=due_on,
                    sent_on=sent_on,
                    sent_by=actor.user_id,
                    note=data.note,
                    created_at=moment,
                    updated_at=moment,
                )
            )
        else:
            await SsctMeetingNotice.update(values).where(SsctMeetingNotice.meeting == meeting_id)
        after = {"sent_on": sent_on, "due_on": due_on, "recipients": recipients, "article": "L2315-27 al. 4"}
        await record_change(
            meeting_id=meeting_id, sequence=row["sequence"], kind="ssct_notice_sent", actor=actor, after=after
        )
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="ssct_notice_sent",
            entity="meeting",
            entity_id=meeting_id,
            after={**after, "sent_on": sent_on.isoformat(), "due_on": due_on.isoformat()},
        )
        read = ssct_notice_read(
            row=row, body_kind=ctx.kind, full_remit=ctx.regime.full_remit, notice=await _notice_row(meeting_id)
        )
        assert read is not None
        return read
