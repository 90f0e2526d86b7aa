"""Agrément per establishment (L314-6, L313-12 IV ter, L313-12-2 CASF), agreement kinds with the DUE, union
sections and the NAO scope (L2242-1), common lists (L2122-3) and categorial unions (L2122-2) over HTTP."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.api.negotiation_helpers import Negotiators, add_establishments, build_negotiators
from tests.api.test_foundation import org_id
from tests.helpers.clock import FrozenClock
from tests.helpers.problems import assert_problem

#: The day every test runs on (the clock is frozen there): the 2024 election is in force.
TODAY = date(2026, 12, 1)
REQUIRED = "Agrément requis (L314-6 CASF)"
CPOM = "Non requis : établissement sous CPOM (L313-12 IV ter CASF)"


@pytest.fixture
async def world(settings: Any, frozen_clock: FrozenClock) -> Negotiators:
    """The negotiators' organisation with an EHPAD (no CPOM) and an IME under a CPOM signed on 1 January 2022."""
    frozen_clock.set(TODAY)
    world = await build_negotiators(secret=settings.secret_key.get_secret_value())
    await add_establishments(world)
    return world


def _direction(world: Negotiators) -> tuple[dict[str, str], int]:
    return world.auth("direction"), world.organization_id


async def _establishments(client: Any, admin: dict[str, str], oid: int) -> dict[str, dict[str, Any]]:
    response = await client.get(f"/api/v1/organizations/{oid}/establishments", headers=admin)
    assert response.status_code == 200, response.text
    return {e["name"].split(" (")[0]: e for e in response.json()["items"]}


async def _ime(client: Any, world: Negotiators) -> int:
    return int((await _establishments(client, world.auth("admin"), world.organization_id))["IME La Source"]["id"])


async def test_demo_ime_is_under_cpom_and_the_ehpad_is_not(client: Any, auth: Any) -> None:
    """The demo's own establishments (this test is about the demo: it uses the demo's accounts)."""
    admin = await auth("admin@demo.example")
    oid = await org_id(client, admin)
    establishments = await _establishments(client, admin, oid)
    assert (establishments["IME La Source"]["cpom"], establishments["IME La Source"]["cpom_signed_on"]) == (
        True,
        "2022-01-01",
    )
    assert establishments["EHPAD Les Tilleuls"]["cpom"] is False


async def test_company_agreement_waits_for_agrement_only_at_the_establishment_without_cpom(
    client: Any, world: Negotiators
) -> None:
    headers, oid = _direction(world)
    created = await client.post(
        f"/api/v1/organizations/{oid}/negotiations",
        headers=headers,
        json={"topic": "gepp", "opened_on": (TODAY - timedelta(days=60)).isoformat()},
    )
    assert created.status_code == 201, created.text
    nid = created.json()["id"]
    for union in ("CFDT", "CGT", "FO"):  # 76 % (L2232-12)
        signed = await client.post(
            f"/api/v1/negotiations/{nid}/signatures",
            headers=headers,
            json={"union": union, "signed_on": (TODAY - timedelta(days=20)).isoformat()},
        )
        assert signed.status_code == 201, signed.text
    deposited = await client.post(
        f"/api/v1/negotiations/{nid}/deposit",
        headers=headers,
        json={"deposited_on": (TODAY - timedelta(days=10)).isoformat()},
    )
    assert deposited.status_code == 200, deposited.text
    items = (await client.get(f"/api/v1/organizations/{oid}/negotiations", headers=headers)).json()["items"]
    gepp = next(n for n in items if n["topic"] == "gepp")
    assert gepp["kind"] == "company_agreement"
    lines = {line["establishment"].split(" (")[0]: line for line in gepp["agrement"]["establishments"]}
    assert lines["EHPAD Les Tilleuls"]["label"] == REQUIRED
    assert lines["EHPAD Les Tilleuls"]["required"] is True
    assert (lines["IME La Source"]["label"], lines["IME La Source"]["article"]) == (
        CPOM,
        "L314-6, L313-12 IV ter, L313-12-2 CASF",
    )
    assert lines["IME La Source"]["stage"] == "in_force"
    assert gepp["agrement"]["required"] is True


async def test_unilateral_decision_under_cpom_is_in_force_without_agrement(client: Any, world: Negotiators) -> None:
    headers, oid = _direction(world)
    created = await client.post(
        f"/api/v1/organizations/{oid}/negotiations",
        headers=headers,
        json={
            "topic": "other",
            "subject": "Indemnité d'astreinte de nuit des éducateurs de l'internat",
            "kind": "unilateral_decision",
            "establishment_id": await _ime(client, world),
            "opened_on": (TODAY - timedelta(days=30)).isoformat(),
        },
    )
    assert created.status_code == 201, created.text
    decided = await client.post(
        f"/api/v1/negotiations/{created.json()['id']}/status",
        headers=headers,
        json={"status": "decided", "on": (TODAY - timedelta(days=10)).isoformat()},
    )
    assert decided.status_code == 200, decided.text
    items = (await client.get(f"/api/v1/organizations/{oid}/negotiations", headers=headers)).json()["items"]
    due = next(n for n in items if n["kind"] == "unilateral_decision")
    assert (due["status"], due["kind_label"]) == ("decided", "Décision unilatérale de l'employeur (DUE)")
    assert [(line["label"], line["stage"]) for line in due["agrement"]["establishments"]] == [(CPOM, "in_force")]
    assert (due["agrement"]["required"], due["stage"], due["in_force"]) == (False, "in_force", True)


async def test_unilateral_decision_of_an_ehpad_needs_agrement_and_is_never_signed_l314_6(
    client: Any, world: Negotiators
) -> None:
    headers, oid = _direction(world)
    ehpad = (await _establishments(client, world.auth("admin"), oid))["EHPAD Les Tilleuls"]["id"]
    created = await client.post(
        f"/api/v1/organizations/{oid}/negotiations",
        headers=headers,
        json={
            "topic": "other",
            "subject": "Prime d'assiduité",
            "kind": "unilateral_decision",
            "establishment_id": ehpad,
            "opened_on": (TODAY - timedelta(days=20)).isoformat(),
        },
    )
    assert created.status_code == 201, created.text
    nid = created.json()["id"]
    body = assert_problem(
        await client.post(f"/api/v1/negotiations/{nid}/signatures", headers=headers, json={"union": "CFDT"}), 409
    )
    assert "n'est pas signée" in body["detail"]
    decided = await client.post(
        f"/api/v1/negotiations/{nid}/status",
        headers=headers,
        json={"status": "decided", "on": (TODAY - timedelta(days=10)).isoformat()},
    )
    assert decided.status_code == 200, decided.text
    assert (decided.json()["status"], decided.json()["stage"]) == ("decided", "awaiting_agrement")
    assert [line["label"] for line in decided.json()["agrement"]["establishments"]] == [REQUIRED]
    granted = await client.post(
        f"/api/v1/negotiations/{nid}/agrement",
        headers=headers,
        json={
            "submitted_on": (TODAY - timedelta(days=9)).isoformat(),
            "decision": "granted",
            "decided_on": (TODAY - timedelta(days=1)).isoformat(),
        },
    )
    assert granted.status_code == 200, granted.text
    assert (granted.json()["stage"], granted.json()["in_force"]) == ("in_force", True)


async def test_only_a_unilateral_decision_is_decided(client: Any, world: Negotiators) -> None:
    headers, oid = _direction(world)
    created = await client.post(
        f"/api/v1/organizations/{oid}/negotiations",
        headers=headers,
        json={"topic": "remuneration", "opened_on": TODAY.isoformat()},
    )
    nid = created.json()["id"]
    body = assert_problem(
        await client.post(f"/api/v1/negotiations/{nid}/status", headers=headers, json={"status": "decided"}), 422
    )
    assert body["errors"][0]["field"] == "status"


async def test_agreement_scope_errors_are_422_naming_establishment_id(client: Any, world: Negotiators) -> None:
    headers, oid = _direction(world)
    ime = await _ime(client, world)
    url = f"/api/v1/organizations/{oid}/negotiations"
    for payload in (
        {"topic": "remuneration", "kind": "establishment_agreement"},
        {"topic": "remuneration", "kind": "company_agreement", "establishment_id": ime},
        {"topic": "remuneration", "kind": "establishment_agreement", "establishment_id": 987654},
    ):
        body = assert_problem(await client.post(url, headers=headers, json=payload), 422)
        assert body["errors"][0]["field"] == "establishment_id"


async def test_establishment_agreement_is_weighed_at_the_establishment_and_needs_no_agrement_under_cpom(
    client: Any, world: Negotiators
) -> None:
    """L2122-1 ("l'entreprise ou l'établissement"), L2232-12 and L314-6 / L313-12-2 CASF."""
    headers, oid = _direction(world)
    ime = await _ime(client, world)
    election = await client.post(
        f"/api/v1/organizations/{oid}/election-results",
        headers=headers,
        json={
            "election_date": "2024-03-05",
            "establishment_id": ime,
            "colleges": [
                {
                    "name": "unique",
                    "votes_cast": 100,
                    "union_votes": [{"union": "CFDT", "votes": 70}, {"union": "CGT", "votes": 30}],
                }
            ],
        },
    )
    assert election.status_code == 201, election.text
    assert (election.json()["establishment_id"], election.json()["in_force"]) == (ime, True)
    created = await client.post(
        f"/api/v1/organizations/{oid}/negotiations",
        headers=headers,
        json={
            "topic": "other",
            "subject": "Horaires de l'internat",
            "kind": "establishment_agreement",
            "establishment_id": ime,
            "opened_on": (TODAY - timedelta(days=20)).isoformat(),
        },
    )
    assert created.status_code == 201, created.text
    nid = created.json()["id"]
    signed = await client.post(
        f"/api/v1/negotiations/{nid}/signatures",
        headers=headers,
        json={"union": "CFDT", "signed_on": (TODAY - timedelta(days=10)).isoformat()},
    )
    assert signed.status_code == 201, signed.text
    assert signed.json()["weight_percent"] == 70.0  # 34 % company-wide
    assert signed.json()["validity"] == "valid"
    deposited = await client.post(
        f"/api/v1/negotiations/{nid}/deposit",
        headers=headers,
        json={"deposited_on": (TODAY - timedelta(days=5)).isoformat()},
    )
    assert deposited.status_code == 200, deposited.text
    assert (deposited.json()["stage"], deposited.json()["agrement"]["required"]) == ("in_force", False)
    body = assert_problem(
        await client.post(
            f"/api/v1/negotiations/{nid}/agrement",
            headers=headers,
            json={"submitted_on": (TODAY - timedelta(days=4)).isoformat()},
        ),
        409,
    )
    assert "CPOM" in body["detail"]
    # The company's election is still the one in force for company agreements.
    company = (await client.get(f"/api/v1/organizations/{oid}/election-results", headers=headers)).json()["items"]
    assert [(e["establishment_id"], e["in_force"]) for e in company] == [(ime, True), (None, True)]


# ------------------------------------------------------------------------------------ NAO scope (L2242-1)


async def test_sections_bring_the_nao_and_without_them_nothing_is_overdue_l2242_1(
    client: Any, world: Negotiators
) -> None:
    headers, oid = _direction(world)
    sections = (await client.get(f"/api/v1/organizations/{oid}/union-sections", headers=headers)).json()["items"]
    assert [(s["union"], s["representative"]) for s in sections] == [
        ("CGT", True),
        ("CFDT", True),
        ("SUD Santé Sociaux", True),
        ("FO", True),
        ("UNSA", False),
    ]
    schedule = (await client.get(f"/api/v1/organizations/{oid}/nao-schedule", headers=headers)).json()
    assert schedule["nao_required"] is True
    assert {b["block"]: b["overdue"] for b in schedule["blocks"]}["egalite_qvct"] is True
    for section in sections[:4]:
        ended = await client.post(
            f"/api/v1/union-sections/{section['id']}/end", headers=headers, json={"ended_on": TODAY.isoformat()}
        )
        assert ended.status_code == 200, ended.text
        assert ended.json()["ended_on"] == TODAY.isoformat()
    schedule = (await client.get(f"/api/v1/organizations/{oid}/nao-schedule", headers=headers)).json()
    assert schedule["nao_required"] is False
    assert schedule["nao_reason"] == (
        "Aucune section syndicale d'un syndicat représentatif : pas d'obligation de NAO (L2242-1)."
    )
    assert [b["overdue"] for b in schedule["blocks"]] == [False] * len(schedule["blocks"])


async def test_union_section_errors(client: Any, world: Negotiators) -> None:
    headers, oid = _direction(world)
    url = f"/api/v1/organizations/{oid}/union-sections"
    body = assert_problem(
        await client.post(url, headers=headers, json={"union": "cgt", "formed_on": "2020-01-01"}), 409
    )
    assert body["detail"] == "« cgt » a déjà une section syndicale."
    future = (TODAY + timedelta(days=1)).isoformat()
    body = assert_problem(await client.post(url, headers=headers, json={"union": "CFTC", "formed_on": future}), 422)
    assert body["errors"][0]["field"] == "formed_on"
    created = await client.post(url, headers=headers, json={"union": "CFTC", "formed_on": "2025-05-05"})
    assert created.status_code == 201, created.text
    assert (created.json()["union"], created.json()["representative"]) == ("CFTC", False)
    delegate = world.auth("cgt")
    assert_problem(await client.post(url, headers=delegate, json={"union": "CGT-FO", "formed_on": "2025-01-01"}), 403)
    other = world.auth("neighbour")
    assert_problem(
        await client.post(
            f"/api/v1/union-sections/{created.json()['id']}/end", headers=other, json={"ended_on": TODAY.isoformat()}
        ),
        404,
    )


# ------------------------------------------------------------------------------------ L2122-2, L2122-3


ELECTION = {
    "election_date": (TODAY - timedelta(days=1)).isoformat(),
    "categorial_unions": [{"union": "CFE-CGC", "colleges": ["cadres"]}],
    "colleges": [
        {
            "name": "employés",
            "votes_cast": 800,
            "union_votes": [
                {"union": "CGT", "votes": 500},
                {
                    "union": "CFDT-UNSA",
                    "votes": 300,
                    "common_list": [{"union": "CFDT", "share_percent": 60}, {"union": "UNSA", "share_percent": 40}],
                },
            ],
        },
        {
            "name": "cadres",
            "votes_cast": 200,
            "union_votes": [
                {"union": "CFE-CGC", "votes": 24},
                {"union": "CGT", "votes": 100},
                {"union": "FO-SUD", "votes": 76, "common_list": [{"union": "FO"}, {"union": "SUD"}]},
            ],
        },
    ],
}


async def test_common_lists_split_as_declared_or_equally_and_categorial_union_measured_in_its_college(
    client: Any, world: Negotiators
) -> None:
    headers, oid = _direction(world)
    recorded = await client.post(f"/api/v1/organizations/{oid}/election-results", headers=headers, json=ELECTION)
    assert recorded.status_code == 201, recorded.text
    scores = {s["union"]: s for s in recorded.json()["scores"]}
    assert (scores["CFDT"]["votes"], scores["CFDT"]["score_percent"]) == (180.0, 18.0)  # 60 % of 300 (L2122-3)
    assert (scores["UNSA"]["votes"], scores["UNSA"]["representative"]) == (120.0, True)  # 12 %
    assert (scores["FO"]["votes"], scores["FO"]["score_percent"], scores["FO"]["representative"]) == (38.0, 3.8, False)
    cgc = scores["CFE-CGC"]
    assert (cgc["score_percent"], cgc["representative"], cgc["colleges"]) == (12.0, True, ["cadres"])  # L2122-2
    assert "CFDT-UNSA" not in scores
    assert recorded.json()["categorial_unions"] == {"CFE-CGC": ["cadres"]}
    first = recorded.json()["colleges"][0]["union_votes"][1]
    assert [m["union"] for m in first["common_list"]] == ["CFDT", "UNSA"]


async def test_bad_common_lists_and_categorial_colleges_are_422_naming_the_field(
    client: Any, world: Negotiators
) -> None:
    headers, oid = _direction(world)
    url = f"/api/v1/organizations/{oid}/election-results"
    bad_shares = {**ELECTION, "categorial_unions": []}
    bad_shares["colleges"] = [
        {
            "name": "unique",
            "votes_cast": 100,
            "union_votes": [
                {
                    "union": "CFDT-UNSA",
                    "votes": 100,
                    "common_list": [{"union": "CFDT", "share_percent": 60}, {"union": "UNSA", "share_percent": 30}],
                }
            ],
        }
    ]
    body = assert_problem(await client.post(url, headers=headers, json=bad_shares), 422)
    assert body["errors"][0] == {
        "field": "colleges[0].union_votes[0].common_list",
        "message": "les parts déclarées totalisent 100 % (L2122-3)",
    }
    bad_college = {**ELECTION, "categorial_unions": [{"union": "CFE-CGC", "colleges": ["ingénieurs"]}]}
    body = assert_problem(await client.post(url, headers=headers, json=bad_college), 422)
    assert body["errors"][0]["field"] == "categorial_unions[0].colleges"


async def test_an_establishment_is_created_under_cpom_and_reads_it_back(client: Any, world: Negotiators) -> None:
    headers, oid = _direction(world)
    admin = world.auth("admin")
    created = await client.post(
        f"/api/v1/organizations/{oid}/establishments",
        headers=admin,
        json={"name": "SESSAD Les Saules", "headcount": 40, "cpom": True, "cpom_signed_on": "2023-01-01"},
    )
    assert created.status_code == 201, created.text
    assert (created.json()["cpom"], created.json()["cpom_signed_on"]) == (True, "2023-01-01")
    listed = await _establishments(client, admin, oid)
    assert listed["SESSAD Les Saules"]["cpom"] is True
