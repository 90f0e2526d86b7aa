"""A negotiation concluded without a union delegate: its validity follows the rule of its route, with the article
named (L2232-21 to L2232-26, R2232-12), not the unions' weights and referendum of L2232-12; the scope of élus not
mandated from 50 employees (L2232-25 al. 2, L1233-21 excluded)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from dialogue.negotiations.rules import Validity
from dialogue.negotiations.rules.delegates import Route, RouteValidity, elus_scope_refusal
from dialogue.negotiations.service.reads import Outcome, route_outcome


def _without(route: Route, **figures: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "negotiation": 1,
        "route": route.value,
        "mandating_unions": "[]",
        "staff": None,
        "communicated_on": None,
        "consulted_on": None,
        "votes_for": None,
        "votes_against": None,
        "signatories_votes": None,
        "votes_cast": None,
        "organization_headcount": 9,
        "recorded_at": datetime(2026, 11, 1, tzinfo=UTC),
    }
    row.update(figures)
    return row


def _negotiation(status: str = "agreement_signed") -> dict[str, Any]:
    return {
        "id": 1,
        "status": status,
        "referendum_held_on": None,
        "referendum_votes_for": None,
        "referendum_votes_against": None,
    }


def test_staff_approval_counts_two_thirds_of_the_organisations_headcount_by_default_L2232_22() -> None:
    common = {"communicated_on": date(2026, 10, 1), "consulted_on": date(2026, 10, 16)}
    valid = route_outcome(_without(Route.STAFF_APPROVAL, votes_for=6, **common))
    assert (valid.validity, "L2232-22" in valid.basis) == (RouteValidity.VALID, True)
    short = route_outcome(_without(Route.STAFF_APPROVAL, votes_for=5, **common))
    assert (short.validity, "L2232-22" in short.basis) == (RouteValidity.NOT_VALID, True)


def test_a_consultation_fourteen_days_after_the_draft_is_not_valid_L2232_21_R2232_12() -> None:
    early = route_outcome(
        _without(Route.STAFF_APPROVAL, votes_for=9, communicated_on=date(2026, 10, 1), consulted_on=date(2026, 10, 15))
    )
    assert early.validity is RouteValidity.NOT_VALID
    assert "L2232-21" in early.basis and "R2232-12" in early.basis


def test_elus_need_the_majority_of_the_votes_cast_at_the_last_election_L2232_25() -> None:
    assert route_outcome(_without(Route.ELUS, signatories_votes=267, votes_cast=533)).validity is RouteValidity.VALID
    half = route_outcome(_without(Route.ELUS, signatories_votes=266, votes_cast=533))
    assert (half.validity, "L2232-25" in half.basis) == (RouteValidity.NOT_VALID, True)
    unknown = route_outcome(_without(Route.ELUS, signatories_votes=267))
    assert unknown.validity is RouteValidity.AWAITING_APPROVAL


@pytest.mark.parametrize(
    ("route", "article"), [(Route.MANDATED_ELUS, "L2232-24"), (Route.MANDATED_EMPLOYEES, "L2232-26")]
)
def test_mandated_routes_need_the_staff_majority_a_tie_is_not_one(route: Route, article: str) -> None:
    tie = route_outcome(_without(route, votes_for=40, votes_against=40))
    assert (tie.validity, article in tie.basis) == (RouteValidity.NOT_VALID, True)
    assert route_outcome(_without(route, votes_for=41, votes_against=40)).validity is RouteValidity.VALID
    pending = route_outcome(_without(route))
    assert (pending.validity, article in pending.basis) == (RouteValidity.AWAITING_APPROVAL, True)


def test_the_negotiations_validity_follows_the_route_not_l2232_12() -> None:
    """No union signature, no weight: the route alone says whether the signed agreement is valid."""
    valid = Outcome(_negotiation(), [], {}, _without(Route.MANDATED_ELUS, votes_for=30, votes_against=10))
    assert (valid.validity, valid.by_signatures, valid.route) == (Validity.VALID, None, Route.MANDATED_ELUS)
    assert valid.validity_label is not None and "L2232-24" in valid.validity_label
    pending = Outcome(_negotiation(), [], {}, _without(Route.MANDATED_EMPLOYEES))
    assert pending.validity is Validity.NOT_VALID
    assert pending.route_outcome is not None and pending.route_outcome.validity is RouteValidity.AWAITING_APPROVAL


def test_an_open_negotiation_on_a_route_has_a_verdict_but_no_agreement_validity_yet() -> None:
    outcome = Outcome(_negotiation("in_progress"), [], {}, _without(Route.ELUS, signatories_votes=300, votes_cast=533))
    assert outcome.validity is None
    assert outcome.route_outcome is not None and outcome.route_outcome.validity is RouteValidity.VALID


def test_without_a_route_the_l2232_12_rule_stands() -> None:
    outcome = Outcome(_negotiation(), [], {})
    assert (outcome.route, outcome.route_outcome, outcome.validity) == (None, None, None)


def test_elus_not_mandated_from_fifty_only_on_measures_the_law_subordinates_to_an_agreement_L2232_25() -> None:
    method = elus_scope_refusal(
        headcount=120, route=Route.ELUS, requires_agreement_by_law=True, l1233_21_agreement=True
    )
    assert method is not None and "L1233-21" in method and "L2232-25" in method
    free = elus_scope_refusal(
        headcount=120, route=Route.ELUS, requires_agreement_by_law=False, l1233_21_agreement=False
    )
    assert free is not None and "L2232-25" in free
    assert (
        elus_scope_refusal(headcount=120, route=Route.ELUS, requires_agreement_by_law=True, l1233_21_agreement=False)
        is None
    )


@pytest.mark.parametrize(
    ("headcount", "route"), [(35, Route.ELUS), (120, Route.MANDATED_ELUS), (120, Route.MANDATED_EMPLOYEES)]
)
def test_the_scope_limit_binds_only_elus_not_mandated_from_fifty(headcount: int, route: Route) -> None:
    assert (
        elus_scope_refusal(headcount=headcount, route=route, requires_agreement_by_law=False, l1233_21_agreement=True)
        is None
    )
