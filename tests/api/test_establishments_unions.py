"""The union side (L2143-3, L2314-2, L2316-7, L2232-21 to L2232-26) and the multi-establishment company (L2313-2 to
L2313-5, L2316-4, R2316-1, L2316-15, R2312-6 II) over HTTP, on the demo association."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.api.test_foundation import org_id
from tests.api.test_pages import HTML, csrf_from, sign_in
from tests.helpers.clock import FrozenClock
from tests.helpers.problems import assert_problem

DIRECTION = "direction@demo.example"


async def _bodies(client: Any, headers: dict[str, str], oid: int) -> dict[str, int]:
    response = await client.get(f"/api/v1/organizations/{oid}/bodies", headers=headers)
    assert response.status_code == 200, response.text
    return {b["kind"] if b["kind"] != "cse" else b["name"]: b["id"] for b in response.json()["items"]}


async def _central_consultation(client: Any, headers: dict[str, str], oid: int) -> int:
    central = (await _bodies(client, headers, oid))["cse_central"]
    response = await client.get(f"/api/v1/bodies/{central}/consultations", headers=headers)
    assert response.status_code == 200, response.text
    (item,) = [c for c in response.json()["items"] if c["subject"].startswith("Regroupement des fonctions support")]
    return int(item["id"])


# ------------------------------------------------------------------------------------ designations


async def test_demo_designations_carry_their_basis(client: Any, auth: Any) -> None:
    headers = await auth(DIRECTION)
    oid = await org_id(client, headers)
    response = await client.get(f"/api/v1/organizations/{oid}/union-designations", headers=headers)
    assert response.status_code == 200, response.text
    items = {(d["kind"], d["union"]): d for d in response.json()["items"]}
    assert len(items) == 6
    cfdt = items[("delegue_syndical", "CFDT")]
    assert (cfdt["basis"], cfdt["personal_votes"], cfdt["college_votes_cast"], cfdt["active"]) == (
        "personal_score",
        58,
        386,
        True,
    )
    assert items[("delegue_syndical", "SUD Santé Sociaux")]["fallback_reason"] == "all_renounced"
    assert "L2314-2" in items[("rs_cse", "CGT")]["basis_label"]
    assert "L2316-7" in items[("rs_cse_central", "CFDT")]["basis_label"]


async def test_a_candidate_under_ten_percent_is_refused_then_one_above_is_designated(client: Any, auth: Any) -> None:
    """L2143-3 al. 1 with the recorded results (1st college: 386 valid votes) and R2143-2 (one DS per union)."""
    headers = await auth(DIRECTION)
    oid = await org_id(client, headers)
    url = f"/api/v1/organizations/{oid}/union-designations"
    designation = {
        "kind": "delegue_syndical",
        "union": "CGT",
        "person_name": "Sophie Marchand",
        "basis": "personal_score",
        "electoral_college": "1er collège — ouvriers et employés",
        "personal_votes": 45,
        "designated_on": "2026-11-02",
    }
    second = await client.post(url, json=designation, headers=headers)
    assert "R2143-2" in assert_problem(second, 409, "designation_refused")["detail"]
    items = (await client.get(url, headers=headers)).json()["items"]
    (cgt,) = [d for d in items if d["kind"] == "delegue_syndical" and d["union"] == "CGT"]
    ended = await client.post(
        f"/api/v1/union-designations/{cgt['id']}/end", json={"ended_on": "2026-11-01"}, headers=headers
    )
    assert ended.status_code == 200, ended.text
    assert ended.json()["active"] is False
    low = await client.post(url, json={**designation, "personal_votes": 38}, headers=headers)
    assert "L2143-3 al. 1" in assert_problem(low, 409, "designation_refused")["detail"]
    created = await client.post(url, json=designation, headers=headers)
    assert created.status_code == 201, created.text
    assert (created.json()["college_votes_cast"], created.json()["basis_label"]) == (
        386,
        "Candidat ayant recueilli 11.66 % dans son collège au premier tour (L2143-3 al. 1)",
    )


async def test_unrepresentative_union_unknown_college_and_wrong_roles(client: Any, auth: Any) -> None:
    headers = await auth(DIRECTION)
    oid = await org_id(client, headers)
    url = f"/api/v1/organizations/{oid}/union-designations"
    unsa = {
        "kind": "delegue_syndical",
        "union": "UNSA",
        "person_name": "Jean Dupuis",
        "basis": "personal_score",
        "electoral_college": "1er collège — ouvriers et employés",
        "personal_votes": 25,
        "designated_on": "2026-11-02",
    }
    assert "L2122-1" in assert_problem(await client.post(url, json=unsa, headers=headers), 409)["detail"]
    unknown = await client.post(url, json={**unsa, "union": "FO", "electoral_college": "3e collège"}, headers=headers)
    assert assert_problem(unknown, 422)["errors"][0]["field"] == "electoral_college"
    elu = await client.post(url, json=unsa, headers=await auth("elu@demo.example"))
    assert_problem(elu, 403)
    neighbour = await client.get(url, headers=await auth("admin@voisine.example"))
    assert_problem(neighbour, 404)


async def test_negotiating_without_a_delegate(client: Any, auth: Any) -> None:
    """With a DS the unions negotiate (409); once every DS has left, the élus route of L2232-25 applies."""
    headers = await auth(DIRECTION)
    oid = await org_id(client, headers)
    negotiations = (await client.get(f"/api/v1/organizations/{oid}/negotiations", headers=headers)).json()["items"]
    negotiation = negotiations[0]["id"]
    url = f"/api/v1/negotiations/{negotiation}/without-delegate"
    route = {"route": "elus", "signatories_votes": 200, "votes_cast": 386}
    assert_problem(await client.put(url, json=route, headers=headers), 409, "union_delegate_present")
    designations = f"/api/v1/organizations/{oid}/union-designations"
    for item in (await client.get(designations, headers=headers)).json()["items"]:
        if item["kind"] == "delegue_syndical":
            ended = await client.post(
                f"/api/v1/union-designations/{item['id']}/end", json={"ended_on": "2026-11-01"}, headers=headers
            )
            assert ended.status_code == 200, ended.text
    recorded = await client.put(url, json=route, headers=headers)
    assert recorded.status_code == 200, recorded.text
    assert (recorded.json()["validity"], recorded.json()["routes_open"]) == ("valid", ["elus"])
    minority = await client.put(url, json={**route, "signatories_votes": 193}, headers=headers)
    assert minority.json()["validity"] == "not_valid"
    employees = {"route": "mandated_employees", "mandating_unions": ["CGT"]}
    assert_problem(await client.put(url, json=employees, headers=headers), 409, "route_not_open")
    read = await client.get(url, headers=headers)
    assert (read.status_code, read.json()["route"]) == (200, "elus")


# ------------------------------------------------------------------------------------ établissements distincts


async def test_establishment_scope_bases(client: Any, auth: Any) -> None:
    admin = await auth("admin@demo.example")
    oid = await org_id(client, admin)
    url = f"/api/v1/organizations/{oid}/establishment-scopes"
    listed = (await client.get(url, headers=admin)).json()["items"]
    assert [s["basis"] for s in listed] == ["company_agreement"]
    assert len(listed[0]["perimeters"]) == 2
    perimeters = [{"name": p["name"], "body_id": p["body_id"]} for p in listed[0]["perimeters"]]
    cse_agreement = {"basis": "cse_agreement", "decided_on": "2026-11-02", "titulaires_for": 5, "titulaires": 7}
    refused = await client.post(url, json={**cse_agreement, "perimeters": perimeters}, headers=admin)
    assert "L2313-3" in assert_problem(refused, 409, "establishment_scope_refused")["detail"]
    decision = {"basis": "employer_decision", "decided_on": "2026-11-02", "perimeters": perimeters}
    assert_problem(await client.post(url, json=decision, headers=admin), 409, "establishment_scope_refused")
    decided = await client.post(url, json={**decision, "negotiation_attempted_on": "2026-10-01"}, headers=admin)
    assert decided.status_code == 201, decided.text
    assert "L2313-4" in decided.json()["basis_label"]
    one = await client.post(url, json={**decision, "perimeters": perimeters[:1]}, headers=admin)
    assert_problem(one, 422)
    assert_problem(await client.post(url, json=decision, headers=await auth(DIRECTION)), 403)


# ------------------------------------------------------------------------------------ CSE central


async def test_central_composition_and_its_warning_when_an_establishment_is_missing(client: Any, auth: Any) -> None:
    headers = await auth(DIRECTION)
    oid = await org_id(client, headers)
    url = f"/api/v1/organizations/{oid}/cse-central"
    read = (await client.get(url, headers=headers)).json()
    assert (read["complete"], read["warnings"], read["agenda_notice_days"]) == (True, [], 8)
    assert sorted((e["titulaires"], e["suppleants"]) for e in read["establishments"]) == [(1, 1), (2, 2)]
    assert "L2316-15" in read["meeting_message"]
    admin = await auth("admin@demo.example")
    created = await client.post(
        f"/api/v1/organizations/{oid}/bodies",
        json={"name": "CSE d'établissement de l'IME", "kind": "cse"},
        headers=admin,
    )
    assert created.status_code == 201, created.text
    read = (await client.get(url, headers=headers)).json()
    assert read["complete"] is False
    assert [(w["code"], w["body_id"]) for w in read["warnings"]] == [
        ("establishment_unrepresented", created.json()["id"])
    ]
    assert_problem(await client.get(url, headers=await auth("admin@voisine.example")), 404)


# ------------------------------------------------------------------------------------ linked consultations


async def test_tree_of_opinions_of_the_demo_project(client: Any, auth: Any) -> None:
    headers = await auth(DIRECTION)
    oid = await org_id(client, headers)
    central = await _central_consultation(client, headers, oid)
    tree = await client.get(f"/api/v1/consultations/{central}/establishment-opinions", headers=headers)
    assert tree.status_code == 200, tree.text
    body = tree.json()
    statuses = {e["body_name"]: (e["status"], e["opinion"]) for e in body["establishments"]}
    assert statuses == {
        "CSE de l'Association Les Tilleuls": ("transmitted", "positive"),
        "CSE d'établissement du SESSAD Les Lucioles": ("pending", None),
    }
    assert all(e["due_on"] < body["deadline"] for e in body["establishments"])
    assert_problem(
        await client.get(
            f"/api/v1/consultations/{central}/establishment-opinions", headers=await auth("admin@voisine.example")
        ),
        404,
    )


async def test_linking_and_transmitting(client: Any, auth: Any) -> None:
    headers = await auth(DIRECTION)
    oid = await org_id(client, headers)
    central = await _central_consultation(client, headers, oid)
    tree = (await client.get(f"/api/v1/consultations/{central}/establishment-opinions", headers=headers)).json()
    by_name = {e["body_name"]: e for e in tree["establishments"]}
    sessad = by_name["CSE d'établissement du SESSAD Les Lucioles"]["consultation_id"]
    tilleuls = by_name["CSE de l'Association Les Tilleuls"]["consultation_id"]
    again = await client.post(
        f"/api/v1/consultations/{central}/establishment-opinions", json={"consultation_id": tilleuls}, headers=headers
    )
    assert_problem(again, 409, "consultation_already_linked")
    secretary = await auth("manon.leroy@demo.example")
    assert_problem(
        await client.post(f"/api/v1/consultations/{sessad}/transmit", json={}, headers=secretary), 409, "no_opinion_yet"
    )
    assert_problem(
        await client.post(
            f"/api/v1/consultations/{tilleuls}/transmit", json={}, headers=await auth("secretaire@demo.example")
        ),
        409,
        "opinion_already_transmitted",
    )
    assert_problem(await client.post(f"/api/v1/consultations/{tilleuls}/transmit", json={}, headers=secretary), 403)
    bodies = await _bodies(client, headers, oid)
    opened = await client.post(
        f"/api/v1/consultations/{central}/establishment-opinions",
        json={"body_id": bodies["CSE de l'Association Les Tilleuls"]},
        headers=headers,
    )
    assert opened.status_code == 201, opened.text
    assert len(opened.json()["establishments"]) == 3
    assert_problem(
        await client.post(f"/api/v1/consultations/{central}/establishment-opinions", json={}, headers=headers), 422
    )
    assert_problem(
        await client.post(
            f"/api/v1/consultations/{tilleuls}/establishment-opinions",
            json={"body_id": bodies["cse_central"]},
            headers=headers,
        ),
        409,
        "not_central_consultation",
    )


# ------------------------------------------------------------------------------------ the page of the tree


async def test_tree_page_links_a_new_establishment_committee(client: Any, auth: Any) -> None:
    """The director reads the tree (R2312-6 II), then consults a new establishment CSE he presides from the page."""
    headers = await auth(DIRECTION)
    oid = await org_id(client, headers)
    central = await _central_consultation(client, headers, oid)
    page_url = f"/consultations/{central}/avis-des-etablissements"
    await sign_in(client, DIRECTION)
    page = await client.get(page_url, headers=HTML)
    assert page.status_code == 200, page.text
    assert "Avis transmis au CSE central" in page.text and "En attente" in page.text
    assert "Consulter aussi un CSE d&#39;établissement" not in page.text  # both committees are consulted already

    admin = await auth("admin@demo.example")
    ime = await client.post(
        f"/api/v1/organizations/{oid}/bodies",
        json={"name": "CSE d'établissement de l'IME", "kind": "cse"},
        headers=admin,
    )
    assert ime.status_code == 201, ime.text
    president = {"email": DIRECTION, "college": "direction", "role": "president"}
    added = await client.post(f"/api/v1/bodies/{ime.json()['id']}/members", json=president, headers=admin)
    assert added.status_code == 201, added.text

    page = await client.get(page_url, headers=HTML)
    assert "CSE d&#39;établissement de l&#39;IME" in page.text
    empty = await client.post(page_url, data={"body_id": "", "_csrf_token": csrf_from(page.text)}, headers=HTML)
    assert empty.status_code == 422
    assert 'role="alert"' in empty.text
    posted = await client.post(
        page_url, data={"body_id": str(ime.json()["id"]), "_csrf_token": csrf_from(page.text)}, headers=HTML
    )
    assert (posted.status_code, posted.headers["location"]) == (303, f"{page_url}?fait=lien")
    page = await client.get(posted.headers["location"], headers=HTML)
    assert "son avis est attendu 7 jours avant celui du CSE central" in page.text
    tree = (await client.get(f"/api/v1/consultations/{central}/establishment-opinions", headers=headers)).json()
    assert len(tree["establishments"]) == 3


async def test_home_page_aggregates_the_establishments_for_the_direction_and_the_board(client: Any) -> None:
    """« Établissements »: the CSE central's next meeting due (L2316-15) and each establishment CSE's consultations
    without an opinion, for the direction and the board only."""
    await sign_in(client, DIRECTION)
    home = await client.get("/", headers=HTML)
    assert home.status_code == 200, home.text
    assert "Établissements</h2>" in home.text
    assert "CSE central de l&#39;Association Les Tilleuls — " in home.text and "(L2316-15)" in home.text
    assert "CSE d&#39;établissement du SESSAD Les Lucioles — 1 consultation(s) sans avis" in home.text
    await sign_in(client, "gouvernance@demo.example")
    assert "Établissements</h2>" in (await client.get("/", headers=HTML)).text
    await sign_in(client, "elu@demo.example")
    assert "Établissements</h2>" not in (await client.get("/", headers=HTML)).text


async def test_organisation_indicator_of_establishment_opinions_sent_in_time(
    client: Any, auth: Any, frozen_clock: FrozenClock
) -> None:
    """R2312-6 II across the establishments: ten days after the demo's due day, Les Tilleuls' opinion was sent in
    time, the SESSAD's is deemed negative: 50 %."""
    headers = await auth("gouvernance@demo.example")
    oid = await org_id(client, headers)
    director = await auth(DIRECTION)
    central = await _central_consultation(client, director, oid)
    tree = (await client.get(f"/api/v1/consultations/{central}/establishment-opinions", headers=director)).json()
    due = date.fromisoformat(tree["establishments"][0]["due_on"])
    frozen_clock.set(due + timedelta(days=10))
    response = await client.get(
        f"/api/v1/organizations/{oid}/indicators",
        params={"from": (due - timedelta(days=30)).isoformat(), "to": (due + timedelta(days=10)).isoformat()},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    (item,) = [i for i in response.json()["items"] if i["code"] == "establishment_opinions_on_time"]
    assert (item["value"], item["unit"], item["target"]) == (50.0, "%", 100.0)
