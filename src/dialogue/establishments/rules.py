"""Rules of the multi-establishment company: établissements distincts (L2313-2 to L2313-5), the CSE central's
composition (L2316-4, R2316-1), its meetings (L2316-15) and linked consultations (R2312-6 II). Pure: callers
pass `today`.

Sources read (2026-12): L2316-4 (doctrine.fr and circulaire.legifrance reproductions, V); R2316-1 (legifrance
section, V); L2316-7 (circulaires.gouv.fr, V); L2313-2 to L2313-4 (dialogue-social.fr quoting the articles, V2);
L2316-15 six months (DOMAIN.md [S20], V2); R2312-6 II (DOMAIN.md [S26], V).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

from dialogue.consultations.rules import establishment_opinion_deadline
from dialogue.core.clock import add_months

CENTRAL_MAX_TITULAIRES: Final = 25  # R2316-1 al. 1, unless an agreement with all representative unions
CENTRAL_MAX_PER_ESTABLISHMENT: Final = 2  # R2316-1 al. 2: one or two titulaires and one or two suppléants
CENTRAL_MEETING_MONTHS: Final = 6  # L2316-15: at least once every six months


class ScopeBasis(StrEnum):
    """How the number and perimeter of the établissements distincts were set."""

    COMPANY_AGREEMENT = "company_agreement"  # L2313-2: majority company agreement (L2232-12 al. 1)
    CSE_AGREEMENT = "cse_agreement"  # L2313-3: without a DS, agreement with the CSE (majority of titulaires)
    EMPLOYER_DECISION = "employer_decision"  # L2313-4: failing an agreement, the employer decides
    ADMINISTRATIVE_DECISION = "administrative_decision"  # L2313-5: the DREETS decides on a challenge


SCOPE_LABELS: Final = {
    ScopeBasis.COMPANY_AGREEMENT: "Accord d'entreprise majoritaire (L2313-2)",
    ScopeBasis.CSE_AGREEMENT: "Accord entre l'employeur et le CSE, sans délégué syndical (L2313-3)",
    ScopeBasis.EMPLOYER_DECISION: "Décision de l'employeur, à défaut d'accord, selon l'autonomie de gestion (L2313-4)",
    ScopeBasis.ADMINISTRATIVE_DECISION: "Décision de l'autorité administrative (DREETS) sur contestation (L2313-5)",
}


class ScopeError(ValueError):
    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


def check_scope(
    *,
    basis: ScopeBasis,
    has_union_delegate: bool,
    titulaires_for: int | None,
    titulaires: int | None,
    negotiation_attempted: bool,
) -> str:
    """Raise `ScopeError` unless the basis fits (L2313-2 to L2313-5); return its label.

    The CSE agreement exists only without a DS and is adopted by the majority of the élus titulaires (L2313-3). The
    employer decides only failing an agreement (L2313-4): a negotiation must have been attempted first (Cass. soc.
    17 Apr. 2019, n° 18-22.948, V2).
    """
    if basis is ScopeBasis.CSE_AGREEMENT:
        if has_union_delegate:
            raise ScopeError(
                "Un délégué syndical est désigné : les établissements distincts se fixent par accord d'entreprise "
                "(L2313-2), pas par accord avec le CSE (L2313-3).",
                field="basis",
            )
        if titulaires_for is None or titulaires is None or titulaires <= 0 or titulaires_for * 2 <= titulaires:
            raise ScopeError(
                "L'accord avec le CSE est adopté à la majorité des membres titulaires élus (L2313-3).",
                field="titulaires_for",
            )
    if basis is ScopeBasis.EMPLOYER_DECISION and not negotiation_attempted:
        raise ScopeError(
            "L'employeur ne fixe les établissements distincts qu'à défaut d'accord (L2313-4) : indiquez la tentative "
            "de négociation.",
            field="negotiation_attempted_on",
        )
    return SCOPE_LABELS[basis]


# ------------------------------------------------------------------------------------ CSE central composition


@dataclass(frozen=True, slots=True, kw_only=True)
class CentralSeat:
    """A delegate at the CSE central: a titulaire or a suppléant, and the establishment CSE they come from (None
    when they sit on none)."""

    user_id: int
    name: str
    titular: bool
    from_body_id: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class CompositionWarning:
    code: str
    message: str
    body_id: int | None = None


def composition_warnings(
    *, seats: Sequence[CentralSeat], establishment_bodies: Mapping[int, str], agreement_with_all_unions: bool = False
) -> list[CompositionWarning]:
    """What is missing or wrong in the CSE central's composition.

    L2316-4 2°: an equal number of titulaires and suppléants, elected for each establishment by its CSE among its
    members. R2316-1: at most 25 titulaires and 25 suppléants, and each establishment represented by one delegate
    (titulaire or suppléant) or by one or two titulaires and one or two suppléants — unless an agreement with all
    the representative unions says otherwise.
    """
    warnings: list[CompositionWarning] = []
    for seat in seats:
        if seat.from_body_id is None:
            warnings.append(
                CompositionWarning(
                    code="not_from_establishment",
                    message=f"{seat.name} ne siège dans aucun CSE d'établissement : les délégués sont élus par chaque "
                    "CSE d'établissement parmi ses membres (L2316-4).",
                )
            )
    for body_id, name in establishment_bodies.items():
        mine = [s for s in seats if s.from_body_id == body_id]
        titulaires = sum(1 for s in mine if s.titular)
        suppleants = len(mine) - titulaires
        if not mine:
            warnings.append(
                CompositionWarning(
                    code="establishment_unrepresented",
                    message=f"{name} n'a désigné aucun délégué au CSE central (L2316-4, R2316-1).",
                    body_id=body_id,
                )
            )
            continue
        if len(mine) == 1:
            continue  # R2316-1 al. 2: a single delegate, titulaire or suppléant, is allowed
        if titulaires != suppleants:
            warnings.append(
                CompositionWarning(
                    code="unequal_titulaires_suppleants",
                    message=f"{name} : {titulaires} titulaire(s) et {suppleants} suppléant(s) au CSE central ; "
                    "le nombre doit être égal (L2316-4).",
                    body_id=body_id,
                )
            )
        if not agreement_with_all_unions and (
            titulaires > CENTRAL_MAX_PER_ESTABLISHMENT or suppleants > CENTRAL_MAX_PER_ESTABLISHMENT
        ):
            warnings.append(
                CompositionWarning(
                    code="too_many_for_establishment",
                    message=f"{name} : au plus deux titulaires et deux suppléants par établissement, sauf accord "
                    "(R2316-1).",
                    body_id=body_id,
                )
            )
    total_titulaires = sum(1 for s in seats if s.titular)
    total_suppleants = len(seats) - total_titulaires
    if not agreement_with_all_unions and max(total_titulaires, total_suppleants) > CENTRAL_MAX_TITULAIRES:
        warnings.append(
            CompositionWarning(
                code="too_many_members",
                message="Au plus 25 titulaires et 25 suppléants au CSE central, sauf accord avec tous les syndicats "
                "représentatifs (R2316-1).",
            )
        )
    return warnings


# ------------------------------------------------------------------------------------ CSE central meetings


@dataclass(frozen=True, slots=True, kw_only=True)
class CentralMeetingAlert:
    due_on: date
    overdue: bool
    message: str


def central_meeting_alert(*, last_meeting_on: date | None, since: date, today: date) -> CentralMeetingAlert:
    """L2316-15: the CSE central meets at least once every six months. Counted from its last meeting held or, when
    it never met, from `since` (its creation or the start of its mandate)."""
    start = last_meeting_on or since
    due = add_months(start, CENTRAL_MEETING_MONTHS)
    if today > due:
        message = f"Aucune réunion du CSE central depuis plus de six mois : elle était due le {due:%d/%m/%Y} (L2316-15)"
        return CentralMeetingAlert(due_on=due, overdue=True, message=message)
    message = f"Prochaine réunion du CSE central au plus tard le {due:%d/%m/%Y} (L2316-15)"
    return CentralMeetingAlert(due_on=due, overdue=False, message=message)


# ------------------------------------------------------------------------------------ linked consultations


class EstablishmentOpinionStatus(StrEnum):
    PENDING = "pending"
    GIVEN = "given"  # given, not transmitted yet; still in time
    TRANSMITTED = "transmitted"
    DEEMED_NEGATIVE = "deemed_negative"


OPINION_STATUS_LABELS: Final = {
    EstablishmentOpinionStatus.PENDING: "En attente",
    EstablishmentOpinionStatus.GIVEN: "Avis rendu, à transmettre au CSE central",
    EstablishmentOpinionStatus.TRANSMITTED: "Avis transmis au CSE central",
    EstablishmentOpinionStatus.DEEMED_NEGATIVE: "Réputé négatif (non transmis à temps)",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class EstablishmentOpinion:
    due_on: date
    status: EstablishmentOpinionStatus
    opinion: str | None  # positive / negative, with a deemed negative once late


def establishment_opinion(
    *, central_deadline: date, opinion: str | None, opinion_on: date | None, transmitted_on: date | None, today: date
) -> EstablishmentOpinion:
    """R2312-6 II: each CSE d'établissement gives its opinion and transmits it to the CSE central at least 7 days
    before the central's deadline; otherwise its opinion is deemed negative. An opinion given or transmitted after
    that day does not count."""
    due = establishment_opinion_deadline(central_deadline=central_deadline)
    if transmitted_on is not None and transmitted_on <= due and opinion is not None:
        return EstablishmentOpinion(due_on=due, status=EstablishmentOpinionStatus.TRANSMITTED, opinion=opinion)
    if today > due:
        return EstablishmentOpinion(due_on=due, status=EstablishmentOpinionStatus.DEEMED_NEGATIVE, opinion="negative")
    if opinion is not None and opinion_on is not None:
        return EstablishmentOpinion(due_on=due, status=EstablishmentOpinionStatus.GIVEN, opinion=opinion)
    return EstablishmentOpinion(due_on=due, status=EstablishmentOpinionStatus.PENDING, opinion=None)
