"""The statuses of a negotiation and the transitions between them (DUE included)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final

# ------------------------------------------------------------------------------------ statuses


class NegotiationStatus(StrEnum):
    PLANNED = "planned"
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    AGREEMENT_SIGNED = "agreement_signed"
    DISAGREEMENT_RECORDED = "disagreement_recorded"  # PV de désaccord (L2242-5)
    ABANDONED = "abandoned"
    DECIDED = "decided"  # a unilateral decision of the employer (DUE) is taken, not signed


_OUTCOMES: Final = frozenset(
    {NegotiationStatus.AGREEMENT_SIGNED, NegotiationStatus.DISAGREEMENT_RECORDED, NegotiationStatus.ABANDONED}
)
_DUE_OUTCOMES: Final = frozenset({NegotiationStatus.DECIDED, NegotiationStatus.ABANDONED})
NEGOTIATION_TRANSITIONS: Final[Mapping[NegotiationStatus, frozenset[NegotiationStatus]]] = {
    NegotiationStatus.PLANNED: frozenset({NegotiationStatus.OPEN, NegotiationStatus.ABANDONED}),
    NegotiationStatus.OPEN: frozenset({NegotiationStatus.IN_PROGRESS}) | _OUTCOMES,
    NegotiationStatus.IN_PROGRESS: _OUTCOMES,
    NegotiationStatus.AGREEMENT_SIGNED: frozenset(),
    NegotiationStatus.DISAGREEMENT_RECORDED: frozenset(),
    NegotiationStatus.ABANDONED: frozenset(),
    NegotiationStatus.DECIDED: frozenset(),
}
#: A unilateral decision is prepared (planned, open) then taken or dropped: no signature, no PV de désaccord.
DUE_TRANSITIONS: Final[Mapping[NegotiationStatus, frozenset[NegotiationStatus]]] = {
    NegotiationStatus.PLANNED: frozenset({NegotiationStatus.OPEN}) | _DUE_OUTCOMES,
    NegotiationStatus.OPEN: frozenset({NegotiationStatus.IN_PROGRESS}) | _DUE_OUTCOMES,
    NegotiationStatus.IN_PROGRESS: _DUE_OUTCOMES,
    NegotiationStatus.AGREEMENT_SIGNED: frozenset(),
    NegotiationStatus.DISAGREEMENT_RECORDED: frozenset(),
    NegotiationStatus.ABANDONED: frozenset(),
    NegotiationStatus.DECIDED: frozenset(),
}
_STATUS_LABELS: Final[Mapping[NegotiationStatus, str]] = {
    NegotiationStatus.PLANNED: "prévue",
    NegotiationStatus.OPEN: "ouverte",
    NegotiationStatus.IN_PROGRESS: "en cours",
    NegotiationStatus.AGREEMENT_SIGNED: "accord signé",
    NegotiationStatus.DISAGREEMENT_RECORDED: "PV de désaccord",
    NegotiationStatus.ABANDONED: "abandonnée",
    NegotiationStatus.DECIDED: "décision unilatérale prise",
}


class IllegalNegotiationTransition(ValueError):
    def __init__(self, current: NegotiationStatus, target: NegotiationStatus) -> None:
        self.current, self.target = current, target
        ending = " (une négociation conclue est définitive)" if current in _OUTCOMES | _DUE_OUTCOMES else ""
        super().__init__(
            f"Transition impossible pour une négociation : « {_STATUS_LABELS[current]} » → "
            f"« {_STATUS_LABELS[target]} »{ending}"
        )


def check_negotiation_transition(
    *, current: NegotiationStatus, target: NegotiationStatus, unilateral: bool = False
) -> None:
    """Raise `IllegalNegotiationTransition` unless `current → target` is in `NEGOTIATION_TRANSITIONS`
    (`DUE_TRANSITIONS` for a unilateral decision of the employer)."""
    if target not in (DUE_TRANSITIONS if unilateral else NEGOTIATION_TRANSITIONS)[current]:
        raise IllegalNegotiationTransition(current, target)
