"""Replacement of an absent titulaire by a suppléant (L2314-37)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True, slots=True, kw_only=True)
class ElectedMember:
    """An élu as L2314-37 sees them: the union whose list elected them, category, college, votes obtained."""

    member_id: int
    name: str
    union_name: str | None = None
    category: str | None = None
    electoral_college: str | None = None
    votes: int | None = None


class ReplacementStep(StrEnum):
    SAME_UNION_SAME_CATEGORY = "same_union_same_category"
    SAME_UNION_SAME_COLLEGE = "same_union_same_college"
    SAME_UNION = "same_union"
    UNELECTED_CANDIDATE = "unelected_candidate"
    OTHER_UNION_SAME_CATEGORY = "other_union_same_category"


REPLACEMENT_ARTICLE: dict[ReplacementStep, str] = {
    ReplacementStep.SAME_UNION_SAME_CATEGORY: (
        "art. L2314-37 : suppléant élu sur une liste de la même organisation syndicale, priorité à la même "
        "catégorie professionnelle (le plus de voix s'ils sont plusieurs, Cass. soc. 15 janv. 1981)"
    ),
    ReplacementStep.SAME_UNION_SAME_COLLEGE: (
        "art. L2314-37 : à défaut de suppléant de la même catégorie, suppléant de la même organisation syndicale "
        "et du même collège électoral"
    ),
    ReplacementStep.SAME_UNION: (
        "art. L2314-37 : à défaut, suppléant de la même organisation syndicale ayant obtenu le plus de voix "
        "(Cass. soc. 18 mai 2022, n° 21-11.347)"
    ),
    ReplacementStep.UNELECTED_CANDIDATE: (
        "art. L2314-37 al. 2 et 3 : sans suppléant de la même organisation syndicale, le candidat non élu de la même "
        "liste venant immédiatement après le dernier élu — les listes de candidats ne sont pas tenues dans "
        "l'application : indiquez la raison pour retenir un autre suppléant"
    ),
    ReplacementStep.OTHER_UNION_SAME_CATEGORY: (
        "art. L2314-37 al. 4 : à défaut, suppléant d'une autre organisation syndicale, de la même catégorie, ayant "
        "obtenu le plus de voix"
    ),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplacementProposal:
    """The suppléant the law calls (`member_id`, None at the unelected-candidate step, kept outside the app), the
    suppléants ranked equally with them, the step reached and its article."""

    titulaire_id: int
    step: ReplacementStep
    member_id: int | None
    name: str | None
    equally_ranked: tuple[int, ...]
    article: str
    fallback: ReplacementProposal | None = None  # at the unelected-candidate step: the next step's suppléant

    def allows(self, member_id: int) -> bool:
        return member_id in self.equally_ranked


def _best(titulaire: ElectedMember, step: ReplacementStep, pool: Sequence[ElectedMember]) -> ReplacementProposal:
    top = max(s.votes or 0 for s in pool)
    ranked = [s for s in pool if (s.votes or 0) == top]
    return ReplacementProposal(
        titulaire_id=titulaire.member_id,
        step=step,
        member_id=ranked[0].member_id,
        name=ranked[0].name,
        equally_ranked=tuple(s.member_id for s in ranked),
        article=REPLACEMENT_ARTICLE[step],
    )


def legal_replacement(
    titulaire: ElectedMember, present_suppleants: Sequence[ElectedMember]
) -> ReplacementProposal | None:
    """L2314-37: an absent titulaire is replaced by a suppléant of the same union's list, the same category first;
    else the same union and the same college; else the same union's suppléant with most votes; else the next
    unelected candidate of the union's list (not kept in the app); else a suppléant of another list, same category,
    most votes. Only suppléants present and free are considered; None when nothing in the data designates one
    (union and category unknown), and then the choice is free."""
    union = titulaire.union_name
    same_union = [s for s in present_suppleants if union is not None and s.union_name == union]
    steps: list[tuple[ReplacementStep, list[ElectedMember]]] = [
        (
            ReplacementStep.SAME_UNION_SAME_CATEGORY,
            [s for s in same_union if titulaire.category is not None and s.category == titulaire.category],
        ),
        (
            ReplacementStep.SAME_UNION_SAME_COLLEGE,
            [
                s
                for s in same_union
                if titulaire.electoral_college is not None and s.electoral_college == titulaire.electoral_college
            ],
        ),
        (ReplacementStep.SAME_UNION, same_union),
    ]
    for step, pool in steps:
        if pool:
            return _best(titulaire, step, pool)
    others = [
        s
        for s in present_suppleants
        if titulaire.category is not None
        and s.category == titulaire.category
        and (union is None or s.union_name != union)
    ]
    fallback = _best(titulaire, ReplacementStep.OTHER_UNION_SAME_CATEGORY, others) if others else None
    if union is None:
        return fallback
    return ReplacementProposal(
        titulaire_id=titulaire.member_id,
        step=ReplacementStep.UNELECTED_CANDIDATE,
        member_id=None,
        name=None,
        equally_ranked=(),
        article=REPLACEMENT_ARTICLE[ReplacementStep.UNELECTED_CANDIDATE],
        fallback=fallback,
    )
