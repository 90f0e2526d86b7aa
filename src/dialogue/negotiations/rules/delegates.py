"""Union delegates and the union representative to the CSE (L2143-3, L2143-6, R2143-2, L2143-22, L2314-2,
L2316-7), and negotiating without a union delegate (L2232-21 to L2232-26). Pure: shares are exact `Fraction`s.

Sources read (2026-12): L2143-3 al. 1 and 2 (lexbase reproduction of the article); L2314-2 and L2143-22 (maitredata,
tissot); L2316-7 (circulaires.gouv.fr); L2232-23-1 (juritravail reproduction); L2232-21 to L2232-26 through
legisocial.fr and juritravail (V2). The limit of successive mandates quoted by older versions of L2143-3 al. 2 was
removed by the law n° 2025-989 (DOMAIN.md §0.12): not modelled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import Final

PERSONAL_SCORE_THRESHOLD: Final = Fraction(10, 100)  # L2143-3 al. 1: "au moins 10 % des suffrages exprimés"
DS_HEADCOUNT: Final = 50  # L2143-3 al. 1 and 3: at least 50 employees for 12 consecutive months
RS_SEPARATE_HEADCOUNT: Final = 300  # L2143-22: below 300, the DS is by right the RS au CSE


class DesignationKind(StrEnum):
    DELEGUE_SYNDICAL = "delegue_syndical"  # L2143-3
    RS_CSE = "rs_cse"  # L2314-2
    RS_CSE_CENTRAL = "rs_cse_central"  # L2316-7


class DesignationBasis(StrEnum):
    """Among whom the union chose its delegate (L2143-3 al. 1 and 2, L2143-6)."""

    PERSONAL_SCORE = "personal_score"  # a candidate with >= 10 % in their college, 1st round
    OTHER_CANDIDATE = "other_candidate"  # al. 2 fallback: another candidate of the union
    MEMBER = "member"  # al. 2 fallback, failing other candidates: a member of the union
    CSE_MEMBER = "cse_member"  # L2143-6: below 50, a CSE member for the duration of the mandate
    BY_RIGHT = "by_right"  # L2143-22: below 300, the DS is RS au CSE by right
    DESIGNATED = "designated"  # L2314-2 / L2316-7: the RS chosen by the union


class FallbackReason(StrEnum):
    """The three cases of L2143-3 al. 2 that open the fallback."""

    NONE_QUALIFIES = "none_qualifies"  # no candidate of the union reached 10 %
    NONE_REMAINS = "none_remains"  # none of them remains in the company or the establishment
    ALL_RENOUNCED = "all_renounced"  # all of them renounced in writing


FALLBACK_LABELS: Final = {
    FallbackReason.NONE_QUALIFIES: "aucun candidat du syndicat n'a recueilli 10 % dans son collège",
    FallbackReason.NONE_REMAINS: "plus aucun candidat ayant recueilli 10 % ne reste dans l'entreprise",
    FallbackReason.ALL_RENOUNCED: "tous les élus ayant recueilli 10 % ont renoncé par écrit à être désignés",
}


class DesignationError(ValueError):
    """A designation the articles do not allow; the message names the article."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


def personal_score(*, votes: int, college_votes_cast: int) -> Fraction:
    """The candidate's own votes over the valid votes of their college in the 1st round (L2143-3 al. 1)."""
    if votes < 0 or college_votes_cast <= 0 or votes > college_votes_cast:
        raise DesignationError(
            "Voix personnelles incohérentes avec les suffrages exprimés du collège (L2143-3).", field="personal_votes"
        )
    return Fraction(votes, college_votes_cast)


def ds_limit(headcount: int) -> int:
    """Number of DS each representative union may designate (R2143-2): 1 from 50 to 999 employees, 2 to 1999,
    3 to 3999, 4 to 9999, 5 from 10 000."""
    if headcount < 1000:
        return 1
    if headcount < 2000:
        return 2
    if headcount < 4000:
        return 3
    if headcount < 10_000:
        return 4
    return 5


@dataclass(frozen=True, slots=True, kw_only=True)
class DelegateCheck:
    """What the designation of a DS rests on, for `check_delegate`."""

    headcount: int
    union_representative: bool
    section_open: bool
    basis: DesignationBasis
    designated_on: date
    personal_votes: int | None = None
    college_votes_cast: int | None = None
    fallback_reason: FallbackReason | None = None
    renounced_on: date | None = None
    is_cse_member: bool = False
    delegates_already: int = 0


def check_delegate(check: DelegateCheck) -> str:
    """Raise `DesignationError` unless the DS designation is allowed; return the legal basis in French.

    L2143-3 al. 1: a representative union (L2122-1) with a section, in an entity of >= 50, designates among the
    candidates with >= 10 % personal score in their college at the 1st round. Al. 2: when none qualifies, none
    remains or all renounced in writing, among its other candidates, failing that among its members; the
    renunciations predate the designation (Cass. soc. 9 June 2021, V2). L2143-6: below 50, a CSE member.
    R2143-2: number of DS per union by headcount.
    """
    if not check.union_representative:
        raise DesignationError(
            "Seul un syndicat représentatif (10 % au premier tour, L2122-1) désigne un délégué syndical (L2143-3).",
            field="union",
        )
    if not check.section_open:
        raise DesignationError(
            "Le syndicat doit avoir constitué une section syndicale pour désigner un délégué (L2143-3).", field="union"
        )
    limit = ds_limit(check.headcount)
    if check.delegates_already >= limit:
        raise DesignationError(
            f"Ce syndicat a déjà {check.delegates_already} délégué(s) syndical(aux) : {limit} au plus pour "
            f"{check.headcount} salariés (R2143-2).",
            field="union",
        )
    if check.headcount < DS_HEADCOUNT:
        if check.basis is not DesignationBasis.CSE_MEMBER or not check.is_cse_member:
            raise DesignationError(
                "Moins de 50 salariés : le délégué syndical est un membre de la délégation du personnel au CSE "
                "(L2143-6).",
                field="basis",
            )
        return "Moins de 50 salariés : membre du CSE désigné délégué syndical pour la durée de son mandat (L2143-6)"
    if check.basis is DesignationBasis.PERSONAL_SCORE:
        if check.personal_votes is None or check.college_votes_cast is None:
            raise DesignationError(
                "Indiquez les voix personnelles du candidat et les suffrages exprimés de son collège (L2143-3).",
                field="personal_votes",
            )
        score = personal_score(votes=check.personal_votes, college_votes_cast=check.college_votes_cast)
        if score < PERSONAL_SCORE_THRESHOLD:
            raise DesignationError(
                f"{float(score) * 100:.2f} % dans son collège : il faut au moins 10 % des suffrages exprimés au "
                "premier tour (L2143-3 al. 1). Sinon, indiquez le cas de l'alinéa 2.",
                field="personal_votes",
            )
        return f"Candidat ayant recueilli {float(score) * 100:.2f} % dans son collège au premier tour (L2143-3 al. 1)"
    if check.basis in (DesignationBasis.OTHER_CANDIDATE, DesignationBasis.MEMBER):
        if check.fallback_reason is None:
            raise DesignationError(
                "Un autre candidat ou un adhérent n'est désigné que si aucun candidat ne remplit la condition des "
                "10 %, s'il n'en reste aucun ou s'ils ont tous renoncé par écrit (L2143-3 al. 2).",
                field="fallback_reason",
            )
        if check.fallback_reason is FallbackReason.ALL_RENOUNCED and (
            check.renounced_on is None or check.renounced_on > check.designated_on
        ):
            raise DesignationError(
                "Les renonciations écrites doivent précéder la désignation (L2143-3 al. 2 ; Cass. soc. 9 juin 2021).",
                field="renounced_on",
            )
        who = "un autre candidat" if check.basis is DesignationBasis.OTHER_CANDIDATE else "un adhérent"
        return f"Désignation parmi {who} : {FALLBACK_LABELS[check.fallback_reason]} (L2143-3 al. 2)"
    raise DesignationError("Fondement inconnu pour un délégué syndical (L2143-3).", field="basis")


def check_cse_representative(
    *, headcount: int, union_representative: bool, union_has_delegate: bool, basis: DesignationBasis
) -> str:
    """The union representative to the CSE: each representative union may designate one (L2314-2), but in a
    company below 300 the DS is the RS au CSE by right (L2143-22), so no separate designation there."""
    if not union_representative:
        raise DesignationError(
            "Seul un syndicat représentatif désigne un représentant syndical au CSE (L2314-2).", field="union"
        )
    if headcount < RS_SEPARATE_HEADCOUNT:
        if basis is not DesignationBasis.BY_RIGHT or not union_has_delegate:
            raise DesignationError(
                "Moins de 300 salariés : le délégué syndical est de droit représentant syndical au CSE (L2143-22) ; "
                "désignez d'abord le délégué syndical.",
                field="basis",
            )
        return "Délégué syndical, représentant syndical au CSE de droit (moins de 300 salariés, L2143-22)"
    if basis is not DesignationBasis.DESIGNATED:
        raise DesignationError(
            "300 salariés et plus : le représentant syndical au CSE est désigné par le syndicat (L2314-2).",
            field="basis",
        )
    return "Représentant syndical au CSE désigné par le syndicat, voix consultative (L2314-2)"


def check_central_representative(*, union_representative: bool, among_establishment_members: bool) -> str:
    """One RS per representative union at the CSE central, chosen among its representatives at the establishment
    CSEs or among the élus of those committees (L2316-7)."""
    if not union_representative:
        raise DesignationError(
            "Seul un syndicat représentatif dans l'entreprise désigne un représentant au CSE central (L2316-7).",
            field="union",
        )
    if not among_establishment_members:
        raise DesignationError(
            "Le représentant au CSE central est choisi parmi les représentants du syndicat aux CSE d'établissement "
            "ou parmi les élus de ces comités (L2316-7).",
            field="user_id",
        )
    return "Représentant syndical au CSE central, voix consultative (L2316-7)"


# ------------------------------------------------------------------------------------ without a union delegate


class Route(StrEnum):
    """The ways to conclude an agreement where there is no DS (L2232-21 to L2232-26)."""

    STAFF_APPROVAL = "staff_approval"  # L2232-21, L2232-23: employer's draft approved by 2/3 of the staff
    MANDATED_ELUS = "mandated_elus"  # L2232-24 (>= 50); L2232-23-1 2° (11-49)
    ELUS = "elus"  # L2232-25 (>= 50, not mandated); L2232-23-1 2° (11-49, mandated or not)
    MANDATED_EMPLOYEES = "mandated_employees"  # L2232-26 (>= 50); L2232-23-1 1° (11-49); L2232-23 (11-20)


ROUTE_LABELS: Final = {
    Route.STAFF_APPROVAL: "Projet de l'employeur approuvé par les deux tiers du personnel",
    Route.MANDATED_ELUS: "Élus titulaires du CSE mandatés par un syndicat",
    Route.ELUS: "Élus titulaires du CSE non mandatés",
    Route.MANDATED_EMPLOYEES: "Salariés mandatés par un syndicat",
}
STAFF_CONSULTATION_MIN_DAYS: Final = 15  # L2232-21, R2232-12 (V): at least 15 days after communication


def routes_without_delegate(
    *, headcount: int, has_elus: bool, elus_volunteer: bool, mandated_elus: bool
) -> list[Route]:
    """The routes open, in the order the law gives, where there is no DS.

    Below 11 (L2232-21), and 11-20 without élu (L2232-23): the employer's draft put to the staff. 11-49
    (L2232-23-1): a mandated employee, or the élus titulaires (mandated or not). From 50: mandated élus first
    (L2232-24); failing one, élus not mandated (L2232-25); failing any élu willing to negotiate, mandated
    employees (L2232-26).
    """
    if headcount < 11:
        return [Route.STAFF_APPROVAL]
    if headcount < 50:
        if not has_elus:
            return [Route.STAFF_APPROVAL, Route.MANDATED_EMPLOYEES] if headcount <= 20 else [Route.MANDATED_EMPLOYEES]
        return [Route.MANDATED_EMPLOYEES, Route.ELUS]
    if has_elus and mandated_elus:
        return [Route.MANDATED_ELUS]
    if has_elus and elus_volunteer:
        return [Route.ELUS]
    return [Route.MANDATED_EMPLOYEES]


class RouteValidity(StrEnum):
    VALID = "valid"
    AWAITING_APPROVAL = "awaiting_approval"
    NOT_VALID = "not_valid"


@dataclass(frozen=True, slots=True, kw_only=True)
class RouteOutcome:
    validity: RouteValidity
    basis: str


def staff_approval_validity(
    *, staff: int, votes_for: int | None, communicated_on: date | None, consulted_on: date | None
) -> RouteOutcome:
    """L2232-21 / L2232-22: the consultation is held at least 15 days after the draft is communicated to each
    employee (R2232-12), and the draft is valid when ratified by two thirds of the staff (not of the voters)."""
    if votes_for is None or consulted_on is None or communicated_on is None:
        return RouteOutcome(
            validity=RouteValidity.AWAITING_APPROVAL,
            basis="Consultation du personnel à tenir 15 jours au moins après la communication du projet (L2232-21)",
        )
    if (consulted_on - communicated_on).days < STAFF_CONSULTATION_MIN_DAYS:
        return RouteOutcome(
            validity=RouteValidity.NOT_VALID,
            basis="Consultation tenue moins de 15 jours après la communication du projet (L2232-21, R2232-12)",
        )
    if votes_for * 3 >= staff * 2 and staff > 0:
        return RouteOutcome(validity=RouteValidity.VALID, basis="Ratifié par les deux tiers du personnel (L2232-22)")
    return RouteOutcome(
        validity=RouteValidity.NOT_VALID, basis="Moins des deux tiers du personnel ont approuvé le projet (L2232-22)"
    )


def staff_majority_validity(*, route: Route, votes_for: int | None, votes_against: int | None) -> RouteOutcome:
    """Agreements signed by mandated élus (L2232-24) or mandated employees (L2232-26, L2232-23-1 II) are valid once
    approved by the staff at the majority of the votes cast; a tie is not a majority."""
    article = "L2232-24" if route is Route.MANDATED_ELUS else "L2232-26"
    if votes_for is None or votes_against is None:
        return RouteOutcome(
            validity=RouteValidity.AWAITING_APPROVAL,
            basis=f"À approuver par les salariés à la majorité des suffrages exprimés ({article})",
        )
    if votes_for > votes_against:
        return RouteOutcome(
            validity=RouteValidity.VALID, basis=f"Approuvé par les salariés à la majorité des suffrages ({article})"
        )
    return RouteOutcome(validity=RouteValidity.NOT_VALID, basis=f"Rejeté par les salariés ({article})")


def elus_validity(*, signatories_votes: int, votes_cast: int) -> RouteOutcome:
    """Élus not mandated (L2232-25; L2232-23-1 II below 50): signed by members of the CSE who represent the majority
    of the votes cast at the last election (strictly more than half)."""
    if votes_cast <= 0 or not 0 <= signatories_votes <= votes_cast:
        raise DesignationError(
            "Voix des élus signataires incohérentes avec les suffrages exprimés (L2232-25).", field="signatories_votes"
        )
    if Fraction(signatories_votes, votes_cast) > Fraction(1, 2):
        return RouteOutcome(
            validity=RouteValidity.VALID,
            basis="Signé par des élus représentant la majorité des suffrages exprimés aux dernières élections "
            "(L2232-25, L2232-23-1)",
        )
    return RouteOutcome(
        validity=RouteValidity.NOT_VALID,
        basis="Les élus signataires ne représentent pas la majorité des suffrages exprimés (L2232-25, L2232-23-1)",
    )


def elus_scope_refusal(
    *, headcount: int, route: Route, requires_agreement_by_law: bool, l1233_21_agreement: bool
) -> str | None:
    """From 50, élus not mandated (L2232-25 al. 2) negotiate only agreements on measures whose implementation the law
    subordinates to a collective agreement, except the agreements of L1233-21 (method of collective dismissals);
    None when the subject is within that scope. Below 50 (L2232-23-1) the élus are not so limited."""
    if route is not Route.ELUS or headcount < 50:
        return None
    if l1233_21_agreement:
        return (
            "Des élus non mandatés ne peuvent conclure un accord de méthode sur les licenciements économiques "
            "(L1233-21 exclu par l'article L2232-25)."
        )
    if not requires_agreement_by_law:
        return (
            "Des élus non mandatés ne négocient que des mesures dont la mise en œuvre est subordonnée par la loi à "
            "un accord collectif (L2232-25)."
        )
    return None


def route_validity(
    *,
    route: Route,
    staff: int,
    votes_for: int | None = None,
    votes_against: int | None = None,
    communicated_on: date | None = None,
    consulted_on: date | None = None,
    signatories_votes: int | None = None,
    votes_cast: int | None = None,
) -> RouteOutcome:
    """The validity of an agreement concluded on `route` (L2232-21 to L2232-26)."""
    if route is Route.STAFF_APPROVAL:
        return staff_approval_validity(
            staff=staff, votes_for=votes_for, communicated_on=communicated_on, consulted_on=consulted_on
        )
    if route is Route.ELUS:
        if signatories_votes is None or votes_cast is None:
            return RouteOutcome(
                validity=RouteValidity.AWAITING_APPROVAL,
                basis="Indiquez les voix des élus signataires et les suffrages exprimés (L2232-25)",
            )
        return elus_validity(signatories_votes=signatories_votes, votes_cast=votes_cast)
    return staff_majority_validity(route=route, votes_for=votes_for, votes_against=votes_against)
