"""Annex pages (issue 16 "Where documents attach"), on the local store and on S3 (moto): the documents of minutes,
of an SSCT mission (inspection reports, L2312-13), of a negotiation (drafts, the signed agreement and its
anonymised version for deposit, L2231-5-1) and of a QVT action (experience sheets), each linked from its own
page; a file uploaded on the annex page is attached at once with its SHA-256 and downloaded behind the cookie
session; a reader sees the list without the forms; a 415 is shown on the form and leaves no document behind;
adopted minutes are frozen with their annexes (L2315-34, 409); another organisation's target is a 404 page."""

from __future__ import annotations

import hashlib
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
from tests.api.test_pages import HTML, csrf_from
from tests.factories import (
    BodyWorld,
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
from tests.helpers.document_stores import document_store, s3_endpoint  # noqa: F401
from tests.helpers.keys import TEST_CHAIN_KEY
from tests.helpers.pages import sign_in_as

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"% rapport\n" * 100 + b"%%EOF\n"


@dataclass
class Place:
    """An annex page, the page that links to it, who attaches there and who only reads."""

    annexes: str
    source: str
    writer: Person
    reader: Person
    org_id: int
    director: Person


@pytest.fixture
async def cse(db: Any, frozen_clock: FrozenClock) -> BodyWorld:
    frozen_clock.set(date(2026, 2, 20))
    return await make_body(await make_organization(headcount=320), titulaires=1)


async def _minutes(client: httpx.AsyncClient, cse: BodyWorld, clock: FrozenClock, secret: str) -> Place:
    """Draft minutes: the secretary establishes them and alone reads the draft (D2315-26); a titular reads only
    once they are submitted, so the reader here is the secretary's page seen after a submission elsewhere."""
    meeting, _ = await make_held_meeting(cse, clock, starts_at=paris(2026, 3, 12))
    assert cse.secretary is not None and cse.president is not None
    await minutes.create_minutes(
        actor=cse.secretary.actor, meeting_id=meeting.id, data=MinutesCreate(), chain_key=TEST_CHAIN_KEY
    )
    return Place(
        f"/annexes/proces-verbal/{meeting.id}",
        f"/reunions/{meeting.id}/proces-verbal",
        cse.secretary,
        cse.secretary,
        cse.org.id,
        cse.president,
    )


async def _mission(client: httpx.AsyncClient, cse: BodyWorld, clock: FrozenClock, secret: str) -> Place:
    """An inspection conducted by a titular; a guest of the CSE reads its reports."""
    guest, _ = await add_member(cse, role=Role.guest)
    writer = cse.titulaires[0]
    payload = {"kind": "inspection", "planned_on": "2026-03-02", "place": "Cuisine centrale"}
    created = await client.post(
        f"/api/v1/bodies/{cse.id}/ssct-missions", headers=bearer_headers(writer, secret=secret), json=payload
    )
    assert created.status_code == 201, created.text
    assert cse.president is not None
    mission_id = created.json()["id"]
    return Place(
        f"/annexes/mission-ssct/{mission_id}",
        f"/instances/{cse.id}/missions-ssct",
        writer,
        guest,
        cse.org.id,
        cse.president,
    )


async def _negotiation(client: httpx.AsyncClient, cse: BodyWorld, clock: FrozenClock, secret: str) -> Place:
    """The direction manages the negotiation; the union delegate at its table reads."""
    table = await make_negotiation_table(cse.org)
    negotiation = await make_negotiation(table, opened_on=date(2026, 2, 1))
    assert table.president is not None
    return Place(
        f"/annexes/negociation/{negotiation.id}",
        f"/negociations/{negotiation.id}",
        table.president,
        table.others[0],
        cse.org.id,
        table.president,
    )


async def _action(client: httpx.AsyncClient, cse: BodyWorld, clock: FrozenClock, secret: str) -> Place:
    """The steering committee's secretary attaches experience sheets; an admin without a seat only reads."""
    steering = await make_body(cse.org, kind=BodyKind.qvt_steering)
    action = await make_action(steering)
    assert steering.secretary is not None and steering.president is not None
    return Place(
        f"/annexes/action-qvt/{action.id}",
        f"/actions-qvt/{action.id}",
        steering.secretary,
        cse.org.admin,
        cse.org.id,
        steering.president,
    )


PLACES: dict[str, Callable[[httpx.AsyncClient, BodyWorld, FrozenClock, str], Awaitable[Place]]] = {
    "minutes": _minutes,
    "ssct_mission": _mission,
    "negotiation": _negotiation,
    "qvt_action": _action,
}


async def _post_file(
    client: httpx.AsyncClient, page: str, content: bytes, name: str = "Rapport.pdf", **fields: str
) -> httpx.Response:
    token = csrf_from((await client.get(page, headers=HTML)).text)
    files = {"file": (name, content, "application/octet-stream")}
    return await client.post(f"{page}/depot", data={"_csrf_token": token, **fields}, files=files, headers=HTML)


@pytest.mark.usefixtures("document_store")
@pytest.mark.parametrize("kind", list(PLACES))
async def test_a_file_uploaded_on_the_annex_page_is_attached_and_downloaded(
    client: httpx.AsyncClient, cse: BodyWorld, frozen_clock: FrozenClock, settings: Any, kind: str
) -> None:
    place = await PLACES[kind](client, cse, frozen_clock, settings.secret_key.get_secret_value())
    await sign_in_as(client, place.writer)
    source = await client.get(place.source, headers=HTML)
    assert source.status_code == 200, source.text
    assert f'href="{place.annexes}"' in source.text
    page = await client.get(place.annexes, headers=HTML)
    assert page.status_code == 200, page.text
    assert "Aucun document joint pour l&#39;instant." in page.text and "Déposer et joindre" in page.text
    posted = await _post_file(client, place.annexes, PDF, title="Rapport de visite")
    assert posted.status_code == 303, posted.text
    assert posted.headers["location"] == f"{place.annexes}?fait=depose"
    page = await client.get(posted.headers["location"], headers=HTML)
    assert "Le document a été déposé et joint." in page.text and "Rapport de visite" in page.text
    assert hashlib.sha256(PDF).hexdigest() in page.text
    link = page.text.split('href="/documents/')[2].split('"')[0]
    downloaded = await client.get(f"/documents/{link}", headers=HTML)
    assert downloaded.status_code == 200 and downloaded.content == PDF


@pytest.mark.usefixtures("document_store")
@pytest.mark.parametrize("kind", ["ssct_mission", "negotiation", "qvt_action"])
async def test_a_reader_sees_the_annexes_without_the_forms(
    client: httpx.AsyncClient, cse: BodyWorld, frozen_clock: FrozenClock, settings: Any, kind: str
) -> None:
    secret = settings.secret_key.get_secret_value()
    place = await PLACES[kind](client, cse, frozen_clock, secret)
    await sign_in_as(client, place.writer)
    assert (await _post_file(client, place.annexes, PDF, title="Compte rendu")).status_code == 303
    await sign_in_as(client, place.reader)
    page = await client.get(place.annexes, headers=HTML)
    assert page.status_code == 200, page.text
    assert (
        "Compte rendu" in page.text and "Déposer et joindre" not in page.text and "Joindre un document" not in page.text
    )
    refused = await _post_file(client, place.annexes.replace("/annexes", "/annexes"), PDF, title="Intrus")
    assert refused.status_code == 403


@pytest.mark.usefixtures("document_store")
async def test_a_refused_type_is_shown_on_the_form_and_leaves_no_document(
    client: httpx.AsyncClient, cse: BodyWorld, frozen_clock: FrozenClock, settings: Any
) -> None:
    secret = settings.secret_key.get_secret_value()
    place = await _mission(client, cse, frozen_clock, secret)
    await sign_in_as(client, place.writer)
    exe = await _post_file(client, place.annexes, b"MZ\x90\x00" + b"\x00" * 300, "outil.exe", title="Outil")
    assert exe.status_code == 415
    assert "Type de fichier non accepté" in exe.text and "Le formulaire n&#39;a pas été enregistré." in exe.text
    listed = await client.get(
        f"/api/v1/organizations/{place.org_id}/documents", headers=bearer_headers(place.director, secret=secret)
    )
    assert [d["title"] for d in listed.json()["items"]] == []


@pytest.mark.usefixtures("document_store")
async def test_a_negotiation_attaches_an_existing_document_as_the_signed_agreement(
    client: httpx.AsyncClient, cse: BodyWorld, frozen_clock: FrozenClock, settings: Any
) -> None:
    """L2231-5-1: the signed agreement and its anonymised version for deposit, each with its role."""
    secret = settings.secret_key.get_secret_value()
    place = await _negotiation(client, cse, frozen_clock, secret)
    headers = bearer_headers(place.writer, secret=secret)
    signed = await upload(client, headers, place.org_id, "Accord salaires 2026")
    await sign_in_as(client, place.writer)
    page = await client.get(place.annexes, headers=HTML)
    assert "Joindre un document existant" in page.text and "Accord salaires 2026 (version 1)" in page.text
    data = {"_csrf_token": csrf_from(page.text), "document_id": str(signed["id"]), "role": "signed"}
    attached = await client.post(place.annexes, data=data, headers=HTML)
    assert attached.status_code == 303 and attached.headers["location"] == f"{place.annexes}?fait=joint"
    anonymised = await _post_file(
        client, place.annexes, PDF, "Accord anonymisé.pdf", title="Version de dépôt", role="anonymised"
    )
    assert anonymised.status_code == 303, anonymised.text
    page = await client.get(place.annexes, headers=HTML)
    assert "Accord signé</td>" in page.text and "Version anonymisée pour le dépôt (L2231-5-1)</td>" in page.text
    again = await client.post(place.annexes, data=data, headers=HTML)
    assert again.status_code == 409 and "Ce document est déjà joint." in again.text
    api = await client.get(f"/api/v1/negotiations/{place.annexes.rsplit('/', 1)[1]}/documents", headers=headers)
    assert [(d["title"], d["role"]) for d in api.json()] == [
        ("Accord salaires 2026", "signed"),
        ("Version de dépôt", "anonymised"),
    ]


@pytest.mark.usefixtures("document_store")
async def test_adopted_minutes_show_their_annexes_frozen(
    client: httpx.AsyncClient, cse: BodyWorld, frozen_clock: FrozenClock
) -> None:
    """L2315-34: adopted minutes are sealed with their SHA-256; the page says so and an upload is 409."""
    published = await make_published_minutes(cse, frozen_clock, held_at=paris(2026, 3, 12))
    assert cse.secretary is not None
    await sign_in_as(client, cse.secretary)
    annexes = f"/annexes/proces-verbal/{published.meeting_id}"
    page = await client.get(annexes, headers=HTML)
    assert page.status_code == 200, page.text
    assert "figé avec ses annexes" in page.text and "Déposer et joindre" not in page.text
    token = csrf_from(page.text)
    files = {"file": ("Tardive.pdf", PDF, "application/pdf")}
    late = await client.post(f"{annexes}/depot", data={"_csrf_token": token}, files=files, headers=HTML)
    assert late.status_code == 409 and "figé avec ses annexes" in late.text


async def test_another_organisations_target_is_a_404_page(
    client: httpx.AsyncClient, cse: BodyWorld, frozen_clock: FrozenClock, settings: Any
) -> None:
    place = await _mission(client, cse, frozen_clock, settings.secret_key.get_secret_value())
    neighbour = await make_organization()
    await sign_in_as(client, neighbour.admin)
    assert (await client.get(place.annexes, headers=HTML)).status_code == 404
    assert (await client.get("/annexes/inconnu/1", headers=HTML)).status_code == 404
