"""Documents API (CONTRACT.md "Additions" → documents), on the local store and on S3 (moto): upload and
download round trip, versions kept, Range 206, 413 and 415 as problem+json, confidential documents (L2315-3)
404 for a board member, another organisation 404, the access log, and the role refusals."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from tests.helpers.document_stores import document_store, s3_endpoint  # noqa: F401
from tests.helpers.problems import assert_problem

pytestmark = pytest.mark.usefixtures("document_store")

Auth = Callable[[str], Awaitable[dict[str, str]]]
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"% filler line\n" * 500 + b"%%EOF\n"
CSV = "Indicateur;Valeur\nEffectif au 31/12;142\nTaux d'absentéisme;5,2\n".encode()


async def _org(client: httpx.AsyncClient, headers: dict[str, str]) -> int:
    me = (await client.get("/api/v1/me", headers=headers)).json()
    return int(me["organization_id"])


async def _upload(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    *,
    name: str = "Règlement intérieur du CSE.pdf",
    content: bytes = PDF,
    **fields: str,
) -> httpx.Response:
    org = await _org(client, headers)
    files = {"file": (name, content, "application/octet-stream")}
    return await client.post(f"/api/v1/organizations/{org}/documents", headers=headers, files=files, data=fields)


async def test_upload_then_download_round_trip(
    client: httpx.AsyncClient,
    auth: Auth,
) -> None:
    headers = await auth("direction@demo.example")
    response = await _upload(client, headers, title="Règlement intérieur 2025")
    assert response.status_code == 201, response.text
    doc = response.json()
    assert doc["title"] == "Règlement intérieur 2025"
    assert doc["filename"] == "Règlement intérieur du CSE.pdf"
    assert doc["media_type"] == "application/pdf"
    assert doc["size"] == len(PDF)
    assert doc["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert doc["version"] == 1
    assert doc["confidential"] is False
    assert [v["version"] for v in doc["versions"]] == [1]
    download = await client.get(f"/api/v1/documents/{doc['id']}/content", headers=headers)
    assert download.status_code == 200
    assert download.content == PDF
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["accept-ranges"] == "bytes"
    assert "filename*=UTF-8''R%C3%A8glement" in download.headers["content-disposition"]


async def test_new_version_keeps_the_old_one(
    client: httpx.AsyncClient,
    auth: Auth,
) -> None:
    headers = await auth("secretaire@demo.example")
    doc = (await _upload(client, headers, name="Bilan social 2025.csv", content=CSV)).json()
    assert doc["media_type"] == "text/csv"
    second = CSV + b"Heures de formation;3120\n"
    files = {"file": ("Bilan social 2025 v2.csv", second, "text/csv")}
    response = await client.post(f"/api/v1/documents/{doc['id']}/versions", headers=headers, files=files)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["version"] == 2
    assert body["filename"] == "Bilan social 2025 v2.csv"
    assert [(v["version"], v["size"]) for v in body["versions"]] == [(2, len(second)), (1, len(CSV))]
    old = await client.get(f"/api/v1/documents/{doc['id']}/content?version=1", headers=headers)
    assert old.content == CSV
    current = await client.get(f"/api/v1/documents/{doc['id']}/content", headers=headers)
    assert current.content == second
    missing = await client.get(f"/api/v1/documents/{doc['id']}/content?version=3", headers=headers)
    assert_problem(missing, 404, "not_found")


async def test_range_answers_206_with_content_range(
    client: httpx.AsyncClient,
    auth: Auth,
) -> None:
    headers = await auth("direction@demo.example")
    doc = (await _upload(client, headers)).json()
    url = f"/api/v1/documents/{doc['id']}/content"
    part = await client.get(url, headers={**headers, "Range": "bytes=5-14"})
    assert part.status_code == 206
    assert part.content == PDF[5:15]
    assert part.headers["content-range"] == f"bytes 5-14/{len(PDF)}"
    assert part.headers["content-length"] == "10"
    tail = await client.get(url, headers={**headers, "Range": "bytes=-6"})
    assert tail.status_code == 206
    assert tail.content == b"%%EOF\n"
    past = await client.get(url, headers={**headers, "Range": f"bytes={len(PDF)}-"})
    assert_problem(past, 416, "range_not_satisfiable")
    assert past.headers["content-range"] == f"bytes */{len(PDF)}"


async def test_over_the_limit_is_413_problem(
    client: httpx.AsyncClient, app: Any, auth: Auth, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app.state, "settings", app.state.settings.model_copy(update={"max_upload_mb": 1}))
    headers = await auth("direction@demo.example")
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024)
    body = assert_problem(await _upload(client, headers, content=big), 413, "payload_too_large")
    assert "1 Mo" in body["detail"]
    org = await _org(client, headers)
    listed = (await client.get(f"/api/v1/organizations/{org}/documents", headers=headers)).json()
    assert all(item["size"] != len(big) for item in listed["items"])


async def test_type_not_allowed_is_415_problem_whatever_the_name(client: httpx.AsyncClient, auth: Auth) -> None:
    headers = await auth("direction@demo.example")
    exe = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(range(256)) * 4
    body = assert_problem(await _upload(client, headers, name="compte-rendu.pdf", content=exe), 415)
    assert body["code"] == "unsupported_media_type"
    plain = "Une simple note sans séparateur.\nDeuxième ligne.\n".encode()
    assert_problem(await _upload(client, headers, name="note.csv", content=plain), 415, "unsupported_media_type")


def _zip(entries: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries):
            method = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return buffer.getvalue()


async def test_office_documents_are_told_apart_by_their_entries(client: httpx.AsyncClient, auth: Auth) -> None:
    headers = await auth("direction@demo.example")
    odt = _zip([("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<x/>")], stored_first=True)
    xlsx = _zip([("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>")])
    other = _zip([("readme.txt", b"hello")])
    assert (await _upload(client, headers, name="PV.odt", content=odt)).json()["media_type"] == (
        "application/vnd.oasis.opendocument.text"
    )
    assert (await _upload(client, headers, name="budget.xlsx", content=xlsx)).json()["media_type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert_problem(await _upload(client, headers, name="archive.docx", content=other), 415, "unsupported_media_type")


async def test_confidential_document_is_404_for_a_board_member(client: httpx.AsyncClient, auth: Auth) -> None:
    """L2315-3: shown to the direction and the CSE's delegation only."""
    direction = await auth("direction@demo.example")
    doc = (await _upload(client, direction, title="Projet de réorganisation", confidential="true")).json()
    assert doc["confidential"] is True
    board = await auth("gouvernance@demo.example")
    for path in ("", "/content", "/access-log"):
        assert_problem(await client.get(f"/api/v1/documents/{doc['id']}{path}", headers=board), 404, "not_found")
    org = await _org(client, board)
    listed = (await client.get(f"/api/v1/organizations/{org}/documents", headers=board)).json()
    assert doc["id"] not in [item["id"] for item in listed["items"]]
    elu = await auth("elu@demo.example")
    assert (await client.get(f"/api/v1/documents/{doc['id']}/content", headers=elu)).content == PDF


async def test_board_member_reads_an_ordinary_document(client: httpx.AsyncClient, auth: Auth) -> None:
    doc = (await _upload(client, await auth("direction@demo.example"))).json()
    response = await client.get(f"/api/v1/documents/{doc['id']}", headers=await auth("gouvernance@demo.example"))
    assert response.status_code == 200
    assert response.json()["sha256"] == doc["sha256"]


async def test_another_organisation_sees_404(
    client: httpx.AsyncClient,
    auth: Auth,
) -> None:
    direction = await auth("direction@demo.example")
    doc = (await _upload(client, direction)).json()
    other = await auth("admin@voisine.example")
    for path in ("", "/content", "/access-log"):
        assert_problem(await client.get(f"/api/v1/documents/{doc['id']}{path}", headers=other), 404, "not_found")
    files = {"file": ("v2.pdf", PDF, "application/pdf")}
    response = await client.post(f"/api/v1/documents/{doc['id']}/versions", headers=other, files=files)
    assert_problem(response, 404, "not_found")
    org = await _org(client, direction)
    response = await client.post(f"/api/v1/organizations/{org}/documents", headers=other, files=files)
    assert_problem(response, 404, "not_found")


async def test_access_log_records_first_views_and_downloads(client: httpx.AsyncClient, auth: Auth) -> None:
    direction = await auth("direction@demo.example")
    doc = (await _upload(client, direction)).json()
    elu = await auth("elu@demo.example")
    await client.get(f"/api/v1/documents/{doc['id']}", headers=elu)
    await client.get(f"/api/v1/documents/{doc['id']}", headers=elu)  # a second view is not a first view
    await client.get(f"/api/v1/documents/{doc['id']}/content", headers=elu)
    await client.get(f"/api/v1/documents/{doc['id']}/content", headers={**elu, "Range": "bytes=100-199"})
    log = (await client.get(f"/api/v1/documents/{doc['id']}/access-log", headers=direction)).json()
    assert log["total"] == 2
    assert [(e["kind"], e["version"]) for e in log["items"]] == [("download", 1), ("first_view", 1)]
    assert {e["user_name"] for e in log["items"]} == {log["items"][0]["user_name"]}
    secretary = await auth("secretaire@demo.example")
    response = await client.get(f"/api/v1/documents/{doc['id']}/access-log", headers=secretary)
    assert response.status_code == 200
    assert response.json()["total"] == 2


async def test_role_refusals(
    client: httpx.AsyncClient,
    auth: Auth,
) -> None:
    elu = await auth("elu@demo.example")
    body = assert_problem(await _upload(client, elu), 403, "forbidden")
    assert "secrétaire" in body["detail"]
    board = await auth("gouvernance@demo.example")
    assert_problem(await _upload(client, board), 403, "forbidden")
    admin = await auth("admin@demo.example")
    assert (await _upload(client, admin)).status_code == 201
    refused = assert_problem(await _upload(client, admin, confidential="true"), 403, "forbidden")
    assert "L2315-3" in refused["detail"]
    doc = (await _upload(client, await auth("direction@demo.example"))).json()
    assert_problem(await client.get(f"/api/v1/documents/{doc['id']}/access-log", headers=elu), 403, "forbidden")
    files = {"file": ("v2.pdf", PDF, "application/pdf")}
    response = await client.post(f"/api/v1/documents/{doc['id']}/versions", headers=elu, files=files)
    assert_problem(response, 403, "forbidden")


async def test_malformed_uploads_are_422(
    client: httpx.AsyncClient,
    auth: Auth,
) -> None:
    headers = await auth("direction@demo.example")
    org = await _org(client, headers)
    no_file = await client.post(f"/api/v1/organizations/{org}/documents", headers=headers, files={"title": (None, "x")})
    assert_problem(no_file, 422, "invalid_input")
    empty = await _upload(client, headers, content=b"")
    assert_problem(empty, 422, "invalid_input")
    bad_flag = await _upload(client, headers, confidential="peut-être")
    assert_problem(bad_flag, 422, "invalid_input")
