"""Pages of the QVT plan by axes over HTTP: the plan, a group's composition with its warnings, and the
recommendations ticked on the adoption form."""

from __future__ import annotations

import re
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


def option(html: str, text: str) -> str:
    """The value of the first `<option>` whose text starts with `text` (a person, an establishment)."""
    found = re.search(r'<option value="(\d+)"(?: selected)?>' + re.escape(text), html)
    assert found, text
    return found.group(1)


async def test_binome_form_refuses_two_people_from_one_side_in_french_and_stores_nothing(
    client: Any, auth: Any
) -> None:
    headers = await auth("direction@demo.example")
    body = await qvt_body(client, auth)
    soutien = (await client.get(f"/api/v1/bodies/{body}/qvt-plan", headers=headers)).json()["axes"][2]
    before = [m["person"]["full_name"] for m in soutien["binome"]]
    await sign_in(client, "secretaire@demo.example")
    plan = await client.get(f"/instances/{body}/qvt/plan", headers=HTML)
    assert f'href="/axes-qvt/{soutien["id"]}/binome"' in plan.text
    page = await client.get(f"/axes-qvt/{soutien['id']}/binome", headers=HTML)
    assert page.status_code == 200
    assert "Binôme de l&#39;axe — Le soutien aux professionnels" in page.text
    nadia, claire = option(page.text, "Nadia Benali"), option(page.text, "Claire Vidal")
    both_head_office = {
        "_csrf_token": csrf_from(page.text),
        "members.0.user_id": nadia,
        "members.0.side": "head_office",
        "members.0.service": "Paie",
        "members.1.user_id": claire,
        "members.1.side": "head_office",
        "members.1.service": "Ressources humaines",
    }
    refused = await client.post(f"/axes-qvt/{soutien['id']}/binome", data=both_head_office, headers=HTML)
    assert refused.status_code == 422
    assert "Le formulaire n&#39;a pas été enregistré." in refused.text
    assert 'id="f-members-error"' in refused.text
    assert "les deux viennent ici du même côté" in refused.text
    assert f'<option value="{nadia}" selected>Nadia Benali' in refused.text
    no_place = {**both_head_office, "_csrf_token": csrf_from(refused.text), "members.0.side": "establishment"}
    refused = await client.post(f"/axes-qvt/{soutien['id']}/binome", data=no_place, headers=HTML)
    assert refused.status_code == 422
    assert 'id="f-members-0-establishment-id-error"' in refused.text
    assert "Précisez l&#39;établissement de la personne venue des établissements." in refused.text
    stored = (await client.get(f"/api/v1/qvt-axes/{soutien['id']}", headers=headers)).json()
    assert [m["person"]["full_name"] for m in stored["binome"]] == before


async def test_binome_form_names_one_person_from_each_side(client: Any, auth: Any) -> None:
    headers = await auth("direction@demo.example")
    body = await qvt_body(client, auth)
    soutien = (await client.get(f"/api/v1/bodies/{body}/qvt-plan", headers=headers)).json()["axes"][2]
    await sign_in(client, "direction@demo.example")
    page = await client.get(f"/axes-qvt/{soutien['id']}/binome", headers=HTML)
    done = await client.post(
        f"/axes-qvt/{soutien['id']}/binome",
        data={
            "_csrf_token": csrf_from(page.text),
            "members.0.user_id": option(page.text, "Nadia Benali"),
            "members.0.side": "establishment",
            "members.0.establishment_id": option(page.text, "EHPAD Les Tilleuls"),
            "members.1.user_id": option(page.text, "Claire Vidal"),
            "members.1.side": "head_office",
            "members.1.service": "Ressources humaines",
        },
        headers=HTML,
    )
    assert done.status_code == 303
    after = await client.get(done.headers["location"], headers=HTML)
    assert "Le binôme de l&#39;axe a été enregistré." in after.text
    assert 'Nadia Benali <span class="muted">(Établissements — EHPAD Les Tilleuls' in after.text
    assert 'Claire Vidal <span class="muted">(Siège ou services — Ressources humaines)' in after.text
    stored = (await client.get(f"/api/v1/qvt-axes/{soutien['id']}", headers=headers)).json()
    assert [m["side"] for m in stored["binome"]] == ["establishment", "head_office"]
    assert stored["binome_complete"] is True


async def test_binome_form_is_closed_to_whom_cannot_contribute(client: Any, auth: Any) -> None:
    headers = await auth("direction@demo.example")
    body = await qvt_body(client, auth)
    soutien = (await client.get(f"/api/v1/bodies/{body}/qvt-plan", headers=headers)).json()["axes"][2]
    await sign_in(client, "gouvernance@demo.example")
    assert (await client.get(f"/axes-qvt/{soutien['id']}/binome", headers=HTML)).status_code == 403


async def _culture_group(client: Any, auth: Any) -> int:
    headers = await auth("direction@demo.example")
    body = await qvt_body(client, auth)
    groups = (await client.get(f"/api/v1/bodies/{body}/working-group-compositions", headers=headers)).json()["items"]
    return int(next(g["working_group_id"] for g in groups if g["name"] == "Groupe de l'axe 1 — Culture de la QVT"))


def _composition_form(html: str) -> dict[str, str]:
    """The composition form as shown: hidden member ids, selected options and typed values."""
    data = {"_csrf_token": csrf_from(html)}
    for name, value in re.findall(r'<input type="hidden" name="(members\.\d+\.user_id)" value="(\d+)">', html):
        data[name] = value
    for name, value in re.findall(r'name="(members\.\d+\.job_family)" type="text" value="([^"]*)"', html):
        data[name] = value
    return data


async def test_composition_form_refreshes_the_warnings_after_saving(client: Any, auth: Any) -> None:
    group = await _culture_group(client, auth)
    await sign_in(client, "direction@demo.example")
    page = await client.get(f"/groupes-qvt/{group}", headers=HTML)
    assert "Modifier la composition du groupe" in page.text
    assert "Plus des deux tiers du groupe sont de femmes (4 sur 5)." in page.text
    form = _composition_form(page.text)
    members = re.findall(r"<legend>([^<]+)</legend>", page.text)
    assert len(members) == 5
    ehpad, ime = option(page.text, "EHPAD Les Tilleuls"), option(page.text, "IME La Source")
    culture = re.search(r'<option value="(\d+)" selected>Une culture partagée de la QVT', page.text)
    assert culture
    data = {**form, "role": "axis", "axis_id": culture.group(1)}
    for i in range(5):
        data[f"members.{i}.sex"] = "man" if i < 2 else "woman"
        data[f"members.{i}.establishment_id"] = ime if i % 2 else ehpad
        data[f"members.{i}.job_family"] = "Éducatif" if i % 2 else "Soin"
    saved = await client.post(f"/groupes-qvt/{group}/composition", data=data, headers=HTML)
    assert saved.status_code == 303
    after = await client.get(saved.headers["location"], headers=HTML)
    assert "La composition du groupe a été enregistrée." in after.text
    assert "Le groupe compte 5 personnes : un groupe d&#39;axe en réunit de 7 à 8." in after.text
    for gone in ("Plus des deux tiers", "Un seul établissement", "Une seule famille de métiers"):
        assert gone not in after.text, gone
    assert "2 homme(s)" in after.text


async def test_composition_form_shows_bad_input_in_place_and_stores_nothing(client: Any, auth: Any) -> None:
    headers = await auth("direction@demo.example")
    body = await qvt_body(client, auth)
    theme = (await client.get(f"/api/v1/bodies/{body}/qvt-plan", headers=headers)).json()["transversal_themes"][0]
    group = await _culture_group(client, auth)
    before = (await client.get(f"/api/v1/working-groups/{group}/composition", headers=headers)).json()
    await sign_in(client, "secretaire@demo.example")
    page = await client.get(f"/groupes-qvt/{group}", headers=HTML)
    form = _composition_form(page.text)
    too_long = await client.post(
        f"/groupes-qvt/{group}/composition",
        data={**form, "role": "axis", "members.0.job_family": "x" * 81},
        headers=HTML,
    )
    assert too_long.status_code == 422
    assert 'id="f-members-0-job-family-error"' in too_long.text
    assert "Texte trop long (au plus 80 caractères)." in too_long.text
    wrong_axis = await client.post(
        f"/groupes-qvt/{group}/composition",
        data={
            **_composition_form(too_long.text),
            "members.0.job_family": "Soin",
            "role": "axis",
            "axis_id": str(theme["id"]),
        },
        headers=HTML,
    )
    assert wrong_axis.status_code == 422
    assert 'id="f-axis-id-error"' in wrong_axis.text
    assert "Choisissez un axe du plan." in wrong_axis.text
    after = (await client.get(f"/api/v1/working-groups/{group}/composition", headers=headers)).json()
    assert after == before
