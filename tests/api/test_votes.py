"""The délégation's own votes (L2315-32), the suppléant called by L2314-37, presence per item (DOMAIN.md §0.11)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dialogue.audit.tables import AuditEvent
from tests.api.meeting_helpers import (
    Setup,
    add_item,
    agree_agenda,
    fields,
    login,
    new_meeting,
    paris,
    travel,
)
from tests.helpers.problems import assert_problem

EXPERT_ITEM = {"title": "Désignation d'un expert habilité", "kind": "vote", "resolution_kind": "expertise"}


@pytest.fixture
async def demo(client: Any, monkeypatch: pytest.MonkeyPatch) -> Setup:
    return await Setup(client, monkeypatch).start()


def _vote_url(item: dict[str, Any]) -> str:
    return f"/api/v1/agenda-items/{item['id']}/votes"


async def test_expert_designation_eight_present_four_for_three_against_is_adopted_L2315_32(demo: Setup) -> None:
    """8 present including the president; he does not vote on an expert designation: 7 voters, majority 4."""
    meeting, item = await demo.held(paris(2027, 1, 12), item=EXPERT_ITEM)
    sheet = (await demo.client.get(f"/api/v1/meetings/{meeting['id']}/attendance", headers=demo.secretary)).json()
    assert sheet["voters_on_resolutions"] == 8
    assert item["resolution_kind"] == "expertise"
    vote = await demo.client.post(
        _vote_url(item),
        headers=demo.secretary,
        json={"question": "Désigne-t-on l'expert ?", "votes_for": 4, "votes_against": 3},
    )
    assert vote.status_code == 201, vote.text
    body = vote.json()
    assert (body["resolution_kind"], body["president_votes"]) == ("expertise", False)
    assert (body["voters"], body["required_majority"], body["votes_for"], body["adopted"]) == (7, 4, 4, True)


async def test_president_ballot_refused_on_a_delegation_vote_L2315_32(demo: Setup) -> None:
    _, item = await demo.held(paris(2027, 1, 12))
    ballot = {
        "question": "Mandat pour agir en justice",
        "resolution_kind": "justice",
        "ballots": [{"member_id": demo.member("direction@demo.example"), "choice": "for"}],
    }
    body = assert_problem(
        await demo.client.post(_vote_url(item), headers=demo.secretary, json=ballot), 409, "not_entitled_to_vote"
    )
    assert "délégation du personnel" in body["detail"] and "L2315-32" in body["detail"]
    internal = await demo.client.post(
        _vote_url(item), headers=demo.secretary, json={"question": "Règlement intérieur", "votes_for": 5}
    )
    assert (internal.json()["resolution_kind"], internal.json()["voters"], internal.json()["president_votes"]) == (
        "interne",
        8,
        True,
    )


async def test_pv_adoption_president_vote_is_the_body_setting_unverified(demo: Setup) -> None:
    """Default: the president votes on the PV's adoption; the CSE's règlement intérieur may set otherwise (law
    unverified; L2315-24: the body's PATCH no longer changes it while an RI is in force)."""
    _, item = await demo.held(paris(2027, 1, 12))
    first = await demo.client.post(
        _vote_url(item), headers=demo.secretary, json={"question": "PV", "resolution_kind": "pv", "votes_for": 5}
    )
    assert (first.json()["voters"], first.json()["president_votes"]) == (8, True)
    admin = await login(demo.client, "admin@demo.example")
    assert (await demo.client.get(f"/api/v1/bodies/{demo.cse}", headers=admin)).json()[
        "president_votes_on_minutes"
    ] is True
    refused = await demo.client.patch(
        f"/api/v1/bodies/{demo.cse}", headers=admin, json={"president_votes_on_minutes": False}
    )
    assert "L2315-24" in assert_problem(refused, 409, "fixed_by_reglement_interieur")["detail"]
    url = f"/api/v1/bodies/{demo.cse}/reglement-interieur"
    in_force = (await demo.client.get(url, headers=demo.secretary)).json()["in_force"]
    new_version = {
        "document_id": in_force["document_id"],
        "version": in_force["document_version"],
        "adopted_on": "2027-01-12",
        "parameters": {**in_force["parameters"], "president_votes_on_minutes": False},
    }
    assert (await demo.client.post(url, headers=demo.secretary, json=new_version)).status_code == 201
    assert "president_votes_on_minutes" in fields(
        assert_problem(
            await demo.client.patch(
                f"/api/v1/bodies/{demo.cse}", headers=admin, json={"president_votes_on_minutes": None}
            ),
            422,
        )
    )
    second = await demo.client.post(
        _vote_url(item), headers=demo.secretary, json={"question": "PV", "resolution_kind": "pv", "votes_for": 5}
    )
    assert (second.json()["voters"], second.json()["president_votes"]) == (7, False)


# --- L2314-37 ----------------------------------------------------------------------------------------------------


def _sheet_with(demo: Setup, substitute: str, reason: str | None = None) -> dict[str, Any]:
    """Julien Moreau (CGT titulaire) absent; every suppléant present; `substitute` replaces him."""
    entries: list[dict[str, Any]] = []
    for email, m in demo.members.items():
        if m["role"] == "substitute":
            entry: dict[str, Any] = {"member_id": m["id"], "status": "present"}
            if email == substitute:
                entry["replaces_member_id"] = demo.member("elu@demo.example")
                if reason:
                    entry["replacement_reason"] = reason
            entries.append(entry)
        else:
            entries.append({"member_id": m["id"], "status": "replaced" if email == "elu@demo.example" else "present"})
    return {"entries": entries}


async def test_l2314_37_cfdt_suppleant_may_not_replace_cgt_titulaire_while_cgt_one_is_present(demo: Setup) -> None:
    meeting, _ = await demo.convened(paris(2027, 1, 12))
    url = f"/api/v1/meetings/{meeting['id']}/attendance"
    refused = assert_problem(
        await demo.client.put(url, headers=demo.secretary, json=_sheet_with(demo, "lea.dupont@demo.example")),
        409,
        "replacement_order",
    )
    assert "L2314-37" in refused["detail"] and "Karim Haddad" in refused["detail"]
    assert (await demo.client.get(url, headers=demo.secretary)).json()["entries"] == []
    legal = await demo.client.put(url, headers=demo.secretary, json=_sheet_with(demo, "karim.haddad@demo.example"))
    assert legal.status_code == 200, legal.text
    karim = next(e for e in legal.json()["entries"] if e["member_id"] == demo.member("karim.haddad@demo.example"))
    assert (karim["replaces_member_id"], karim["replacement_reason"]) == (demo.member("elu@demo.example"), None)
    (proposal,) = legal.json()["proposals"]
    assert (proposal["titulaire_id"], proposal["name"], proposal["step"]) == (
        demo.member("elu@demo.example"),
        "Karim Haddad",
        "same_union_same_category",
    )


async def test_l2314_37_only_suppleants_noted_present_are_called(demo: Setup) -> None:
    """Karim Haddad not noted present: Chloé Bernard (CGT, same category) is the legal replacement."""
    meeting, _ = await demo.convened(paris(2027, 1, 12))
    julien, chloe = demo.member("elu@demo.example"), demo.member("chloe.bernard@demo.example")
    sheet = {
        "entries": [
            {"member_id": julien, "status": "replaced"},
            {"member_id": chloe, "status": "present", "replaces_member_id": julien},
        ]
    }
    response = await demo.client.put(f"/api/v1/meetings/{meeting['id']}/attendance", headers=demo.secretary, json=sheet)
    assert response.status_code == 200, response.text
    (proposal,) = response.json()["proposals"]
    assert proposal["member_id"] == demo.member("karim.haddad@demo.example")  # if he comes, he is the one called


async def test_l2314_37_most_votes_among_the_same_list_and_category(demo: Setup) -> None:
    """Chloé Bernard (CGT, same category, fewer votes than Karim Haddad) needs a reason."""
    meeting, _ = await demo.convened(paris(2027, 1, 12))
    url = f"/api/v1/meetings/{meeting['id']}/attendance"
    body = assert_problem(
        await demo.client.put(url, headers=demo.secretary, json=_sheet_with(demo, "chloe.bernard@demo.example")),
        409,
        "replacement_order",
    )
    assert "Karim Haddad" in body["detail"]


async def test_l2314_37_another_suppleant_with_a_recorded_reason_is_stored_and_audited(demo: Setup) -> None:
    meeting, _ = await demo.convened(paris(2027, 1, 12))
    url = f"/api/v1/meetings/{meeting['id']}/attendance"
    reason = "Karim Haddad arrivé après l'ouverture, parti avant le premier vote"
    accepted = await demo.client.put(
        url, headers=demo.secretary, json=_sheet_with(demo, "lea.dupont@demo.example", reason)
    )
    assert accepted.status_code == 200, accepted.text
    lea = next(e for e in accepted.json()["entries"] if e["member_id"] == demo.member("lea.dupont@demo.example"))
    assert (lea["replaces_member_id"], lea["replacement_reason"]) == (demo.member("elu@demo.example"), reason)
    read = (await demo.client.get(url, headers=demo.elu)).json()
    assert any(e["replacement_reason"] == reason for e in read["entries"])
    audited = (
        await AuditEvent.select(AuditEvent.after)
        .where((AuditEvent.action == "attendance") & (AuditEvent.entity_id == str(meeting["id"])))
        .first()
    )
    assert audited is not None
    after = json.loads(audited["after"]) if isinstance(audited["after"], str) else audited["after"]
    assert reason in [e["replacement_reason"] for e in after["entries"]]
    bad = _sheet_with(demo, "lea.dupont@demo.example")
    bad["entries"][0]["replacement_reason"] = "sans remplacement"
    assert_problem(await demo.client.put(url, headers=demo.secretary, json=bad), 422)


async def test_members_carry_category_and_votes_L2314_37(demo: Setup) -> None:
    admin = await login(demo.client, "admin@demo.example")
    url = f"/api/v1/bodies/{demo.cse}/members"
    karim = demo.members["karim.haddad@demo.example"]
    assert (karim["union_name"], karim["category"], karim["votes_obtained"]) == ("CGT", "ouvriers_employes", 112)
    created = await demo.client.post(
        url,
        headers=admin,
        json={
            "email": "nouveau.suppleant@demo.example",
            "college": "elus",
            "role": "substitute",
            "union_name": "FO",
            "electoral_college": "2e collège",
            "category": "cadres",
            "votes_obtained": 27,
        },
    )
    assert created.status_code == 201, created.text
    assert (created.json()["category"], created.json()["votes_obtained"]) == ("cadres", 27)
    bad = await demo.client.post(
        url,
        headers=admin,
        json={"email": "x.cat@demo.example", "college": "elus", "role": "substitute", "category": "ingenieurs"},
    )
    assert "category" in fields(assert_problem(bad, 422))
    negative = await demo.client.post(
        url,
        headers=admin,
        json={"email": "x.neg@demo.example", "college": "elus", "role": "substitute", "votes_obtained": -3},
    )
    assert "votes_obtained" in fields(assert_problem(negative, 422))
    updated = await demo.client.patch(
        f"/api/v1/members/{created.json()['id']}", headers=admin, json={"category": "techniciens_agents_maitrise"}
    )
    assert (updated.status_code, updated.json()["category"]) == (200, "techniciens_agents_maitrise")
    assert_problem(
        await demo.client.patch(f"/api/v1/members/{created.json()['id']}", headers=admin, json={"category": "x"}), 422
    )


# --- DOMAIN.md §0.11: presence per item -----------------------------------------------------------------------------


async def test_member_who_left_before_an_item_does_not_count_for_its_vote(demo: Setup) -> None:
    """Thomas Girard left after item 1: he votes on item 1 and is not counted, nor may vote, on item 2."""
    start = paris(2027, 1, 12)
    meeting = await new_meeting(demo.client, demo.secretary, demo.cse, start)
    first = await add_item(demo.client, demo.secretary, meeting["id"], title="Point 1", kind="vote")
    second = await add_item(demo.client, demo.secretary, meeting["id"], **EXPERT_ITEM)
    await agree_agenda(demo.client, demo.secretary, demo.director, meeting["id"])
    convened = await demo.client.post(
        f"/api/v1/meetings/{meeting['id']}/convene",
        headers=demo.secretary,
        json={"acknowledge_late": True, "late_reason": "réunion de test"},
    )
    assert convened.status_code == 200, convened.text
    travel(demo.monkeypatch, start)
    thomas, sophie = demo.member("thomas.girard@demo.example"), demo.member("sophie.marchand@demo.example")
    entries = []
    for m in demo.members.values():
        entry: dict[str, Any] = {"member_id": m["id"], "status": "absent" if m["role"] == "substitute" else "present"}
        if m["id"] == thomas:
            entry["left_after_item"] = 1
        if m["id"] == sophie:
            entry["arrived_before_item"] = 2
        entries.append(entry)
    url = f"/api/v1/meetings/{meeting['id']}/attendance"
    sheet = await demo.client.put(url, headers=demo.secretary, json={"entries": entries})
    assert sheet.status_code == 200, sheet.text
    lines = {e["member_id"]: e for e in sheet.json()["entries"]}
    assert (lines[thomas]["left_after_item"], lines[sophie]["arrived_before_item"]) == (1, 2)
    assert (await demo.client.post(f"/api/v1/meetings/{meeting['id']}/hold", headers=demo.secretary)).status_code == 200
    on_first = await demo.client.post(_vote_url(first), headers=demo.secretary, json={"question": "1", "votes_for": 4})
    assert (on_first.json()["voters"], on_first.json()["adopted"]) == (7, True)  # 6 titulaires + the president
    on_second = await demo.client.post(
        _vote_url(second), headers=demo.secretary, json={"question": "2", "votes_for": 4, "votes_against": 2}
    )
    assert (on_second.json()["voters"], on_second.json()["required_majority"], on_second.json()["adopted"]) == (
        6,
        4,
        True,
    )
    ballot = {"question": "2", "ballots": [{"member_id": thomas, "choice": "for"}]}
    body = assert_problem(
        await demo.client.post(_vote_url(second), headers=demo.secretary, json=ballot), 409, "not_entitled_to_vote"
    )
    assert "pour ce point" in body["detail"]


async def test_presence_span_must_be_consistent(demo: Setup) -> None:
    meeting, _ = await demo.convened(paris(2027, 1, 12))
    url = f"/api/v1/meetings/{meeting['id']}/attendance"
    thomas = demo.member("thomas.girard@demo.example")
    reversed_span = {
        "entries": [{"member_id": thomas, "status": "present", "arrived_before_item": 3, "left_after_item": 2}]
    }
    assert_problem(await demo.client.put(url, headers=demo.secretary, json=reversed_span), 422)
    absent_leaving = {"entries": [{"member_id": thomas, "status": "absent", "left_after_item": 2}]}
    assert "entries[0].arrived_before_item" in fields(
        assert_problem(await demo.client.put(url, headers=demo.secretary, json=absent_leaving), 422)
    )
    zero = {"entries": [{"member_id": thomas, "status": "present", "left_after_item": 0}]}
    assert_problem(await demo.client.put(url, headers=demo.secretary, json=zero), 422)
