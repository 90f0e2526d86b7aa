"""The approach's steps, the trinôme and the ten-month follow-up (issue 21 §3), as pure rules."""

from __future__ import annotations

from datetime import date

import pytest

from dialogue.qvt.rules import steps as rules


@pytest.mark.parametrize(
    ("started", "due"),
    [
        (date(2026, 2, 10), date(2026, 12, 10)),
        (date(2026, 5, 31), date(2027, 3, 31)),
        (date(2025, 4, 30), date(2026, 2, 28)),
        (date(2023, 4, 30), date(2024, 2, 29)),
    ],
)
def test_follow_up_falls_ten_months_after_the_experiment_starts(started: date, due: date) -> None:
    assert rules.follow_up_due(started) == due


@pytest.mark.parametrize(
    ("done_on", "today", "state"),
    [
        (date(2026, 12, 1), date(2027, 1, 1), "done"),
        (None, date(2026, 12, 11), "late"),
        (None, date(2026, 11, 20), "due_soon"),
        (None, date(2026, 10, 1), "planned"),
    ],
)
def test_follow_up_state_says_done_late_soon_or_planned(done_on: date | None, today: date, state: str) -> None:
    assert rules.follow_up_state(due_on=date(2026, 12, 10), done_on=done_on, today=today) == state


def test_a_trinome_without_staff_representatives_is_incomplete_and_says_so() -> None:
    missing = rules.missing_sides(["direction", "professional", "professional"])
    assert missing == ["staff_representative"]
    assert rules.trinome_warning(missing) == "Trinôme incomplet : il manque représentants du personnel."
    assert rules.missing_sides(["staff_representative", "direction", "professional"]) == []
    assert rules.trinome_warning([]) is None


def test_the_current_step_is_the_first_not_done_and_progress_counts_halves() -> None:
    steps = [
        rules.StepDates("prepare", date(2026, 1, 5), date(2026, 3, 1)),
        rules.StepDates("diagnose", date(2026, 3, 2), date(2026, 6, 1)),
        rules.StepDates("experiment", date(2026, 6, 2), None),
        rules.StepDates("sustain", None, None),
        rules.StepDates("evaluate", None, None),
    ]
    assert rules.current_step(steps) == "experiment"
    assert rules.progress(steps) == 0.5
    done = [rules.StepDates(k, date(2026, 1, 1), date(2026, 2, 1)) for k in rules.STEP_KINDS]
    assert rules.current_step(done) is None
    assert rules.progress(done) == 1.0


@pytest.mark.parametrize(
    ("planned", "last_change", "stalls"),
    [
        (date(2026, 11, 30), date(2026, 12, 1), True),
        (date(2026, 12, 31), date(2026, 1, 1), False),
        (None, date(2026, 8, 1), True),
        (None, date(2026, 10, 1), False),
    ],
)
def test_a_step_in_progress_stalls_past_its_planned_end_or_after_ninety_days_unchanged(
    planned: date | None, last_change: date, stalls: bool
) -> None:
    assert (
        rules.step_stalls(
            started_on=date(2026, 6, 1),
            completed_on=None,
            planned_end_on=planned,
            last_change=last_change,
            today=date(2026, 12, 7),
        )
        is stalls
    )


def test_a_step_done_or_not_started_never_stalls() -> None:
    today = date(2026, 12, 7)
    old = date(2020, 1, 1)
    assert not rules.step_stalls(started_on=None, completed_on=None, planned_end_on=old, last_change=old, today=today)
    assert not rules.step_stalls(started_on=old, completed_on=old, planned_end_on=old, last_change=old, today=today)


def test_step_dates_must_follow_each_other() -> None:
    assert rules.date_errors(None, None, date(2026, 1, 1)) == {"completed_on": "une étape terminée a une date de début"}
    assert rules.date_errors(date(2026, 2, 1), date(2026, 1, 1), None) == {
        "planned_end_on": "antérieure à la date de début"
    }
    assert rules.date_errors(date(2026, 2, 1), None, date(2026, 1, 31)) == {
        "completed_on": "antérieure à la date de début"
    }
    assert rules.date_errors(date(2026, 2, 1), date(2026, 3, 1), date(2026, 3, 5)) == {}


def test_checklists_keep_the_method_order_and_refuse_unknown_keys() -> None:
    items = rules.checklist("prepare", ["trinome", "stakes"])
    assert [(key, done) for key, _, done in items] == [
        ("stakes", True),
        ("committee", False),
        ("trinome", True),
        ("announced", False),
    ]
    assert rules.unknown_checklist_keys("evaluate", ["benefits", "stakes"]) == ["stakes"]
