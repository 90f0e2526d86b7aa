"""Rules added for the meetings module: yearly obligation (L2315-21, L2315-28, L2312-19, L2315-27, L2316-15),
agenda agreement (L2315-29), horizon, digest; consultation deadlines (R2312-5, R2312-6, L2312-16)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from dialogue.consultations.rules import consultation_state, opinion_deadline
from dialogue.core.regime import InvalidAgreedMeetings, regime_for
from dialogue.meetings.rules import (
    ConvocationKind,
    NoLegalFrequency,
    agenda_agreed,
    convocation_body_kind,
    duplicate_positions,
    minutes_digest,
    plan_year,
    too_far_ahead,
    year_periods,
    yearly_obligation,
)


@pytest.mark.parametrize(
    ("kind", "headcount", "agreed", "ordinary", "ssct", "basis"),
    [
        ("cse", 30, None, 12, 0, "L2315-21"),
        ("cse", 120, None, 6, 4, "L2315-28"),
        ("cse", 320, None, 12, 4, "L2315-28"),
        ("cse", 320, 8, 8, 4, "accord (L2312-19)"),
        ("cse_central", 320, None, 2, 0, "L2316-15"),
        ("cse_central", 320, 4, 4, 0, "L2316-15"),
        ("cssct", 320, 4, 4, 0, "accord ou règlement intérieur"),
    ],
)
def test_yearly_obligation_by_body_kind_and_regime_L2315_28_L2316_15(
    kind: str, headcount: int, agreed: int | None, ordinary: int, ssct: int, basis: str
) -> None:
    obligation = yearly_obligation(body_kind=kind, regime=regime_for(headcount=headcount), agreed_ordinary=agreed)
    assert (obligation.ordinary, obligation.ssct, obligation.basis) == (ordinary, ssct, basis)


def test_agreement_below_six_meetings_is_refused_L2312_19() -> None:
    with pytest.raises(InvalidAgreedMeetings):
        yearly_obligation(body_kind="cse", regime=regime_for(headcount=120), agreed_ordinary=5)


def test_body_without_legal_frequency_needs_an_agreed_number() -> None:
    with pytest.raises(NoLegalFrequency):
        yearly_obligation(body_kind="board", regime=regime_for(headcount=120), agreed_ordinary=None)


def test_central_cse_plan_has_two_meetings_one_per_half_year_L2316_15() -> None:
    plan = plan_year(year=2027, regime=regime_for(headcount=320), count=2, ssct_count=0)
    assert [m.start.month for m in plan] == [1, 7]
    assert year_periods(2027, 2) == [(date(2027, 1, 1), date(2027, 7, 1)), (date(2027, 7, 1), date(2028, 1, 1))]


@pytest.mark.parametrize(
    ("kind", "establishment", "expected"),
    [
        ("cse", False, ConvocationKind.CSE),
        ("cse", True, ConvocationKind.CSE_ETABLISSEMENT),
        ("cse_central", False, ConvocationKind.CSE_CENTRAL),
        ("cssct", False, ConvocationKind.CSSCT),
        ("board", False, ConvocationKind.COMMISSION),
    ],
)
def test_body_kinds_map_to_convocation_rules_L2315_30_L2316_17(kind: str, establishment: bool, expected: str) -> None:
    assert convocation_body_kind(body_kind=kind, has_establishment=establishment) is expected


@pytest.mark.parametrize(
    ("approvals", "agreed"),
    [
        ([(2, "president"), (2, "secretary")], True),
        ([(1, "president"), (2, "secretary")], False),  # the president approved an earlier version
        ([(2, "secretary")], False),
        ([(2, "secretary"), (2, "secretary")], False),
        ([], False),
    ],
)
def test_agenda_agreed_when_both_approved_the_current_version_L2315_29(
    approvals: list[tuple[int, str]], agreed: bool
) -> None:
    assert agenda_agreed(version=2, approvals=approvals) is agreed


@pytest.mark.parametrize(
    ("positions", "duplicates"), [([1, 2, 3], ()), ([1, 1, 2], (1,)), ([3, 2, 3, 2, 1], (2, 3)), ([], ())]
)
def test_duplicate_positions(positions: list[int], duplicates: tuple[int, ...]) -> None:
    assert duplicate_positions(positions) == duplicates


@pytest.mark.parametrize(("years", "far"), [(1, False), (5, False), (6, True), (30, True)])
def test_a_meeting_more_than_five_years_away_is_a_typing_error(years: int, far: bool) -> None:
    now = datetime(2026, 12, 1, tzinfo=UTC)
    assert too_far_ahead(starts_at=now + timedelta(days=365 * years), now=now) is far


def test_minutes_digest_is_the_sha256_of_the_utf8_text() -> None:
    assert minutes_digest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert minutes_digest("Procès-verbal") != minutes_digest("Proces-verbal")


# --- Consultations ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("informed", "expert", "multi", "level", "agreed", "due"),
    [
        (date(2027, 1, 31), False, False, "single", None, date(2027, 2, 28)),  # month end (R2312-6: 1 month)
        (date(2028, 1, 31), False, False, "single", None, date(2028, 2, 29)),  # leap year
        (date(2027, 12, 31), True, False, "single", None, date(2028, 2, 29)),  # 2 months with an expert
        (date(2027, 11, 30), True, True, "central", None, date(2028, 2, 29)),  # 3 months, central + établissements
        (date(2027, 11, 30), True, True, "establishment", None, date(2028, 2, 22)),  # 7 days before (R2312-6 II)
        (date(2027, 11, 30), False, True, "establishment", None, date(2027, 12, 23)),
        (date(2028, 2, 20), True, False, "single", 15, date(2028, 3, 6)),  # agreed delay in days (L2312-16)
    ],
)
def test_opinion_deadline_R2312_5_R2312_6(
    informed: date, expert: bool, multi: bool, level: str, agreed: int | None, due: date
) -> None:
    deadline = opinion_deadline(
        informed_on=informed, expert_appointed=expert, multi_level=multi, level=level, agreed_days=agreed
    )
    assert deadline.due == due
    assert "R2312-6" in deadline.basis or "L2312-16" in deadline.basis


@pytest.mark.parametrize(
    ("opinion", "today", "state"),
    [
        (None, date(2027, 2, 28), ("open", None)),  # the deadline day itself is still open
        (None, date(2027, 3, 1), ("deemed_negative", "deemed_negative")),  # L2312-16
        ("positive", date(2027, 3, 1), ("opinion_given", "positive")),
        ("negative", date(2027, 1, 1), ("opinion_given", "negative")),
    ],
)
def test_opinion_is_deemed_negative_by_itself_after_the_deadline_L2312_16(
    opinion: str | None, today: date, state: tuple[str, str | None]
) -> None:
    assert consultation_state(opinion=opinion, deadline=date(2027, 2, 28), today=today) == state
