"""Negotiation rules: L2122-1 representativeness, L2232-12 validity and referendum, L2242 NAO, L314-6 CASF."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from dialogue.negotiations.rules import (
    DEFAULT_PERIODICITY_YEARS,
    NEGOTIATION_TRANSITIONS,
    AgreementStage,
    CollegeResults,
    ElectionResultsError,
    IllegalNegotiationTransition,
    MethodAgreement,
    MethodAgreementError,
    NaoBlock,
    NegotiationStatus,
    ReferendumError,
    Requester,
    Validity,
    agreement_in_force,
    agreement_stage,
    agreement_validity,
    check_negotiation_transition,
    nao_blocks,
    next_nao_due_on,
    periodicity_years,
    referendum_approved,
    referendum_timeline,
    representativeness,
    signatories_weight,
    union_may_request_nao_from,
    union_request_deadlines,
    validate_method_agreement,
)

# ------------------------------------------------------------------------------------ representativeness


@pytest.mark.parametrize(
    ("votes", "representative"),
    [(99, False), (100, True), (101, True)],
    ids=["9.9 %", "10 % exactly", "10.1 %"],
)
def test_union_is_representative_from_ten_percent_of_votes_cast_included_l2122_1(
    votes: int, representative: bool
) -> None:
    scores = representativeness(colleges=[CollegeResults(votes_cast=1000, union_votes={"SUD": votes, "CFDT": 500})])
    assert scores["SUD"].representative is representative
    assert scores["SUD"].score == Fraction(votes, 1000)


def test_scores_add_colleges_together() -> None:
    colleges = [
        CollegeResults(college="ouvriers-employés", votes_cast=300, union_votes={"CGT": 200, "CFE-CGC": 0, "FO": 100}),
        CollegeResults(college="cadres", votes_cast=100, union_votes={"CFE-CGC": 60, "CGT": 40}),
    ]
    scores = representativeness(colleges=colleges)
    assert scores["CGT"].score == Fraction(240, 400)
    assert scores["CFE-CGC"].score == Fraction(60, 400)
    assert scores["FO"].score_percent == 25.0


def test_weight_counts_only_representative_unions_votes_l2232_12() -> None:
    scores = representativeness(
        colleges=[CollegeResults(votes_cast=1000, union_votes={"CGT": 450, "CFDT": 300, "FO": 170, "UNSA": 80})]
    )
    assert not scores["UNSA"].representative
    assert scores["UNSA"].weight == 0
    assert scores["CGT"].weight == Fraction(450, 920)
    assert scores["CFDT"].weight_percent == 32.61
    assert sum(s.weight for s in scores.values()) == 1


@pytest.mark.parametrize(
    ("colleges", "message"),
    [
        ([CollegeResults(votes_cast=100, union_votes={"CGT": 120})], "« CGT » \\(120\\) dépassent"),
        ([CollegeResults(votes_cast=100, union_votes={"CGT": 60, "FO": 50})], "total des voix des listes \\(110\\)"),
        ([CollegeResults(votes_cast=100, union_votes={"CGT": -1})], "Voix négatives pour « CGT »"),
        ([CollegeResults(votes_cast=-5, union_votes={})], "Suffrages exprimés négatifs"),
        ([CollegeResults(votes_cast=0, union_votes={"CGT": 0})], "Aucun suffrage exprimé"),
        ([], "Aucun suffrage exprimé"),
        ([CollegeResults(college="cadres", votes_cast=10, union_votes={"CGT": 11})], "collège « cadres »"),
    ],
)
def test_inconsistent_election_results_are_refused_naming_the_problem(
    colleges: list[CollegeResults], message: str
) -> None:
    with pytest.raises(ElectionResultsError, match=message) as caught:
        representativeness(colleges=colleges)
    assert isinstance(caught.value, ValueError)


# ------------------------------------------------------------------------------------ validity


@pytest.mark.parametrize(
    ("weight", "validity"),
    [
        (Fraction(299, 1000), Validity.NOT_VALID),
        (Fraction(30, 100), Validity.NOT_VALID),
        (Fraction(301, 1000), Validity.REFERENDUM_POSSIBLE),
        (Fraction(499, 1000), Validity.REFERENDUM_POSSIBLE),
        (Fraction(50, 100), Validity.REFERENDUM_POSSIBLE),
        (Fraction(501, 1000), Validity.VALID),
        (Fraction(0), Validity.NOT_VALID),
        (Fraction(1), Validity.VALID),
    ],
    ids=["29.9 %", "30 % exactly", "30.1 %", "49.9 %", "50 % exactly", "50.1 %", "0 %", "100 %"],
)
def test_agreement_needs_more_than_50_percent_or_more_than_30_percent_for_a_referendum_l2232_12(
    weight: Fraction, validity: Validity
) -> None:
    assert agreement_validity(weight=weight) is validity


@pytest.mark.parametrize("weight", [Fraction(-1, 100), Fraction(101, 100)])
def test_weight_outside_zero_to_one_is_refused(weight: Fraction) -> None:
    with pytest.raises(ValueError, match="hors de"):
        agreement_validity(weight=weight)


def test_exactly_half_of_representative_votes_is_not_a_majority() -> None:
    scores = representativeness(colleges=[CollegeResults(votes_cast=200, union_votes={"CGT": 100, "CFDT": 100})])
    weight = signatories_weight(scores=scores, signatories=["CFDT"])
    assert weight == Fraction(1, 2)
    assert agreement_validity(weight=weight) is Validity.REFERENDUM_POSSIBLE


def test_signatories_weights_add_up_and_a_union_signing_twice_counts_once() -> None:
    scores = representativeness(
        colleges=[CollegeResults(votes_cast=1000, union_votes={"CGT": 450, "CFDT": 300, "FO": 250})]
    )
    assert signatories_weight(scores=scores, signatories=["CFDT", "FO", "FO"]) == Fraction(55, 100)
    assert agreement_validity(weight=Fraction(55, 100)) is Validity.VALID


def test_a_non_representative_signatory_is_refused() -> None:
    scores = representativeness(colleges=[CollegeResults(votes_cast=1000, union_votes={"CGT": 950, "UNSA": 50})])
    with pytest.raises(ElectionResultsError, match="« UNSA », « X »"):
        signatories_weight(scores=scores, signatories=["CGT", "UNSA", "X"])


# ------------------------------------------------------------------------------------ referendum


def test_referendum_windows_without_a_request() -> None:
    timeline = referendum_timeline(signed_on=date(2026, 1, 31))
    assert timeline.signatories_request_until == date(2026, 2, 28)
    assert timeline.employer_request_from == date(2026, 3, 1)
    assert timeline.further_signatures_until is None
    assert timeline.consultation_by is None


def test_referendum_requested_by_signatories_runs_eight_days_then_two_months_l2232_12() -> None:
    timeline = referendum_timeline(
        signed_on=date(2026, 3, 10), requested_on=date(2026, 3, 20), requested_by=Requester.SIGNATORIES
    )
    assert timeline.further_signatures_until == date(2026, 3, 28)
    assert timeline.consultation_by == date(2026, 5, 28)


@pytest.mark.parametrize(
    ("requested_on", "requested_by", "message"),
    [
        (date(2026, 4, 11), Requester.SIGNATORIES, "jusqu'au 10/04/2026"),
        (date(2026, 4, 10), Requester.EMPLOYER, "à partir du 11/04/2026"),
        (date(2026, 3, 9), Requester.SIGNATORIES, "précéder la signature"),
    ],
)
def test_referendum_requests_outside_their_window_are_refused(
    requested_on: date, requested_by: Requester, message: str
) -> None:
    with pytest.raises(ReferendumError, match=message):
        referendum_timeline(signed_on=date(2026, 3, 10), requested_on=requested_on, requested_by=requested_by)


@pytest.mark.parametrize(
    ("requested_on", "requested_by"),
    [(date(2026, 4, 10), Requester.SIGNATORIES), (date(2026, 4, 11), Requester.EMPLOYER)],
)
def test_signatories_may_ask_until_the_month_ends_and_the_employer_from_the_next_day(
    requested_on: date, requested_by: Requester
) -> None:
    timeline = referendum_timeline(signed_on=date(2026, 3, 10), requested_on=requested_on, requested_by=requested_by)
    assert timeline.requested_on == requested_on


@pytest.mark.parametrize(("votes_for", "votes_against", "approved"), [(51, 49, True), (50, 50, False), (0, 0, False)])
def test_referendum_is_approved_by_a_majority_of_votes_cast(votes_for: int, votes_against: int, approved: bool) -> None:
    assert referendum_approved(votes_for=votes_for, votes_against=votes_against) is approved


def test_referendum_with_negative_votes_is_refused() -> None:
    with pytest.raises(ValueError, match="négatif"):
        referendum_approved(votes_for=-1, votes_against=3)


# ------------------------------------------------------------------------------------ NAO


@pytest.mark.parametrize(
    ("headcount", "blocks"),
    [
        (299, (NaoBlock.REMUNERATION, NaoBlock.EGALITE_QVCT)),
        (300, (NaoBlock.REMUNERATION, NaoBlock.EGALITE_QVCT, NaoBlock.GEPP)),
    ],
)
def test_gepp_negotiation_applies_from_300_employees_l2242_2(headcount: int, blocks: tuple[NaoBlock, ...]) -> None:
    assert nao_blocks(headcount=headcount) == blocks


def test_default_periodicity_is_one_one_and_three_years_l2242_13() -> None:
    assert DEFAULT_PERIODICITY_YEARS == {NaoBlock.REMUNERATION: 1, NaoBlock.EGALITE_QVCT: 1, NaoBlock.GEPP: 3}
    assert next_nao_due_on(block=NaoBlock.REMUNERATION, last_opened_on=date(2025, 2, 28)) == date(2026, 2, 28)
    assert next_nao_due_on(block=NaoBlock.GEPP, last_opened_on=date(2024, 2, 29)) == date(2027, 2, 28)


def test_method_agreement_in_force_sets_the_periodicity_l2242_11() -> None:
    agreement = MethodAgreement(
        starts_on=date(2025, 1, 1), duration_years=4, periodicity_years={NaoBlock.EGALITE_QVCT: 3}
    )
    validate_method_agreement(agreement=agreement, headcount=120)
    assert next_nao_due_on(block=NaoBlock.EGALITE_QVCT, last_opened_on=date(2025, 3, 1), agreement=agreement) == date(
        2028, 3, 1
    )
    # A block the agreement is silent on keeps the default.
    assert periodicity_years(block=NaoBlock.REMUNERATION, on=date(2025, 3, 1), agreement=agreement) == 1


def test_expired_method_agreement_falls_back_to_the_default_periodicity() -> None:
    agreement = MethodAgreement(starts_on=date(2021, 1, 1), duration_years=4, periodicity_years={NaoBlock.GEPP: 4})
    assert periodicity_years(block=NaoBlock.GEPP, on=date(2024, 12, 31), agreement=agreement) == 4
    assert periodicity_years(block=NaoBlock.GEPP, on=date(2025, 1, 1), agreement=agreement) == 3


@pytest.mark.parametrize(
    ("duration", "periodicity", "headcount", "message"),
    [
        (5, {}, 100, "au plus 4 ans \\(L2242-11\\)"),
        (0, {}, 100, "au plus 4 ans"),
        (4, {NaoBlock.REMUNERATION: 5}, 100, "au moins tous les 4 ans \\(L2242-1\\)"),
        (4, {NaoBlock.EGALITE_QVCT: 0}, 100, "au moins tous les 4 ans"),
        (4, {NaoBlock.GEPP: 3}, 299, "à partir de 300 salariés \\(L2242-2\\)"),
    ],
)
def test_method_agreement_out_of_legal_bounds_is_refused(
    duration: int, periodicity: dict[NaoBlock, int], headcount: int, message: str
) -> None:
    agreement = MethodAgreement(starts_on=date(2026, 1, 1), duration_years=duration, periodicity_years=periodicity)
    with pytest.raises(MethodAgreementError, match=message):
        validate_method_agreement(agreement=agreement, headcount=headcount)


def test_method_agreement_errors_list_every_problem() -> None:
    agreement = MethodAgreement(
        starts_on=date(2026, 1, 1), duration_years=6, periodicity_years={NaoBlock.REMUNERATION: 6}
    )
    with pytest.raises(MethodAgreementError) as caught:
        validate_method_agreement(agreement=agreement, headcount=50)
    assert len(caught.value.problems) == 2


@pytest.mark.parametrize(
    ("block", "last_opened_on", "from_day"),
    [
        (NaoBlock.REMUNERATION, date(2025, 3, 15), date(2026, 3, 16)),
        (NaoBlock.EGALITE_QVCT, date(2025, 3, 15), date(2026, 3, 16)),
        (NaoBlock.GEPP, date(2023, 3, 15), date(2026, 3, 16)),
    ],
)
def test_a_union_may_require_the_nao_after_more_than_12_or_36_months_l2242_13(
    block: NaoBlock, last_opened_on: date, from_day: date
) -> None:
    assert union_may_request_nao_from(block=block, last_opened_on=last_opened_on) == from_day


def test_employer_forwards_a_union_request_in_8_days_and_convenes_in_15_l2242_13() -> None:
    deadlines = union_request_deadlines(requested_on=date(2026, 12, 20))
    assert deadlines.forward_to_other_unions_by == date(2026, 12, 28)
    assert deadlines.convene_parties_by == date(2027, 1, 4)


# ------------------------------------------------------------------------------------ statuses

LEGAL = [(current, target) for current, targets in NEGOTIATION_TRANSITIONS.items() for target in targets]


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (NegotiationStatus.PLANNED, NegotiationStatus.OPEN),
        (NegotiationStatus.OPEN, NegotiationStatus.IN_PROGRESS),
        (NegotiationStatus.IN_PROGRESS, NegotiationStatus.AGREEMENT_SIGNED),
        (NegotiationStatus.IN_PROGRESS, NegotiationStatus.DISAGREEMENT_RECORDED),
        (NegotiationStatus.IN_PROGRESS, NegotiationStatus.ABANDONED),
        (NegotiationStatus.OPEN, NegotiationStatus.AGREEMENT_SIGNED),
        (NegotiationStatus.OPEN, NegotiationStatus.DISAGREEMENT_RECORDED),
        (NegotiationStatus.PLANNED, NegotiationStatus.ABANDONED),
    ],
)
def test_negotiation_moves_forward_to_an_outcome(current: NegotiationStatus, target: NegotiationStatus) -> None:
    check_negotiation_transition(current=current, target=target)


@pytest.mark.parametrize(
    ("current", "target"), [(c, t) for c in NegotiationStatus for t in NegotiationStatus if (c, t) not in LEGAL]
)
def test_other_negotiation_transitions_are_refused(current: NegotiationStatus, target: NegotiationStatus) -> None:
    with pytest.raises(IllegalNegotiationTransition, match="Transition impossible") as caught:
        check_negotiation_transition(current=current, target=target)
    assert isinstance(caught.value, ValueError)


def test_a_signed_agreement_cannot_be_reopened() -> None:
    with pytest.raises(IllegalNegotiationTransition, match=r"« accord signé » → « en cours ».*définitive"):
        check_negotiation_transition(current=NegotiationStatus.AGREEMENT_SIGNED, target=NegotiationStatus.IN_PROGRESS)


def test_a_planned_negotiation_cannot_jump_to_a_signed_agreement() -> None:
    assert NegotiationStatus.AGREEMENT_SIGNED not in NEGOTIATION_TRANSITIONS[NegotiationStatus.PLANNED]


# ------------------------------------------------------------------------------------ entry into force

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("validity", "deposited_on", "agrement_required", "agrement_granted_on", "stage"),
    [
        (Validity.NOT_VALID, date(2026, 5, 1), False, None, AgreementStage.NOT_VALID),
        (Validity.REFERENDUM_POSSIBLE, date(2026, 5, 1), False, None, AgreementStage.AWAITING_REFERENDUM),
        (Validity.VALID, None, False, None, AgreementStage.AWAITING_DEPOSIT),
        (Validity.VALID, TODAY, False, None, AgreementStage.AWAITING_DEPOSIT),  # applicable the day after
        (Validity.VALID, date(2026, 5, 31), False, None, AgreementStage.IN_FORCE),
        (Validity.VALID, date(2026, 5, 1), True, None, AgreementStage.AWAITING_AGREMENT),
        (Validity.VALID, date(2026, 5, 1), True, date(2026, 6, 2), AgreementStage.AWAITING_AGREMENT),
        (Validity.VALID, date(2026, 5, 1), True, TODAY, AgreementStage.IN_FORCE),
    ],
)
def test_agreement_of_a_non_profit_medico_social_establishment_applies_only_after_agrement_l314_6_casf(
    validity: Validity,
    deposited_on: date | None,
    agrement_required: bool,
    agrement_granted_on: date | None,
    stage: AgreementStage,
) -> None:
    kwargs = {
        "validity": validity,
        "deposited_on": deposited_on,
        "agrement_required": agrement_required,
        "agrement_granted_on": agrement_granted_on,
        "today": TODAY,
    }
    assert agreement_stage(**kwargs) is stage  # type: ignore[arg-type]
    assert agreement_in_force(**kwargs) is (stage is AgreementStage.IN_FORCE)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------ additions: names, PV, referendum


def test_union_names_compare_without_case_or_extra_spaces() -> None:
    from dialogue.negotiations.rules import union_key

    assert union_key("  SUD   Santé sociaux ") == union_key("sud santé Sociaux")
    assert union_key("CFDT") != union_key("CFE-CGC")


@pytest.mark.parametrize(
    ("votes", "cast", "declared", "matches"),
    [
        (170, 533, Fraction("31.89"), True),  # 31.894…, printed rounded
        (170, 533, Fraction("31.95"), False),
        (0, 0, Fraction(0), True),
        (0, 0, Fraction(5), False),
        (1, 3, Fraction("33.33"), True),
    ],
)
def test_declared_percentages_must_match_the_votes(votes: int, cast: int, declared: Fraction, matches: bool) -> None:
    from dialogue.negotiations.rules import declared_percent_matches

    assert declared_percent_matches(votes=votes, votes_cast=cast, declared_percent=declared) is matches


@pytest.mark.parametrize(
    ("weight", "approved", "validity"),
    [
        (Fraction(58, 100), None, Validity.VALID),
        (Fraction(58, 100), False, Validity.VALID),
        (Fraction(34, 100), None, Validity.REFERENDUM_POSSIBLE),
        (Fraction(34, 100), True, Validity.VALID),
        (Fraction(34, 100), False, Validity.NOT_VALID),
        (Fraction(30, 100), True, Validity.NOT_VALID),
    ],
)
def test_a_referendum_validates_or_buries_a_minority_agreement_l2232_12(
    weight: Fraction, approved: bool | None, validity: Validity
) -> None:
    from dialogue.negotiations.rules import effective_validity

    assert effective_validity(weight=weight, referendum_approved=approved) is validity


def test_a_refused_agrement_keeps_the_agreement_out_of_force_l314_6_casf() -> None:
    stage = agreement_stage(
        validity=Validity.VALID,
        deposited_on=date(2026, 2, 1),
        agrement_required=True,
        agrement_granted_on=None,
        agrement_refused=True,
        today=date(2026, 6, 1),
    )
    assert stage is AgreementStage.AGREMENT_REFUSED
    not_required = agreement_stage(
        validity=Validity.VALID,
        deposited_on=date(2026, 2, 1),
        agrement_required=False,
        agrement_granted_on=None,
        agrement_refused=True,
        today=date(2026, 6, 1),
    )
    assert not_required is AgreementStage.IN_FORCE
