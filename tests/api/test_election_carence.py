"""The PV de carence over HTTP (L2314-8, L2314-9; cerfa 15248): its PDF with the form's fields, the publication to
the staff and the 15-day sending to the labour inspector with its alert, and the 6-month wait before a new
election on request. Runs on SQLite and PostgreSQL; "today" comes from the frozen clock."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from typing import Any

import pytest

from tests.factories import bearer_headers, make_body, make_organization
from tests.helpers.problems import assert_problem

ELECTION = {
    "title": "Élections du CSE — foyer de vie",
    "kind": "first",
    "headcount": 24,
    "round1_on": "2026-03-10",
    "round2_on": "2026-03-24",
    "siret": "77567227200047",
    "inspector": "DREETS Occitanie — unité de contrôle 3, 12 rue de la Paix, 31000 Toulouse",
    "colleges": [
        {"name": "1er collège", "category": "ouvriers_employes", "staff": 18, "women": 13, "men": 5},
        {"name": "2e collège", "category": "techniciens_agents_maitrise", "staff": 6, "women": 4, "men": 2},
    ],
}


def pdf_text(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode()


async def _open(client: Any, settings: Any) -> tuple[Any, dict[str, str], int]:
    org = await make_organization(headcount=24)
    cse = await make_body(org, titulaires=0)
    assert cse.president is not None
    direction = bearer_headers(cse.president, secret=settings.secret_key.get_secret_value())
    created = await client.post(f"/api/v1/organizations/{org.id}/elections", headers=direction, json=ELECTION)
    assert created.status_code == 201, created.text
    return org, direction, created.json()["id"]


async def test_carence_pdf_has_the_cerfa_15248_fields(client: Any, settings: Any, frozen_clock: Any) -> None:
    frozen_clock.set(date(2026, 3, 30))
    _, direction, eid = await _open(client, settings)
    missing = await client.get(f"/api/v1/elections/{eid}/carence.pdf", headers=direction)
    assert_problem(missing, 409, "no_carence")

    recorded = await client.patch(
        f"/api/v1/elections/{eid}",
        headers=direction,
        json={
            "carence_on": "2026-03-24",
            "carence_reason": "no_quorum_no_candidate",
            "carence_published_on": "2026-03-25",
        },
    )
    assert recorded.status_code == 200, recorded.text
    carence = recorded.json()["carence"]
    # L2314-9: sent within 15 days; L2314-8: a request only 6 months after the PV de carence.
    assert carence["send_by"] == "2026-04-08"
    assert carence["request_possible_from"] == "2026-09-24"
    assert carence["overdue"] is False and carence["alert"] is None

    pdf = await client.get(f"/api/v1/elections/{eid}/carence.pdf", headers=direction)
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is needed to read the PDF back")
    text = " ".join(pdf_text(pdf.content).split())
    for expected in (
        "Procès-verbal de carence",
        "77567227200047",
        "10 mars 2026",
        "24 mars 2026",
        "1er collège",
        "2e collège",
        "Nombre total d'électeurs inscrits : 24.",
        "Quorum non atteint au premier tour et aucun candidat au second tour",
        "Porté à la connaissance du personnel le 25 mars 2026",
        "8 avril 2026",
        "DREETS Occitanie",
        "24 septembre 2026 (L2314-8)",
        "L'employeur ou son représentant",
    ):
        assert expected in text, expected


async def test_sending_alert_when_late_and_dates_checked(client: Any, settings: Any, frozen_clock: Any) -> None:
    frozen_clock.set(date(2026, 4, 20))
    _, direction, eid = await _open(client, settings)
    early = await client.patch(f"/api/v1/elections/{eid}", headers=direction, json={"carence_sent_on": "2026-03-30"})
    assert_problem(early, 422, "invalid_input")
    await client.patch(f"/api/v1/elections/{eid}", headers=direction, json={"carence_on": "2026-03-24"})
    before = await client.patch(f"/api/v1/elections/{eid}", headers=direction, json={"carence_sent_on": "2026-03-20"})
    assert_problem(before, 422, "invalid_input")

    overdue = (await client.get(f"/api/v1/elections/{eid}", headers=direction)).json()["carence"]
    assert overdue["overdue"] is True and overdue["sent_on"] is None
    assert "08/04/2026" in overdue["alert"] and "L2314-9" in overdue["alert"]

    sent = await client.patch(f"/api/v1/elections/{eid}", headers=direction, json={"carence_sent_on": "2026-04-15"})
    late = sent.json()["carence"]
    assert late["sent_late"] is True and late["overdue"] is False
    assert "après le 08/04/2026" in late["alert"]
    steps = {s["key"]: s for s in sent.json()["calendar"]}
    assert "L2314-9" in steps["carence"]["problem"]


async def test_request_within_six_months_of_a_carence_is_refused(client: Any, settings: Any, frozen_clock: Any) -> None:
    frozen_clock.set(date(2026, 4, 1))
    org, direction, eid = await _open(client, settings)
    await client.patch(f"/api/v1/elections/{eid}", headers=direction, json={"carence_on": "2026-03-24"})
    request = {
        **ELECTION,
        "title": "Élections sur demande",
        "round1_on": None,
        "round2_on": None,
        "requested_by": "Syndicat CFDT Santé Sociaux",
    }
    refused = await client.post(
        f"/api/v1/organizations/{org.id}/elections",
        headers=direction,
        json={**request, "requested_on": "2026-09-23"},
    )
    problem = assert_problem(refused, 422, "l2314_8")
    assert "L2314-8" in problem["detail"] and "24/09/2026" in problem["detail"]
    assert problem["errors"][0]["field"] == "requested_on"

    accepted = await client.post(
        f"/api/v1/organizations/{org.id}/elections",
        headers=direction,
        json={**request, "requested_on": "2026-09-24"},
    )
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["requested_by"] == "Syndicat CFDT Santé Sociaux"

    # The employer may still open an election of its own accord (no request): L2314-8 binds requests only.
    own = await client.post(
        f"/api/v1/organizations/{org.id}/elections",
        headers=direction,
        json={**ELECTION, "title": "Élections à l'initiative de l'employeur"},
    )
    assert own.status_code == 201, own.text
    half = await client.post(
        f"/api/v1/organizations/{org.id}/elections", headers=direction, json={**request, "requested_on": None}
    )
    assert_problem(half, 422, "validation_error")


async def test_another_organisation_gets_404_and_bad_siret_is_422(client: Any, settings: Any) -> None:
    _, direction, eid = await _open(client, settings)
    other = await make_organization(headcount=30)
    stranger = bearer_headers(other.admin, secret=settings.secret_key.get_secret_value())
    await client.patch(f"/api/v1/elections/{eid}", headers=direction, json={"carence_on": "2026-03-24"})
    assert_problem(await client.get(f"/api/v1/elections/{eid}/carence.pdf", headers=stranger), 404, "not_found")
    bad = await client.patch(f"/api/v1/elections/{eid}", headers=direction, json={"siret": "775 672"})
    assert bad.status_code == 422


async def test_demo_foyer_has_its_pv_de_carence_sent_in_time(client: Any, auth: Any) -> None:
    headers = await auth("direction@demo.example")
    me = (await client.get("/api/v1/me", headers=headers)).json()
    elections = (await client.get(f"/api/v1/organizations/{me['organization_id']}/elections", headers=headers)).json()
    foyer = next(e for e in elections if e["title"] == "Première élection du CSE du foyer Le Relais (2026)")
    carence = foyer["carence"]
    assert (carence["drawn_on"], carence["sent_on"], carence["send_by"]) == ("2026-02-12", "2026-02-20", "2026-02-27")
    assert carence["sent_late"] is False and carence["request_possible_from"] == "2026-08-12"
    pdf = await client.get(f"/api/v1/elections/{foyer['id']}/carence.pdf", headers=headers)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is needed to read the PDF back")
    text = " ".join(pdf_text(pdf.content).split())
    assert "Foyer d'hébergement Le Relais" in text and "77567227200062" in text
