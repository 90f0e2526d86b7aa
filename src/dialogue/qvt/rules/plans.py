"""A QVT plan by axes (the Anact / ARACT method the field's programmes describe): each axis coordinated by a
binôme — one person from the establishments, one from the head office or services — with a working group of
7 to 8 people balanced in geography, women and men, and jobs; each proposal checked against the canvas's
three recommendations before the steering committee adopts it.

These are method rules, not Code du travail articles: the thresholds below are explicit so that a committee
reads what « balanced » means here. Equality between women and men at work (art. L1142-1 and following of
the Code du travail) is what the women/men share echoes; the CSE's consultation on working conditions
(art. L2312-8) stays a separate rule of the action workflow.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Final

GROUP_SIZE_MIN: Final = 7
"""A working group of an axis counts 7 to 8 people: enough viewpoints, small enough to work."""
GROUP_SIZE_MAX: Final = 8
MAX_SEX_SHARE: Final = Fraction(2, 3)
"""Unbalanced when one sex makes more than two thirds of the members whose sex is given."""
MIN_ESTABLISHMENTS: Final = 2
"""Balanced in geography: at least two establishments represented (the head office does not count as one)."""
MIN_JOB_FAMILIES: Final = 2
"""Balanced in jobs: at least two job families (care, education, administration, logistics…)."""

AXIS_KINDS: Final[Mapping[str, str]] = {"axis": "Axe", "transversal": "Thème transversal"}
BINOME_SIDES: Final[Mapping[str, str]] = {
    "establishment": "Établissements",
    "head_office": "Siège ou services",
}
SEX_LABELS: Final[Mapping[str, str]] = {"woman": "Femme", "man": "Homme"}
GROUP_ROLES: Final[Mapping[str, str]] = {
    "axis": "Groupe de travail de l'axe",
    "support": "Groupe d'appui (personnes ressources)",
}
RECOMMENDATIONS: Final[Mapping[str, str]] = {
    "concrete": "Action concrète, découpée en étapes",
    "all_staff": "Destinée à toutes les catégories de personnel, ou complétée par des actions pour les autres",
    "feasible": "Réalisable avec les moyens disponibles",
}
"""The canvas's recommendations, ticked by the steering committee when it adopts a proposal."""


class BinomeError(ValueError):
    """A binôme that is not two different people, one from each side."""


def check_binome(members: Sequence[tuple[int, str]]) -> None:
    """`members`: (user id, side). Exactly two people, different, one from the establishments and one from the
    head office or services; else `BinomeError` with the French reason."""
    if len(members) != 2:
        raise BinomeError("Un binôme compte exactement deux personnes.")
    (first, first_side), (second, second_side) = members
    if first == second:
        raise BinomeError("Les deux membres du binôme doivent être deux personnes différentes.")
    if {first_side, second_side} != set(BINOME_SIDES):
        raise BinomeError(
            "Le binôme associe une personne des établissements et une personne du siège ou des services : "
            "les deux viennent ici du même côté."
        )


@dataclass(frozen=True, slots=True)
class MemberProfile:
    """What the composition view needs of one member: sex (None when not given), establishment (None for the
    head office or services) and job family."""

    sex: str | None
    establishment: int | None
    job_family: str


@dataclass(frozen=True, slots=True)
class CompositionWarning:
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Composition:
    size: int
    women: int
    men: int
    sex_unknown: int
    establishments: Mapping[int, int]
    head_office: int
    job_families: Mapping[str, int]
    warnings: tuple[CompositionWarning, ...]

    @property
    def balanced(self) -> bool:
        return not self.warnings


def composition(profiles: Iterable[MemberProfile], *, size: int, support: bool = False) -> Composition:
    """Counts of a working group, and its warnings: outside 7–8 people, one sex over two thirds, fewer than
    two establishments, a single job family. A support group (resource persons) is not held to them."""
    rows = list(profiles)
    sexes = Counter(p.sex for p in rows)
    establishments = Counter(p.establishment for p in rows if p.establishment is not None)
    jobs = Counter(p.job_family for p in rows if p.job_family)
    warnings: list[CompositionWarning] = []
    if not support:
        if size < GROUP_SIZE_MIN or size > GROUP_SIZE_MAX:
            warnings.append(
                CompositionWarning(
                    "size",
                    f"Le groupe compte {size} personne{'s' if size > 1 else ''} : "
                    f"un groupe d'axe en réunit de {GROUP_SIZE_MIN} à {GROUP_SIZE_MAX}.",
                )
            )
        known = sexes["woman"] + sexes["man"]
        if known and max(sexes["woman"], sexes["man"]) > MAX_SEX_SHARE * known:
            more = "de femmes" if sexes["woman"] > sexes["man"] else "d'hommes"
            warnings.append(
                CompositionWarning(
                    "sex",
                    f"Plus des deux tiers du groupe sont {more} ({max(sexes['woman'], sexes['man'])} sur {known}).",
                )
            )
        if len(establishments) < MIN_ESTABLISHMENTS:
            warnings.append(
                CompositionWarning(
                    "establishments",
                    f"Un seul établissement est représenté : le groupe doit en réunir au moins {MIN_ESTABLISHMENTS}."
                    if establishments
                    else "Aucun établissement n'est représenté.",
                )
            )
        if len(jobs) < MIN_JOB_FAMILIES:
            warnings.append(
                CompositionWarning(
                    "jobs",
                    f"Une seule famille de métiers est représentée : le groupe doit en réunir au moins "
                    f"{MIN_JOB_FAMILIES}."
                    if jobs
                    else "Aucun métier n'est renseigné.",
                )
            )
    return Composition(
        size=size,
        women=sexes["woman"],
        men=sexes["man"],
        sex_unknown=sum(n for s, n in sexes.items() if s not in SEX_LABELS) + max(0, size - len(rows)),
        establishments=dict(sorted(establishments.items())),
        head_office=sum(1 for p in rows if p.establishment is None),
        job_families=dict(sorted(jobs.items())),
        warnings=tuple(warnings),
    )


def missing_recommendations(ticks: Mapping[str, bool]) -> list[str]:
    """The canvas's recommendations not ticked, in the canvas's order (French labels)."""
    return [label for key, label in RECOMMENDATIONS.items() if not ticks.get(key, False)]


def adoption_refusal(ticks: Mapping[str, bool] | None) -> str | None:
    """Why a proposal of the plan cannot be adopted yet (the French message), or None when all three are ticked."""
    missing = missing_recommendations(ticks or {})
    if not missing:
        return None
    return (
        "Le comité adopte une proposition du plan une fois vérifiées les trois recommandations du canevas. "
        "Non cochée"
        + ("s" if len(missing) > 1 else "")
        + " : "
        + " ; ".join(m[0].lower() + m[1:] for m in missing)
        + "."
    )
