"""What the registers do when other modules report something (in the reporting transaction). The registers sit
below the meetings: meetings/subscribers.py hands them the rescheduled meeting, with plain values.

A question of the L2315-22 register is answered at the latest 6 jours ouvrables after its meeting: when the
meeting moves to another day, its due date follows. The entry is never edited (its due date is hashed): a
`due_date_changed` record is appended to the register's chain, and reads show the current due date.
"""

from __future__ import annotations

from datetime import datetime

from dialogue.audit import service as audit
from dialogue.core.actor import Actor
from dialogue.core.clock import to_local, utcnow
from dialogue.integrity import ChainKey
from dialogue.registers import repository as repo
from dialogue.registers.ledger import append_response
from dialogue.registers.rules import RegisterKind, ResponseAction, rescheduled_question_due_on
from dialogue.registers.views import entry_history


async def follow_rescheduled_meeting(
    *, meeting_id: int, starts_at: datetime, actor_user_id: int | None, organization_id: int, chain_key: ChainKey
) -> None:
    """Append a `due_date_changed` record for each pending question tied to the meeting (L2315-22)."""
    if actor_user_id is None:
        return
    new_meeting_on = to_local(starts_at).date()
    rows = await repo.open_question_entries_of_meeting(meeting_id)
    responses = await repo.responses_for(row["id"] for row in rows)
    for row in rows:
        history = entry_history(RegisterKind.QUESTIONS, responses.get(row["id"], []))
        if history.answered_at is not None or history.closed_at is not None:
            continue
        calendar = await repo.holiday_calendar(row["register.body"])
        due_on = rescheduled_question_due_on(
            current_meeting_on=history.meeting_on(row),
            new_meeting_on=new_meeting_on,
            alsace_moselle=calendar.alsace_moselle,
            worked_holidays=calendar.worked_holidays,
        )
        if due_on is None:
            continue
        body = (
            f"Réunion reportée au {new_meeting_on:%d/%m/%Y} : la réponse écrite est due au plus tard le "
            f"{due_on:%d/%m/%Y}, six jours ouvrables après la réunion (art. L2315-22)."
        )
        response_id, head = await append_response(
            entry=row,
            author_id=actor_user_id,
            action=ResponseAction.DUE_DATE_CHANGED,
            body=body,
            submitted_at=utcnow(),
            chain_key=chain_key,
            due_on=due_on,
            meeting_on=new_meeting_on,
        )
        await audit.record(
            actor=Actor(user_id=actor_user_id, organization_id=organization_id),
            organization_id=organization_id,
            action=ResponseAction.DUE_DATE_CHANGED.value,
            entity="register_entry",
            entity_id=row["id"],
            before={"due_on": str(history.due_on(row)), "meeting_on": str(history.meeting_on(row))},
            after={
                "response_id": response_id,
                "due_on": due_on.isoformat(),
                "meeting_on": new_meeting_on.isoformat(),
                "meeting_id": meeting_id,
                "seq": head.seq,
                "hash": head.hash,
            },
        )
