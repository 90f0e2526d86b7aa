"""Agrément per establishment (L314-6, L313-12 IV ter, L313-12-2 CASF), NAO scope (L2242-1) and
representativeness with common lists (L2122-3) and categorial unions (L2122-2)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from dialogue.negotiations.rules import (
    AgreementKind,
    AgreementStage,
    AgrementReason,
    CollegeResults,
    CommonList,
    ElectionResultsError,
    EstablishmentScope,
    IllegalNegotiationTransition,
    NegotiationStatus,
    Validity,
    agreement_scope,
    agreement_stage,
    agrement_required,
    check_negotiation_transition,
    nao_required,
    representativeness,
    split_common_list,
)

TODAY = date(2026, 12, 6)
EHPAD = EstablishmentScope(id=1, name="EHPAD", essms=True)
IME = EstablishmentScope(id=2, name="IME", essms=True, cpom=True, cpom_signed_on=date(2022, 1, 1))
SIEGE = EstablishmentScope(id=3, name="Siège", essms=False)


def test_l314_6_company_agreement_needs_agrement_only_where_no_cpom() -> None:
    lines = agrement_required(kind=AgreementKind.COMPANY, establishments=[EHPAD, IME, SIEGE], on=TODAY)
    assert [(line.establishment.id, line.reason) for line in lines] == [
        (1, AgrementReason.REQUIRED),
        (2, AgrementReason.CPOM),
        (3, AgrementReason.NOT_ESSMS),
    ]
    assert lines[0].label == "Agrément requis (L314-6 CASF)"
    assert lines[1].label == "Non requis : établissement sous CPOM (L313-12 IV ter CASF)"
    assert [line.required for line in lines] == [True, False, False]


def test_l313_12_iv_ter_establishment_agreement_under_cpom_needs_no_agrement() -> None:
    scope = agreement_scope(kind=AgreementKind.ESTABLISHMENT, establishments=[EHPAD, IME], establishment_id=2)
    [line] = agrement_required(kind=AgreementKind.ESTABLISHMENT, establishments=scope, on=TODAY)
    assert (line.establishment.name, line.required, line.article) == (
        "IME",
        False,
        "L314-6, L313-12 IV ter, L313-12-2 CASF",
    )


def test_l314_6_unilateral_decision_of_non_cpom_essms_needs_agrement() -> None:
    scope = agreement_scope(kind=AgreementKind.UNILATERAL, establishments=[EHPAD, IME], establishment_id=1)
    [line] = agrement_required(kind=AgreementKind.UNILATERAL, establishments=scope, on=TODAY)
    assert (line.establishment.name, line.reason) == ("EHPAD", AgrementReason.REQUIRED)
    everywhere = agreement_scope(kind=AgreementKind.UNILATERAL, establishments=[EHPAD, IME], establishment_id=None)
    assert [e.id for e in everywhere] == [1, 2]


def test_l313_12_2_cpom_counts_from_its_signature() -> None:
    signed_later = EstablishmentScope(id=4, name="SESSAD", essms=True, cpom=True, cpom_signed_on=date(2027, 1, 1))
    [before] = agrement_required(kind=AgreementKind.COMPANY, establishments=[signed_later], on=TODAY)
    [after] = agrement_required(kind=AgreementKind.COMPANY, establishments=[signed_later], on=date(2027, 1, 1))
    assert (before.reason, after.reason) == (AgrementReason.REQUIRED, AgrementReason.CPOM)


def test_l314_6_exclusively_strict_reading_requires_agrement_everywhere_for_a_mixed_scope() -> None:
    lines = agrement_required(kind=AgreementKind.COMPANY, establishments=[EHPAD, IME], on=TODAY, exclusive_reading=True)
    assert [line.required for line in lines] == [True, True]
    only_cpom = agrement_required(kind=AgreementKind.COMPANY, establishments=[IME], on=TODAY, exclusive_reading=True)
    assert [line.required for line in only_cpom] == [False]


def test_establishment_agreement_covers_exactly_one_establishment() -> None:
    with pytest.raises(ValueError, match="un seul établissement"):
        agrement_required(kind=AgreementKind.ESTABLISHMENT, establishments=[EHPAD, IME], on=TODAY)
    with pytest.raises(ValueError, match="hors de l'organisation"):
        agreement_scope(kind=AgreementKind.ESTABLISHMENT, establishments=[EHPAD], establishment_id=9)


def test_unilateral_decision_applies_without_deposit_once_taken() -> None:
    stage = agreement_stage(
        validity=Validity.VALID,
        deposited_on=None,
        agrement_required=False,
        agrement_granted_on=None,
        today=TODAY,
        deposit_required=False,
    )
    assert stage is AgreementStage.IN_FORCE
    waiting = agreement_stage(
        validity=Validity.VALID,
        deposited_on=None,
        agrement_required=True,
        agrement_granted_on=None,
        today=TODAY,
        deposit_required=False,
    )
    assert waiting is AgreementStage.AWAITING_AGREMENT


def test_unilateral_decision_is_taken_never_signed() -> None:
    check_negotiation_transition(current=NegotiationStatus.OPEN, target=NegotiationStatus.DECIDED, unilateral=True)
    with pytest.raises(IllegalNegotiationTransition):
        check_negotiation_transition(
            current=NegotiationStatus.OPEN, target=NegotiationStatus.AGREEMENT_SIGNED, unilateral=True
        )
    with pytest.raises(IllegalNegotiationTransition):
        check_negotiation_transition(current=NegotiationStatus.OPEN, target=NegotiationStatus.DECIDED)


# ------------------------------------------------------------------------------------ NAO scope (L2242-1)


def test_l2242_1_nao_require_a_section_of_a_representative_union() -> None:
    scores = representativeness(colleges=[CollegeResults(votes_cast=1000, union_votes={"CGT": 600, "UNSA": 50})])
    assert nao_required(section_unions=["cgt "], scores=scores) is True
    assert nao_required(section_unions=["UNSA"], scores=scores) is False  # 5 %: not representative
    assert nao_required(section_unions=[], scores=scores) is False
    assert nao_required(section_unions=["CGT"], scores={}) is False  # no election: representativeness unknown


# ------------------------------------------------------------------------------------ common lists (L2122-3)


def test_l2122_3_common_list_split_as_declared_60_40() -> None:
    common = CommonList(unions=("CFDT", "UNSA"), shares={"CFDT": Fraction(60, 100), "UNSA": Fraction(40, 100)})
    assert split_common_list(votes=100, common=common) == {"CFDT": Fraction(60), "UNSA": Fraction(40)}
    college = CollegeResults(
        votes_cast=1000, union_votes={"CFDT-UNSA": 200, "CGT": 800}, common_lists={"CFDT-UNSA": common}
    )
    scores = representativeness(colleges=[college])
    assert (scores["CFDT"].score, scores["UNSA"].score) == (Fraction(12, 100), Fraction(8, 100))
    assert (scores["CFDT"].representative, scores["UNSA"].representative) == (True, False)
    assert "CFDT-UNSA" not in scores
    assert scores["CFDT"].weight == Fraction(120, 920)


def test_l2122_3_common_list_split_equally_without_declaration() -> None:
    common = CommonList(unions=("CFDT", "UNSA"))
    assert split_common_list(votes=15, common=common) == {"CFDT": Fraction(15, 2), "UNSA": Fraction(15, 2)}
    college = CollegeResults(
        votes_cast=100, union_votes={"liste commune": 15, "CGT": 85}, common_lists={"liste commune": common}
    )
    scores = representativeness(colleges=[college])
    assert scores["UNSA"].score == Fraction(75, 1000)
    assert scores["UNSA"].representative is False


@pytest.mark.parametrize(
    ("common", "message"),
    [
        (CommonList(unions=("CFDT",)), "au moins deux"),
        (CommonList(unions=("CFDT", "UNSA"), shares={"CFDT": Fraction(1, 2), "UNSA": Fraction(1, 4)}), "100 %"),
        (CommonList(unions=("CFDT", "UNSA"), shares={"CFDT": Fraction(1)}), "chaque syndicat"),
    ],
)
def test_l2122_3_declared_split_must_name_each_union_and_total_100(common: CommonList, message: str) -> None:
    with pytest.raises(ElectionResultsError, match=message):
        split_common_list(votes=100, common=common)


# ------------------------------------------------------------------------------------ categorial unions (L2122-2)


def test_l2122_2_cfe_cgc_12_percent_in_cadres_college_only_is_representative_for_cadres() -> None:
    colleges = [
        CollegeResults(college="ouvriers-employés", votes_cast=800, union_votes={"CGT": 500, "CFDT": 300}),
        CollegeResults(college="cadres", votes_cast=200, union_votes={"CFE-CGC": 24, "CGT": 100, "CFDT": 76}),
    ]
    scores = representativeness(colleges=colleges, categorial={"CFE-CGC": ["cadres"]})
    cgc = scores["CFE-CGC"]
    assert cgc.score == Fraction(12, 100)  # 24 / 200, not 24 / 1000 (2.4 %)
    assert (cgc.representative, cgc.colleges) == (True, ("cadres",))
    assert scores["CGT"].colleges is None
    # Without the categorial rule, the same votes fall under 10 % of all colleges (L2122-1).
    assert representativeness(colleges=colleges)["CFE-CGC"].representative is False


def test_l2122_2_categorial_union_names_known_colleges() -> None:
    colleges = [CollegeResults(college="cadres", votes_cast=100, union_votes={"CFE-CGC": 50})]
    with pytest.raises(ElectionResultsError, match="Collège"):
        representativeness(colleges=colleges, categorial={"CFE-CGC": ["agents de maîtrise"]})
