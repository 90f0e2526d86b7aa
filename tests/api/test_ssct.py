"""SSCT missions over HTTP: lifecycle (L2312-13), follow-up actions, serious accidents, yearly obligations
(R2312-4, R4121-2), permissions and isolation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from dialogue.core.clock import local_today
from tests.api.test_foundation import org_id
from tests.helpers.problems import assert_problem

TODAY = local_today()
SECRETARY = "secretaire@demo.example"


async def _body(client: Any, auth: Any, kind: str) -> int:
    headers = await auth("admin@demo.example")
    oid = await org_id(client, headers)
    bodies = (await client.get(f"/api/v1/organizations/{oid}/bodies", headers=headers)).json()["items"]
    return int(next(b["id"] for b in bodies if b["kind"] == kind))


async def _mission(client: Any, headers: dict[str, str], body_id: int, **extra: Any) -> dict[str, Any]:
    payload = {"kind": "inspection", "planned_on": TODAY.isoformat(), "place": "EHPAD — cuisine centrale", **extra}
    response = await client.post(f"/api/v1/bodies/{body_id}/ssct-missions", headers=headers, json=payload)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def _status(client: Any, headers: dict[str, str], mid: int, status: str) -> Any:
    return await client.post(f"/api/v1/ssct-missions/{mid}/status", headers=headers, json={"status": status})


async def test_an_inspection_goes_from_planned_to_closed_with_its_report(client: Any, auth: Any) -> None:
    headers = await auth(SECRETARY)
    cssct = await _body(client, auth, "cssct")
    mission = await _mission(client, headers, cssct, participants=[{"name": "Camille Lefèvre", "role": "secrétaire"}])
    assert mission["status"] == "planned"
    assert mission["title"] == "Inspection — EHPAD — cuisine centrale"
    mid = mission["id"]
    assert (await _status(client, headers, mid, "in_progress")).json()["started_on"] == TODAY.isoformat()
    patched = await client.patch(
        f"/api/v1/ssct-missions/{mid}",
        headers=headers,
        json={
            "findings": "Sol glissant devant la plonge.",
            "recommendations": "Tapis antidérapants.",
            "meeting_id": 12,
        },
    )
    assert patched.status_code == 200, patched.text
    reported = await _status(client, headers, mid, "reported")
    assert reported.status_code == 200, reported.text
    assert reported.json()["reported_on"] == TODAY.isoformat()
    closed = await _status(client, headers, mid, "closed")
    assert closed.json()["status"] == "closed"
    assert_problem(await client.patch(f"/api/v1/ssct-missions/{mid}", headers=headers, json={"place": "x"}), 409)
    listed = (await client.get(f"/api/v1/bodies/{cssct}/ssct-missions?status=closed", headers=headers)).json()
    assert mid in {m["id"] for m in listed["items"]}


async def test_a_mission_closed_without_a_report_is_409(client: Any, auth: Any) -> None:
    headers = await auth(SECRETARY)
    cssct = await _body(client, auth, "cssct")
    mid = (await _mission(client, headers, cssct))["id"]
    assert_problem(await _status(client, headers, mid, "closed"), 409)
    await _status(client, headers, mid, "in_progress")
    body = assert_problem(await _status(client, headers, mid, "closed"), 409)
    assert body["code"] == "illegal_transition"
    body = assert_problem(await _status(client, headers, mid, "reported"), 409)
    assert body["code"] == "report_required"
    assert "L2312-13" in body["detail"]
    mission = (await client.get(f"/api/v1/ssct-missions/{mid}", headers=headers)).json()
    assert mission["status"] == "in_progress"
    assert mission["reported_on"] is None


async def test_the_report_of_a_reported_mission_cannot_be_erased(client: Any, auth: Any) -> None:
    headers = await auth(SECRETARY)
    cssct = await _body(client, auth, "cssct")
    mid = (await _mission(client, headers, cssct))["id"]
    await _status(client, headers, mid, "in_progress")
    await client.patch(f"/api/v1/ssct-missions/{mid}", headers=headers, json={"findings": "Constats."})
    await _status(client, headers, mid, "reported")
    body = assert_problem(
        await client.patch(f"/api/v1/ssct-missions/{mid}", headers=headers, json={"findings": " "}), 409
    )
    assert body["code"] == "report_required"
    assert (await client.get(f"/api/v1/ssct-missions/{mid}", headers=headers)).json()["findings"] == "Constats."


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "audit", "planned_on": "2026-01-01"}, "kind"),
        ({"kind": "inspection"}, "planned_on"),
        ({"kind": "inspection", "planned_on": "01/02/2026"}, "planned_on"),
        ({"kind": "inspection", "planned_on": "2026-01-01", "accident_id": 999999}, "accident_id"),
        ({"kind": "inspection", "planned_on": "2026-01-01", "dgi_entry_id": 0}, "dgi_entry_id"),
        (
            {"kind": "inspection", "planned_on": "2026-01-01", "participants": [{"name": "X", "member_id": 999999}]},
            "participants[0].member_id",
        ),
        ({"kind": "inspection", "planned_on": "2026-01-01", "place": "x" * 300}, "place"),
    ],
)
async def test_bad_missions_are_422_naming_the_field(
    client: Any, auth: Any, payload: dict[str, Any], field: str
) -> None:
    headers = await auth(SECRETARY)
    cssct = await _body(client, auth, "cssct")
    before = (await client.get(f"/api/v1/bodies/{cssct}/ssct-missions", headers=headers)).json()["total"]
    body = assert_problem(
        await client.post(f"/api/v1/bodies/{cssct}/ssct-missions", headers=headers, json=payload), 422
    )
    assert any(field in e["field"] for e in body["errors"]), body
    assert (await client.get(f"/api/v1/bodies/{cssct}/ssct-missions", headers=headers)).json()["total"] == before


async def test_missions_belong_to_a_cse_or_cssct(client: Any, auth: Any) -> None:
    board = await _body(client, auth, "board")
    body = assert_problem(
        await client.post(
            f"/api/v1/bodies/{board}/ssct-missions",
            headers=await auth("president.ca@demo.example"),
            json={"kind": "inspection", "planned_on": TODAY.isoformat()},
        ),
        422,
    )
    assert "body_id" in {e["field"] for e in body["errors"]}


async def test_who_may_work_on_missions(client: Any, auth: Any) -> None:
    cse = await _body(client, auth, "cse")
    cssct = await _body(client, auth, "cssct")
    elu = await auth("elu@demo.example")
    assert (await _mission(client, elu, cse))["status"] == "planned"
    # Not a CSSCT member: neither reads nor writes its missions.
    assert_problem(await client.get(f"/api/v1/bodies/{cssct}/ssct-missions", headers=elu), 403)
    substitute = await auth("lea.dupont@demo.example")
    assert_problem(
        await client.post(
            f"/api/v1/bodies/{cse}/ssct-missions",
            headers=substitute,
            json={"kind": "other", "planned_on": "2026-01-01"},
        ),
        403,
    )
    board = await auth("gouvernance@demo.example")
    assert_problem(await client.get(f"/api/v1/bodies/{cse}/ssct-missions", headers=board), 403)
    direction = await auth("direction@demo.example")
    assert (await client.get(f"/api/v1/bodies/{cssct}/ssct-missions", headers=direction)).status_code == 200


async def test_another_organisation_gets_404(client: Any, auth: Any) -> None:
    headers = await auth(SECRETARY)
    cssct = await _body(client, auth, "cssct")
    mid = (await _mission(client, headers, cssct))["id"]
    action = await client.post(
        f"/api/v1/ssct-missions/{mid}/actions", headers=headers, json={"description": "x", "owner": "y"}
    )
    neighbour = await auth("admin@voisine.example")
    for path in (
        f"/api/v1/ssct-missions/{mid}",
        f"/api/v1/ssct-missions/{mid}/actions",
        f"/api/v1/bodies/{cssct}/ssct-missions",
        f"/api/v1/bodies/{cssct}/ssct-obligations",
        f"/api/v1/bodies/{cssct}/serious-accidents",
        f"/api/v1/bodies/{cssct}/ssct-actions",
    ):
        assert_problem(await client.get(path, headers=neighbour), 404)
    assert_problem(await _status(client, neighbour, mid, "in_progress"), 404)
    assert_problem(
        await client.post(
            f"/api/v1/ssct-actions/{action.json()['id']}/answer", headers=neighbour, json={"answer": "x"}
        ),
        404,
    )
    assert_problem(await client.get("/api/v1/ssct-missions/999999", headers=headers), 404)


async def test_follow_up_actions_and_the_employers_answer(client: Any, auth: Any) -> None:
    headers = await auth(SECRETARY)
    direction = await auth("direction@demo.example")
    cssct = await _body(client, auth, "cssct")
    mid = (await _mission(client, headers, cssct))["id"]
    late = await client.post(
        f"/api/v1/ssct-missions/{mid}/actions",
        headers=headers,
        json={
            "description": "Tapis antidérapants",
            "owner": "Services techniques",
            "due_on": (TODAY - timedelta(days=2)).isoformat(),
        },
    )
    assert late.status_code == 201, late.text
    assert late.json()["overdue"] is True
    aid = late.json()["id"]
    assert_problem(
        await client.post(f"/api/v1/ssct-actions/{aid}/answer", headers=headers, json={"answer": "Oui"}), 403
    )
    answered = await client.post(
        f"/api/v1/ssct-actions/{aid}/answer", headers=direction, json={"answer": "Accepté, commande passée."}
    )
    assert answered.status_code == 200, answered.text
    assert answered.json()["answered_on"] == TODAY.isoformat()
    overdue = (await client.get(f"/api/v1/bodies/{cssct}/ssct-actions?overdue=true", headers=direction)).json()
    assert aid in {a["id"] for a in overdue["items"]}
    done = await client.patch(f"/api/v1/ssct-actions/{aid}", headers=headers, json={"status": "done"})
    assert done.json()["status"] == "done"
    assert done.json()["overdue"] is False
    assert done.json()["done_on"] == TODAY.isoformat()
    assert_problem(await client.patch(f"/api/v1/ssct-actions/{aid}", headers=headers, json={"status": "finished"}), 422)
    assert (await client.get(f"/api/v1/ssct-missions/{mid}", headers=headers)).json()["actions_open"] == 0


async def test_serious_accident_calls_for_an_inquiry_and_counts_in_the_obligations(client: Any, auth: Any) -> None:
    headers = await auth(SECRETARY)
    cssct = await _body(client, auth, "cssct")
    assert_problem(
        await client.post(
            f"/api/v1/bodies/{cssct}/serious-accidents",
            headers=headers,
            json={"occurred_on": (TODAY + timedelta(days=1)).isoformat(), "description": "x"},
        ),
        422,
    )
    accident = await client.post(
        f"/api/v1/bodies/{cssct}/serious-accidents",
        headers=headers,
        json={"occurred_on": TODAY.isoformat(), "description": "Coupure profonde en cuisine", "lost_days": 10},
    )
    assert accident.status_code == 201, accident.text
    assert accident.json()["inspector_and_carsat_invited"] is True
    aid = accident.json()["id"]
    report = (await client.get(f"/api/v1/bodies/{cssct}/ssct-obligations?year={TODAY.year}", headers=headers)).json()
    assert aid in {a["id"] for a in report["accidents_without_inquiry"]}
    # An inspection cannot be linked to an accident; an inquiry can.
    assert_problem(
        await client.post(
            f"/api/v1/bodies/{cssct}/ssct-missions",
            headers=headers,
            json={"kind": "inspection", "planned_on": TODAY.isoformat(), "accident_id": aid},
        ),
        422,
    )
    inquiry = await _mission(client, headers, cssct, kind="accident_inquiry", accident_id=aid)
    await _status(client, headers, inquiry["id"], "in_progress")
    await client.patch(f"/api/v1/ssct-missions/{inquiry['id']}", headers=headers, json={"findings": "Couteau émoussé."})
    await _status(client, headers, inquiry["id"], "reported")
    report = (await client.get(f"/api/v1/bodies/{cssct}/ssct-obligations", headers=headers)).json()
    assert aid not in {a["id"] for a in report["accidents_without_inquiry"]}
    inquiries = next(i for i in report["items"] if i["obligation"] == "accident_inquiries")
    assert inquiries["article"] == "L2312-13"
    assert inquiries["done"] >= 1


async def test_demo_obligations_report_inspections_and_duerp(client: Any, auth: Any) -> None:
    cssct = await _body(client, auth, "cssct")
    report = (
        await client.get(f"/api/v1/bodies/{cssct}/ssct-obligations", headers=await auth("direction@demo.example"))
    ).json()
    assert report["year"] == TODAY.year
    items = {i["obligation"]: i for i in report["items"]}
    assert items["inspections"]["due"] == 4
    assert items["inspections"]["article"] == "R2312-4"
    assert items["duerp_review"]["due"] == 1
    assert items["duerp_review"]["article"] == "R4121-2"
    assert {i["status"] for i in report["items"]} <= {"done", "on_track", "late", "not_applicable"}
    assert_problem(
        await client.get(f"/api/v1/bodies/{cssct}/ssct-obligations?year=1800", headers=await auth(SECRETARY)), 422
    )


async def test_due_actions_are_reminded_once_then_once_more_when_overdue(client: Any, auth: Any) -> None:
    from dialogue.core import events
    from dialogue.ssct.events import ActionDue
    from dialogue.ssct.service import remind_due_actions

    headers = await auth(SECRETARY)
    cssct = await _body(client, auth, "cssct")
    mid = (await _mission(client, headers, cssct))["id"]
    soon = await client.post(
        f"/api/v1/ssct-missions/{mid}/actions",
        headers=headers,
        json={
            "description": "Tapis",
            "owner": "Services techniques",
            "due_on": (TODAY + timedelta(days=3)).isoformat(),
        },
    )
    seen: list[ActionDue] = []

    async def collect(event: ActionDue) -> None:
        seen.append(event)

    events.subscribe(ActionDue, collect)
    try:
        assert await remind_due_actions(today=TODAY, within_days=7) >= 1
        assert soon.json()["id"] in {e.action_id for e in seen}
        assert not next(e for e in seen if e.action_id == soon.json()["id"]).overdue
        seen.clear()
        assert await remind_due_actions(today=TODAY, within_days=7) == 0
        later = TODAY + timedelta(days=4)
        await remind_due_actions(today=later, within_days=0)
        assert next(e for e in seen if e.action_id == soon.json()["id"]).overdue
    finally:
        events._subscribers[ActionDue].remove(collect)
