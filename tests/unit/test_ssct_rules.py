"""SSCT mission rules: lifecycle, R2312-4 inspections, L2312-13 accident inquiries, R4121-2 DUERP."""

from __future__ import annotations

from datetime import date

import pytest

from dialogue.core.regime import Regime
from dialogue.ssct.rules import (
    MISSION_TRANSITIONS,
    IllegalMissionTransition,
    MissionKind,
    MissionRecord,
    MissionStatus,
    Obligation,
    ObligationCount,
    SeriousAccident,
    check_mission_transition,
    inspections_expected_by,
    yearly_obligations,
)

LEGAL = [
    (MissionStatus.PLANNED, MissionStatus.IN_PROGRESS),
    (MissionStatus.IN_PROGRESS, MissionStatus.REPORTED),
    (MissionStatus.REPORTED, MissionStatus.CLOSED),
]


def test_mission_kinds_are_the_contract_values() -> None:
    assert [k.value for k in MissionKind] == [
        "inspection",
        "accident_inquiry",
        "risk_analysis",
        "duerp_review",
        "other",
    ]


@pytest.mark.parametrize(("current", "target"), LEGAL)
def test_mission_goes_planned_in_progress_reported_closed(current: MissionStatus, target: MissionStatus) -> None:
    check_mission_transition(current=current, target=target, has_report=True)


def test_starting_a_mission_needs_no_report() -> None:
    check_mission_transition(current=MissionStatus.PLANNED, target=MissionStatus.IN_PROGRESS, has_report=False)


@pytest.mark.parametrize(
    ("current", "target"), [(c, t) for c in MissionStatus for t in MissionStatus if (c, t) not in LEGAL]
)
def test_other_mission_transitions_are_refused(current: MissionStatus, target: MissionStatus) -> None:
    with pytest.raises(IllegalMissionTransition, match="Transition impossible") as caught:
        check_mission_transition(current=current, target=target, has_report=True)
    assert isinstance(caught.value, ValueError)
    assert not caught.value.missing_report


@pytest.mark.parametrize(
    ("current", "target"),
    [(MissionStatus.IN_PROGRESS, MissionStatus.REPORTED), (MissionStatus.REPORTED, MissionStatus.CLOSED)],
)
def test_a_mission_cannot_be_reported_or_closed_without_its_report(
    current: MissionStatus, target: MissionStatus
) -> None:
    with pytest.raises(IllegalMissionTransition, match=r"sans rapport.*L2312-13") as caught:
        check_mission_transition(current=current, target=target, has_report=False)
    assert caught.value.missing_report


def test_a_closed_mission_stays_closed() -> None:
    assert MISSION_TRANSITIONS[MissionStatus.CLOSED] == frozenset()


# ------------------------------------------------------------------------------------ yearly obligations

REGIME_80 = Regime(headcount=80)


def _inspection(reported_on: date, status: MissionStatus = MissionStatus.REPORTED) -> MissionRecord:
    return MissionRecord(kind=MissionKind.INSPECTION, status=status, reported_on=reported_on)


def _by_code(counts: tuple[ObligationCount, ...]) -> dict[Obligation, tuple[int, int, int]]:
    return {c.obligation: (c.due, c.done, c.late) for c in counts}


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 12, 31), 0),
        (date(2026, 3, 31), 0),
        (date(2026, 4, 1), 1),
        (date(2026, 7, 1), 2),
        (date(2026, 12, 31), 3),
        (date(2027, 1, 1), 4),
    ],
)
def test_four_inspections_a_year_are_expected_at_regular_intervals_one_per_ended_quarter_r2312_4(
    today: date, expected: int
) -> None:
    assert inspections_expected_by(year=2026, required=4, today=today) == expected


def test_three_inspections_in_a_finished_year_leave_one_late_r2312_4() -> None:
    missions = [_inspection(date(2026, m, 15)) for m in (2, 5, 9)]
    counts = yearly_obligations(
        year=2026, regime=REGIME_80, missions=missions, serious_accidents=[], today=date(2027, 1, 10)
    )
    assert _by_code(counts)[Obligation.INSPECTIONS] == (4, 3, 1)


def test_inspections_reported_in_another_year_or_not_reported_do_not_count() -> None:
    missions = [
        _inspection(date(2025, 12, 20)),
        _inspection(date(2026, 2, 1), status=MissionStatus.IN_PROGRESS),
        MissionRecord(kind=MissionKind.INSPECTION, status=MissionStatus.REPORTED, reported_on=None),
        _inspection(date(2026, 3, 1), status=MissionStatus.CLOSED),
    ]
    counts = yearly_obligations(
        year=2026, regime=REGIME_80, missions=missions, serious_accidents=[], today=date(2026, 7, 2)
    )
    assert _by_code(counts)[Obligation.INSPECTIONS] == (4, 1, 1)


def test_no_statutory_inspection_count_below_50_employees() -> None:
    counts = yearly_obligations(
        year=2026, regime=Regime(headcount=30), missions=[], serious_accidents=[], today=date(2027, 1, 1)
    )
    assert _by_code(counts)[Obligation.INSPECTIONS] == (0, 0, 0)


def test_every_serious_accident_calls_for_an_inquiry_l2312_13() -> None:
    accidents = [
        SeriousAccident(id=1, occurred_on=date(2026, 2, 3)),
        SeriousAccident(id=2, occurred_on=date(2026, 5, 20)),
        SeriousAccident(id=3, occurred_on=date(2026, 6, 25)),
        SeriousAccident(id=4, occurred_on=date(2025, 12, 30)),  # another year
    ]
    missions = [
        MissionRecord(
            kind=MissionKind.ACCIDENT_INQUIRY,
            status=MissionStatus.REPORTED,
            reported_on=date(2026, 2, 20),
            accident_id=1,
        ),
        MissionRecord(kind=MissionKind.ACCIDENT_INQUIRY, status=MissionStatus.IN_PROGRESS, accident_id=2),
    ]
    counts = yearly_obligations(
        year=2026, regime=REGIME_80, missions=missions, serious_accidents=accidents, today=date(2026, 7, 1)
    )
    # Accident 2 is more than 30 days old without a reported inquiry; accident 3 is still within the delay.
    assert _by_code(counts)[Obligation.ACCIDENT_INQUIRIES] == (3, 1, 1)


def test_inquiry_delay_is_configurable() -> None:
    accidents = [SeriousAccident(id="at-7", occurred_on=date(2026, 6, 25))]
    counts = yearly_obligations(
        year=2026,
        regime=REGIME_80,
        missions=[],
        serious_accidents=accidents,
        today=date(2026, 7, 1),
        inquiry_delay_days=3,
    )
    assert _by_code(counts)[Obligation.ACCIDENT_INQUIRIES] == (1, 0, 1)


def test_inquiry_on_a_december_accident_reported_in_january_counts_for_the_accident_year() -> None:
    accidents = [SeriousAccident(id=9, occurred_on=date(2026, 12, 22))]
    missions = [
        MissionRecord(
            kind=MissionKind.ACCIDENT_INQUIRY, status=MissionStatus.CLOSED, reported_on=date(2027, 1, 8), accident_id=9
        )
    ]
    counts = yearly_obligations(
        year=2026, regime=REGIME_80, missions=missions, serious_accidents=accidents, today=date(2027, 2, 1)
    )
    assert _by_code(counts)[Obligation.ACCIDENT_INQUIRIES] == (1, 1, 0)


@pytest.mark.parametrize(
    ("headcount", "reviews", "today", "expected"),
    [
        (11, [], date(2026, 12, 31), (1, 0, 0)),  # the year is not over yet
        (11, [], date(2027, 1, 1), (1, 0, 1)),
        (11, [date(2026, 10, 1)], date(2027, 1, 1), (1, 1, 0)),
        (10, [], date(2027, 1, 1), (0, 0, 0)),  # no yearly update below 11 since 31 March 2022
    ],
)
def test_duerp_is_updated_every_year_from_11_employees_r4121_2(
    headcount: int, reviews: list[date], today: date, expected: tuple[int, int, int]
) -> None:
    missions = [
        MissionRecord(kind=MissionKind.DUERP_REVIEW, status=MissionStatus.CLOSED, reported_on=d) for d in reviews
    ]
    counts = yearly_obligations(
        year=2026, regime=Regime(headcount=headcount), missions=missions, serious_accidents=[], today=today
    )
    assert _by_code(counts)[Obligation.DUERP_REVIEW] == expected


def test_yearly_report_cites_the_articles_in_a_stable_order() -> None:
    counts = yearly_obligations(year=2026, regime=REGIME_80, missions=[], serious_accidents=[], today=date(2026, 1, 1))
    assert [(c.obligation, c.article) for c in counts] == [
        (Obligation.INSPECTIONS, "R2312-4"),
        (Obligation.ACCIDENT_INQUIRIES, "L2312-13"),
        (Obligation.DUERP_REVIEW, "R4121-2"),
    ]
    assert all(c.label for c in counts)


def test_risk_analyses_and_other_missions_do_not_count_towards_obligations() -> None:
    missions = [
        MissionRecord(kind=kind, status=MissionStatus.CLOSED, reported_on=date(2026, 3, 1))
        for kind in (MissionKind.RISK_ANALYSIS, MissionKind.OTHER)
    ]
    counts = yearly_obligations(
        year=2026, regime=REGIME_80, missions=missions, serious_accidents=[], today=date(2027, 1, 1)
    )
    assert [c.done for c in counts] == [0, 0, 0]


# ------------------------------------------------------------------------------------ additions: accidents, actions


@pytest.mark.parametrize(
    ("kind", "lost_days", "invited"),
    [
        ("work_accident", 7, False),
        ("work_accident", 8, True),
        ("work_accident", None, False),
        ("occupational_disease", None, True),
    ],
)
def test_inspector_and_carsat_are_invited_after_eight_days_off_or_a_disease_l2314_3(
    kind: str, lost_days: int | None, invited: bool
) -> None:
    from dialogue.ssct.rules import AccidentKind, inspector_and_carsat_invited

    assert inspector_and_carsat_invited(lost_days=lost_days, kind=AccidentKind(kind)) is invited


@pytest.mark.parametrize(
    ("status", "due_on", "overdue", "remind"),
    [
        ("open", date(2026, 3, 9), True, True),
        ("in_progress", date(2026, 3, 10), False, True),
        ("open", date(2026, 3, 17), False, True),
        ("open", date(2026, 3, 18), False, False),
        ("done", date(2026, 3, 1), False, False),
        ("cancelled", date(2026, 3, 1), False, False),
        ("open", None, False, False),
    ],
)
def test_pending_actions_are_overdue_after_their_due_date_and_reminded_a_week_before(
    status: str, due_on: date | None, overdue: bool, remind: bool
) -> None:
    from dialogue.ssct.rules import SsctActionStatus, action_is_overdue, action_needs_reminder

    today = date(2026, 3, 10)
    assert action_is_overdue(status=SsctActionStatus(status), due_on=due_on, today=today) is overdue
    assert action_needs_reminder(status=SsctActionStatus(status), due_on=due_on, today=today, within_days=7) is remind
