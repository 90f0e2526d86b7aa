"""Rules of a network, pure: the benchmark's floor and distribution, an organisation's position, names removed
from a shared sheet, a sheet's approval by the trinôme, the nudge when a step stalls.

Comparison without exposure: a theme's distribution is shown only when at least `BENCHMARK_FLOOR` organisations
contributed, each of whose contribution already met its own anonymity threshold (the barometer's k rule, at least
5 respondents — CNIL's guidance on aggregated statistics); the distribution is given as counts per band, never as
an organisation's value, and an organisation sees only where its own value stands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

BENCHMARK_FLOOR: Final = 3
#: Bands of a barometer theme's mean (scale 1 to 5): (low bound included, label).
BANDS: Final[tuple[tuple[float, str], ...]] = (
    (1.0, "moins de 2,5"),
    (2.5, "2,5 à 3"),
    (3.0, "3 à 3,5"),
    (3.5, "3,5 à 4"),
    (4.0, "4 et plus"),
)
POSITION_LABELS: Final[Mapping[str, str]] = {
    "lowest_quarter": "dans le quart le plus bas",
    "below_median": "sous la médiane",
    "above_median": "au-dessus de la médiane",
    "highest_quarter": "dans le quart le plus haut",
}
SESSION_THEMES: Final[Mapping[str, str]] = {
    "right_to_error": "Droit à l'erreur",
    "recognition": "Reconnaissance au travail",
    "welcoming": "Accueil des nouveaux",
    "planning": "Plannings",
    "discussion_spaces": "Espaces de discussion",
    "diagnosis": "Diagnostic partagé",
    "evaluation": "Évaluation",
}
ESTABLISHMENT_TYPES: Final[tuple[str, ...]] = ("EHPAD", "IME", "SESSAD", "Foyer de vie", "MAS", "ESAT", "Autre")
SIDES: Final[tuple[str, ...]] = ("direction", "professional", "staff_representative")
REMOVED: Final = "[nom retiré]"


def band_of(value: float) -> int:
    index = 0
    for i, (low, _) in enumerate(BANDS):
        if value >= low:
            index = i
    return index


@dataclass(frozen=True, slots=True)
class ThemeBenchmark:
    theme: str
    contributors: int
    shown: bool
    bands: tuple[int, ...] | None
    position: str | None


def position_of(own: float, values: Sequence[float]) -> str:
    """Where `own` stands among every contribution (its own included): quarter or half, never a value."""
    below = sum(1 for v in values if v < own)
    equal = sum(1 for v in values if v == own)
    rank = (below + (equal - 1) / 2) / max(1, len(values) - 1) if len(values) > 1 else 0.5
    if rank < 0.25:
        return "lowest_quarter"
    if rank < 0.5:
        return "below_median"
    if rank <= 0.75:
        return "above_median"
    return "highest_quarter"


def theme_benchmark(theme: str, values: Mapping[int, float], *, viewer: int | None) -> ThemeBenchmark:
    """One theme across organisations (organisation id → mean): bands when `BENCHMARK_FLOOR` contributed, and the
    viewer's position only then (below the floor, even its position would tell the others' values apart)."""
    contributors = len(values)
    if contributors < BENCHMARK_FLOOR:
        return ThemeBenchmark(theme, contributors, False, None, None)
    counts = [0] * len(BANDS)
    for value in values.values():
        counts[band_of(value)] += 1
    own = values.get(viewer) if viewer is not None else None
    position = position_of(own, list(values.values())) if own is not None else None
    return ThemeBenchmark(theme, contributors, True, tuple(counts), position)


def strip_names(text: str, names: Iterable[str]) -> str:
    """The text with each person's full name, then each surname alone, replaced (« Mme Lefèvre » → « Mme [nom
    retiré] »): a sheet shared beyond the organisation names nobody."""
    full = sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True)
    for name in full:
        text = re.sub(re.escape(name), REMOVED, text, flags=re.IGNORECASE)
    surnames = sorted({n.split()[-1] for n in full if len(n.split()[-1]) >= 3}, key=len, reverse=True)
    for surname in surnames:
        text = re.sub(rf"(?<!\w){re.escape(surname)}(?!\w)", REMOVED, text, flags=re.IGNORECASE)
    return text


def missing_approvals(approvals: Mapping[str, int]) -> list[str]:
    """The trinôme's sides that have not approved the sheet yet (it is published once none is missing)."""
    return [side for side in SIDES if side not in approvals]


def nudge(*, step_label: str, stalled: bool, since: date | None) -> str | None:
    """The facilitator's reminder for an organisation whose current step stalls."""
    if not stalled:
        return None
    when = f" depuis le {since.strftime('%d/%m/%Y')}" if since else ""
    return f"L'étape « {step_label} » n'avance plus{when} : proposer une visite d'appui."
