"""Registers over HTTP: numbering, statutory mentions, roles, append-only ledger, integrity, exports, on a CSE built
by the factories (the first test checks the registers the demo ships)."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from dialogue.core import events
from dialogue.registers import reminders
from dialogue.registers.events import DgiDisagreement, EntrySubmitted, RegisterEvent, ResponsePosted
from dialogue.registers.tables import RegisterEntry
from tests.api.register_helpers import Cse, build_cse
from tests.helpers.clock import FrozenClock
from tests.helpers.problems import assert_problem

PARIS = ZoneInfo("Europe/Paris")

DGI_FIELDS = {
    "workstations": "Cuisine centrale, poste de plonge",
    "danger_nature": "Électrisation",
    "danger_cause": "Câble du lave-vaisselle dénudé au contact de l'eau",
    "exposed_workers": ["Fatou Sy", "Marc Olivier"],
}


async def cse_registers(client: Any, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    me = (await client.get("/api/v1/me", headers=headers)).json()
    bodies = (await client.get(f"/api/v1/organizations/{me['organization_id']}/bodies", headers=headers)).json()
    cse = next(b for b in bodies["items"] if b["kind"] == "cse")
    response = await client.get(f"/api/v1/bodies/{cse['id']}/registers", headers=headers)
    assert response.status_code == 200, response.text
    return {r["kind"]: r for r in response.json()["items"]}


async def register_id(client: Any, auth: Any, kind: str) -> int:
    """The demo CSE's register of `kind` (for the tests still on the demo: tests/security/test_chain_*)."""
    return int((await cse_registers(client, await auth("secretaire@demo.example")))[kind]["id"])


async def submit(client: Any, headers: dict[str, str], rid: int, **payload: Any) -> Any:
    payload.setdefault("subject", "Demande")
    return await client.post(f"/api/v1/registers/{rid}/entries", headers=headers, json=payload)


@pytest.fixture
async def cse(db: Any, settings: Any) -> Cse:
    return await build_cse(secret=settings.secret_key.get_secret_value())


@pytest.fixture
async def captured() -> AsyncIterator[list[RegisterEvent]]:
    seen: list[RegisterEvent] = []

    async def keep(event: RegisterEvent) -> None:
        seen.append(event)

    events.subscribe(RegisterEvent, keep)
    try:
        yield seen
    finally:
        events._subscribers[RegisterEvent].remove(keep)


# ------------------------------------------------------------------------------------------ registers


async def test_demo_cse_has_one_register_of_each_kind_with_a_valid_chain(client: Any, auth: Any) -> None:
    headers = await auth("elu@demo.example")
    registers = await cse_registers(client, headers)
    assert set(registers) == {"questions", "dgi", "public_health", "personal_rights", "dialogue"}
    for register in registers.values():
        assert register["entries"] >= 1
        assert register["head"]["digest"].endswith(register["head"]["hash"])
        verify = (await client.get(f"/api/v1/registers/{register['id']}/verify", headers=headers)).json()
        assert verify["valid"] is True
        assert verify["first_broken"] is None
        assert verify["entries"] == register["entries"]
        assert "digest_found" not in verify
    dgi = (await client.get(f"/api/v1/registers/{registers['dgi']['id']}/entries", headers=headers)).json()
    assert "monte-malade" in dgi["items"][0]["subject"].lower()


async def test_register_of_a_kind_already_kept_is_409_and_statutory_kinds_need_a_cse(client: Any, cse: Cse) -> None:
    secretary, elu, admin, board = cse.auth("secretary"), cse.auth("elu"), cse.auth("admin"), cse.board
    body_id = (await cse_registers(client, secretary))["dialogue"]["body_id"]
    path = f"/api/v1/bodies/{body_id}/registers"
    assert_problem(await client.post(path, headers=secretary, json={"kind": "dgi"}), 409)
    assert_problem(await client.post(path, headers=secretary, json={"kind": "cahier"}), 422)
    assert_problem(await client.post(path, headers=elu, json={"kind": "dgi"}), 403)
    body = assert_problem(
        await client.post(f"/api/v1/bodies/{board}/registers", headers=admin, json={"kind": "dgi"}), 422
    )
    assert body["errors"][0]["field"] == "kind"
    created = await client.post(
        f"/api/v1/bodies/{board}/registers", headers=admin, json={"kind": "dialogue", "title": "Cahier du CA"}
    )
    assert created.status_code == 201, created.text
    assert created.json()["title"] == "Cahier du CA"
    assert created.json()["head"] is None
    assert created.json()["entries"] == 0


# ------------------------------------------------------------------------------------------ entries


async def test_elu_submits_the_next_number_with_a_server_timestamp_and_a_chained_hash(
    client: Any, cse: Cse, captured: list[RegisterEvent]
) -> None:
    elu = cse.auth("elu")
    rid = cse.registers["dialogue"]
    assert (await submit(client, cse.auth("secretary"), rid, body="Première demande")).status_code == 201
    captured.clear()
    before = (await client.get(f"/api/v1/registers/{rid}", headers=elu)).json()
    response = await submit(client, elu, rid, subject="Salle de réunion", body="Peut-on disposer de la salle B ?")
    assert response.status_code == 201, response.text
    entry = response.json()
    assert entry["number"] == before["entries"] + 1
    assert entry["seq"] == before["head"]["seq"] + 1
    assert entry["prev_hash"] == before["head"]["hash"]
    assert entry["status"] == "open"
    assert entry["author_name"] == cse.people["elu"].full_name
    assert abs(datetime.fromisoformat(entry["submitted_at"]) - datetime.now(UTC)) < timedelta(minutes=1)
    after = (await client.get(f"/api/v1/registers/{rid}", headers=elu)).json()
    assert after["head"] == {
        "number": entry["number"],
        "seq": entry["seq"],
        "hash": entry["hash"],
        "digest": after["head"]["digest"],
    }
    (event,) = captured
    assert isinstance(event, EntrySubmitted)
    assert (event.number, event.head_hash, event.register_id) == (entry["number"], entry["hash"], rid)
    assert entry["hash"] in event.digest
    fetched = (await client.get(f"/api/v1/entries/{entry['id']}", headers=elu)).json()
    assert fetched["body"] == "Peut-on disposer de la salle B ?"


@pytest.mark.parametrize(
    ("kind", "fields", "missing"),
    [
        ("dgi", {}, ["workstations", "danger_nature", "danger_cause", "exposed_workers"]),
        ("dgi", {**DGI_FIELDS, "exposed_workers": []}, ["exposed_workers"]),
        ("public_health", {"possible_consequences": "Intoxication"}, ["products_or_processes"]),
        ("personal_rights", {"facts": "Fouille des casiers"}, ["persons_concerned"]),
        ("questions", {"question": "Quand ?"}, ["meeting_on"]),
        ("questions", {"meeting_on": "2099-01-08", "meeting_id": "réunion"}, ["question", "meeting_id"]),
        ("dialogue", {"couleur": "rouge"}, ["couleur"]),
    ],
    ids=["dgi-all", "dgi-no-worker", "public-health", "personal-rights", "question-no-meeting", "question", "unknown"],
)
async def test_missing_kind_specific_fields_are_422_naming_them_and_nothing_is_stored(
    client: Any, cse: Cse, kind: str, fields: dict[str, Any], missing: list[str]
) -> None:
    elu = cse.auth("elu")
    rid = cse.registers[kind]
    before = (await client.get(f"/api/v1/registers/{rid}", headers=elu)).json()
    body = assert_problem(await submit(client, elu, rid, body="Texte", fields=fields), 422)
    assert [e["field"] for e in body["errors"]] == [f"fields.{name}" for name in missing]
    assert (await client.get(f"/api/v1/registers/{rid}", headers=elu)).json() == before


async def test_public_health_alert_without_follow_up_within_a_month_may_go_to_the_prefet_l4133_3(
    client: Any, cse: Cse, frozen_clock: FrozenClock
) -> None:
    frozen_clock.set(datetime(2026, 5, 4, 9, 0, tzinfo=UTC))
    rid = cse.registers["public_health"]
    elu = cse.auth("elu")
    fields = {"products_or_processes": "Pesticide au potager thérapeutique", "possible_consequences": "Intoxication"}
    entry = (await submit(client, elu, rid, fields=fields)).json()
    assert (entry["due_on"], entry["may_refer_to_prefet"]) == ("2026-06-04", False)
    frozen_clock.set(datetime(2026, 6, 5, 9, 0, tzinfo=UTC))
    late = (await client.get(f"/api/v1/entries/{entry['id']}", headers=elu)).json()
    assert (late["status"], late["may_refer_to_prefet"]) == ("overdue", True)


async def test_dialogue_request_without_text_is_422(client: Any, cse: Cse) -> None:
    rid = cse.registers["dialogue"]
    body = assert_problem(await submit(client, cse.auth("elu"), rid, body="   "), 422)
    assert body["errors"][0]["field"] == "body"


async def test_complete_dgi_alert_is_registered_with_its_statutory_mentions_d4132_1(client: Any, cse: Cse) -> None:
    rid = cse.registers["dgi"]
    response = await submit(client, cse.auth("elu"), rid, subject="Plonge", fields=DGI_FIELDS)
    assert response.status_code == 201, response.text
    entry = response.json()
    assert entry["fields"] == DGI_FIELDS
    assert entry["dgi_state"] == "alerted"
    assert entry["due_on"] == datetime.now(PARIS).date().isoformat()  # immediate enquiry (L4132-2)


@pytest.mark.parametrize(
    ("now", "meeting_on", "due_on", "late"),
    [
        # Meeting Friday 10 July 2026, 14 July (Tuesday) is a holiday: Sat 11, Mon 13, Wed 15 … Sat 18.
        (datetime(2026, 7, 1, 9, 0, tzinfo=PARIS), "2026-07-10", "2026-07-18", False),
        # Friday 22 May 2026 before Whit Monday: Sat 23, Tue 26, Wed 27, Thu 28, Fri 29, Sat 30.
        (datetime(2026, 5, 20, 9, 0, tzinfo=PARIS), "2026-05-22", "2026-05-30", False),
        # Handed in Thursday 21 May, one jour ouvrable before: recorded, flagged late, not refused.
        (datetime(2026, 5, 21, 18, 0, tzinfo=PARIS), "2026-05-22", "2026-05-30", True),
    ],
)
async def test_question_for_a_friday_meeting_before_a_holiday_is_due_six_jours_ouvrables_later_l2315_22(
    client: Any, cse: Cse, frozen_clock: FrozenClock, now: datetime, meeting_on: str, due_on: str, late: bool
) -> None:
    frozen_clock.set(now.astimezone(UTC))
    rid = cse.registers["questions"]
    response = await submit(
        client,
        cse.auth("elu"),
        rid,
        subject="Primes",
        fields={"question": "Quand seront versées les primes Ségur ?", "meeting_on": meeting_on, "meeting_id": 7},
    )
    assert response.status_code == 201, response.text
    entry = response.json()
    assert (entry["due_on"], entry["late_submission"]) == (due_on, late)
    assert (entry["meeting_on"], entry["meeting_id"]) == (meeting_on, 7)
    assert entry["fields"]["meeting_on"] == meeting_on


async def test_alsace_moselle_establishment_skips_saint_stephen_in_the_answer_delay(
    client: Any, cse: Cse, frozen_clock: FrozenClock
) -> None:
    from dialogue.organizations.tables import Organization

    await Organization.update({Organization.alsace_moselle: True}).where(Organization.id == cse.world.org.id)
    frozen_clock.set(datetime(2026, 12, 10, 9, 0, tzinfo=UTC))
    rid = cse.registers["questions"]
    response = await submit(
        client,
        cse.auth("elu"),
        rid,
        fields={"question": "Planning des fêtes ?", "meeting_on": "2026-12-18"},
    )
    assert response.json()["due_on"] == "2026-12-28"  # 25 and 26 December are holidays there (L3134-13)


async def test_question_for_a_meeting_already_held_is_422(client: Any, cse: Cse) -> None:
    rid = cse.registers["questions"]
    yesterday = (datetime.now(PARIS).date() - timedelta(days=1)).isoformat()
    body = assert_problem(
        await submit(client, cse.auth("elu"), rid, fields={"question": "Q ?", "meeting_on": yesterday}),
        422,
    )
    assert body["errors"][0]["field"] == "fields.meeting_on"


# ------------------------------------------------------------------------------------------ roles


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("secretary", 201),
        ("substitute", 201),  # suppléante
        ("union_representative", 201),  # union representative
        ("president", 403),  # the president may not write in the élus' name
        ("direction_guest", 403),  # a direction member neither
        ("outsider", 403),  # not a member of the CSE
        ("admin", 403),  # admins manage, they do not act in a body's name
    ],
)
async def test_who_may_submit_an_entry(client: Any, cse: Cse, who: str, status: int) -> None:
    rid = cse.registers["questions"]
    meeting = (datetime.now(PARIS).date() + timedelta(days=10)).isoformat()
    response = await submit(
        client, cse.auth(who), rid, fields={"question": "Effectifs de nuit ?", "meeting_on": meeting}
    )
    if status == 201:
        assert response.status_code == 201, response.text
    else:
        assert_problem(response, status)


async def test_secretary_transcribes_an_elus_note_but_the_direction_never_writes_in_their_name(
    client: Any, cse: Cse
) -> None:
    rid = cse.registers["questions"]
    meeting = (datetime.now(PARIS).date() + timedelta(days=10)).isoformat()
    fields = {"question": "Prime de nuit ?", "meeting_on": meeting}
    elu_id = (await client.get("/api/v1/me", headers=cse.auth("elu"))).json()["id"]
    direction_id = (await client.get("/api/v1/me", headers=cse.auth("president"))).json()["id"]
    for who in ("president", "direction_guest", "other_elu"):
        assert_problem(await submit(client, cse.auth(who), rid, fields=fields, on_behalf_of=elu_id), 403)
    secretary = cse.auth("secretary")
    body = assert_problem(await submit(client, secretary, rid, fields=fields, on_behalf_of=direction_id), 422)
    assert body["errors"][0]["field"] == "on_behalf_of"
    assert_problem(await submit(client, secretary, rid, fields=fields, on_behalf_of=999_999), 422)
    transcribed = await submit(client, secretary, rid, fields=fields, on_behalf_of=elu_id)
    assert transcribed.status_code == 201, transcribed.text
    assert (transcribed.json()["author_id"], transcribed.json()["author_name"]) == (elu_id, cse.people["elu"].full_name)


async def _new_question(client: Any, cse: Cse, *, who: str = "elu", **extra: Any) -> dict[str, Any]:
    rid = cse.registers["questions"]
    meeting = (datetime.now(PARIS).date() + timedelta(days=10)).isoformat()
    response = await submit(
        client, cse.auth(who), rid, fields={"question": "Effectifs de nuit ?", "meeting_on": meeting}, **extra
    )
    assert response.status_code == 201, response.text
    entry: dict[str, Any] = response.json()
    return entry


async def test_elu_answering_is_403_and_the_direction_answers(
    client: Any, cse: Cse, captured: list[RegisterEvent]
) -> None:
    entry = await _new_question(client, cse)
    answer = {"body": "Deux postes de nuit seront créés au budget 2027."}
    for who in ("elu", "secretary", "union_representative"):
        assert_problem(
            await client.post(f"/api/v1/entries/{entry['id']}/responses", headers=cse.auth(who), json=answer), 403
        )
    response = await client.post(f"/api/v1/entries/{entry['id']}/responses", headers=cse.auth("president"), json=answer)
    assert response.status_code == 201, response.text
    state = response.json()
    assert state["entry"]["status"] == "answered"
    (posted,) = state["entry"]["responses"]
    assert (posted["action"], posted["late"], posted["author_name"]) == (
        "answer",
        False,
        cse.people["president"].full_name,
    )
    assert posted["prev_hash"] == entry["hash"]
    assert state["head"]["hash"] == posted["hash"]
    assert [type(e) for e in captured] == [EntrySubmitted, ResponsePosted]
    assert captured[1].head_hash == posted["hash"]
    drh = await client.post(
        f"/api/v1/entries/{entry['id']}/responses", headers=cse.auth("direction_guest"), json={"body": "Complément"}
    )
    assert drh.status_code == 201, drh.text


async def test_question_unanswered_after_its_due_date_is_overdue_by_itself(
    client: Any, cse: Cse, frozen_clock: FrozenClock
) -> None:
    frozen_clock.set(datetime(2026, 7, 1, 9, 0, tzinfo=UTC))
    rid = cse.registers["questions"]
    elu = cse.auth("elu")
    entry = (await submit(client, elu, rid, fields={"question": "Q ?", "meeting_on": "2026-07-10"})).json()
    assert entry["status"] == "open"
    frozen_clock.set(datetime(2026, 7, 18, 20, 0, tzinfo=UTC))
    assert (await client.get(f"/api/v1/entries/{entry['id']}", headers=elu)).json()["status"] == "open"
    frozen_clock.set(datetime(2026, 7, 19, 9, 0, tzinfo=UTC))
    assert (await client.get(f"/api/v1/entries/{entry['id']}", headers=elu)).json()["status"] == "overdue"
    late = await client.post(
        f"/api/v1/entries/{entry['id']}/responses", headers=cse.auth("president"), json={"body": "R."}
    )
    assert late.json()["entry"]["status"] == "answered"
    assert late.json()["entry"]["responses"][0]["late"] is True


async def test_author_or_secretary_closes_an_entry_then_answers_are_409(client: Any, cse: Cse) -> None:
    entry = await _new_question(client, cse)
    path = f"/api/v1/entries/{entry['id']}"
    assert_problem(await client.post(f"{path}/close", headers=cse.auth("president"), json={}), 403)
    assert_problem(await client.post(f"{path}/close", headers=cse.auth("other_elu"), json={}), 403)
    closed = await client.post(f"{path}/close", headers=cse.auth("secretary"), json={"body": "Soldée"})
    assert closed.status_code == 200, closed.text
    assert closed.json()["entry"]["status"] == "closed"
    assert_problem(await client.post(f"{path}/close", headers=cse.auth("elu"), json={}), 409)
    assert_problem(await client.post(f"{path}/responses", headers=cse.auth("president"), json={"body": "R"}), 409)


# ------------------------------------------------------------------------------------------ DGI


async def test_dgi_alert_goes_through_its_legal_steps_and_a_disagreement_convenes_the_cse_within_24_hours(
    client: Any, cse: Cse, captured: list[RegisterEvent], frozen_clock: FrozenClock
) -> None:
    now = datetime(2026, 3, 28, 9, 0, tzinfo=UTC)
    frozen_clock.set(now)
    rid = cse.registers["dgi"]
    elu, direction = cse.auth("elu"), cse.auth("president")
    entry = (await submit(client, elu, rid, subject="Plonge", fields=DGI_FIELDS)).json()
    steps = f"/api/v1/entries/{entry['id']}/dgi-transitions"
    assert_problem(await client.post(steps, headers=direction, json={"state": "closed", "body": "RAS"}), 409)
    assert_problem(await client.post(steps, headers=elu, json={"state": "investigating", "body": "Enquête"}), 403)
    investigating = await client.post(steps, headers=direction, json={"state": "investigating", "body": "Enquête"})
    assert investigating.status_code == 200, investigating.text
    assert investigating.json()["entry"]["dgi_state"] == "investigating"
    disagreement = await client.post(
        steps, headers=elu, json={"state": "disagreement", "body": "Le câble n'a pas été remplacé."}
    )
    assert disagreement.status_code == 200, disagreement.text
    state = disagreement.json()["entry"]
    assert state["dgi_state"] == "disagreement"
    assert datetime.fromisoformat(state["meeting_due_by"]) == now + timedelta(hours=24)
    (alarm,) = [e for e in captured if isinstance(e, DgiDisagreement)]
    assert alarm.meeting_due_by == now + timedelta(hours=24)
    assert alarm.head_hash == disagreement.json()["head"]["hash"]
    measures = await client.post(steps, headers=direction, json={"state": "measures_taken", "body": "Câble remplacé"})
    closed = await client.post(steps, headers=direction, json={"state": "closed", "body": "Vérifié par l'électricien"})
    assert (measures.status_code, closed.status_code) == (200, 200)
    assert closed.json()["entry"]["status"] == "closed"
    assert [r["dgi_state"] for r in closed.json()["entry"]["responses"]] == [
        "investigating",
        "disagreement",
        "measures_taken",
        "closed",
    ]
    verify = (await client.get(f"/api/v1/registers/{rid}/verify", headers=elu)).json()
    assert verify["valid"] is True


async def test_dgi_steps_on_another_register_are_409(client: Any, cse: Cse) -> None:
    entry = await _new_question(client, cse)
    assert_problem(
        await client.post(
            f"/api/v1/entries/{entry['id']}/dgi-transitions",
            headers=cse.auth("president"),
            json={"state": "investigating", "body": "x"},
        ),
        409,
    )


# ------------------------------------------------------------------------------------------ append-only


@pytest.mark.parametrize("method", ["PATCH", "PUT", "DELETE"])
async def test_entries_responses_and_registers_cannot_be_updated_or_deleted(client: Any, cse: Cse, method: str) -> None:
    secretary = cse.auth("secretary")
    entry = await _new_question(client, cse, who="secretary")
    rid = entry["register_id"]
    for path in (
        f"/api/v1/entries/{entry['id']}",
        f"/api/v1/entries/{entry['id']}/responses",
        f"/api/v1/registers/{rid}",
        f"/api/v1/registers/{rid}/entries",
    ):
        response = await client.request(method, path, headers=secretary, json={"subject": "Réécrit"})
        assert_problem(response, 405)
    assert (await client.get(f"/api/v1/entries/{entry['id']}", headers=secretary)).json()["subject"] == "Demande"


async def test_correction_is_an_addendum_referencing_the_corrected_entry(client: Any, cse: Cse) -> None:
    entry = await _new_question(client, cse)
    rid, elu = entry["register_id"], cse.auth("elu")
    meeting = entry["meeting_on"]
    fields = {"question": "Effectifs de nuit à l'EHPAD (et non à l'IME) ?", "meeting_on": meeting}
    assert_problem(await submit(client, elu, rid, fields=fields, corrects=999), 422)
    assert_problem(await submit(client, cse.auth("other_elu"), rid, fields=fields, corrects=entry["number"]), 403)
    addendum = await submit(client, elu, rid, subject="Rectificatif", fields=fields, corrects=entry["number"])
    assert addendum.status_code == 201, addendum.text
    assert addendum.json()["corrects"] == entry["number"]
    original = (await client.get(f"/api/v1/entries/{entry['id']}", headers=elu)).json()
    assert original["corrected_by"] == [addendum.json()["number"]]
    assert original["fields"]["question"] == "Effectifs de nuit ?"


# ------------------------------------------------------------------------------------------ integrity


async def test_altering_an_entry_in_the_database_makes_verify_name_that_entry(client: Any, cse: Cse) -> None:
    elu = cse.auth("elu")
    rid = cse.registers["dialogue"]
    numbers = [(await submit(client, elu, rid, body=f"Demande {i}")).json()["number"] for i in range(3)]
    assert (await client.get(f"/api/v1/registers/{rid}/verify", headers=elu)).json()["valid"] is True
    await RegisterEntry.update({RegisterEntry.body: "Demande retirée"}).where(
        (RegisterEntry.register == rid) & (RegisterEntry.number == numbers[1])
    )
    verify = (await client.get(f"/api/v1/registers/{rid}/verify", headers=elu)).json()
    assert (verify["valid"], verify["first_broken"]) == (False, numbers[1])


async def test_a_truncated_register_fails_verify_by_its_keyed_head_and_loses_the_kept_digest(
    client: Any, cse: Cse
) -> None:
    elu = cse.auth("elu")
    rid = cse.registers["dialogue"]
    await submit(client, elu, rid, body="Première")
    last = (await submit(client, elu, rid, body="Seconde")).json()
    head = (await client.get(f"/api/v1/registers/{rid}", headers=elu)).json()["head"]
    query = f"/api/v1/registers/{rid}/verify?number={head['number']}&hash={head['hash']}"
    assert (await client.get(query, headers=elu)).json()["digest_found"] is True
    await RegisterEntry.delete().where(RegisterEntry.id == last["id"])
    verify = (await client.get(query, headers=elu)).json()
    # the remaining prefix is consistent, but the keyed head seal still names the deleted entry …
    assert (verify["valid"], verify["broken_reason"], verify["first_broken"]) == (False, "head", last["number"])
    assert verify["digest_found"] is False  # … and the digest a member kept is gone


@pytest.mark.parametrize("query", ["number=1", f"hash={'a' * 64}", "number=1&hash=xyz", "number=0&hash=" + "a" * 64])
async def test_verify_with_an_incomplete_or_malformed_digest_is_4xx(client: Any, cse: Cse, query: str) -> None:
    rid = cse.registers["dialogue"]
    response = await client.get(f"/api/v1/registers/{rid}/verify?{query}", headers=cse.auth("elu"))
    assert_problem(response, 422)


# ------------------------------------------------------------------------------------------ limits, isolation


async def test_oversized_texts_are_422_and_an_oversized_request_is_413(client: Any, cse: Cse) -> None:
    elu = cse.auth("elu")
    rid = cse.registers["dgi"]
    body = assert_problem(await submit(client, elu, rid, body="x" * 20_001, fields=DGI_FIELDS), 422)
    assert "body" in {e["field"] for e in body["errors"]}
    body = assert_problem(await submit(client, elu, rid, fields={**DGI_FIELDS, "danger_cause": "x" * 20_001}), 422)
    assert [e["field"] for e in body["errors"]] == ["fields.danger_cause"]
    assert_problem(await submit(client, elu, rid, subject="x" * 301, fields=DGI_FIELDS), 422)
    huge = await submit(client, elu, rid, body="x" * (3 * 1024 * 1024), fields=DGI_FIELDS)
    assert_problem(huge, 413)
    assert (await client.get(f"/api/v1/registers/{rid}/verify", headers=elu)).json()["valid"] is True


async def test_registers_of_another_organization_are_404(client: Any, cse: Cse) -> None:
    neighbour = cse.auth("neighbour")
    rid = cse.registers["questions"]
    entry = await _new_question(client, cse)
    body_id = (await client.get(f"/api/v1/registers/{rid}", headers=cse.auth("elu"))).json()["body_id"]
    for path in (
        f"/api/v1/bodies/{body_id}/registers",
        f"/api/v1/registers/{rid}",
        f"/api/v1/registers/{rid}/entries",
        f"/api/v1/registers/{rid}/verify",
        f"/api/v1/registers/{rid}/export.pdf",
        f"/api/v1/entries/{entry['id']}",
        "/api/v1/registers/999999",
        "/api/v1/entries/999999",
    ):
        assert_problem(await client.get(path, headers=neighbour), 404)
    assert_problem(await submit(client, neighbour, rid, fields={"question": "Q", "meeting_on": "2099-01-01"}), 404)
    assert_problem(
        await client.post(f"/api/v1/entries/{entry['id']}/responses", headers=neighbour, json={"body": "R"}), 404
    )
    assert_problem(
        await client.post(f"/api/v1/bodies/{body_id}/registers", headers=neighbour, json={"kind": "dgi"}), 404
    )


async def test_confidential_entry_needs_a_reason_and_is_redacted_outside_members_and_direction_l2315_3(
    client: Any, cse: Cse
) -> None:
    rid = cse.registers["personal_rights"]
    elu = cse.auth("elu")
    fields = {"facts": "Propos dégradants répétés d'un cadre", "persons_concerned": ["Mme X"]}
    assert_problem(await submit(client, elu, rid, fields=fields, confidential=True), 422)
    created = await submit(
        client, elu, rid, subject="Harcèlement", fields=fields, confidential=True, confidentiality_reason="Santé"
    )
    assert created.status_code == 201, created.text
    entry = created.json()
    for who in ("president", "substitute"):
        seen = (await client.get(f"/api/v1/entries/{entry['id']}", headers=cse.auth(who))).json()
        assert seen["fields"]["facts"] == fields["facts"]
    admin = cse.auth("admin")
    assert_problem(await client.get(f"/api/v1/entries/{entry['id']}", headers=admin), 403)
    listed = (await client.get(f"/api/v1/registers/{rid}/entries", headers=admin)).json()["items"]
    hidden = next(item for item in listed if item["number"] == entry["number"])
    assert hidden["redacted"] is True
    assert (hidden["subject"], hidden["body"], hidden["fields"], hidden["author_id"]) == (
        "Entrée confidentielle (L2315-3)",
        "",
        {},
        None,
    )
    assert hidden["hash"] == entry["hash"]  # still in the chain, so the numbering shows no gap
    html = (await client.get(f"/api/v1/registers/{rid}/export.html", headers=admin)).text
    assert "Propos dégradants" not in html


# ------------------------------------------------------------------------------------------ exports


async def test_csv_export_lists_every_ledger_record_with_its_hash(client: Any, cse: Cse) -> None:
    secretary = cse.auth("secretary")
    rid = cse.registers["questions"]
    asked = await _new_question(client, cse, subject="Plannings de week-end à l'EHPAD")
    answer = {"body": "Affichés le 15."}
    await client.post(f"/api/v1/entries/{asked['id']}/responses", headers=cse.auth("president"), json=answer)
    await _new_question(client, cse)
    response = await client.get(f"/api/v1/registers/{rid}/export.csv", headers=secretary)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [int(r["enregistrement"]) for r in rows] == list(range(1, len(rows) + 1))
    head = (await client.get(f"/api/v1/registers/{rid}", headers=secretary)).json()["head"]
    assert rows[-1]["hash"] == head["hash"]
    assert {r["type"] for r in rows} == {"entrée", "answer"}
    assert rows[0]["objet"] == "Plannings de week-end à l'EHPAD"


async def test_csv_export_neutralises_spreadsheet_formulas(client: Any, cse: Cse) -> None:
    rid = cse.registers["dialogue"]
    secretary = cse.auth("secretary")
    await submit(client, secretary, rid, subject='=HYPERLINK("http://x")', body="@SUM(A1)")
    text = (await client.get(f"/api/v1/registers/{rid}/export.csv", headers=secretary)).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "'@SUM(A1)" in text


async def test_html_export_is_paginated_with_the_digest_on_every_page(client: Any, cse: Cse) -> None:
    secretary = cse.auth("secretary")
    rid = cse.registers["dialogue"]
    for i in range(12):
        await submit(client, secretary, rid, subject=f"Demande {i} <script>alert(1)</script>", body="Texte " * 200)
    head = (await client.get(f"/api/v1/registers/{rid}", headers=secretary)).json()["head"]
    response = await client.get(f"/api/v1/registers/{rid}/export.html", headers=secretary)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    html = response.text
    pages = re.findall(r"Page (\d+) / (\d+)", html)
    total = int(pages[0][1])
    assert total > 1
    assert pages == [(str(i), str(total)) for i in range(1, total + 1)]
    assert html.count(head["digest"]) == total
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def pdf_text(pdf: bytes) -> str:
    """The PDF's text, pages separated by form feeds (poppler's pdftotext)."""
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


async def test_pdf_export_has_page_numbers_and_the_digest_on_every_page(client: Any, cse: Cse) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is needed to read the PDF back")
    secretary = cse.auth("secretary")
    rid = cse.registers["dialogue"]
    for i in range(8):
        await submit(client, secretary, rid, subject=f"Demande {i}", body="Texte du registre. " * 150)
    head = (await client.get(f"/api/v1/registers/{rid}", headers=secretary)).json()["head"]
    response = await client.get(f"/api/v1/registers/{rid}/export.pdf", headers=secretary)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.content)
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) > 1
    flat = [re.sub(r"\s+", "", page) for page in pages]
    for index, page in enumerate(flat, start=1):
        assert f"Page{index}/{len(pages)}" in page
        assert head["hash"] in page


async def test_openapi_documents_the_register_routes(client: Any) -> None:
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    for path in (
        "/api/v1/bodies/{body_id}/registers",
        "/api/v1/registers/{register_id}/entries",
        "/api/v1/registers/{register_id}/verify",
        "/api/v1/entries/{entry_id}/responses",
        "/api/v1/entries/{entry_id}/dgi-transitions",
    ):
        assert path in paths


# ------------------------------------------------------------------------------------------ reminders


async def test_entries_due_between_lists_open_and_overdue_entries_for_the_notifications_worker(
    client: Any, cse: Cse, frozen_clock: FrozenClock
) -> None:
    frozen_clock.set(datetime(2026, 7, 1, 9, 0, tzinfo=UTC))
    rid = cse.registers["questions"]
    elu = cse.auth("elu")
    due = (await submit(client, elu, rid, fields={"question": "A ?", "meeting_on": "2026-07-10"})).json()
    answered = (await submit(client, elu, rid, fields={"question": "B ?", "meeting_on": "2026-07-10"})).json()
    await client.post(f"/api/v1/entries/{answered['id']}/responses", headers=cse.auth("president"), json={"body": "R"})
    july_18 = date(2026, 7, 18)
    window = await reminders.entries_due_between(start=july_18, end=july_18, today=date(2026, 7, 17))
    assert [(d.entry_id, d.status.value, d.alert) for d in window] == [(due["id"], "open", "near")]
    overdue = await reminders.deadline_events(today=date(2026, 7, 19))
    assert [(type(e).__name__, e.entry_id) for e in overdue] == [("EntryOverdue", due["id"])]
    assert overdue[0].head_hash == (await client.get(f"/api/v1/registers/{rid}", headers=elu)).json()["head"]["hash"]
    near = await reminders.deadline_events(today=date(2026, 7, 16))
    assert [(type(e).__name__, e.entry_id) for e in near] == [("EntryDeadlineNear", due["id"])]
