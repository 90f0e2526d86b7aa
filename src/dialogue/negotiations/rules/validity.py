"""Validity of an agreement by its signatories' weight, the staff referendum (L2232-12) and its entry into
force (L2261-1, L314-6 CASF). Pure: callers pass `today`."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction
from typing import Final

from dialogue.core.clock import add_months as _add_months
from dialogue.negotiations.rules.representativeness import ElectionResultsError, UnionScore

MAJORITY_THRESHOLD: Final = Fraction(50, 100)  # L2232-12: "plus de 50 %"
REFERENDUM_THRESHOLD: Final = Fraction(30, 100)  # L2232-12: "plus de 30 %"

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
