"""Delegation hours rules added in session 7, each test naming its article (DOMAIN.md §10): the R2315-5 notice before
cumulated hours, the L3123-14 third of a part-timer's working time, the R2315-7 annual cap on commission meetings."""

from __future__ import annotations

from datetime import date

from dialogue.delegation import rules
from dialogue.delegation.rules import HoursPolicy, Movement, TimeKind

H = 60


def _december(*movements: Movement, credit: int = 21 * H) -> rules.MonthStatement:
    """November left its whole credit: December carries 21 h (R2315-5)."""
    return rules.statements(credit_minutes=credit, movements=movements, first_month="2026-11", last_month="2026-12")[-1]


def test_a_use_within_the_month_credit_needs_no_notice() -> None:
    """R2315-5: only cumulated hours call for the 8-day notice; the month's own credit does not."""
    month = _december()
    assert month.carried_over == 21 * H
    refusal = rules.check_carried_notice(month=month, deducted_minutes=21 * H, use_on=date(2026, 12, 3), notices=[])
    assert refusal is None


def test_cumulated_hours_without_a_notice_8_days_before_are_refused() -> None:
    """R2315-5: the employer is informed at least 8 days before cumulated hours are used."""
    month = _december(Movement(month="2026-12", minutes=20 * H, kind="use"))
    refusal = rules.check_carried_notice(month=month, deducted_minutes=3 * H, use_on=date(2026, 12, 10), notices=[])
    assert refusal is not None
    assert (refusal.article, refusal.code) == ("R2315-5", "delegation_notice")
    assert "2 h" in refusal.detail and "02/12/2026" in refusal.detail
    late = [(date(2026, 12, 3), 5 * H)]  # 7 days before the use: too late
    assert rules.check_carried_notice(month=month, deducted_minutes=3 * H, use_on=date(2026, 12, 10), notices=late)
    in_time = [(date(2026, 12, 2), 2 * H)]
    assert (
        rules.check_carried_notice(month=month, deducted_minutes=3 * H, use_on=date(2026, 12, 10), notices=in_time)
        is None
    )
    # the notice covers 2 h: a third hour of cumulated hours is refused
    assert rules.check_carried_notice(month=month, deducted_minutes=4 * H, use_on=date(2026, 12, 10), notices=in_time)


def test_the_notice_delay_is_a_policy_and_zero_turns_it_off() -> None:
    """R2315-5 (8 days) kept configurable: an agreement may organise the information otherwise."""
    month = _december(Movement(month="2026-12", minutes=21 * H, kind="use"))
    off = HoursPolicy(carried_notice_days=0)
    assert (
        rules.check_carried_notice(month=month, deducted_minutes=H, use_on=date(2026, 12, 4), notices=[], policy=off)
        is None
    )
    short = HoursPolicy(carried_notice_days=3)
    notices = [(date(2026, 12, 1), H)]
    assert (
        rules.check_carried_notice(
            month=month, deducted_minutes=H, use_on=date(2026, 12, 4), notices=notices, policy=short
        )
        is None
    )


def test_hours_received_are_used_before_cumulated_hours() -> None:
    """R2315-5 / R2315-6: hours received this month are not cumulated hours; given hours leave the month's credit."""
    month = _december(
        Movement(month="2026-12", minutes=4 * H, kind="received"), Movement(month="2026-12", minutes=H, kind="given")
    )
    assert month.own_and_received == 24 * H
    assert (
        rules.check_carried_notice(month=month, deducted_minutes=24 * H, use_on=date(2026, 12, 3), notices=[]) is None
    )
    assert rules.check_carried_notice(month=month, deducted_minutes=25 * H, use_on=date(2026, 12, 3), notices=[])


def test_a_part_timer_uses_at_most_a_third_of_his_working_time() -> None:
    """L3123-14: 78 h of work a month → at most 26 h of delegation during working time; the credit is not reduced."""
    month = _december(Movement(month="2026-12", minutes=20 * H, kind="use"))
    assert rules.part_time_limit_minutes(78 * H) == 26 * H
    assert (
        rules.check_part_time(
            month=month, minutes=6 * H, deducted_minutes=6 * H, outside_work=False, working_minutes=78 * H
        )
        is None
    )
    refusal = rules.check_part_time(
        month=month, minutes=7 * H, deducted_minutes=7 * H, outside_work=False, working_minutes=78 * H
    )
    assert refusal is not None and (refusal.article, refusal.code) == ("L3123-14", "delegation_part_time")
    assert "27 h" in refusal.detail and "26 h" in refusal.detail
    # the balance may be used outside working hours
    assert (
        rules.check_part_time(
            month=month, minutes=7 * H, deducted_minutes=7 * H, outside_work=True, working_minutes=78 * H
        )
        is None
    )
    # a full-timer (no contractual monthly time recorded) has no such limit
    assert (
        rules.check_part_time(
            month=month, minutes=7 * H, deducted_minutes=7 * H, outside_work=False, working_minutes=None
        )
        is None
    )


def test_hours_used_outside_working_time_do_not_count_in_the_third() -> None:
    """L3123-14: the statement keeps apart the deducted hours used outside working time."""
    month = _december(
        Movement(month="2026-12", minutes=10 * H, kind="use", outside_work=True),
        Movement(month="2026-12", minutes=5 * H, kind="use"),
    )
    assert (month.used, month.outside_work, month.during_work) == (15 * H, 10 * H, 5 * H)


def test_meeting_cap_follows_the_company_headcount() -> None:
    """R2315-7: 30 h a year from 300 to 999 employees, 60 h from 1,000; no cap below 300 (UNVERIFIED default)."""
    assert rules.meeting_cap_minutes(company_headcount=299) is None
    assert rules.meeting_cap_minutes(company_headcount=300) == 30 * H
    assert rules.meeting_cap_minutes(company_headcount=999) == 30 * H
    assert rules.meeting_cap_minutes(company_headcount=1000) == 60 * H
    assert (
        rules.meeting_cap_minutes(company_headcount=120, policy=HoursPolicy(meeting_cap_below_300_hours=20)) == 20 * H
    )


def test_commission_meetings_are_deducted_beyond_the_annual_cap_cssct_and_plenaries_never() -> None:
    """R2315-7: commission meetings not deducted up to the annual total, deducted beyond; CSSCT meetings always paid
    and never deducted; plenaries never deducted by default (the ministry's reading, UNVERIFIED)."""
    assert TimeKind.cssct_meeting in rules.NOT_DEDUCTED
    assert rules.capped_meeting_kinds() == {TimeKind.commission_meeting}
    assert TimeKind.employer_meeting in rules.capped_meeting_kinds(HoursPolicy(cap_plenaries=True))
    assert TimeKind.employer_meeting not in rules.not_deducted_kinds(HoursPolicy(cap_plenaries=True))
    assert rules.capped_meeting_split(year_before=28 * H, minutes=4 * H, cap=30 * H) == (2 * H, 2 * H)
    assert rules.capped_meeting_split(year_before=28 * H, minutes=4 * H, cap=None) == (4 * H, 0)
    movements = [
        Movement(month="2026-03", minutes=20 * H, kind="use", capped_meeting=True),
        Movement(month="2026-06", minutes=15 * H, kind="use", capped_meeting=True),
        Movement(month="2027-01", minutes=5 * H, kind="use", capped_meeting=True),
    ]
    months = {
        m.month: m
        for m in rules.statements(
            credit_minutes=22 * H, movements=movements, first_month="2026-01", last_month="2027-01", meeting_cap=30 * H
        )
    }
    assert (months["2026-03"].used, months["2026-03"].not_deducted) == (0, 20 * H)
    assert (months["2026-06"].used, months["2026-06"].not_deducted, months["2026-06"].capped_deducted) == (
        5 * H,
        10 * H,
        5 * H,
    )
    # a new calendar year starts a new total (UNVERIFIED convention)
    assert (months["2027-01"].used, months["2027-01"].not_deducted) == (0, 5 * H)
    # a statement that starts in June still counts March against the year's total
    june = rules.statements(
        credit_minutes=22 * H, movements=movements, first_month="2026-06", last_month="2026-06", meeting_cap=30 * H
    )[0]
    assert june.capped_deducted == 5 * H
