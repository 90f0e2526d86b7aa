"""Consultation rules, cases from the articles: L2312-16 (deemed negative opinion, final), R2312-6 (delays; no
deemed opinion below 50), L2315-38 (the CSSCT is never consulted), the agreed-delay floor (UNVERIFIED, 15 days by
default), L2315-86 / R2315-49 (an expertise challenged within 10 days suspends the delay until the judgment)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dialogue.consultations.rules import (
    AGREED_DAYS_FLOOR_DEFAULT,
    DEEMED_FINAL_LABEL,
    NO_DEEMED_UNDER_50_LABEL,
    agreed_delay_refusal,
    body_kind_refusal,
    challenge_refusal,
    consultation_outlook,
    final_refusal,
    judgment_refusal,
    suspended_deadline,
)
from dialogue.settings import Settings


def outlook(**overrides: Any) -> Any:
    args: dict[str, Any] = {
        "informed_on": date(2027, 1, 5),
        "expert_appointed": False,
        "multi_level": False,
        "level": "single",
        "agreed_days": None,
        "opinion": None,
        "full_remit": True,
        "challenge_filed_on": None,
        "judgment_on": None,
        "today": date(2027, 1, 20),
    }
    return consultation_outlook(**{**args, **overrides})


def test_l2312_16_open_until_the_deadline_day_included() -> None:
    """R2312-6: one month from the information; the last day is still open."""
    last_day = outlook(today=date(2027, 2, 5))
    assert (last_day.status, last_day.deadline, last_day.final) == ("open", date(2027, 2, 5), False)
    assert final_refusal(last_day) is None


def test_l2312_16_deemed_negative_once_the_delay_expired_is_final() -> None:
    """L2312-16: at the expiry the CSE is deemed consulted with a negative opinion, and that is final."""
    expired = outlook(today=date(2027, 2, 6))
    assert (expired.status, expired.opinion, expired.final) == ("deemed_negative", "deemed_negative", True)
    assert expired.label == DEEMED_FINAL_LABEL == "Avis réputé négatif — définitif (L2312-16)"
    refusal = final_refusal(expired)
    assert refusal is not None
    assert refusal.code == "consultation_deadline_passed"
    assert "L2312-16" in refusal.message and "05/02/2027" in refusal.message


def test_l2312_16_an_opinion_given_closes_the_consultation() -> None:
    given = outlook(opinion="positive", today=date(2027, 1, 10))
    assert (given.status, given.opinion, given.final) == ("opinion_given", "positive", True)
    refusal = final_refusal(given)
    assert refusal is not None and refusal.code == "opinion_given"


def test_r2312_6_no_deemed_opinion_below_50() -> None:
    """R2312-6's deemed opinion only exists with the >= 50 attributions: no deadline, open long after a month."""
    small = outlook(full_remit=False, today=date(2027, 12, 31))
    assert (small.status, small.deadline, small.opinion) == ("open", None, None)
    assert small.basis == NO_DEEMED_UNDER_50_LABEL == "Pas d'avis réputé rendu en dessous de 50 salariés (R2312-6)"
    assert final_refusal(small) is None


def test_r2312_6_below_50_an_opinion_given_still_closes() -> None:
    given = outlook(full_remit=False, opinion="negative")
    assert (given.status, given.deadline, given.final) == ("opinion_given", None, True)


def test_l2315_38_a_cssct_is_never_consulted() -> None:
    """L2315-38: the CSSCT receives the SSCT attributions except the consultative ones."""
    refusal = body_kind_refusal("cssct")
    assert refusal is not None and refusal.code == "cssct_not_consulted" and "L2315-38" in refusal.message
    assert body_kind_refusal("cse") is None
    assert body_kind_refusal("cse_central") is None


@pytest.mark.parametrize(("days", "refused"), [(1, True), (14, True), (15, False), (30, False), (None, False)])
def test_l2312_16_agreed_delay_floor_of_15_days_by_default(days: int | None, refused: bool) -> None:
    """Agreed delays let the CSE exercise its powers usefully (L2312-16); floor 15 days (UNVERIFIED, configurable)."""
    refusal = agreed_delay_refusal(agreed_days=days, floor=AGREED_DAYS_FLOOR_DEFAULT)
    assert (refusal is not None) is refused
    if refusal is not None:
        assert refusal.code == "agreed_delay_too_short" and "15 jours" in refusal.message


def test_agreed_delay_floor_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DIALOGUE_CONSULTATION_MIN_AGREED_DAYS", raising=False)
    assert Settings().consultation_min_agreed_days == 15
    monkeypatch.setenv("DIALOGUE_CONSULTATION_MIN_AGREED_DAYS", "20")
    assert Settings().consultation_min_agreed_days == 20
    assert agreed_delay_refusal(agreed_days=15, floor=20) is not None
    assert agreed_delay_refusal(agreed_days=10, floor=10) is None


@pytest.mark.parametrize(
    ("filed_on", "code"),
    [
        (date(2027, 1, 10), None),  # the day of the designation
        (date(2027, 1, 20), None),  # the 10th day: the designation day does not count (R2315-49)
        (date(2027, 1, 21), "challenge_too_late"),
        (date(2027, 1, 9), "challenge_before_designation"),
    ],
)
def test_l2315_86_r2315_49_challenge_within_ten_days_of_the_designation(filed_on: date, code: str | None) -> None:
    refusal = challenge_refusal(
        expert_appointed=True, expert_appointed_on=date(2027, 1, 10), already_filed=False, filed_on=filed_on
    )
    assert (refusal.code if refusal else None) == code
    if refusal is not None:
        assert "L2315-86" in refusal.message


def test_l2315_86_no_expert_nothing_to_challenge_and_only_once() -> None:
    none = challenge_refusal(
        expert_appointed=False, expert_appointed_on=None, already_filed=False, filed_on=date(2027, 1, 10)
    )
    assert none is not None and none.code == "no_expert_to_challenge"
    twice = challenge_refusal(
        expert_appointed=True, expert_appointed_on=date(2027, 1, 10), already_filed=True, filed_on=date(2027, 1, 12)
    )
    assert twice is not None and twice.code == "challenge_already_recorded"


def test_l2315_86_challenge_suspends_the_delay_no_deemed_opinion_meanwhile() -> None:
    """L2315-86: "cette saisine suspend … les délais dans lesquels il est consulté … jusqu'à la notification du
    jugement": long after the two months, the consultation is suspended, not deemed."""
    suspended = outlook(
        expert_appointed=True, challenge_filed_on=date(2027, 1, 15), today=date(2027, 6, 1)
    )  # 2 months with an expert: 5 March
    assert (suspended.status, suspended.deadline, suspended.opinion, suspended.final) == (
        "suspended",
        None,
        None,
        False,
    )
    assert "L2315-86" in suspended.basis and final_refusal(suspended) is None


def test_l2315_86_judgment_resumes_the_days_left() -> None:
    """Filed 15 January with the deadline on 5 March: 49 days left, running again from the judgment (1 April)."""
    assert suspended_deadline(
        due=date(2027, 3, 5), challenge_filed_on=date(2027, 1, 15), judgment_on=date(2027, 4, 1)
    ) == date(2027, 5, 20)
    resumed = outlook(
        expert_appointed=True,
        challenge_filed_on=date(2027, 1, 15),
        judgment_on=date(2027, 4, 1),
        today=date(2027, 5, 20),
    )
    assert (resumed.status, resumed.deadline) == ("open", date(2027, 5, 20))
    assert "49 jour(s)" in resumed.basis
    after = outlook(
        expert_appointed=True,
        challenge_filed_on=date(2027, 1, 15),
        judgment_on=date(2027, 4, 1),
        today=date(2027, 5, 21),
    )
    assert (after.status, after.label) == ("deemed_negative", DEEMED_FINAL_LABEL)


def test_l2315_86_a_challenge_after_the_expiry_suspends_nothing() -> None:
    late = outlook(expert_appointed=True, challenge_filed_on=date(2027, 3, 6), today=date(2027, 3, 7))
    assert late.status == "deemed_negative"


def test_l2315_86_judgment_needs_a_challenge_and_follows_it() -> None:
    none = judgment_refusal(challenge_filed_on=None, already_recorded=False, judgment_on=date(2027, 4, 1))
    assert none is not None and none.code == "no_challenge"
    before = judgment_refusal(
        challenge_filed_on=date(2027, 1, 15), already_recorded=False, judgment_on=date(2027, 1, 14)
    )
    assert before is not None and before.code == "judgment_before_challenge"
    twice = judgment_refusal(challenge_filed_on=date(2027, 1, 15), already_recorded=True, judgment_on=date(2027, 4, 1))
    assert twice is not None and twice.code == "judgment_already_recorded"
    assert (
        judgment_refusal(challenge_filed_on=date(2027, 1, 15), already_recorded=False, judgment_on=date(2027, 1, 15))
        is None
    )
