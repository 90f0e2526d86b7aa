"""The diagnosis pages (issue 21 §1): a refused form keeps what was typed with the field named, the grid is
shaped while a draft, an answer out of the scale is refused, the results wait for the closing, and who may not
read sees 403 (another organisation 404)."""

from __future__ import annotations

import re
from typing import Any

from tests.api.test_pages import HTML, csrf_from, sign_in


async def _post(client: Any, page_path: str, action: str, data: dict[str, str] | None = None) -> Any:
    page = await client.get(page_path, headers=HTML)
    return await client.post(action, data={**(data or {}), "_csrf_token": csrf_from(page.text)}, headers=HTML)


async def _create(client: Any, **fields: str) -> Any:
    data = {"title": "Diagnostic des pages", "period_start": "2026-01-01", "period_end": "2026-11-30", **fields}
    return await _post(client, "/diagnostics", "/diagnostics", data)


async def test_direction_prepares_shapes_and_opens_a_diagnosis(client: Any) -> None:
    await sign_in(client, "direction@demo.example")
    refused = await _create(client, period_end="2025-01-01")
    assert refused.status_code == 422
    assert "la fin de la période précède son début" in refused.text
    assert 'value="Diagnostic des pages"' in refused.text
    created = await _create(client)
    assert created.status_code == 303
    url = created.headers["location"].split("?")[0]
    page = await client.get(created.headers["location"], headers=HTML)
    assert "Le diagnostic est en préparation" in page.text
    assert page.text.count('name="code"') == 18
    added = await _post(
        client, url, f"{url}/enonces", {"dimension": "objects", "kind": "lever", "text": "Le CSE visite les unités."}
    )
    assert added.status_code == 303
    empty = await _post(client, url, f"{url}/enonces", {"dimension": "objects", "kind": "lever", "text": ""})
    assert empty.status_code == 422
    removed = await _post(client, url, f"{url}/enonces/retirer", {"code": "obj_urgence"})
    assert removed.status_code == 303
    page = await client.get(url, headers=HTML)
    assert "Le CSE visite les unités." in page.text
    assert "absorbé par les urgences" not in page.text
    assert (await client.get(f"{url}/resultats", headers=HTML)).status_code == 409
    opened = await _post(client, url, f"{url}/ouvrir")
    assert opened.status_code == 303
    again = await _post(client, url, f"{url}/ouvrir")
    assert again.status_code == 409

    page = await client.get(url, headers=HTML)
    first = re.search(r'name="score_(\d+)"', page.text)
    assert first
    bad = await _post(client, url, f"{url}/reponses", {f"score_{first.group(1)}": "9"})
    assert bad.status_code == 422
    assert "choisissez de 1 à 5" in bad.text
    nothing = await _post(client, url, f"{url}/reponses", {})
    assert nothing.status_code == 422
    good = await _post(
        client, url, f"{url}/reponses", {f"score_{first.group(1)}": "4", f"comment_{first.group(1)}": "ok"}
    )
    assert good.status_code == 303
    assert "ma réponse : 4" in (await client.get(url, headers=HTML)).text


async def test_results_page_and_who_may_not_read(client: Any, auth: Any) -> None:
    await sign_in(client, "admin@voisine.example")
    neighbour = await client.get("/diagnostics", headers=HTML)
    assert neighbour.status_code == 200
    assert "Aucun diagnostic pour" in neighbour.text and "année écoulée" not in neighbour.text
    board = await auth("gouvernance@demo.example")
    org = (await client.get("/api/v1/me", headers=board)).json()["organization_id"]
    demo = (await client.get(f"/api/v1/organizations/{org}/diagnoses", headers=board)).json()["items"][0]["id"]
    assert (await client.get(f"/diagnostics/{demo}", headers=HTML)).status_code == 404
    assert (await client.get(f"/diagnostics/{demo}/resultats", headers=HTML)).status_code == 404
    await sign_in(client, "gouvernance@demo.example")
    results = await client.get(f"/diagnostics/{demo}/resultats", headers=HTML)
    assert results.status_code == 200
    assert "pas assez de réponses" in results.text  # last year the board answered alone
    assert results.text.count("Indicateurs de la période") == 3
    assert "<svg" in results.text
    await sign_in(client, "referente.qvt@demo.example")
    assert (await client.get("/diagnostics", headers=HTML)).status_code == 403


async def test_the_creation_form_is_offered_to_whom_the_service_lets_create(client: Any, auth: Any) -> None:
    """The list page asks the service who organises (admins, direction); the board reads and the API refuses it."""
    form = '<form method="post" action="/diagnostics"'
    await sign_in(client, "direction@demo.example")
    assert form in (await client.get("/diagnostics", headers=HTML)).text
    await sign_in(client, "gouvernance@demo.example")
    page = await client.get("/diagnostics", headers=HTML)
    assert page.status_code == 200
    assert form not in page.text
    board = await auth("gouvernance@demo.example")
    org = (await client.get("/api/v1/me", headers=board)).json()["organization_id"]
    body = {"title": "x", "period_start": "2026-01-01", "period_end": "2026-02-01"}
    refused = await client.post(f"/api/v1/organizations/{org}/diagnoses", json=body, headers=board)
    assert refused.status_code == 403
