"""The tripartite diagnosis over HTTP: the campaign's life, the three colleges' answers, aggregate results with
the largest gaps first and the floor of two, the comparison with last year, the actions — and that no individual
answer leaks to anyone but its author (results, answers, actions, audit log, OpenAPI)."""

from __future__ import annotations

from typing import Any

from dialogue.diagnosis.rules import DIMENSION_INDICATORS
from tests.helpers.problems import assert_problem

ADMIN = "admin@demo.example"
SECRET = "COMMENTAIRE-PERSONNEL-7f3a"


async def _org(client: Any, headers: dict[str, str]) -> int:
    return int((await client.get("/api/v1/me", headers=headers)).json()["organization_id"])


async def _user_id(client: Any, headers: dict[str, str]) -> int:
    return int((await client.get("/api/v1/me", headers=headers)).json()["id"])


async def _create(client: Any, auth: Any, **extra: Any) -> dict[str, Any]:
    admin = await auth(ADMIN)
    org = await _org(client, admin)
    payload = {"title": "Diagnostic de test", "period_start": "2026-01-01", "period_end": "2026-11-30", **extra}
    response = await client.post(f"/api/v1/organizations/{org}/diagnoses", headers=admin, json=payload)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def _answer(
    client: Any, headers: dict[str, str], diagnosis: dict[str, Any], score: int, comment: str = ""
) -> Any:
    answers = [{"statement_id": s["id"], "score": score, "comment": comment} for s in diagnosis["statements"][:3]]
    return await client.put(f"/api/v1/diagnoses/{diagnosis['id']}/answers", headers=headers, json={"answers": answers})


async def test_demo_diagnosis_shows_the_largest_gaps_first_and_last_year_beside(client: Any, auth: Any) -> None:
    board = await auth("gouvernance@demo.example")
    org = await _org(client, board)
    listed = (await client.get(f"/api/v1/organizations/{org}/diagnoses", headers=board)).json()
    titles = [d["title"] for d in listed["items"]]
    assert titles == [
        "Diagnostic du dialogue social — année écoulée",
        "Diagnostic du dialogue social — année précédente",
    ]
    current = listed["items"][0]
    assert current["my_college"] == "gouvernance"
    assert {p["college"]: p["respondents"] for p in current["participation"]} == {
        "gouvernance": 2,
        "direction": 4,
        "elus": 6,
    }
    results = (await client.get(f"/api/v1/diagnoses/{current['id']}/results", headers=board)).json()
    gaps = [s["gap"] for s in results["statements"]]
    assert gaps == sorted(gaps, key=lambda g: -g)
    assert gaps[0] >= 2.5
    assert results["statements"][0]["code"] in {"fct_registres", "rel_gouvernance"}
    registers = next(s for s in results["statements"] if s["code"] == "fct_registres")
    means = {c["college"]: c["mean"] for c in registers["colleges"]}
    assert means["direction"] - means["elus"] >= 2.5
    assert registers["action_ids"]
    # Last year the board answered alone: below the floor of two, its former mean is withheld.
    previous = {c["college"]: c["previous_mean"] for c in registers["colleges"]}
    assert previous["gouvernance"] is None
    assert previous["direction"] is not None and previous["elus"] is not None
    assert results["previous_title"] == "Diagnostic du dialogue social — année précédente"
    relationship = next(d for d in results["dimensions"] if d["dimension"] == "relationship")
    assert {"questions_answered_on_time", "register_entries_overdue"} <= {i["code"] for i in relationship["indicators"]}
    assert results["indicators_available"] is True


async def test_the_facts_beside_each_dimension_are_the_organisation_indicators_of_the_period(
    client: Any, auth: Any
) -> None:
    """The values beside a dimension are those `GET /organizations/{id}/indicators` answers for the campaign's
    period (one computation, in the indicators service)."""
    board = await auth("gouvernance@demo.example")
    org = await _org(client, board)
    current = (await client.get(f"/api/v1/organizations/{org}/diagnoses", headers=board)).json()["items"][0]
    results = (await client.get(f"/api/v1/diagnoses/{current['id']}/results", headers=board)).json()
    period = {"from": results["period_start"], "to": results["period_end"]}
    report = await client.get(f"/api/v1/organizations/{org}/indicators", params=period, headers=board)
    assert report.status_code == 200, report.text
    by_code = {i["code"]: i for i in report.json()["items"]}
    for dimension in results["dimensions"]:
        beside = [(i["code"], i["value"], i["unit"], i["status"]) for i in dimension["indicators"]]
        assert [code for code, *_ in beside] == list(DIMENSION_INDICATORS[dimension["dimension"]])
        assert beside == [(c, by_code[c]["value"], by_code[c]["unit"], by_code[c]["status"]) for c, *_ in beside]


async def test_campaign_life_grid_editable_until_opened_then_answers_until_closed(client: Any, auth: Any) -> None:
    diagnosis = await _create(client, auth)
    assert len(diagnosis["statements"]) == 18
    assert {s["dimension"] for s in diagnosis["statements"]} == {"objects", "functioning", "relationship"}
    admin = await auth(ADMIN)
    url = f"/api/v1/diagnoses/{diagnosis['id']}"
    grid = [
        {"code": s["code"], "dimension": s["dimension"], "kind": s["kind"], "text": s["text"]}
        for s in diagnosis["statements"][:4]
    ]
    grid.append(
        {"code": "maison", "dimension": "relationship", "kind": "lever", "text": "Le bureau du CSE est écouté."}
    )
    edited = await client.put(f"{url}/statements", headers=admin, json={"statements": grid})
    assert edited.status_code == 200, edited.text
    assert [s["code"] for s in edited.json()["statements"]][-1] == "maison"
    diagnosis = edited.json()
    # Not open yet: nobody answers.
    assert_problem(await _answer(client, await auth("elu@demo.example"), diagnosis, 3), 409, "not_open")
    opened = await client.post(f"{url}/open", headers=admin)
    assert opened.json()["status"] == "open"
    assert_problem(await client.put(f"{url}/statements", headers=admin, json={"statements": grid}), 409, "grid_frozen")
    assert_problem(await client.post(f"{url}/open", headers=admin), 409, "illegal_transition")

    elu = await auth("elu@demo.example")
    first = await _answer(client, elu, diagnosis, 2, "Pas assez de temps.")
    assert first.status_code == 200, first.text
    assert first.json()["college"] == "elus"
    changed = await _answer(client, elu, diagnosis, 4)
    assert [a["score"] for a in changed.json()["items"]] == [4, 4, 4]
    mine = (await client.get(f"{url}/answers", headers=elu)).json()
    assert mine["total"] == 3 and mine["items"][0]["comment"] == ""
    # Results wait for the closing, or for the organiser's publication.
    assert_problem(await client.get(f"{url}/results", headers=elu), 409, "results_not_available")
    published = await client.post(f"{url}/publish", headers=admin, json={"published": True})
    assert published.json()["results_readable"] is True
    assert (await client.get(f"{url}/results", headers=elu)).status_code == 200
    closed = await client.post(f"{url}/close", headers=admin)
    assert closed.json()["status"] == "closed"
    assert_problem(await _answer(client, elu, diagnosis, 1), 409, "not_open")


async def test_roles_and_other_organisation(client: Any, auth: Any) -> None:
    diagnosis = await _create(client, auth)
    url = f"/api/v1/diagnoses/{diagnosis['id']}"
    elu = await auth("elu@demo.example")
    org = diagnosis["organization_id"]
    body = {"title": "x", "period_start": "2026-01-01", "period_end": "2026-02-01"}
    assert_problem(await client.post(f"/api/v1/organizations/{org}/diagnoses", headers=elu, json=body), 403)
    assert_problem(await client.post(f"{url}/open", headers=elu), 403)
    direction = await auth("direction@demo.example")
    assert (await client.post(f"{url}/open", headers=direction)).json()["status"] == "open"
    # An administrator only (no college) organises but does not answer.
    assert_problem(await _answer(client, await auth(ADMIN), diagnosis, 3), 403)
    # A professional of the QVT committee's élus college is not a staff representative.
    assert_problem(await client.get(url, headers=await auth("referente.qvt@demo.example")), 403)
    neighbour = await auth("admin@voisine.example")
    assert_problem(await client.get(url, headers=neighbour), 404)
    assert_problem(await client.get(f"{url}/results", headers=neighbour), 404)
    assert_problem(await client.get(f"/api/v1/organizations/{org}/diagnoses", headers=neighbour), 404)
    assert_problem(await client.post(f"/api/v1/organizations/{org}/diagnoses", headers=neighbour, json=body), 404)


async def test_bad_input_is_refused_with_the_field_named(client: Any, auth: Any) -> None:
    admin = await auth(ADMIN)
    org = await _org(client, admin)
    base = f"/api/v1/organizations/{org}/diagnoses"
    inverted = {"title": "x", "period_start": "2026-03-01", "period_end": "2026-01-01"}
    problem = assert_problem(await client.post(base, headers=admin, json=inverted), 422)
    assert [e["field"] for e in problem["errors"]] == ["period_end"]
    twice = {"code": "a", "dimension": "objects", "kind": "lever", "text": "Un énoncé."}
    dup = {"title": "x", "period_start": "2026-01-01", "period_end": "2026-02-01", "statements": [twice, twice]}
    assert_problem(await client.post(base, headers=admin, json=dup), 422)
    diagnosis = await _create(client, auth)
    await client.post(f"/api/v1/diagnoses/{diagnosis['id']}/open", headers=admin)
    elu = await auth("elu@demo.example")
    url = f"/api/v1/diagnoses/{diagnosis['id']}/answers"
    sid = diagnosis["statements"][0]["id"]
    assert_problem(await client.put(url, headers=elu, json={"answers": [{"statement_id": sid, "score": 6}]}), 422)
    assert_problem(await client.put(url, headers=elu, json={"answers": [{"statement_id": 999999, "score": 3}]}), 422)


async def test_floor_of_two_and_no_individual_answer_leaks(client: Any, auth: Any) -> None:
    diagnosis = await _create(client, auth)
    admin = await auth(ADMIN)
    url = f"/api/v1/diagnoses/{diagnosis['id']}"
    await client.post(f"{url}/open", headers=admin)
    board = await auth("gouvernance@demo.example")
    assert (await _answer(client, board, diagnosis, 5, SECRET)).status_code == 200
    for email, score in (("direction@demo.example", 5), ("drh@demo.example", 4)):
        assert (await _answer(client, await auth(email), diagnosis, score)).status_code == 200
    for email, score in (("elu@demo.example", 1), ("secretaire@demo.example", 2), ("cgt.ds@demo.example", 1)):
        assert (await _answer(client, await auth(email), diagnosis, score)).status_code == 200
    await client.post(f"{url}/close", headers=admin)

    results = (await client.get(f"{url}/results", headers=admin)).json()
    top = results["statements"][0]
    colleges = {c["college"]: c for c in top["colleges"]}
    assert colleges["gouvernance"]["mean"] is None
    assert colleges["gouvernance"]["shown"] == "pas assez de réponses"
    assert colleges["direction"]["mean"] == 4.5 and colleges["elus"]["mean"] == 1.33
    assert top["gap"] == 3.17 and top["apart"] == ["direction", "elus"]
    assert {p["college"]: p["respondents"] for p in results["participation"]} == {
        "gouvernance": 1,
        "direction": 2,
        "elus": 3,
    }
    # The author reads their answer and comment; nobody else does, anywhere.
    assert (await client.get(f"{url}/answers", headers=board)).json()["items"][0]["comment"] == SECRET
    org = diagnosis["organization_id"]
    board_id = await _user_id(client, board)
    readers = ((admin, set()), (await auth("direction@demo.example"), {5}), (await auth("elu@demo.example"), {1}))
    for reader, own_scores in readers:
        for path in (
            url,
            f"{url}/results",
            f"{url}/answers",
            f"{url}/actions",
            f"/api/v1/organizations/{org}/diagnoses",
        ):
            text = (await client.get(path, headers=reader)).text
            assert SECRET not in text, path
            assert f'"user_id":{board_id}' not in text.replace(" ", ""), path
        mine = (await client.get(f"{url}/answers", headers=reader)).json()
        assert {a["score"] for a in mine["items"]} == own_scores, "only the reader's own answers"
        assert all(a["comment"] == "" for a in mine["items"])
    audit = (await client.get(f"/api/v1/organizations/{org}/audit?limit=200", headers=admin)).text
    assert SECRET not in audit
    assert "dialogue_diagnosis_answer" not in audit


async def test_gaps_become_actions_with_an_owner_and_a_date(client: Any, auth: Any) -> None:
    diagnosis = await _create(client, auth)
    admin = await auth(ADMIN)
    url = f"/api/v1/diagnoses/{diagnosis['id']}"
    secretary = await auth("secretaire@demo.example")
    owner = await _user_id(client, secretary)
    sid = diagnosis["statements"][0]["id"]
    payload = {"statement_id": sid, "title": "Ordre du jour à deux", "owner_id": owner, "due_on": "2027-03-31"}
    created = await client.post(f"{url}/actions", headers=admin, json=payload)
    assert created.status_code == 201, created.text
    action = created.json()
    assert action["owner_name"] == "Camille Lefèvre" and action["status"] == "planned"
    assert_problem(await client.post(f"{url}/actions", headers=secretary, json=payload), 403)
    neighbour = await _user_id(client, await auth("admin@voisine.example"))
    assert_problem(await client.post(f"{url}/actions", headers=admin, json={**payload, "owner_id": neighbour}), 422)
    patch_url = f"/api/v1/diagnosis-actions/{action['id']}"
    assert_problem(await client.patch(patch_url, headers=await auth("elu@demo.example"), json={"status": "done"}), 403)
    done = await client.patch(patch_url, headers=secretary, json={"status": "done"})
    assert done.json()["status"] == "done"
    listed = (await client.get(f"{url}/actions", headers=await auth("gouvernance@demo.example"))).json()
    assert [a["title"] for a in listed["items"]] == ["Ordre du jour à deux"]


async def test_comparison_with_the_previous_campaign_named(client: Any, auth: Any) -> None:
    admin = await auth(ADMIN)
    first = await _create(client, auth, title="Diagnostic 2025", period_start="2025-01-01", period_end="2025-12-31")
    assert_problem(
        await client.post(
            f"/api/v1/organizations/{first['organization_id']}/diagnoses",
            headers=admin,
            json={"title": "x", "period_start": "2026-01-01", "period_end": "2026-02-01", "previous_id": first["id"]},
        ),
        422,
    )
    url = f"/api/v1/diagnoses/{first['id']}"
    await client.post(f"{url}/open", headers=admin)
    for email in ("elu@demo.example", "secretaire@demo.example"):
        await _answer(client, await auth(email), first, 2)
    await client.post(f"{url}/close", headers=admin)
    second = await _create(client, auth, title="Diagnostic 2026", previous_id=first["id"])
    assert second["previous_id"] == first["id"]
    url2 = f"/api/v1/diagnoses/{second['id']}"
    await client.post(f"{url2}/open", headers=admin)
    for email in ("elu@demo.example", "secretaire@demo.example"):
        await _answer(client, await auth(email), second, 4)
    await client.post(f"{url2}/close", headers=admin)
    results = (await client.get(f"{url2}/results", headers=admin)).json()
    same = next(s for s in results["statements"] if s["code"] == first["statements"][0]["code"])
    elus = next(c for c in same["colleges"] if c["college"] == "elus")
    assert (elus["mean"], elus["previous_mean"], elus["change"]) == (4.0, 2.0, 2.0)
