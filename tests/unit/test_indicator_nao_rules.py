"""NAO openings due in a period and whether they were kept (L2242-1, L2242-13), pure rule."""

from __future__ import annotations

from datetime import date

from dialogue.indicators.rules import NaoDeadline, nao_deadlines
from dialogue.negotiations.rules import NaoBlock, next_nao_due_on


def _yearly(opened: date) -> date:
    return next_nao_due_on(block=NaoBlock.REMUNERATION, last_opened_on=opened)


def test_an_opening_on_or_before_the_anniversary_keeps_the_yearly_nao_of_l2242_13() -> None:
    got = nao_deadlines(
        [date(2018, 1, 15), date(2019, 1, 15)], next_due=_yearly, from_date=date(2019, 1, 1), as_of=date(2019, 6, 30)
    )
    assert got == [NaoDeadline(due_on=date(2019, 1, 15), outcome="on_time", opened_on=date(2019, 1, 15))]


def test_a_later_opening_is_late_and_none_by_the_as_of_day_is_missed() -> None:
    late = nao_deadlines(
        [date(2018, 3, 1), date(2019, 4, 1)], next_due=_yearly, from_date=date(2019, 1, 1), as_of=date(2019, 12, 31)
    )
    assert [(d.due_on, d.outcome) for d in late] == [(date(2019, 3, 1), "late")]
    missed = nao_deadlines(
        [date(2018, 3, 1), date(2019, 4, 1)], next_due=_yearly, from_date=date(2019, 1, 1), as_of=date(2019, 3, 31)
    )
    assert [(d.due_on, d.outcome, d.opened_on) for d in missed] == [(date(2019, 3, 1), "missed", None)]


def test_a_block_never_opened_is_one_missed_opening_due_at_the_start_of_the_period_l2242_1() -> None:
    assert nao_deadlines([], next_due=_yearly, from_date=date(2019, 1, 1), as_of=date(2019, 12, 31)) == [
        NaoDeadline(due_on=date(2019, 1, 1), outcome="missed", opened_on=None)
    ]
    assert nao_deadlines([], next_due=_yearly, from_date=date(2020, 1, 1), as_of=date(2019, 12, 31)) == []


def test_openings_after_the_as_of_day_are_ignored() -> None:
    got = nao_deadlines(
        [date(2018, 1, 15), date(2019, 2, 1)], next_due=_yearly, from_date=date(2019, 1, 1), as_of=date(2019, 1, 20)
    )
    assert [(d.due_on, d.outcome) for d in got] == [(date(2019, 1, 15), "missed")]
