"""The multi-establishment company: établissements distincts (L2313-2 to L2313-5), the CSE central's composition
(L2316-4, R2316-1), its meetings (L2316-15) and agenda (L2316-17), and linked consultations (R2312-6 II)."""

from __future__ import annotations

from datetime import date

import pytest

from dialogue.establishments.rules import (
    CentralSeat,
    EstablishmentOpinionStatus,
    ScopeBasis,
    ScopeError,
    central_meeting_alert,
    check_scope,
    composition_warnings,
    establishment_opinion,
)
from dialogue.meetings.rules.convening import CENTRAL_AGENDA_DAYS

BODIES = {1: "CSE Les Tilleuls", 2: "CSE du SESSAD"}


def _seat(user: int, body: int | None, *, titular: bool = True) -> CentralSeat:
    return CentralSeat(user_id=user, name=f"Élu {user}", titular=titular, from_body_id=body)


def test_cse_agreement_is_only_for_companies_without_a_union_delegate() -> None:
    """L2313-3: "en l'absence de délégué syndical", adopted by the majority of the élus titulaires."""
    with pytest.raises(ScopeError, match="L2313-3"):
        check_scope(
            basis=ScopeBasis.CSE_AGREEMENT,
            has_union_delegate=True,
            titulaires_for=5,
            titulaires=7,
            negotiation_attempted=False,
        )
    with pytest.raises(ScopeError, match="majorité"):
        check_scope(
            basis=ScopeBasis.CSE_AGREEMENT,
            has_union_delegate=False,
            titulaires_for=3,
            titulaires=6,
            negotiation_attempted=False,
        )
    assert "L2313-3" in check_scope(
        basis=ScopeBasis.CSE_AGREEMENT,
        has_union_delegate=False,
        titulaires_for=4,
        titulaires=6,
        negotiation_attempted=False,
    )


def test_the_employer_decides_only_after_trying_to_agree() -> None:
    """L2313-4: "en l'absence d'accord"; a negotiation first (Cass. soc. 17 Apr. 2019)."""
    with pytest.raises(ScopeError, match="L2313-4"):
        check_scope(
            basis=ScopeBasis.EMPLOYER_DECISION,
            has_union_delegate=True,
            titulaires_for=None,
            titulaires=None,
            negotiation_attempted=False,
        )
    assert "L2313-4" in check_scope(
        basis=ScopeBasis.EMPLOYER_DECISION,
        has_union_delegate=True,
        titulaires_for=None,
        titulaires=None,
        negotiation_attempted=True,
    )


def test_complete_composition_has_no_warning() -> None:
    """L2316-4: as many suppléants as titulaires for each establishment, elected among its members."""
    seats = [_seat(1, 1), _seat(2, 1), _seat(3, 1, titular=False), _seat(4, 1, titular=False), _seat(5, 2)]
    assert composition_warnings(seats=seats, establishment_bodies=BODIES) == []


def test_an_unrepresented_establishment_is_a_warning() -> None:
    """L2316-4 2°: delegates "pour chaque établissement"."""
    warnings = composition_warnings(seats=[_seat(1, 1), _seat(2, 1, titular=False)], establishment_bodies=BODIES)
    assert [(w.code, w.body_id) for w in warnings] == [("establishment_unrepresented", 2)]


def test_unequal_titulaires_and_suppleants_is_a_warning() -> None:
    """L2316-4 2°: "un nombre égal de délégués titulaires et de suppléants"."""
    warnings = composition_warnings(seats=[_seat(1, 1), _seat(2, 1), _seat(5, 2)], establishment_bodies=BODIES)
    assert [w.code for w in warnings] == ["unequal_titulaires_suppleants"]


def test_a_delegate_from_no_establishment_committee_is_a_warning() -> None:
    """L2316-4 2°: elected by the establishment CSE "parmi ses membres"."""
    warnings = composition_warnings(seats=[_seat(1, 1), _seat(5, 2), _seat(9, None)], establishment_bodies=BODIES)
    assert [w.code for w in warnings] == ["not_from_establishment"]


def test_more_than_two_titulaires_per_establishment_needs_an_agreement() -> None:
    """R2316-1 al. 2: one or two titulaires and one or two suppléants, unless the agreement says otherwise."""
    seats = [_seat(i, 1) for i in range(3)] + [_seat(10 + i, 1, titular=False) for i in range(3)] + [_seat(20, 2)]
    assert [w.code for w in composition_warnings(seats=seats, establishment_bodies=BODIES)] == [
        "too_many_for_establishment"
    ]
    assert composition_warnings(seats=seats, establishment_bodies=BODIES, agreement_with_all_unions=True) == []


def test_more_than_twenty_five_titulaires_needs_an_agreement() -> None:
    """R2316-1 al. 1: at most 25 titulaires and 25 suppléants."""
    bodies = {i: f"CSE {i}" for i in range(13)}
    seats = [_seat(100 + i, i // 2) for i in range(26)] + [_seat(200 + i, i // 2, titular=False) for i in range(26)]
    codes = {w.code for w in composition_warnings(seats=seats, establishment_bodies=bodies)}
    assert "too_many_members" in codes


def test_the_central_meets_at_least_every_six_months() -> None:
    """L2316-15: at least once every six months, counted from its last meeting."""
    alert = central_meeting_alert(last_meeting_on=date(2026, 3, 10), since=date(2024, 3, 5), today=date(2026, 9, 10))
    assert (alert.due_on, alert.overdue) == (date(2026, 9, 10), False)
    late = central_meeting_alert(last_meeting_on=date(2026, 3, 10), since=date(2024, 3, 5), today=date(2026, 9, 11))
    assert late.overdue and "L2316-15" in late.message


def test_a_central_that_never_met_counts_from_its_mandate() -> None:
    alert = central_meeting_alert(last_meeting_on=None, since=date(2026, 1, 31), today=date(2026, 7, 31))
    assert (alert.due_on, alert.overdue) == (date(2026, 7, 31), False)


def test_the_central_agenda_goes_out_eight_days_before() -> None:
    """L2316-17: the existing convocation rule of the meetings module."""
    assert CENTRAL_AGENDA_DAYS == 8


CENTRAL_DEADLINE = date(2026, 12, 20)


def test_establishment_opinion_is_due_seven_days_before_the_central_deadline() -> None:
    """R2312-6 II: given and transmitted at least 7 days before the central's deadline."""
    pending = establishment_opinion(
        central_deadline=CENTRAL_DEADLINE, opinion=None, opinion_on=None, transmitted_on=None, today=date(2026, 12, 13)
    )
    assert (pending.due_on, pending.status) == (date(2026, 12, 13), EstablishmentOpinionStatus.PENDING)


def test_an_opinion_not_transmitted_in_time_is_deemed_negative() -> None:
    """R2312-6 II: "à défaut, il est réputé avoir rendu un avis négatif" — even when voted but not transmitted."""
    late = establishment_opinion(
        central_deadline=CENTRAL_DEADLINE,
        opinion="positive",
        opinion_on=date(2026, 12, 12),
        transmitted_on=None,
        today=date(2026, 12, 14),
    )
    assert (late.status, late.opinion) == (EstablishmentOpinionStatus.DEEMED_NEGATIVE, "negative")


def test_an_opinion_transmitted_on_the_due_day_counts() -> None:
    done = establishment_opinion(
        central_deadline=CENTRAL_DEADLINE,
        opinion="positive",
        opinion_on=date(2026, 12, 12),
        transmitted_on=date(2026, 12, 13),
        today=date(2026, 12, 30),
    )
    assert (done.status, done.opinion) == (EstablishmentOpinionStatus.TRANSMITTED, "positive")


def test_an_opinion_given_in_time_waits_for_its_transmission() -> None:
    given = establishment_opinion(
        central_deadline=CENTRAL_DEADLINE,
        opinion="negative",
        opinion_on=date(2026, 12, 10),
        transmitted_on=None,
        today=date(2026, 12, 11),
    )
    assert given.status is EstablishmentOpinionStatus.GIVEN
