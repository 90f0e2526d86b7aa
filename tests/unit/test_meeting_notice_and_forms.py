"""The convocation deadline shown before convening (L2315-30, L2316-17, L2315-27) and the pure helpers that turn
the meeting forms into the API's payloads."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from dialogue.core.clock import PARIS
from dialogue.meetings.pages.forms import (
    attendance_entries,
    attendance_errors,
    meeting_errors,
    meeting_payload,
    split_meetings,
    swapped_order,
    vote_payload,
)
from dialogue.meetings.rules import convocation_check, notice_deadlines

MONDAY = datetime(2026, 3, 9, 14, 0, tzinfo=PARIS)


def test_cse_agenda_is_due_three_days_before_a_monday_meeting_so_on_friday() -> None:
    (deadline,) = notice_deadlines(meeting_start=MONDAY, body_kind="cse")
    assert (deadline.article, deadline.days, deadline.latest_day) == ("L2315-30", 3, date(2026, 3, 6))


def test_cse_central_agenda_is_due_eight_days_before() -> None:
    (deadline,) = notice_deadlines(meeting_start=MONDAY, body_kind="cse_central")
    assert (deadline.article, deadline.latest_day) == ("L2316-17", date(2026, 3, 1))


def test_a_longer_delay_of_the_reglement_interieur_replaces_the_legal_one() -> None:
    (deadline,) = notice_deadlines(meeting_start=MONDAY, body_kind="cse", ri_days=5)
    assert (deadline.article, deadline.days) == ("règlement intérieur", 5)
    (legal,) = notice_deadlines(meeting_start=MONDAY, body_kind="cse", ri_days=2)
    assert legal.article == "L2315-30"  # a règlement cannot shorten the legal delay


def test_ssct_confirmation_is_not_a_convocation_deadline_L2315_27() -> None:
    """L2315-27 al. 4: the 15-day confirmation is a notice of its own, shown apart from the convocation delay."""
    (agenda,) = notice_deadlines(meeting_start=MONDAY, body_kind="cse")
    assert (agenda.article, agenda.days) == ("L2315-30", 3)


@pytest.mark.parametrize("kind", ["cssct", "commission"])
def test_no_statutory_delay_for_commissions(kind: str) -> None:
    assert notice_deadlines(meeting_start=MONDAY, body_kind=kind) == ()


def test_no_statutory_delay_below_fifty_employees() -> None:
    assert notice_deadlines(meeting_start=MONDAY, body_kind="cse", full_remit=False) == ()


@pytest.mark.parametrize("kind", ["cse", "cse_central"])
def test_the_shown_deadline_is_exactly_the_one_convene_enforces(kind: str) -> None:
    for deadline in notice_deadlines(meeting_start=MONDAY, body_kind=kind):
        last = datetime.combine(deadline.latest_day, datetime.min.time(), tzinfo=PARIS) + timedelta(hours=23)
        on_time = convocation_check(meeting_start=MONDAY, now=last, body_kind=kind)
        late = convocation_check(meeting_start=MONDAY, now=last + timedelta(hours=2), body_kind=kind)
        assert deadline.code not in {v.code for v in on_time.violations}
        assert deadline.code in {v.code for v in late.violations}


def test_planning_form_reads_day_and_hours_in_the_organisations_zone() -> None:
    settings: Any = SimpleNamespace(tz=PARIS)
    payload = meeting_payload(
        {"title": "Réunion", "day": "2026-03-29", "start": "14:00", "end": "17:00", "location": " "}, settings
    )
    assert payload["starts_at"] == datetime(2026, 3, 29, 14, 0, tzinfo=PARIS)
    assert payload["starts_at"].utcoffset() == timedelta(hours=2)  # summer time from that Sunday
    assert "location" not in payload
    assert meeting_payload({"day": "29/03/2026", "start": "14:00"}, settings)["starts_at"] == "29/03/2026 14:00"
    assert meeting_payload({"day": "", "start": "14:00"}, settings)["starts_at"] == ""


def test_errors_on_instants_are_shown_on_the_inputs_people_type() -> None:
    assert meeting_errors({"starts_at": "a", "ends_at": "b", "title": "c"}) == {"day": "a", "end": "b", "title": "c"}


def test_vote_form_counts_missing_totals_as_zero_but_requires_the_votes_for() -> None:
    payload = vote_payload({"question": "Q", "votes_for": "", "votes_against": "2"})
    assert payload["votes_for"] is None and payload["votes_against"] == "2" and payload["blank"] == 0


def test_attendance_form_keeps_a_replacement_only_for_a_member_present() -> None:
    form = {"status-1": "present", "replaces-1": "2", "status-2": "replaced", "status-3": "absent", "replaces-3": "2"}
    assert attendance_entries(form, [1, 2, 3, 4]) == [
        {"member_id": 1, "status": "present", "replaces_member_id": "2"},
        {"member_id": 2, "status": "replaced"},
        {"member_id": 3, "status": "absent"},
    ]


def test_attendance_errors_land_on_the_line_of_the_member() -> None:
    posted = {"status-5": "present", "status-9": "present"}
    errors = attendance_errors({"entries[1].replaces_member_id": "n'est pas un titulaire", "x": "y"}, posted, [5, 9])
    assert errors == {"replaces-9": "n'est pas un titulaire", "x": "y"}


def test_moving_an_item_swaps_it_with_its_neighbour_and_stops_at_the_edges() -> None:
    items: Any = [SimpleNamespace(id=i, position=p) for i, p in ((10, 1), (11, 2), (12, 3))]
    order = swapped_order(items, 12, -1)
    assert order is not None and [(p.id, p.position) for p in order] == [(10, 1), (12, 2), (11, 3)]
    assert swapped_order(items, 10, -1) is None
    assert swapped_order(items, 12, 1) is None
    assert swapped_order(items, 99, 1) is None


def test_upcoming_meetings_come_soonest_first_and_cancelled_ones_go_with_the_past() -> None:
    now = datetime(2026, 3, 1, 12, tzinfo=PARIS)

    def meeting(day: int, status: str) -> Any:
        start = datetime(2026, 3, day, 14, tzinfo=PARIS) if day > 0 else datetime(2026, 2, -day, 14, tzinfo=PARIS)
        return SimpleNamespace(starts_at=start, ends_at=start + timedelta(hours=3), status=status)

    items = [meeting(20, "draft"), meeting(5, "convened"), meeting(10, "cancelled"), meeting(-10, "closed")]
    upcoming, past = split_meetings(items, now)
    assert [m.starts_at.day for m in upcoming] == [5, 20]
    assert [m.starts_at.day for m in past] == [10, 10]
