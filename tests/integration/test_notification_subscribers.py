"""Subscribers against a real database: minutes published reach every member in the meeting's thread, the
demo's delivered convocations are visible to admins."""

from __future__ import annotations

from typing import Any

import pytest

from dialogue.bodies.tables import Body
from dialogue.bootstrap import bootstrap
from dialogue.core.events import emit
from dialogue.meetings.events import MinutesPublished
from dialogue.meetings.tables import Minutes
from dialogue.notifications.tables import OutboxMessage


@pytest.fixture(autouse=True)
def subscribed(settings: Any) -> None:
    """What `create_app` and the worker do at start (idempotent)."""
    bootstrap(settings)


async def _published_minutes() -> tuple[int, int, int, int]:
    body = await Body.select(Body.id, Body.organization).where(Body.name == "CSE de l'Association Les Tilleuls").first()
    assert body is not None
    row = (
        await Minutes.select(Minutes.id, Minutes.meeting, Minutes.sha256)
        .where((Minutes.status == "published") & (Minutes.meeting.body == body["id"]))
        .first()
    )
    assert row is not None, "the demo has published minutes"
    return int(body["organization"]), int(body["id"]), int(row["meeting"]), int(row["id"])


async def test_published_minutes_reach_every_member_threaded_without_a_calendar_part(db: Any) -> None:
    organization, body, meeting, minutes = await _published_minutes()
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
    assert all(r["subject"].startswith("PV publié : [CSE de l'Association Les Tilleuls] Réunion du ") for r in rows)
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
