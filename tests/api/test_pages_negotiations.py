"""Negotiation pages over HTTP: list, timeline of sessions and positions, signatures and validity (L2232-12)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from dialogue.core.clock import local_today
from dialogue.negotiations.schemas import Topic
from tests.api.negotiation_helpers import Negotiators, add_establishments, build_negotiators
from tests.api.test_pages import HTML, csrf_from
from tests.factories import make_negotiation


@dataclass
class Table:
    """The negotiators and the two negotiations the pages show."""

    world: Negotiators
    signed: dict[str, Any]
    current: dict[str, Any]


async def _post(client: Any, world: Negotiators, url: str, json: dict[str, Any], status: int = 201) -> Any:
    response = await client.post(url, headers=world.auth("direction"), json=json)
    assert response.status_code == status, response.text
    return response.json()


@pytest.fixture
async def table(client: Any, settings: Any) -> Table:
    """The negotiators' organisation and its two establishments, last year's égalité / QVCT agreement signed by CFDT
    and SUD (58 %, L2232-12) after a session, and this year's NAO on pay in progress (opened like the demo's)."""
    world = await build_negotiators(secret=settings.secret_key.get_secret_value())
    await add_establishments(world)
    year = local_today().year
    qvct = await make_negotiation(
        world.table,
        topic=Topic.egalite_qvct,
        opened_on=date(year - 1, 9, 15),
        title=f"Accord égalité professionnelle et QVCT {year - 1}",
    )
    url = f"/api/v1/negotiations/{qvct.id}"
    await _post(
        client, world, f"{url}/sessions", {"starts_at": f"{year - 1}-09-29T14:00:00+02:00", "location": "Siège"}
    )
    for union in ("CFDT", "SUD Santé Sociaux"):
        await _post(client, world, f"{url}/signatures", {"union": union, "signed_on": f"{year - 1}-11-27"})
    nao = await make_negotiation(
        world.table, opened_on=date(year, 1, 13), title=f"NAO {year} — Rémunération, temps de travail"
    )
    await _post(client, world, f"/api/v1/negotiations/{nao.id}/status", {"status": "in_progress"}, status=200)
    signed = (await client.get(url, headers=world.auth("direction"))).json()
    current = (await client.get(f"/api/v1/negotiations/{nao.id}", headers=world.auth("direction"))).json()
    assert (signed["status"], current["status"]) == ("agreement_signed", "in_progress")
    return Table(world, signed, current)


async def test_list_shows_each_negotiation_with_status_signatories_and_validity(client: Any, table: Table) -> None:
    await table.world.sign_in(client, "gouvernance")
    page = await client.get("/negociations", headers=HTML)
    assert page.status_code == 200
    assert "NAO" in page.text
    assert "Accord égalité professionnelle et QVCT" in page.text
    assert "CFDT, SUD Santé Sociaux" in page.text
    home = await client.get("/", headers=HTML)
    assert "Négociations en cours" in home.text


async def test_negotiation_page_shows_the_timeline_and_the_signatures(client: Any, table: Table) -> None:
    world, signed = table.world, table.signed
    await world.sign_in(client, "gouvernance")
    page = await client.get(f"/negociations/{signed['id']}", headers=HTML)
    assert page.status_code == 200
    assert "Chronologie des séances et des positions" in page.text
    assert "Séance n° 1" in page.text
    assert "Signatures et validité" in page.text
    assert signed["signatures"][0]["union"] in page.text
    assert "L2232-12" in page.text
    # The board reads; it neither logs sessions nor records signatures.
    assert "/seances" not in page.text and "Enregistrer une signature" not in page.text


async def test_direction_logs_a_session_in_local_time(client: Any, table: Table) -> None:
    world, current = table.world, table.current
    await world.sign_in(client, "direction")
    page = await client.get(f"/negociations/{current['id']}", headers=HTML)
    done = await client.post(
        f"/negociations/{current['id']}/seances",
        data={
            "starts_at": "2026-03-03T14:00",
            "ends_at": "2026-03-03T16:30",
            "location": "Salle du conseil",
            "summary": "Examen des propositions salariales.",
            "_csrf_token": csrf_from(page.text),
        },
        headers=HTML,
    )
    assert done.status_code == 303, done.text
    page = await client.get(done.headers["location"], headers=HTML)
    assert "mardi 3 mars 2026 à 14 h 00" in page.text
    sessions = (
        await client.get(f"/api/v1/negotiations/{current['id']}/sessions", headers=world.auth("direction"))
    ).json()["items"]
    assert any(s["starts_at"].startswith("2026-03-03T13:00:00") for s in sessions)  # 14 h in Paris is 13 h UTC


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"starts_at": ""}, "starts_at"),
        ({"starts_at": "demain"}, "starts_at"),
        ({"starts_at": "2026-03-03T14:00", "ends_at": "plus tard"}, "ends_at"),
        ({"starts_at": "2026-03-03T14:00", "location": "x" * 201}, "location"),
    ],
    ids=["no-start", "start-not-a-date", "end-not-a-date", "long-location"],
)
async def test_bad_session_is_422_naming_the_field(client: Any, table: Table, data: dict[str, str], field: str) -> None:
    world, current = table.world, table.current
    await world.sign_in(client, "direction")
    page = await client.get(f"/negociations/{current['id']}", headers=HTML)
    response = await client.post(
        f"/negociations/{current['id']}/seances", data={**data, "_csrf_token": csrf_from(page.text)}, headers=HTML
    )
    assert response.status_code == 422
    assert f'id="f-{field.replace("_", "-")}-error"' in response.text


async def test_delegate_states_a_position_for_their_union_only(client: Any, table: Table) -> None:
    world, current = table.world, table.current
    await world.sign_in(client, "cgt")
    page = await client.get(f"/negociations/{current['id']}", headers=HTML)
    assert '<option value="CGT"' in page.text
    assert '<option value="CFDT"' not in page.text and '<option value="employer"' not in page.text
    done = await client.post(
        f"/negociations/{current['id']}/positions",
        data={
            "party": "CGT",
            "kind": "counter_proposal",
            "content": "Revalorisation de 3 %",
            "_csrf_token": csrf_from(page.text),
        },
        headers=HTML,
    )
    assert done.status_code == 303
    page = await client.get(done.headers["location"].split("#")[0], headers=HTML)
    assert "Revalorisation de 3 %" in page.text
    refused = await client.post(
        f"/negociations/{current['id']}/positions",
        data={"party": "CFDT", "content": "Au nom d'un autre", "_csrf_token": csrf_from(page.text)},
        headers=HTML,
    )
    assert refused.status_code == 403


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"party": "CGT", "content": ""}, "content"),
        ({"party": "", "content": "x"}, "party"),
        ({"party": "CGT", "content": "x", "kind": "insulte"}, "kind"),
        ({"party": "UNSA", "content": "x"}, "party"),
    ],
    ids=["no-content", "no-party", "unknown-kind", "union-not-at-table"],
)
async def test_bad_position_is_422_naming_the_field(
    client: Any, table: Table, data: dict[str, str], field: str
) -> None:
    world, current = table.world, table.current
    await world.sign_in(client, "direction")
    page = await client.get(f"/negociations/{current['id']}", headers=HTML)
    response = await client.post(
        f"/negociations/{current['id']}/positions", data={**data, "_csrf_token": csrf_from(page.text)}, headers=HTML
    )
    assert response.status_code == 422
    assert f'id="f-{field}-error"' in response.text


async def test_signature_shows_weight_and_validity(client: Any, table: Table) -> None:
    world, current = table.world, table.current
    await world.sign_in(client, "cfdt")
    page = await client.get(f"/negociations/{current['id']}", headers=HTML)
    assert "Enregistrer une signature" in page.text
    done = await client.post(
        f"/negociations/{current['id']}/signatures",
        data={"union": "CFDT", "_csrf_token": csrf_from(page.text)},
        headers=HTML,
    )
    assert done.status_code == 303, done.text
    page = await client.get(done.headers["location"].split("#")[0], headers=HTML)
    assert "La signature a été enregistrée." in page.text
    assert "Nathalie Perrot" in page.text
    assert " %</td>" in page.text


async def test_abandon_needs_a_reason(client: Any, table: Table) -> None:
    world, current = table.world, table.current
    await world.sign_in(client, "direction")
    page = await client.get(f"/negociations/{current['id']}", headers=HTML)
    assert "Abandonner la négociation" in page.text
    response = await client.post(
        f"/negociations/{current['id']}/statut",
        data={"status": "abandoned", "_csrf_token": csrf_from(page.text)},
        headers=HTML,
    )
    assert response.status_code == 422
    after = (await client.get(f"/api/v1/negotiations/{current['id']}", headers=world.auth("direction"))).json()
    assert after["status"] == "in_progress"


async def test_elu_without_a_seat_is_403_and_another_organisation_404(client: Any, table: Table) -> None:
    world, current = table.world, table.current
    await world.sign_in(client, "elu")
    assert (await client.get("/negociations", headers=HTML)).status_code == 403
    assert (await client.get(f"/negociations/{current['id']}", headers=HTML)).status_code == 403
    await world.sign_in(client, "neighbour")
    assert (await client.get(f"/negociations/{current['id']}", headers=HTML)).status_code == 404
    home = await client.get("/", headers=HTML)
    refused = await client.post(
        f"/negociations/{current['id']}/signatures",
        data={"union": "CFDT", "_csrf_token": csrf_from(home.text)},
        headers=HTML,
    )
    assert refused.status_code == 404


async def test_negotiation_page_shows_agrement_per_establishment_l314_6_casf(client: Any, table: Table) -> None:
    world, signed = table.world, table.signed
    await world.sign_in(client, "gouvernance")
    page = await client.get(f"/negociations/{signed['id']}", headers=HTML)
    assert page.status_code == 200
    assert "Agrément par établissement" in page.text
    assert "Agrément requis (L314-6 CASF)" in page.text
    assert "Non requis : établissement sous CPOM (L313-12 IV ter CASF)" in page.text
    assert "Accord d&#39;entreprise" in page.text


async def test_director_takes_a_unilateral_decision_from_its_page(client: Any, table: Table) -> None:
    world = table.world
    headers = world.auth("direction")
    created = await client.post(
        f"/api/v1/organizations/{world.organization_id}/negotiations",
        headers=headers,
        json={"topic": "other", "subject": "Prime de froid", "kind": "unilateral_decision"},
    )
    assert created.status_code == 201, created.text
    await world.sign_in(client, "direction")
    page = await client.get(f"/negociations/{created.json()['id']}", headers=HTML)
    assert page.status_code == 200
    assert "Décision unilatérale de l&#39;employeur (DUE)" in page.text
    assert "Prendre la décision unilatérale" in page.text
    assert "Enregistrer une signature" not in page.text
