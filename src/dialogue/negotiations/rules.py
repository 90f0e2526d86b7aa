"""Negotiation rules: representativeness, agreement validity and referendum, NAO periodicity, statuses, entry
into force. Pure functions: callers pass `today`; shares are exact `Fraction`s so the thresholds are exact.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction
from typing import Final

REPRESENTATIVENESS_THRESHOLD: Final = Fraction(10, 100)  # L2122-1: "au moins 10 %"
MAJORITY_THRESHOLD: Final = Fraction(50, 100)  # L2232-12: "plus de 50 %"
REFERENDUM_THRESHOLD: Final = Fraction(30, 100)  # L2232-12: "plus de 30 %"


def _add_months(start: date, months: int) -> date:
    """Calendar months; without the same day in the target month, its last day (CPC art. 641)."""
    year, month0 = divmod(start.year * 12 + start.month - 1 + months, 12)
    return date(year, month0 + 1, min(start.day, calendar.monthrange(year, month0 + 1)[1]))


# ------------------------------------------------------------------------------------ representativeness


class ElectionResultsError(ValueError):
    """Election figures that cannot be right (they would give meaningless percentages)."""


@dataclass(frozen=True)
class CollegeResults:
    """First round of the titulaires' election in one college: suffrages exprimés and votes per union list."""

    votes_cast: int
    union_votes: Mapping[str, int]
    college: str = "unique"


@dataclass(frozen=True)
class UnionScore:
    union: str
    votes: int
    score: Fraction  # share of all votes cast (L2122-1)
    representative: bool
    weight: Fraction  # share among representative unions' votes (L2232-12); 0 when not representative

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


def representativeness(*, colleges: Sequence[CollegeResults]) -> dict[str, UnionScore]:
    """Each union's score over all colleges and its weight among representative ones.

    Representative at >= 10 % of the votes cast in the 1st round of the titulaires' election (L2122-1);
    the weight counts only votes for representative unions, as agreement validity does (L2232-12).
    """
    for results in colleges:
        _check_college(results)
    cast = sum(results.votes_cast for results in colleges)
    if cast == 0:
        raise ElectionResultsError("Aucun suffrage exprimé : la représentativité ne peut pas être calculée (L2122-1)")
    votes: dict[str, int] = {}
    for results in colleges:
        for union, count in results.union_votes.items():
            votes[union] = votes.get(union, 0) + count
    representative = {u for u, v in votes.items() if Fraction(v, cast) >= REPRESENTATIVENESS_THRESHOLD}
    representative_votes = sum(votes[u] for u in representative)
    return {
        union: UnionScore(
            union=union,
            votes=count,
            score=Fraction(count, cast),
            representative=union in representative,
            weight=Fraction(count, representative_votes) if union in representative else Fraction(0),
        )
        for union, count in votes.items()
    }


# ------------------------------------------------------------------------------------ validity, referendum


class Validity(StrEnum):
    VALID = "valid"
    REFERENDUM_POSSIBLE = "referendum_possible"
    NOT_VALID = "not_valid"


def signatories_weight(*, scores: Mapping[str, UnionScore], signatories: Collection[str]) -> Fraction:
    """Sum of the signatory unions' weights; only representative unions may validly sign (L2232-12)."""
    unknown = sorted(s for s in signatories if s not in scores or not scores[s].representative)
    if unknown:
        raise ElectionResultsError(
            "Signataire(s) non représentatif(s) au sens de L2122-1 : " + ", ".join(f"« {u} »" for u in unknown)
        )
    return sum((scores[s].weight for s in set(signatories)), start=Fraction(0))


def union_key(name: str) -> str:
    """How union names are compared between the election PV, the table's delegates and signatures."""
    return " ".join(name.split()).casefold()


ELECTION_PERCENT_TOLERANCE: Final = Fraction(5, 100)  # percentage points: PVs print rounded percentages


def declared_percent_matches(*, votes: int, votes_cast: int, declared_percent: Fraction) -> bool:
    """A percentage copied from the election PV must match votes / suffrages exprimés (rounding allowed)."""
    if votes_cast <= 0:
        return declared_percent == 0
    return abs(Fraction(votes * 100, votes_cast) - declared_percent) <= ELECTION_PERCENT_TOLERANCE


def agreement_validity(*, weight: Fraction) -> Validity:
    """L2232-12: valid with "plus de 50 %"; with "plus de 30 %" a staff referendum may validate it."""
    if not Fraction(0) <= weight <= Fraction(1):
        raise ValueError(f"Poids des signataires hors de [0 ; 1] : {weight}")
    if weight > MAJORITY_THRESHOLD:
        return Validity.VALID
    if weight > REFERENDUM_THRESHOLD:
        return Validity.REFERENDUM_POSSIBLE
    return Validity.NOT_VALID


class ReferendumError(ValueError):
    """A referendum request outside the windows of L2232-12."""


class Requester(StrEnum):
    SIGNATORIES = "signatories"
    EMPLOYER = "employer"


@dataclass(frozen=True)
class ReferendumTimeline:
    signed_on: date
    signatories_request_until: date  # 1 month after signature
    employer_request_from: date  # once that month has ended (unless all signatories object)
    requested_on: date | None = None
    further_signatures_until: date | None = None  # 8 days after the request
    consultation_by: date | None = None  # within 2 months after those 8 days


def referendum_timeline(
    *, signed_on: date, requested_on: date | None = None, requested_by: Requester | None = None
) -> ReferendumTimeline:
    """L2232-12 dates: 1 month for the signatories, then the employer; 8 days for more signatures; then the
    consultation within 2 months. Delays in days and months are calendar ones.
    """
    until = _add_months(signed_on, 1)
    employer_from = until + timedelta(days=1)
    if requested_on is None:
        return ReferendumTimeline(
            signed_on=signed_on, signatories_request_until=until, employer_request_from=employer_from
        )
    if requested_on < signed_on:
        raise ReferendumError("La demande de consultation ne peut précéder la signature (L2232-12)")
    if requested_by is Requester.SIGNATORIES and requested_on > until:
        raise ReferendumError(
            f"Les signataires pouvaient demander la consultation jusqu'au {until:%d/%m/%Y} (un mois, L2232-12)"
        )
    if requested_by is Requester.EMPLOYER and requested_on < employer_from:
        raise ReferendumError(
            f"L'employeur ne peut demander la consultation qu'à partir du {employer_from:%d/%m/%Y} (L2232-12)"
        )
    signatures_until = requested_on + timedelta(days=8)
    return ReferendumTimeline(
        signed_on=signed_on,
        signatories_request_until=until,
        employer_request_from=employer_from,
        requested_on=requested_on,
        further_signatures_until=signatures_until,
        consultation_by=_add_months(signatures_until, 2),
    )


def effective_validity(*, weight: Fraction, referendum_approved: bool | None = None) -> Validity:
    """Validity once the referendum is counted (L2232-12): a signatories' majority is enough; between 30 and
    50 % the staff's approval validates the agreement and its refusal leaves it "réputé non écrit".
    """
    by_signatures = agreement_validity(weight=weight)
    if by_signatures is not Validity.REFERENDUM_POSSIBLE or referendum_approved is None:
        return by_signatures
    return Validity.VALID if referendum_approved else Validity.NOT_VALID


def referendum_approved(*, votes_for: int, votes_against: int) -> bool:
    """Approved by the majority of votes cast (exprimés); a tie is not a majority.

    UNVERIFIED: DOMAIN.md did not read this in the L2232-12 excerpt; confirm on Légifrance.
    """
    if votes_for < 0 or votes_against < 0:
        raise ValueError("Nombre de voix négatif dans le résultat de la consultation")
    return votes_for > votes_against


# ------------------------------------------------------------------------------------ NAO periodicity


class NaoBlock(StrEnum):
    REMUNERATION = "remuneration"  # pay, working time, value sharing (L2242-1 1°, L2242-15)
    EGALITE_QVCT = "egalite_qvct"  # professional equality and QVCT (L2242-1 2°, L2242-17)
    GEPP = "gepp"  # jobs and careers, >= 300 employees (L2242-2)


GEPP_HEADCOUNT: Final = 300
MAX_PERIODICITY_YEARS: Final = 4  # L2242-1 (ordre public): each block at least every 4 years
MAX_METHOD_AGREEMENT_YEARS: Final = 4  # L2242-11
DEFAULT_PERIODICITY_YEARS: Final[Mapping[NaoBlock, int]] = {  # L2242-13
    NaoBlock.REMUNERATION: 1,
    NaoBlock.EGALITE_QVCT: 1,
    NaoBlock.GEPP: 3,
}


def nao_blocks(*, headcount: int) -> tuple[NaoBlock, ...]:
    """Mandatory blocks: the two of L2242-1, plus GEPP from 300 employees (L2242-2)."""
    if headcount >= GEPP_HEADCOUNT:
        return (NaoBlock.REMUNERATION, NaoBlock.EGALITE_QVCT, NaoBlock.GEPP)
    return (NaoBlock.REMUNERATION, NaoBlock.EGALITE_QVCT)


class MethodAgreementError(ValueError):
    """An accord de méthode outside the bounds of L2242-1 / L2242-11; `problems` lists each one."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(" ; ".join(problems))


@dataclass(frozen=True)
class MethodAgreement:
    """Accord de méthode (L2242-10, L2242-11): its start, duration and the periodicity it sets per block."""

    starts_on: date
    duration_years: int
    periodicity_years: Mapping[NaoBlock, int] = field(default_factory=dict)

    def in_force_on(self, day: date) -> bool:
        return self.starts_on <= day < _add_months(self.starts_on, 12 * self.duration_years)


def validate_method_agreement(*, agreement: MethodAgreement, headcount: int) -> None:
    """Raise `MethodAgreementError` naming each bound broken: <= 4 years (L2242-11), each block <= 4 years (L2242-1)."""
    problems: list[str] = []
    if not 1 <= agreement.duration_years <= MAX_METHOD_AGREEMENT_YEARS:
        problems.append(
            f"L'accord de méthode dure au plus {MAX_METHOD_AGREEMENT_YEARS} ans (L2242-11) : "
            f"{agreement.duration_years} an(s) indiqué(s)"
        )
    applicable = nao_blocks(headcount=headcount)
    for block, years in agreement.periodicity_years.items():
        if block not in applicable:
            problems.append(
                f"La négociation « {block} » ne s'impose qu'à partir de {GEPP_HEADCOUNT} salariés (L2242-2)"
            )
        elif not 1 <= years <= MAX_PERIODICITY_YEARS:
            problems.append(
                f"La négociation « {block} » doit s'ouvrir au moins tous les {MAX_PERIODICITY_YEARS} ans (L2242-1) : "
                f"{years} an(s) indiqué(s)"
            )
    if problems:
        raise MethodAgreementError(problems)


def periodicity_years(*, block: NaoBlock, on: date, agreement: MethodAgreement | None = None) -> int:
    """The agreement's periodicity while it is in force, else the default of L2242-13 (1 / 1 / 3 years)."""
    if agreement is not None and agreement.in_force_on(on) and block in agreement.periodicity_years:
        return agreement.periodicity_years[block]
    return DEFAULT_PERIODICITY_YEARS[block]


def next_nao_due_on(*, block: NaoBlock, last_opened_on: date, agreement: MethodAgreement | None = None) -> date:
    """Next opening due: the last opening plus the periodicity in force then (L2242-1, L2242-13)."""
    years = periodicity_years(block=block, on=last_opened_on, agreement=agreement)
    return _add_months(last_opened_on, 12 * years)


def union_may_request_nao_from(
    *, block: NaoBlock, last_opened_on: date, agreement: MethodAgreement | None = None
) -> date:
    """First day a representative union may require the negotiation: once "plus de douze mois" (36 for GEPP)
    have passed since the previous one without the employer's initiative (L2242-13). Under an accord de méthode
    the agreed periodicity replaces 12/36 months (UNVERIFIED reading of "non-respect de ses stipulations").
    """
    return next_nao_due_on(block=block, last_opened_on=last_opened_on, agreement=agreement) + timedelta(days=1)


@dataclass(frozen=True)
class UnionRequestDeadlines:
    forward_to_other_unions_by: date  # 8 days (L2242-13)
    convene_parties_by: date  # 15 days (L2242-13)


def union_request_deadlines(*, requested_on: date) -> UnionRequestDeadlines:
    """On a union's request the employer forwards it within 8 days and convenes the parties within 15 (L2242-13)."""
    return UnionRequestDeadlines(
        forward_to_other_unions_by=requested_on + timedelta(days=8),
        convene_parties_by=requested_on + timedelta(days=15),
    )


# ------------------------------------------------------------------------------------ statuses


class NegotiationStatus(StrEnum):
    PLANNED = "planned"
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    AGREEMENT_SIGNED = "agreement_signed"
    DISAGREEMENT_RECORDED = "disagreement_recorded"  # PV de désaccord (L2242-5)
    ABANDONED = "abandoned"


_OUTCOMES: Final = frozenset(
    {NegotiationStatus.AGREEMENT_SIGNED, NegotiationStatus.DISAGREEMENT_RECORDED, NegotiationStatus.ABANDONED}
)
NEGOTIATION_TRANSITIONS: Final[Mapping[NegotiationStatus, frozenset[NegotiationStatus]]] = {
    NegotiationStatus.PLANNED: frozenset({NegotiationStatus.OPEN, NegotiationStatus.ABANDONED}),
    NegotiationStatus.OPEN: frozenset({NegotiationStatus.IN_PROGRESS}) | _OUTCOMES,
    NegotiationStatus.IN_PROGRESS: _OUTCOMES,
    NegotiationStatus.AGREEMENT_SIGNED: frozenset(),
    NegotiationStatus.DISAGREEMENT_RECORDED: frozenset(),
    NegotiationStatus.ABANDONED: frozenset(),
}
_STATUS_LABELS: Final[Mapping[NegotiationStatus, str]] = {
    NegotiationStatus.PLANNED: "prévue",
    NegotiationStatus.OPEN: "ouverte",
    NegotiationStatus.IN_PROGRESS: "en cours",
    NegotiationStatus.AGREEMENT_SIGNED: "accord signé",
    NegotiationStatus.DISAGREEMENT_RECORDED: "PV de désaccord",
    NegotiationStatus.ABANDONED: "abandonnée",
}


class IllegalNegotiationTransition(ValueError):
    def __init__(self, current: NegotiationStatus, target: NegotiationStatus) -> None:
        self.current, self.target = current, target
        ending = " (une négociation conclue est définitive)" if current in _OUTCOMES else ""
        super().__init__(
            f"Transition impossible pour une négociation : « {_STATUS_LABELS[current]} » → "
            f"« {_STATUS_LABELS[target]} »{ending}"
        )


def check_negotiation_transition(*, current: NegotiationStatus, target: NegotiationStatus) -> None:
    """Raise `IllegalNegotiationTransition` unless `current → target` is in `NEGOTIATION_TRANSITIONS`."""
    if target not in NEGOTIATION_TRANSITIONS[current]:
        raise IllegalNegotiationTransition(current, target)


# ------------------------------------------------------------------------------------ entry into force


class AgreementStage(StrEnum):
    NOT_VALID = "not_valid"
    AWAITING_REFERENDUM = "awaiting_referendum"
    AWAITING_DEPOSIT = "awaiting_deposit"
    AWAITING_AGREMENT = "awaiting_agrement"
    AGREMENT_REFUSED = "agrement_refused"
    IN_FORCE = "in_force"


def agreement_stage(
    *,
    validity: Validity,
    deposited_on: date | None,
    agrement_required: bool,
    agrement_granted_on: date | None,
    today: date,
    agrement_refused: bool = False,
) -> AgreementStage:
    """Where a signed agreement stands. `validity` is VALID once the majority or an approving referendum holds.

    Applicable from the day after its deposit on TéléAccords (L2261-1, UNVERIFIED: not in DOMAIN.md); in a
    non-profit social or medico-social establishment, only once the ministerial agrément is given (L314-6 CASF);
    a refused agrément means the agreement never applies there.
    """
    if validity is Validity.NOT_VALID:
        return AgreementStage.NOT_VALID
    if validity is Validity.REFERENDUM_POSSIBLE:
        return AgreementStage.AWAITING_REFERENDUM
    if deposited_on is None or today <= deposited_on:
        return AgreementStage.AWAITING_DEPOSIT
    if agrement_required and agrement_refused:
        return AgreementStage.AGREMENT_REFUSED
    if agrement_required and (agrement_granted_on is None or today < agrement_granted_on):
        return AgreementStage.AWAITING_AGREMENT
    return AgreementStage.IN_FORCE


def agreement_in_force(
    *,
    validity: Validity,
    deposited_on: date | None,
    agrement_required: bool,
    agrement_granted_on: date | None,
    today: date,
) -> bool:
    """True when `agreement_stage` is IN_FORCE (L2232-12, L2261-1, L314-6 CASF)."""
    stage = agreement_stage(
        validity=validity,
        deposited_on=deposited_on,
        agrement_required=agrement_required,
        agrement_granted_on=agrement_granted_on,
        today=today,
    )
    return stage is AgreementStage.IN_FORCE
