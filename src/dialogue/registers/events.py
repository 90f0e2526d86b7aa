"""Register events, emitted inside the writing transaction (notifications, meetings and indicators listen).

Every event carries the register's head digest after the write (`head_number`, `head_seq`, `head_hash`,
and `digest` as printed): notifications print it, so members keep copies outside the database and can
later check with `GET /api/v1/registers/{id}/verify?number=&hash=` that the chain was not rewritten.
A confidential entry (L2315-3) has `confidential=True`: its subject must not leave the application.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from dialogue.core.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class RegisterEvent(DomainEvent):
    body_id: int
    register_id: int
    register_kind: str
    register_title: str
    entry_id: int
    number: int
    subject: str
    confidential: bool
    head_number: int
    head_seq: int
    head_hash: str
    digest: str


@dataclass(frozen=True, kw_only=True)
class EntrySubmitted(RegisterEvent):
    """A new entry (an addendum when `corrects` is set): the direction must act by `due_on`."""

    author_user_id: int
    submitted_at: datetime
    due_on: date | None
    corrects: int | None
    late_submission: bool


@dataclass(frozen=True, kw_only=True)
class ResponsePosted(RegisterEvent):
    """An answer (`action="answer"`), a DGI step (`"dgi_step"`, with `dgi_state`) or a closing (`"close"`)."""

    response_id: int
    action: str
    dgi_state: str | None
    entry_author_user_id: int
    submitted_at: datetime
    late: bool


@dataclass(frozen=True, kw_only=True)
class DgiDisagreement(RegisterEvent):
    """L4132-3: the CSE must be convened within 24 hours; the employer informs the labour inspector and CARSAT.

    The meetings module creates a draft extraordinary meeting from it (`meeting_due_by`, aware UTC); the
    worker mails the president and the secretary later, as of `recorded_at` (when the disagreement was recorded).
    """

    response_id: int
    recorded_at: datetime
    meeting_due_by: datetime
    reason: str


@dataclass(frozen=True, kw_only=True)
class EntryDeadlineNear(RegisterEvent):
    """Built by `service.deadline_events` for the notifications worker: an open entry is due soon."""

    due_on: date


@dataclass(frozen=True, kw_only=True)
class EntryOverdue(RegisterEvent):
    """Built by `service.deadline_events`: the due date passed without an answer (status became overdue)."""

    due_on: date
