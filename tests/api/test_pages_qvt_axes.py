"""Pages of the QVT plan by axes over HTTP: the plan, a group's composition with its warnings, and the
recommendations ticked on the adoption form."""

from __future__ import annotations

from typing import Any

from tests.api.test_pages import HTML, csrf_from, sign_in
from tests.api.test_pages_qvt import action_id, qvt_body


async def test_plan_page_shows_axes_binomes_counts_themes_and_group_balance(client: Any, auth: Any) -> None:
    body = await qvt_body(client, auth)
    await sign_in(client, "elu@demo.example")
    page = await client.get(f"/instances/{body}/qvt/plan", headers=HTML)
    assert page.status_code == 200
    for text in (
        "Plan QVT par axes",
        "Axe 1 — Une culture partagée de la QVT",
        "Axe 4 — La reconnaissance du travail",
        "Youssef Diallo",
        "Sandrine Faure",
        "Siège ou services — Direction des ressources humaines",
        "Communication interne",
        "Organisation du travail",
        "Groupe d&#39;appui — personnes ressources",
        "Équilibré",
        "À rééquilibrer",
        "Charte du droit à l&#39;erreur",
    ):
        assert text in page.text, text
    assert f'href="/instances/{body}/qvt/plan"' in (await client.get(f"/instances/{body}/qvt", headers=HTML)).text


async def test_group_page_lists_its_warnings(client: Any, auth: Any) -> None:
    headers = await auth("direction@demo.example")
    body = await qvt_body(client, auth)
    groups = (await client.get(f"/api/v1/bodies/{body}/working-group-compositions", headers=headers)).json()["items"]
    culture = next(g for g in groups if g["name"] == "Groupe de l'axe 1 — Culture de la QVT")
    await sign_in(client, "direction@demo.example")
    page = await client.get(f"/groupes-qvt/{culture['working_group_id']}", headers=HTML)
    assert page.status_code == 200
    for text in (
        "Groupe à rééquilibrer",
        "Le groupe compte 5 personnes : un groupe d&#39;axe en réunit de 7 à 8.",
        "Plus des deux tiers du groupe sont de femmes (4 sur 5).",
        "Un seul établissement est représenté",
        "Une seule famille de métiers est représentée",
    ):
        assert text in page.text, text


async def test_adoption_form_without_the_ticks_shows_the_refusal_and_with_them_adopts(client: Any, auth: Any) -> None:
    aid = await action_id(client, auth, "Charte du droit à l'erreur")
    await sign_in(client, "direction@demo.example")
    page = await client.get(f"/actions-qvt/{aid}", headers=HTML)
    assert "Recommandations du canevas" in page.text
    assert 'name="checklist.feasible"' in page.text
    refused = await client.post(
        f"/actions-qvt/{aid}/adopter",
        data={"_csrf_token": csrf_from(page.text), "checklist.concrete": "1"},
        headers=HTML,
    )
    assert refused.status_code == 422
    assert "Le comité adopte une proposition du plan une fois vérifiées les trois recommandations" in refused.text
    assert 'id="f-checklist-feasible-error"' in refused.text
    ticks = {f"checklist.{k}": "1" for k in ("concrete", "all_staff", "feasible")}
    adopted = await client.post(
        f"/actions-qvt/{aid}/adopter", data={"_csrf_token": csrf_from(refused.text), **ticks}, headers=HTML
    )
    assert adopted.status_code == 303
    after = await client.get(adopted.headers["location"], headers=HTML)
    assert "L&#39;action a été adoptée." in after.text
    assert "✓ Réalisable avec les moyens disponibles" in after.text


async def test_action_page_places_a_proposal_on_an_axis_and_a_theme(client: Any, auth: Any) -> None:
    headers = await auth("direction@demo.example")
    body = await qvt_body(client, auth)
    plan = (await client.get(f"/api/v1/bodies/{body}/qvt-plan", headers=headers)).json()
    axis, theme = plan["axes"][3], plan["transversal_themes"][1]
    aid = await action_id(client, auth, "Plannings à quatre semaines")
    await sign_in(client, "secretaire@demo.example")
    page = await client.get(f"/actions-qvt/{aid}", headers=HTML)
    assert "Place de l&#39;action dans le plan par axes" in page.text
    refused = await client.post(
        f"/actions-qvt/{aid}/axe",
        data={"_csrf_token": csrf_from(page.text), "axis_id": str(theme["id"])},
        headers=HTML,
    )
    assert refused.status_code == 422
    assert "Choisissez un axe du plan." in refused.text
    placed = await client.post(
        f"/actions-qvt/{aid}/axe",
        data={"_csrf_token": csrf_from(refused.text), "axis_id": str(axis["id"]), "theme_ids": str(theme["id"])},
        headers=HTML,
    )
    assert placed.status_code == 303
    after = await client.get(placed.headers["location"], headers=HTML)
    assert "La place de l&#39;action dans le plan par axes a été enregistrée." in after.text
    api = (await client.get(f"/api/v1/action-proposals/{aid}/axis", headers=headers)).json()
    assert (api["axis_id"], api["theme_ids"]) == (axis["id"], [theme["id"]])


async def test_plan_page_adds_an_axis_and_shows_a_missing_title_in_place(client: Any, auth: Any) -> None:
    body = await qvt_body(client, auth)
    await sign_in(client, "secretaire@demo.example")
    page = await client.get(f"/instances/{body}/qvt/plan", headers=HTML)
    assert "Ajouter un axe ou un thème transversal" in page.text
    refused = await client.post(
        f"/instances/{body}/qvt/plan/axes", data={"_csrf_token": csrf_from(page.text), "kind": "axis"}, headers=HTML
    )
    assert refused.status_code == 422
    assert 'id="f-title-error"' in refused.text
    added = await client.post(
        f"/instances/{body}/qvt/plan/axes",
        data={"_csrf_token": csrf_from(refused.text), "kind": "transversal", "title": "Numérique au travail"},
        headers=HTML,
    )
    assert added.status_code == 303
    after = await client.get(added.headers["location"], headers=HTML)
    assert "L&#39;axe ou le thème a été ajouté au plan." in after.text
    assert "<td>Numérique au travail</td>" in after.text


async def test_gouvernance_without_a_seat_on_the_committee_cannot_read_the_plan_page(client: Any, auth: Any) -> None:
    body = await qvt_body(client, auth)
    await sign_in(client, "gouvernance@demo.example")
    assert (await client.get(f"/instances/{body}/qvt/plan", headers=HTML)).status_code == 403
