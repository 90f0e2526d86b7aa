"""The deferred fan-out stores an event as JSON and gives the worker back the very event (issue 15)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from dialogue.notifications.fanout import decode, encode
from dialogue.registers.events import EntrySubmitted

BASE = {
    "organization_id": 1,
    "actor_user_id": 7,
    "body_id": 2,
    "register_id": 3,
    "register_kind": "questions",
    "register_title": "Registre des questions",
    "entry_id": 11,
    "number": 4,
    "subject": "Planning des veilles de nuit — « décembre »",
    "confidential": False,
    "head_number": 4,
    "head_seq": 6,
    "head_hash": "ab" * 32,
    "digest": "n° 4 · abab",
    "author_user_id": 7,
    "submitted_at": datetime(2026, 12, 7, 9, 30, 15, 123456, tzinfo=UTC),
    "corrects": None,
    "late_submission": False,
}


def test_an_entry_event_comes_back_equal_with_its_dates() -> None:
    event = EntrySubmitted(**BASE, due_on=date(2026, 12, 23))
    assert decode(EntrySubmitted, encode(event)) == event


def test_an_entry_event_without_due_date_comes_back_equal() -> None:
    event = EntrySubmitted(**BASE, due_on=None)
    back = decode(EntrySubmitted, encode(event))
    assert back == event
    assert back.due_on is None
