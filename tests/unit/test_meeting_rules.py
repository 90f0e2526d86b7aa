"""Meeting rules: convocation (L2315-30, L2316-17, L2315-27), PV (D2315-26), consultation deadlines (R2312-6,
L2312-16), yearly plan (L2315-21, L2315-28, L2315-27), votes (L2315-32), DGI meeting (L4132-3)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from dialogue.bodies.schemas import Role
from dialogue.consultations.rules import (
    ConsultationDelay,
    consultation_deadline,
    establishment_opinion_deadline,
    is_deemed_negative,
)
from dialogue.core.clock import PARIS, add_months
from dialogue.core.regime import InvalidAgreedMeetings, regime_for
from dialogue.core.workdays import is_public_holiday
from dialogue.meetings.rules import (
    Attendee,
    ConvocationKind,
    InconsistentVote,
    InvalidRuleInput,
    MinutesDeadlineCase,
    ResolutionKind,
    calendar_gap,
    convocation_check,
    dgi_meeting_latest_start,
    eligible_voters,
    is_minutes_overdue,
    latest_sending_date,
    minutes_deadline,
    plan_year,
    tally_vote,
)


def paris(y: int, m: int, d: int, h: int = 14, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=PARIS)


# --- Convocation ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "meeting", "ok"),
    [
        (paris(2025, 3, 1, 10), paris(2025, 3, 4), True),  # sent the 1st for the 4th: 3 days
        (paris(2025, 3, 1, 23, 59), paris(2025, 3, 4, 8), True),  # late on the 1st still counts as the 1st
        (paris(2025, 3, 2, 0, 1), paris(2025, 3, 4), False),  # the 2nd: only 2 days
        (paris(2025, 3, 7, 23, 30), paris(2025, 3, 10, 9), True),  # Monday meeting: Friday until midnight
        (datetime(2025, 3, 7, 23, 30, tzinfo=UTC), paris(2025, 3, 10, 9), False),  # = Saturday 00:30 in Paris
        (paris(2025, 3, 28, 23, 59), paris(2025, 3, 31, 9), True),  # across the spring DST change
        (paris(2025, 3, 5), paris(2025, 3, 4), False),  # after the meeting
    ],
)
def test_agenda_is_sent_at_least_3_calendar_days_before_in_the_paris_calendar_L2315_30(
    sent: datetime, meeting: datetime, ok: bool
) -> None:
    check = convocation_check(meeting_start=meeting, now=sent, body_kind=ConvocationKind.CSE)
    assert check.ok is ok
    assert [v.article for v in check.violations] == ([] if ok else ["L2315-30"])


def test_late_agenda_violation_gives_codes_counts_and_a_french_message_L2315_30() -> None:
    check = convocation_check(meeting_start=paris(2025, 3, 4), now=paris(2025, 3, 2), body_kind="cse")
    (violation,) = check.violations
    assert (violation.code, violation.required_days, violation.actual_days) == ("agenda_delay", 3, 2)
    assert violation.message == (
        "L'ordre du jour doit être envoyé au moins 3 jours avant la réunion "
        "(art. L2315-30 du Code du travail), soit au plus tard le 01/03/2025."
    )
    assert check.days_before == 2


@pytest.mark.parametrize(("days_before", "ok"), [(7, False), (8, True)])
def test_cse_central_agenda_is_sent_8_days_before_L2316_17(days_before: int, ok: bool) -> None:
    meeting = paris(2025, 6, 20)
    check = convocation_check(meeting_start=meeting, now=meeting - timedelta(days=days_before), body_kind="cse_central")
    assert check.ok is ok
    assert all(v.article == "L2316-17" and v.required_days == 8 for v in check.violations)


@pytest.mark.parametrize(
    ("days_before", "codes"),
    [(5, []), (4, ["agenda_ri_delay"]), (2, ["agenda_delay", "agenda_ri_delay"])],
)
def test_reglement_interieur_may_lengthen_the_agenda_delay_L2315_30(days_before: int, codes: list[str]) -> None:
    meeting = paris(2025, 6, 20)
    check = convocation_check(
        meeting_start=meeting, now=meeting - timedelta(days=days_before), body_kind=ConvocationKind.CSE, ri_days=5
    )
    assert [v.code for v in check.violations] == codes
    assert all("règlement intérieur" in v.message for v in check.violations if v.code == "agenda_ri_delay")


def test_reglement_interieur_cannot_shorten_the_legal_delay_L2315_30() -> None:
    meeting = paris(2025, 6, 20)
    check = convocation_check(meeting_start=meeting, now=paris(2025, 6, 18), body_kind=ConvocationKind.CSE, ri_days=1)
    assert [v.code for v in check.violations] == ["agenda_delay"]


@pytest.mark.parametrize("days_before", [3, 9, 14])
def test_ssct_meeting_convened_3_days_ahead_is_on_time_the_15_days_are_a_notice_L2315_27(days_before: int) -> None:
    """L2315-27 al. 4: the 15 days are the employer's confirmation to the inspection, the médecin du travail and
    the CARSAT, never a delay of the convocation of members (L2315-30: 3 days)."""
    meeting = paris(2025, 10, 28)  # the window crosses the autumn DST change
    check = convocation_check(meeting_start=meeting, now=meeting - timedelta(days=days_before), body_kind="cse")
    assert check.ok
    assert check.days_before == days_before


@pytest.mark.parametrize(
    ("body_kind", "full_remit", "ri_days", "ok"),
    [
        ("cse", False, None, True),  # < 50: no statutory convocation delay
        ("cse", False, 2, False),  # ... but the règlement intérieur applies
        ("cssct", True, None, True),  # commissions: no statutory delay
        ("commission", True, None, True),
    ],
)
def test_bodies_without_statutory_delay_only_check_the_reglement_interieur(
    body_kind: str, full_remit: bool, ri_days: int | None, ok: bool
) -> None:
    meeting = paris(2025, 6, 20)
    check = convocation_check(
        meeting_start=meeting, now=paris(2025, 6, 19), body_kind=body_kind, full_remit=full_remit, ri_days=ri_days
    )
    assert check.ok is ok


def test_latest_sending_date_for_a_monday_meeting_is_the_previous_friday_L2315_30() -> None:
    assert latest_sending_date(meeting_start=paris(2025, 3, 10, 9), days=3) == date(2025, 3, 7)


def test_convocation_check_rejects_naive_datetimes_and_unknown_bodies() -> None:
    with pytest.raises(InvalidRuleInput, match="aware"):
        convocation_check(meeting_start=datetime(2025, 3, 4, 14), now=paris(2025, 3, 1), body_kind="cse")
    with pytest.raises(ValueError, match="nope"):
        convocation_check(meeting_start=paris(2025, 3, 4), now=paris(2025, 3, 1), body_kind="nope")


# --- Procès-verbal ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meeting", "next_meeting", "case", "due", "before_next"),
    [
        (date(2025, 3, 3), None, MinutesDeadlineCase.GENERAL, date(2025, 3, 18), False),
        (date(2025, 3, 3), date(2025, 3, 10), MinutesDeadlineCase.GENERAL, date(2025, 3, 10), True),
        (date(2025, 3, 3), date(2025, 3, 18), MinutesDeadlineCase.GENERAL, date(2025, 3, 18), True),
        (date(2025, 3, 3), date(2025, 3, 19), MinutesDeadlineCase.GENERAL, date(2025, 3, 18), False),
        (date(2028, 2, 20), None, MinutesDeadlineCase.GENERAL, date(2028, 3, 6), False),  # leap year: 29 Feb counts
        (date(2027, 2, 20), None, MinutesDeadlineCase.GENERAL, date(2027, 3, 7), False),
        (
            date(2025, 12, 22),
            None,
            MinutesDeadlineCase.GENERAL,
            date(2026, 1, 6),
            False,
        ),  # calendar days, holidays included
        (date(2025, 3, 3), None, MinutesDeadlineCase.COLLECTIVE_REDUNDANCY, date(2025, 3, 6), False),
        (date(2025, 3, 3), date(2025, 3, 5), MinutesDeadlineCase.COLLECTIVE_REDUNDANCY, date(2025, 3, 5), True),
        (date(2025, 3, 3), date(2025, 3, 10), MinutesDeadlineCase.INSOLVENCY, date(2025, 3, 4), False),
    ],
)
def test_minutes_due_15_days_after_or_before_next_meeting_within_the_delay_D2315_26(
    meeting: date, next_meeting: date | None, case: MinutesDeadlineCase, due: date, before_next: bool
) -> None:
    deadline = minutes_deadline(meeting_date=meeting, next_meeting_date=next_meeting, case=case)
    assert (deadline.due, deadline.before_next_meeting, deadline.article) == (due, before_next, "D2315-26")


def test_minutes_delay_set_by_agreement_replaces_the_default_L2315_34() -> None:
    deadline = minutes_deadline(meeting_date=date(2025, 1, 31), next_meeting_date=None, agreed_days=30)
    assert (deadline.due, deadline.days) == (date(2025, 3, 2), 30)


@pytest.mark.parametrize(
    ("next_meeting", "agreed_days"),
    [(date(2025, 3, 3), None), (date(2025, 3, 1), None), (None, 0)],
)
def test_minutes_due_rejects_impossible_inputs(next_meeting: date | None, agreed_days: int | None) -> None:
    with pytest.raises(InvalidRuleInput):
        minutes_deadline(meeting_date=date(2025, 3, 3), next_meeting_date=next_meeting, agreed_days=agreed_days)


@pytest.mark.parametrize(
    ("today", "sent_on", "overdue"),
    [
        (date(2025, 3, 18), None, False),  # the due day itself is still on time
        (date(2025, 3, 19), None, True),
        (date(2025, 4, 30), date(2025, 3, 18), False),
        (date(2025, 4, 30), date(2025, 3, 19), True),
    ],
)
def test_minutes_is_overdue_after_its_due_day_D2315_26(today: date, sent_on: date | None, overdue: bool) -> None:
    assert is_minutes_overdue(due=date(2025, 3, 18), today=today, sent_on=sent_on) is overdue


# --- Consultation deadlines -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 15), 1, date(2025, 2, 15)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_last_day_of_shorter_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("information", "delay", "expected"),
    [
        (date(2025, 1, 15), ConsultationDelay.STANDARD, date(2025, 2, 15)),
        (date(2025, 1, 31), ConsultationDelay.STANDARD, date(2025, 2, 28)),
        (date(2027, 12, 31), ConsultationDelay.WITH_EXPERT, date(2028, 2, 29)),
        (date(2027, 11, 30), ConsultationDelay.EXPERT_CENTRAL_AND_ESTABLISHMENT, date(2028, 2, 29)),
        (date(2025, 4, 14), ConsultationDelay.WITH_EXPERT, date(2025, 6, 14)),
    ],
)
def test_opinion_deadline_is_1_2_or_3_months_from_the_information_R2312_5_R2312_6(
    information: date, delay: ConsultationDelay, expected: date
) -> None:
    assert consultation_deadline(information_date=information, delay=delay) == expected


def test_agreed_consultation_delay_in_days_overrides_the_default_L2312_16() -> None:
    deadline = consultation_deadline(
        information_date=date(2028, 2, 20), delay=ConsultationDelay.WITH_EXPERT, agreed_days=15
    )
    assert deadline == date(2028, 3, 6)
    with pytest.raises(InvalidRuleInput):
        consultation_deadline(information_date=date(2028, 2, 20), agreed_days=0)


@pytest.mark.parametrize(
    ("central", "establishment"),
    [
        (date(2028, 4, 10), date(2028, 4, 3)),
        (date(2028, 3, 6), date(2028, 2, 28)),
        (date(2025, 3, 3), date(2025, 2, 24)),
    ],
)
def test_establishment_opinion_reaches_the_central_7_days_before_its_deadline_R2312_6(
    central: date, establishment: date
) -> None:
    assert establishment_opinion_deadline(central_deadline=central) == establishment


@pytest.mark.parametrize(
    ("today", "deemed"), [(date(2025, 2, 27), False), (date(2025, 2, 28), False), (date(2025, 3, 1), True)]
)
def test_opinion_is_deemed_given_and_negative_once_the_deadline_day_is_over_L2312_16(today: date, deemed: bool) -> None:
    assert is_deemed_negative(deadline=date(2025, 2, 28), today=today) is deemed


# --- Yearly calendar ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headcount", "agreed", "ordinary", "ssct"),
    [(10, None, 0, 0), (30, None, 12, 0), (120, None, 6, 4), (120, 8, 8, 4), (450, None, 12, 4), (450, 6, 6, 4)],
)
def test_plan_has_the_required_number_of_ordinary_and_ssct_meetings_L2315_28_L2315_27(
    headcount: int, agreed: int | None, ordinary: int, ssct: int
) -> None:
    plan = plan_year(year=2025, regime=regime_for(headcount=headcount), agreed_ordinary=agreed)
    assert len(plan) == ordinary
    assert sum(m.treats_ssct for m in plan) == ssct
    assert [m.start for m in plan] == sorted(m.start for m in plan)


@pytest.mark.parametrize("year", [2025, 2026, 2028])
@pytest.mark.parametrize("headcount", [120, 450])
def test_ssct_meetings_fall_one_per_quarter_L2315_27(year: int, headcount: int) -> None:
    plan = plan_year(year=year, regime=regime_for(headcount=headcount))
    quarters = [(m.start.month - 1) // 3 for m in plan if m.treats_ssct]
    assert quarters == [0, 1, 2, 3]


@pytest.mark.parametrize("year", [2025, 2026, 2027, 2028])
def test_planned_meetings_are_on_the_chosen_weekday_at_14h_paris_and_never_on_a_holiday(year: int) -> None:
    plan = plan_year(year=year, regime=regime_for(headcount=450), weekday=3)
    for meeting in plan:
        assert meeting.start.tzinfo is PARIS
        assert meeting.start.time() == time(14, 0)
        assert not is_public_holiday(meeting.start.date())
        assert meeting.start.weekday() == 3
    assert [m.start.month for m in plan] == list(range(1, 13))


def test_planned_times_follow_daylight_saving_time() -> None:
    plan = plan_year(year=2025, regime=regime_for(headcount=450))
    offsets = {m.start.month: m.start.utcoffset() for m in plan}
    assert offsets[1] == timedelta(hours=1)
    assert offsets[7] == timedelta(hours=2)
    assert offsets[12] == timedelta(hours=1)


@pytest.mark.parametrize(
    ("year", "weekday", "occurrence", "alsace_moselle", "month", "expected"),
    [
        (2025, 1, 2, False, 11, date(2025, 11, 18)),  # 2nd Tuesday is 11 November: a week later
        (2026, 3, 1, False, 1, date(2026, 1, 8)),  # 1st Thursday is 1 January
        (2025, 3, 1, False, 5, date(2025, 5, 15)),  # 1 May and 8 May are Thursdays
        (2025, 3, 5, False, 5, date(2025, 5, 22)),  # 5th Thursday is Ascension, next week is June: earlier
        (2025, 0, 2, False, 6, date(2025, 6, 16)),  # 2nd Monday is Whit Monday
        (2025, 0, 2, False, 7, date(2025, 7, 21)),  # 2nd Monday is 14 July
        (2026, 4, 1, False, 4, date(2026, 4, 3)),  # Good Friday is a working day...
        (2026, 4, 1, True, 4, date(2026, 4, 10)),  # ... except in Alsace-Moselle
        (2025, 4, 4, False, 12, date(2025, 12, 26)),
        (2025, 4, 4, True, 12, date(2025, 12, 19)),  # 26 December in Alsace-Moselle, moved back within December
    ],
)
def test_planned_meeting_on_a_public_holiday_moves_to_another_week_in_the_same_month(
    year: int, weekday: int, occurrence: int, alsace_moselle: bool, month: int, expected: date
) -> None:
    plan = plan_year(
        year=year,
        regime=regime_for(headcount=450),
        weekday=weekday,
        occurrence=occurrence,
        alsace_moselle=alsace_moselle,
    )
    (meeting,) = [m for m in plan if m.start.month == month]
    assert meeting.start.date() == expected


def test_plan_rejects_an_agreed_count_below_the_floor_L2312_19() -> None:
    with pytest.raises(InvalidAgreedMeetings):
        plan_year(year=2025, regime=regime_for(headcount=120), agreed_ordinary=4)


@pytest.mark.parametrize(
    ("weekday", "occurrence", "ssct_count"), [(5, 2, None), (6, 2, None), (1, 0, None), (1, 2, 7), (1, 2, -1)]
)
def test_plan_rejects_weekends_bad_occurrences_and_more_ssct_than_meetings(
    weekday: int, occurrence: int, ssct_count: int | None
) -> None:
    with pytest.raises(InvalidRuleInput):
        plan_year(
            year=2025, regime=regime_for(headcount=120), weekday=weekday, occurrence=occurrence, ssct_count=ssct_count
        )


def test_calendar_with_enough_meetings_has_no_gap() -> None:
    gap = calendar_gap(planned_ordinary=12, planned_ssct=4, required_ordinary=12, required_ssct=4)
    assert gap.ok
    assert (gap.missing_ordinary, gap.missing_ssct) == (0, 0)


def test_calendar_gap_counts_missing_meetings_and_cites_articles_L2315_28_L2315_27() -> None:
    gap = calendar_gap(planned_ordinary=4, planned_ssct=2, required_ordinary=6, required_ssct=4)
    assert not gap.ok
    assert (gap.missing_ordinary, gap.missing_ssct) == (2, 2)
    assert "L2315-28" in gap.messages[0]
    assert "L2315-27" in gap.messages[1]


# --- Votes -------------------------------------------------------------------------------------------------------

ATTENDANCE = [
    Attendee(person_id="pres", role=Role.president),
    Attendee(person_id="t1", role=Role.titular),
    Attendee(person_id="t2", role=Role.titular),
    Attendee(person_id="s1", role=Role.substitute, replaces="t3"),
    Attendee(person_id="s2", role=Role.substitute),
    Attendee(person_id="rs", role=Role.union_representative),
    Attendee(person_id="collab", role=Role.guest),
    Attendee(person_id="medecin", role=Role.guest),
]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (ResolutionKind.CONSULTATION_OPINION, ("t1", "t2", "s1")),
        (ResolutionKind.ASC_MANAGEMENT, ("t1", "t2", "s1")),
        (ResolutionKind.INTERNAL, ("pres", "t1", "t2", "s1")),
    ],
)
def test_titulaires_and_replacing_suppleants_vote_president_not_on_opinions_L2315_32(
    kind: ResolutionKind, expected: tuple[str, ...]
) -> None:
    assert eligible_voters(attendees=ATTENDANCE, kind=kind) == expected


@pytest.mark.parametrize(
    "attendees",
    [
        [Attendee(person_id="t1", role=Role.titular), Attendee(person_id="t1", role=Role.titular)],
        [
            Attendee(person_id="t1", role=Role.titular),
            Attendee(person_id="s1", role=Role.substitute, replaces="t1"),
        ],
        [
            Attendee(person_id="s1", role=Role.substitute, replaces="t9"),
            Attendee(person_id="s2", role=Role.substitute, replaces="t9"),
        ],
        [Attendee(person_id="t1", role=Role.titular, replaces="t9")],
        [Attendee(person_id="p1", role=Role.president), Attendee(person_id="p2", role=Role.president)],
    ],
    ids=["duplicate", "replaces-present-titulaire", "two-for-one", "titulaire-replacing", "two-presidents"],
)
def test_inconsistent_attendance_is_rejected_L2314_1(attendees: list[Attendee]) -> None:
    with pytest.raises(InconsistentVote):
        eligible_voters(attendees=attendees, kind=ResolutionKind.CONSULTATION_OPINION)


@pytest.mark.parametrize(
    ("voters", "for_", "against", "abst", "blank", "void", "required", "adopted"),
    [
        (5, 3, 2, 0, 0, 0, 3, True),
        (6, 3, 3, 0, 0, 0, 4, False),  # a tie is rejected
        (6, 3, 0, 3, 0, 0, 4, False),  # abstentions count against
        (5, 2, 1, 0, 1, 1, 3, False),  # blank and void count against
        (5, 3, 0, 0, 0, 0, 3, True),  # members who do not vote change nothing for the majority
        (4, 2, 0, 2, 0, 0, 3, False),
        (1, 1, 0, 0, 0, 0, 1, True),  # no quorum: one member present can decide
    ],
)
def test_resolution_needs_the_majority_of_members_present_entitled_to_vote_L2315_32(
    voters: int, for_: int, against: int, abst: int, blank: int, void: int, required: int, adopted: bool
) -> None:
    result = tally_vote(voters=voters, votes_for=for_, votes_against=against, abstentions=abst, blank=blank, void=void)
    assert (result.required_majority, result.adopted) == (required, adopted)
    assert result.counted_against == voters - for_
    assert result.not_cast == voters - (for_ + against + abst + blank + void)


@pytest.mark.parametrize(
    ("voters", "for_", "against", "abst"),
    [(3, 2, 1, 1), (0, 0, 0, 0), (3, -1, 0, 0), (-1, 0, 0, 0)],
)
def test_impossible_ballot_counts_are_rejected_L2315_32(voters: int, for_: int, against: int, abst: int) -> None:
    with pytest.raises(InconsistentVote):
        tally_vote(voters=voters, votes_for=for_, votes_against=against, abstentions=abst)


def test_inconsistent_vote_is_a_value_error() -> None:
    assert issubclass(InconsistentVote, ValueError)


def test_eligible_voters_feed_the_tally_L2315_32() -> None:
    voters = eligible_voters(attendees=ATTENDANCE, kind=ResolutionKind.CONSULTATION_OPINION)
    assert tally_vote(voters=len(voters), votes_for=2, votes_against=1).adopted


# --- DGI disagreement ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("disagreement", "latest"),
    [
        (paris(2025, 6, 10, 9), paris(2025, 6, 11, 9)),
        (paris(2025, 3, 29, 10), paris(2025, 3, 30, 11)),  # spring forward: 24 elapsed hours
        (paris(2025, 10, 25, 10), paris(2025, 10, 26, 9)),  # fall back
        (datetime(2025, 12, 31, 23, 0, tzinfo=UTC), datetime(2026, 1, 1, 23, 0, tzinfo=UTC)),
    ],
)
def test_cse_meets_within_24_hours_of_a_dgi_disagreement_L4132_3(disagreement: datetime, latest: datetime) -> None:
    result = dgi_meeting_latest_start(disagreement_at=disagreement)
    assert result == latest
    assert result.utcoffset() == latest.utcoffset()
    assert result.astimezone(UTC) - disagreement.astimezone(UTC) == timedelta(hours=24)


def test_dgi_deadline_rejects_naive_datetimes() -> None:
    with pytest.raises(InvalidRuleInput):
        dgi_meeting_latest_start(disagreement_at=datetime(2025, 6, 10, 9))
