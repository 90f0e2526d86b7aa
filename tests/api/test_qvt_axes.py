"""The QVT plan by axes over HTTP: the demo plan, axes and themes, binômes (one from each side), working
group composition and its warnings, a proposal's axis and themes, the checklist required at adoption."""

from __future__ import annotations

from typing import Any

from tests.api.qvt_helpers import DIRECTION, establishments, steering_id
from tests.api.test_qvt_steering import propose, user_id
from tests.helpers.problems import assert_problem

NEIGHBOUR = "admin@voisine.example"
TICKED = {"concrete": True, "all_staff": True, "feasible": True}


async def plan_of(client: Any, headers: dict[str, str], body: int) -> dict[str, Any]:
    response = await client.get(f"/api/v1/bodies/{body}/qvt-plan", headers=headers)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def test_demo_plan_has_four_axes_two_themes_binomes_groups_and_proposals(client: Any, auth: Any) -> None:
    member = await auth("secretaire@demo.example")
    body = await steering_id(client, member)
    plan = await plan_of(client, member, body)
    assert [a["title"] for a in plan["axes"]] == [
        "Une culture partagée de la QVT",
        "Des relations de travail inclusives et bienveillantes",
        "Le soutien aux professionnels",
        "La reconnaissance du travail",
    ]
    assert [t["title"] for t in plan["transversal_themes"]] == ["Communication interne", "Organisation du travail"]
    assert all(a["binome_complete"] for a in plan["axes"])
    relations = plan["axes"][1]
    assert [(m["person"]["full_name"], m["side"]) for m in relations["binome"]] == [
        ("Youssef Diallo", "establishment"),
        ("Sandrine Faure", "head_office"),
    ]
    assert relations["proposal_count"] == 2
    assert relations["adopted_count"] == 2
    assert plan["transversal_themes"][0]["proposal_count"] == 3
    assert len(plan["support_group_ids"]) == 1
    compositions = (await client.get(f"/api/v1/bodies/{body}/working-group-compositions", headers=member)).json()[
        "items"
    ]
    by_name = {c["name"]: c for c in compositions}
    balanced = by_name["Groupe de l'axe 2 — Relations de travail"]
    assert balanced["balanced"] is True
    assert (balanced["size"], balanced["women"], balanced["men"]) == (8, 4, 4)
    assert len(balanced["establishments"]) == 3
    unbalanced = by_name["Groupe de l'axe 1 — Culture de la QVT"]
    assert unbalanced["balanced"] is False
    assert [w["code"] for w in unbalanced["warnings"]] == ["size", "sex", "establishments", "jobs"]
    support = by_name["Groupe d'appui — personnes ressources"]
    assert (support["role"], support["warnings"]) == ("support", [])


async def test_axis_and_theme_are_created_and_a_binome_from_one_side_is_refused(client: Any, auth: Any) -> None:
    director = await auth(DIRECTION)
    body = await steering_id(client, director)
    est = await establishments(client, director)
    created = await client.post(
        f"/api/v1/bodies/{body}/qvt-axes", headers=director, json={"title": "Santé au travail", "position": 5}
    )
    assert created.status_code == 201, created.text
    axis = created.json()
    assert (axis["kind"], axis["binome_complete"], axis["proposal_count"]) == ("axis", False, 0)
    cadre_ehpad = await user_id(client, auth, "secretaire@demo.example")
    cadre_ime = await user_id(client, auth, "elu@demo.example")
    same_side = await client.put(
        f"/api/v1/qvt-axes/{axis['id']}/binome",
        headers=director,
        json={
            "members": [
                {"user_id": cadre_ehpad, "side": "establishment", "establishment_id": est["ehpad"]},
                {"user_id": cadre_ime, "side": "establishment", "establishment_id": est["ime"]},
            ]
        },
    )
    problem = assert_problem(same_side, 422)
    assert "une personne des établissements et une personne du siège ou des services" in problem["detail"]
    drh = await user_id(client, auth, "drh@demo.example")
    no_establishment = await client.put(
        f"/api/v1/qvt-axes/{axis['id']}/binome",
        headers=director,
        json={"members": [{"user_id": cadre_ehpad, "side": "establishment"}, {"user_id": drh, "side": "head_office"}]},
    )
    assert assert_problem(no_establishment, 422)["errors"][0]["field"] == "members.0.establishment_id"
    done = await client.put(
        f"/api/v1/qvt-axes/{axis['id']}/binome",
        headers=director,
        json={
            "members": [
                {"user_id": drh, "side": "head_office", "service": "Ressources humaines"},
                {"user_id": cadre_ehpad, "side": "establishment", "establishment_id": est["ehpad"]},
            ]
        },
    )
    assert done.status_code == 200, done.text
    assert done.json()["binome_complete"] is True
    assert [m["side"] for m in done.json()["binome"]] == ["establishment", "head_office"]
    theme = await client.post(
        f"/api/v1/bodies/{body}/qvt-axes", headers=director, json={"kind": "transversal", "title": "Numérique"}
    )
    assert theme.status_code == 201, theme.text
    refused = await client.put(
        f"/api/v1/qvt-axes/{theme.json()['id']}/binome",
        headers=director,
        json={"members": [{"user_id": drh, "side": "head_office"}]},
    )
    assert_problem(refused, 409)
    renamed = await client.patch(f"/api/v1/qvt-axes/{axis['id']}", headers=director, json={"title": "Santé"})
    assert renamed.json()["title"] == "Santé"


async def test_composition_lists_members_only_and_warns_when_unbalanced(client: Any, auth: Any) -> None:
    director = await auth(DIRECTION)
    body = await steering_id(client, director)
    est = await establishments(client, director)
    plan = await plan_of(client, director, body)
    axis = plan["axes"][2]["id"]
    people = [await user_id(client, auth, e) for e in ("secretaire@demo.example", "elu@demo.example")]
    group = await client.post(
        f"/api/v1/bodies/{body}/working-groups",
        headers=director,
        json={"name": "Groupe de l'axe 3", "facilitator_id": people[0], "member_ids": people[1:]},
    )
    assert group.status_code == 201, group.text
    gid = group.json()["id"]
    outsider = await user_id(client, auth, "drh@demo.example")
    strangers = await client.put(
        f"/api/v1/working-groups/{gid}/composition",
        headers=director,
        json={"axis_id": axis, "members": [{"user_id": outsider, "sex": "woman"}]},
    )
    assert "ne sont pas membres du groupe" in assert_problem(strangers, 422)["detail"]
    theme = plan["transversal_themes"][0]["id"]
    not_an_axis = await client.put(
        f"/api/v1/working-groups/{gid}/composition", headers=director, json={"axis_id": theme}
    )
    assert_problem(not_an_axis, 422)
    set_ = await client.put(
        f"/api/v1/working-groups/{gid}/composition",
        headers=director,
        json={
            "axis_id": axis,
            "members": [
                {"user_id": people[0], "sex": "woman", "establishment_id": est["ehpad"], "job_family": "Soin"},
                {"user_id": people[1], "sex": "man", "establishment_id": est["ehpad"], "job_family": "Soin"},
            ],
        },
    )
    assert set_.status_code == 200, set_.text
    composition = set_.json()
    assert (composition["axis_id"], composition["size"], composition["women"], composition["men"]) == (axis, 2, 1, 1)
    assert [w["code"] for w in composition["warnings"]] == ["size", "establishments", "jobs"]
    assert composition["warnings"][0]["message"] == "Le groupe compte 2 personnes : un groupe d'axe en réunit de 7 à 8."
    plan_after = await plan_of(client, director, body)
    assert gid in plan_after["axes"][2]["working_group_ids"]
    read = await client.get(f"/api/v1/working-groups/{gid}/composition", headers=director)
    assert read.json() == composition


async def test_proposal_on_an_axis_is_adopted_only_with_the_three_recommendations(client: Any, auth: Any) -> None:
    director = await auth(DIRECTION)
    body = await steering_id(client, director)
    plan = await plan_of(client, director, body)
    axis, theme = plan["axes"][0], plan["transversal_themes"][1]
    action = await propose(client, director, body, title="Relais QVT dans chaque équipe")
    url = f"/api/v1/action-proposals/{action['id']}"
    wrong = await client.put(f"{url}/axis", headers=director, json={"axis_id": theme["id"]})
    assert_problem(wrong, 422)
    placed = await client.put(f"{url}/axis", headers=director, json={"axis_id": axis["id"], "theme_ids": [theme["id"]]})
    assert placed.status_code == 200, placed.text
    assert placed.json()["theme_titles"] == ["Organisation du travail"]
    assert placed.json()["checklist_required"] is True
    bare = assert_problem(await client.post(f"{url}/adopt", headers=director, json={}), 422)
    assert bare["detail"].startswith("Le comité adopte une proposition du plan une fois vérifiées")
    assert {e["field"] for e in bare["errors"]} == {"checklist.concrete", "checklist.all_staff", "checklist.feasible"}
    partial = await client.post(
        f"{url}/adopt", headers=director, json={"checklist": {"concrete": True, "all_staff": True}}
    )
    assert "réalisable avec les moyens disponibles" in assert_problem(partial, 422)["detail"]
    assert (await client.get(url, headers=director)).json()["status"] == "proposed"
    adopted = await client.post(f"{url}/adopt", headers=director, json={"checklist": TICKED})
    assert adopted.status_code == 200, adopted.text
    assert adopted.json()["status"] == "adopted"
    checklist = (await client.get(f"{url}/axis", headers=director)).json()["checklist"]
    assert (checklist["concrete"], checklist["all_staff"], checklist["feasible"]) == (True, True, True)
    assert checklist["checked_by"]["full_name"] == "Philippe Garnier"
    counts = (await plan_of(client, director, body))["axes"][0]
    assert (counts["proposal_count"], counts["adopted_count"]) == (
        axis["proposal_count"] + 1,
        axis["adopted_count"] + 1,
    )


async def test_proposal_outside_the_plan_is_adopted_as_before(client: Any, auth: Any) -> None:
    director = await auth(DIRECTION)
    body = await steering_id(client, director)
    action = await propose(client, director, body, title="Hors plan")
    adopted = await client.post(f"/api/v1/action-proposals/{action['id']}/adopt", headers=director, json={})
    assert adopted.status_code == 200, adopted.text


async def test_an_elu_reads_the_plan_but_only_members_and_direction_write_and_other_orgs_see_404(
    client: Any, auth: Any
) -> None:
    elu = await auth("elu@demo.example")
    body = await steering_id(client, elu)
    plan = await plan_of(client, elu, body)
    axis = plan["axes"][0]["id"]
    gid = plan["support_group_ids"][0]
    created = await client.post(f"/api/v1/bodies/{body}/qvt-axes", headers=elu, json={"title": "Axe d'un élu"})
    assert created.status_code == 201, created.text
    gouvernance = await auth("gouvernance@demo.example")
    assert_problem(await client.get(f"/api/v1/bodies/{body}/qvt-plan", headers=gouvernance), 403)
    neighbour = await auth(NEIGHBOUR)
    assert_problem(await client.get(f"/api/v1/bodies/{body}/qvt-plan", headers=neighbour), 404)
    assert_problem(await client.get(f"/api/v1/qvt-axes/{axis}", headers=neighbour), 404)
    assert_problem(await client.patch(f"/api/v1/qvt-axes/{axis}", headers=neighbour, json={"title": "x"}), 404)
    assert_problem(await client.get(f"/api/v1/working-groups/{gid}/composition", headers=neighbour), 404)
    assert_problem(
        await client.put(f"/api/v1/working-groups/{gid}/composition", headers=neighbour, json={"role": "support"}), 404
    )
    assert_problem(await client.post(f"/api/v1/bodies/{body}/qvt-axes", headers=neighbour, json={"title": "x"}), 404)
