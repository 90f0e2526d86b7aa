"""Election pages (issue 19): opening an election with several colleges (L2314-11), errors next to the college's
fields; the PV de carence section (L2314-9) with its form, its deadline, its alert and its PDF link; the L2314-8
refusal of an election requested within six months of a carence, shown next to the date of the request."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.api.test_pages import HTML, sign_in
from tests.api.test_pages_elections import DIRECTION, OPEN, _elections, _open
from tests.api.test_pages_registers import post_form

TWO = {
    **OPEN,
    "title": "Élections du CSE de la MAS 2026",
    "headcount": "60",
    "colleges.0.name": "1er collège",
    "colleges.0.staff": "45",
    "colleges.0.women": "35",
    "colleges.0.men": "10",
    "colleges.1.name": "2e collège",
    "colleges.1.category": "techniciens_agents_maitrise",
    "colleges.1.staff": "15",
    "colleges.1.women": "9",
    "colleges.1.men": "6",
    "colleges.2.name": "",
    "colleges.2.category": "",
}


async def test_open_an_election_with_two_colleges_and_errors_next_to_the_second(client: Any, auth: Any) -> None:
    headers = await auth(DIRECTION)
    await sign_in(client, DIRECTION)
    form = await client.get("/elections", headers=HTML)
    assert 'name="colleges.2.staff"' in form.text and "Collège 3 (facultatif)" in form.text

    refused = await post_form(client, "/elections", "/elections", {**TWO, "colleges.1.staff": "quinze"})
    assert refused.status_code == 422
    assert 'id="f-colleges-1-staff-error"' in refused.text and "Nombre entier attendu." in refused.text
    assert 'value="2e collège"' in refused.text  # what was typed is kept
    unnamed = await post_form(client, "/elections", "/elections", {**TWO, "colleges.1.name": ""})
    assert unnamed.status_code == 422 and 'id="f-colleges-1-name-error"' in unnamed.text

    eid = await _open(client, TWO)
    stored = next(e for e in await _elections(client, headers) if e["id"] == eid)
    # R2314-1: 60 employees → 4 titulaires, split 3 / 1 in proportion to the staff (45 / 15).
    assert [(c["name"], c["category"], c["titulaires"]) for c in stored["colleges"]] == [
        ("1er collège", "ouvriers_employes", 3),
        ("2e collège", "techniciens_agents_maitrise", 1),
    ]
    fixed = await _open(client, {**TWO, "colleges.0.titulaires": "3", "colleges.1.titulaires": "2"})
    stored = next(e for e in await _elections(client, headers) if e["id"] == fixed)
    assert [c["titulaires"] for c in stored["colleges"]] == [3, 2]


async def test_carence_form_deadline_alert_pdf_link_and_l2314_8_refusal(
    client: Any, auth: Any, frozen_clock: Any
) -> None:
    frozen_clock.set(date(2026, 12, 1))
    headers = await auth(DIRECTION)
    await sign_in(client, DIRECTION)
    eid = await _open(client, {**OPEN, "title": "Élections du CSE de l'atelier — carence"})
    path = f"/elections/{eid}"
    page = await client.get(path, headers=HTML)
    assert "Aucun procès-verbal de carence" in page.text

    bad = await post_form(client, f"{path}/carence", path, {"carence_on": "2026-11-10", "siret": "123"})
    assert bad.status_code == 422 and 'id="f-siret-error"' in bad.text
    done = await post_form(
        client,
        f"{path}/carence",
        path,
        {"carence_on": "2026-11-10", "carence_reason": "no_list", "carence_published_on": "2026-11-12"},
    )
    assert done.status_code == 303 and "fait=carence" in done.headers["location"]
    shown = await client.get(path, headers=HTML)
    # L2314-9: not sent by 25 November → alert; L2314-8: a request possible from 10 May 2027.
    assert "PV de carence à transmettre à l&#39;inspection du travail au plus tard le 25/11/2026" in shown.text
    assert f'href="/api/v1/elections/{eid}/carence.pdf"' in shown.text
    assert "10/05/2027" in shown.text and "Aucune liste de candidats déposée au premier tour" in shown.text

    request = {**OPEN, "title": "Élections demandées", "requested_by": "CGT", "requested_on": "2027-05-09"}
    refused = await post_form(client, "/elections", "/elections", request)
    assert refused.status_code == 422
    assert 'id="f-requested-on-error"' in refused.text and "(L2314-8)" in refused.text
    assert all(e["title"] != "Élections demandées" for e in await _elections(client, headers))
