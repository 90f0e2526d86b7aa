"""Meetings over HTTP: bad input and forbidden states (issue 3), roles (CONTRACT.md), rescheduling, convocation.

The tests run on a CSE of 320 employees built by the factories (a president, a secretary, 6 more titulaires, 2
suppléants, a CGT union representative), a board guest outside it and another organisation's administrator; only
the check of the demo's year of meetings stays on the demo."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from dialogue.registers.rules import RegisterKind
from tests.api.meeting_helpers import (
    Built,
    Setup,
    add_item,
    agree_agenda,
    built_cse,
    fields,
    new_meeting,
    paris,
    travel,
)
from tests.factories import make_register
from tests.helpers.problems import assert_problem


@pytest.fixture
async def built(client: Any, monkeypatch: pytest.MonkeyPatch, settings: Any) -> Built:
    return await built_cse(client, monkeypatch, secret=settings.secret_key.get_secret_value())


@pytest.fixture
def demo(built: Built) -> Setup:
    """The factory CSE with its secretary, president and first titulaire signed in, time on 1 December 2026."""
    return built.setup


# --- Bad input (each item of the issue) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_at": "2027-01-12T13:00:00+01:00"}, "ends_at"),  # end before start
        ({"starts_at": "2056-01-12T14:00:00+01:00", "ends_at": "2056-01-12T17:00:00+01:00"}, "starts_at"),  # 30 years
        ({"timezone": "Europe/Lutece"}, "timezone"),
        ({"timezone": "../../etc/passwd"}, "timezone"),
        ({"starts_at": "2027-01-12T14:00:00"}, "starts_at"),  # naive
        ({"kind": "secret"}, "kind"),
        ({"visio_url": "javascript:alert(1)"}, "visio_url"),
        ({"title": ""}, "title"),
    ],
    ids=["end-before-start", "30-years-away", "unknown-zone", "path-zone", "naive", "kind", "visio", "title"],
)
async def test_bad_meeting_input_is_422_naming_the_field_and_stores_nothing(
    demo: Setup, change: dict[str, Any], field: str
) -> None:
    payload = {
        "title": "Réunion",
        "starts_at": "2027-01-12T14:00:00+01:00",
        "ends_at": "2027-01-12T17:00:00+01:00",
        **change,
    }
    before = (await demo.client.get(f"/api/v1/bodies/{demo.cse}/meetings", headers=demo.secretary)).json()["total"]
    response = await demo.client.post(f"/api/v1/bodies/{demo.cse}/meetings", headers=demo.secretary, json=payload)
    assert field in fields(assert_problem(response, 422))
    after = (await demo.client.get(f"/api/v1/bodies/{demo.cse}/meetings", headers=demo.secretary)).json()["total"]
    assert after == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_at": "2027-01-12T10:00:00+01:00"}, "ends_at"),
        ({"starts_at": "2056-03-01T14:00:00+01:00", "ends_at": "2056-03-01T17:00:00+01:00"}, "starts_at"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
    ],
)
async def test_bad_reschedule_is_422_and_the_meeting_is_unchanged(
    demo: Setup, change: dict[str, Any], field: str
) -> None:
    meeting = await new_meeting(demo.client, demo.secretary, demo.cse, paris(2027, 1, 12))
    response = await demo.client.patch(f"/api/v1/meetings/{meeting['id']}", headers=demo.secretary, json=change)
    assert field in fields(assert_problem(response, 422))
    assert (await demo.client.get(f"/api/v1/meetings/{meeting['id']}", headers=demo.secretary)).json() == meeting


async def test_minutes_case_is_read_as_minutes_case_and_its_old_name_pv_case_still_accepted(demo: Setup) -> None:
    """Issue 14: `pv_case` became `minutes_case`; clients sending the old name keep working, history included."""
    payload = {
        "title": "Réunion",
        "starts_at": "2027-01-12T14:00:00+01:00",
        "ends_at": "2027-01-12T17:00:00+01:00",
        "pv_case": "licenciement_economique_collectif",
    }
    created = await demo.client.post(f"/api/v1/bodies/{demo.cse}/meetings", headers=demo.secretary, json=payload)
    assert created.status_code == 201, created.text
    meeting = created.json()
    assert meeting["minutes_case"] == "licenciement_economique_collectif" and "pv_case" not in meeting
    url = f"/api/v1/meetings/{meeting['id']}"
    changed = await demo.client.patch(url, headers=demo.secretary, json={"minutes_case": "general"})
    assert changed.status_code == 200 and changed.json()["minutes_case"] == "general"
    again = await demo.client.patch(
        url, headers=demo.secretary, json={"pv_case": "redressement_liquidation_judiciaire"}
    )
    assert again.status_code == 200 and again.json()["minutes_case"] == "redressement_liquidation_judiciaire"
    history = (await demo.client.get(f"{url}/history", headers=demo.secretary)).json()["items"]
    assert [h["after"].get("minutes_case") for h in history if h["after"] and "minutes_case" in h["after"]] == [
        "licenciement_economique_collectif",
        "general",
        "redressement_liquidation_judiciaire",
    ]
    schema = (await demo.client.get("/schema/openapi.json")).json()["components"]["schemas"]
    assert (
        "minutes_case" in schema["MeetingCreate"]["properties"]
        and "minutes_case" in schema["MeetingRead"]["properties"]
    )


async def test_convene_without_agreed_agenda_is_409_citing_L2315_29(demo: Setup) -> None:
    meeting = await new_meeting(demo.client, demo.secretary, demo.cse, paris(2027, 1, 12))
    empty = await demo.client.post(f"/api/v1/meetings/{meeting['id']}/convene", headers=demo.secretary)
    assert_problem(empty, 409, "agenda_empty")
    await add_item(demo.client, demo.secretary, meeting["id"], title="Point", kind="information")
    await demo.client.post(f"/api/v1/meetings/{meeting['id']}/agenda/approve", headers=demo.secretary)
    body = assert_problem(
        await demo.client.post(f"/api/v1/meetings/{meeting['id']}/convene", headers=demo.secretary), 409
    )
    assert body["code"] == "agenda_not_agreed"
    assert "L2315-29" in body["detail"]


async def test_convene_a_cancelled_or_held_meeting_is_409(demo: Setup) -> None:
    meeting = await new_meeting(demo.client, demo.secretary, demo.cse, paris(2027, 1, 12))
    await add_item(demo.client, demo.secretary, meeting["id"], title="Point", kind="information")
    await agree_agenda(demo.client, demo.secretary, demo.director, meeting["id"])
    cancelled = await demo.client.post(
        f"/api/v1/meetings/{meeting['id']}/cancel", headers=demo.secretary, json={"reason": "Grève des transports"}
    )
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["cancel_reason"] == "Grève des transports"
    assert_problem(
        await demo.client.post(f"/api/v1/meetings/{meeting['id']}/convene", headers=demo.secretary),
        409,
        "meeting_cancelled",
    )
    held, _ = await demo.held(paris(2027, 2, 9))
    assert_problem(
        await demo.client.post(f"/api/v1/meetings/{held['id']}/convene", headers=demo.secretary), 409, "meeting_held"
    )
    assert_problem(
        await demo.client.post(f"/api/v1/meetings/{held['id']}/cancel", headers=demo.secretary, json={"reason": "x"}),
        422,
    )
    assert_problem(
        await demo.client.post(
            f"/api/v1/meetings/{held['id']}/cancel", headers=demo.secretary, json={"reason": "Trop tard"}
        ),
        409,
        "meeting_held",
    )


async def test_vote_by_someone_absent_or_not_entitled_is_409_L2315_32(demo: Setup, built: Built) -> None:
    nadia, lea_dupont = built.cse.titulaires[-1].email, built.cse.substitutes[0].email  # Léa replaces a present élu
    meeting, item = await demo.held(paris(2027, 1, 12), absent=(nadia,))
    lea = {"entries": [{"member_id": demo.member(lea_dupont), "status": "present"}]}
    sheet = await demo.client.put(f"/api/v1/meetings/{meeting['id']}/attendance", headers=demo.secretary, json=lea)
    assert sheet.json()["voters_on_resolutions"] == 7  # Léa is present but replaces nobody
    url = f"/api/v1/agenda-items/{item['id']}/votes"
    cases = {
        nadia: "absent",  # absent titulaire
        lea_dupont: "suppléant",  # suppléant not replacing anyone (L2314-1)
        built.union_representative.email: "voix délibérative",  # union representative: consultative voice
    }
    for email, reason in cases.items():
        ballot = {"question": "Adopté ?", "ballots": [{"member_id": demo.member(email), "choice": "for"}]}
        body = assert_problem(await demo.client.post(url, headers=demo.secretary, json=ballot), 409)
        assert body["code"] == "not_entitled_to_vote"
        assert reason in body["detail"]
    assert (await demo.client.get(url, headers=demo.secretary)).json()["total"] == 0


async def test_more_votes_than_voters_is_422(demo: Setup) -> None:
    _, item = await demo.held(paris(2027, 1, 12))
    # 7 titulaires + the president vote on an internal resolution.
    response = await demo.client.post(
        f"/api/v1/agenda-items/{item['id']}/votes",
        headers=demo.secretary,
        json={"question": "Adopté ?", "votes_for": 6, "votes_against": 3},
    )
    body = assert_problem(response, 422)
    assert "votes_for" in fields(body)
    assert "8 votants" in body["detail"] or "8 membres" in body["detail"]


async def test_editing_adopted_minutes_is_409_and_shows_the_hash(demo: Setup, built: Built) -> None:
    assert built.cse.secretary is not None
    first, _ = await demo.held(paris(2027, 1, 12))
    await demo.client.post(f"/api/v1/meetings/{first['id']}/minutes", headers=demo.secretary, json={"text": "PV"})
    await demo.client.post(f"/api/v1/meetings/{first['id']}/minutes/submit", headers=demo.secretary)
    travel(demo.monkeypatch, paris(2027, 1, 13, 9))
    second = await new_meeting(demo.client, demo.secretary, demo.cse, paris(2027, 2, 9))
    item = await add_item(
        demo.client,
        demo.secretary,
        second["id"],
        title="Adoption du PV",
        kind="vote",
        minutes_of_meeting_id=first["id"],
    )
    await agree_agenda(demo.client, demo.secretary, demo.director, second["id"])
    await demo.client.post(f"/api/v1/meetings/{second['id']}/convene", headers=demo.secretary)
    travel(demo.monkeypatch, paris(2027, 2, 9))
    entries = [{"member_id": demo.member(built.cse.secretary.email), "status": "present"}]
    await demo.client.put(
        f"/api/v1/meetings/{second['id']}/attendance", headers=demo.secretary, json={"entries": entries}
    )
    await demo.client.post(f"/api/v1/meetings/{second['id']}/hold", headers=demo.secretary)
    vote = await demo.client.post(
        f"/api/v1/agenda-items/{item['id']}/votes",
        headers=demo.secretary,
        json={"question": "Adopté ?", "votes_for": 1},
    )
    assert vote.json()["adopted"] is True  # no quorum: one member present decides (L2315-32)
    minutes = (await demo.client.get(f"/api/v1/meetings/{first['id']}/minutes", headers=demo.secretary)).json()
    body = assert_problem(
        await demo.client.put(f"/api/v1/meetings/{first['id']}/minutes", headers=demo.secretary, json={"text": "x"}),
        409,
        "minutes_frozen",
    )
    assert minutes["sha256"] in body["detail"]
    again = await demo.client.post(
        f"/api/v1/agenda-items/{item['id']}/votes", headers=demo.secretary, json={"question": "Re ?", "votes_for": 1}
    )
    assert_problem(again, 409, "minutes_already_adopted")


async def test_attendance_for_a_non_member_is_422(demo: Setup, built: Built) -> None:
    meeting, _ = await demo.convened(paris(2027, 1, 12))
    neighbour = built.headers(built.neighbour)
    outsider = (await demo.client.get("/api/v1/me", headers=neighbour)).json()["id"]
    for member_id in (outsider, 999_999):
        response = await demo.client.put(
            f"/api/v1/meetings/{meeting['id']}/attendance",
            headers=demo.secretary,
            json={"entries": [{"member_id": member_id, "status": "present"}]},
        )
        assert "entries[0].member_id" in fields(assert_problem(response, 422))
    sheet = (await demo.client.get(f"/api/v1/meetings/{meeting['id']}/attendance", headers=demo.secretary)).json()
    assert sheet["entries"] == []


async def test_agenda_reordering_with_duplicate_positions_is_422(demo: Setup) -> None:
    meeting = await new_meeting(demo.client, demo.secretary, demo.cse, paris(2027, 1, 12))
    a = await add_item(demo.client, demo.secretary, meeting["id"], title="A", kind="information")
    b = await add_item(demo.client, demo.secretary, meeting["id"], title="B", kind="information")
    c = await add_item(demo.client, demo.secretary, meeting["id"], title="C", kind="question")
    url = f"/api/v1/meetings/{meeting['id']}/agenda/order"
    bad = {"items": [{"id": a["id"], "position": 1}, {"id": b["id"], "position": 1}, {"id": c["id"], "position": 2}]}
    body = assert_problem(await demo.client.put(url, headers=demo.secretary, json=bad), 422)
    assert "positions en double : 1" in body["errors"][0]["message"]
    missing = {"items": [{"id": a["id"], "position": 1}]}
    assert_problem(await demo.client.put(url, headers=demo.secretary, json=missing), 422)
    good = {"items": [{"id": a["id"], "position": 3}, {"id": b["id"], "position": 10}, {"id": c["id"], "position": 1}]}
    agenda = (await demo.client.put(url, headers=demo.secretary, json=good)).json()
    assert [(i["title"], i["position"]) for i in agenda["items"]] == [("C", 1), ("A", 2), ("B", 3)]


# --- Convocation delays (L2315-30, L2315-27) -----------------------------------------------------------------------


async def test_late_convocation_is_409_citing_the_article_unless_acknowledged_with_a_reason(demo: Setup) -> None:
    meeting = await new_meeting(demo.client, demo.secretary, demo.cse, paris(2026, 12, 3))
    await add_item(demo.client, demo.secretary, meeting["id"], title="Point", kind="information")
    await agree_agenda(demo.client, demo.secretary, demo.director, meeting["id"])
    url = f"/api/v1/meetings/{meeting['id']}/convene"
    body = assert_problem(await demo.client.post(url, headers=demo.secretary, json={}), 409, "late_convocation")
    assert "L2315-30" in body["detail"]
    assert body["violations"][0]["required_days"] == 3
    assert body["violations"][0]["actual_days"] == 2
    no_reason = await demo.client.post(url, headers=demo.secretary, json={"acknowledge_late": True})
    assert "late_reason" in fields(assert_problem(no_reason, 422))
    ok = await demo.client.post(
        url, headers=demo.director, json={"acknowledge_late": True, "late_reason": "Réorganisation urgente"}
    )
    assert ok.status_code == 200, ok.text
    assert (ok.json()["late_acknowledged"], ok.json()["late_reason"]) == (True, "Réorganisation urgente")


async def test_ssct_meeting_convened_9_days_ahead_is_on_time_L2315_27(demo: Setup) -> None:
    """L2315-27 al. 4: the 15 days are a notice to the inspection, the médecin and the CARSAT, not a delay."""
    meeting = await new_meeting(demo.client, demo.secretary, demo.cse, paris(2026, 12, 10), kind="ssct")
    assert meeting["treats_ssct"] is True
    await add_item(demo.client, demo.secretary, meeting["id"], title="Risques psychosociaux", kind="ssct")
    await agree_agenda(demo.client, demo.secretary, demo.director, meeting["id"])
    response = await demo.client.post(f"/api/v1/meetings/{meeting['id']}/convene", headers=demo.secretary)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["late_acknowledged"], body["convened_basis"]) == ("convened", False, "joint_agenda")
    assert body["ssct_notice"]["status"] == "late"  # the notice is late, the convocation is not


async def test_ssct_invitees_are_convoked_only_for_ssct_matters_L2314_3(demo: Setup) -> None:
    for capacity in ("medecin_travail", "inspection_travail", "carsat"):  # the CSE's standing invitees
        invitee = {"capacity": capacity, "full_name": f"Invité {capacity}", "email": f"{capacity}@invite.example"}
        added = await demo.client.post(f"/api/v1/bodies/{demo.cse}/invitees", headers=demo.secretary, json=invitee)
        assert added.status_code == 201, added.text
    plain, _ = await demo.convened(paris(2027, 1, 12), kind="information")
    ssct, _ = await demo.convened(paris(2027, 2, 9), kind="ssct")

    async def capacities(meeting_id: int) -> dict[str, str]:
        items = (await demo.client.get(f"/api/v1/meetings/{meeting_id}/convocations", headers=demo.secretary)).json()
        return {c["capacity"]: c["reason"] for c in items["items"]}

    plain_list, ssct_list = await capacities(plain["id"]), await capacities(ssct["id"])
    assert "medecin_travail" not in plain_list
    assert "L2315-30" in plain_list["inspection_travail"]  # the agenda goes to the inspector anyway
    assert "L2314-3" in ssct_list["medecin_travail"]
    assert "L2314-3" in ssct_list["carsat"]
    assert "substitute" in plain_list


# --- Roles (CONTRACT.md "Who may do what") -------------------------------------------------------------------------


async def test_who_may_create_propose_approve_convene_and_record(demo: Setup, built: Built) -> None:
    client = demo.client
    gouvernance = built.headers(built.outsider)
    admin = built.headers(built.cse.org.admin)
    payload = {"title": "R", "starts_at": "2027-01-12T14:00:00+01:00", "ends_at": "2027-01-12T17:00:00+01:00"}
    for headers in (demo.elu, gouvernance, admin):
        assert_problem(await client.post(f"/api/v1/bodies/{demo.cse}/meetings", headers=headers, json=payload), 403)
    meeting = await new_meeting(client, demo.director, demo.cse, paris(2027, 1, 12))
    proposal = await add_item(client, demo.elu, meeting["id"], title="Question des élus", kind="question")
    assert proposal["status"] == "proposed"
    assert_problem(
        await client.post(
            f"/api/v1/meetings/{meeting['id']}/agenda-items",
            headers=gouvernance,
            json={"title": "X", "kind": "information"},
        ),
        403,
    )
    assert_problem(await client.post(f"/api/v1/agenda-items/{proposal['id']}/accept", headers=demo.elu), 403)
    assert_problem(await client.post(f"/api/v1/meetings/{meeting['id']}/agenda/approve", headers=demo.elu), 403)
    await client.post(f"/api/v1/agenda-items/{proposal['id']}/accept", headers=demo.director)
    await agree_agenda(client, demo.secretary, demo.director, meeting["id"])
    assert_problem(await client.post(f"/api/v1/meetings/{meeting['id']}/convene", headers=demo.elu), 403)
    convened = await client.post(f"/api/v1/meetings/{meeting['id']}/convene", headers=demo.secretary)
    assert convened.status_code == 200
    history = (await client.get(f"/api/v1/meetings/{meeting['id']}/history", headers=demo.elu)).json()["items"]
    assert history[-1]["after"]["on_behalf_of_president"] is True
    attendance = {"entries": [{"member_id": demo.member(built.cse.titulaires[0].email), "status": "present"}]}
    assert_problem(
        await client.put(f"/api/v1/meetings/{meeting['id']}/attendance", headers=demo.elu, json=attendance), 403
    )


async def test_other_organisation_gets_404_everywhere(demo: Setup, built: Built) -> None:
    meeting, item = await demo.convened(paris(2027, 1, 12))
    neighbour = built.headers(built.neighbour)
    mid = meeting["id"]
    for method, url in [
        ("get", f"/api/v1/meetings/{mid}"),
        ("get", f"/api/v1/meetings/{mid}/agenda"),
        ("get", f"/api/v1/meetings/{mid}/attendance"),
        ("get", f"/api/v1/meetings/{mid}/convocations"),
        ("get", f"/api/v1/meetings/{mid}/minutes"),
        ("get", f"/api/v1/agenda-items/{item['id']}"),
        ("get", f"/api/v1/bodies/{demo.cse}/meetings"),
        ("get", f"/api/v1/bodies/{demo.cse}/calendar/2027"),
        ("get", f"/api/v1/bodies/{demo.cse}/actions"),
        ("get", f"/api/v1/bodies/{demo.cse}/consultations"),
        ("post", f"/api/v1/meetings/{mid}/hold"),
        ("post", f"/api/v1/meetings/{mid}/agenda/approve"),
    ]:
        response = await getattr(demo.client, method)(url, headers=neighbour)
        assert_problem(response, 404)
    patch = await demo.client.patch(f"/api/v1/meetings/{mid}", headers=neighbour, json={"title": "Piraté"})
    assert_problem(patch, 404)


# --- Agenda approvals (L2315-29, L2315-30) ---------------------------------------------------------------------------


async def test_any_agenda_change_withdraws_approvals_but_a_mandatory_consultation_does_not_L2315_30(
    demo: Setup,
) -> None:
    meeting = await new_meeting(demo.client, demo.secretary, demo.cse, paris(2027, 1, 12))
    item = await add_item(demo.client, demo.secretary, meeting["id"], title="Point", kind="information")
    await agree_agenda(demo.client, demo.secretary, demo.director, meeting["id"])
    url = f"/api/v1/meetings/{meeting['id']}/agenda"
    mandatory = await add_item(
        demo.client,
        demo.director,
        meeting["id"],
        title="Projet de vidéosurveillance",
        kind="consultation",
        mandatory=True,
        legal_basis="L2312-38",
    )
    assert mandatory["mandatory"] is True
    assert (await demo.client.get(url, headers=demo.secretary)).json()["agreed"] is True
    await demo.client.patch(f"/api/v1/agenda-items/{item['id']}", headers=demo.secretary, json={"title": "Autre"})
    agenda = (await demo.client.get(url, headers=demo.secretary)).json()
    assert agenda["agreed"] is False
    assert all(a["current"] is False for a in agenda["approvals"])
    not_consultation = await demo.client.post(
        f"/api/v1/meetings/{meeting['id']}/agenda-items",
        headers=demo.secretary,
        json={"title": "Info", "kind": "information", "mandatory": True},
    )
    assert "mandatory" in fields(assert_problem(not_consultation, 422))


async def test_agenda_is_frozen_once_convened(demo: Setup) -> None:
    meeting, item = await demo.convened(paris(2027, 1, 12))
    response = await demo.client.patch(
        f"/api/v1/agenda-items/{item['id']}", headers=demo.secretary, json={"title": "X"}
    )
    assert_problem(response, 409, "meeting_convened")


# --- Rescheduling keeps the identity ---------------------------------------------------------------------------------


async def test_reschedule_keeps_identity_bumps_sequence_and_records_history(demo: Setup) -> None:
    meeting, _ = await demo.convened(paris(2027, 1, 12))
    assert meeting["sequence"] == 1
    moved = await demo.client.patch(
        f"/api/v1/meetings/{meeting['id']}",
        headers=demo.secretary,
        json={
            "starts_at": "2027-01-19T09:30:00+01:00",
            "ends_at": "2027-01-19T12:00:00+01:00",
            "reason": "Indisponibilité du directeur",
        },
    )
    assert moved.status_code == 200, moved.text
    assert (moved.json()["id"], moved.json()["sequence"], moved.json()["status"]) == (meeting["id"], 2, "convened")
    retitled = await demo.client.patch(f"/api/v1/meetings/{meeting['id']}", headers=demo.secretary, json={"title": "T"})
    assert retitled.json()["sequence"] == 2  # a title is not a significant change
    history = (await demo.client.get(f"/api/v1/meetings/{meeting['id']}/history", headers=demo.elu)).json()["items"]
    rescheduled = next(h for h in history if h["kind"] == "rescheduled")
    assert rescheduled["reason"] == "Indisponibilité du directeur"
    assert rescheduled["before"]["starts_at"].startswith("2027-01-12T13:00:00")
    convocations = (
        await demo.client.get(f"/api/v1/meetings/{meeting['id']}/convocations", headers=demo.secretary)
    ).json()["items"]
    assert {c["sequence"] for c in convocations} == {2}  # convoked again for the new date
    too_close = await demo.client.patch(
        f"/api/v1/meetings/{meeting['id']}",
        headers=demo.secretary,
        json={"starts_at": "2026-12-02T14:00:00+01:00", "ends_at": "2026-12-02T16:00:00+01:00"},
    )
    assert_problem(too_close, 409, "late_convocation")


async def test_a_meeting_is_held_only_from_its_day(demo: Setup) -> None:
    meeting, _ = await demo.convened(paris(2027, 1, 12))
    assert_problem(
        await demo.client.post(f"/api/v1/meetings/{meeting['id']}/hold", headers=demo.secretary), 409, "meeting_not_yet"
    )
    draft = await new_meeting(demo.client, demo.secretary, demo.cse, paris(2027, 3, 9))
    assert_problem(
        await demo.client.post(f"/api/v1/meetings/{draft['id']}/hold", headers=demo.secretary), 409, "meeting_draft"
    )


async def test_meeting_list_filters_by_status_and_dates(demo: Setup) -> None:
    await new_meeting(demo.client, demo.secretary, demo.cse, paris(2027, 4, 13))
    url = f"/api/v1/bodies/{demo.cse}/meetings"
    drafts = (await demo.client.get(url, headers=demo.elu, params={"status": "draft"})).json()
    assert drafts["total"] >= 1
    assert all(m["status"] == "draft" for m in drafts["items"])
    april = (
        await demo.client.get(
            url, headers=demo.elu, params={"from": "2027-04-01T00:00:00+02:00", "to": "2027-05-01T00:00:00+02:00"}
        )
    ).json()
    assert [m["starts_at"] for m in april["items"]] == ["2027-04-13T14:00:00+02:00"]
    assert "status" in fields(assert_problem(await demo.client.get(url, headers=demo.elu, params={"status": "x"}), 422))


async def test_visio_meeting_in_another_zone_is_shown_in_that_zone(demo: Setup) -> None:
    meeting = await new_meeting(
        demo.client,
        demo.secretary,
        demo.cse,
        paris(2027, 1, 12),
        timezone="America/Cayenne",
        visio_url="https://visio.example/cse",
        location=None,
    )
    assert meeting["starts_at"] == "2027-01-12T10:00:00-03:00"
    assert meeting["timezone"] == "America/Cayenne"


async def test_a_fourth_visio_meeting_a_year_is_refused_L2315_4(demo: Setup) -> None:
    """Without an agreement, 3 meetings by visio a calendar year (L2315-4): the fourth is 409, the plan stays clean."""
    for month in (3, 5, 6):
        await new_meeting(
            demo.client, demo.secretary, demo.cse, paris(2027, month, 2), visio_url="https://visio.example/cse"
        )
    start = paris(2027, 9, 2)
    fourth = await demo.client.post(
        f"/api/v1/bodies/{demo.cse}/meetings",
        headers=demo.secretary,
        json={
            "title": "Réunion en visio",
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=2)).isoformat(),
            "visio_url": "https://visio.example/cse",
        },
    )
    assert "L2315-4" in assert_problem(fourth, 409, "visio_limit_reached")["detail"]
    calendar = (await demo.client.get(f"/api/v1/bodies/{demo.cse}/calendar/2027", headers=demo.elu)).json()
    assert not any("L2315-4" in message for message in calendar["gap"]["messages"])


async def test_calendar_plan_bad_input_and_years(demo: Setup) -> None:
    url = f"/api/v1/bodies/{demo.cse}/calendar"
    assert "year" in fields(assert_problem(await demo.client.get(f"{url}/1850", headers=demo.secretary), 422))
    assert_problem(await demo.client.post(f"{url}/2027", headers=demo.secretary, json={"weekday": 6}), 422)
    assert_problem(await demo.client.post(f"{url}/2027", headers=demo.secretary, json={"ssct_count": 13}), 422)
    assert_problem(await demo.client.post(f"{url}/2027", headers=demo.elu, json={}), 403)
    thursday = (
        await demo.client.post(f"{url}/2028", headers=demo.secretary, json={"weekday": 3, "at": "09:30"})
    ).json()
    assert len(thursday["created"]) == 12
    assert all(m["starts_at"][11:16] == "09:30" for m in thursday["meetings"])


async def test_demo_cse_has_a_year_of_meetings(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo's own CSE (this test is about the demo)."""
    demo = await Setup(client, monkeypatch).start()
    listed = await demo.client.get(f"/api/v1/bodies/{demo.cse}/meetings", headers=demo.elu, params={"limit": 100})
    meetings = listed.json()["items"]
    statuses = [m["status"] for m in meetings]
    assert statuses.count("closed") >= 10
    assert (statuses.count("held"), statuses.count("draft"), statuses.count("convened")) == (1, 3, 1)
    assert sum(m["treats_ssct"] for m in meetings if m["status"] not in ("draft", "convened")) >= 3
    notices = [m["ssct_notice"]["status"] for m in meetings if m["status"] == "draft" and m["ssct_notice"]]
    assert notices == ["sent", "due"]  # the earlier SSCT meeting is confirmed, the later one still due
    (convened,) = [m for m in meetings if m["status"] == "convened"]
    assert convened["convened_basis"] == "plein_droit"
    history = (await demo.client.get(f"/api/v1/meetings/{convened['id']}/history", headers=demo.elu)).json()
    assert "secretary_disagreement" in [h["kind"] for h in history["items"]]
    upcoming = next(m for m in meetings if m["status"] == "draft")
    agenda = (await demo.client.get(f"/api/v1/meetings/{upcoming['id']}/agenda", headers=demo.elu)).json()
    assert agenda["agreed"] is False
    assert any(i["kind"] == "consultation" and i["mandatory"] for i in agenda["items"])
    closed = next(m for m in meetings if m["status"] == "closed")
    minutes = (await demo.client.get(f"/api/v1/meetings/{closed['id']}/minutes", headers=demo.elu)).json()
    assert minutes["status"] in ("adopted", "published")
    assert minutes["sha256"]
    actions = (await demo.client.get(f"/api/v1/bodies/{demo.cse}/actions", headers=demo.elu)).json()
    assert actions["total"] == 3
    consultations = (await demo.client.get(f"/api/v1/bodies/{demo.cse}/consultations", headers=demo.elu)).json()[
        "items"
    ]
    assert any(c["subject"] == "Réorganisation des plannings de l'EHPAD" for c in consultations)


async def test_openapi_documents_the_meeting_endpoints(demo: Setup) -> None:
    paths = (await demo.client.get("/schema/openapi.json")).json()["paths"]
    for path in (
        "/api/v1/bodies/{body_id}/meetings",
        "/api/v1/meetings/{meeting_id}/convene",
        "/api/v1/meetings/{meeting_id}/agenda/approve",
        "/api/v1/meetings/{meeting_id}/minutes",
        "/api/v1/meetings/{meeting_id}/minutes.pdf",
        "/api/v1/bodies/{body_id}/calendar/{year}",
        "/api/v1/agenda-items/{item_id}/votes",
        "/api/v1/bodies/{body_id}/consultations",
        "/api/v1/consultations/{consultation_id}",
        "/api/v1/bodies/{body_id}/actions",
    ):
        assert path in paths, path


async def test_dgi_disagreement_prepares_an_extraordinary_meeting_within_24_hours_L4132_3(
    demo: Setup, built: Built
) -> None:
    travel(demo.monkeypatch, datetime.now(UTC))  # the registers module reads the real clock
    await make_register(built.cse, kind=RegisterKind.DGI)
    registers = (await demo.client.get(f"/api/v1/bodies/{demo.cse}/registers", headers=demo.secretary)).json()
    dgi = next(r for r in registers["items"] if r["kind"] == "dgi")
    fields_ = {
        "workstations": "Blanchisserie, calandre",
        "danger_nature": "Happement",
        "danger_cause": "Carter de protection démonté",
        "exposed_workers": ["Awa Diallo"],
    }
    entry = await demo.client.post(
        f"/api/v1/registers/{dgi['id']}/entries",
        headers=demo.elu,
        json={"subject": "Calandre sans carter", "fields": fields_},
    )
    assert entry.status_code == 201, entry.text
    steps = f"/api/v1/entries/{entry.json()['id']}/dgi-transitions"
    await demo.client.post(steps, headers=demo.director, json={"state": "investigating", "body": "Enquête"})
    disagreement = await demo.client.post(steps, headers=demo.elu, json={"state": "disagreement", "body": "Refus"})
    assert disagreement.status_code == 200, disagreement.text
    due = datetime.fromisoformat(disagreement.json()["entry"]["meeting_due_by"])
    meetings = (
        await demo.client.get(f"/api/v1/bodies/{demo.cse}/meetings", headers=demo.secretary, params={"limit": 100})
    ).json()["items"]
    (meeting,) = [m for m in meetings if m["kind"] == "extraordinary" and "L4132-3" in m["title"]]
    assert meeting["status"] == "draft"
    assert meeting["treats_ssct"] is True
    assert datetime.fromisoformat(meeting["ends_at"]) <= due
    items = (await demo.client.get(f"/api/v1/meetings/{meeting['id']}/agenda-items", headers=demo.secretary)).json()
    assert items["items"][0]["register_entry_id"] == entry.json()["id"]
    assert items["items"][0]["kind"] == "ssct"
    # L4132-4: the disagreement is the CSE's majority facing the employer: the président does not vote on it.
    assert items["items"][0]["resolution_kind"] == "alerte"
    # §0.11: the 24-hour deadline is printed in local time with its zone, never as bare UTC.
    description = items["items"][0]["description"]
    assert "heure locale, Europe/Paris" in description and "(UTC)" not in description
