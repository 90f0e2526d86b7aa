"""Documents attached to minutes, SSCT missions, negotiations and QVT action proposals (issue 16 "Where documents
attach"), through the one generic service: for each target 201 then listed, 409 attached twice, 422 another
organisation's document, 404 another organisation's target, 403 the wrong role; adopted minutes are frozen with
their annexes (L2315-34, 409); a negotiation's document carries its role (the signed agreement and its anonymised
version for deposit, L2231-5-1) and a confidential one (L2315-3) is hidden from a union delegate."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pytest

from dialogue.bodies.schemas import BodyKind, Role
from dialogue.meetings.schemas import MinutesCreate
from dialogue.meetings.service import minutes
from tests.api.meeting_helpers import paris
from tests.api.test_attachments import _upload as upload
from tests.api.test_attachments import local_store  # noqa: F401 (the fixture, used through pytestmark)
from tests.factories import (
    BodyWorld,
    Org,
    Person,
    add_member,
    bearer_headers,
    make_action,
    make_body,
    make_held_meeting,
    make_negotiation,
    make_negotiation_table,
    make_organization,
    make_published_minutes,
)
from tests.helpers.clock import FrozenClock
from tests.helpers.keys import TEST_CHAIN_KEY
from tests.helpers.problems import assert_problem

KINDS = ("minutes", "ssct_mission", "negotiation", "qvt_action")
pytestmark = pytest.mark.usefixtures("local_store")


@dataclass
class World:
    org: Org
    cse: BodyWorld
    clock: FrozenClock
    secret: str
    neighbour: dict[str, str]
    neighbour_org: int

    def headers(self, person: Person | None) -> dict[str, str]:
        assert person is not None
        return bearer_headers(person, secret=self.secret)


@dataclass
class Case:
    """A target: its documents' URL, who attaches, who reads, and who is refused (403)."""

    url: str
    writer: dict[str, str]
    reader: dict[str, str]
    refused: dict[str, str]
    refused_code: str | None = None


@pytest.fixture
async def world(db: Any, settings: Any, frozen_clock: FrozenClock) -> World:
    frozen_clock.set(date(2026, 2, 20))
    org = await make_organization(headcount=320)
    cse = await make_body(org, titulaires=1)
    neighbour = await make_organization()
    secret = settings.secret_key.get_secret_value()
    return World(org, cse, frozen_clock, secret, bearer_headers(neighbour.admin, secret=secret), neighbour.id)


async def _minutes(client: httpx.AsyncClient, w: World) -> Case:
    """Draft minutes of a held meeting: the secretary attaches (and alone reads a draft); the president may not
    (L2315-34: the employer neither writes nor amends the minutes)."""
    meeting, _ = await make_held_meeting(w.cse, w.clock, starts_at=paris(2026, 3, 12))
    assert w.cse.secretary is not None
    await minutes.create_minutes(
        actor=w.cse.secretary.actor, meeting_id=meeting.id, data=MinutesCreate(), chain_key=TEST_CHAIN_KEY
    )
    writer = w.headers(w.cse.secretary)
    url = f"/api/v1/meetings/{meeting.id}/minutes/documents"
    return Case(url, writer, writer, w.headers(w.cse.president), "minutes_secretary_only")


async def _ssct_mission(client: httpx.AsyncClient, w: World) -> Case:
    """An inspection (L2312-13): conducted by the élus titulaires, the secretary and the president; a guest reads."""
    guest, _ = await add_member(w.cse, role=Role.guest)
    payload = {"kind": "inspection", "planned_on": "2026-03-02", "place": "Cuisine centrale"}
    writer = w.headers(w.cse.titulaires[0])
    created = await client.post(f"/api/v1/bodies/{w.cse.id}/ssct-missions", headers=writer, json=payload)
    assert created.status_code == 201, created.text
    url = f"/api/v1/ssct-missions/{created.json()['id']}/documents"
    return Case(url, writer, w.headers(w.cse.secretary), w.headers(guest))


async def _negotiation(client: httpx.AsyncClient, w: World) -> Case:
    """The direction manages the negotiation; a union delegate at its table reads but does not attach."""
    table = await make_negotiation_table(w.org)
    negotiation = await make_negotiation(table, opened_on=date(2026, 2, 1))
    delegate = w.headers(table.others[0])
    url = f"/api/v1/negotiations/{negotiation.id}/documents"
    return Case(url, w.headers(table.president), delegate, delegate)


async def _qvt_action(client: httpx.AsyncClient, w: World) -> Case:
    """The steering committee's members attach experience sheets; an admin without a seat only reads."""
    steering = await make_body(w.org, kind=BodyKind.qvt_steering)
    action = await make_action(steering)
    url = f"/api/v1/action-proposals/{action.id}/documents"
    return Case(url, w.headers(steering.secretary), w.headers(steering.titulaires[0]), w.headers(w.org.admin))


CASES: dict[str, Callable[[httpx.AsyncClient, World], Awaitable[Case]]] = {
    "minutes": _minutes,
    "ssct_mission": _ssct_mission,
    "negotiation": _negotiation,
    "qvt_action": _qvt_action,
}


async def _upload(
    client: httpx.AsyncClient, w: World, title: str, *, confidential: bool = False, foreign: bool = False
) -> dict[str, Any]:
    """A PDF uploaded by the CSE's president (the direction), or by the neighbour's admin when `foreign`."""
    if foreign:
        return await upload(client, w.neighbour, w.neighbour_org, title)
    return await upload(client, w.headers(w.cse.president), w.org.id, title, confidential=confidential)


@pytest.mark.parametrize("kind", KINDS)
async def test_attach_lists_and_refuses_twice(client: httpx.AsyncClient, world: World, kind: str) -> None:
    case = await CASES[kind](client, world)
    doc = await _upload(client, world, "Rapport")
    attached = await client.post(case.url, headers=case.writer, json={"document_id": doc["id"]})
    assert attached.status_code == 201, attached.text
    body = attached.json()
    assert (body["document_id"], body["target_kind"], body["sha256"], body["role"]) == (
        doc["id"],
        kind,
        doc["sha256"],
        None,
    )
    listed = await client.get(case.url, headers=case.reader)
    assert listed.status_code == 200, listed.text
    assert [(d["title"], d["version"]) for d in listed.json()] == [("Rapport", 1)]
    again = await client.post(case.url, headers=case.writer, json={"document_id": doc["id"]})
    assert_problem(again, 409, "already_attached")


@pytest.mark.parametrize("kind", KINDS)
async def test_another_organisations_document_is_422_and_its_target_404(
    client: httpx.AsyncClient, world: World, kind: str
) -> None:
    case = await CASES[kind](client, world)
    theirs = await _upload(client, world, "Leur document", foreign=True)
    ours = await _upload(client, world, "Notre document")
    foreign = await client.post(case.url, headers=case.writer, json={"document_id": theirs["id"]})
    body = assert_problem(foreign, 422)
    assert [e["field"] for e in body["errors"]] == ["document_id"]
    intruder = await client.post(case.url, headers=world.neighbour, json={"document_id": ours["id"]})
    assert_problem(intruder, 404)
    assert_problem(await client.get(case.url, headers=world.neighbour), 404)


@pytest.mark.parametrize("kind", KINDS)
async def test_the_wrong_role_is_403(client: httpx.AsyncClient, world: World, kind: str) -> None:
    case = await CASES[kind](client, world)
    doc = await _upload(client, world, "Note")
    refused = await client.post(case.url, headers=case.refused, json={"document_id": doc["id"]})
    assert_problem(refused, 403, case.refused_code)
    assert (await client.get(case.url, headers=case.writer)).json() == []


async def test_adopted_minutes_are_frozen_with_their_annexes(client: httpx.AsyncClient, world: World) -> None:
    """L2315-34: once adopted, the minutes are sealed with their SHA-256; no annex is added afterwards."""
    published = await make_published_minutes(world.cse, world.clock, held_at=paris(2026, 3, 12))
    doc = await _upload(client, world, "Annexe tardive")
    response = await client.post(
        f"/api/v1/meetings/{published.meeting_id}/minutes/documents",
        headers=world.headers(world.cse.secretary),
        json={"document_id": doc["id"]},
    )
    body = assert_problem(response, 409, "minutes_frozen")
    assert published.sha256 is not None and published.sha256 in body["detail"]


async def test_a_negotiation_keeps_the_signed_agreement_and_its_anonymised_version(
    client: httpx.AsyncClient, world: World
) -> None:
    """L2231-5-1: the agreement is published in a version without the names of its negotiators and signatories;
    both versions are kept with their role, and a confidential draft (L2315-3) is hidden from a union delegate."""
    case = await _negotiation(client, world)
    roles = {"Projet v3": "draft", "Accord signé": "signed", "Accord anonymisé": "anonymised"}
    for title, role in roles.items():
        doc = await _upload(client, world, title, confidential=role == "draft")
        attached = await client.post(case.url, headers=case.writer, json={"document_id": doc["id"], "role": role})
        assert attached.status_code == 201, attached.text
        assert attached.json()["role"] == role
    as_director = (await client.get(case.url, headers=case.writer)).json()
    assert [(d["title"], d["role"]) for d in as_director] == list(roles.items())
    as_delegate = (await client.get(case.url, headers=case.reader)).json()
    assert [(d["title"], d["role"]) for d in as_delegate] == [
        ("Accord signé", "signed"),
        ("Accord anonymisé", "anonymised"),
    ]
    bad = await client.post(case.url, headers=case.writer, json={"document_id": 1, "role": "final"})
    assert [e["field"] for e in assert_problem(bad, 422)["errors"]] == ["role"]


async def test_a_role_belongs_to_a_negotiation_document_only(client: httpx.AsyncClient, world: World) -> None:
    case = await _qvt_action(client, world)
    doc = await _upload(client, world, "Fiche d'expérience")
    response = await client.post(case.url, headers=case.writer, json={"document_id": doc["id"], "role": "signed"})
    body = assert_problem(response, 422)
    assert [e["field"] for e in body["errors"]] == ["role"]
