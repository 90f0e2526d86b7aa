"""Read models of registers and entries, built from stored rows: statuses are computed here, never stored."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

from dialogue.bodies.access import BodyAccess
from dialogue.core.clock import PARIS, as_date, to_local
from dialogue.registers import repository as repo
from dialogue.registers.repository import Head, as_json_dict, entry_attachments
from dialogue.registers.rules import (
    DgiState,
    EntryStatus,
    RegisterKind,
    ResponseAction,
    current_dgi_state,
    due_on_warning,
    entry_status,
    format_digest,
    inspector_information_due,
    is_answer_late,
    local_deadline_text,
    may_refer_to_prefet,
)
from dialogue.registers.schemas import EntryAttachmentRead, EntryRead, HeadRead, RegisterRead, ResponseRead

LEGAL_BASIS: Final[Mapping[RegisterKind, str]] = {
    RegisterKind.QUESTIONS: "Code du travail, art. L2315-22",
    RegisterKind.DGI: "Code du travail, art. L4132-2 à L4132-4 et D4132-1, D4132-2",
    RegisterKind.PUBLIC_HEALTH: "Code du travail, art. L4133-1 à L4133-3 et D4133-1 à D4133-3",
    RegisterKind.PERSONAL_RIGHTS: "Code du travail, art. L2312-59",
    RegisterKind.DIALOGUE: "Registre libre (règlement intérieur de l'instance)",
}
CONFIDENTIAL_SUBJECT: Final = "Entrée confidentielle (L2315-3)"


def local_date(moment: datetime) -> date:
    """The organisation's calendar day of an instant (legal delays count in local days)."""
    return to_local(moment).date()


def head_read(head: Head | None) -> HeadRead | None:
    if head is None:
        return None
    return HeadRead(
        number=head.number,
        seq=head.seq,
        hash=head.hash,
        digest=format_digest(number=head.number, seq=head.seq, hash=head.hash),
    )


def register_read(row: Mapping[str, Any], *, entries: int, head: Head | None) -> RegisterRead:
    kind = RegisterKind(row["kind"])
    return RegisterRead(
        id=row["id"],
        organization_id=row["organization"],
        body_id=row["body"],
        kind=kind,
        title=row["title"],
        legal_basis=LEGAL_BASIS[kind],
        created_at=row["created_at"],
        entries=entries,
        head=head_read(head),
    )


@dataclass(frozen=True, slots=True)
class History:
    """What the responses appended after an entry say about it (statuses are computed, never stored)."""

    answered_at: datetime | None
    closed_at: datetime | None
    dgi_state: DgiState | None
    meeting_due_by: datetime | None
    moved_due_on: date | None = None  # the last `due_date_changed` record's due date (meeting rescheduled)
    moved_meeting_on: date | None = None
    inspector_informed_at: datetime | None = None  # L4132-4

    def due_on(self, row: Mapping[str, Any]) -> date | None:
        """The current due date: as moved by the last due-date change, else as fixed at submission."""
        return self.moved_due_on if self.moved_due_on is not None else as_date(row["due_on"])

    def meeting_on(self, row: Mapping[str, Any]) -> date | None:
        return self.moved_meeting_on if self.moved_meeting_on is not None else as_date(row["meeting_on"])


def entry_history(kind: RegisterKind, responses: Sequence[Mapping[str, Any]]) -> History:
    answered_at = closed_at = meeting_due_by = informed_at = None
    moved_due_on = moved_meeting_on = None
    steps: list[DgiState] = []
    for response in responses:
        action = ResponseAction(response["action"])
        if action is ResponseAction.DUE_DATE_CHANGED:
            moved_due_on, moved_meeting_on = as_date(response["due_on"]), as_date(response["meeting_on"])
            continue
        if action in {ResponseAction.ANSWER, ResponseAction.DGI_STEP} and answered_at is None:
            answered_at = response["submitted_at"]
        if action is ResponseAction.CLOSE:
            closed_at = response["submitted_at"]
        if action is ResponseAction.DGI_STEP:
            steps.append(DgiState(response["dgi_state"]))
            if steps[-1] is DgiState.CLOSED:
                closed_at = response["submitted_at"]
            if response["meeting_due_by"] is not None:
                meeting_due_by = response["meeting_due_by"]
            if steps[-1] is DgiState.INSPECTOR_INFORMED:
                informed_at = response["informed_at"] or response["submitted_at"]
    dgi_state = current_dgi_state(steps) if kind is RegisterKind.DGI else None
    return History(
        answered_at=answered_at,
        closed_at=closed_at,
        dgi_state=dgi_state,
        meeting_due_by=meeting_due_by,
        moved_due_on=moved_due_on,
        moved_meeting_on=moved_meeting_on,
        inspector_informed_at=informed_at,
    )


def status_of(row: Mapping[str, Any], history: History, today: date) -> EntryStatus:
    return entry_status(
        due_on=history.due_on(row), answered_at=history.answered_at, closed_at=history.closed_at, today=today
    )


def response_read(row: Mapping[str, Any], *, due_on: date | None) -> ResponseRead:
    action = ResponseAction(row["action"])
    late = action not in {ResponseAction.CLOSE, ResponseAction.DUE_DATE_CHANGED} and is_answer_late(
        due_on=due_on, answered_on=local_date(row["submitted_at"])
    )
    return ResponseRead(
        id=row["id"],
        entry_id=row["entry"],
        number=row["number"],
        seq=row["seq"],
        action=action,
        body=row["body"],
        dgi_state=DgiState(row["dgi_state"]) if row["dgi_state"] else None,
        meeting_due_by=row["meeting_due_by"],
        due_on=as_date(row["due_on"]),
        meeting_on=as_date(row["meeting_on"]),
        informed_at=row["informed_at"],
        author_id=row["author"],
        author_name=shown_author(row),
        submitted_at=row["submitted_at"],
        late=late,
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )


def shown_author(row: Mapping[str, Any]) -> str:
    """The author's name as chained when the record was written (version 2); older records show the
    account's current name."""
    chained = row.get("author_name")
    return str(chained) if chained is not None else str(row.get("author.full_name") or "")


def entry_read(
    row: Mapping[str, Any],
    *,
    kind: RegisterKind,
    responses: Sequence[Mapping[str, Any]],
    corrected_by: Sequence[int],
    access: BodyAccess,
    today: date,
    now: datetime,
    alsace_moselle: bool = False,
) -> EntryRead:
    history = entry_history(kind, responses)
    due_on = history.due_on(row)
    meeting_on = history.meeting_on(row)
    redacted = bool(row["confidential"]) and not access.sees_confidential
    fields = as_json_dict(row["fields"])
    if kind is RegisterKind.QUESTIONS:
        fields["meeting_on"] = meeting_on.isoformat() if meeting_on else None
        fields["meeting_id"] = row["meeting_id"]
    return EntryRead(
        id=row["id"],
        register_id=row["register"],
        number=row["number"],
        seq=row["seq"],
        subject=CONFIDENTIAL_SUBJECT if redacted else row["subject"],
        body="" if redacted else row["body"],
        fields={} if redacted else fields,
        submitted_at=row["submitted_at"],
        author_id=None if redacted else row["author"],
        author_name=None if redacted else shown_author(row),
        due_on=due_on,
        submitted_due_on=as_date(row["due_on"]),
        due_on_warning=due_on_warning(due_on, alsace_moselle=alsace_moselle),
        status=status_of(row, history, today),
        dgi_state=history.dgi_state,
        meeting_id=None if redacted else row["meeting_id"],
        meeting_on=None if redacted else meeting_on,
        late_submission=bool(row["late_submission"]),
        meeting_due_by=history.meeting_due_by,
        meeting_due_by_text=local_deadline_text(history.meeting_due_by, tz=PARIS) if history.meeting_due_by else None,
        inspector_information_due=inspector_information_due(
            state=history.dgi_state, meeting_due_by=history.meeting_due_by, now=now
        )
        if kind is RegisterKind.DGI
        else None,
        inspector_informed_at=history.inspector_informed_at,
        may_refer_to_prefet=may_refer_to_prefet(
            alerted_on=local_date(row["submitted_at"]),
            followed_up_on=local_date(history.answered_at) if history.answered_at else None,
            today=today,
        )
        if kind is RegisterKind.PUBLIC_HEALTH and history.closed_at is None
        else None,
        attachments=[] if redacted else [EntryAttachmentRead.model_validate(a) for a in entry_attachments(row)],
        confidential=bool(row["confidential"]),
        confidentiality_reason=row["confidentiality_reason"],
        redacted=redacted,
        corrects=row["corrects"],
        corrected_by=list(corrected_by),
        answered_at=history.answered_at,
        closed_at=history.closed_at,
        responses=[] if redacted else [response_read(r, due_on=due_on) for r in responses],
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )


async def entry_reads(
    rows: Sequence[Mapping[str, Any]],
    *,
    register: Mapping[str, Any],
    access: BodyAccess,
    now: datetime,
    calendar: repo.HolidayCalendar | None = None,
    corrections: Mapping[int, Sequence[int]] | None = None,
) -> list[EntryRead]:
    """Read models of stored entries with their responses and addenda; statuses as of `now` (local day). The
    body's `calendar` and the addenda by corrected number (`corrections`) are read unless given."""
    kind = RegisterKind(register["kind"])
    if calendar is None:
        calendar = await repo.holiday_calendar(register["body"])
    responses = await repo.responses_for(r["id"] for r in rows)
    if corrections is None:
        corrections = await repo.corrections_for(register_id=register["id"], numbers=(r["number"] for r in rows))
    return [
        entry_read(
            row,
            kind=kind,
            responses=responses.get(row["id"], []),
            corrected_by=corrections.get(row["number"], []),
            access=access,
            today=local_date(now),
            now=now,
            alsace_moselle=calendar.alsace_moselle,
        )
        for row in rows
    ]


async def entry_reads_of_registers(
    rows: Sequence[Mapping[str, Any]],
    *,
    registers: Mapping[int, Mapping[str, Any]],
    accesses: Mapping[int, BodyAccess],
    now: datetime,
) -> list[EntryRead]:
    """`entry_reads` for entries of several registers (keyed by id; `accesses` keyed by body), in three queries
    whatever the number of registers: the bodies' calendars, the responses, the addenda."""
    calendars = await repo.holiday_calendars(r["body"] for r in registers.values())
    responses = await repo.responses_for(r["id"] for r in rows)
    corrections = await repo.corrections_in(register_ids=registers, numbers=(r["number"] for r in rows))
    reads = []
    for row in rows:
        register = registers[row["register"]]
        calendar = calendars.get(register["body"], repo.HolidayCalendar())
        reads.append(
            entry_read(
                row,
                kind=RegisterKind(register["kind"]),
                responses=responses.get(row["id"], []),
                corrected_by=corrections.get((row["register"], row["number"]), []),
                access=accesses[register["body"]],
                today=local_date(now),
                now=now,
                alsace_moselle=calendar.alsace_moselle,
            )
        )
    return reads
