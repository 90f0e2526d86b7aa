"""Rules of the CSE election, each case named by its article (sources: ../shared/DOMAIN.md §12)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from dialogue.elections.rules import (
    ListTally,
    Sex,
    allocate_seats,
    calendar_steps,
    candidate_protection,
    distribute_seats,
    elected_positions,
    elected_protection,
    expected_women,
    legal_titulaires,
    list_balance_problems,
    mandate_end_of,
    pap_validity,
    partial_election_required,
    quorum_reached,
)

F, M = Sex.F, Sex.M


def _lists(**votes: int) -> list[ListTally]:
    return [ListTally(key=k, ballots=v, candidates=10) for k, v in votes.items()]


def test_r2314_20_worked_example_of_the_arrete_of_10_november_2016() -> None:
    """Annex of the arrêté of 10 Nov. 2016 (JORF 16 Nov. 2016): 150 votes, 5 seats, quotient 30; list A 65 votes,
    list B 85: 2 seats each at the quotient, the fifth to B at the highest average (28.33 against 21.67)."""
    result = allocate_seats(seats=5, lists=_lists(A=65, B=85))
    assert result.quotient == 30
    assert result.by_quotient == {"A": 2, "B": 2}
    assert result.by_average == {"B": 1}
    assert (result.total("A"), result.total("B")) == (2, 3)


def test_r2314_20_remaining_seat_to_the_highest_average_not_the_largest_remainder() -> None:
    """Published example (3 seats, 6000 votes: A 2500, B 2000, C 1000, D 500): quotient 2000, A and B one seat
    each; the last seat to A (2500/2 = 1250 beats B 1000, C 1000, D 500)."""
    result = allocate_seats(seats=3, lists=_lists(A=2500, B=2000, C=1000, D=500))
    assert result.quotient == 2000
    assert {k: result.total(k) for k in "ABCD"} == {"A": 2, "B": 1, "C": 0, "D": 0}


def test_r2314_19_quotient_keeps_its_decimals() -> None:
    """R2314-19: 263 valid votes for 10 seats give a quotient of 26.3 (no rounding)."""
    result = allocate_seats(seats=10, lists=_lists(A=200, B=63))
    assert result.quotient == Fraction(263, 10)
    assert result.total("A") + result.total("B") == 10


def test_r2314_20_tie_on_averages_goes_to_the_list_with_more_votes() -> None:
    """R2314-20: equal averages (60/2 = 30 and 30/1 = 30), the list with more votes wins the seat."""
    result = allocate_seats(seats=2, lists=_lists(A=60, B=30))
    assert result.total("A") == 2


def test_r2314_20_full_tie_goes_to_the_older_candidate() -> None:
    result = allocate_seats(
        seats=1, lists=_lists(A=40, B=40), next_born_on={"A": date(1980, 1, 1), "B": date(1970, 1, 1)}
    )
    assert result.total("B") == 1
    assert not result.tie_unresolved


def test_a_list_never_takes_more_seats_than_it_has_candidates() -> None:
    result = allocate_seats(seats=4, lists=[ListTally(key="A", ballots=90, candidates=1), ListTally("B", 10, 2)])
    assert result.total("A") == 1
    assert result.total("B") == 2
    assert result.vacant == 1


def test_l2314_29_ratures_below_ten_percent_keep_the_list_order() -> None:
    tally = ListTally(key="A", ballots=100, candidates=3, ratures={1: 9})
    assert elected_positions(tally=tally, seats=2) == [1, 2]


def test_l2314_29_ratures_at_ten_percent_rank_candidates_by_their_votes() -> None:
    tally = ListTally(key="A", ballots=100, candidates=3, ratures={1: 10, 2: 3})
    assert elected_positions(tally=tally, seats=2) == [2, 3]


def test_list_votes_are_the_average_of_its_candidates_votes() -> None:
    assert ListTally(key="A", ballots=100, candidates=4, ratures={1: 20}).average == 95


def test_l2314_29_quorum_is_half_of_the_registered_electors() -> None:
    assert quorum_reached(registered=200, valid_votes=100)
    assert not quorum_reached(registered=200, valid_votes=99)


def test_r2314_1_titulaires_by_headcount() -> None:
    assert [legal_titulaires(n) for n in (10, 11, 40, 130, 190, 312)] == [0, 1, 2, 7, 9, 11]


def test_seats_split_between_colleges_in_proportion_of_staff() -> None:
    # Highest average: the 11th seat goes to 240/9 = 26.7 rather than 72/3 = 24.
    assert distribute_seats(total=11, staff=[240, 72]) == [9, 2]


@pytest.mark.parametrize(
    ("signatories", "valid", "reason_part"),
    [
        (["CFDT", "CGT"], True, "Double majorité"),
        (["CFDT"], False, "pas la majorité"),
        (["SUD", "CGT"], False, "plus de 50 %"),
    ],
)
def test_l2314_6_pap_double_majority(signatories: list[str], valid: bool, reason_part: str) -> None:
    scores = {"CFDT": Fraction(55), "CGT": Fraction(30), "SUD": Fraction(15)}
    check = pap_validity(negotiators=["CFDT", "CGT", "SUD"], signatories=signatories, representative_percent=scores)
    assert check.valid is valid
    assert reason_part in check.reason


def test_l2314_6_without_results_the_number_of_unions_decides() -> None:
    check = pap_validity(negotiators=["CFDT", "CGT", "FO"], signatories=["CFDT", "FO"], representative_percent=None)
    assert check.valid


def test_l2314_30_proportion_rounds_half_up() -> None:
    # 4 candidates, college 62.5 % women: 2.5 → 3 women.
    assert expected_women(candidates=4, women=5, men=3) == {3}


def test_l2314_30_odd_list_with_equal_college_may_carry_one_extra_of_either_sex() -> None:
    assert expected_women(candidates=3, women=10, men=10) == {1, 2}


def test_l2314_30_balanced_alternating_list_passes() -> None:
    assert list_balance_problems(sexes=[F, M, F, F], women=70, men=30) == []


def test_l2314_30_proportion_breach_is_named() -> None:
    problems = list_balance_problems(sexes=[M, F, M, F], women=80, men=20)
    assert any("Représentation équilibrée" in p and "L2314-30" in p for p in problems)


def test_l2314_30_alternation_breach_is_named() -> None:
    problems = list_balance_problems(sexes=[F, F, M, F], women=75, men=25)
    assert problems == [
        "Alternance : les candidats 1 et 2 sont du même sexe alors que l'autre sexe n'est pas épuisé (L2314-30)."
    ]


def test_l2314_30_lone_candidate_of_an_excluded_sex_cannot_lead_the_list() -> None:
    # 3 candidates, 10 % men: 0.3 → 0 men; one man may stand, not first.
    assert list_balance_problems(sexes=[F, M, F], women=90, men=10) == []
    assert any("tête de liste" in p for p in list_balance_problems(sexes=[M, F, F], women=90, men=10))


def test_l2314_30_single_candidate_list_is_free() -> None:
    assert list_balance_problems(sexes=[M], women=90, men=10) == []


def test_l2314_4_first_round_at_most_90_days_after_informing_staff() -> None:
    steps = calendar_steps(
        renewal=True,
        staff_informed_on=date(2024, 1, 2),
        unions_invited_on=date(2024, 1, 2),
        pap_first_meeting_on=date(2024, 1, 20),
        pap_signed_on=None,
        round1_on=date(2024, 4, 5),
        round2_on=None,
        mandates_end_on=date(2024, 3, 20),
        proclaimed_on=None,
        carence_on=None,
        carence_sent_on=None,
    )
    by_key = {s.key: s for s in steps}
    assert "90 jours" in (by_key["staff_informed"].problem or "")
    # L2314-5: the unions invited two months before mandates end (20/01) and 15 days before the first meeting (05/01).
    assert by_key["unions_invited"].due_by == date(2024, 1, 5)
    assert by_key["unions_invited"].problem is None


def test_l2314_29_second_round_within_15_days() -> None:
    steps = calendar_steps(
        renewal=False,
        staff_informed_on=None,
        unions_invited_on=None,
        pap_first_meeting_on=None,
        pap_signed_on=None,
        round1_on=date(2024, 3, 5),
        round2_on=date(2024, 3, 21),
        mandates_end_on=None,
        proclaimed_on=None,
        carence_on=date(2024, 3, 21),
        carence_sent_on=date(2024, 4, 10),
    )
    by_key = {s.key: s for s in steps}
    assert by_key["round2"].due_by == date(2024, 3, 20)
    assert "L2314-29" in (by_key["round2"].problem or "")
    assert "L2314-9" in (by_key["carence"].problem or "")


def test_l2314_10_partial_elections() -> None:
    today = date(2025, 6, 1)
    end = date(2028, 3, 4)
    assert partial_election_required(
        seats=7, titulaires_in_office=3, colleges_unrepresented=0, today=today, mandate_end=end
    )[0]
    assert partial_election_required(
        seats=7, titulaires_in_office=6, colleges_unrepresented=1, today=today, mandate_end=end
    )[0]
    assert not partial_election_required(
        seats=7, titulaires_in_office=4, colleges_unrepresented=0, today=today, mandate_end=end
    )[0]
    late = date(2027, 10, 1)
    assert not partial_election_required(
        seats=7, titulaires_in_office=1, colleges_unrepresented=1, today=late, mandate_end=end
    )[0]


def test_l2411_protections() -> None:
    assert candidate_protection(filed_on=date(2024, 2, 1)).ends_on == date(2024, 8, 1)
    protection = elected_protection(mandate_start=date(2024, 3, 5), mandate_end=date(2028, 3, 4))
    assert (protection.article, protection.ends_on) == ("L2411-5", date(2028, 9, 4))


def test_l2314_33_mandate_of_four_years() -> None:
    assert mandate_end_of(start=date(2024, 3, 5)) == date(2028, 3, 4)
