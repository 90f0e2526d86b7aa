"""Deadlines for the notifications worker: entries due soon or overdue, and the reminder events.

A status changes by itself when a due date passes (DOMAIN.md: deemed outcomes happen by themselves); a
scheduler calls `deadline_events` daily and emits what it returns, in its own transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from dialogue.core.clock import local_today
from dialogue.registers import repository as repo
from dialogue.registers.events import EntryDeadlineNear, EntryOverdue, RegisterEvent
from dialogue.registers.queries import register_summaries
from dialogue.registers.rules import DeadlineAlert, EntryStatus, RegisterKind, deadline_alert, format_digest
from dialogue.registers.views import CONFIDENTIAL_SUBJECT, entry_history, status_of


@dataclass(frozen=True, slots=True)
class DueEntry:
    """An entry whose due date falls in the asked window, with its computed status (for the worker)."""

    entry_id: int
    organization_id: int
    body_id: int
    register_id: int
    register_kind: str
    register_title: str
    number: int
    subject: str
    confidential: bool
    due_on: date
    status: EntryStatus
    alert: DeadlineAlert | None


async def entries_due_between(
    *,
    start: date,
    end: date,
    today: date | None = None,
    organization_id: int | None = None,
    near_days: int = 2,
    include_settled: bool = False,
) -> list[DueEntry]:
    """Entries due in [start, end] still awaiting the direction (open or overdue), in due-date order.

    For the notifications worker: `alert` says whether the deadline is near or passed on `today`.
    """
    today = today or local_today()
    rows = await repo.open_entries_due(start=start, end=end, organization_id=organization_id)
    responses = await repo.responses_for(r["id"] for r in rows)
    found: list[DueEntry] = []
    for row in rows:
        kind = RegisterKind(row["register.kind"])
        history = entry_history(kind, responses.get(row["id"], []))
        status = status_of(row, history, today)
        if not include_settled and status in {EntryStatus.ANSWERED, EntryStatus.CLOSED}:
            continue
        due_on = history.due_on(row)  # as moved by a rescheduled meeting (a `due_date_changed` record)
        if due_on is None or not start <= due_on <= end:
            continue
        found.append(
            DueEntry(
                entry_id=row["id"],
                organization_id=row["register.organization"],
                body_id=row["register.body"],
                register_id=row["register"],
                register_kind=kind.value,
                register_title=row["register.title"],
                number=row["number"],
                subject=CONFIDENTIAL_SUBJECT if row["confidential"] else row["subject"],
                confidential=bool(row["confidential"]),
                due_on=due_on,
                status=status,
                alert=deadline_alert(due_on=due_on, status=status, today=today, near_days=near_days),
            )
        )
    return sorted(found, key=lambda item: (item.due_on, item.entry_id))


async def deadline_events(
    *, today: date, near_days: int = 2, overdue_since: date | None = None, organization_id: int | None = None
) -> list[RegisterEvent]:
    """Reminder events for a daily run: due within `near_days`, or overdue since `overdue_since` (yesterday)."""
    since = overdue_since or date.fromordinal(today.toordinal() - 1)
    end = date.fromordinal(today.toordinal() + near_days)
    due = await entries_due_between(
        start=since, end=end, today=today, organization_id=organization_id, near_days=near_days
    )
    summaries = await register_summaries(item.register_id for item in due if item.alert is not None)
    events: list[RegisterEvent] = []
    for item in due:
        if item.alert is None:
            continue
        head = summaries[item.register_id].head
        assert head is not None
        common: dict[str, Any] = {
            "organization_id": item.organization_id,
            "body_id": item.body_id,
            "register_id": item.register_id,
            "register_kind": item.register_kind,
            "register_title": item.register_title,
            "entry_id": item.entry_id,
            "number": item.number,
            "subject": item.subject,
            "confidential": item.confidential,
            "head_number": head.number,
            "head_seq": head.seq,
            "head_hash": head.hash,
            "digest": format_digest(number=head.number, seq=head.seq, hash=head.hash),
            "due_on": item.due_on,
        }
        events.append(EntryOverdue(**common) if item.alert is DeadlineAlert.OVERDUE else EntryDeadlineNear(**common))
    return events
