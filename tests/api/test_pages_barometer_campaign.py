"""The barometer campaign in pages (issue 17): the director creates a campaign, shapes its questionnaire, prints
codes as a PDF (one sheet per code, with a QR code), opens and closes it; the French address /barometre
answers; a group under the anonymity threshold never shows; only the direction runs a campaign."""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import Any

import pytest

from tests.api.qvt_helpers import DIRECTION, answers_for, establishments, steering_id
from tests.api.test_pages import HTML, csrf_from, sign_in

CODE = re.compile(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){6}\b")


def pdf_pages(pdf: bytes) -> list[str]:
    """The PDF's text, one string per page (poppler's pdftotext)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is needed to read the PDF back")
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return [page for page in out.stdout.decode("utf-8").split("\f") if page.strip()]


async def _create(client: Any, body: int, **fields: str) -> Any:
    form = await client.get(f"/instances/{body}/qvt/barometres/nouveau", headers=HTML)
    assert form.status_code == 200
    data = {"title": "Baromètre QVT — campagne des pages", "year": "2026", "min_group_size": "5", **fields}
    return await client.post(
        f"/instances/{body}/qvt/barometres/nouveau", data={**data, "_csrf_token": csrf_from(form.text)}, headers=HTML
    )


async def _post(client: Any, page_path: str, action: str, data: dict[str, str] | None = None) -> Any:
    page = await client.get(page_path, headers=HTML)
    return await client.post(action, data={**(data or {}), "_csrf_token": csrf_from(page.text)}, headers=HTML)


async def _codes(client: Any, bid: int, **fields: str) -> list[str]:
    response = await _post(client, f"/barometres/{bid}", f"/barometres/{bid}/codes", fields)
    assert response.status_code == 201, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    pages = pdf_pages(response.content)
    codes = [CODE.search(page) for page in pages]
    assert all(codes)
    return [m.group(0) for m in codes if m]


async def test_the_director_runs_a_campaign_from_creation_to_results(client: Any, auth: Any) -> None:
    director = await auth(DIRECTION)
    body = await steering_id(client, director)
    places = await establishments(client, director)
    await sign_in(client, DIRECTION)
    listing = await client.get(f"/instances/{body}/qvt/barometres", headers=HTML)
    assert f'href="/instances/{body}/qvt/barometres/nouveau"' in listing.text

    created = await _create(client, body, closes_on="2099-12-31", introduction="Votre avis compte.")
    assert created.status_code == 303
    bid = int(created.headers["location"].split("/")[2].split("?")[0])
    page = await client.get(created.headers["location"], headers=HTML)
    assert "La campagne a été créée en préparation" in page.text
    assert "En préparation" in page.text
    assert "Questionnaire</h2>" not in page.text or "(21)" in page.text

    # The questionnaire while a draft: one question added, one removed.
    added = await _post(
        client,
        f"/barometres/{bid}",
        f"/barometres/{bid}/questions",
        {"theme": "management", "label": "Mon responsable m'aide à organiser les remplacements."},
    )
    assert added.status_code == 303
    info = (await client.get(f"/api/v1/barometers/{bid}", headers=director)).json()
    assert [q["label"] for q in info["questions"]][-1] == "Mon responsable m'aide à organiser les remplacements."
    assert len(info["questions"]) == 22
    removed = await _post(
        client, f"/barometres/{bid}", f"/barometres/{bid}/questions/retirer", {"code": info["questions"][0]["code"]}
    )
    assert removed.status_code == 303
    info = (await client.get(f"/api/v1/barometers/{bid}", headers=director)).json()
    assert len(info["questions"]) == 21

    # Codes for two groups: six for the EHPAD's night team, three for the IME; one PDF sheet each, with the
    # French entry address, the group, and no name.
    night = await _codes(client, bid, establishment_id=str(places["ehpad"]), department="Équipe de nuit", count="6")
    small = await _codes(client, bid, establishment_id=str(places["ime"]), count="3")
    assert len(night) == 6 and len(small) == 3 and len(set(night + small)) == 9
    sheet = pdf_pages(
        (
            await _post(client, f"/barometres/{bid}", f"/barometres/{bid}/codes", {"department": "Siège", "count": "1"})
        ).content
    )[0]
    assert "Baromètre QVT 2026" in sheet
    assert "/barometre et saisissez le code" in sheet
    assert "Siège et services communs — Siège" in sheet
    assert "n'est relié à aucun nom" in sheet

    opened = await _post(client, f"/barometres/{bid}", f"/barometres/{bid}/ouvrir")
    assert opened.status_code == 303
    page = await client.get(opened.headers["location"], headers=HTML)
    assert "Le questionnaire est ouvert" in page.text
    assert "moins de 5" in page.text  # nobody answered yet: not « 0 »

    # Respondents use the French address printed on the sheet, without an account.
    anonymous = client.__class__(transport=client._transport, base_url=str(client.base_url))
    async with anonymous:
        entry = await anonymous.get("/barometre", headers=HTML)
        assert entry.status_code == 200
        assert 'action="/barometre"' in entry.text
        typed = await anonymous.get(f"/barometre?code={night[0].lower()}", headers=HTML)
        assert typed.status_code == 303
        assert typed.headers["location"] == f"/barometre/{night[0].replace('-', '')}"
        form = await anonymous.get(typed.headers["location"], headers=HTML)
        assert form.status_code == 200
        assert f'action="/barometre/{night[0].replace("-", "")}"' in form.text
        for code in night[:5] + small[:2]:
            sent = await anonymous.post(f"/barometre/{code}", json={"answers": answers_for(info["questions"], {})})
            assert sent.status_code == 201, sent.text

    closed = await _post(client, f"/barometres/{bid}", f"/barometres/{bid}/clore")
    assert closed.status_code == 303
    page = await client.get(closed.headers["location"], headers=HTML)
    assert "Le questionnaire est clos" in page.text

    # The steering committee reads the results: the IME's two answers never appear as a group.
    await sign_in(client, "secretaire@demo.example")
    results = await client.get(f"/barometres/{bid}/resultats", headers=HTML)
    assert results.status_code == 200
    api = (await client.get(f"/api/v1/barometers/{bid}/results", headers=await auth("secretaire@demo.example"))).json()
    ime = [g for g in api["groups"] if g["label"].startswith("IME")]
    assert ime and all(g["respondents"] is None and g["withheld"] for g in ime)
    campaign = await client.get(f"/barometres/{bid}", headers=HTML)
    ime_row = next(row for row in campaign.text.split("<tr>") if "IME" in row and "</td>" in row)
    assert "moins de 5" in ime_row and ">2<" not in ime_row


async def test_bad_campaign_form_is_422_naming_the_field(client: Any, auth: Any) -> None:
    body = await steering_id(client, await auth(DIRECTION))
    await sign_in(client, DIRECTION)
    for fields, field, text in (
        ({"title": ""}, "f-title-error", "Intitulé"),
        ({"year": "1990"}, "f-year-error", "Année"),
        ({"min_group_size": "3"}, "f-min-group-size-error", "Seuil d&#39;anonymat"),
        ({"closes_on": "31/12/2099"}, "f-closes-on-error", "Clôture prévue le"),
        ({"closes_on": "2001-01-01"}, "f-closes-on-error", "Clôture prévue le"),
    ):
        refused = await _create(client, body, **fields)
        assert refused.status_code == 422, fields
        assert f'id="{field}"' in refused.text, fields
        assert text in refused.text


@pytest.mark.parametrize(("count", "message"), [("0", "Indiquez un nombre de codes"), ("201", "200 codes au plus")])
async def test_codes_form_refuses_a_count_out_of_range_and_creates_nothing(
    client: Any, auth: Any, count: str, message: str
) -> None:
    director = await auth(DIRECTION)
    body = await steering_id(client, director)
    await sign_in(client, DIRECTION)
    bid = int((await _create(client, body)).headers["location"].split("/")[2].split("?")[0])
    refused = await _post(client, f"/barometres/{bid}", f"/barometres/{bid}/codes", {"count": count})
    assert refused.status_code == 422
    assert 'id="f-count-error"' in refused.text
    assert message in refused.text
    assert (await client.get(f"/api/v1/barometers/{bid}", headers=director)).json()["invited"] == 0


async def test_the_questionnaire_is_frozen_once_open(client: Any, auth: Any) -> None:
    director = await auth(DIRECTION)
    body = await steering_id(client, director)
    await sign_in(client, DIRECTION)
    bid = int((await _create(client, body)).headers["location"].split("/")[2].split("?")[0])
    assert (await _post(client, f"/barometres/{bid}", f"/barometres/{bid}/ouvrir")).status_code == 303
    page = await client.get(f"/barometres/{bid}", headers=HTML)
    assert f'action="/barometres/{bid}/questions"' not in page.text
    refused = await _post(
        client, f"/barometres/{bid}", f"/barometres/{bid}/questions", {"theme": "management", "label": "Encore une ?"}
    )
    assert refused.status_code == 409
    again = await _post(client, f"/barometres/{bid}", f"/barometres/{bid}/ouvrir")
    assert again.status_code == 409
    assert "Seul un baromètre en préparation peut être ouvert." in again.text


@pytest.mark.parametrize("email", ["secretaire@demo.example", "elu@demo.example"])
async def test_only_the_direction_runs_a_campaign_in_pages(client: Any, auth: Any, email: str) -> None:
    director = await auth(DIRECTION)
    body = await steering_id(client, director)
    await sign_in(client, DIRECTION)
    bid = int((await _create(client, body)).headers["location"].split("/")[2].split("?")[0])
    await sign_in(client, email)
    listing = await client.get(f"/instances/{body}/qvt/barometres", headers=HTML)
    assert "/qvt/barometres/nouveau" not in listing.text
    assert (await client.get(f"/instances/{body}/qvt/barometres/nouveau", headers=HTML)).status_code == 403
    page = await client.get(f"/barometres/{bid}", headers=HTML)
    assert page.status_code == 200
    assert f'action="/barometres/{bid}/ouvrir"' not in page.text
    assert f'action="/barometres/{bid}/codes"' not in page.text
    for action in ("ouvrir", "codes", "questions"):
        refused = await _post(client, f"/barometres/{bid}", f"/barometres/{bid}/{action}", {"count": "5"})
        assert refused.status_code == 403, action
    assert (await client.get(f"/api/v1/barometers/{bid}", headers=director)).json()["status"] == "draft"


async def test_another_organization_gets_404_on_the_campaign_pages(client: Any, auth: Any) -> None:
    director = await auth(DIRECTION)
    body = await steering_id(client, director)
    await sign_in(client, DIRECTION)
    bid = int((await _create(client, body)).headers["location"].split("/")[2].split("?")[0])
    await sign_in(client, "admin@voisine.example")
    assert (await client.get(f"/barometres/{bid}", headers=HTML)).status_code == 404
    assert (await client.get(f"/instances/{body}/qvt/barometres/nouveau", headers=HTML)).status_code == 404
    home = await client.get("/", headers=HTML)
    refused = await client.post(
        f"/barometres/{bid}/codes", data={"count": "5", "_csrf_token": csrf_from(home.text)}, headers=HTML
    )
    assert refused.status_code == 404
