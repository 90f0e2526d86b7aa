"""Minutes (L2315-34, D2315-26, L2315-35), votes (L2315-32), consultations (R2312-6, L2312-16) and actions, on a CSE
of 320 built by the factories (tests/api/meeting_helpers.built_cse)."""

from __future__ import annotations

from typing import Any

import pytest

from dialogue.registers.rules import RegisterKind
from tests.api.meeting_helpers import Built, Setup, add_item, built_cse, fields, paris, travel
from tests.factories import make_entry, make_register
from tests.helpers.problems import assert_problem


@pytest.fixture
async def built(client: Any, monkeypatch: pytest.MonkeyPatch, settings: Any) -> Built:
    return await built_cse(client, monkeypatch, secret=settings.secret_key.get_secret_value())


@pytest.fixture
def demo(built: Built) -> Setup:
    """The factory CSE with its secretary, president and first titulaire signed in, time on 1 December 2026."""
    return built.setup


async def test_president_may_not_write_or_read_draft_minutes_L2315_34(demo: Setup) -> None:
    meeting, _ = await demo.held(paris(2027, 1, 12))
    url = f"/api/v1/meetings/{meeting['id']}/minutes"
    body = assert_problem(await demo.client.post(url, headers=demo.director, json={}), 403, "minutes_secretary_only")
    assert "L2315-34" in body["detail"]
    assert_problem(await demo.client.post(url, headers=demo.elu, json={}), 403)
    created = await demo.client.post(url, headers=demo.secretary, json={"text": "# PV\n\nTexte."})
    assert created.status_code == 201
    assert_problem(await demo.client.get(url, headers=demo.director), 403, "minutes_draft")
    assert_problem(await demo.client.get(f"{url}.pdf", headers=demo.elu), 403)
    assert_problem(await demo.client.put(url, headers=demo.director, json={"text": "Corrigé"}), 403)
    assert_problem(await demo.client.post(f"{url}/submit", headers=demo.director), 403)
    assert_problem(await demo.client.post(url, headers=demo.secretary, json={}), 409, "minutes_exist")
    await demo.client.post(f"{url}/submit", headers=demo.secretary)
    assert (await demo.client.get(url, headers=demo.director)).json()["status"] == "submitted"


async def test_minutes_need_a_held_meeting(demo: Setup) -> None:
    meeting, _ = await demo.convened(paris(2027, 1, 12))
    response = await demo.client.post(f"/api/v1/meetings/{meeting['id']}/minutes", headers=demo.secretary, json={})
    assert_problem(response, 409, "meeting_convened")


async def test_every_revision_is_kept_and_stale_edits_are_409(demo: Setup) -> None:
    meeting, _ = await demo.held(paris(2027, 1, 12))
    url = f"/api/v1/meetings/{meeting['id']}/minutes"
    await demo.client.post(url, headers=demo.secretary, json={"text": "v1"})
    second = await demo.client.put(
        url, headers=demo.secretary, json={"text": "v2", "base_revision": 1, "note": "ajout"}
    )
    assert second.json()["revision"] == 2
    stale = await demo.client.put(url, headers=demo.secretary, json={"text": "v2 bis", "base_revision": 1})
    assert_problem(stale, 409, "stale_revision")
    same = await demo.client.put(url, headers=demo.secretary, json={"text": "v2"})
    assert same.json()["revision"] == 2
    assert "text" in fields(assert_problem(await demo.client.put(url, headers=demo.secretary, json={"text": ""}), 422))
    revisions = (await demo.client.get(f"{url}/revisions", headers=demo.secretary)).json()["items"]
    assert [(r["revision"], r["text"], r["note"]) for r in revisions] == [(1, "v1", "création"), (2, "v2", "ajout")]
    assert all(len(r["sha256"]) == 64 for r in revisions)


async def test_minutes_due_15_days_after_the_meeting_then_overdue_D2315_26(demo: Setup) -> None:
    meeting, _ = await demo.held(paris(2027, 1, 12))
    url = f"/api/v1/meetings/{meeting['id']}/minutes"
    await demo.client.post(url, headers=demo.secretary, json={"text": "PV"})
    minutes = (await demo.client.get(url, headers=demo.secretary)).json()
    assert (minutes["due_on"], minutes["overdue"]) == ("2027-01-27", False)
    assert "D2315-26" in minutes["due_basis"]
    travel(demo.monkeypatch, paris(2027, 1, 28, 9))
    assert (await demo.client.get(url, headers=demo.secretary)).json()["overdue"] is True
    summary = (await demo.client.get(f"/api/v1/meetings/{meeting['id']}", headers=demo.elu)).json()["minutes"]
    assert (summary["status"], summary["due_on"], summary["overdue"]) == ("draft", "2027-01-27", True)


async def test_minutes_due_before_the_next_meeting_when_it_comes_first_D2315_26(demo: Setup) -> None:
    meeting, _ = await demo.held(paris(2027, 1, 12))
    travel(demo.monkeypatch, paris(2026, 12, 1, 9))
    next_one = await demo.client.post(
        f"/api/v1/bodies/{demo.cse}/meetings",
        headers=demo.secretary,
        json={
            "title": "Extra",
            "kind": "extraordinary",
            "starts_at": "2027-01-20T09:00:00+01:00",
            "ends_at": "2027-01-20T10:00:00+01:00",
        },
    )
    assert next_one.status_code == 201
    read = (await demo.client.get(f"/api/v1/meetings/{meeting['id']}", headers=demo.secretary)).json()
    assert read["minutes"]["due_on"] == "2027-01-20"


async def test_publishing_needs_adopted_minutes_L2315_35(demo: Setup) -> None:
    meeting, _ = await demo.held(paris(2027, 1, 12))
    url = f"/api/v1/meetings/{meeting['id']}/minutes"
    await demo.client.post(url, headers=demo.secretary, json={"text": "PV"})
    body = assert_problem(await demo.client.post(f"{url}/publish", headers=demo.secretary), 409, "minutes_not_adopted")
    assert "L2315-35" in body["detail"]


async def test_adoption_requires_minutes_sent_and_a_later_meeting(demo: Setup) -> None:
    first, _ = await demo.held(paris(2027, 1, 12))
    travel(demo.monkeypatch, paris(2026, 12, 1, 9))
    earlier = await demo.client.post(
        f"/api/v1/bodies/{demo.cse}/meetings",
        headers=demo.secretary,
        json={"title": "Avant", "starts_at": "2027-01-05T09:00:00+01:00", "ends_at": "2027-01-05T10:00:00+01:00"},
    )
    wrong = await demo.client.post(
        f"/api/v1/meetings/{earlier.json()['id']}/agenda-items",
        headers=demo.secretary,
        json={"title": "Adoption", "kind": "vote", "minutes_of_meeting_id": first["id"]},
    )
    assert "minutes_of_meeting_id" in fields(assert_problem(wrong, 422))
    second, item = await demo.held(paris(2027, 2, 9))
    response = await demo.client.patch(
        f"/api/v1/agenda-items/{item['id']}", headers=demo.secretary, json={"minutes_of_meeting_id": first["id"]}
    )
    assert_problem(response, 409)  # the agenda of a held meeting is frozen


async def test_secret_ballot_keeps_counts_only(demo: Setup, built: Built) -> None:
    _, item = await demo.held(paris(2027, 1, 12))
    url = f"/api/v1/agenda-items/{item['id']}/votes"
    named = {
        "question": "Q",
        "secret": True,
        "ballots": [{"member_id": demo.member(built.cse.titulaires[0].email), "choice": "for"}],
    }
    assert "ballots" in fields(assert_problem(await demo.client.post(url, headers=demo.secretary, json=named), 422))
    vote = await demo.client.post(
        url,
        headers=demo.secretary,
        json={"question": "Désignation", "secret": True, "votes_for": 4, "votes_against": 2, "blank": 1, "void": 1},
    )
    assert vote.status_code == 201, vote.text
    body = vote.json()
    assert (body["ballots"], body["voters"], body["adopted"], body["counted_against"]) == ([], 8, False, 4)


async def test_open_ballots_record_who_voted_what_and_abstentions_count_against_L2315_32(
    demo: Setup, built: Built
) -> None:
    _, item = await demo.held(paris(2027, 1, 12), kind="consultation")
    secretary, julien = built.cse.secretary, built.cse.titulaires[0]
    assert secretary is not None
    voters = [p.email for p in (secretary, *built.cse.titulaires)]  # the 7 élus titulaires
    choices = ["for", "for", "for", "abstention", "abstention", "against", "blank"]
    vote = await demo.client.post(
        f"/api/v1/agenda-items/{item['id']}/votes",
        headers=demo.secretary,
        json={
            "question": "Avis favorable ?",
            "ballots": [{"member_id": demo.member(e), "choice": c} for e, c in zip(voters, choices, strict=True)],
        },
    )
    body = vote.json()
    assert (body["resolution_kind"], body["voters"], body["votes_for"], body["adopted"]) == ("avis", 7, 3, False)
    assert {b["full_name"] for b in body["ballots"]} >= {secretary.full_name, julien.full_name}
    duplicate = await demo.client.post(
        f"/api/v1/agenda-items/{item['id']}/votes",
        headers=demo.secretary,
        json={"question": "Q", "ballots": [{"member_id": demo.member(voters[0]), "choice": "for"}] * 2},
    )
    assert "ballots" in fields(assert_problem(duplicate, 422))


async def test_information_items_are_not_voted_L2315_30(demo: Setup) -> None:
    meeting, _ = await demo.held(paris(2027, 1, 12), kind="information")
    items = (await demo.client.get(f"/api/v1/meetings/{meeting['id']}/agenda-items", headers=demo.elu)).json()
    response = await demo.client.post(
        f"/api/v1/agenda-items/{items['items'][0]['id']}/votes",
        headers=demo.secretary,
        json={"question": "Q", "votes_for": 1},
    )
    assert_problem(response, 409, "item_not_votable")


async def test_votes_only_in_a_held_meeting(demo: Setup) -> None:
    _, item = await demo.convened(paris(2027, 1, 12))
    response = await demo.client.post(
        f"/api/v1/agenda-items/{item['id']}/votes", headers=demo.secretary, json={"question": "Q", "votes_for": 1}
    )
    assert_problem(response, 409, "meeting_convened")


async def test_suppleant_replaces_only_an_absent_titulaire_L2314_1(demo: Setup, built: Built) -> None:
    meeting, _ = await demo.convened(paris(2027, 1, 12))
    url = f"/api/v1/meetings/{meeting['id']}/attendance"
    karim, julien = demo.member(built.cse.substitutes[1].email), demo.member(built.cse.titulaires[0].email)
    both = {
        "entries": [
            {"member_id": julien, "status": "present"},
            {"member_id": karim, "status": "present", "replaces_member_id": julien},
        ]
    }
    assert_problem(await demo.client.put(url, headers=demo.secretary, json=both), 422)
    titular_replacing = {"entries": [{"member_id": julien, "status": "present", "replaces_member_id": karim}]}
    assert "entries[0].replaces_member_id" in fields(
        assert_problem(await demo.client.put(url, headers=demo.secretary, json=titular_replacing), 422)
    )
    replaced_alone = {"entries": [{"member_id": julien, "status": "replaced"}]}
    assert_problem(await demo.client.put(url, headers=demo.secretary, json=replaced_alone), 422)
    lea = demo.member(built.cse.substitutes[0].email)
    two_for_one = {
        "entries": [
            {"member_id": karim, "status": "present", "replaces_member_id": julien},
            {"member_id": lea, "status": "present", "replaces_member_id": julien},
        ]
    }
    assert_problem(await demo.client.put(url, headers=demo.secretary, json=two_for_one), 422)
    assert (await demo.client.get(url, headers=demo.secretary)).json()["entries"] == []


# --- Consultations -----------------------------------------------------------------------------------------------


async def test_consultation_deadline_and_deemed_negative_opinion_R2312_6_L2312_16(demo: Setup) -> None:
    url = f"/api/v1/bodies/{demo.cse}/consultations"
    created = await demo.client.post(
        url,
        headers=demo.director,
        json={"subject": "Déménagement du siège", "kind": "ponctual", "informed_on": "2026-11-30"},
    )
    assert created.status_code == 201, created.text
    consultation = created.json()
    assert (consultation["deadline"], consultation["status"], consultation["opinion"]) == ("2026-12-30", "open", None)
    assert "R2312-6" in consultation["deadline_basis"]
    expert = await demo.client.patch(
        f"/api/v1/consultations/{consultation['id']}", headers=demo.secretary, json={"expert_appointed": True}
    )
    assert expert.json()["deadline"] == "2027-01-30"
    travel(demo.monkeypatch, paris(2027, 1, 31, 9))
    deemed = (await demo.client.get(f"/api/v1/consultations/{consultation['id']}", headers=demo.elu)).json()
    assert (deemed["status"], deemed["opinion"], deemed["days_left"]) == ("deemed_negative", "deemed_negative", 0)
    listed = (await demo.client.get(url, headers=demo.elu, params={"status": "deemed_negative"})).json()["items"]
    assert consultation["id"] in [c["id"] for c in listed]


async def test_no_vote_on_a_consultation_once_its_deadline_passed_L2312_16(demo: Setup) -> None:
    created = await demo.client.post(
        f"/api/v1/bodies/{demo.cse}/consultations",
        headers=demo.secretary,
        json={"subject": "Horaires de l'IME", "kind": "ponctual", "informed_on": "2026-12-01", "agreed_delay_days": 15},
    )
    consultation = created.json()
    assert consultation["deadline"] == "2026-12-16"
    item = {"title": "Horaires de l'IME", "kind": "consultation", "consultation_id": consultation["id"]}
    _, item_read = await demo.held(paris(2027, 1, 12), item=item)
    body = assert_problem(
        await demo.client.post(
            f"/api/v1/agenda-items/{item_read['id']}/votes",
            headers=demo.secretary,
            json={"question": "Avis ?", "votes_for": 7, "motion": "positive"},
        ),
        409,
        "consultation_deadline_passed",
    )
    assert "L2312-16" in body["detail"]
    after = (await demo.client.get(f"/api/v1/consultations/{consultation['id']}", headers=demo.elu)).json()
    assert (after["opinion"], after["opinion_vote_id"]) == ("deemed_negative", None)
    assert [m["agenda_item_id"] for m in after["meetings"]] == [item_read["id"]]


async def test_consultation_opinion_is_recorded_once_and_president_never_votes_on_it_L2315_32(demo: Setup) -> None:
    created = await demo.client.post(
        f"/api/v1/bodies/{demo.cse}/consultations",
        headers=demo.secretary,
        json={"subject": "Télétravail", "kind": "ponctual", "informed_on": "2026-12-01", "expert_appointed": True},
    )
    consultation = created.json()
    item = {"title": "Télétravail", "kind": "consultation", "consultation_id": consultation["id"]}
    _, item_read = await demo.held(paris(2027, 1, 12), item=item)
    url = f"/api/v1/agenda-items/{item_read['id']}/votes"
    internal = await demo.client.post(
        url, headers=demo.secretary, json={"question": "Q", "votes_for": 5, "resolution_kind": "interne"}
    )
    assert "resolution_kind" in fields(assert_problem(internal, 422))
    negative = await demo.client.post(
        url,
        headers=demo.secretary,
        json={"question": "Avis défavorable ?", "votes_for": 4, "votes_against": 3, "motion": "negative"},
    )
    assert (negative.json()["voters"], negative.json()["adopted"]) == (7, True)
    read = (await demo.client.get(f"/api/v1/consultations/{consultation['id']}", headers=demo.elu)).json()
    assert (read["status"], read["opinion"]) == ("opinion_given", "negative")
    again = await demo.client.post(url, headers=demo.secretary, json={"question": "Q", "votes_for": 7})
    assert_problem(again, 409, "opinion_given")
    closed = await demo.client.patch(
        f"/api/v1/consultations/{consultation['id']}", headers=demo.secretary, json={"subject": "Autre"}
    )
    assert_problem(closed, 409, "opinion_given")


async def test_consultation_bad_input_and_roles(demo: Setup, built: Built) -> None:
    url = f"/api/v1/bodies/{demo.cse}/consultations"
    for payload, field in [
        ({"subject": "X", "kind": "annual", "informed_on": "2026-11-01"}, "kind"),
        ({"subject": "X", "kind": "ponctual", "informed_on": "01/11/2026"}, "informed_on"),
        ({"subject": "X", "kind": "ponctual", "informed_on": "2027-06-01"}, "informed_on"),
        (
            {"subject": "X", "kind": "ponctual", "informed_on": "2026-11-01", "agreed_delay_days": 0},
            "agreed_delay_days",
        ),
    ]:
        assert field in fields(assert_problem(await demo.client.post(url, headers=demo.secretary, json=payload), 422))
    ok = {"subject": "X", "kind": "ponctual", "informed_on": "2026-11-01"}
    assert_problem(await demo.client.post(url, headers=demo.elu, json=ok), 403)
    neighbour = built.headers(built.neighbour)
    assert_problem(await demo.client.post(url, headers=neighbour, json=ok), 404)


# --- Actions -----------------------------------------------------------------------------------------------------


async def test_actions_are_listed_per_body_with_overdue_state(demo: Setup, built: Built) -> None:
    url = f"/api/v1/bodies/{demo.cse}/actions"
    isabelle = built.cse.titulaires[4]
    owner = demo.member(isabelle.email)
    created = await demo.client.post(
        url,
        headers=demo.secretary,
        json={"title": "Relancer le prestataire", "owner_member_id": owner, "due_on": "2026-12-10"},
    )
    assert created.status_code == 201, created.text
    action = created.json()
    assert (action["owner_name"], action["status"], action["overdue"]) == (isabelle.full_name, "open", False)
    travel(demo.monkeypatch, paris(2026, 12, 11, 9))
    overdue = (await demo.client.get(url, headers=demo.elu, params={"overdue": "true"})).json()["items"]
    assert action["id"] in [a["id"] for a in overdue]
    done = await demo.client.patch(f"/api/v1/actions/{action['id']}", headers=demo.director, json={"status": "done"})
    assert (done.json()["status"], done.json()["overdue"], done.json()["done_on"]) == ("done", False, "2026-12-11")
    assert "owner_name" in fields(
        assert_problem(await demo.client.post(url, headers=demo.secretary, json={"title": "X"}), 422)
    )
    outsider = await demo.client.post(url, headers=demo.secretary, json={"title": "X", "owner_member_id": 999_999})
    assert "owner_member_id" in fields(assert_problem(outsider, 422))
    assert_problem(await demo.client.post(url, headers=demo.elu, json={"title": "X", "owner_name": "Moi"}), 403)
    assert_problem(
        await demo.client.patch(f"/api/v1/actions/{action['id']}", headers=demo.elu, json={"status": "open"}), 403
    )


async def test_register_question_is_pulled_into_the_agenda(demo: Setup, built: Built) -> None:
    await make_entry(built.cse, await make_register(built.cse, kind=RegisterKind.QUESTIONS))
    registers = (await demo.client.get(f"/api/v1/bodies/{demo.cse}/registers", headers=demo.secretary)).json()
    questions = next(r for r in registers["items"] if r["kind"] == "questions")
    entries = (await demo.client.get(f"/api/v1/registers/{questions['id']}/entries", headers=demo.secretary)).json()
    entry = entries["items"][0]
    meeting = await add_item_meeting(demo)
    url = f"/api/v1/meetings/{meeting}/agenda-items/from-register-entry"
    item = await demo.client.post(url, headers=demo.secretary, json={"entry_id": entry["id"]})
    assert item.status_code == 201, item.text
    assert item.json()["kind"] == "question"
    assert item.json()["register_entry_id"] == entry["id"]
    assert item.json()["title"].startswith(f"Question n° {entry['number']}")
    assert_problem(await demo.client.post(url, headers=demo.secretary, json={"entry_id": entry["id"]}), 409)
    assert_problem(await demo.client.post(url, headers=demo.secretary, json={"entry_id": 999_999}), 422)


async def add_item_meeting(demo: Setup) -> int:
    response = await demo.client.post(
        f"/api/v1/bodies/{demo.cse}/meetings",
        headers=demo.secretary,
        json={"title": "R", "starts_at": "2027-01-12T14:00:00+01:00", "ends_at": "2027-01-12T16:00:00+01:00"},
    )
    meeting_id = int(response.json()["id"])
    await add_item(demo.client, demo.secretary, meeting_id, title="Ouverture", kind="information")
    return meeting_id
