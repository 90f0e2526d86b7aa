"""The approach's steps, the steering committee's trinôme and the experiments' follow-up over HTTP (issue 21 §3)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from dialogue.audit.tables import AuditEvent
from dialogue.core.clock import local_today
from dialogue.qvt.rules.steps import add_months
from tests.api.qvt_helpers import DIRECTION, steering_id
from tests.helpers.problems import assert_problem


async def user_id(client: Any, auth: Any, email: str) -> int:
    return int((await client.get("/api/v1/me", headers=await auth(email))).json()["id"])


async def test_demo_approach_is_half_way_with_a_complete_trinome_and_experiments(client: Any, auth: Any) -> None:
    member = await auth("secretaire@demo.example")
    body = await steering_id(client, member)
    approach = (await client.get(f"/api/v1/bodies/{body}/qvt-steps", headers=member)).json()
    assert [s["kind"] for s in approach["steps"]] == ["prepare", "diagnose", "experiment", "sustain", "evaluate"]
    assert [s["state"] for s in approach["steps"]] == ["done", "done", "in_progress", "to_do", "to_do"]
    assert approach["current"] == "experiment"
    assert approach["progress"] == 0.5
    assert approach["trinome"]["complete"] is True
    assert approach["trinome"]["warning"] is None
    assert {s["side"] for s in approach["trinome"]["seats"]} == {"direction", "professional", "staff_representative"}
    experiments = approach["experiments"]
    assert len(experiments) == 3
    for e in experiments:
        assert e["follow_up_due_on"] == add_months(date.fromisoformat(e["started_on"]), 10).isoformat()
    assert [e["follow_up_state"] for e in experiments] == ["done", "planned", "planned"]
    assert experiments[0]["follow_up_notes"]


async def test_a_trinome_missing_a_side_warns_and_only_committee_members_sit_in_it(client: Any, auth: Any) -> None:
    direction = await auth(DIRECTION)
    body = await steering_id(client, direction)
    garnier = await user_id(client, auth, DIRECTION)
    vidal = await user_id(client, auth, "referente.qvt@demo.example")
    answer = await client.put(
        f"/api/v1/bodies/{body}/qvt-trinome", headers=direction, json={"direction": [garnier], "professional": [vidal]}
    )
    assert answer.status_code == 200, answer.text
    trinome = answer.json()
    assert trinome["complete"] is False
    assert trinome["missing"] == ["staff_representative"]
    assert trinome["warning"] == "Trinôme incomplet : il manque représentants du personnel."
    steps = (await client.get(f"/api/v1/bodies/{body}/qvt-steps", headers=direction)).json()
    assert steps["trinome"]["missing"] == ["staff_representative"]
    audited = await AuditEvent.select(AuditEvent.after).where(
        (AuditEvent.entity == "qvt_trinome") & (AuditEvent.entity_id == str(body))
    )
    after = audited[-1]["after"]
    assert (json.loads(after) if isinstance(after, str) else after)["professional"] == [vidal]

    outsider = await user_id(client, auth, "nadia.benali@demo.example")
    refused = assert_problem(
        await client.put(f"/api/v1/bodies/{body}/qvt-trinome", headers=direction, json={"direction": [outsider]}),
        422,
    )
    assert refused["errors"][0]["field"] == "direction"
    assert_problem(
        await client.put(
            f"/api/v1/bodies/{body}/qvt-trinome",
            headers=direction,
            json={"direction": [garnier], "professional": [garnier]},
        ),
        422,
    )


async def test_steps_are_dated_ticked_and_evaluated_by_contributors_only(client: Any, auth: Any) -> None:
    member = await auth("elu@demo.example")
    body = await steering_id(client, member)
    updated = await client.patch(
        f"/api/v1/bodies/{body}/qvt-steps/experiment",
        headers=member,
        json={"checklist": ["scope", "spaces", "proposals", "follow_up"], "completed_on": local_today().isoformat()},
    )
    assert updated.status_code == 200, updated.text
    step = updated.json()
    assert step["state"] == "done"
    assert all(item["done"] for item in step["checklist"])
    approach = (await client.get(f"/api/v1/bodies/{body}/qvt-steps", headers=member)).json()
    assert approach["current"] == "sustain"
    assert approach["progress"] == 0.6

    evaluated = await client.patch(
        f"/api/v1/bodies/{body}/qvt-steps/evaluate",
        headers=member,
        json={"started_on": local_today().isoformat(), "benefits": "Moins d'arrêts courts ; transmissions apaisées."},
    )
    assert evaluated.json()["benefits"].startswith("Moins d'arrêts")
    assert_problem(
        await client.patch(f"/api/v1/bodies/{body}/qvt-steps/sustain", headers=member, json={"benefits": "x"}), 422
    )
    assert_problem(
        await client.patch(f"/api/v1/bodies/{body}/qvt-steps/sustain", headers=member, json={"checklist": ["x"]}), 422
    )
    assert_problem(
        await client.patch(
            f"/api/v1/bodies/{body}/qvt-steps/sustain",
            headers=member,
            json={"started_on": "2026-06-01", "completed_on": "2026-05-01"},
        ),
        422,
    )
    assert_problem(await client.patch(f"/api/v1/bodies/{body}/qvt-steps/unknown", headers=member, json={}), 422)
    admin = await auth("admin@demo.example")
    assert (await client.get(f"/api/v1/bodies/{body}/qvt-steps", headers=admin)).status_code == 200
    assert_problem(
        await client.patch(f"/api/v1/bodies/{body}/qvt-steps/sustain", headers=admin, json={"notes": "x"}), 403
    )
    neighbour = await auth("admin@voisine.example")
    assert_problem(await client.get(f"/api/v1/bodies/{body}/qvt-steps", headers=neighbour), 404)
    assert_problem(await client.get(f"/api/v1/bodies/{body}/qvt-trinome", headers=neighbour), 404)


async def test_an_experiment_gets_its_follow_up_due_ten_months_on_and_records_it(client: Any, auth: Any) -> None:
    member = await auth("secretaire@demo.example")
    body = await steering_id(client, member)
    created = await client.post(
        f"/api/v1/bodies/{body}/qvt-experiments",
        headers=member,
        json={"title": "Vis mon travail — cuisine", "format": "job_shadowing", "started_on": "2026-01-31"},
    )
    assert created.status_code == 201, created.text
    experiment = created.json()
    assert experiment["follow_up_due_on"] == "2026-11-30"
    assert experiment["format_label"] == "Vis mon travail"
    assert_problem(
        await client.patch(
            f"/api/v1/qvt-experiments/{experiment['id']}", headers=member, json={"follow_up_done_on": "2025-12-01"}
        ),
        422,
    )
    done = await client.patch(
        f"/api/v1/qvt-experiments/{experiment['id']}",
        headers=member,
        json={"follow_up_done_on": "2026-12-01", "follow_up_notes": "Les cuisiniers ont repris le rituel."},
    )
    assert done.json()["follow_up_state"] == "done"
    neighbour = await auth("admin@voisine.example")
    assert_problem(await client.patch(f"/api/v1/qvt-experiments/{experiment['id']}", headers=neighbour, json={}), 404)
    assert_problem(
        await client.post(f"/api/v1/bodies/{body}/qvt-experiments", headers=member, json={"title": "x"}), 422
    )
