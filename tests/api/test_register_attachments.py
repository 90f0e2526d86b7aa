"""Documents attached to a register entry (issue 16: photos or reports, e.g. for a DGI alert, L4132-2), on the
local store and on S3 (moto): each attachment's version and SHA-256 are written with the entry and hashed into its
chained record, so that pointing the entry at other bytes breaks `verify` at that entry; they are shown on the
entry page and in the CSV, HTML and PDF exports; an unknown, foreign or (on an entry that is not confidential)
confidential document is 422 on its field (L2315-3)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import httpx
import pytest

from dialogue.registers.tables import RegisterEntry
from tests.api.register_helpers import Cse, build_cse
from tests.api.test_attachments import _upload as upload
from tests.api.test_pages import HTML
from tests.api.test_registers import DGI_FIELDS, submit
from tests.helpers.document_stores import document_store, s3_endpoint  # noqa: F401
from tests.helpers.problems import assert_problem

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"% constat\n" * 50 + b"%%EOF\n"


@pytest.fixture
async def cse(db: Any, settings: Any) -> Cse:
    return await build_cse(secret=settings.secret_key.get_secret_value())


async def _document(client: httpx.AsyncClient, cse: Cse, title: str, *, confidential: bool = False) -> dict[str, Any]:
    org_id = cse.world.org.id
    return await upload(client, cse.auth("secretary"), org_id, title, confidential=confidential)


@pytest.mark.usefixtures("document_store")
async def test_a_dgi_alert_with_its_report_is_chained_with_the_sha256_and_exported(
    client: httpx.AsyncClient, cse: Cse
) -> None:
    report = await _document(client, cse, "Constat du câble dénudé")
    rid = cse.registers["dgi"]
    created = await submit(
        client, cse.auth("elu"), rid, subject="Câble dénudé", fields=DGI_FIELDS, document_ids=[report["id"]]
    )
    assert created.status_code == 201, created.text
    entry = created.json()
    assert entry["attachments"] == [
        {
            "document_id": report["id"],
            "version": 1,
            "title": "Constat du câble dénudé",
            "filename": report["filename"],
            "sha256": report["sha256"],
        }
    ]
    verify = await client.get(f"/api/v1/registers/{rid}/verify", headers=cse.auth("elu"))
    assert verify.json()["valid"] is True
    csv_text = (await client.get(f"/api/v1/registers/{rid}/export.csv", headers=cse.auth("secretary"))).text
    assert f"Pièce jointe : Constat du câble dénudé ({report['filename']}, version 1, SHA-256 {report['sha256']})" in (
        csv_text
    )
    html = (await client.get(f"/api/v1/registers/{rid}/export.html", headers=cse.auth("secretary"))).text
    assert report["sha256"] in html
    await cse.sign_in(client, "elu")
    page = await client.get(f"/entrees/{entry['id']}", headers=HTML)
    assert page.status_code == 200, page.text
    assert "Pièces jointes" in page.text and report["sha256"] in page.text
    assert f'href="/documents/{report["id"]}/contenu?version=1"' in page.text


@pytest.mark.usefixtures("document_store")
async def test_pointing_an_entry_at_other_bytes_breaks_verify_at_that_entry(
    client: httpx.AsyncClient, cse: Cse
) -> None:
    photo = await _document(client, cse, "Photo du poste de plonge")
    rid = cse.registers["dgi"]
    first = await submit(client, cse.auth("elu"), rid, subject="Sol glissant", fields=DGI_FIELDS)
    second = await submit(client, cse.auth("elu"), rid, subject="Câble", fields=DGI_FIELDS, document_ids=[photo["id"]])
    assert first.status_code == 201 and second.status_code == 201, second.text
    forged = [{**second.json()["attachments"][0], "sha256": hashlib.sha256(PDF).hexdigest()}]
    await RegisterEntry.update({RegisterEntry.attachments: json.dumps(forged)}).where(
        RegisterEntry.id == second.json()["id"]
    )
    verify = (await client.get(f"/api/v1/registers/{rid}/verify", headers=cse.auth("elu"))).json()
    assert (verify["valid"], verify["first_broken"]) == (False, second.json()["number"])


@pytest.mark.usefixtures("document_store")
async def test_unknown_foreign_or_confidential_documents_are_422_on_their_field(
    client: httpx.AsyncClient, cse: Cse
) -> None:
    rid = cse.registers["dgi"]
    elu = cse.auth("elu")
    photo = await _document(client, cse, "Photo")
    secret = await _document(client, cse, "Rapport confidentiel", confidential=True)
    foreign = await upload(client, cse.auth("neighbour"), cse.people["neighbour"].organization_id, "Ailleurs")
    unknown = await submit(client, elu, rid, fields=DGI_FIELDS, document_ids=[photo["id"], 999_999])
    assert [e["field"] for e in assert_problem(unknown, 422)["errors"]] == ["document_ids.1"]
    other_org = await submit(client, elu, rid, fields=DGI_FIELDS, document_ids=[foreign["id"]])
    assert [e["field"] for e in assert_problem(other_org, 422)["errors"]] == ["document_ids.0"]
    open_entry = await submit(client, elu, rid, fields=DGI_FIELDS, document_ids=[secret["id"]])
    body = assert_problem(open_entry, 422)
    assert "L2315-3" in body["detail"] and [e["field"] for e in body["errors"]] == ["document_ids.0"]
    confidential = await submit(
        client,
        elu,
        rid,
        fields=DGI_FIELDS,
        document_ids=[secret["id"]],
        confidential=True,
        confidentiality_reason="Données nominatives",
    )
    assert confidential.status_code == 201, confidential.text
    assert [a["title"] for a in confidential.json()["attachments"]] == ["Rapport confidentiel"]
    entries = await RegisterEntry.count().where(RegisterEntry.register == rid)
    assert entries == 1
