"""Attached documents (CONTRACT.md "Additions" → attached documents; issue 16 "Where documents attach"): exact
statuses, another organisation's document 422 and another organisation's item 404, a confidential document hidden
from a guest (L2315-3), the communication date stamped by the convocation and the consultation's `informed_on`
following it (R2312-5: a consultation whose documents were sent with the convocation of 2 March counts from
2 March), the override with a reason, and the convocation mail listing the annexes with their SHA-256."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from dialogue.bodies.schemas import Role
from dialogue.notifications.tables import OutboxMessage
from tests.api.meeting_helpers import add_item, agree_agenda, paris
from tests.api.test_pages import HTML, csrf_from
from tests.factories import PASSWORD, BodyWorld, add_member, bearer_headers, make_body, make_meeting, make_organization
from tests.helpers.clock import FrozenClock, machine_time
from tests.helpers.problems import assert_problem

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"% annexe\n" * 200 + b"%%EOF\n"


@pytest.fixture
def local_store(tmp_path: Path) -> Iterator[None]:
    from dialogue.documents.storage import store_from_url, use_store

    previous = use_store(store_from_url(tmp_path.as_uri()))
    try:
        yield
    finally:
        use_store(previous)


@dataclass
class World:
    cse: BodyWorld
    secretary: dict[str, str]
    director: dict[str, str]
    elu: dict[str, str]
    guest: dict[str, str]
    neighbour: dict[str, str]
    neighbour_org: int


@pytest.fixture
async def world(db: Any, settings: Any, local_store: None, frozen_clock: FrozenClock) -> World:
    frozen_clock.set(date(2026, 2, 20))
    cse = await make_body(await make_organization(headcount=320), titulaires=1)
    guest, _ = await add_member(cse, role=Role.guest)
    neighbour = await make_organization()
    assert cse.secretary is not None and cse.president is not None
    secret = settings.secret_key.get_secret_value()
    return World(
        cse=cse,
        secretary=bearer_headers(cse.secretary, secret=secret),
        director=bearer_headers(cse.president, secret=secret),
        elu=bearer_headers(cse.titulaires[0], secret=secret),
        guest=bearer_headers(guest, secret=secret),
        neighbour=bearer_headers(neighbour.admin, secret=secret),
        neighbour_org=neighbour.id,
    )


async def _upload(
    client: httpx.AsyncClient, headers: dict[str, str], org: int, title: str, *, confidential: bool = False
) -> dict[str, Any]:
    files = {"file": (f"{title}.pdf", PDF + title.encode(), "application/pdf")}
    data = {"title": title, "confidential": "true" if confidential else "false"}
    response = await client.post(f"/api/v1/organizations/{org}/documents", headers=headers, files=files, data=data)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def _meeting_with_item(client: httpx.AsyncClient, world: World, **item: Any) -> tuple[int, int]:
    """A draft meeting on 12 March 2026 with one item (an information item unless `item` is given)."""
    meeting = await make_meeting(world.cse, starts_at=paris(2026, 3, 12), items=())
    fields = item or {"title": "Bilan social", "kind": "information"}
    added = await add_item(client, world.secretary, meeting.id, **fields)
    return meeting.id, int(added["id"])


async def _convene(client: httpx.AsyncClient, world: World, meeting_id: int) -> None:
    await agree_agenda(client, world.secretary, world.director, meeting_id)
    response = await client.post(f"/api/v1/meetings/{meeting_id}/convene", headers=world.secretary, json={})
    assert response.status_code == 200, response.text


async def test_attach_to_an_item_lists_it_and_refuses_it_twice(client: httpx.AsyncClient, world: World) -> None:
    doc = await _upload(client, world.secretary, world.cse.org.id, "Bilan social 2025")
    _, item = await _meeting_with_item(client, world)
    url = f"/api/v1/agenda-items/{item}/documents"
    response = await client.post(url, headers=world.secretary, json={"document_id": doc["id"]})
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["document_id"], body["target_kind"], body["target_id"]) == (doc["id"], "agenda_item", item)
    assert body["sha256"] == doc["sha256"]
    assert (body["version"], body["communicated_on"]) == (1, None)
    listed = await client.get(url, headers=world.elu)
    assert listed.status_code == 200
    assert [d["title"] for d in listed.json()] == ["Bilan social 2025"]
    again = await client.post(url, headers=world.secretary, json={"document_id": doc["id"]})
    assert_problem(again, 409, "already_attached")


async def test_only_who_draws_up_the_agenda_attaches(client: httpx.AsyncClient, world: World) -> None:
    doc = await _upload(client, world.secretary, world.cse.org.id, "Note")
    meeting, _ = await _meeting_with_item(client, world)
    response = await client.post(
        f"/api/v1/meetings/{meeting}/documents", headers=world.elu, json={"document_id": doc["id"]}
    )
    assert_problem(response, 403)


async def test_another_organisations_document_is_422_and_its_item_404(client: httpx.AsyncClient, world: World) -> None:
    theirs = await _upload(client, world.neighbour, world.neighbour_org, "Leur document")
    ours = await _upload(client, world.secretary, world.cse.org.id, "Notre document")
    meeting, item = await _meeting_with_item(client, world)
    foreign = await client.post(
        f"/api/v1/agenda-items/{item}/documents", headers=world.secretary, json={"document_id": theirs["id"]}
    )
    body = assert_problem(foreign, 422)
    assert [e["field"] for e in body["errors"]] == ["document_id"]
    intruder = await client.post(
        f"/api/v1/meetings/{meeting}/documents", headers=world.neighbour, json={"document_id": ours["id"]}
    )
    assert_problem(intruder, 404)


async def test_a_confidential_document_is_hidden_from_a_guest(client: httpx.AsyncClient, world: World) -> None:
    """L2315-3: confidential information is for the employer and the CSE's delegation, not its guests."""
    public = await _upload(client, world.director, world.cse.org.id, "Calendrier")
    secret = await _upload(client, world.director, world.cse.org.id, "Prévisionnel", confidential=True)
    meeting, _ = await _meeting_with_item(client, world)
    url = f"/api/v1/meetings/{meeting}/documents"
    for doc in (public, secret):
        response = await client.post(url, headers=world.director, json={"document_id": doc["id"]})
        assert response.status_code == 201, response.text
    as_elu = await client.get(url, headers=world.elu)
    assert [(d["title"], d["confidential"]) for d in as_elu.json()] == [("Calendrier", False), ("Prévisionnel", True)]
    as_guest = await client.get(url, headers=world.guest)
    assert as_guest.status_code == 200
    assert [d["title"] for d in as_guest.json()] == ["Calendrier"]


async def test_detach_before_the_convocation_only(
    client: httpx.AsyncClient, world: World, frozen_clock: FrozenClock
) -> None:
    first = await _upload(client, world.secretary, world.cse.org.id, "Brouillon")
    second = await _upload(client, world.secretary, world.cse.org.id, "Définitif")
    meeting, item = await _meeting_with_item(client, world)
    url = f"/api/v1/agenda-items/{item}/documents"
    for doc in (first, second):
        assert (await client.post(url, headers=world.secretary, json={"document_id": doc["id"]})).status_code == 201
    removed = await client.delete(f"{url}/{first['id']}", headers=world.secretary)
    assert removed.status_code == 204
    assert_problem(await client.delete(f"{url}/{first['id']}", headers=world.secretary), 404)
    frozen_clock.set(date(2026, 3, 2))
    await _convene(client, world, meeting)
    kept = await client.delete(f"{url}/{second['id']}", headers=world.secretary)
    assert_problem(kept, 409, "attachment_communicated")
    listed = (await client.get(url, headers=world.secretary)).json()
    assert [(d["title"], d["communicated_on"]) for d in listed] == [("Définitif", "2026-03-02")]


async def _consultation(client: httpx.AsyncClient, world: World, informed_on: str) -> int:
    response = await client.post(
        f"/api/v1/bodies/{world.cse.id}/consultations",
        headers=world.secretary,
        json={"subject": "Réorganisation du service de nuit", "kind": "ponctual", "informed_on": informed_on},
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def test_documents_sent_with_the_convocation_of_2_march_start_the_delay_on_2_march(
    client: httpx.AsyncClient, world: World, frozen_clock: FrozenClock
) -> None:
    """R2312-5: the delay runs from the communication of the information — here the convocation of 2 March."""
    consultation = await _consultation(client, world, "2026-02-20")
    doc = await _upload(client, world.director, world.cse.org.id, "Projet de réorganisation")
    meeting, item = await _meeting_with_item(
        client, world, title="Réorganisation", kind="consultation", consultation_id=consultation
    )
    attached = await client.post(
        f"/api/v1/agenda-items/{item}/documents", headers=world.secretary, json={"document_id": doc["id"]}
    )
    assert attached.status_code == 201, attached.text
    before = (await client.get(f"/api/v1/consultations/{consultation}", headers=world.secretary)).json()
    assert before["informed_on"] == "2026-02-20"
    frozen_clock.set(date(2026, 3, 2))
    await _convene(client, world, meeting)
    after = (await client.get(f"/api/v1/consultations/{consultation}", headers=world.secretary)).json()
    assert (after["informed_on"], after["deadline"]) == ("2026-03-02", "2026-04-02")
    assert after["informed_on_override_reason"] is None
    given = (await client.get(f"/api/v1/consultations/{consultation}/documents", headers=world.elu)).json()
    assert [(d["title"], d["target_kind"], d["communicated_on"]) for d in given] == [
        ("Projet de réorganisation", "agenda_item", "2026-03-02")
    ]
    mails = await OutboxMessage.select(OutboxMessage.body_text).where(OutboxMessage.kind == "convocation")
    sent = [m["body_text"] for m in mails if f"SHA-256 : {doc['sha256']}" in m["body_text"]]
    assert len(sent) == len(world.cse.members) + 1  # every member convoked, the guest too
    assert "Projet de réorganisation (Projet de réorganisation.pdf), version 1, point 1" in sent[0]


async def test_the_convocation_mail_gives_a_confidential_annex_a_neutral_label(
    client: httpx.AsyncClient, world: World, frozen_clock: FrozenClock
) -> None:
    secret = await _upload(client, world.director, world.cse.org.id, "Comptes prévisionnels", confidential=True)
    meeting, _ = await _meeting_with_item(client, world)
    response = await client.post(
        f"/api/v1/meetings/{meeting}/documents", headers=world.director, json={"document_id": secret["id"]}
    )
    assert response.status_code == 201, response.text
    frozen_clock.set(date(2026, 3, 2))
    await _convene(client, world, meeting)
    mails = await OutboxMessage.select(OutboxMessage.body_text).where(OutboxMessage.kind == "convocation")
    mine = [m["body_text"] for m in mails if secret["sha256"] in m["body_text"]]
    assert mine
    assert all("Document confidentiel, version 1" in text for text in mine)
    assert not any("Comptes prévisionnels" in text for text in mine)


async def test_informed_on_set_by_hand_needs_a_reason_and_then_stays(
    client: httpx.AsyncClient, world: World, frozen_clock: FrozenClock
) -> None:
    consultation = await _consultation(client, world, "2026-02-20")
    first = await _upload(client, world.director, world.cse.org.id, "Note d'information")
    frozen_clock.set(date(2026, 3, 5))
    url = f"/api/v1/consultations/{consultation}/documents"
    attached = await client.post(url, headers=world.director, json={"document_id": first["id"]})
    assert attached.status_code == 201, attached.text
    assert attached.json()["communicated_on"] == "2026-03-05"
    moved = (await client.get(f"/api/v1/consultations/{consultation}", headers=world.director)).json()
    assert moved["informed_on"] == "2026-03-05"
    patch_url = f"/api/v1/consultations/{consultation}"
    bare = await client.patch(patch_url, headers=world.secretary, json={"informed_on": "2026-03-03"})
    body = assert_problem(bare, 422)
    assert [e["field"] for e in body["errors"]] == ["informed_on_reason"]
    reason = "Note remise en main propre en réunion préparatoire le 3 mars"
    kept = await client.patch(
        patch_url, headers=world.secretary, json={"informed_on": "2026-03-03", "informed_on_reason": reason}
    )
    assert kept.status_code == 200, kept.text
    assert (kept.json()["informed_on"], kept.json()["informed_on_override_reason"]) == ("2026-03-03", reason)
    second = await _upload(client, world.director, world.cse.org.id, "Complément")
    frozen_clock.set(date(2026, 3, 6))
    assert (await client.post(url, headers=world.director, json={"document_id": second["id"]})).status_code == 201
    still = (await client.get(patch_url, headers=world.director)).json()
    assert (still["informed_on"], still["deadline"]) == ("2026-03-03", "2026-04-03")


async def test_the_agenda_page_lists_and_attaches_an_items_documents(client: httpx.AsyncClient, world: World) -> None:
    """The secretary picks one of the organisation's documents for an item (a labelled select, a button); the
    item then shows its title, version, short SHA-256 and download link."""
    doc = await _upload(client, world.secretary, world.cse.org.id, "Bilan social 2025")
    meeting, item = await _meeting_with_item(client, world)
    assert world.cse.secretary is not None
    form = await client.get("/connexion?next=/", headers=HTML)
    with machine_time():
        signed = await client.post(
            "/connexion",
            data={
                "email": world.cse.secretary.email,
                "password": PASSWORD,
                "next": "/",
                "_csrf_token": csrf_from(form.text),
            },
            headers=HTML,
        )
    assert signed.status_code == 303, signed.text
    page = await client.get(f"/reunions/{meeting}", headers=HTML)
    assert page.status_code == 200
    assert f'<label for="doc-{item}">Joindre un document' in page.text
    posted = await client.post(
        f"/points/{item}/documents",
        data={"document_id": str(doc["id"]), "_csrf_token": csrf_from(page.text)},
        headers=HTML,
    )
    assert posted.status_code == 303
    assert posted.headers["location"] == f"/reunions/{meeting}?fait=document#point-{item}"
    shown = await client.get(posted.headers["location"], headers=HTML)
    assert "Le document a été joint au point." in shown.text
    assert f'href="/api/v1/documents/{doc["id"]}/content?version=1">Bilan social 2025</a>' in shown.text
    assert f"{doc['sha256'][:12]}…" in shown.text


def _pdf_text(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is needed")
async def test_the_convocation_pdf_lists_the_annexes_with_their_sha256(client: httpx.AsyncClient, world: World) -> None:
    """The convocation PDF (letter, agenda, annexes) names each annex with its SHA-256, read back by pdftotext."""
    doc = await _upload(client, world.secretary, world.cse.org.id, "Bilan social 2025")
    meeting, item = await _meeting_with_item(client, world)
    attached = await client.post(
        f"/api/v1/agenda-items/{item}/documents", headers=world.secretary, json={"document_id": doc["id"]}
    )
    assert attached.status_code == 201, attached.text
    await _convene(client, world, meeting)
    pdf = await client.get(f"/api/v1/meetings/{meeting}/convocation.pdf", headers=world.elu)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    text = _pdf_text(pdf.content)
    assert "Bilan social 2025" in text and doc["sha256"][:16] in text
