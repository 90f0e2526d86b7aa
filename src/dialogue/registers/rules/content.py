"""What the chain hashes of each record besides its ledger position: the entry's and the response's content."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum

from dialogue.registers.rules.statuses import DgiState


class ResponseAction(StrEnum):
    """What a record appended after an entry does."""

    ANSWER = "answer"  # the employer's reasoned answer (L2315-22) or follow-up (L4133-1)
    DGI_STEP = "dgi_step"  # a step of a DGI alert (L4132-2 to L4132-4)
    CLOSE = "close"  # the representatives consider the entry settled
    DUE_DATE_CHANGED = "due_date_changed"  # the meeting a question is for moved: its due date follows (L2315-22)


def entry_content(
    *,
    subject: str,
    body: str,
    fields: Mapping[str, object],
    confidential: bool,
    confidentiality_reason: str | None,
    corrects: int | None,
    meeting_id: int | None,
    meeting_on: date | None,
    due_on: date | None,
    late_submission: bool,
    attachments: Sequence[Mapping[str, object]] = (),
) -> dict[str, object]:
    """What an entry's hash covers besides its ledger position: everything shown about it, as stored.

    The due date is fixed at submission (with the holidays known then) and hashed, so it cannot be moved. The
    attached documents (photos, reports: document id, version, file name and SHA-256) appear only on the entries
    that carry some, so entries written before them hash exactly as they did; changing a file's bytes, or
    pointing the entry at another version, breaks the chain.
    """
    content: dict[str, object] = {
        "subject": subject,
        "body": body,
        "fields": dict(fields),
        "confidential": confidential,
        "confidentiality_reason": confidentiality_reason,
        "corrects": corrects,
        "meeting_id": meeting_id,
        "meeting_on": meeting_on,
        "due_on": due_on,
        "late_submission": late_submission,
    }
    if attachments:
        content["attachments"] = [dict(a) for a in attachments]
    return content


def response_content(
    *,
    action: ResponseAction,
    body: str,
    dgi_state: DgiState | None,
    meeting_due_by: datetime | None,
    due_on: date | None = None,
    meeting_on: date | None = None,
    informed_at: datetime | None = None,
) -> dict[str, object]:
    """What a response's hash covers besides its ledger position (L4132-3's 24-hour limit included).

    The later keys appear only on the records that carry them (a due-date change, L2315-22; the inspector
    informed, L4132-4), so records written before they existed hash exactly as they did.
    """
    content: dict[str, object] = {
        "action": action.value,
        "body": body,
        "dgi_state": dgi_state.value if dgi_state else None,
        "meeting_due_by": meeting_due_by,
    }
    if action is ResponseAction.DUE_DATE_CHANGED:
        content.update(due_on=due_on, meeting_on=meeting_on)
    if informed_at is not None:
        content["informed_at"] = informed_at
    return content
