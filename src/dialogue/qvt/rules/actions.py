"""The action plan: the proposal workflow, the CSE consultation it needs (L2312-8, L2312-14), its progress."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final

ACTION_TRANSITIONS: Final[Mapping[str, frozenset[str]]] = {
    "proposed": frozenset({"adopted", "rejected"}),
    "adopted": frozenset({"in_progress"}),
    "rejected": frozenset(),
    "in_progress": frozenset({"evaluated"}),
    "evaluated": frozenset(),
}
"""The action proposal workflow: proposed → adopted | rejected; adopted → in_progress → evaluated."""
ACTION_STATUS_LABELS: Final[Mapping[str, str]] = {
    "proposed": "proposée",
    "adopted": "adoptée",
    "rejected": "écartée",
    "in_progress": "en cours",
    "evaluated": "évaluée",
}
EDITABLE_ACTION_STATUSES: Final = frozenset({"proposed", "adopted", "in_progress"})


class TransitionError(ValueError):
    """A workflow step that is not allowed from the current status."""


def check_transition(current: str, target: str) -> None:
    """Raise TransitionError unless `current → target` is a step of the action workflow."""
    if target not in ACTION_TRANSITIONS.get(current, frozenset()):
        allowed = ", ".join(sorted(ACTION_TRANSITIONS.get(current, frozenset()))) or "aucune"
        raise TransitionError(
            f"Une action « {ACTION_STATUS_LABELS.get(current, current)} » ne peut pas passer au statut "
            f"« {ACTION_STATUS_LABELS.get(target, target)} » (étapes possibles : {allowed})."
        )


def needs_cse_consultation(*, changes_working_conditions: bool, consultation_id: int | None) -> bool:
    """True when the action cannot be implemented yet: it changes working conditions and no CSE consultation
    is linked (L2312-8: the CSE is consulted on any important change to working conditions; L2312-14: the
    employer's decision is preceded by the consultation)."""
    return changes_working_conditions and consultation_id is None


@dataclass(frozen=True, slots=True)
class PlanProgress:
    """The action plan at a glance: counts per status and the share of adopted actions carried through."""

    by_status: Mapping[str, int]
    adopted_total: int
    completed: int
    progress: float | None
    milestones_total: int
    milestones_done: int
    milestones_late: int


def plan_progress(
    statuses: Iterable[str], milestones: Iterable[tuple[date | None, date | None]], *, today: date
) -> PlanProgress:
    """Counts per status; `progress` is evaluated / (adopted + in progress + evaluated), None without any.

    `milestones` are (due_on, done_on) dates; a milestone is late when undone after its due date.
    """
    counts = Counter(statuses)
    by_status = {status: counts.get(status, 0) for status in ACTION_TRANSITIONS}
    adopted_total = by_status["adopted"] + by_status["in_progress"] + by_status["evaluated"]
    completed = by_status["evaluated"]
    total = done = late = 0
    for due_on, done_on in milestones:
        total += 1
        if done_on is not None:
            done += 1
        elif due_on is not None and due_on < today:
            late += 1
    return PlanProgress(
        by_status=by_status,
        adopted_total=adopted_total,
        completed=completed,
        progress=completed / adopted_total if adopted_total else None,
        milestones_total=total,
        milestones_done=done,
        milestones_late=late,
    )
