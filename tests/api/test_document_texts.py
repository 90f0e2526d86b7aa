"""Texts of the CSE over HTTP: a document's kind at upload and through PATCH, the CSE consultation on a DUERP
version (L4121-3), and `dialogue purge` (documents/retention.py): a dry run lists, a real purge deletes the bytes
from the store (both stores) and a purged version answers 410, while the DUERP in force and any DUERP version
younger than 40 years (L4121-3-1, R4121-4) stay."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pytest

from dialogue.audit.tables import AuditEvent
from dialogue.documents import texts
from dialogue.documents.commands import purge_command
from dialogue.documents.tables import DocumentVersion
from dialogue.documents.texts_schemas import PurgeLine
from tests.factories import BodyWorld, bearer_headers, make_body, make_consultation, make_organization
from tests.helpers.clock import FrozenClock
from tests.helpers.document_stores import document_store, s3_endpoint  # noqa: F401
from tests.helpers.problems import assert_problem

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"% filler line\n" * 200 + b"%%EOF\n"


@dataclass
class World:
    cse: BodyWorld
    director: dict[str, str]
    elu: dict[str, str]
    neighbour: dict[str, str]
    neighbour_cse: BodyWorld


@pytest.fixture
async def world(db: Any, settings: Any) -> World:
    cse = await make_body(await make_organization(), titulaires=1)
    neighbour_cse = await make_body(await make_organization(), titulaires=0)
    assert cse.president is not None
    secret = settings.secret_key.get_secret_value()
    return World(
        cse=cse,
        director=bearer_headers(cse.president, secret=secret),
        elu=bearer_headers(cse.titulaires[0], secret=secret),
        neighbour=bearer_headers(neighbour_cse.org.admin, secret=secret),
        neighbour_cse=neighbour_cse,
    )


async def _upload(client: httpx.AsyncClient, world: World, *, content: bytes = PDF, **fields: str) -> dict[str, Any]:
    files = {"file": ("texte.pdf", content, "application/pdf")}
    url = f"/api/v1/organizations/{world.cse.org.id}/documents"
    response = await client.post(url, headers=world.director, files=files, data=fields)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def _new_version(client: httpx.AsyncClient, world: World, document_id: int, content: bytes) -> None:
    files = {"file": ("texte v2.pdf", content, "application/pdf")}
    response = await client.post(f"/api/v1/documents/{document_id}/versions", headers=world.director, files=files)
    assert response.status_code == 201, response.text


@pytest.mark.usefixtures("document_store")
async def test_kind_set_at_upload_then_changed_with_patch(client: httpx.AsyncClient, world: World) -> None:
    doc = await _upload(client, world, title="DUERP 2026", kind="duerp")
    assert doc["kind"] == "duerp"
    response = await client.patch(
        f"/api/v1/documents/{doc['id']}",
        headers=world.director,
        json={"title": "PAPRIPACT 2026", "kind": "papripact", "confidential": True},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["title"], body["kind"], body["confidential"], body["version"]) == (
        "PAPRIPACT 2026",
        "papripact",
        True,
        1,
    )
    read = (await client.get(f"/api/v1/documents/{doc['id']}", headers=world.director)).json()
    assert (read["title"], read["kind"]) == ("PAPRIPACT 2026", "papripact")
    audit = await AuditEvent.select(AuditEvent.action).where(
        (AuditEvent.entity == "document") & (AuditEvent.entity_id == str(doc["id"]))
    )
    assert [row["action"] for row in audit] == ["document.uploaded", "document.updated"]


@pytest.mark.usefixtures("document_store")
async def test_kind_defaults_to_other_and_an_unknown_kind_is_422(client: httpx.AsyncClient, world: World) -> None:
    doc = await _upload(client, world)
    assert doc["kind"] == "other"
    files = {"file": ("texte.pdf", PDF, "application/pdf")}
    url = f"/api/v1/organizations/{world.cse.org.id}/documents"
    refused = await client.post(url, headers=world.director, files=files, data={"kind": "minutes"})
    body = assert_problem(refused, 422, "invalid_input")
    assert body["errors"][0]["field"] == "kind"
    listed = (await client.get(url, headers=world.director)).json()
    assert listed["total"] == 1
    patched = await client.patch(f"/api/v1/documents/{doc['id']}", headers=world.director, json={"kind": "minutes"})
    assert_problem(patched, 422)


@pytest.mark.usefixtures("document_store")
async def test_patch_is_for_those_who_upload_and_404_elsewhere(client: httpx.AsyncClient, world: World) -> None:
    doc = await _upload(client, world)
    url = f"/api/v1/documents/{doc['id']}"
    assert_problem(await client.patch(url, headers=world.elu, json={"kind": "pv"}), 403, "forbidden")
    assert_problem(await client.patch(url, headers=world.neighbour, json={"kind": "pv"}), 404, "not_found")
    read = (await client.get(url, headers=world.director)).json()
    assert read["kind"] == "other"


@pytest.mark.usefixtures("document_store")
async def test_l4121_3_duerp_version_linked_to_its_cse_consultation(client: httpx.AsyncClient, world: World) -> None:
    doc = await _upload(client, world, kind="duerp")
    consultation = await make_consultation(world.cse, informed_on=date(2026, 3, 2), subject="Mise à jour du DUERP")
    url = f"/api/v1/documents/{doc['id']}/versions/1/consultation"
    response = await client.post(url, headers=world.director, json={"consultation_id": consultation.id})
    assert response.status_code == 200, response.text
    assert response.json()["versions"][0]["consultation_id"] == consultation.id
    elsewhere = await make_consultation(world.neighbour_cse, informed_on=date(2026, 3, 2))
    refused = await client.post(url, headers=world.director, json={"consultation_id": elsewhere.id})
    assert assert_problem(refused, 422, "invalid_input")["errors"][0]["field"] == "consultation_id"
    missing = f"/api/v1/documents/{doc['id']}/versions/2/consultation"
    assert_problem(await client.post(missing, headers=world.director, json={"consultation_id": consultation.id}), 404)
    assert_problem(await client.post(url, headers=world.elu, json={"consultation_id": consultation.id}), 403)
    unlinked = await client.post(url, headers=world.director, json={"consultation_id": None})
    assert unlinked.status_code == 200, unlinked.text
    assert unlinked.json()["versions"][0]["consultation_id"] is None


def _listed(lines: list[PurgeLine]) -> list[tuple[int, int, str, date]]:
    return [(line.document_id, line.version, line.kind, line.until) for line in lines]


async def test_purge_dry_run_lists_then_purge_deletes_the_bytes_and_answers_410(
    client: httpx.AsyncClient,
    world: World,
    frozen_clock: FrozenClock,
    document_store: Any,  # noqa: F811
) -> None:
    frozen_clock.set(date(2026, 3, 1))
    duerp = await _upload(client, world, kind="duerp", title="DUERP")
    accounts = await _upload(client, world, kind="comptes", title="Comptes 2025")
    minutes = await _upload(client, world, kind="pv", title="PV du 12 février")
    kept = await _upload(client, world, kind="registre", title="Registre DGI")
    frozen_clock.set(date(2027, 3, 1))
    second = PDF + b"% mise a jour 2027\n"
    await _new_version(client, world, duerp["id"], second)
    org = world.cse.org.id

    before_40 = await texts.purge(today=date(2066, 3, 1), overrides={}, dry_run=True, organization_id=org)
    assert _listed(before_40) == [
        (accounts["id"], 1, "comptes", date(2036, 3, 1)),
        (minutes["id"], 1, "pv", date(2036, 3, 1)),
    ]
    dry = await texts.purge(today=date(2066, 3, 2), overrides={}, dry_run=True, organization_id=org)
    assert _listed(dry) == [
        (duerp["id"], 1, "duerp", date(2066, 3, 1)),
        (accounts["id"], 1, "comptes", date(2036, 3, 1)),
        (minutes["id"], 1, "pv", date(2036, 3, 1)),
    ]
    assert {line.purged for line in dry} == {False}
    old = await client.get(f"/api/v1/documents/{duerp['id']}/content?version=1", headers=world.director)
    assert old.content == PDF

    keys = await DocumentVersion.select(DocumentVersion.storage_key, DocumentVersion.version).where(
        DocumentVersion.document == duerp["id"]
    )
    done = await texts.purge(today=date(2066, 3, 2), overrides={}, dry_run=False, organization_id=org)
    assert _listed(done) == _listed(dry)
    assert {line.purged for line in done} == {True}

    gone = await client.get(f"/api/v1/documents/{duerp['id']}/content?version=1", headers=world.director)
    assert "conservation" in assert_problem(gone, 410, "gone")["detail"]
    current = await client.get(f"/api/v1/documents/{duerp['id']}/content", headers=world.director)
    assert (current.status_code, current.content) == (200, second)
    assert_problem(await client.get(f"/api/v1/documents/{accounts['id']}/content", headers=world.director), 410)
    registre = await client.get(f"/api/v1/documents/{kept['id']}/content", headers=world.director)
    assert (registre.status_code, registre.content) == (200, PDF)

    read = (await client.get(f"/api/v1/documents/{duerp['id']}", headers=world.director)).json()
    assert [(v["version"], v["purged_at"] is None, v["sha256"]) for v in read["versions"]] == [
        (2, True, read["sha256"]),
        (1, False, duerp["sha256"]),
    ]
    purged_key = next(row["storage_key"] for row in keys if row["version"] == 1)
    with pytest.raises(FileNotFoundError):
        [chunk async for chunk in document_store.open(purged_key)]
    audit = await AuditEvent.count().where(
        (AuditEvent.action == "document.version_purged") & (AuditEvent.organization == org)
    )
    assert audit == 3
    assert await texts.purge(today=date(2100, 1, 1), overrides={}, dry_run=False, organization_id=org) == []


@pytest.mark.usefixtures("document_store")
async def test_purge_command_prints_what_would_go_and_refuses_a_duerp_under_40_years(
    client: httpx.AsyncClient,
    world: World,
    frozen_clock: FrozenClock,
    settings: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    frozen_clock.set(date(2026, 3, 1))
    accounts = await _upload(client, world, kind="comptes", title="Comptes 2025")
    org = world.cse.org.id
    code = await purge_command(settings=settings, dry_run=True, today=date(2036, 3, 2), organization_id=org)
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out == [
        "organisation\tdocument\tversion\tnature\tdéposée le\tconservée jusqu'au\ttitre",
        f"{org}\t{accounts['id']}\t1\tcomptes\t2026-03-01\t2036-03-01\tComptes 2025",
        "1 version(s) à effacer (simulation, rien n'est effacé).",
    ]
    short = settings.model_copy(update={"document_retention_years": {"duerp": 30}})
    assert await purge_command(settings=short, dry_run=False, today=date(2036, 3, 2), organization_id=org) == 2
    assert "duerp: at least 40 years" in capsys.readouterr().err
    still = await client.get(f"/api/v1/documents/{accounts['id']}/content", headers=world.director)
    assert (still.status_code, still.content) == (200, PDF)
