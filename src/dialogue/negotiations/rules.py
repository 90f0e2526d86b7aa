"""Negotiation rules: representativeness, agreement validity and referendum, NAO periodicity, statuses, entry
into force. Pure functions: callers pass `today`; shares are exact `Fraction`s so the thresholds are exact.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction
from typing import Final

from dialogue.core.clock import add_months as _add_months

REPRESENTATIVENESS_THRESHOLD: Final = Fraction(10, 100)  # L2122-1: "au moins 10 %"
MAJORITY_THRESHOLD: Final = Fraction(50, 100)  # L2232-12: "plus de 50 %"
REFERENDUM_THRESHOLD: Final = Fraction(30, 100)  # L2232-12: "plus de 30 %"
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
    deposit_required: bool = True,
) -> AgreementStage:
    """Where a signed agreement stands. `validity` is VALID once the majority or an approving referendum holds.

    Applicable from the day after its deposit on TéléAccords (L2261-1, UNVERIFIED: not in DOMAIN.md); in a
    non-profit social or medico-social establishment, only once the ministerial agrément is given (L314-6 CASF);
    a refused agrément means the agreement never applies there. A unilateral decision is not deposited
    (`deposit_required=False`): it applies from the day it is taken, subject to the agrément.
    """
    if validity is Validity.NOT_VALID:
        return AgreementStage.NOT_VALID
    if validity is Validity.REFERENDUM_POSSIBLE:
        return AgreementStage.AWAITING_REFERENDUM
    if deposit_required and (deposited_on is None or today <= deposited_on):
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


# ------------------------------------------------------------------------------------ agrément (CASF)


class AgreementKind(StrEnum):
    COMPANY = "company_agreement"  # convention d'entreprise: every establishment of the organisation
    ESTABLISHMENT = "establishment_agreement"  # convention d'établissement: that establishment only
    UNILATERAL = "unilateral_decision"  # décision unilatérale de l'employeur (DUE)


@dataclass(frozen=True)
class EstablishmentScope:
    """An establishment covered by an agreement, as L314-6 CASF sees it."""

    id: int | None  # None: the organisation itself, when it has no establishment recorded
    name: str
    essms: bool  # private non-profit social or medico-social establishment or service (L312-1 CASF)
    cpom: bool = False  # contract of L313-12 IV ter or L313-12-2 CASF signed
    cpom_signed_on: date | None = None

    def under_cpom(self, on: date) -> bool:
        return self.cpom and (self.cpom_signed_on is None or self.cpom_signed_on <= on)


class AgrementReason(StrEnum):
    REQUIRED = "required"
    CPOM = "cpom"
    NOT_ESSMS = "not_essms"


AGREMENT_LABELS: Final[Mapping[AgrementReason, str]] = {
    AgrementReason.REQUIRED: "Agrément requis (L314-6 CASF)",
    AgrementReason.CPOM: "Non requis : établissement sous CPOM (L313-12 IV ter CASF)",
    AgrementReason.NOT_ESSMS: "Non requis : pas un ESSMS privé non lucratif (L314-6 CASF)",
}
AGREMENT_ARTICLES: Final[Mapping[AgrementReason, str]] = {
    AgrementReason.REQUIRED: "L314-6 CASF",
    AgrementReason.CPOM: "L314-6, L313-12 IV ter, L313-12-2 CASF",
    AgrementReason.NOT_ESSMS: "L314-6 CASF",
}


@dataclass(frozen=True)
class AgrementLine:
    establishment: EstablishmentScope
    reason: AgrementReason

    @property
    def required(self) -> bool:
        return self.reason is AgrementReason.REQUIRED

    @property
    def label(self) -> str:
        return AGREMENT_LABELS[self.reason]

    @property
    def article(self) -> str:
        return AGREMENT_ARTICLES[self.reason]


def agrement_required(
    *, kind: AgreementKind, establishments: Sequence[EstablishmentScope], on: date, exclusive_reading: bool = False
) -> list[AgrementLine]:
    """Per establishment covered: does the agreement need the minister's agrément to apply there?

    L314-6 CASF: company and establishment agreements of private non-profit ESSMS "ne prennent effet qu'après
    agrément", "à l'exception des conventions d'entreprise ou d'établissement applicables exclusivement au
    personnel d'établissements et services ayant conclu l'un des contrats mentionnés au IV ter de l'article
    L. 313-12 ou à l'article L. 313-12-2" (the CPOM). Unilateral decisions (DUE) follow the same rule (DOMAIN.md
    §0.8, V2). A CPOM counts from its signature (`on` is the day judged). The agreement waits only where a line
    is required. `exclusive_reading=True` reads "exclusivement" strictly: a text covering one establishment
    without CPOM needs the agrément everywhere (UNVERIFIED which reading the administration applies).
    """
    if kind is AgreementKind.ESTABLISHMENT and len(establishments) != 1:
        raise ValueError("Un accord d'établissement couvre un seul établissement")
    lines = []
    for establishment in establishments:
        if not establishment.essms:
            reason = AgrementReason.NOT_ESSMS
        elif establishment.under_cpom(on):
            reason = AgrementReason.CPOM
        else:
            reason = AgrementReason.REQUIRED
        lines.append(AgrementLine(establishment=establishment, reason=reason))
    if exclusive_reading and any(line.required for line in lines):
        lines = [
            AgrementLine(establishment=line.establishment, reason=AgrementReason.REQUIRED)
            if line.reason is AgrementReason.CPOM
            else line
            for line in lines
        ]
    return lines


def agreement_scope(
    *, kind: AgreementKind, establishments: Sequence[EstablishmentScope], establishment_id: int | None
) -> list[EstablishmentScope]:
    """The establishments an agreement covers: all of the organisation's for a company agreement or a
    company-wide DUE, the one named for an establishment agreement or a DUE taken for one establishment."""
    if kind is AgreementKind.COMPANY or (kind is AgreementKind.UNILATERAL and establishment_id is None):
        return list(establishments)
    chosen = [e for e in establishments if e.id == establishment_id]
    if not chosen:
        raise ValueError(f"Établissement {establishment_id} hors de l'organisation")
    return chosen
