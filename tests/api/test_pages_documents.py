"""Document pages, on the local store and on S3 (moto): the list with the demo's documents, an upload through the
page (CSRF token before the file, checked by the page itself), a new version, the bytes of a version behind the
cookie session, 413 and 415 shown on the form, the confidential document (L2315-3) a 404 page for a board
member, the English page; the demo's documents and the BDESE export holding a linked document's bytes; a document's
kind, its purged version shown without a link, and the consultation linked to a version (L4121-3)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import httpx
import pytest

from dialogue.core.clock import local_today
from dialogue.documents import texts
from tests.api.test_pages import HTML, csrf_from, sign_in
from tests.factories import bearer_headers, make_body, make_consultation, make_organization
from tests.helpers.clock import FrozenClock
from tests.helpers.document_stores import document_store, s3_endpoint  # noqa: F401
from tests.helpers.pages import sign_in_as

Auth = Callable[[str], Awaitable[dict[str, str]]]
YEAR = local_today().year
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"% filler line\n" * 200 + b"%%EOF\n"
PDF_V2 = PDF.replace(b"filler", b"second")


async def _org(client: httpx.AsyncClient, headers: dict[str, str]) -> int:
    return int((await client.get("/api/v1/me", headers=headers)).json()["organization_id"])


async def _documents(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    oid = await _org(client, headers)
    page = (await client.get(f"/api/v1/organizations/{oid}/documents", headers=headers)).json()
    return {d["title"]: d for d in page["items"]}


async def _post_file(
    client: httpx.AsyncClient, path: str, form_path: str, content: bytes, name: str = "Note.pdf", **fields: str
) -> httpx.Response:
    token = csrf_from((await client.get(form_path, headers=HTML)).text)
    files = {"file": (name, content, "application/octet-stream")}
    return await client.post(path, data={"_csrf_token": token, **fields}, files=files, headers=HTML)


async def test_list_shows_documents_confidential_mark_and_upload_form(client: httpx.AsyncClient, auth: Auth) -> None:
    oid = await _org(client, await auth("direction@demo.example"))
    await sign_in(client, "direction@demo.example")
    page = await client.get(f"/organisations/{oid}/documents", headers=HTML)
    assert page.status_code == 200, page.text
    assert f"Bilan social {YEAR - 1}" in page.text and "text/csv" in page.text
    assert f"Prévisions budgétaires {YEAR + 1}" in page.text and "Confidentiel" in page.text
    assert 'enctype="multipart/form-data"' in page.text and "Déposer un document" in page.text
    assert f'href="/organisations/{oid}/documents" aria-current="page">Documents</a>' in page.text
    assert f'href="/organisations/{oid}/bdese"' in page.text


@pytest.mark.usefixtures("document_store")
async def test_upload_through_the_page_then_a_version_then_download(client: httpx.AsyncClient, auth: Auth) -> None:
    oid = await _org(client, await auth("direction@demo.example"))
    await sign_in(client, "direction@demo.example")
    listing = f"/organisations/{oid}/documents"
    created = await _post_file(client, listing, listing, PDF, "Avis.pdf", title="Avis du CSE", confidential="1")
    assert created.status_code == 303, created.text
    location = created.headers["location"]
    assert location.endswith("?fait=depose")
    page = await client.get(location, headers=HTML)
    assert "Avis du CSE" in page.text and "Le document a été déposé." in page.text
    assert "Document confidentiel" in page.text and "Journal des accès" in page.text
    doc_path = location.split("?")[0]
    again = await _post_file(client, f"{doc_path}/versions", doc_path, PDF_V2, "Avis v2.pdf")
    assert again.status_code == 303 and again.headers["location"] == f"{doc_path}?fait=version"
    page = await client.get(doc_path, headers=HTML)
    assert "Avis v2.pdf" in page.text and "Avis.pdf" in page.text and "(courante)" in page.text
    first = await client.get(f"{doc_path}/contenu?version=1", headers=HTML)
    assert first.status_code == 200 and first.content == PDF
    current = await client.get(f"{doc_path}/contenu", headers=HTML)
    assert current.content == PDF_V2 and "Avis%20v2.pdf" in current.headers["content-disposition"]
    page = await client.get(doc_path, headers=HTML)
    assert "Téléchargement" in page.text and "Première consultation" in page.text


@pytest.mark.usefixtures("document_store")
async def test_upload_without_csrf_token_refused(client: httpx.AsyncClient, auth: Auth) -> None:
    headers = await auth("direction@demo.example")
    oid = await _org(client, headers)
    await sign_in(client, "direction@demo.example")
    files = {"file": ("Avis.pdf", PDF, "application/pdf")}
    refused = await client.post(f"/organisations/{oid}/documents", data={"title": "X"}, files=files, headers=HTML)
    assert refused.status_code == 403
    assert "X" not in await _documents(client, headers)


@pytest.mark.usefixtures("document_store")
async def test_415_and_413_shown_on_the_form(
    client: httpx.AsyncClient, auth: Auth, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    oid = await _org(client, await auth("direction@demo.example"))
    await sign_in(client, "direction@demo.example")
    listing = f"/organisations/{oid}/documents"
    exe = await _post_file(client, listing, listing, b"MZ\x90\x00" + b"\x00" * 300, "outil.exe")
    assert exe.status_code == 415
    assert "Type de fichier non accepté" in exe.text and "Le formulaire n&#39;a pas été enregistré." in exe.text
    monkeypatch.setattr(app.state, "settings", app.state.settings.model_copy(update={"max_upload_mb": 1}))
    big = PDF + b"% padding\n" * 120_000
    too_large = await _post_file(client, listing, listing, big, "Gros.pdf")
    assert too_large.status_code == 413
    assert "taille maximale acceptée (1 Mo)" in too_large.text


async def test_confidential_document_is_a_404_page_for_a_board_member(client: httpx.AsyncClient, auth: Auth) -> None:
    documents = await _documents(client, await auth("direction@demo.example"))
    secret = documents[f"Prévisions budgétaires {YEAR + 1}"]
    assert secret["confidential"] is True
    oid = secret["organization_id"]
    await sign_in(client, "gouvernance@demo.example")
    listing = await client.get(f"/organisations/{oid}/documents", headers=HTML)
    assert listing.status_code == 200 and "Prévisions budgétaires" not in listing.text
    assert f"Bilan social {YEAR - 1}" in listing.text and "Déposer un document" not in listing.text
    assert (await client.get(f"/documents/{secret['id']}", headers=HTML)).status_code == 404
    assert (await client.get(f"/documents/{secret['id']}/contenu", headers=HTML)).status_code == 404
    plain = await client.get(f"/documents/{documents[f'Bilan social {YEAR - 1}']['id']}", headers=HTML)
    assert plain.status_code == 200 and "Journal des accès" not in plain.text


async def test_english_page(client: httpx.AsyncClient, auth: Auth) -> None:
    documents = await _documents(client, await auth("direction@demo.example"))
    rules = documents[f"Règlement intérieur du CSE ({YEAR - 1})"]
    await sign_in(client, "direction@demo.example")
    client.cookies.set("lang", "en")
    page = await client.get(f"/documents/{rules['id']}", headers=HTML)
    assert page.status_code == 200 and '<html lang="en">' in page.text
    assert "Upload a new version" in page.text and "Access log" in page.text and "SHA-256 digest" in page.text
    listing = await client.get(f"/organisations/{rules['organization_id']}/documents", headers=HTML)
    assert "Upload a document" in listing.text and "Confidential" in listing.text


async def test_demo_documents_are_stored_and_linked_to_the_bdese(client: httpx.AsyncClient, auth: Auth) -> None:
    headers = await auth("direction@demo.example")
    documents = await _documents(client, headers)
    assert {"Procès-verbal de la réunion du 12 novembre", f"Bilan social {YEAR - 1}"} <= set(documents)
    bilan = documents[f"Bilan social {YEAR - 1}"]
    assert bilan["media_type"] == "text/csv"
    rules = documents[f"Règlement intérieur du CSE ({YEAR - 1})"]
    content = await client.get(f"/api/v1/documents/{rules['id']}/content", headers=headers)
    assert content.status_code == 200 and content.content.startswith(b"%PDF")
    oid = bilan["organization_id"]
    secretary = await auth("secretaire@demo.example")
    export = await client.get(f"/api/v1/organizations/{oid}/bdese/export?year={YEAR}", headers=secretary)
    assert export.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(export.content))
    name = f"documents/{bilan['id']:05d}-bilan-social-{YEAR - 1}.csv"
    assert "Effectif au 31/12" in archive.read(name).decode("utf-8-sig")
    index = list(csv.DictReader(io.StringIO(archive.read("index.csv").decode("utf-8-sig")), delimiter=";"))
    assert name in next(r for r in index if r["document_id"] == str(bilan["id"]))["fichiers"].split()


@pytest.mark.usefixtures("document_store")
async def test_bdese_export_holds_the_linked_documents_bytes(client: httpx.AsyncClient, auth: Auth) -> None:
    headers = await auth("direction@demo.example")
    oid = await _org(client, headers)
    files = {"file": ("Rapport égalité.pdf", PDF, "application/octet-stream")}
    data = {"confidential": "true"}
    uploaded = await client.post(f"/api/v1/organizations/{oid}/documents", headers=headers, files=files, data=data)
    assert uploaded.status_code == 201, uploaded.text
    document = uploaded.json()
    payload = {
        "theme": "egalite",
        "sub_theme": "egalite_strategie",
        "year": YEAR - 1,
        "title": "Rapport de situation comparée",
        "document_id": document["id"],
    }
    item = (await client.post(f"/api/v1/organizations/{oid}/bdese/items", headers=headers, json=payload)).json()
    published = await client.post(f"/api/v1/organizations/{oid}/bdese/items/{item['id']}/publish", headers=headers)
    assert published.status_code == 200, published.text
    secretary = await auth("secretaire@demo.example")
    export = await client.get(f"/api/v1/organizations/{oid}/bdese/export?year={YEAR - 1}", headers=secretary)
    assert export.status_code == 200, export.text
    archive = zipfile.ZipFile(io.BytesIO(export.content))
    assert archive.read(f"documents/{document['id']:05d}-rapport-egalite.pdf") == PDF
    log = (await client.get(f"/api/v1/documents/{document['id']}/access-log", headers=headers)).json()["items"]
    assert log[0]["kind"] == "download" and log[0]["user_name"]


async def test_bdese_page_links_to_the_demo_document(client: httpx.AsyncClient, auth: Auth) -> None:
    documents = await _documents(client, await auth("direction@demo.example"))
    bilan = documents[f"Bilan social {YEAR - 1}"]
    await sign_in(client, "secretaire@demo.example")
    page = await client.get(f"/organisations/{bilan['organization_id']}/bdese?annee={YEAR}", headers=HTML)
    assert page.status_code == 200
    assert f'<a href="/documents/{bilan["id"]}">Bilan social {YEAR - 1}</a>' in page.text


@pytest.mark.usefixtures("document_store")
async def test_document_page_shows_its_kind_a_purged_version_without_link_and_the_linked_consultation(
    client: httpx.AsyncClient, settings: Any, frozen_clock: FrozenClock
) -> None:
    """Minutes (kind `pv`) are kept 10 years (documents/retention.py): the 2026 version purged in 2036 stays listed,
    marked « purgée le … », without a link to its bytes; the 2027 version links to its CSE consultation."""
    cse = await make_body(await make_organization(), titulaires=0)
    assert cse.president is not None
    director = bearer_headers(cse.president, secret=settings.secret_key.get_secret_value())
    frozen_clock.set(date(2026, 3, 1))
    files = {"file": ("pv.pdf", PDF, "application/pdf")}
    url = f"/api/v1/organizations/{cse.org.id}/documents"
    created = await client.post(url, headers=director, files=files, data={"title": "PV du 12 février", "kind": "pv"})
    assert created.status_code == 201, created.text
    doc = created.json()["id"]
    frozen_clock.set(date(2027, 3, 1))
    files = {"file": ("pv v2.pdf", PDF_V2, "application/pdf")}
    assert (await client.post(f"/api/v1/documents/{doc}/versions", headers=director, files=files)).status_code == 201
    consultation = await make_consultation(cse, informed_on=date(2027, 3, 1), subject="Approbation du PV")
    linked = await client.post(
        f"/api/v1/documents/{doc}/versions/2/consultation", headers=director, json={"consultation_id": consultation.id}
    )
    assert linked.status_code == 200, linked.text
    frozen_clock.set(date(2036, 3, 3))
    purged = await texts.purge(today=date(2036, 3, 3), overrides={}, dry_run=False, organization_id=cse.org.id)
    assert [(line.document_id, line.version) for line in purged] == [(doc, 1)]

    await sign_in_as(client, cse.president)
    page = await client.get(f"/documents/{doc}", headers=HTML)
    assert page.status_code == 200, page.text
    assert "Nature : Procès-verbal" in page.text
    assert 'pv.pdf <span class="badge status-alert">purgée le lundi 3 mars 2036</span>' in page.text
    assert f"/documents/{doc}/contenu?version=1" not in page.text
    assert f'<a href="/documents/{doc}/contenu?version=2">pv v2.pdf</a>' in page.text
    assert f'<a href="/consultations/{consultation.id}">Voir la consultation' in page.text
    assert page.text.count('href="/consultations/') == 1
