"""The steering committee's work over HTTP: priorities, working groups, discussion spaces, the action plan."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.qvt_helpers import DIRECTION, body_of_kind, establishments, steering_id
from tests.helpers.problems import assert_problem

CANVAS = {
    "title": "Binômes de nuit",
    "problem": "Les soignants de nuit sont seuls à l'unité protégée.",
    "proposal": "Un binôme de nuit les week-ends.",
    "success_conditions": "Budget de remplacement ; volontariat.",
    "calendar": "Trois mois d'essai à partir de janvier.",
    "evaluation_criteria": "Incidents de nuit ; ressenti des équipes.",
}


async def user_id(client: Any, auth: Any, email: str) -> int:
    return int((await client.get("/api/v1/me", headers=await auth(email))).json()["id"])


async def propose(client: Any, headers: dict[str, str], body: int, **extra: Any) -> dict[str, Any]:
    response = await client.post(f"/api/v1/bodies/{body}/action-proposals", headers=headers, json={**CANVAS, **extra})
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def test_demo_steering_committee_has_its_stakes_groups_session_and_plan(client: Any, auth: Any) -> None:
    member = await auth("secretaire@demo.example")
    body = await steering_id(client, member)
    priorities = (await client.get(f"/api/v1/bodies/{body}/qvt-priorities", headers=member)).json()["items"]
    titles = {p["title"] for p in priorities}
    assert {
        "Droit à l'erreur",
        "Cohésion d'équipe",
        "Accueil des nouveaux",
        "Plannings et travail le week-end",
    } <= titles
    assert {"Transmissions et réunions", "Conditions de travail et de repos"} <= titles
    assert priorities[0]["rank"] == 1
    groups = (await client.get(f"/api/v1/bodies/{body}/working-groups", headers=member)).json()["items"]
    assert {g["name"] for g in groups} >= {"Groupe QVT — EHPAD Les Tilleuls", "Groupe QVT — IME La Source"}
    assert all(g["facilitator"]["full_name"] and g["priority_ids"] for g in groups)
    sessions = (await client.get(f"/api/v1/bodies/{body}/discussion-sessions", headers=member)).json()["items"]
    assert sessions[0]["format"] == "job_shadowing"
    assert sessions[0]["format_label"] == "Vis mon travail"
    assert any(o["action_id"] for o in sessions[0]["outcomes"])
    plan = (await client.get(f"/api/v1/bodies/{body}/action-proposals", headers=member)).json()
    assert {a["status"] for a in plan["items"]} >= {"proposed", "adopted", "evaluated"}


async def test_priorities_are_recorded_with_dates_and_audited(client: Any, auth: Any) -> None:
    member = await auth("elu@demo.example")
    body = await steering_id(client, member)
    created = await client.post(
        f"/api/v1/bodies/{body}/qvt-priorities",
        headers=member,
        json={"kind": "stake", "title": "Usure professionnelle", "identified_on": "2026-09-01"},
    )
    assert created.status_code == 201, created.text
    priority = created.json()
    closed = await client.patch(
        f"/api/v1/qvt-priorities/{priority['id']}", headers=member, json={"status": "closed", "rank": 7}
    )
    assert closed.json()["status"] == "closed"
    assert closed.json()["rank"] == 7
    assert_problem(
        await client.patch(
            f"/api/v1/qvt-priorities/{priority['id']}", headers=member, json={"review_on": "2026-01-01"}
        ),
        422,
    )
    assert (await client.delete(f"/api/v1/qvt-priorities/{priority['id']}", headers=member)).status_code == 204


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": "X", "identified_on": "01/09/2026"}, "identified_on"),
        ({"title": "", "identified_on": "2026-09-01"}, "title"),
        ({"title": "X", "identified_on": "2026-09-01", "kind": "rêve"}, "kind"),
        ({"title": "X", "identified_on": "2026-09-01", "review_on": "2026-08-01"}, "body"),
        ({"title": "X", "identified_on": "2026-09-01", "rank": 0}, "rank"),
    ],
)
async def test_bad_priorities_are_422(client: Any, auth: Any, payload: dict[str, Any], field: str) -> None:
    member = await auth("elu@demo.example")
    body = await steering_id(client, member)
    problem = assert_problem(
        await client.post(f"/api/v1/bodies/{body}/qvt-priorities", headers=member, json=payload), 422
    )
    assert any(e["field"].startswith(field) or field == "body" for e in problem["errors"])


async def test_who_may_work_in_the_steering_committee(client: Any, auth: Any) -> None:
    body = await steering_id(client, await auth(DIRECTION))
    payload = {"title": "Test", "identified_on": "2026-09-01"}
    outsider = await auth("nadia.benali@demo.example")
    assert_problem(await client.get(f"/api/v1/bodies/{body}/qvt-priorities", headers=outsider), 403)
    assert_problem(await client.post(f"/api/v1/bodies/{body}/qvt-priorities", headers=outsider, json=payload), 403)
    admin = await auth("admin@demo.example")
    assert (await client.get(f"/api/v1/bodies/{body}/qvt-priorities", headers=admin)).status_code == 200
    assert_problem(await client.post(f"/api/v1/bodies/{body}/qvt-priorities", headers=admin, json=payload), 403)
    neighbour = await auth("admin@voisine.example")
    assert_problem(await client.get(f"/api/v1/bodies/{body}/action-proposals", headers=neighbour), 404)
    assert_problem(await client.post(f"/api/v1/bodies/{body}/action-proposals", headers=neighbour, json=CANVAS), 404)
    cse = await body_of_kind(client, await auth(DIRECTION), "cse")
    assert (
        assert_problem(
            await client.post(f"/api/v1/bodies/{cse}/action-proposals", headers=await auth(DIRECTION), json=CANVAS), 409
        )["code"]
        == "not_qvt_steering"
    )


async def test_working_groups_with_members_priorities_and_meetings(client: Any, auth: Any) -> None:
    director = await auth(DIRECTION)
    body = await steering_id(client, director)
    places = await establishments(client, director)
    priorities = (await client.get(f"/api/v1/bodies/{body}/qvt-priorities", headers=director)).json()["items"]
    facilitator = await user_id(client, auth, "nadia.benali@demo.example")
    created = await client.post(
        f"/api/v1/bodies/{body}/working-groups",
        headers=director,
        json={
            "name": "Groupe QVT — Internat",
            "establishment_id": places["ime"],
            "department": "Internat",
            "facilitator_id": facilitator,
            "member_ids": [await user_id(client, auth, "elu@demo.example")],
            "priority_ids": [priorities[0]["id"]],
        },
    )
    assert created.status_code == 201, created.text
    group = created.json()
    assert len(group["members"]) == 2, "the facilitator is a member"
    # The facilitator, not on the steering committee, records the group's meetings.
    meeting = await client.post(
        f"/api/v1/working-groups/{group['id']}/meetings",
        headers=await auth("nadia.benali@demo.example"),
        json={"title": "Première réunion", "held_on": "2026-10-02", "meeting_id": 42},
    )
    assert meeting.status_code == 201, meeting.text
    assert meeting.json()["meeting_id"] == 42
    assert_problem(
        await client.post(
            f"/api/v1/working-groups/{group['id']}/meetings",
            headers=await auth("tresorier@demo.example"),
            json={"title": "Intrusion", "held_on": "2026-10-02"},
        ),
        403,
    )
    updated = await client.patch(f"/api/v1/working-groups/{group['id']}", headers=director, json={"member_ids": []})
    assert [m["id"] for m in updated.json()["members"]] == [facilitator]
    neighbour_admin = (await client.get("/api/v1/me", headers=await auth("admin@voisine.example"))).json()["id"]
    bad = await client.post(
        f"/api/v1/bodies/{body}/working-groups",
        headers=director,
        json={"name": "X", "facilitator_id": neighbour_admin},
    )
    assert "facilitator_id" in {e["field"] for e in assert_problem(bad, 422)["errors"]}
    bad_priority = await client.post(
        f"/api/v1/bodies/{body}/working-groups",
        headers=director,
        json={"name": "X", "facilitator_id": facilitator, "priority_ids": [999999]},
    )
    assert "priority_ids" in {e["field"] for e in assert_problem(bad_priority, 422)["errors"]}


async def test_a_discussion_space_outcome_becomes_an_action_proposal_once(client: Any, auth: Any) -> None:
    member = await auth("cadre.ime@demo.example")
    body = await steering_id(client, member)
    session = await client.post(
        f"/api/v1/bodies/{body}/discussion-sessions",
        headers=member,
        json={
            "title": "Photo-diagnostic de la salle de pause",
            "format": "photo_diagnosis",
            "held_on": "2026-10-05",
            "participants_count": 7,
            "topics": ["Salle de pause", "Rangements"],
            "outcomes": ["Réaménager la salle de pause avec les équipes."],
        },
    )
    assert session.status_code == 201, session.text
    outcome = session.json()["outcomes"][0]
    action = await client.post(
        f"/api/v1/discussion-outcomes/{outcome['id']}/action-proposal", headers=member, json=CANVAS
    )
    assert action.status_code == 201, action.text
    assert action.json()["source_outcome_id"] == outcome["id"]
    again = await client.post(
        f"/api/v1/discussion-outcomes/{outcome['id']}/action-proposal", headers=member, json=CANVAS
    )
    assert assert_problem(again, 409)["code"] == "outcome_already_proposed"
    refreshed = (await client.get(f"/api/v1/discussion-sessions/{session.json()['id']}", headers=member)).json()
    assert refreshed["outcomes"][0]["action_id"] == action.json()["id"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"format": "world_cafe"}, "format"),
        ({"participants_count": 0}, "participants_count"),
        ({"held_on": "hier"}, "held_on"),
        ({"outcomes": [""]}, "outcomes"),
    ],
)
async def test_bad_discussion_sessions_are_422(client: Any, auth: Any, payload: dict[str, Any], field: str) -> None:
    member = await auth("cadre.ime@demo.example")
    body = await steering_id(client, member)
    base = {"title": "Séance", "format": "problem_situation", "held_on": "2026-10-05", "participants_count": 5}
    problem = assert_problem(
        await client.post(f"/api/v1/bodies/{body}/discussion-sessions", headers=member, json={**base, **payload}), 422
    )
    assert any(e["field"].startswith(field) for e in problem["errors"])


@pytest.mark.parametrize("missing", ["problem", "proposal", "success_conditions", "calendar", "evaluation_criteria"])
async def test_the_canvas_fields_are_required(client: Any, auth: Any, missing: str) -> None:
    member = await auth("secretaire@demo.example")
    body = await steering_id(client, member)
    payload = {k: v for k, v in CANVAS.items() if k != missing}
    problem = assert_problem(
        await client.post(f"/api/v1/bodies/{body}/action-proposals", headers=member, json=payload), 422
    )
    assert missing in {e["field"] for e in problem["errors"]}


async def test_illegal_workflow_steps_are_409(client: Any, auth: Any) -> None:
    director = await auth(DIRECTION)
    body = await steering_id(client, director)
    action = await propose(client, director, body)
    url = f"/api/v1/action-proposals/{action['id']}"
    evaluation = {"summary": "Bilan", "results": "Résultats", "criteria_met": False}
    assert assert_problem(await client.post(f"{url}/start", headers=director), 409)["code"] == "illegal_transition"
    assert_problem(await client.post(f"{url}/evaluate", headers=director, json=evaluation), 409)
    rejected = await client.post(f"{url}/reject", headers=director, json={"reason": "Hors budget cette année."})
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["decision_note"] == "Hors budget cette année."
    assert_problem(await client.post(f"{url}/adopt", headers=director, json={}), 409)
    assert_problem(await client.patch(url, headers=director, json={"title": "Relance"}), 409)
    assert_problem(await client.post(f"{url}/reject", headers=director, json={}), 422)


async def test_only_the_president_or_direction_decide_and_the_owner_carries_out(client: Any, auth: Any) -> None:
    elu = await auth("elu@demo.example")
    body = await steering_id(client, elu)
    owner = await user_id(client, auth, "cadre.ehpad@demo.example")
    action = await propose(client, elu, body, owner_id=owner)
    url = f"/api/v1/action-proposals/{action['id']}"
    assert_problem(await client.post(f"{url}/adopt", headers=elu, json={}), 403)
    assert (await client.post(f"{url}/adopt", headers=await auth(DIRECTION), json={})).status_code == 200
    assert_problem(await client.post(f"{url}/start", headers=elu), 403)
    carrier = await auth("cadre.ehpad@demo.example")
    assert (await client.post(f"{url}/start", headers=carrier, json={"started_on": "2026-10-01"})).json()[
        "started_on"
    ] == "2026-10-01"
    evaluated = await client.post(
        f"{url}/evaluate",
        headers=carrier,
        json={
            "summary": "Bilan positif",
            "results": "Moins d'incidents",
            "criteria_met": True,
            "evaluated_on": "2027-01-10",
        },
    )
    assert evaluated.json()["status"] == "evaluated"
    assert evaluated.json()["evaluated_on"] == "2027-01-10"


async def test_an_action_changing_working_conditions_starts_after_the_cse_consultation(client: Any, auth: Any) -> None:
    director = await auth(DIRECTION)
    body = await steering_id(client, director)
    action = await propose(client, director, body, changes_working_conditions=True)
    url = f"/api/v1/action-proposals/{action['id']}"
    await client.post(f"{url}/adopt", headers=director, json={"note": "Sous réserve de l'avis du CSE"})
    refused = assert_problem(await client.post(f"{url}/start", headers=director), 409)
    assert refused["code"] == "cse_consultation_required"
    assert "L2312-8" in refused["detail"]
    linked = await client.patch(url, headers=director, json={"consultation_id": 17})
    assert linked.json()["consultation_id"] == 17
    assert (await client.post(f"{url}/start", headers=director)).json()["status"] == "in_progress"
    assert_problem(await client.patch(url, headers=director, json={"consultation_id": None}), 409)


async def test_milestones_and_canvas_are_edited_while_the_action_lives(client: Any, auth: Any) -> None:
    member = await auth("secretaire@demo.example")
    body = await steering_id(client, member)
    action = await propose(client, member, body, milestones=[{"label": "Appel à volontaires", "due_on": "2026-11-30"}])
    url = f"/api/v1/action-proposals/{action['id']}"
    updated = await client.patch(
        url,
        headers=member,
        json={
            "milestones": [{"label": "Appel à volontaires", "due_on": "2026-11-30", "done_on": "2026-11-20"}],
            "target_population": "Soignants de nuit",
            "complementary_actions": "Pour les veilleurs : temps d'échange mensuel.",
        },
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["milestones"][0]["done_on"] == "2026-11-20"
    assert_problem(await client.patch(url, headers=member, json={"problem": ""}), 422)
    assert_problem(await client.patch(url, headers=member, json={"problem": None}), 422)
    assert_problem(await client.patch(url, headers=member, json={"milestones": [{"due_on": "2026-11-30"}]}), 422)


async def test_experience_sheet_only_for_an_evaluated_action(client: Any, auth: Any) -> None:
    director = await auth(DIRECTION)
    body = await steering_id(client, director)
    plan = (await client.get(f"/api/v1/bodies/{body}/action-proposals", headers=director)).json()["items"]
    proposed = next(a for a in plan if a["status"] == "proposed")
    evaluated = next(a for a in plan if a["status"] == "evaluated")
    body_409 = assert_problem(
        await client.get(f"/api/v1/action-proposals/{proposed['id']}/experience-sheet", headers=director), 409
    )
    assert body_409["code"] == "action_not_evaluated"
    html = await client.get(f"/api/v1/action-proposals/{evaluated['id']}/experience-sheet", headers=director)
    assert html.headers["content-type"].startswith("text/html")
    assert "Parrainage des nouveaux arrivants" in html.text
    assert "Objectifs atteints" in html.text
    assert "Accueil des nouveaux" in html.text, "the priority it served"
    pdf = await client.get(f"/api/v1/action-proposals/{evaluated['id']}/experience-sheet.pdf", headers=director)
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


async def test_user_text_is_escaped_in_the_experience_sheet(client: Any, auth: Any) -> None:
    director = await auth(DIRECTION)
    body = await steering_id(client, director)
    action = await propose(client, director, body, problem="<img src=x onerror=alert(1)>")
    url = f"/api/v1/action-proposals/{action['id']}"
    await client.post(f"{url}/adopt", headers=director, json={})
    await client.post(f"{url}/start", headers=director)
    await client.post(f"{url}/evaluate", headers=director, json={"summary": "B", "results": "R", "criteria_met": True})
    html = (await client.get(f"{url}/experience-sheet", headers=director)).text
    assert "<img src=x" not in html
    assert "&lt;img src=x" in html
