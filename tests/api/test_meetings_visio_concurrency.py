"""Meetings by visio-conference scheduled at the same instant (L2315-4, issue 16): the count of the year's meetings
by visio and the insert of the new one are atomic, on PostgreSQL (the body's row is locked, `SELECT … FOR UPDATE`)
as on SQLite (one writer at a time). Real transactions committed, two requests in flight together.

The outcome does not depend on the order in which the two requests reach the database: whichever comes first
takes the last slot, the other is refused; the assertions look at the multiset of statuses only."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from dialogue.meetings.tables import Meeting
from tests.api.meeting_helpers import Built, built_cse, new_meeting, paris
from tests.helpers.problems import assert_problem

# Committed transactions: each test empties the tables and reloads the demo after it (slow on a busy machine).
pytestmark = [pytest.mark.committed, pytest.mark.timeout(600)]

VISIO = "https://visio.example/cse"


@pytest.fixture
async def built(committed_client: Any, monkeypatch: pytest.MonkeyPatch, settings: Any) -> Built:
    return await built_cse(committed_client, monkeypatch, secret=settings.secret_key.get_secret_value())


def _visio(title: str, day: int) -> dict[str, Any]:
    start = paris(2027, 10, day)
    return {
        "title": title,
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=2)).isoformat(),
        "visio_url": VISIO,
    }


async def _visio_meetings(body: int) -> int:
    return await Meeting.count().where((Meeting.body == body) & Meeting.visio_url.is_not_null())


async def test_two_visio_meetings_racing_for_the_last_slot_one_is_scheduled_one_refused_L2315_4(
    built: Built,
) -> None:
    demo = built.setup
    for month in (3, 6):
        await new_meeting(demo.client, demo.secretary, demo.cse, paris(2027, month, 2), visio_url=VISIO)
    url = f"/api/v1/bodies/{demo.cse}/meetings"
    responses = await asyncio.gather(
        demo.client.post(url, headers=demo.secretary, json=_visio("Réunion en visio A", 5)),
        demo.client.post(url, headers=demo.director, json=_visio("Réunion en visio B", 6)),
    )
    assert sorted(r.status_code for r in responses) == [201, 409], [r.text for r in responses]
    refused = next(r for r in responses if r.status_code == 409)
    assert "L2315-4" in assert_problem(refused, 409, "visio_limit_reached")["detail"]
    assert await _visio_meetings(demo.cse) == 3


async def test_many_visio_meetings_racing_for_three_slots_exactly_three_are_scheduled_L2315_4(built: Built) -> None:
    demo = built.setup
    url = f"/api/v1/bodies/{demo.cse}/meetings"
    writers = (demo.secretary, demo.director)
    responses = await asyncio.gather(
        *(demo.client.post(url, headers=writers[n % 2], json=_visio(f"Visio {n}", 1 + n)) for n in range(6))
    )
    assert sorted(r.status_code for r in responses) == [201] * 3 + [409] * 3, [r.text for r in responses]
    assert await _visio_meetings(demo.cse) == 3
