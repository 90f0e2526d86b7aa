"""The QVT approach as guided steps, the steering committee's trinôme, the follow-up of experiments (pure).

The steps follow the approach the regional programmes and the Anact method describe: prepare (stakes, a
tripartite steering committee), a shared diagnosis, experiments with discussion spaces on work, making it last,
then evaluating the benefits. Nothing here is a legal obligation: the QVCT negotiation itself is L2242-17, and
discussion spaces fall under the right of expression (L2281-1 ff.); the steps are the method's, so their
checklists are advice the committee ticks, never a condition another rule depends on.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

#: The steps, in order, with their French names.
STEP_KINDS: Final[tuple[str, ...]] = ("prepare", "diagnose", "experiment", "sustain", "evaluate")
STEP_LABELS: Final[Mapping[str, str]] = {
    "prepare": "Préparer : enjeux et comité de pilotage",
    "diagnose": "Diagnostic partagé",
    "experiment": "Expérimenter avec les espaces de discussion",
    "sustain": "Pérenniser",
    "evaluate": "Évaluer",
}
#: Each step's checklist: (key, French label). Keys are stable: the ticks are stored by key.
CHECKLISTS: Final[Mapping[str, tuple[tuple[str, str], ...]]] = {
    "prepare": (
        ("stakes", "Les enjeux de la démarche sont posés par écrit"),
        ("committee", "Le comité de pilotage est constitué"),
        ("trinome", "Le trinôme (direction, professionnels, représentants du personnel) est désigné"),
        ("announced", "La démarche est annoncée aux équipes"),
    ),
    "diagnose": (
        ("barometer", "Un baromètre ou une enquête a recueilli l'avis des salariés"),
        ("interviews", "Des entretiens ou ateliers ont croisé les points de vue"),
        ("priorities", "Les priorités sont retenues par le comité"),
        ("shared", "Le diagnostic est restitué aux équipes"),
    ),
    "experiment": (
        ("scope", "Le périmètre de l'expérimentation est choisi (unité, service)"),
        ("spaces", "Des espaces de discussion sur le travail se sont tenus"),
        ("proposals", "Des propositions d'action sont sorties des espaces"),
        ("follow_up", "Le suivi à dix mois de chaque expérimentation est programmé"),
    ),
    "sustain": (
        ("plan", "Les actions retenues sont inscrites au plan d'action"),
        ("rituals", "Les espaces de discussion sont intégrés au fonctionnement courant"),
        ("negotiation", "La démarche nourrit la négociation QVCT (L2242-17)"),
    ),
    "evaluate": (
        ("criteria", "Les critères d'évaluation sont mesurés"),
        ("benefits", "Les bénéfices pour les salariés et pour l'organisation sont décrits"),
        ("shared_results", "Le bilan est partagé avec les équipes et le CSE"),
    ),
}
#: Sides of the trinôme, in order, with their French names.
TRINOME_SIDES: Final[tuple[str, ...]] = ("direction", "professional", "staff_representative")
TRINOME_LABELS: Final[Mapping[str, str]] = {
    "direction": "Direction",
    "professional": "Professionnels",
    "staff_representative": "Représentants du personnel",
}
#: Months after an experiment starts when its follow-up is due (the programmes' « suivi à dix mois »).
FOLLOW_UP_MONTHS: Final = 10
#: Days without any change after which a step in progress with no planned end is said to stall.
STALL_DAYS: Final = 90


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has fewer (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def follow_up_due(started_on: date) -> date:
    """The follow-up of an experiment falls ten months after it started."""
    return add_months(started_on, FOLLOW_UP_MONTHS)


def follow_up_state(*, due_on: date, done_on: date | None, today: date) -> str:
    """done, late (due and not done), due_soon (within 30 days) or planned."""
    if done_on is not None:
        return "done"
    if due_on < today:
        return "late"
    if due_on <= today + timedelta(days=30):
        return "due_soon"
    return "planned"


def step_state(*, started_on: date | None, completed_on: date | None) -> str:
    """done, in_progress or to_do, from the step's dates."""
    if completed_on is not None:
        return "done"
    if started_on is not None:
        return "in_progress"
    return "to_do"


def step_stalls(
    *, started_on: date | None, completed_on: date | None, planned_end_on: date | None, last_change: date, today: date
) -> bool:
    """A step in progress stalls when its planned end has passed, or, without one, after STALL_DAYS unchanged."""
    if started_on is None or completed_on is not None:
        return False
    if planned_end_on is not None:
        return planned_end_on < today
    return (today - last_change).days > STALL_DAYS


def stall_start(
    *, started_on: date | None, completed_on: date | None, planned_end_on: date | None, last_change: date
) -> date | None:
    """The first day `step_stalls` holds for a step in progress: the day after its planned end, or, without one,
    the day after STALL_DAYS unchanged; None for a step not started or done. A new planned end or a change of the
    step moves it: a later stall is another one."""
    if started_on is None or completed_on is not None:
        return None
    if planned_end_on is not None:
        return planned_end_on + timedelta(days=1)
    return last_change + timedelta(days=STALL_DAYS + 1)


def checklist(kind: str, ticked: Iterable[str]) -> list[tuple[str, str, bool]]:
    """The step's checklist as (key, label, done), in the method's order; unknown keys are ignored."""
    done = set(ticked)
    return [(key, label, key in done) for key, label in CHECKLISTS[kind]]


def unknown_checklist_keys(kind: str, keys: Iterable[str]) -> list[str]:
    allowed = {key for key, _ in CHECKLISTS[kind]}
    return sorted(set(keys) - allowed)


@dataclass(frozen=True, slots=True)
class StepDates:
    kind: str
    started_on: date | None
    completed_on: date | None


def date_errors(started_on: date | None, planned_end_on: date | None, completed_on: date | None) -> dict[str, str]:
    """A step ends after it starts, and is not completed before it started."""
    errors: dict[str, str] = {}
    if completed_on is not None and started_on is None:
        errors["completed_on"] = "une étape terminée a une date de début"
    if started_on is not None and planned_end_on is not None and planned_end_on < started_on:
        errors["planned_end_on"] = "antérieure à la date de début"
    if started_on is not None and completed_on is not None and completed_on < started_on:
        errors["completed_on"] = "antérieure à la date de début"
    return errors


def current_step(steps: Sequence[StepDates]) -> str | None:
    """The first step not done (the approach is followed in order), or None when every step is done."""
    for step in sorted(steps, key=lambda s: STEP_KINDS.index(s.kind)):
        if step.completed_on is None:
            return step.kind
    return None


def progress(steps: Sequence[StepDates]) -> float:
    """Share of the five steps done, 0.0 to 1.0 (a step in progress counts a half)."""
    score = 0.0
    for step in steps:
        state = step_state(started_on=step.started_on, completed_on=step.completed_on)
        score += 1.0 if state == "done" else 0.5 if state == "in_progress" else 0.0
    return round(score / len(STEP_KINDS), 2)


def missing_sides(seats: Iterable[str]) -> list[str]:
    """The trinôme's sides with nobody on them, in order (an empty list: the trinôme is complete)."""
    present = set(seats)
    return [side for side in TRINOME_SIDES if side not in present]


def trinome_warning(missing: Sequence[str]) -> str | None:
    """The French warning shown when a side is missing, or None."""
    if not missing:
        return None
    names = ", ".join(TRINOME_LABELS[side].lower() for side in missing)
    return f"Trinôme incomplet : il manque {names}."
