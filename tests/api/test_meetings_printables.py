"""The convocation PDF and the attendance sheet over HTTP: members of the body and the direction print them,
another organisation gets 404, someone outside the body 403 (L2315-30, L2315-29, L2315-3)."""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from tests.api.meeting_helpers import Setup, login, paris
from tests.api.test_pages import HTML, sign_in
from tests.api.test_registers import pdf_text
from tests.helpers.problems import assert_problem


@pytest.fixture
async def demo(client: Any, monkeypatch: pytest.MonkeyPatch) -> Setup:
    return await Setup(client, monkeypatch).start()


def _assert_pdf(response: Any, filename: str) -> None:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == f'attachment; filename="{filename}"'
    assert response.content.startswith(b"%PDF-")


async def test_members_and_direction_print_the_convocation_and_the_attendance_sheet(demo: Setup) -> None:
    meeting, _ = await demo.convened(paris(2027, 1, 12))
    mid = meeting["id"]
    for headers in (demo.secretary, demo.director, demo.elu):
        convocation = await demo.client.get(f"/api/v1/meetings/{mid}/convocation.pdf", headers=headers)
        _assert_pdf(convocation, f"convocation-2027-01-12-reunion-{mid}.pdf")
        sheet = await demo.client.get(f"/api/v1/meetings/{mid}/attendance-sheet.pdf", headers=headers)
        _assert_pdf(sheet, f"feuille-emargement-2027-01-12-reunion-{mid}.pdf")


async def test_other_organisation_404_and_outside_the_body_403(demo: Setup) -> None:
    meeting, _ = await demo.convened(paris(2027, 1, 12))
    mid = meeting["id"]
    neighbour = await login(demo.client, "admin@voisine.example")
    admin = await login(demo.client, "admin@demo.example")
    for path in ("convocation.pdf", "attendance-sheet.pdf"):
        assert_problem(await demo.client.get(f"/api/v1/meetings/{mid}/{path}", headers=neighbour), 404)
        refused = await demo.client.get(f"/api/v1/meetings/{mid}/{path}", headers=admin)
        assert_problem(refused, 403)
        assert "Seuls les membres de l'instance et la direction" in refused.json()["detail"]
    assert_problem(await demo.client.get("/api/v1/meetings/999999/convocation.pdf", headers=demo.elu), 404)


async def test_meeting_page_links_and_cookie_routes(demo: Setup) -> None:
    meeting, _ = await demo.convened(paris(2027, 1, 12))
    mid = meeting["id"]
    await sign_in(demo.client, "elu@demo.example")
    page = await demo.client.get(f"/reunions/{mid}", headers=HTML)
    assert page.status_code == 200
    assert f'href="/reunions/{mid}/convocation.pdf"' in page.text
    assert f'href="/reunions/{mid}/emargement.pdf"' in page.text
    _assert_pdf(
        await demo.client.get(f"/reunions/{mid}/convocation.pdf", headers=HTML),
        f"convocation-2027-01-12-reunion-{mid}.pdf",
    )
    _assert_pdf(
        await demo.client.get(f"/reunions/{mid}/emargement.pdf", headers=HTML),
        f"feuille-emargement-2027-01-12-reunion-{mid}.pdf",
    )


async def test_convocation_gathers_the_delay_the_joint_agenda_and_the_recipients_l2315_30_l2315_29(
    demo: Setup,
) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is needed to read the PDF back")
    item = {"title": "Réorganisation des plannings", "kind": "consultation"}
    meeting, _ = await demo.convened(paris(2027, 1, 12), item=item)
    mid = meeting["id"]
    response = await demo.client.get(f"/api/v1/meetings/{mid}/convocation.pdf", headers=demo.elu)
    text = " ".join(pdf_text(response.content).split())
    assert "Convocation à la réunion ordinaire du mardi 12 janvier 2027" in text
    assert "au moins 3 jours avant la séance, comme le prévoit l'article L2315-30" in text
    assert "arrêté conjointement par le président et le secrétaire (art. L2315-29" in text
    assert "1. Réorganisation des plannings — Consultation, vote prévu" in text
    assert "Aucune annexe n'accompagne cette convocation." in text
    assert "Membres titulaires, convoqués" in text and "Membres suppléants, pour information" in text
    sheet = await demo.client.get(f"/api/v1/meetings/{mid}/attendance-sheet.pdf", headers=demo.elu)
    sheet_text = " ".join(pdf_text(sheet.content).split())
    secretary = next(m for m in demo.members.values() if m["role"] == "secretary")
    assert secretary["full_name"] in sheet_text and "aucun quorum" in sheet_text
