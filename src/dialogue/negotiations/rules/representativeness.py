"""Representativeness of unions from the 1st round of the CSE election (L2122-1 to L2122-3) and the NAO
obligation it brings (L2242-1). Pure: shares are exact `Fraction`s so the thresholds are exact."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Final

REPRESENTATIVENESS_THRESHOLD: Final = Fraction(10, 100)  # L2122-1: "au moins 10 %"

#: An establishment agreement is weighed with that establishment's election when one is recorded (L2122-1
#: "dans l'entreprise ou l'établissement"; DOMAIN.md §0.9, V2/UNVERIFIED): set False to weigh it company-wide.
ESTABLISHMENT_AGREEMENT_MEASURED_AT_ESTABLISHMENT: Final = True

# ------------------------------------------------------------------------------------ representativeness


class ElectionResultsError(ValueError):
    """Election figures that cannot be right (they would give meaningless percentages)."""


@dataclass(frozen=True)
class CommonList:
    """A list presented jointly by several unions (L2122-3): the votes are split as the unions declared when
    filing the list (`shares`, fractions summing to 1), equally when they declared nothing."""

    unions: tuple[str, ...]
    shares: Mapping[str, Fraction] | None = None


def split_common_list(*, votes: int, common: CommonList) -> dict[str, Fraction]:
    """L2122-3: "la répartition entre elles des suffrages exprimés se fait sur la base indiquée par les
    organisations syndicales concernées lors du dépôt de leur liste. À défaut d'indication, la répartition
    des suffrages se fait à part égale entre les organisations concernées."""
    if len(set(common.unions)) < 2:
        raise ElectionResultsError("Une liste commune réunit au moins deux organisations syndicales (L2122-3)")
    if common.shares is None:
        return {union: Fraction(votes, len(common.unions)) for union in common.unions}
    if set(common.shares) != set(common.unions):
        raise ElectionResultsError("La répartition déclarée doit nommer chaque syndicat de la liste commune (L2122-3)")
    if any(share < 0 for share in common.shares.values()) or sum(common.shares.values()) != 1:
        raise ElectionResultsError("La répartition déclarée d'une liste commune doit totaliser 100 % (L2122-3)")
    return {union: votes * common.shares[union] for union in common.unions}


@dataclass(frozen=True)
class CollegeResults:
    """First round of the titulaires' election in one college: suffrages exprimés and votes per list.

    A list is named by its union, or by a label found in `common_lists` when several unions presented it
    together (L2122-3).
    """

    votes_cast: int
    union_votes: Mapping[str, int]
    college: str = "unique"
    common_lists: Mapping[str, CommonList] = field(default_factory=dict)

    def votes_by_union(self) -> dict[str, Fraction]:
        """Votes per union once common lists are split (L2122-3)."""
        out: dict[str, Fraction] = {}
        for name, count in self.union_votes.items():
            common = self.common_lists.get(name)
            parts = split_common_list(votes=count, common=common) if common else {name: Fraction(count)}
            for union, part in parts.items():
                out[union] = out.get(union, Fraction(0)) + part
        return out


@dataclass(frozen=True)
class UnionScore:
    union: str
    votes: Fraction  # a common list's share may be fractional (L2122-3)
    score: Fraction  # share of the votes cast where the union is measured (L2122-1, L2122-2)
    representative: bool
    weight: Fraction  # share among representative unions' votes (L2232-12); 0 when not representative
    colleges: tuple[str, ...] | None = None  # categorial union: the colleges it represents (L2122-2)

    @property
    def score_percent(self) -> float:
        return round(float(self.score * 100), 2)

    @property
    def weight_percent(self) -> float:
        return round(float(self.weight * 100), 2)


def _check_college(results: CollegeResults) -> None:
    where = f"collège « {results.college} »"
    if results.votes_cast < 0:
        raise ElectionResultsError(f"Suffrages exprimés négatifs dans le {where} ({results.votes_cast})")
    for union, votes in results.union_votes.items():
        if votes < 0:
            raise ElectionResultsError(f"Voix négatives pour « {union} » dans le {where} ({votes})")
        if votes > results.votes_cast:
            raise ElectionResultsError(
                f"Les voix de « {union} » ({votes}) dépassent les suffrages exprimés du {where} ({results.votes_cast})"
            )
    total = sum(results.union_votes.values())
    if total > results.votes_cast:
        raise ElectionResultsError(
            f"Le total des voix des listes ({total}) dépasse les suffrages exprimés du {where} ({results.votes_cast})"
        )


def representativeness(
    *, colleges: Sequence[CollegeResults], categorial: Mapping[str, Collection[str]] | None = None
) -> dict[str, UnionScore]:
    """Each union's score and its weight among representative ones.

    Representative at >= 10 % of the votes cast in the 1st round of the titulaires' election (L2122-1), all
    colleges together. A categorial union affiliated to a categorial confederation (CFE-CGC) is measured only
    in the colleges where its statutes let it stand (`categorial`: union -> those colleges), and represents
    the staff of those colleges (L2122-2). A common list's votes are split as declared, equally by default
    (L2122-3). The weight counts only votes for representative unions, as agreement validity does (L2232-12).
    """
    categorial = categorial or {}
    for results in colleges:
        _check_college(results)
    names = {results.college for results in colleges}
    for union, where in categorial.items():
        unknown = sorted(set(where) - names)
        if unknown or not where:
            raise ElectionResultsError(
                f"Collège(s) inconnu(s) pour le syndicat catégoriel « {union} » : " + ", ".join(unknown or ["aucun"])
            )
    cast = sum(results.votes_cast for results in colleges)
    if cast == 0:
        raise ElectionResultsError("Aucun suffrage exprimé : la représentativité ne peut pas être calculée (L2122-1)")
    votes: dict[str, Fraction] = {}
    by_college = [(results.college, results.votes_cast, results.votes_by_union()) for results in colleges]
    for _, _, split in by_college:
        for union, count in split.items():
            votes[union] = votes.get(union, Fraction(0)) + count
    scores: dict[str, Fraction] = {}
    for union in votes:
        if union in categorial:
            where = set(categorial[union])
            measured_cast = sum(c for name, c, _ in by_college if name in where)
            measured = sum((part.get(union, Fraction(0)) for name, _, part in by_college if name in where), Fraction(0))
            scores[union] = measured / measured_cast if measured_cast else Fraction(0)
        else:
            scores[union] = votes[union] / cast
    representative = {u for u, s in scores.items() if s >= REPRESENTATIVENESS_THRESHOLD}
    representative_votes = sum((votes[u] for u in representative), Fraction(0))
    return {
        union: UnionScore(
            union=union,
            votes=count,
            score=scores[union],
            representative=union in representative,
            weight=count / representative_votes if union in representative and representative_votes else Fraction(0),
            colleges=tuple(categorial[union]) if union in categorial else None,
        )
        for union, count in votes.items()
    }


def nao_required(*, section_unions: Collection[str], scores: Mapping[str, UnionScore]) -> bool:
    """L2242-1: the NAO obligations bind the employer "dans les entreprises où sont constituées une ou plusieurs
    sections syndicales d'organisations représentatives". `section_unions` names the unions with a section
    (L2142-1), `scores` comes from `representativeness`; names are compared with `union_key`."""
    representative = {union_key(name) for name, score in scores.items() if score.representative}
    return any(union_key(name) in representative for name in section_unions)


def union_key(name: str) -> str:
    """How union names are compared between the election PV, the table's delegates and signatures."""
    return " ".join(name.split()).casefold()


ELECTION_PERCENT_TOLERANCE: Final = Fraction(5, 100)  # percentage points: PVs print rounded percentages


def declared_percent_matches(*, votes: int, votes_cast: int, declared_percent: Fraction) -> bool:
    """A percentage copied from the election PV must match votes / suffrages exprimés (rounding allowed)."""
    if votes_cast <= 0:
        return declared_percent == 0
    return abs(Fraction(votes * 100, votes_cast) - declared_percent) <= ELECTION_PERCENT_TOLERANCE
