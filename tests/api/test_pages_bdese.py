"""BDESE pages: the year by theme with completeness, the employer's form, refusals, publication."""

from __future__ import annotations

from typing import Any

from dialogue.core.clock import local_today
from tests.api.test_foundation import org_id
from tests.api.test_pages import HTML, sign_in
from tests.api.test_pages_registers import post_form

YEAR = local_today().year


async def test_reader_sees_themes_completeness_and_confidential_forecasts_marked(client: Any, auth: Any) -> None:
    oid = await org_id(client, await auth("secretaire@demo.example"))
    await sign_in(client, "secretaire@demo.example")
    page = await client.get(f"/organisations/{oid}/bdese?annee={YEAR}", headers=HTML)
    assert page.status_code == 200, page.text
    assert "1. Investissements" in page.text and "8. Partenariats" in page.text
    assert "Manquante" in page.text and "Renseignée" in page.text
    assert "Index de l&#39;égalité professionnelle" in page.text
    assert "Ajouter une information" not in page.text
    forecast = await client.get(f"/organisations/{oid}/bdese?annee={YEAR + 1}", headers=HTML)
    assert "Confidentiel jusqu&#39;au" in forecast.text


async def test_board_member_refused(client: Any, auth: Any) -> None:
    oid = await org_id(client, await auth("gouvernance@demo.example"))
    await sign_in(client, "gouvernance@demo.example")
    assert (await client.get(f"/organisations/{oid}/bdese", headers=HTML)).status_code == 403


async def test_employer_adds_a_draft_then_publishes_it(client: Any, auth: Any) -> None:
    oid = await org_id(client, await auth("direction@demo.example"))
    await sign_in(client, "direction@demo.example")
    form_path = f"/organisations/{oid}/bdese/ajouter"
    blanket = {
        "theme": "egalite:egalite_strategie",
        "year": str(YEAR),
        "title": "Plan",
        "text": "t",
        "confidential": "1",
    }
    refused = await post_form(client, form_path, form_path, blanket)
    assert refused.status_code == 422 and "R2312-13" in refused.text
    data = {
        "theme": "investissements:stagiaires",
        "year": str(YEAR),
        "title": "Stagiaires accueillis en 2026",
        "figures": "Stagiaires : 41\nGratifiés : 23",
    }
    created = await post_form(client, form_path, form_path, data)
    assert created.status_code == 303
    page = await client.get(created.headers["location"], headers=HTML)
    assert "Stagiaires accueillis en 2026" in page.text and "brouillon" in page.text
    assert "Gratifiés" in page.text and "Publier et notifier les lecteurs" in page.text


async def test_employer_publishes_from_the_page(client: Any, auth: Any) -> None:
    headers = await auth("direction@demo.example")
    oid = await org_id(client, headers)
    payload = {
        "theme": "environnement",
        "sub_theme": "politique_generale",
        "year": YEAR,
        "title": "Plan de sobriété",
        "text": "Réduction de 10 % des consommations d'énergie des deux établissements.",
    }
    item = (await client.post(f"/api/v1/organizations/{oid}/bdese/items", headers=headers, json=payload)).json()
    await sign_in(client, "direction@demo.example")
    year_page = f"/organisations/{oid}/bdese?annee={YEAR}"
    published = await post_form(client, f"/organisations/{oid}/bdese/{item['id']}/publier", year_page, {})
    assert published.status_code == 303
    seen = (await client.get(f"/api/v1/organizations/{oid}/bdese/items/{item['id']}", headers=headers)).json()
    assert seen["published_at"] is not None
