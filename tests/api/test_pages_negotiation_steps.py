"""Negotiation steps from the pages: a session with the negotiators present, the staff's consultation asked by a
signatory union and its result with turnout (L2232-12), the deposit on TéléAccords with its anonymised version
(L2231-5-1), the agrément of the medico-social sector (L314-6 CASF); all listed on the negotiation page in date
order. Only the direction records them (a signatory asks for the consultation); another organisation sees 404."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from tests.api.negotiation_helpers import Negotiators, add_establishments, build_negotiators
from tests.api.test_pages import HTML, csrf_from
from tests.conftest import FrozenClock

TODAY = date(2026, 12, 1)


@pytest.fixture
async def world(settings: Any, frozen_clock: FrozenClock) -> Negotiators:
    frozen_clock.set(TODAY)
    built = await build_negotiators(secret=settings.secret_key.get_secret_value())
    await add_establishments(built)
    return built


async def _nao(client: Any, world: Negotiators) -> int:
    headers = world.auth("direction")
    created = await client.post(
        f"/api/v1/organizations/{world.organization_id}/negotiations", headers=headers, json={"topic": "remuneration"}
    )
    assert created.status_code == 201, created.text
    nid = int(created.json()["id"])
    if created.json()["status"] != "open":
        opened = await client.post(f"/api/v1/negotiations/{nid}/status", headers=headers, json={"status": "open"})
        assert opened.status_code == 200, opened.text
    return nid


async def _post(client: Any, path: str, data: dict[str, str]) -> Any:
    page = await client.get(path if "/etapes/" in path else "/", headers=HTML)
    return await client.post(path, data={**data, "_csrf_token": csrf_from(page.text)}, headers=HTML)


async def test_api_records_turnout_and_the_anonymised_version(client: Any, world: Negotiators) -> None:
    headers = world.auth("direction")
    nid = await _nao(client, world)
    await client.post(f"/api/v1/negotiations/{nid}/signatures", headers=headers, json={"union": "CFDT"})
    requested = await client.post(
        f"/api/v1/negotiations/{nid}/referendum", headers=headers, json={"requested_by": "signatories"}
    )
    assert requested.status_code == 200, requested.text
    result = {"held_on": TODAY.isoformat(), "votes_for": 212, "votes_against": 148}
    too_many = await client.post(
        f"/api/v1/negotiations/{nid}/referendum/result", headers=headers, json={**result, "registered": 300}
    )
    assert too_many.status_code == 422
    done = await client.post(
        f"/api/v1/negotiations/{nid}/referendum/result", headers=headers, json={**result, "registered": 400}
    )
    assert done.status_code == 200, done.text
    assert (done.json()["referendum"]["registered"], done.json()["referendum"]["turnout_percent"]) == (400, 90.0)
    deposit = await client.post(
        f"/api/v1/negotiations/{nid}/deposit",
        headers=headers,
        json={
            "deposited_on": TODAY.isoformat(),
            "reference": "T06926012345",
            "anonymised_version": "NAO-2026-anonyme.pdf",
        },
    )
    assert deposit.status_code == 200, deposit.text
    assert deposit.json()["deposit_anonymised_version"] == "NAO-2026-anonyme.pdf"


async def test_negotiation_steps_recorded_from_the_pages_and_listed_in_date_order(
    client: Any, world: Negotiators
) -> None:
    nid = await _nao(client, world)
    await world.sign_in(client, "direction")
    page = await client.get(f"/negociations/{nid}", headers=HTML)
    ids = dict(re.findall(r'id="f-attendee-(\d+)"[^>]*>\s*<label for="f-attendee-\d+">([^<(]+) \(', page.text))
    by_name = {name: member for member, name in ids.items()}
    assert {"Nathalie Perrot", "Rachid Amrani"} <= set(by_name)
    session = await _post(
        client,
        f"/negociations/{nid}/seances",
        {
            "starts_at": "2026-11-17T14:00",
            "location": "Siège, salle Rhône",
            f"attendee-{by_name['Nathalie Perrot']}": "1",
            f"attendee-{by_name['Rachid Amrani']}": "1",
            "direction_attendees": "Philippe Garnier\nSandrine Faure",
            "summary": "Présentation des données de rémunération.",
        },
    )
    assert session.status_code == 303, session.text
    sessions = (await client.get(f"/api/v1/negotiations/{nid}/sessions", headers=world.auth("direction"))).json()
    (logged,) = sessions["items"]
    assert [(a["name"], a["party"]) for a in logged["attendees"]] == [
        ("Nathalie Perrot", "CFDT"),
        ("Rachid Amrani", "CGT"),
        ("Philippe Garnier", "employer"),
        ("Sandrine Faure", "employer"),
    ]
    signed = await client.post(
        f"/api/v1/negotiations/{nid}/signatures", headers=world.auth("direction"), json={"union": "CFDT"}
    )
    assert signed.status_code == 201, signed.text

    # the signatory union asks for the staff's consultation (L2232-12); the direction records the rest
    await world.sign_in(client, "cfdt")
    page = await client.get(f"/negociations/{nid}", headers=HTML)
    assert f'href="/negociations/{nid}/etapes/consultation"' in page.text
    assert f"/negociations/{nid}/etapes/depot" not in page.text
    asked = await _post(client, f"/negociations/{nid}/etapes/consultation", {"requested_by": "signatories"})
    assert asked.status_code == 303, asked.text
    assert (await client.get(f"/negociations/{nid}/etapes/resultat", headers=HTML)).status_code == 403

    await world.sign_in(client, "direction")
    refused = await _post(
        client,
        f"/negociations/{nid}/etapes/resultat",
        {"held_on": TODAY.isoformat(), "votes_for": "212", "votes_against": ""},
    )
    assert refused.status_code == 422
    assert "Suffrages contre l&#39;accord" in refused.text and 'value="212"' in refused.text
    result = await _post(
        client,
        f"/negociations/{nid}/etapes/resultat",
        {"held_on": TODAY.isoformat(), "registered": "400", "votes_for": "212", "votes_against": "148"},
    )
    assert result.status_code == 303, result.text
    deposit = await _post(
        client,
        f"/negociations/{nid}/etapes/depot",
        {"deposited_on": TODAY.isoformat(), "reference": "T06926012345", "anonymised_version": "NAO-2026-anonyme.pdf"},
    )
    assert deposit.status_code == 303, deposit.text
    agrement = await _post(
        client,
        f"/negociations/{nid}/etapes/agrement",
        {"submitted_on": TODAY.isoformat(), "decision": "granted", "decided_on": TODAY.isoformat()},
    )
    assert agrement.status_code == 303, agrement.text

    page = await client.get(f"/negociations/{nid}?fait=agrement", headers=HTML)
    assert "L&#39;agrément a été enregistré." in page.text
    steps = page.text[page.text.index('id="etapes-liste"') :]
    steps = steps[: steps.index("</ol>")]
    order = [
        "Séance n° 1",
        "Signature : CFDT",
        "Consultation des salariés demandée",
        "Consultation des salariés : accord approuvé",
        "Dépôt sur TéléAccords",
        "Agrément demandé au ministre",
        "Agrément accordé",
    ]
    positions = [steps.index(label) for label in order]
    assert positions == sorted(positions)
    assert "Présents : Nathalie Perrot, Rachid Amrani, Philippe Garnier, Sandrine Faure" in steps
    assert "participation 90,00 % (400 inscrits)" in steps
    assert "version anonymisée : NAO-2026-anonyme.pdf" in steps


async def test_step_pages_are_refused_to_others_and_hidden_from_another_organisation(
    client: Any, world: Negotiators
) -> None:
    nid = await _nao(client, world)
    await world.sign_in(client, "elu")
    assert (await client.get(f"/negociations/{nid}/etapes/depot", headers=HTML)).status_code == 403
    await world.sign_in(client, "neighbour")
    assert (await client.get(f"/negociations/{nid}/etapes/depot", headers=HTML)).status_code == 404
    assert (await client.get(f"/negociations/{nid}/etapes/inconnue", headers=HTML)).status_code == 404
