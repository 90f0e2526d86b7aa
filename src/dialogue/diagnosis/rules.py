"""Pure rules of the tripartite diagnosis of social dialogue: the default grid, who answers in which college,
the floor of two respondents, the gaps between colleges (largest first) and the comparison with last year.

The method is the one regional programmes use with associations (Aract, Anact): put the real practices flat,
then confront the viewpoints of the three parties — gouvernance, direction, staff representatives — on what the
dialogue works on (the CSE's missions, among them SSCT: L2312-5, L2312-9), how it works (the CSE's functioning
L2315-1 ff., negotiation L2242-1 ff., the dialogue registers) and the relationship itself. No individual answer is
ever shown to anyone but its author: a college is shown as an aggregate, and only from two respondents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import Final

#: A college's answers are shown only from this many respondents (« pas assez de réponses » below).
MIN_RESPONDENTS: Final = 2
NOT_ENOUGH: Final = "pas assez de réponses"

COLLEGES: Final[Mapping[str, str]] = {
    "gouvernance": "Gouvernance",
    "direction": "Direction",
    "elus": "Représentants du personnel",
}
DIMENSIONS: Final[Mapping[str, str]] = {
    "objects": "Ce sur quoi porte le dialogue",
    "functioning": "Comment le dialogue fonctionne",
    "relationship": "La relation elle-même",
}
DIMENSION_HINTS: Final[Mapping[str, str]] = {
    "objects": "Les missions du CSE, dont la santé, la sécurité et les conditions de travail, et les consultations.",
    "functioning": "La négociation, le fonctionnement du CSE, l'usage des registres du dialogue.",
    "relationship": "Légitimité, efficacité, conditions d'un dialogue de qualité et signaux de dégradation.",
}
KINDS: Final[Mapping[str, str]] = {"lever": "Levier", "brake": "Frein"}
SCALE: Final[Mapping[int, str]] = {
    1: "Pas du tout d'accord",
    2: "Plutôt pas d'accord",
    3: "Partagé",
    4: "Plutôt d'accord",
    5: "Tout à fait d'accord",
}

#: The facts beside the opinions: indicators of the same period shown next to each dimension (codes of the
#: indicators module's catalog). The last dimension carries the signals of degradation: registers answered late,
#: consultations deemed negative (L2312-16, R2312-6), minutes late (D2315-26), meetings under the minimum.
DIMENSION_INDICATORS: Final[Mapping[str, tuple[str, ...]]] = {
    "objects": ("ssct_meetings_held", "ssct_inspections_done", "consultations_not_deemed_negative"),
    "functioning": ("ordinary_meetings_held", "minutes_on_time", "agendas_agreed_jointly", "nao_on_schedule"),
    "relationship": ("questions_answered_on_time", "register_entries_overdue", "minutes_overdue"),
}

#: The default grid: (code, dimension, kind, statement). Editable while the campaign is a draft.
DEFAULT_GRID: Final[tuple[tuple[str, str, str, str], ...]] = (
    (
        "obj_ssct",
        "objects",
        "lever",
        "Les missions SSCT du CSE (inspections, enquêtes, DUERP) sont réellement exercées.",
    ),
    ("obj_sujets", "objects", "lever", "Les sujets qui comptent pour les salariés arrivent à l'ordre du jour."),
    (
        "obj_consult",
        "objects",
        "lever",
        "Les consultations se font sur des projets encore ouverts, avec des informations suffisantes.",
    ),
    ("obj_qvct", "objects", "lever", "La qualité de vie et des conditions de travail est un sujet du dialogue."),
    ("obj_urgence", "objects", "brake", "Le dialogue est absorbé par les urgences au détriment des sujets de fond."),
    ("obj_projet", "objects", "brake", "Le projet associatif et les orientations sont discutés sans les élus."),
    ("fct_ordre", "functioning", "lever", "L'ordre du jour est construit à deux, président et secrétaire."),
    ("fct_pv", "functioning", "lever", "Les procès-verbaux sont rédigés, adoptés et diffusés dans les temps."),
    (
        "fct_negociation",
        "functioning",
        "lever",
        "La négociation se prépare avec un calendrier et des données partagées.",
    ),
    ("fct_registres", "functioning", "lever", "Les questions inscrites aux registres reçoivent une réponse motivée."),
    ("fct_moyens", "functioning", "brake", "Les élus manquent de temps ou de moyens pour préparer les réunions."),
    ("fct_formel", "functioning", "brake", "Les réunions sont formelles : on informe plus qu'on ne discute."),
    ("rel_legitimite", "relationship", "lever", "Chaque partie reconnaît la légitimité des deux autres."),
    ("rel_confiance", "relationship", "lever", "On peut exprimer un désaccord sans que la relation en pâtisse."),
    ("rel_efficacite", "relationship", "lever", "Le dialogue aboutit à des décisions suivies d'effets."),
    ("rel_gouvernance", "relationship", "lever", "La gouvernance connaît l'état du dialogue social et s'y intéresse."),
    (
        "rel_tension",
        "relationship",
        "brake",
        "Les tensions se règlent par écrit ou par l'inspection plutôt qu'en séance.",
    ),
    (
        "rel_degradation",
        "relationship",
        "brake",
        "Les signaux de dégradation (retards, avis réputés négatifs) s'accumulent.",
    ),
)


def college_of(memberships: Iterable[tuple[str | None, str | None, str | None]]) -> str | None:
    """The college a person answers in, from their current seats (college, role, body kind).

    Direction first (a director sitting on the board as a guest speaks for the direction), then gouvernance (the
    board), then the staff representatives: élus of a CSE, CSE central or CSSCT, and union representatives. A seat
    of another kind in the élus' college (a professional on the QVT steering committee) does not make a
    representative; someone with no such seat (an administrator only) does not answer."""
    seats = list(memberships)
    if any(college == "direction" or kind == "direction_committee" for college, _, kind in seats):
        return "direction"
    if any(college == "gouvernance" for college, _, _ in seats):
        return "gouvernance"
    if any(
        role == "union_representative" or (college == "elus" and kind in {"cse", "cse_central", "cssct"})
        for college, role, kind in seats
    ):
        return "elus"
    return None


@dataclass(frozen=True, slots=True)
class CollegeFigure:
    """A college's aggregate on one statement: its mean only from `MIN_RESPONDENTS` answers."""

    college: str
    respondents: int
    mean: float | None

    @property
    def enough(self) -> bool:
        return self.mean is not None


def figure(college: str, scores: Sequence[int]) -> CollegeFigure:
    """The mean of a college's scores, withheld (None) under the floor of two respondents."""
    if len(scores) < MIN_RESPONDENTS:
        return CollegeFigure(college=college, respondents=len(scores), mean=None)
    return CollegeFigure(college=college, respondents=len(scores), mean=round(fmean(scores), 2))


def gap_of(figures: Iterable[CollegeFigure]) -> float | None:
    """The largest difference between the colleges' means; None when fewer than two colleges can be shown."""
    means = [f.mean for f in figures if f.mean is not None]
    if len(means) < 2:
        return None
    return round(max(means) - min(means), 2)


def apart(figures: Iterable[CollegeFigure]) -> tuple[str, str] | None:
    """The two colleges furthest apart (highest mean, lowest mean)."""
    shown = [f for f in figures if f.mean is not None]
    if len(shown) < 2:
        return None
    high = max(shown, key=lambda f: (f.mean, f.college))
    low = min(shown, key=lambda f: (f.mean, f.college))
    return high.college, low.college


def gap_order(gap: float | None, position: int) -> tuple[int, float, int]:
    """Sort key: largest gaps first; statements whose gap cannot be shown come last; the grid's order breaks ties."""
    return (1 if gap is None else 0, -(gap or 0.0), position)


def oriented(score: int, kind: str) -> int:
    """A score read as a favourable appreciation: agreeing with a brake is unfavourable (6 − score)."""
    return 6 - score if kind == "brake" else score


def delta(current: float | None, previous: float | None) -> float | None:
    """Change of a college's mean since the previous campaign; None when either is withheld."""
    if current is None or previous is None:
        return None
    return round(current - previous, 2)


def check_grid(codes: Sequence[str]) -> list[str]:
    """The codes used twice in a grid (each statement has its own code, kept from year to year)."""
    return sorted({c for c in codes if codes.count(c) > 1})
