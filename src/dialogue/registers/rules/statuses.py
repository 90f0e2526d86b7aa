"""Computed statuses of register entries, the DGI alert's procedure (L4132-2 to L4132-4), and reminders.

Pure functions only: callers pass `today` / `now`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Final


class EntryStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    OVERDUE = "overdue"
    CLOSED = "closed"


def entry_status(*, due_on: date | None, answered_at: date | None, closed_at: date | None, today: date) -> EntryStatus:
    """Computed, never typed in: an unanswered entry becomes overdue by itself the day after `due_on`.

    `answered_at` / `closed_at` only count by presence (dates or datetimes); `today` is the local date.
    """
    if closed_at is not None:
        return EntryStatus.CLOSED
    if answered_at is not None:
        return EntryStatus.ANSWERED
    if due_on is not None and today > due_on:
        return EntryStatus.OVERDUE
    return EntryStatus.OPEN


def is_answer_late(*, due_on: date | None, answered_on: date) -> bool:
    """An answer given after `due_on` stays late once given (6 jours ouvrables, L2315-22); local dates."""
    return due_on is not None and answered_on > due_on


class DgiState(StrEnum):
    ALERTED = "alerted"
    INVESTIGATING = "investigating"
    MEASURES_TAKEN = "measures_taken"
    DISAGREEMENT = "disagreement"
    INSPECTOR_INFORMED = "inspector_informed"
    CLOSED = "closed"


#: L4132-2 (joint enquiry, measures), L4132-3 (disagreement → CSE within 24 h, which may then agree on measures),
#: L4132-4 (the disagreement persists after that meeting → the employer informs the labour inspector at once,
#: who may act: formal notice, référé; the measures then follow).
DGI_TRANSITIONS: Final[Mapping[DgiState, frozenset[DgiState]]] = {
    DgiState.ALERTED: frozenset({DgiState.INVESTIGATING}),
    DgiState.INVESTIGATING: frozenset({DgiState.MEASURES_TAKEN, DgiState.DISAGREEMENT}),
    DgiState.DISAGREEMENT: frozenset({DgiState.MEASURES_TAKEN, DgiState.INSPECTOR_INFORMED, DgiState.CLOSED}),
    DgiState.INSPECTOR_INFORMED: frozenset({DgiState.MEASURES_TAKEN, DgiState.CLOSED}),
    DgiState.MEASURES_TAKEN: frozenset({DgiState.CLOSED}),
    DgiState.CLOSED: frozenset(),
}

#: The steps of a DGI alert in words, one map for the rules' messages and the register's exports.
DGI_STEP_LABELS: Final[Mapping[DgiState, str]] = {
    DgiState.ALERTED: "alerte",
    DgiState.INVESTIGATING: "enquête en cours",
    DgiState.MEASURES_TAKEN: "mesures prises",
    DgiState.DISAGREEMENT: "désaccord",
    DgiState.INSPECTOR_INFORMED: "inspection du travail saisie",
    DgiState.CLOSED: "clos",
}


class IllegalDgiTransition(ValueError):
    """A DGI alert cannot move this way (L4132-2 to L4132-4)."""

    def __init__(self, current: DgiState, target: DgiState) -> None:
        self.current, self.target = current, target
        super().__init__(
            "Transition impossible pour une alerte DGI : "
            f"« {DGI_STEP_LABELS[current]} » → « {DGI_STEP_LABELS[target]} » "
            "(procédure des articles L4132-2 à L4132-4 : enquête immédiate, puis mesures ou désaccord)"
        )


def check_dgi_transition(*, current: DgiState, target: DgiState) -> None:
    """Raise `IllegalDgiTransition` unless `current → target` is in `DGI_TRANSITIONS`."""
    if target not in DGI_TRANSITIONS[current]:
        raise IllegalDgiTransition(current, target)


class Side(StrEnum):
    """Who records a step of a DGI alert: the employer's side or the staff representatives' side."""

    EMPLOYER = "employer"  # the president and the direction (L4132-2: the employer investigates and acts)
    STAFF = "staff"  # élus, secretary, union representatives (the member who raised the alert, L4131-2)


#: L4132-2: the employer investigates (jointly) and takes the measures, and so records those steps and the
#: closing; L4132-3: a disagreement "sur la réalité du danger ou la façon de le faire cesser" may come from
#: either side.
DGI_STEP_SIDES: Final[Mapping[DgiState, frozenset[Side]]] = {
    DgiState.INVESTIGATING: frozenset({Side.EMPLOYER}),
    DgiState.MEASURES_TAKEN: frozenset({Side.EMPLOYER}),
    DgiState.DISAGREEMENT: frozenset({Side.EMPLOYER, Side.STAFF}),
    DgiState.INSPECTOR_INFORMED: frozenset({Side.EMPLOYER}),  # L4132-4: "l'employeur saisit immédiatement"
    DgiState.CLOSED: frozenset({Side.EMPLOYER}),
}


def may_record_dgi_step(*, target: DgiState, side: Side) -> bool:
    """Whether `side` may record the move to `target` (L4132-2, L4132-3); nobody records "alerted" twice."""
    return side in DGI_STEP_SIDES.get(target, frozenset())


def current_dgi_state(steps: Sequence[DgiState]) -> DgiState:
    """The state of a DGI alert after its recorded steps, in ledger order (none yet: alerted)."""
    return steps[-1] if steps else DgiState.ALERTED


def inspector_information_due(*, state: DgiState | None, meeting_due_by: datetime | None, now: datetime) -> bool:
    """L4132-4: once the CSE meeting of L4132-3 (within 24 hours) is past and the disagreement still stands
    (no measures agreed, not closed), the employer must inform the labour inspector at once."""
    return state is DgiState.DISAGREEMENT and meeting_due_by is not None and now >= meeting_due_by


def check_inspector_informed_at(*, informed_at: datetime, disagreement_at: datetime, now: datetime) -> None:
    """The date the inspector was informed (L4132-4) lies between the disagreement and now; ValueError else."""
    if informed_at.utcoffset() is None:
        raise ValueError("horodatage sans fuseau : seules les dates-heures avec fuseau sont acceptées")
    if informed_at > now:
        raise ValueError("L'information de l'inspecteur du travail ne peut être datée dans le futur (L4132-4).")
    if informed_at < disagreement_at:
        raise ValueError("L'inspecteur du travail est informé d'un désaccord persistant, donc après lui (L4132-4).")


class DeadlineAlert(StrEnum):
    NEAR = "near"
    OVERDUE = "overdue"


def deadline_alert(
    *, due_on: date | None, status: EntryStatus, today: date, near_days: int = 2
) -> DeadlineAlert | None:
    """For reminders: an open entry due within `near_days` calendar days is near, past its due date overdue."""
    if near_days < 0:
        raise ValueError(f"near_days doit être positif ou nul, reçu {near_days}")
    if due_on is None or status in {EntryStatus.ANSWERED, EntryStatus.CLOSED}:
        return None
    if today > due_on:
        return DeadlineAlert.OVERDUE
    if (due_on - today).days <= near_days:
        return DeadlineAlert.NEAR
    return None
