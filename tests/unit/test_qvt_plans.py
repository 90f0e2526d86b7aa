"""The plan by axes, pure: the binôme's two sides, a working group's size and balance, the adoption checklist."""

from __future__ import annotations

import pytest

from dialogue.qvt.rules import plans
from dialogue.qvt.rules.plans import MemberProfile

EHPAD, IME, SESSAD = 1, 2, 3


def balanced_group() -> list[MemberProfile]:
    return [
        MemberProfile("man", IME, "Éducatif"),
        MemberProfile("woman", EHPAD, "Soin"),
        MemberProfile("man", EHPAD, "Soin"),
        MemberProfile("woman", IME, "Éducatif"),
        MemberProfile("man", SESSAD, "Éducatif"),
        MemberProfile("woman", SESSAD, "Rééducation"),
        MemberProfile("man", EHPAD, "Logistique"),
        MemberProfile("woman", None, "Administratif"),
    ]


def codes(composition: plans.Composition) -> list[str]:
    return [w.code for w in composition.warnings]


def test_binome_of_one_establishment_person_and_one_head_office_person_is_valid() -> None:
    plans.check_binome([(10, "establishment"), (11, "head_office")])


@pytest.mark.parametrize(
    ("members", "reason"),
    [
        ([(10, "establishment"), (11, "establishment")], "même côté"),
        ([(10, "head_office"), (11, "head_office")], "même côté"),
        ([(10, "establishment"), (10, "head_office")], "deux personnes différentes"),
        ([(10, "establishment")], "exactement deux"),
        ([(10, "establishment"), (11, "head_office"), (12, "head_office")], "exactement deux"),
    ],
)
def test_binome_from_one_side_or_not_two_people_is_refused(members: list[tuple[int, str]], reason: str) -> None:
    with pytest.raises(plans.BinomeError, match=reason):
        plans.check_binome(members)


def test_group_of_eight_across_three_establishments_four_jobs_and_both_sexes_is_balanced() -> None:
    result = plans.composition(balanced_group(), size=8)
    assert result.balanced
    assert (result.women, result.men, result.sex_unknown) == (4, 4, 0)
    assert result.establishments == {EHPAD: 3, IME: 2, SESSAD: 2}
    assert result.head_office == 1
    assert result.job_families == {"Administratif": 1, "Logistique": 1, "Rééducation": 1, "Éducatif": 3, "Soin": 2}


@pytest.mark.parametrize(("size", "warned"), [(6, True), (7, False), (8, False), (9, True)])
def test_group_size_outside_seven_to_eight_is_warned(size: int, warned: bool) -> None:
    profiles = (balanced_group() * 2)[:size]
    result = plans.composition(profiles, size=size)
    assert ("size" in codes(result)) is warned


def test_one_sex_over_two_thirds_is_warned_and_exactly_two_thirds_is_not() -> None:
    six_of_nine = [MemberProfile("woman", EHPAD if i % 2 else IME, "Soin" if i % 3 else "Éducatif") for i in range(6)]
    three_men = [MemberProfile("man", SESSAD, "Logistique")] * 3
    assert "sex" not in codes(plans.composition(six_of_nine + three_men, size=9))
    five_of_seven = [*six_of_nine[:5], *three_men[:2]]
    result = plans.composition(five_of_seven, size=7)
    assert "sex" in codes(result)
    assert "Plus des deux tiers du groupe sont de femmes (5 sur 7)." in [w.message for w in result.warnings]


def test_single_establishment_and_single_job_family_are_warned() -> None:
    same = [MemberProfile("woman" if i % 2 else "man", EHPAD, "Soin") for i in range(8)]
    result = plans.composition(same, size=8)
    assert codes(result) == ["establishments", "jobs"]
    assert result.warnings[0].message.startswith("Un seul établissement est représenté")


def test_head_office_alone_does_not_count_as_an_establishment() -> None:
    result = plans.composition([MemberProfile("woman", None, "Administratif")] * 4, size=4)
    assert "Aucun établissement n'est représenté." in [w.message for w in result.warnings]


def test_members_without_profile_count_in_the_size_as_sex_not_given() -> None:
    result = plans.composition(balanced_group()[:6], size=8)
    assert result.size == 8
    assert result.sex_unknown == 2


def test_support_group_is_not_held_to_the_axis_group_thresholds() -> None:
    result = plans.composition([MemberProfile("woman", None, "Ressources humaines")] * 3, size=3, support=True)
    assert result.balanced


def test_thresholds_are_the_ones_the_method_names() -> None:
    assert (plans.GROUP_SIZE_MIN, plans.GROUP_SIZE_MAX) == (7, 8)
    assert plans.Fraction(2, 3) == plans.MAX_SEX_SHARE
    assert (plans.MIN_ESTABLISHMENTS, plans.MIN_JOB_FAMILIES) == (2, 2)


def test_adoption_needs_the_three_recommendations_ticked() -> None:
    assert plans.adoption_refusal({"concrete": True, "all_staff": True, "feasible": True}) is None
    refusal = plans.adoption_refusal({"concrete": True})
    assert refusal is not None
    assert refusal.endswith(
        "Non cochées : destinée à toutes les catégories de personnel, ou complétée par des actions pour les "
        "autres ; réalisable avec les moyens disponibles."
    )
    assert plans.missing_recommendations({}) == list(plans.RECOMMENDATIONS.values())
