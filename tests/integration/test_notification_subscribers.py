"""Subscribers against a real database: minutes published reach every member in the meeting's thread (a CSE
built by the factories), the demo's delivered convocations are visible to admins."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from dialogue.bootstrap import bootstrap
from dialogue.core.clock import PARIS
from dialogue.core.events import emit
from dialogue.meetings.events import MinutesPublished
from dialogue.notifications.tables import OutboxMessage
from tests.factories import make_body, make_organization, make_published_minutes
from tests.helpers.clock import FrozenClock


@pytest.fixture(autouse=True)
def subscribed(settings: Any) -> None:
    """What `create_app` and the worker do at start (idempotent)."""
    bootstrap(settings)


async def _published_minutes(clock: FrozenClock) -> tuple[int, int, int, int, str]:
    """A CSE of 10 members (president, secretary, 6 titulaires, 2 suppléants) with minutes published."""
    clock.set(datetime(2026, 3, 2, 9, tzinfo=PARIS))
    cse = await make_body(await make_organization(), titulaires=6, substitutes=2)
    published = await make_published_minutes(cse, clock, held_at=datetime(2026, 3, 10, 14, tzinfo=PARIS))
    assert published.status == "published"
    return cse.org.id, cse.id, published.meeting_id, published.id, cse.body.name


async def test_published_minutes_reach_every_member_threaded_without_a_calendar_part(
    db: Any, frozen_clock: FrozenClock
) -> None:
    organization, body, meeting, minutes, name = await _published_minutes(frozen_clock)
    await emit(
        MinutesPublished(
            organization_id=organization, meeting_id=meeting, body_id=body, minutes_id=minutes, sha256="0" * 64
        )
    )
    rows = await OutboxMessage.select().where(OutboxMessage.kind == "minutes_published")
    assert len(rows) >= 10
    assert len({r["recipient_email"] for r in rows}) == len(rows)
    assert all(r["thread_root"] == f"<meeting-{meeting}@demo.example>" for r in rows)
    assert all(r["ics"] is None and r["category"] == "notice" for r in rows)
    assert all(r["subject"].startswith(f"PV publié : [{name}] Réunion du ") for r in rows)
    assert all("L2315-35" in r["body_text"] for r in rows)
    again = len(rows)
    await emit(
        MinutesPublished(
            organization_id=organization, meeting_id=meeting, body_id=body, minutes_id=minutes, sha256="0" * 64
        )
    )
    assert await OutboxMessage.count().where(OutboxMessage.kind == "minutes_published") == again


async def test_the_demo_shows_the_last_meetings_convocations_as_delivered(db: Any) -> None:
    rows = await OutboxMessage.select().where(OutboxMessage.dedupe_key.like("demo:convocation:%"))
    assert len(rows) >= 10
    assert {r["status"] for r in rows} == {"sent"}
    assert all(r["ics_method"] == "REQUEST" and "METHOD:REQUEST" in r["ics"] for r in rows)
    assert all(r["sent_at"] is not None for r in rows)
