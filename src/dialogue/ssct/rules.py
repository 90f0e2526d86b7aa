"""SSCT mission rules: kinds, lifecycle, and the yearly obligations (inspections, accident inquiries, DUERP).

Pure functions: callers pass `today` and the `Regime` of the establishment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Final

from dialogue.core.regime import Regime

DUERP_YEARLY_UPDATE_HEADCOUNT: Final = 11  # R4121-2: yearly update from 11 employees
INSPECTOR_INVITED_FROM_LOST_DAYS: Final = 8  # L2314-3 II 3°: AT with at least 8 days' absence
#: Bodies that carry out SSCT missions: the CSE (L2312-13), the CSE central, and the CSSCT the CSE delegates them
#: to (L2315-38). Missions, accidents and yearly obligations are kept on these bodies only, and the indicators
#: count them (and their absence) on these bodies only.
MISSION_BODY_KINDS: Final = frozenset({"cse", "cse_central", "cssct"})
INQUIRY_DELAY_DAYS: Final = 30  # no statutory delay found for the AT/MP inquiry (L2312-13): UNVERIFIED, configurable


class MissionKind(StrEnum):
    INSPECTION = "inspection"  # L2312-13, R2312-4
    ACCIDENT_INQUIRY = "accident_inquiry"  # L2312-13 (AT / MP)
    RISK_ANALYSIS = "risk_analysis"  # L2312-9
    DUERP_REVIEW = "duerp_review"  # L4121-3, R4121-2
    OTHER = "other"


class MissionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    REPORTED = "reported"
    CLOSED = "closed"


MISSION_TRANSITIONS: Final[Mapping[MissionStatus, frozenset[MissionStatus]]] = {
    MissionStatus.PLANNED: frozenset({MissionStatus.IN_PROGRESS}),
    MissionStatus.IN_PROGRESS: frozenset({MissionStatus.REPORTED}),
    MissionStatus.REPORTED: frozenset({MissionStatus.CLOSED}),
    MissionStatus.CLOSED: frozenset(),
}
_NEEDS_REPORT: Final = frozenset({MissionStatus.REPORTED, MissionStatus.CLOSED})
_LABELS: Final[Mapping[MissionStatus, str]] = {
    MissionStatus.PLANNED: "prévue",
    MissionStatus.IN_PROGRESS: "en cours",
    MissionStatus.REPORTED: "rapport rendu",
    MissionStatus.CLOSED: "close",
}


class IllegalMissionTransition(ValueError):
    """A mission cannot move this way, or would be reported/closed without its report."""

    def __init__(self, current: MissionStatus, target: MissionStatus, *, missing_report: bool = False) -> None:
        self.current, self.target, self.missing_report = current, target, missing_report
        if missing_report:
            detail = (
                f"Une mission ne peut passer à « {_LABELS[target]} » sans rapport : l'inspection ou l'enquête "
                "donne lieu à un compte rendu présenté au CSE (L2312-13)"
            )
        else:
            detail = f"Transition impossible pour une mission SSCT : « {_LABELS[current]} » → « {_LABELS[target]} »"
        super().__init__(detail)


def check_mission_transition(*, current: MissionStatus, target: MissionStatus, has_report: bool) -> None:
    """Raise `IllegalMissionTransition` unless the move is in the table; reporting and closing need a report."""
    if target not in MISSION_TRANSITIONS[current]:
        raise IllegalMissionTransition(current, target)
    if target in _NEEDS_REPORT and not has_report:
        raise IllegalMissionTransition(current, target, missing_report=True)


# ------------------------------------------------------------------------------------ yearly obligations


@dataclass(frozen=True)
class MissionRecord:
    """What the yearly report needs of a mission; `reported_on` is the day its report was handed in."""

    kind: MissionKind
    status: MissionStatus
    reported_on: date | None = None
    accident_id: int | str | None = None  # for an accident inquiry: the serious accident it is about


@dataclass(frozen=True)
class SeriousAccident:
    id: int | str
    occurred_on: date


class Obligation(StrEnum):
    INSPECTIONS = "inspections"
    ACCIDENT_INQUIRIES = "accident_inquiries"
    DUERP_REVIEW = "duerp_review"


@dataclass(frozen=True)
class ObligationCount:
    obligation: Obligation
    label: str
    article: str
    due: int
    done: int
    late: int


def _done(mission: MissionRecord, *, today: date) -> bool:
    return mission.status in _NEEDS_REPORT and mission.reported_on is not None and mission.reported_on <= today


def inspections_expected_by(*, year: int, required: int, today: date) -> int:
    """Inspections that should be done by `today`: "à intervalles réguliers" (L2312-13), so one share per ended
    quarter (R2312-4: at least as many as the 4 SSCT meetings), all of them once the year is over.
    """
    if today.year < year:
        return 0
    if today.year > year:
        return required
    return required * ((today.month - 1) // 3) // 4


def yearly_obligations(
    *,
    year: int,
    regime: Regime,
    missions: Sequence[MissionRecord],
    serious_accidents: Sequence[SeriousAccident],
    today: date,
    inquiry_delay_days: int = INQUIRY_DELAY_DAYS,
) -> tuple[ObligationCount, ...]:
    """Due / done / late for `year`: inspections (R2312-4), an inquiry per serious accident (L2312-13),
    the yearly DUERP update (R4121-2). A missing item is late only once its time has passed.
    """
    done = [m for m in missions if _done(m, today=today)]
    in_year = [m for m in done if m.reported_on is not None and m.reported_on.year == year]

    inspections_due = regime.inspections_per_year
    inspections_done = sum(1 for m in in_year if m.kind is MissionKind.INSPECTION)
    expected = inspections_expected_by(year=year, required=inspections_due, today=today)

    accidents = [a for a in serious_accidents if a.occurred_on.year == year]
    inquired = {m.accident_id for m in done if m.kind is MissionKind.ACCIDENT_INQUIRY and m.accident_id is not None}
    inquiries_done = sum(1 for a in accidents if a.id in inquired)
    inquiries_late = sum(
        1 for a in accidents if a.id not in inquired and today > a.occurred_on + timedelta(days=inquiry_delay_days)
    )

    duerp_due = 1 if regime.headcount >= DUERP_YEARLY_UPDATE_HEADCOUNT else 0
    duerp_done = sum(1 for m in in_year if m.kind is MissionKind.DUERP_REVIEW)
    duerp_late = 1 if duerp_due and not duerp_done and today > date(year, 12, 31) else 0

    return (
        ObligationCount(
            obligation=Obligation.INSPECTIONS,
            label="Inspections en matière de santé, sécurité et conditions de travail",
            article="R2312-4",
            due=inspections_due,
            done=inspections_done,
            late=max(0, expected - inspections_done),
        ),
        ObligationCount(
            obligation=Obligation.ACCIDENT_INQUIRIES,
            label="Enquêtes après accident du travail grave",
            article="L2312-13",
            due=len(accidents),
            done=inquiries_done,
            late=inquiries_late,
        ),
        ObligationCount(
            obligation=Obligation.DUERP_REVIEW,
            label="Mise à jour annuelle du document unique (DUERP)",
            article="R4121-2",
            due=duerp_due,
            done=duerp_done,
            late=duerp_late,
        ),
    )


# ------------------------------------------------------------------------------------ accidents, follow-up


class AccidentKind(StrEnum):
    WORK_ACCIDENT = "work_accident"  # accident du travail
    OCCUPATIONAL_DISEASE = "occupational_disease"  # maladie professionnelle (L2312-13: enquêtes AT / MP)


def inspector_and_carsat_invited(*, lost_days: int | None, kind: AccidentKind) -> bool:
    """L2314-3 II 3°: the labour inspector and the CARSAT agents are invited to the meeting held after an AT with
    at least 8 days' absence, or after an occupational disease.
    """
    if kind is AccidentKind.OCCUPATIONAL_DISEASE:
        return True
    return lost_days is not None and lost_days >= INSPECTOR_INVITED_FROM_LOST_DAYS


class SsctActionStatus(StrEnum):
    """Where a follow-up action of an SSCT mission stands (not a meeting's action nor a QVT one)."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


_PENDING_ACTIONS: Final = frozenset({SsctActionStatus.OPEN, SsctActionStatus.IN_PROGRESS})


def action_is_pending(status: SsctActionStatus) -> bool:
    """Open or in progress: still to be done."""
    return status in _PENDING_ACTIONS


def action_is_overdue(*, status: SsctActionStatus, due_on: date | None, today: date) -> bool:
    """A follow-up action still pending after its due date."""
    return status in _PENDING_ACTIONS and due_on is not None and today > due_on


def action_needs_reminder(*, status: SsctActionStatus, due_on: date | None, today: date, within_days: int) -> bool:
    """Pending with a due date at most `within_days` away (or already passed): the owner should be reminded."""
    if within_days < 0:
        raise ValueError(f"within_days must be >= 0, got {within_days}")
    return status in _PENDING_ACTIONS and due_on is not None and due_on <= today + timedelta(days=within_days)
