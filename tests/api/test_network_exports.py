"""The network's sheets for national pooling over HTTP (issue 20): one PDF per published sheet and a ZIP holding
the CSV, the JSON and the PDFs, with the export's access rules (a draft or withdrawn sheet never leaves the
network, another network's facilitator gets 404) and no person's name."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest

from dialogue.auth.tables import User
from tests.api.qvt_helpers import org_id
from tests.api.test_networks import FACILITATOR, TILLEULS_STAFF_REP, network_of
from tests.factories import make_organization
from tests.helpers.problems import assert_problem
from tests.unit.test_documents import extract_pages, flat


def pdf_text(pdf: bytes) -> str:
    return flat("\n".join(extract_pages(pdf)))


async def people_surnames(organization_ids: set[int], organization_names: set[str]) -> set[str]:
    """The surnames of the organisations' people (not the accounts named after the organisation itself)."""
    rows = await User.select(User.full_name).where(User.organization.is_in(sorted(organization_ids)))
    return {
        r["full_name"].split()[-1]
        for r in rows
        if r["full_name"].strip() and not any(name in r["full_name"] for name in organization_names)
    }


@pytest.mark.timeout(300)
async def test_the_bundle_holds_the_csv_the_json_and_one_pdf_per_published_sheet_with_no_name(
    client: Any, auth: Any
) -> None:
    facilitator = await auth(FACILITATOR)
    network = await network_of(client, facilitator)
    base = f"/api/v1/networks/{network}/experience-sheets"
    sheets = (await client.get(base, headers=facilitator)).json()["items"]
    assert len(sheets) == 3 and all(s["status"] == "published" for s in sheets)

    bundle = await client.get(f"{base}.zip", headers=facilitator)
    assert bundle.status_code == 200, bundle.text
    assert bundle.headers["content-type"] == "application/zip"
    assert f'filename="fiches-reseau-{network}.zip"' in bundle.headers["content-disposition"]
    archive = zipfile.ZipFile(io.BytesIO(bundle.content))
    pdf_names = sorted(n for n in archive.namelist() if n.startswith("pdf/"))
    assert archive.namelist()[:2] == ["fiches.csv", "fiches.json"]
    assert len(pdf_names) == 3
    assert [n.split("-")[1] for n in pdf_names] == [f"{s['id']:05d}" for s in sorted(sheets, key=lambda s: s["id"])]
    assert archive.read("fiches.csv") == (await client.get(f"{base}.csv", headers=facilitator)).content
    assert json.loads(archive.read("fiches.json")) == (await client.get(f"{base}.json", headers=facilitator)).json()
    assert (await client.get(f"{base}.zip", headers=facilitator)).content == bundle.content  # stable

    surnames = await people_surnames({s["organization_id"] for s in sheets}, {s["organization_name"] for s in sheets})
    assert len(surnames) >= 6
    for sheet, name in zip(sorted(sheets, key=lambda s: s["id"]), pdf_names, strict=True):
        single = await client.get(f"{base}/{sheet['id']}/sheet.pdf", headers=facilitator)
        assert single.status_code == 200, single.text
        assert single.headers["content-type"] == "application/pdf"
        assert single.content.startswith(b"%PDF")
        assert single.content == archive.read(name)
        text = pdf_text(single.content)
        assert sheet["title"] in text
        assert sheet["organization_name"] in text
        assert f"Type d'établissement : {sheet['establishment_type']}" in text
        assert f"Thème : {sheet['theme_label']}" in text
        assert "Date de publication" in text
        assert not {s for s in surnames if s in text}, text

    member = await auth("direction@cedres.example")
    as_member = await client.get(f"{base}.zip", headers=member)
    assert as_member.status_code == 200
    assert sorted(zipfile.ZipFile(io.BytesIO(as_member.content)).namelist()) == sorted(archive.namelist())


@pytest.mark.timeout(300)
async def test_a_draft_or_withdrawn_sheet_never_leaves_the_network(client: Any, auth: Any) -> None:
    facilitator = await auth(FACILITATOR)
    network = await network_of(client, facilitator)
    base = f"/api/v1/networks/{network}/experience-sheets"
    staff = await auth(TILLEULS_STAFF_REP)
    own = (await client.get(base, headers=staff)).json()["items"]
    draft = next(s for s in own if s["status"] == "draft")
    assert_problem(await client.get(f"{base}/{draft['id']}/sheet.pdf", headers=staff), 404)
    assert_problem(await client.get(f"{base}/{draft['id']}/sheet.pdf", headers=facilitator), 404)

    cedres = await auth("direction@cedres.example")
    cedres_id = await org_id(client, cedres)
    published = next(
        s
        for s in (await client.get(base, headers=cedres)).json()["items"]
        if s["status"] == "published" and s["organization_id"] == cedres_id
    )
    withdrawn = await client.post(f"{base}/{published['id']}/withdraw", headers=cedres)
    assert withdrawn.json()["status"] == "withdrawn"
    assert_problem(await client.get(f"{base}/{published['id']}/sheet.pdf", headers=facilitator), 404)
    assert_problem(await client.get(f"{base}/{published['id']}/sheet.pdf", headers=cedres), 404)
    names = zipfile.ZipFile(io.BytesIO((await client.get(f"{base}.zip", headers=facilitator)).content)).namelist()
    assert len([n for n in names if n.startswith("pdf/")]) == 2
    assert not [n for n in names if n.startswith(f"pdf/fiche-{published['id']:05d}-")]
    assert not [n for n in names if n.startswith(f"pdf/fiche-{draft['id']:05d}-")]


@pytest.mark.timeout(300)
async def test_another_network_s_facilitator_and_an_outsider_get_404(client: Any, auth: Any) -> None:
    facilitator = await auth(FACILITATOR)
    network = await network_of(client, facilitator)
    base = f"/api/v1/networks/{network}/experience-sheets"
    sheet = (await client.get(base, headers=facilitator)).json()["items"][0]
    agency = await make_organization()
    other = await auth(agency.admin.email)
    created = await client.post(
        "/api/v1/networks",
        headers=other,
        json={"name": "Réseau d'à côté", "kind": "cluster", "facilitator_ids": [agency.admin.id]},
    )
    assert created.status_code == 201, created.text
    assert created.json()["my_role"] == "facilitator"
    for path in (f"{base}.zip", f"{base}/{sheet['id']}/sheet.pdf", f"{base}.csv"):
        assert_problem(await client.get(path, headers=other), 404)
    own = f"/api/v1/networks/{created.json()['id']}/experience-sheets"
    assert_problem(await client.get(f"{own}/{sheet['id']}/sheet.pdf", headers=other), 404)
    empty = zipfile.ZipFile(io.BytesIO((await client.get(f"{own}.zip", headers=other)).content))
    assert empty.namelist() == ["fiches.csv", "fiches.json"]
