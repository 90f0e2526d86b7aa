"""A negotiation in an organisation without a union delegate reaches its validity by the rule of its route
(L2232-21 to L2232-26), not by the unions' weights of L2232-12: each route over HTTP on an organisation built by
the factories (no DS designated), the negotiation's own read, its deposit and its page.

Routes: < 11 the employer's draft approved by two thirds of the staff, 15 days at least after it was communicated
(L2232-21, L2232-22, R2232-12); 11-49 élus (majority of the votes cast at the last election, L2232-23-1) or a
mandated employee (staff approval, L2232-23-1); >= 50 mandated élus (staff approval, L2232-24), élus not mandated
(majority of the votes cast, within the scope of L2232-25), mandated employees (staff approval, L2232-26)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dialogue.negotiations.elections.results import record_election_results
from dialogue.negotiations.schemas import ElectionResultCreate
from tests.api.negotiation_helpers import RESULTS
from tests.api.test_pages import HTML, sign_in
from tests.factories import PASSWORD, BodyWorld, bearer_headers, make_body, make_negotiation_table, make_organization
from tests.helpers.clock import FrozenClock
from tests.helpers.problems import assert_problem

TODAY = date(2026, 11, 30)
#: The first test pays for the session's database (migrations and demo), slow on a busy machine.
pytestmark = pytest.mark.timeout(600)


@pytest.fixture(autouse=True)
def _today(frozen_clock: FrozenClock) -> None:
    frozen_clock.set(TODAY)


class NoDelegate:
    """An organisation of `headcount` employees without any DS, its negotiation table and (optionally) a CSE."""

    def __init__(self, client: Any, table: BodyWorld, secret: str) -> None:
        self.client, self.table = client, table
        assert table.president is not None
        self.director = bearer_headers(table.president, secret=secret)
        self.oid = table.org.id

    async def open_negotiation(self) -> int:
        created = await self.client.post(
            f"/api/v1/organizations/{self.oid}/negotiations",
            headers=self.director,
            json={
                "topic": "other",
                "subject": "Temps de travail",
                "table_body_id": self.table.id,
                "opened_on": "2026-09-01",
            },
        )
        assert created.status_code == 201, created.text
        return int(created.json()["id"])

    async def route(self, negotiation: int, payload: dict[str, Any]) -> Any:
        return await self.client.put(
            f"/api/v1/negotiations/{negotiation}/without-delegate", headers=self.director, json=payload
        )

    async def read(self, negotiation: int) -> dict[str, Any]:
        response = await self.client.get(f"/api/v1/negotiations/{negotiation}", headers=self.director)
        assert response.status_code == 200, response.text
        return dict(response.json())

    async def deposit(self, negotiation: int) -> Any:
        return await self.client.post(
            f"/api/v1/negotiations/{negotiation}/deposit",
            headers=self.director,
            json={"deposited_on": "2026-11-20", "reference": "T09026000123"},
        )


async def _organisation(
    client: Any, settings: Any, *, headcount: int, titulaires: int | None, election: bool = False
) -> NoDelegate:
    org = await make_organization(headcount=headcount)
    table = await make_negotiation_table(org, delegates=())
    if titulaires is not None:
        await make_body(org, titulaires=titulaires)
    if election:
        assert table.president is not None
        await record_election_results(
            actor=table.president.actor, organization_id=org.id, data=ElectionResultCreate.model_validate(RESULTS)
        )
    return NoDelegate(client, table, settings.secret_key.get_secret_value())


def _verdict(read: dict[str, Any]) -> tuple[Any, ...]:
    return read["status"], read["route"], read["route_validity"], read["validity"]


async def test_below_eleven_the_draft_approved_by_two_thirds_of_the_staff_is_valid_and_deposited(
    client: Any, settings: Any
) -> None:
    world = await _organisation(client, settings, headcount=9, titulaires=None)
    negotiation = await world.open_negotiation()
    figures = {
        "route": "staff_approval",
        "communicated_on": "2026-10-01",
        "consulted_on": "2026-10-16",
        "votes_for": 6,
        "votes_against": 3,
        "signed_on": "2026-10-16",
    }
    recorded = await world.route(negotiation, figures)
    assert recorded.status_code == 200, recorded.text
    read = await world.read(negotiation)
    assert _verdict(read) == ("agreement_signed", "staff_approval", "valid", "valid")
    assert read["concluded_on"] == "2026-10-16"
    assert "L2232-22" in read["route_basis"] and read["validity_label"] == read["route_basis"]
    assert read["signatories_weight_percent"] is None
    deposited = await world.deposit(negotiation)
    assert deposited.status_code == 200, deposited.text
    assert deposited.json()["deposited_on"] == "2026-11-20"


async def test_a_consultation_held_fourteen_days_after_the_draft_is_refused_with_its_article(
    client: Any, settings: Any
) -> None:
    world = await _organisation(client, settings, headcount=9, titulaires=None)
    negotiation = await world.open_negotiation()
    figures = {
        "route": "staff_approval",
        "communicated_on": "2026-10-01",
        "consulted_on": "2026-10-15",
        "votes_for": 9,
        "votes_against": 0,
        "signed_on": "2026-10-15",
    }
    assert (await world.route(negotiation, figures)).status_code == 200
    read = await world.read(negotiation)
    assert _verdict(read) == ("agreement_signed", "staff_approval", "not_valid", "not_valid")
    assert "R2232-12" in read["route_basis"]
    refused = assert_problem(await world.deposit(negotiation), 409, "agreement_not_valid")
    assert "L2232-21" in refused["detail"] and "R2232-12" in refused["detail"]
    referendum = await world.client.post(
        f"/api/v1/negotiations/{negotiation}/referendum", headers=world.director, json={"requested_by": "employer"}
    )
    assert "L2232-12" in assert_problem(referendum, 409, "referendum_not_possible")["detail"]


async def test_from_eleven_to_forty_nine_elus_signing_for_the_majority_of_the_last_election_votes(
    client: Any, settings: Any
) -> None:
    """The votes cast at the last election come from the election results recorded (386 + 147 = 533)."""
    world = await _organisation(client, settings, headcount=35, titulaires=3, election=True)
    negotiation = await world.open_negotiation()
    recorded = await world.route(negotiation, {"route": "elus", "signatories_votes": 267, "signed_on": "2026-11-02"})
    assert recorded.status_code == 200, recorded.text
    assert (recorded.json()["votes_cast"], recorded.json()["validity"]) == (533, "valid")
    read = await world.read(negotiation)
    assert _verdict(read) == ("agreement_signed", "elus", "valid", "valid")
    assert "L2232-23-1" in read["route_basis"]
    minority = await world.route(negotiation, {"route": "elus", "signatories_votes": 266, "signed_on": "2026-11-02"})
    assert minority.json()["validity"] == "not_valid"
    assert _verdict(await world.read(negotiation))[2:] == ("not_valid", "not_valid")


async def test_from_eleven_to_forty_nine_a_mandated_employee_with_the_staff_majority(
    client: Any, settings: Any
) -> None:
    world = await _organisation(client, settings, headcount=35, titulaires=3)
    negotiation = await world.open_negotiation()
    payload = {"route": "mandated_employees", "mandating_unions": ["CFDT"], "signed_on": "2026-11-02"}
    assert (await world.route(negotiation, payload)).status_code == 200
    pending = await world.read(negotiation)
    assert _verdict(pending) == ("agreement_signed", "mandated_employees", "awaiting_approval", "not_valid")
    assert "L2232-26" in pending["route_basis"]
    approved = await world.route(negotiation, {**payload, "votes_for": 18, "votes_against": 12})
    assert approved.status_code == 200, approved.text
    assert _verdict(await world.read(negotiation)) == ("agreement_signed", "mandated_employees", "valid", "valid")


async def test_from_fifty_mandated_elus_with_the_staff_majority_and_elus_not_mandated_within_their_scope(
    client: Any, settings: Any
) -> None:
    world = await _organisation(client, settings, headcount=120, titulaires=4, election=True)
    negotiation = await world.open_negotiation()
    mandated = {
        "route": "mandated_elus",
        "mandating_unions": ["CGT"],
        "votes_for": 50,
        "votes_against": 50,
        "signed_on": "2026-11-02",
    }
    assert (await world.route(negotiation, mandated)).status_code == 200
    read = await world.read(negotiation)
    assert _verdict(read) == ("agreement_signed", "mandated_elus", "not_valid", "not_valid")
    assert "L2232-24" in read["route_basis"]
    assert (await world.route(negotiation, {**mandated, "votes_for": 51})).status_code == 200
    assert _verdict(await world.read(negotiation))[2:] == ("valid", "valid")

    other = await world.open_negotiation()
    method = {"route": "elus", "signatories_votes": 300, "l1233_21_agreement": True}
    refused = assert_problem(await world.route(other, method), 409, "outside_elus_scope")
    assert "L2232-25" in refused["detail"] and "L1233-21" in refused["detail"]
    free = {"route": "elus", "signatories_votes": 300, "requires_agreement_by_law": False}
    assert "L2232-25" in assert_problem(await world.route(other, free), 409, "outside_elus_scope")["detail"]
    within = await world.route(other, {"route": "elus", "signatories_votes": 300, "signed_on": "2026-11-03"})
    assert within.status_code == 200, within.text
    read = await world.read(other)
    assert _verdict(read) == ("agreement_signed", "elus", "valid", "valid")
    assert "L2232-25" in read["route_basis"]


async def test_the_route_is_recorded_only_on_an_open_negotiation_and_not_in_the_future(
    client: Any, settings: Any
) -> None:
    world = await _organisation(client, settings, headcount=9, titulaires=None)
    negotiation = await world.open_negotiation()
    future = {"route": "staff_approval", "signed_on": "2026-12-15"}
    assert_problem(await world.route(negotiation, future), 422)
    before = {"route": "staff_approval", "signed_on": "2026-08-01"}
    assert_problem(await world.route(negotiation, before), 422)
    pending = await world.route(negotiation, {"route": "staff_approval"})
    assert pending.status_code == 200, pending.text
    read = await world.read(negotiation)
    assert (read["status"], read["route"], read["route_validity"], read["validity"]) == (
        "open",
        "staff_approval",
        "awaiting_approval",
        None,
    )


async def test_the_negotiation_page_shows_the_route_and_its_verdict(client: Any, settings: Any) -> None:
    world = await _organisation(client, settings, headcount=9, titulaires=None)
    negotiation = await world.open_negotiation()
    figures = {
        "route": "staff_approval",
        "communicated_on": "2026-10-01",
        "consulted_on": "2026-10-16",
        "votes_for": 7,
        "signed_on": "2026-10-16",
    }
    assert (await world.route(negotiation, figures)).status_code == 200
    assert world.table.president is not None
    await sign_in(client, world.table.president.email, password=PASSWORD)
    page = await client.get(f"/negociations/{negotiation}", headers=HTML)
    assert page.status_code == 200
    text = page.text
    assert "Sans délégué syndical" in text
    assert "Projet de l&#39;employeur approuvé par les deux tiers du personnel" in text
    assert "Ratifié par les deux tiers du personnel (L2232-22)" in text
    assert "L2232-12 : plus de 50 %" not in text
