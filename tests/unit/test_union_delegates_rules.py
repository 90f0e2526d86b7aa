"""Designations of union delegates and representatives (L2143-3, L2143-6, R2143-2, L2143-22, L2314-2, L2316-7) and
the routes of negotiation without a union delegate (L2232-21 to L2232-26)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from dialogue.negotiations.rules.delegates import (
    DelegateCheck,
    DesignationBasis,
    DesignationError,
    FallbackReason,
    Route,
    RouteValidity,
    check_central_representative,
    check_cse_representative,
    check_delegate,
    ds_limit,
    personal_score,
    route_validity,
    routes_without_delegate,
)

DAY = date(2024, 3, 25)


def _check(**overrides: object) -> DelegateCheck:
    values: dict[str, object] = {
        "headcount": 320,
        "union_representative": True,
        "section_open": True,
        "basis": DesignationBasis.PERSONAL_SCORE,
        "designated_on": DAY,
        "personal_votes": 39,
        "college_votes_cast": 386,
    }
    values.update(overrides)
    return DelegateCheck(**values)  # type: ignore[arg-type]


def test_personal_score_is_the_candidates_votes_over_the_colleges_valid_votes() -> None:
    """L2143-3 al. 1: "recueilli à titre personnel et dans leur collège"."""
    assert personal_score(votes=39, college_votes_cast=386) == Fraction(39, 386)


def test_candidate_with_ten_percent_in_their_college_may_be_designated() -> None:
    """L2143-3 al. 1: at least 10 % (39 / 386 = 10.10 %)."""
    assert "L2143-3 al. 1" in check_delegate(_check())


def test_candidate_just_under_ten_percent_is_refused_with_the_article() -> None:
    """38 / 386 = 9.84 %: under the 10 % of L2143-3 al. 1."""
    with pytest.raises(DesignationError, match=r"L2143-3 al\. 1") as caught:
        check_delegate(_check(personal_votes=38))
    assert caught.value.field == "personal_votes"


def test_exactly_ten_percent_is_enough() -> None:
    """ "Au moins 10 %": 10 votes of 100."""
    check_delegate(_check(personal_votes=10, college_votes_cast=100))


def test_a_union_that_is_not_representative_designates_no_delegate() -> None:
    """L2143-3 al. 1 with L2122-1: only a representative union."""
    with pytest.raises(DesignationError, match="L2122-1"):
        check_delegate(_check(union_representative=False))


def test_without_a_section_no_delegate() -> None:
    """L2143-3 al. 1: "qui constitue une section syndicale"."""
    with pytest.raises(DesignationError, match="section"):
        check_delegate(_check(section_open=False))


def test_fallback_needs_one_of_the_three_cases_of_the_second_paragraph() -> None:
    """L2143-3 al. 2: other candidates, then members, only when none qualifies, none remains or all renounced."""
    with pytest.raises(DesignationError, match=r"al\. 2"):
        check_delegate(_check(basis=DesignationBasis.OTHER_CANDIDATE))
    label = check_delegate(_check(basis=DesignationBasis.MEMBER, fallback_reason=FallbackReason.NONE_QUALIFIES))
    assert "adhérent" in label


def test_renunciations_must_predate_the_designation() -> None:
    """L2143-3 al. 2 "renoncent par écrit"; Cass. soc. 9 June 2021: before the designation."""
    late = _check(
        basis=DesignationBasis.OTHER_CANDIDATE,
        fallback_reason=FallbackReason.ALL_RENOUNCED,
        renounced_on=date(2024, 3, 26),
    )
    with pytest.raises(DesignationError) as caught:
        check_delegate(late)
    assert caught.value.field == "renounced_on"
    on_time = _check(
        basis=DesignationBasis.OTHER_CANDIDATE, fallback_reason=FallbackReason.ALL_RENOUNCED, renounced_on=DAY
    )
    assert "renoncé" in check_delegate(on_time)


@pytest.mark.parametrize(
    ("headcount", "limit"), [(50, 1), (999, 1), (1000, 2), (1999, 2), (2000, 3), (4000, 4), (9999, 4), (10_000, 5)]
)
def test_number_of_delegates_per_union_follows_r2143_2(headcount: int, limit: int) -> None:
    assert ds_limit(headcount) == limit


def test_a_second_delegate_below_1000_is_refused() -> None:
    """R2143-2: one DS per union from 50 to 999 employees."""
    with pytest.raises(DesignationError, match="R2143-2"):
        check_delegate(_check(delegates_already=1))


def test_below_fifty_the_delegate_is_a_cse_member() -> None:
    """L2143-6: below 50, a member of the CSE's delegation, for the duration of the mandate."""
    with pytest.raises(DesignationError, match="L2143-6"):
        check_delegate(_check(headcount=40))
    assert "L2143-6" in check_delegate(_check(headcount=40, basis=DesignationBasis.CSE_MEMBER, is_cse_member=True))


def test_below_300_the_delegate_is_the_representative_to_the_cse_by_right() -> None:
    """L2143-22: below 300, the DS is by right RS au CSE; from 300 the union designates one (L2314-2)."""
    with pytest.raises(DesignationError, match="L2143-22"):
        check_cse_representative(
            headcount=120, union_representative=True, union_has_delegate=True, basis=DesignationBasis.DESIGNATED
        )
    assert "L2143-22" in check_cse_representative(
        headcount=120, union_representative=True, union_has_delegate=True, basis=DesignationBasis.BY_RIGHT
    )
    assert "L2314-2" in check_cse_representative(
        headcount=320, union_representative=True, union_has_delegate=False, basis=DesignationBasis.DESIGNATED
    )


def test_representative_to_the_central_comes_from_the_establishment_committees() -> None:
    """L2316-7: chosen among the union's representatives at the establishment CSEs or their élus."""
    with pytest.raises(DesignationError, match="L2316-7"):
        check_central_representative(union_representative=True, among_establishment_members=False)
    assert "L2316-7" in check_central_representative(union_representative=True, among_establishment_members=True)


# ------------------------------------------------------------------------------------ without a union delegate


@pytest.mark.parametrize(
    ("headcount", "has_elus", "volunteer", "mandated", "routes"),
    [
        (8, False, False, False, [Route.STAFF_APPROVAL]),  # L2232-21
        (15, False, False, False, [Route.STAFF_APPROVAL, Route.MANDATED_EMPLOYEES]),  # L2232-23
        (35, False, False, False, [Route.MANDATED_EMPLOYEES]),  # L2232-23-1 1°
        (35, True, True, False, [Route.MANDATED_EMPLOYEES, Route.ELUS]),  # L2232-23-1
        (120, True, True, True, [Route.MANDATED_ELUS]),  # L2232-24
        (120, True, True, False, [Route.ELUS]),  # L2232-25
        (120, True, False, False, [Route.MANDATED_EMPLOYEES]),  # L2232-26
    ],
)
def test_routes_follow_the_order_of_the_law(
    headcount: int, has_elus: bool, volunteer: bool, mandated: bool, routes: list[Route]
) -> None:
    assert (
        routes_without_delegate(
            headcount=headcount, has_elus=has_elus, elus_volunteer=volunteer, mandated_elus=mandated
        )
        == routes
    )


def test_staff_approval_needs_two_thirds_of_the_staff_and_fifteen_days() -> None:
    """L2232-21, R2232-12: consultation 15 days at least after the communication; L2232-22: two thirds of the
    staff (not of the voters)."""
    base = {"route": Route.STAFF_APPROVAL, "staff": 9, "communicated_on": date(2026, 1, 5)}
    valid = route_validity(**base, votes_for=6, consulted_on=date(2026, 1, 20))  # type: ignore[arg-type]
    assert valid.validity is RouteValidity.VALID
    short = route_validity(**base, votes_for=6, consulted_on=date(2026, 1, 19))  # type: ignore[arg-type]
    assert short.validity is RouteValidity.NOT_VALID
    assert "15 jours" in short.basis
    few = route_validity(**base, votes_for=5, consulted_on=date(2026, 1, 20))  # type: ignore[arg-type]
    assert few.validity is RouteValidity.NOT_VALID


@pytest.mark.parametrize("route", [Route.MANDATED_ELUS, Route.MANDATED_EMPLOYEES])
def test_mandated_routes_need_the_staffs_approval_at_the_majority_of_votes_cast(route: Route) -> None:
    """L2232-24 and L2232-26: approved by the employees at the majority of the votes cast; a tie is no majority."""
    assert route_validity(route=route, staff=120).validity is RouteValidity.AWAITING_APPROVAL
    assert route_validity(route=route, staff=120, votes_for=51, votes_against=50).validity is RouteValidity.VALID
    assert route_validity(route=route, staff=120, votes_for=50, votes_against=50).validity is RouteValidity.NOT_VALID


def test_elus_not_mandated_sign_with_the_majority_of_the_votes_cast_at_the_election() -> None:
    """L2232-25 (and L2232-23-1 II below 50): signatories representing more than half of the votes cast."""
    assert route_validity(route=Route.ELUS, staff=120, signatories_votes=194, votes_cast=386).validity is (
        RouteValidity.VALID
    )
    assert route_validity(route=Route.ELUS, staff=120, signatories_votes=193, votes_cast=386).validity is (
        RouteValidity.NOT_VALID
    )
