"""Election forms on the pages (issue 19): open an election, record calendar dates, file a list per college checked
by L2314-30, record a round's count, proclaim. Each bad input comes back in French with nothing stored."""

from __future__ import annotations

from typing import Any

from tests.api.test_foundation import org_id
from tests.api.test_pages import HTML, sign_in
from tests.api.test_pages_registers import post_form

DIRECTION = "direction@demo.example"

OPEN = {
    "title": "Élections du CSE de l'atelier 2026",
    "kind": "renewal",
    "headcount": "30",
    "round1_on": "2026-11-10",
    "colleges.0.name": "Collège unique",
    "colleges.0.category": "ouvriers_employes",
    "colleges.0.staff": "30",
    "colleges.0.women": "15",
    "colleges.0.men": "15",
}


async def _elections(client: Any, headers: dict[str, str]) -> list[dict[str, Any]]:
    oid = await org_id(client, headers)
    answer = await client.get(f"/api/v1/organizations/{oid}/elections", headers=headers)
    assert answer.status_code == 200
    return list(answer.json())


async def _open(client: Any, data: dict[str, str]) -> int:
    created = await post_form(client, "/elections", "/elections", data)
    assert created.status_code == 303, created.text
    location = created.headers["location"]
    assert location.endswith("?fait=ouverte")
    return int(location.split("/elections/")[1].split("?")[0])


async def test_open_an_election_refuses_a_bad_headcount_in_french_and_stores_nothing(client: Any, auth: Any) -> None:
    headers = await auth(DIRECTION)
    before = len(await _elections(client, headers))
    await sign_in(client, DIRECTION)
    page = await client.get("/elections", headers=HTML)
    assert page.status_code == 200 and "Ouvrir une élection" in page.text
    refused = await post_form(client, "/elections", "/elections", {**OPEN, "headcount": "trente"})
    assert refused.status_code == 422
    assert "Le formulaire n&#39;a pas été enregistré." in refused.text and "Nombre entier attendu." in refused.text
    assert 'value="Élections du CSE de l&#39;atelier 2026"' in refused.text  # what was typed is kept
    partial = await post_form(client, "/elections", "/elections", {**OPEN, "kind": "partial"})
    assert partial.status_code == 422 and "fin des mandats en cours attendue" in partial.text
    assert len(await _elections(client, headers)) == before

    eid = await _open(client, OPEN)
    shown = await client.get(f"/elections/{eid}?fait=ouverte", headers=HTML)
    assert "Élection ouverte : renseignez le calendrier puis déposez les listes." in shown.text
    stored = next(e for e in await _elections(client, headers) if e["id"] == eid)
    # R2314-1: 30 employees → 2 titulaires, all in the one college.
    assert stored["legal_titulaires"] == 2 and stored["colleges"][0]["titulaires"] == 2


async def test_calendar_dates_bad_date_refused_then_recorded(client: Any, auth: Any) -> None:
    headers = await auth(DIRECTION)
    await sign_in(client, DIRECTION)
    eid = await _open(client, OPEN)
    path = f"/elections/{eid}"
    refused = await post_form(client, f"{path}/calendrier", path, {"staff_informed_on": "début janvier"})
    assert refused.status_code == 422 and "Date attendue (jj/mm/aaaa)." in refused.text
    election = (await client.get(f"/api/v1/elections/{eid}", headers=headers)).json()
    assert {s["key"]: s["done_on"] for s in election["calendar"]}["staff_informed"] is None

    done = await post_form(
        client,
        f"{path}/calendrier",
        path,
        {"staff_informed_on": "2026-09-01", "unions_invited_on": "2026-09-01", "pap_first_meeting_on": ""},
    )
    assert done.status_code == 303 and "fait=calendrier" in done.headers["location"]
    election = (await client.get(f"/api/v1/elections/{eid}", headers=headers)).json()
    steps = {s["key"]: s["done_on"] for s in election["calendar"]}
    assert steps["staff_informed"] == "2026-09-01" and steps["round1"] == "2026-11-10"  # empty field kept the date


async def test_list_refused_by_l2314_30_in_french_then_filed(client: Any, auth: Any) -> None:
    headers = await auth(DIRECTION)
    await sign_in(client, DIRECTION)
    eid = await _open(client, OPEN)
    path = f"/elections/{eid}"
    form = {"college": "Collège unique", "kind": "titulaires", "round": "1", "union": "CFDT", "filed_on": "2026-10-20"}
    two_women = {
        "candidates.0.full_name": "Nadia Roux",
        "candidates.0.sex": "F",
        "candidates.0.email": "nadia.roux@atelier.example",
        "candidates.1.full_name": "Inès Morel",
        "candidates.1.sex": "F",
        "candidates.1.email": "ines.morel@atelier.example",
    }
    refused = await post_form(client, f"{path}/listes", path, {**form, **two_women})
    assert refused.status_code == 422
    assert "Liste non conforme à l&#39;article L2314-30 du Code du travail" in refused.text
    assert 'value="Inès Morel"' in refused.text
    assert (await client.get(f"/api/v1/elections/{eid}/lists", headers=headers)).json() == []

    balanced = {**two_women, "candidates.1.full_name": "Paul Morel", "candidates.1.sex": "M"}
    balanced["candidates.1.email"] = "paul.morel@atelier.example"
    filed = await post_form(client, f"{path}/listes", path, {**form, **balanced})
    assert filed.status_code == 303 and "fait=liste" in filed.headers["location"]
    lists = (await client.get(f"/api/v1/elections/{eid}/lists", headers=headers)).json()
    assert [(c["full_name"], c["sex"]) for c in lists[0]["candidates"]] == [("Nadia Roux", "F"), ("Paul Morel", "M")]
    page = await client.get(f"{path}?fait=liste", headers=HTML)
    assert "Liste déposée : elle respecte l&#39;article L2314-30." in page.text


async def test_results_refused_when_more_voters_than_registered_then_recorded_and_proclaimed(
    client: Any, auth: Any
) -> None:
    headers = await auth(DIRECTION)
    admin = await auth("admin@demo.example")
    oid = await org_id(client, admin)
    body = await client.post(
        f"/api/v1/organizations/{oid}/bodies", headers=admin, json={"name": "CSE de l'atelier", "kind": "cse"}
    )
    assert body.status_code == 201, body.text
    await sign_in(client, DIRECTION)
    without_body = await _open(client, OPEN)
    eid = await _open(client, {**OPEN, "body_id": str(body.json()["id"])})
    for election in (without_body, eid):
        path = f"/elections/{election}"
        filed = await post_form(
            client,
            f"{path}/listes",
            path,
            {
                "college": "Collège unique",
                "kind": "titulaires",
                "round": "1",
                "union": "CGT",
                "filed_on": "2026-10-20",
                "candidates.0.full_name": "Julie Perrin",
                "candidates.0.sex": "F",
                "candidates.0.email": "julie.perrin@atelier.example",
            },
        )
        assert filed.status_code == 303, filed.text
    path = f"/elections/{eid}"
    list_id = (await client.get(f"/api/v1/elections/{eid}/lists", headers=headers)).json()[0]["id"]
    count = {"college": "Collège unique", "kind": "titulaires", "round": "1", "registered": "30"}
    refused = await post_form(client, f"{path}/resultats", path, {**count, "voters": "31", f"ballots.{list_id}": "20"})
    assert refused.status_code == 422 and "plus de votants que d&#39;inscrits" in refused.text
    assert (await client.get(f"/api/v1/elections/{eid}/results", headers=headers)).json() == []

    recorded = await post_form(
        client,
        f"{path}/resultats",
        path,
        {**count, "voters": "24", "blank_null": "2", f"ballots.{list_id}": "22", f"ratures.{list_id}": "1:1"},
    )
    assert recorded.status_code == 303 and "fait=resultats" in recorded.headers["location"]
    results = (await client.get(f"/api/v1/elections/{eid}/results", headers=headers)).json()
    assert results[0]["voters"] == 24 and results[0]["lists"][0]["ratures"] == {"1": 1}

    # Proclaiming an election without its CSE is refused in French, nothing proclaimed.
    other = f"/elections/{without_body}"
    other_list = (await client.get(f"/api/v1/elections/{without_body}/lists", headers=headers)).json()[0]["id"]
    await post_form(client, f"{other}/resultats", other, {**count, "voters": "24", f"ballots.{other_list}": "22"})
    no_body = await post_form(client, f"{other}/proclamation", other, {})
    assert no_body.status_code == 422 and "Indiquer le CSE élu." in no_body.text
    assert (await client.get(f"/api/v1/elections/{without_body}", headers=headers)).json()["proclaimed_on"] is None

    proclaimed = await post_form(client, f"{path}/proclamation", path, {})
    assert proclaimed.status_code == 303, proclaimed.text.split("error-summary")[-1][:800]
    assert "fait=proclamee" in proclaimed.headers["location"]
    members = (await client.get(f"/api/v1/bodies/{body.json()['id']}/members", headers=admin)).json()["items"]
    assert "Julie Perrin" in {m["full_name"] for m in members}
    page = await client.get(f"{path}?fait=proclamee", headers=HTML)
    assert "Résultats proclamés : les élus sont membres du CSE." in page.text
    assert "Déposer une liste" not in page.text  # a proclaimed election no longer changes
    # L2314-10: 1 titulaire in office for 2 seats (halved) → partial elections due.
    assert "Le nombre de titulaires est réduit de moitié ou plus : élections partielles (L2314-10)." in page.text


async def test_elu_reads_without_forms_and_posting_is_refused(client: Any, auth: Any) -> None:
    headers = await auth(DIRECTION)
    eid = (await _elections(client, headers))[0]["id"]
    await sign_in(client, "elu@demo.example")
    listing = await client.get("/elections", headers=HTML)
    assert listing.status_code == 200 and "Ouvrir une élection" not in listing.text
    page = await client.get(f"/elections/{eid}", headers=HTML)
    assert page.status_code == 200 and "Déposer une liste" not in page.text
    refused = await post_form(client, "/elections", "/elections", OPEN)
    assert refused.status_code == 403
