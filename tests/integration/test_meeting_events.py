"""Meetings services on a real database: domain events emitted in the transaction, with ids to act on
(a CSE built by the factories)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from dialogue.consultations import service as consultations
from dialogue.consultations.events import ConsultationOpened
from dialogue.consultations.schemas import ConsultationCreate
from dialogue.core import events
from dialogue.core.clock import PARIS
from dialogue.meetings.events import MeetingCancelled, MeetingConvened, MeetingEvent, MeetingRescheduled
from dialogue.meetings.schemas import (
    CancelRequest,
    ConveneRequest,
    MeetingUpdate,
)
from dialogue.meetings.service import agenda, meetings
from dialogue.meetings.tables import Convocation
from tests.factories import make_body, make_meeting, make_organization
from tests.helpers.clock import FrozenClock


@pytest.fixture
def seen() -> Iterator[list[events.DomainEvent]]:
    received: list[events.DomainEvent] = []

    async def collect(event: events.DomainEvent) -> None:
        received.append(event)

    for kind in (MeetingEvent, ConsultationOpened):
        events.subscribe(kind, collect)
    yield received
    for kind in (MeetingEvent, ConsultationOpened):
        events._subscribers[kind].remove(collect)


async def test_convening_records_the_convocation_list_and_emits_its_ids(
    db: Any, seen: list[events.DomainEvent], frozen_clock: FrozenClock
) -> None:
    frozen_clock.set(datetime(2026, 12, 1, 8, tzinfo=UTC))
    cse = await make_body(await make_organization(), titulaires=2, substitutes=2)
    assert cse.secretary is not None and cse.president is not None
    secretary, director = cse.secretary.actor, cse.president.actor
    start = datetime(2027, 1, 12, 14, tzinfo=PARIS)
    meeting = await make_meeting(cse, starts_at=start, title="Janvier", items=("Effectifs",))
    await agenda.approve(actor=secretary, meeting_id=meeting.id)
    await agenda.approve(actor=director, meeting_id=meeting.id)
    convened = await meetings.convene(actor=director, meeting_id=meeting.id, data=ConveneRequest())
    event = next(e for e in seen if isinstance(e, MeetingConvened))
    assert (event.meeting_id, event.sequence, event.late) == (meeting.id, convened.sequence, False)
    stored = await Convocation.select(Convocation.id).where(Convocation.meeting == meeting.id)
    assert sorted(event.convocation_ids) == sorted(r["id"] for r in stored)
    assert len(stored) == len(cse.members) == 6  # president, secretary, 2 titulaires, 2 suppléants

    later = start + timedelta(days=7)
    await meetings.update_meeting(
        actor=secretary,
        meeting_id=meeting.id,
        data=MeetingUpdate(starts_at=later, ends_at=later + timedelta(hours=2), reason="Report"),
    )
    moved = next(e for e in seen if isinstance(e, MeetingRescheduled))
    assert (moved.previous_starts_at, moved.starts_at, moved.was_convened) == (start, later, True)
    await meetings.cancel(actor=secretary, meeting_id=meeting.id, data=CancelRequest(reason="Grève"))
    cancelled = next(e for e in seen if isinstance(e, MeetingCancelled))
    assert (cancelled.reason, cancelled.was_convened, cancelled.sequence) == ("Grève", True, moved.sequence + 1)

    opened = await consultations.open_consultation(
        actor=secretary,
        body_id=cse.id,
        data=ConsultationCreate(subject="Plannings", kind="ponctual", informed_on=datetime(2026, 11, 30).date()),
    )
    consultation_event = next(e for e in seen if isinstance(e, ConsultationOpened))
    assert (consultation_event.consultation_id, consultation_event.deadline) == (opened.id, opened.deadline)
