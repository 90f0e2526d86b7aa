"""Networks of establishments over HTTP (issue 20): every rule of access — a facilitator reads only what was
published to the network (404 on anything else), no organisation sees another's values, the benchmark's floor of
3 organisations — and the lifecycle of membership, sheets and contributions, with the audit trail."""

from __future__ import annotations

import json
from typing import Any

from dialogue.audit.tables import AuditEvent
from tests.api.qvt_helpers import org_id, steering_id
from tests.factories import make_organization
from tests.helpers.problems import assert_problem

FACILITATOR = "facilitatrice@reseau.example"
TILLEULS_STAFF_REP = "secretaire@demo.example"
OTHER_VALUES = {3.9, 3.6, 3.1, 2.6, 3.7, 3.2, 3.4, 2.9, 4.1, 3.8, 2.8}


async def network_of(client: Any, headers: dict[str, str]) -> int:
    items = (await client.get("/api/v1/networks", headers=headers)).json()["items"]
    assert len(items) == 1, items
    return int(items[0]["id"])


async def audit_actions(organization_id: int, entity: str) -> list[str]:
    rows = await AuditEvent.select(AuditEvent.action).where(
        (AuditEvent.organization == organization_id) & (AuditEvent.entity == entity)
    )
    return [r["action"] for r in rows]


def numbers(value: Any) -> set[float]:
    """Every number in a JSON document except ids and counts under keys named so."""
    found: set[float] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key in {"network_id", "floor", "contributors", "organizations"}:
                continue
            found |= numbers(item)
    elif isinstance(value, list):
        for item in value:
            found |= numbers(item)
    elif isinstance(value, float):
        found.add(value)
    return found


async def test_demo_network_has_four_members_two_days_three_sheets_and_a_benchmark(client: Any, auth: Any) -> None:
    facilitator = await auth(FACILITATOR)
    network = await network_of(client, facilitator)
    members = (await client.get(f"/api/v1/networks/{network}/organizations", headers=facilitator)).json()["items"]
    assert len(members) == 4
    assert all(m["status"] == "active" and m["trinome_complete"] for m in members)
    assert {"Association Les Tilleuls", "Association La Voisine"} <= {m["organization_name"] for m in members}
    sessions = (await client.get(f"/api/v1/networks/{network}/sessions", headers=facilitator)).json()["items"]
    assert [s["kind"] for s in sessions].count("collective_day") == 2
    assert all(s["notes"] for s in sessions if s["kind"] == "support_visit")
    board = (await client.get(f"/api/v1/networks/{network}/board", headers=facilitator)).json()["items"]
    assert len(board) == 4
    assert len({row["current"] for row in board}) >= 3
    nudged = [row for row in board if row["nudge"]]
    assert [row["organization_name"] for row in nudged] == ["Association La Voisine"]
    library = (await client.get(f"/api/v1/networks/{network}/experience-sheets", headers=facilitator)).json()
    assert library["total"] == 3
    assert all(s["status"] == "published" for s in library["items"])
    bench = (await client.get(f"/api/v1/networks/{network}/benchmark", headers=facilitator)).json()
    assert bench["contributors"] == 3
    theme = next(t for t in bench["themes"] if t["key"] == "relations")
    assert theme["shown"] is True
    assert sum(b["organizations"] for b in theme["bands"]) == 3
    assert theme["my_position"] is None and theme["my_value"] is None
    assert not numbers(bench) & OTHER_VALUES


async def test_facilitator_gets_404_on_everything_an_organisation_did_not_publish(client: Any, auth: Any) -> None:
    facilitator = await auth(FACILITATOR)
    network = await network_of(client, facilitator)
    direction = await auth("direction@demo.example")
    tilleuls = await org_id(client, direction)
    steering = await steering_id(client, direction)
    bodies = (await client.get(f"/api/v1/organizations/{tilleuls}/bodies?limit=100", headers=direction)).json()
    cse = next(b["id"] for b in bodies["items"] if b["kind"] == "cse")
    for path in (
        f"/api/v1/organizations/{tilleuls}",
        f"/api/v1/organizations/{tilleuls}/bodies",
        f"/api/v1/bodies/{cse}/members",
        f"/api/v1/bodies/{cse}/meetings",
        f"/api/v1/bodies/{steering}/qvt-steps",
        f"/api/v1/bodies/{steering}/qvt-trinome",
    ):
        assert_problem(await client.get(path, headers=facilitator), 404)
    staff = await auth(TILLEULS_STAFF_REP)
    own = (await client.get(f"/api/v1/networks/{network}/experience-sheets", headers=staff)).json()["items"]
    draft = next(s for s in own if s["status"] == "draft")
    assert_problem(
        await client.get(f"/api/v1/networks/{network}/experience-sheets/{draft['id']}", headers=facilitator), 404
    )
    assert_problem(
        await client.post(f"/api/v1/networks/{network}/experience-sheets/{draft['id']}/approve", headers=facilitator),
        404,
    )
    assert draft["id"] not in {
        s["id"]
        for s in (await client.get(f"/api/v1/networks/{network}/experience-sheets", headers=facilitator)).json()[
            "items"
        ]
    }
    outsider_org = await make_organization()
    outsider = await auth(outsider_org.admin.email)
    assert_problem(await client.get(f"/api/v1/networks/{network}", headers=outsider), 404)
    assert_problem(await client.get(f"/api/v1/networks/{network}/benchmark", headers=outsider), 404)
    assert (await client.get("/api/v1/networks", headers=outsider)).json()["items"] == []


async def test_support_visit_notes_stay_between_the_organisation_and_its_facilitator(client: Any, auth: Any) -> None:
    facilitator = await auth(FACILITATOR)
    network = await network_of(client, facilitator)
    everything = (await client.get(f"/api/v1/networks/{network}/sessions", headers=facilitator)).json()["items"]
    direction = await auth("direction@demo.example")
    tilleuls = await org_id(client, direction)
    seen = (await client.get(f"/api/v1/networks/{network}/sessions", headers=direction)).json()["items"]
    visits = [s for s in seen if s["kind"] == "support_visit"]
    assert [v["organization_id"] for v in visits] == [tilleuls]
    assert visits[0]["notes"]
    others = [s for s in everything if s["kind"] == "support_visit" and s["organization_id"] != tilleuls]
    assert others
    assert_problem(await client.get(f"/api/v1/networks/{network}/sessions/{others[0]['id']}", headers=direction), 404)
    day = next(s for s in seen if s["kind"] == "collective_day")
    assert day["notes"] is None
    assert len(day["attendance"]) >= 3


async def test_a_sheet_is_published_once_its_trinome_approved_and_withdrawal_removes_it(client: Any, auth: Any) -> None:
    facilitator = await auth(FACILITATOR)
    network = await network_of(client, facilitator)
    staff = await auth(TILLEULS_STAFF_REP)
    tilleuls = await org_id(client, staff)
    draft = next(
        s
        for s in (await client.get(f"/api/v1/networks/{network}/experience-sheets", headers=staff)).json()["items"]
        if s["status"] == "draft"
    )
    assert draft["missing_approvals"] == ["staff_representative"]
    base = f"/api/v1/networks/{network}/experience-sheets/{draft['id']}"
    assert_problem(await client.post(f"{base}/publish", headers=staff), 409, "sheet_not_approved")
    approved = await client.post(f"{base}/approve", headers=staff)
    assert approved.json()["missing_approvals"] == []
    published = await client.post(f"{base}/publish", headers=staff)
    assert published.status_code == 200, published.text
    assert (await client.get(base, headers=facilitator)).json()["status"] == "published"
    cedres = await auth("direction@cedres.example")
    assert (await client.get(base, headers=cedres)).status_code == 200
    assert_problem(await client.post(f"{base}/withdraw", headers=cedres), 404)
    found = await client.get(
        f"/api/v1/networks/{network}/experience-sheets?establishment_type=ehpad", headers=facilitator
    )
    assert draft["id"] in {s["id"] for s in found.json()["items"]}
    exported = await client.get(f"/api/v1/networks/{network}/experience-sheets.csv", headers=facilitator)
    assert exported.headers["content-type"].startswith("text/csv")
    assert draft["title"] in exported.content.decode("utf-8-sig")
    as_json = (await client.get(f"/api/v1/networks/{network}/experience-sheets.json", headers=facilitator)).json()
    assert len(as_json) == 4
    withdrawn = await client.post(f"{base}/withdraw", headers=staff)
    assert withdrawn.json()["status"] == "withdrawn"
    assert_problem(await client.get(base, headers=facilitator), 404)
    assert (await client.get(f"/api/v1/networks/{network}/experience-sheets", headers=facilitator)).json()["total"] == 3
    assert await audit_actions(tilleuls, "network_sheet") == ["approve", "publish", "withdraw"]


async def test_an_organisation_sees_its_position_never_another_s_values_and_the_floor_is_three(
    client: Any, auth: Any
) -> None:
    direction = await auth("direction@demo.example")
    tilleuls = await org_id(client, direction)
    network = await network_of(client, direction)
    steering = await steering_id(client, direction)
    barometers = (await client.get(f"/api/v1/organizations/{tilleuls}/barometers", headers=direction)).json()
    closed = next(b for b in barometers["items"] if b["status"] == "closed" and b["body_id"] == steering)
    published = await client.post(
        f"/api/v1/networks/{network}/benchmark/contribution",
        headers=direction,
        json={"barometer_id": closed["id"], "indicator_codes": []},
    )
    assert published.status_code == 201, published.text
    own = published.json()["themes"]
    assert own
    bench = (await client.get(f"/api/v1/networks/{network}/benchmark", headers=direction)).json()
    assert bench["contributors"] == 4
    shown = [t for t in bench["themes"] if t["shown"]]
    assert {t["key"] for t in shown} == {"sens_du_travail", "relations", "management", "organisation_du_travail"}
    for theme in shown:
        assert theme["contributors"] == 4
        assert theme["my_value"] == own[theme["key"]]
        assert theme["my_position"] in {"lowest_quarter", "below_median", "above_median", "highest_quarter"}
    alone = [t for t in bench["themes"] if not t["shown"]]
    assert all(t["contributors"] == 1 and t["my_value"] is None and t["bands"] is None for t in alone)
    assert numbers(bench) <= set(own.values())
    assert "publish" in await audit_actions(tilleuls, "network_contribution")

    for email in ("admin@voisine.example", "admin@cedres.example"):
        headers = await auth(email)
        assert (
            await client.delete(f"/api/v1/networks/{network}/benchmark/contribution", headers=headers)
        ).status_code == 204
    bench = (await client.get(f"/api/v1/networks/{network}/benchmark", headers=direction)).json()
    assert bench["contributors"] == 2
    assert all(not t["shown"] and t["bands"] is None and t["my_position"] is None for t in bench["themes"])
    assert all(t["my_value"] is None for t in bench["themes"])
    facilitator = await auth(FACILITATOR)
    assert_problem(await client.get(f"/api/v1/networks/{network}/benchmark/contribution", headers=facilitator), 403)


async def test_an_organisation_joins_by_invitation_and_consent_and_leaving_withdraws_what_it_published(
    client: Any, auth: Any
) -> None:
    facilitator = await auth(FACILITATOR)
    network = await network_of(client, facilitator)
    voisine_admin = await auth("admin@voisine.example")
    voisine = await org_id(client, voisine_admin)
    assert_problem(
        await client.post(
            f"/api/v1/networks/{network}/organizations", headers=voisine_admin, json={"organization_id": 1}
        ),
        403,
    )
    cedres_admin = await auth("admin@cedres.example")
    assert_problem(
        await client.delete(f"/api/v1/networks/{network}/organizations/{voisine}", headers=cedres_admin), 404
    )
    left = await client.delete(f"/api/v1/networks/{network}/organizations/{voisine}", headers=voisine_admin)
    assert left.json()["status"] == "left"
    assert (await client.get(f"/api/v1/networks/{network}/experience-sheets", headers=facilitator)).json()["total"] == 2
    assert (await client.get(f"/api/v1/networks/{network}/benchmark", headers=facilitator)).json()["contributors"] == 2
    board = (await client.get(f"/api/v1/networks/{network}/board", headers=facilitator)).json()["items"]
    assert voisine not in {row["organization_id"] for row in board}
    assert_problem(await client.get(f"/api/v1/networks/{network}", headers=voisine_admin), 404)
    assert set(await audit_actions(voisine, "network_sheet")) == {"withdraw"}
    assert "leave" in await audit_actions(voisine, "network_membership")

    newcomer = await make_organization()
    invited = await client.post(
        f"/api/v1/networks/{network}/organizations",
        headers=facilitator,
        json={"organization_id": newcomer.id, "establishment_type": "ESAT"},
    )
    assert invited.json()["status"] == "invited"
    assert_problem(
        await client.post(
            f"/api/v1/networks/{network}/organizations", headers=facilitator, json={"organization_id": newcomer.id}
        ),
        409,
    )
    admin = await auth(newcomer.admin.email)
    assert (await client.get(f"/api/v1/networks/{network}", headers=admin)).json()["my_role"] == "invited"
    assert_problem(await client.get(f"/api/v1/networks/{network}/board", headers=admin), 403)
    joined = await client.post(
        f"/api/v1/networks/{network}/organizations/{newcomer.id}/consent", headers=admin, json={"accept": True}
    )
    assert joined.json()["status"] == "active"
    assert "consent" in await audit_actions(newcomer.id, "network_membership")
    assert_problem(
        await client.put(
            f"/api/v1/networks/{network}/organizations/{newcomer.id}/trinome",
            headers=admin,
            json={"direction": [(await client.get("/api/v1/me", headers=voisine_admin)).json()["id"]]},
        ),
        422,
    )
    named = await client.put(
        f"/api/v1/networks/{network}/organizations/{newcomer.id}/trinome",
        headers=admin,
        json={"direction": [newcomer.admin.id]},
    )
    assert named.json()["trinome_complete"] is False
    assert [p["side"] for p in named.json()["trinome"]] == ["direction"]


async def test_sessions_are_held_by_the_animation_only_and_visits_go_to_members(client: Any, auth: Any) -> None:
    facilitator = await auth(FACILITATOR)
    network = await network_of(client, facilitator)
    direction = await auth("direction@demo.example")
    tilleuls = await org_id(client, direction)
    day = {"kind": "collective_day", "title": "Journée 3 — pérenniser", "held_on": "2027-03-12", "themes": ["planning"]}
    assert_problem(await client.post(f"/api/v1/networks/{network}/sessions", headers=direction, json=day), 403)
    created = await client.post(f"/api/v1/networks/{network}/sessions", headers=facilitator, json=day)
    assert created.status_code == 201, created.text
    assert created.json()["theme_labels"] == ["Plannings"]
    outsider = await make_organization()
    visit = {"kind": "support_visit", "title": "Visite", "held_on": "2027-01-10", "organization_id": outsider.id}
    assert_problem(await client.post(f"/api/v1/networks/{network}/sessions", headers=facilitator, json=visit), 422)
    attended = await client.post(
        f"/api/v1/networks/{network}/sessions/{created.json()['id']}/attendance",
        headers=facilitator,
        json={"organization_id": tilleuls, "attendees": 3},
    )
    assert attended.json()["attendance"][0]["attendees"] == 3
    seen = await client.get(f"/api/v1/networks/{network}/sessions/{created.json()['id']}", headers=direction)
    assert seen.json()["attendance"][0]["organization_id"] == tilleuls


async def test_a_session_shares_the_host_s_documents_with_members_and_only_those(client: Any, auth: Any) -> None:
    from tests.api.test_documents import PDF

    facilitator = await auth(FACILITATOR)
    network = await network_of(client, facilitator)
    host_admin = await auth("admin@reseau.example")
    host = await org_id(client, host_admin)
    uploaded = []
    for title in ("Guide des espaces de discussion", "Notes internes de l'agence"):
        answer = await client.post(
            f"/api/v1/organizations/{host}/documents",
            headers=host_admin,
            files={"file": ("guide.pdf", PDF, "application/octet-stream")},
            data={"title": title},
        )
        assert answer.status_code == 201, answer.text
        uploaded.append(answer.json()["id"])
    day = {"kind": "collective_day", "title": "Journée 3", "held_on": "2027-03-12", "document_ids": uploaded[:1]}
    created = await client.post(f"/api/v1/networks/{network}/sessions", headers=facilitator, json=day)
    assert created.status_code == 201, created.text
    session = created.json()["id"]
    member = await auth("direction@cedres.example")
    shared = await client.get(f"/api/v1/networks/{network}/sessions/{session}/documents/{uploaded[0]}", headers=member)
    assert shared.status_code == 200
    assert shared.content == PDF
    assert_problem(
        await client.get(f"/api/v1/networks/{network}/sessions/{session}/documents/{uploaded[1]}", headers=member), 404
    )
    assert_problem(await client.get(f"/api/v1/documents/{uploaded[0]}", headers=member), 404)
    tilleuls_doc_elsewhere = await client.post(
        f"/api/v1/networks/{network}/sessions",
        headers=facilitator,
        json={**day, "document_ids": [999_999]},
    )
    assert_problem(tilleuls_doc_elsewhere, 422)


async def test_an_organisation_publishes_chosen_indicators_with_its_barometer(client: Any, auth: Any) -> None:
    direction = await auth("direction@demo.example")
    tilleuls = await org_id(client, direction)
    network = await network_of(client, direction)
    steering = await steering_id(client, direction)
    barometers = (await client.get(f"/api/v1/organizations/{tilleuls}/barometers", headers=direction)).json()
    closed = next(b for b in barometers["items"] if b["status"] == "closed" and b["body_id"] == steering)
    url = f"/api/v1/networks/{network}/benchmark/contribution"
    assert_problem(
        await client.post(url, headers=direction, json={"barometer_id": closed["id"], "indicator_codes": ["nope"]}),
        422,
    )
    published = await client.post(
        url, headers=direction, json={"barometer_id": closed["id"], "indicator_codes": ["questions_answered_on_time"]}
    )
    assert published.status_code == 201, published.text
    mine = (await client.get(url, headers=direction)).json()
    assert mine["id"] == published.json()["id"]
    assert set(mine["indicators"]) <= {"questions_answered_on_time"}
    bench = (await client.get(f"/api/v1/networks/{network}/benchmark", headers=direction)).json()
    for indicator in bench["indicators"]:
        assert indicator["contributors"] == 1 and not indicator["shown"] and indicator["my_value"] is None


async def test_a_sheet_is_drafted_from_an_evaluated_action_with_no_name_of_the_organisation_s_people(
    client: Any, auth: Any
) -> None:
    direction = await auth("direction@demo.example")
    network = await network_of(client, direction)
    steering = await steering_id(client, direction)
    plan = (await client.get(f"/api/v1/bodies/{steering}/action-proposals", headers=direction)).json()["items"]
    evaluated = next(a for a in plan if a["status"] == "evaluated")
    proposed = next(a for a in plan if a["status"] == "proposed")
    url = f"/api/v1/networks/{network}/experience-sheets"
    assert_problem(await client.post(url, headers=direction, json={"action_id": proposed["id"]}), 409)
    created = await client.post(url, headers=direction, json={"action_id": evaluated["id"]})
    assert created.status_code == 201, created.text
    sheet = created.json()
    assert sheet["status"] == "draft"
    assert sheet["establishment_type"] == "EHPAD"
    assert sheet["missing_approvals"] == ["direction", "professional", "staff_representative"]
    text = json.dumps(sheet, ensure_ascii=False)
    for name in ("Garnier", "Lefèvre", "Vidal", "Rousseau", "Moreau"):
        assert name not in text
    facilitator = await auth(FACILITATOR)
    assert_problem(await client.get(f"{url}/{sheet['id']}", headers=facilitator), 404)
    outsider = await auth("direction@cedres.example")
    assert_problem(await client.post(url, headers=outsider, json={"action_id": evaluated["id"]}), 404)
