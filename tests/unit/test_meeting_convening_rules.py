"""Who convenes on what agenda (L2315-29, L2316-17, L2315-21), the SSCT notice (L2315-27 al. 4) and the statutory
urgency of the DGI and serious-accident meetings (L4132-3, L2315-27 al. 2): pure rules, cases from the articles."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from dialogue.core.clock import PARIS
from dialogue.meetings.rules import (
    AgendaEntry,
    ConveningBasis,
    SsctNoticeStatus,
    Urgency,
    convening_basis,
    convocation_check,
    joint_agenda_required,
    notice_deadlines,
    ssct_notice_due_on,
    ssct_notice_required,
    ssct_notice_state,
    urgency_article,
)

CONSULTATION = AgendaEntry(title="Projet de réorganisation", plein_droit=True)
INFORMATION = AgendaEntry(title="Point sur les effectifs", plein_droit=False)


def _basis(**overrides: object) -> ConveningBasis | None:
    args: dict[str, object] = {
        "body_kind": "cse",
        "full_remit": True,
        "has_secretary": True,
        "agreed": False,
        "items": [INFORMATION],
    }
    args.update(overrides)
    return convening_basis(**args).basis  # type: ignore[arg-type]


def test_l2315_29_cse_of_50_convenes_on_the_joint_agenda_only() -> None:
    assert _basis(agreed=True) is ConveningBasis.JOINT_AGENDA
    decision = convening_basis(body_kind="cse", full_remit=True, has_secretary=True, agreed=False, items=[INFORMATION])
    assert (decision.ok, decision.needs_joint, decision.article) == (False, ("Point sur les effectifs",), "L2315-29")


def test_l2315_21_below_50_the_employer_convenes_alone() -> None:
    assert _basis(full_remit=False) is ConveningBasis.EMPLOYER_BELOW_50
    assert joint_agenda_required(body_kind="cse", full_remit=False, has_secretary=True) is False


def test_first_meeting_after_the_election_without_secretary_is_convened_by_the_employer_alone() -> None:
    assert _basis(has_secretary=False) is ConveningBasis.EMPLOYER_NO_SECRETARY
    assert _basis(body_kind="cse_central", has_secretary=False) is ConveningBasis.EMPLOYER_NO_SECRETARY


def test_l2315_29_al_2_mandatory_consultations_go_on_the_agenda_despite_the_secretary() -> None:
    assert _basis(items=[CONSULTATION]) is ConveningBasis.PLEIN_DROIT
    assert _basis(items=[CONSULTATION, INFORMATION]) is None  # any other item needs both approvals
    assert _basis(items=[]) is None


@pytest.mark.parametrize("kind", ["board", "direction_committee", "qvt_steering", "negotiation_table"])
def test_bodies_that_are_not_a_cse_have_no_l2315_29_rule(kind: str) -> None:
    assert _basis(body_kind=kind) is ConveningBasis.NO_JOINT_RULE
    assert joint_agenda_required(body_kind=kind, full_remit=True, has_secretary=True) is False


def test_l2316_17_cse_central_keeps_its_joint_agenda() -> None:
    decision = convening_basis(
        body_kind="cse_central", full_remit=True, has_secretary=True, agreed=False, items=[INFORMATION]
    )
    assert (decision.basis, decision.article) == (None, "L2316-17")
    assert joint_agenda_required(body_kind="cssct", full_remit=True, has_secretary=True) is True


def test_l2315_27_al_4_ssct_notice_is_due_15_days_before_the_local_day() -> None:
    meeting = datetime(2026, 3, 30, 9, 0, tzinfo=PARIS)  # the window crosses the spring DST change
    assert ssct_notice_due_on(meeting_start=meeting) == date(2026, 3, 15)


@pytest.mark.parametrize(
    ("today", "sent_on", "recipients", "status"),
    [
        (date(2026, 3, 10), None, (), SsctNoticeStatus.DUE),
        (date(2026, 3, 15), None, (), SsctNoticeStatus.DUE),
        (date(2026, 3, 16), None, (), SsctNoticeStatus.LATE),
        (date(2026, 3, 20), date(2026, 3, 14), ("inspection_travail", "medecin_travail", "carsat"), "sent"),
        (date(2026, 3, 20), date(2026, 3, 17), ("inspection_travail", "medecin_travail", "carsat"), "sent_late"),
        (date(2026, 3, 20), date(2026, 3, 14), ("carsat",), SsctNoticeStatus.LATE),  # not to every recipient
    ],
)
def test_l2315_27_al_4_ssct_notice_state(
    today: date, sent_on: date | None, recipients: tuple[str, ...], status: str
) -> None:
    assert ssct_notice_state(due_on=date(2026, 3, 15), today=today, sent_on=sent_on, recipients=recipients) == status


def test_l2315_27_al_4_notice_only_for_the_ssct_meetings_of_the_calendar_of_a_cse_of_50() -> None:
    assert ssct_notice_required(body_kind="cse", full_remit=True, meeting_kind="ssct", treats_ssct=True)
    assert ssct_notice_required(body_kind="cse", full_remit=True, meeting_kind="ordinary", treats_ssct=True)
    assert not ssct_notice_required(body_kind="cse", full_remit=True, meeting_kind="ordinary", treats_ssct=False)
    assert not ssct_notice_required(body_kind="cse", full_remit=True, meeting_kind="extraordinary", treats_ssct=True)
    assert not ssct_notice_required(body_kind="cse", full_remit=False, meeting_kind="ssct", treats_ssct=True)
    assert not ssct_notice_required(body_kind="cssct", full_remit=True, meeting_kind="ssct", treats_ssct=True)


@pytest.mark.parametrize("urgency", list(Urgency))
def test_l4132_3_and_l2315_27_urgent_meetings_are_never_late(urgency: Urgency) -> None:
    meeting = datetime(2026, 3, 10, 14, 0, tzinfo=PARIS)
    check = convocation_check(
        meeting_start=meeting, now=meeting - timedelta(hours=20), body_kind="cse", ri_days=5, urgency=urgency
    )
    assert check.ok
    assert notice_deadlines(meeting_start=meeting, body_kind="cse", urgency=urgency) == ()
    assert not convocation_check(meeting_start=meeting, now=meeting - timedelta(hours=20), body_kind="cse").ok


def test_urgency_articles() -> None:
    assert urgency_article("dgi_disagreement") == "L4132-3"
    assert urgency_article(Urgency.SERIOUS_ACCIDENT) == "L2315-27 al. 2"
