"""Documents expected for a consultation (issue 16 "Texts of the CSE", L2312-27): for the consultation on the
social policy, working conditions and employment the employer presents the annual written report on health, safety
and working conditions (1°) and the PAPRIPACT (2°, L4121-3-1); each is shown present or missing, recognised by the
kind of the document given, over the API and on the consultation page. Other consultations expect none here."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import pytest

from dialogue.consultations.rules import expected_documents
from tests.api.test_attachments import PDF
from tests.api.test_pages import HTML
from tests.factories import BodyWorld, bearer_headers, make_body, make_consultation, make_organization
from tests.helpers.clock import FrozenClock
from tests.helpers.document_stores import document_store, s3_endpoint  # noqa: F401
from tests.helpers.pages import sign_in_as


def test_l2312_27_the_social_policy_consultation_expects_the_ssct_report_and_the_papripact() -> None:
    found = expected_documents("social_policy", ["papripact", "other"])
    assert [(e.kind, e.article, e.present) for e in found] == [
        ("rapport_ssct_annuel", "L2312-27 1°", False),
        ("papripact", "L2312-27 2° et L4121-3-1", True),
    ]
    assert expected_documents("ponctual", ["papripact"]) == []


@pytest.fixture
async def cse(db: Any, frozen_clock: FrozenClock) -> BodyWorld:
    frozen_clock.set(date(2026, 3, 2))
    return await make_body(await make_organization(headcount=320), titulaires=1)


@pytest.mark.usefixtures("document_store")
async def test_l2312_27_expected_documents_present_or_missing_over_the_api_and_the_page(
    client: httpx.AsyncClient, cse: BodyWorld, settings: Any
) -> None:
    assert cse.president is not None and cse.secretary is not None
    director = bearer_headers(cse.president, secret=settings.secret_key.get_secret_value())
    consultation = await make_consultation(cse, informed_on=date(2026, 3, 2), kind="social_policy")
    url = f"/api/v1/consultations/{consultation.id}/expected-documents"
    before = await client.get(url, headers=director)
    assert before.status_code == 200, before.text
    assert [(e["kind"], e["present"]) for e in before.json()] == [("rapport_ssct_annuel", False), ("papripact", False)]
    files = {"file": ("papripact-2026.pdf", PDF, "application/pdf")}
    uploaded = await client.post(
        f"/api/v1/organizations/{cse.org.id}/documents",
        headers=director,
        files=files,
        data={"title": "PAPRIPACT 2026", "kind": "papripact"},
    )
    assert uploaded.status_code == 201, uploaded.text
    attached = await client.post(
        f"/api/v1/consultations/{consultation.id}/documents",
        headers=director,
        json={"document_id": uploaded.json()["id"]},
    )
    assert attached.status_code == 201, attached.text
    assert attached.json()["kind"] == "papripact"
    after = (await client.get(url, headers=director)).json()
    assert [(e["kind"], e["present"]) for e in after] == [("rapport_ssct_annuel", False), ("papripact", True)]
    await sign_in_as(client, cse.secretary)
    page = await client.get(f"/consultations/{consultation.id}", headers=HTML)
    assert page.status_code == 200, page.text
    section = page.text.split('id="attendus"')[1].split("</ul>")[0]
    assert "Rapport annuel écrit sur la santé" in section and "manquant" in section
    assert "(PAPRIPACT)" in section and "communiqué" in section


async def test_a_ponctual_consultation_expects_no_document_here(
    client: httpx.AsyncClient, cse: BodyWorld, settings: Any
) -> None:
    assert cse.president is not None
    director = bearer_headers(cse.president, secret=settings.secret_key.get_secret_value())
    consultation = await make_consultation(cse, informed_on=date(2026, 3, 2))
    response = await client.get(f"/api/v1/consultations/{consultation.id}/expected-documents", headers=director)
    assert response.status_code == 200 and response.json() == []
