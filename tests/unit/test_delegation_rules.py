"""Delegation hours rules, each test naming its article (DOMAIN.md §10)."""

from __future__ import annotations

from datetime import date

import pytest

from dialogue.delegation import rules
from dialogue.delegation.rules import HoursPolicy, Mandate, Movement

H = 60


@pytest.mark.parametrize(
    ("headcount", "hours"),
    [(11, 10), (24, 10), (40, 10), (50, 18), (74, 18), (120, 21), (250, 22), (1500, 26), (10_000, 34)],
)
def test_titulaire_credit_follows_the_r2314_1_table(headcount: int, hours: int) -> None:
    """R2314-1: the monthly hours of each titulaire by the headcount of the établissement."""
    assert rules.titulaire_credit(headcount=headcount) == hours


def test_an_agreement_never_lowers_the_credit_under_the_l2315_7_floors() -> None:
    """L2315-7 1°: 10 h below 50 employees, 16 h from 50, whatever the PAP (L2314-7) sets."""
    assert rules.titulaire_credit(headcount=30, agreed_hours=6) == 10
    assert rules.titulaire_credit(headcount=80, agreed_hours=12) == 16
    assert rules.titulaire_credit(headcount=80, agreed_hours=25) == 25


@pytest.mark.parametrize(("headcount", "hours"), [(49, 0), (50, 12), (150, 12), (151, 18), (499, 18), (500, 24)])
def test_union_delegate_credit_of_l2143_13(headcount: int, hours: int) -> None:
    """L2143-13: at least 12 h (50–150), 18 h (151–499), 24 h (>= 500)."""
    assert rules.union_delegate_credit(headcount=headcount) == hours


def test_union_representative_to_the_cse_has_20_hours_from_501() -> None:
    """L2315-7 2°, R2315-4: 20 h in companies of at least 501 employees, none below."""
    assert rules.rs_cse_credit(company_headcount=500) == 0
    assert rules.rs_cse_credit(company_headcount=501) == 20


def test_credits_add_up_and_a_suppleant_has_none_of_his_own() -> None:
    """L2315-9: no credit for a suppléant; hours set by agreement (secretary, CSSCT) add to the mandate's."""
    assert rules.member_credit(mandate=Mandate.suppleant, headcount=120, company_headcount=120) == 0
    assert (
        rules.member_credit(mandate=Mandate.titulaire, headcount=120, company_headcount=120, agreed_extra_hours=5) == 26
    )


def test_the_monthly_cap_is_one_and_a_half_credit() -> None:
    """R2315-5: a 26 h credit allows at most 39 h in one month."""
    assert rules.monthly_cap_minutes(26 * H) == 39 * H


def test_unused_hours_are_carried_for_twelve_months_then_lost() -> None:
    """R2315-5: hours are used cumulatively "dans la limite de douze mois"."""
    months = rules.statements(credit_minutes=10 * H, movements=[], first_month="2026-01", last_month="2027-01")
    by = {m.month: m for m in months}
    assert by["2026-01"].carried_over == 0
    assert by["2026-02"].carried_over == 10 * H
    assert by["2026-12"].carried_over == 110 * H
    # 2026-01's hours are usable up to 2026-12: lost in 2027-01
    assert by["2027-01"].carried_over == 110 * H


def test_uses_draw_on_the_oldest_carried_hours_first() -> None:
    """R2315-5: the carried credit is a ledger by month of origin."""
    movements = [Movement(month="2026-03", minutes=25 * H, kind="use")]
    march = rules.statements(credit_minutes=10 * H, movements=movements, first_month="2026-01", last_month="2026-03")[
        -1
    ]
    assert march.carried_over == 20 * H
    assert march.used == 25 * H
    assert march.balance == 5 * H
    assert march.lots == [("2026-03", 5 * H)]


def test_a_use_beyond_the_cap_is_refused_with_r2315_5() -> None:
    """R2315-5: never more than 1.5 × the monthly credit in one month, even with hours carried."""
    month = rules.statements(credit_minutes=10 * H, movements=[], first_month="2026-01", last_month="2026-04")[-1]
    refusal = rules.check_use(month=month, minutes=16 * H, deducted=True, exceptional=False)
    assert refusal is not None and refusal.article == "R2315-5"
    assert rules.check_use(month=month, minutes=15 * H, deducted=True, exceptional=False) is None


def test_exceptional_circumstances_pass_the_cap_and_show_beyond_credit() -> None:
    """L2315-7, L2143-13: the credit may be exceeded in exceptional circumstances (to be justified)."""
    month = rules.statements(credit_minutes=10 * H, movements=[], first_month="2026-01", last_month="2026-01")[0]
    assert rules.check_use(month=month, minutes=30 * H, deducted=True, exceptional=True) is None
    after = rules.statements(
        credit_minutes=10 * H,
        movements=[Movement(month="2026-01", minutes=30 * H, kind="use", exceptional=True)],
        first_month="2026-01",
        last_month="2026-01",
    )[0]
    assert after.beyond_credit == 20 * H
    assert after.exceptional == 30 * H
    assert after.balance == 0


def test_time_of_l2315_11_is_not_deducted() -> None:
    """L2315-11: employer meetings, serious-accident inquiries, DGI are not deducted from the credit."""
    month = rules.statements(
        credit_minutes=10 * H,
        movements=[Movement(month="2026-01", minutes=40 * H, kind="use", deducted=False)],
        first_month="2026-01",
        last_month="2026-01",
    )[0]
    assert month.used == 0
    assert month.not_deducted == 40 * H
    assert month.balance == 10 * H
    assert rules.check_use(month=month, minutes=40 * H, deducted=False, exceptional=False) is None
    assert rules.TimeKind.dgi in rules.NOT_DEDUCTED and rules.TimeKind.delegation not in rules.NOT_DEDUCTED


def _month(credit: int, *, received: int = 0, given: int = 0) -> rules.MonthStatement:
    movements = []
    if received:
        movements.append(Movement(month="2026-05", minutes=received, kind="received"))
    if given:
        movements.append(Movement(month="2026-05", minutes=given, kind="given"))
    return rules.statements(credit_minutes=credit, movements=movements, first_month="2026-05", last_month="2026-05")[0]


def test_a_transfer_keeps_the_receiver_under_one_and_a_half_titulaire_credit() -> None:
    """R2315-6: the receiver may not hold more than 1.5 × a titulaire's monthly credit."""
    giver = _month(21 * H)
    suppleant = _month(0, received=20 * H)
    ok = rules.check_transfer(
        giver=giver,
        receiver=_month(0),
        minutes=21 * H,
        titulaire_credit_minutes=21 * H,
        receiver_can_receive=True,
        notified_on=date(2026, 5, 1),
        use_on=date(2026, 5, 9),
    )
    assert ok is None
    refused = rules.check_transfer(
        giver=giver,
        receiver=suppleant,
        minutes=12 * H,
        titulaire_credit_minutes=21 * H,
        receiver_can_receive=True,
        notified_on=date(2026, 5, 1),
        use_on=date(2026, 5, 9),
    )
    assert refused is not None and refused.article == "R2315-6" and "31 h 30" in refused.detail


def test_the_employer_is_informed_eight_days_before_shared_hours_are_used() -> None:
    """R2315-6: written information at least 8 days before the use."""
    assert rules.transfer_notice_in_time(notified_on=date(2026, 5, 1), use_on=date(2026, 5, 9))
    assert not rules.transfer_notice_in_time(notified_on=date(2026, 5, 2), use_on=date(2026, 5, 9))
    refused = rules.check_transfer(
        giver=_month(21 * H),
        receiver=_month(0),
        minutes=H,
        titulaire_credit_minutes=21 * H,
        receiver_can_receive=True,
        notified_on=date(2026, 5, 2),
        use_on=date(2026, 5, 9),
    )
    assert refused is not None and "10/05/2026" in refused.detail


def test_only_the_month_credit_is_shared_by_default() -> None:
    """R2315-6 (sharing "le crédit d'heures"): carried hours are not shared unless configured (UNVERIFIED)."""
    giver = rules.statements(credit_minutes=10 * H, movements=[], first_month="2026-01", last_month="2026-03")[-1]
    args = {
        "receiver": _month(0),
        "minutes": 12 * H,
        "titulaire_credit_minutes": 10 * H,
        "receiver_can_receive": True,
        "notified_on": date(2026, 3, 1),
        "use_on": date(2026, 3, 20),
    }
    assert rules.check_transfer(giver=giver, **args) is not None  # type: ignore[arg-type]
    args["titulaire_credit_minutes"] = 20 * H
    policy = HoursPolicy(share_carried=True)
    assert rules.check_transfer(giver=giver, policy=policy, **args) is None  # type: ignore[arg-type]


def test_a_union_representative_cannot_share() -> None:
    """DOMAIN.md §10 (V2): the RS au CSE cannot share his hours (R2315-6 names the titulaires and suppléants)."""
    refused = rules.check_transfer(
        giver=_month(20 * H),
        receiver=_month(0),
        minutes=H,
        titulaire_credit_minutes=20 * H,
        receiver_can_receive=False,
        notified_on=date(2026, 5, 1),
        use_on=date(2026, 5, 20),
    )
    assert refused is not None and refused.article == "R2315-6"


def test_given_hours_leave_the_giver_and_received_hours_are_not_carried() -> None:
    """R2315-6; V2 (nexem): received hours are used in the month, not carried."""
    months = rules.statements(
        credit_minutes=0,
        movements=[Movement(month="2026-05", minutes=4 * H, kind="received")],
        first_month="2026-05",
        last_month="2026-06",
    )
    assert months[0].balance == 4 * H
    assert months[1].carried_over == 0
    giver = _month(21 * H, given=6 * H)
    assert giver.balance == 15 * H and giver.given == 6 * H


@pytest.mark.parametrize(("hours", "half"), [(0, 0), (1, 1), (4, 1), (5, 2), (8, 2), (21, 6)])
def test_forfait_jours_counts_half_days_of_four_hours(hours: int, half: int) -> None:
    """R2315-3 (L2143-13 al. 3): half-days of 4 h; a remainder under 4 h counts as one half-day."""
    assert rules.half_days(hours * H) == half


def test_corrections_replace_the_value_of_the_record_they_correct() -> None:
    """Append-only: a correction is a new record (like the registers), the latest value counts."""
    values = rules.effective_minutes([(1, None, 120), (2, None, 60), (3, 1, 90), (4, 3, 0)])
    assert values == {1: 0, 2: 60}


def test_month_arithmetic() -> None:
    assert rules.add_month("2026-12", 1) == "2027-01"
    assert rules.add_month("2026-01", -1) == "2025-12"
    assert rules.months_between("2026-11", "2027-02") == ["2026-11", "2026-12", "2027-01", "2027-02"]
    assert rules.format_hours(450) == "7 h 30"
