"""QVT pages over HTTP: the steering committee, the action plan's workflow, the barometer results and charts."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.test_pages import HTML, csrf_from, sign_in


async def qvt_body(client: Any, auth: Any) -> int:
    me = (await client.get("/api/v1/me", headers=await auth("direction@demo.example"))).json()
    return int(next(m["body_id"] for m in me["memberships"] if m["body_kind"] == "qvt_steering"))


async def action_id(client: Any, auth: Any, title: str) -> int:
    body = await qvt_body(client, auth)
    items = (
        await client.get(f"/api/v1/bodies/{body}/action-proposals", headers=await auth("direction@demo.example"))
    ).json()["items"]
    return int(next(a["id"] for a in items if a["title"] == title))


async def closed_barometer(client: Any, auth: Any) -> int:
    headers = await auth("direction@demo.example")
    me = (await client.get("/api/v1/me", headers=headers)).json()
    items = (await client.get(f"/api/v1/organizations/{me['organization_id']}/barometers", headers=headers)).json()
    return int(next(b["id"] for b in items["items"] if b["status"] == "closed"))


async def test_body_page_has_the_qvt_tabs_and_the_steering_page_lists_the_plan(client: Any, auth: Any) -> None:
    await sign_in(client, "elu@demo.example")
    body = await qvt_body(client, auth)
    page = await client.get(f"/instances/{body}", headers=HTML)
    assert f'href="/instances/{body}/qvt"' in page.text
    assert f'href="/instances/{body}/qvt/barometres"' in page.text
    steering = await client.get(f"/instances/{body}/qvt", headers=HTML)
    assert steering.status_code == 200
    for text in ("Plan d&#39;action", "Transmissions croisées jour/nuit", "Enjeux et priorités", "Groupes de travail"):
        assert text in steering.text
    assert "Vis mon travail" in steering.text
    assert "Proposer une action" in steering.text


async def test_member_adds_a_priority(client: Any, auth: Any) -> None:
    await sign_in(client, "secretaire@demo.example")
    body = await qvt_body(client, auth)
    page = await client.get(f"/instances/{body}/qvt", headers=HTML)
    done = await client.post(
        f"/instances/{body}/qvt/priorites",
        data={
            "kind": "priority",
            "title": "Réduire les interruptions de tâches",
            "identified_on": "2026-01-15",
            "_csrf_token": csrf_from(page.text),
        },
        headers=HTML,
    )
    assert done.status_code == 303
    page = await client.get(done.headers["location"], headers=HTML)
    assert "Réduire les interruptions de tâches" in page.text
    assert "La priorité a été enregistrée." in page.text


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "identified_on": "2026-01-15"}, "title"),
        ({"title": "T", "identified_on": ""}, "identified_on"),
        ({"title": "T", "identified_on": "15 janvier"}, "identified_on"),
        ({"title": "T", "identified_on": "2026-01-15", "review_on": "2025-01-01"}, "review_on"),
        ({"title": "T", "identified_on": "2026-01-15", "rank": "0"}, "rank"),
        ({"title": "T", "identified_on": "2026-01-15", "kind": "autre"}, "kind"),
    ],
    ids=["no-title", "no-date", "bad-date", "review-before", "rank-zero", "unknown-kind"],
)
async def test_bad_priority_is_422_naming_the_field(client: Any, auth: Any, data: dict[str, str], field: str) -> None:
    await sign_in(client, "secretaire@demo.example")
    body = await qvt_body(client, auth)
    page = await client.get(f"/instances/{body}/qvt", headers=HTML)
    count = len(
        (await client.get(f"/api/v1/bodies/{body}/qvt-priorities", headers=await auth("elu@demo.example"))).json()[
            "items"
        ]
    )
    response = await client.post(
        f"/instances/{body}/qvt/priorites", data={**data, "_csrf_token": csrf_from(page.text)}, headers=HTML
    )
    assert response.status_code == 422
    assert f'id="f-{field.replace("_", "-")}-error"' in response.text
    after = (await client.get(f"/api/v1/bodies/{body}/qvt-priorities", headers=await auth("elu@demo.example"))).json()
    assert len(after["items"]) == count


async def test_member_proposes_an_action_on_the_canvas(client: Any, auth: Any) -> None:
    await sign_in(client, "elu@demo.example")
    body = await qvt_body(client, auth)
    form = await client.get(f"/instances/{body}/qvt/actions/nouvelle", headers=HTML)
    assert form.status_code == 200
    priorities = (
        await client.get(f"/api/v1/bodies/{body}/qvt-priorities", headers=await auth("elu@demo.example"))
    ).json()["items"]
    created = await client.post(
        f"/instances/{body}/qvt/actions/nouvelle",
        data={
            "title": "Salle de repos à l'IME",
            "problem": "Pas de lieu de pause au calme",
            "proposal": "Aménager l'ancienne lingerie",
            "success_conditions": "Budget travaux validé",
            "calendar": "Avant l'été",
            "evaluation_criteria": "Fréquentation, avis des équipes",
            "theme": "conditions_de_travail",
            "milestones": "Devis ; 2026-04-30\nTravaux",
            "priority_ids": [str(p["id"]) for p in priorities[:2]],
            "_csrf_token": csrf_from(form.text),
        },
        headers=HTML,
    )
    assert created.status_code == 303, created.text
    page = await client.get(created.headers["location"], headers=HTML)
    assert "Salle de repos à l&#39;IME" in page.text
    assert "Proposée" in page.text
    assert "Devis (échéance 2026-04-30)" in page.text
    assert "/adopter" not in page.text  # an élu proposes, the chair and the direction decide


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"problem": ""}, "problem"),
        ({"milestones": "Devis ; fin avril"}, "milestones"),
        ({"theme": "bonheur"}, "theme"),
        ({"owner_id": "999999"}, "owner_id"),
        ({"title": "x" * 201}, "title"),
    ],
    ids=["no-problem", "bad-milestone-date", "unknown-theme", "unknown-owner", "long-title"],
)
async def test_bad_action_proposal_is_422_and_keeps_the_canvas(
    client: Any, auth: Any, extra: dict[str, str], field: str
) -> None:
    await sign_in(client, "elu@demo.example")
    body = await qvt_body(client, auth)
    form = await client.get(f"/instances/{body}/qvt/actions/nouvelle", headers=HTML)
    data = {
        "title": "Action",
        "problem": "Le problème",
        "proposal": "La proposition longue et détaillée",
        "success_conditions": "c",
        "calendar": "c",
        "evaluation_criteria": "c",
        **extra,
        "_csrf_token": csrf_from(form.text),
    }
    response = await client.post(f"/instances/{body}/qvt/actions/nouvelle", data=data, headers=HTML)
    assert response.status_code == 422, response.text
    assert f'id="f-{field.replace("_", "-")}-error"' in response.text
    assert "La proposition longue et détaillée</textarea>" in response.text


async def test_direction_adopts_a_proposed_action(client: Any, auth: Any) -> None:
    aid = await action_id(client, auth, "Plannings à quatre semaines")
    await sign_in(client, "direction@demo.example")
    page = await client.get(f"/actions-qvt/{aid}", headers=HTML)
    assert "Adopter l&#39;action" in page.text and "Écarter l&#39;action" in page.text
    adopted = await client.post(
        f"/actions-qvt/{aid}/adopter",
        data={"note": "Adoptée à l'unanimité", "_csrf_token": csrf_from(page.text)},
        headers=HTML,
    )
    assert adopted.status_code == 303
    page = await client.get(adopted.headers["location"], headers=HTML)
    assert "L&#39;action a été adoptée." in page.text
    assert "Adoptée à l&#39;unanimité" in page.text


async def test_reject_needs_a_reason(client: Any, auth: Any) -> None:
    aid = await action_id(client, auth, "Plannings à quatre semaines")
    await sign_in(client, "direction@demo.example")
    page = await client.get(f"/actions-qvt/{aid}", headers=HTML)
    response = await client.post(
        f"/actions-qvt/{aid}/ecarter", data={"reason": "", "_csrf_token": csrf_from(page.text)}, headers=HTML
    )
    assert response.status_code == 422
    assert 'id="f-reason-error"' in response.text
    api = (await client.get(f"/api/v1/action-proposals/{aid}", headers=await auth("direction@demo.example"))).json()
    assert api["status"] == "proposed"


async def test_elu_cannot_adopt(client: Any, auth: Any) -> None:
    aid = await action_id(client, auth, "Plannings à quatre semaines")
    await sign_in(client, "elu@demo.example")
    page = await client.get(f"/actions-qvt/{aid}", headers=HTML)
    response = await client.post(
        f"/actions-qvt/{aid}/adopter", data={"_csrf_token": csrf_from(page.text)}, headers=HTML
    )
    assert response.status_code == 403


async def test_start_without_cse_consultation_is_refused_with_the_article(client: Any, auth: Any) -> None:
    aid = await action_id(client, auth, "Transmissions croisées jour/nuit")
    await sign_in(client, "direction@demo.example")
    page = await client.get(f"/actions-qvt/{aid}", headers=HTML)
    assert "L2312-8" in page.text
    response = await client.post(f"/actions-qvt/{aid}/lancer", data={"_csrf_token": csrf_from(page.text)}, headers=HTML)
    assert response.status_code == 409
    assert "L2312-8" in response.text


async def test_evaluation_form_needs_summary_results_and_criteria(client: Any, auth: Any) -> None:
    headers = await auth("direction@demo.example")
    canvas = dict.fromkeys(("problem", "proposal", "success_conditions", "calendar", "evaluation_criteria"), "texte")
    created = await client.post(
        f"/api/v1/bodies/{await qvt_body(client, auth)}/action-proposals",
        headers=headers,
        json={"title": "Tutorat des apprentis", **canvas},
    )
    aid = created.json()["id"]
    await client.post(f"/api/v1/action-proposals/{aid}/adopt", headers=headers, json={})
    await client.post(f"/api/v1/action-proposals/{aid}/start", headers=headers, json={})
    await sign_in(client, "direction@demo.example")
    page = await client.get(f"/actions-qvt/{aid}", headers=HTML)
    assert "Enregistrer l&#39;évaluation" in page.text
    bad = await client.post(
        f"/actions-qvt/{aid}/evaluer", data={"summary": "Bilan", "_csrf_token": csrf_from(page.text)}, headers=HTML
    )
    assert bad.status_code == 422
    assert 'id="f-results-error"' in bad.text and 'id="f-criteria-met-error"' in bad.text
    good = await client.post(
        f"/actions-qvt/{aid}/evaluer",
        data={
            "summary": "Bilan",
            "results": "Moins de changements",
            "criteria_met": "oui",
            "_csrf_token": csrf_from(page.text),
        },
        headers=HTML,
    )
    assert good.status_code == 303
    page = await client.get(good.headers["location"], headers=HTML)
    assert "Fiche de retour d&#39;expérience (PDF)" in page.text
    pdf = await client.get(f"/actions-qvt/{aid}/fiche.pdf", headers=HTML)
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"


async def test_results_page_shows_the_svg_charts_and_a_group_selector(client: Any, auth: Any) -> None:
    bid = await closed_barometer(client, auth)
    await sign_in(client, "secretaire@demo.example")
    body = await qvt_body(client, auth)
    listing = await client.get(f"/instances/{body}/qvt/barometres", headers=HTML)
    assert f'href="/barometres/{bid}/resultats"' in listing.text
    page = await client.get(f"/barometres/{bid}/resultats", headers=HTML)
    assert page.status_code == 200
    assert page.text.count('<svg xmlns="http://www.w3.org/2000/svg"') >= 2
    assert 'role="img"' in page.text
    assert "Moyennes par thème" in page.text
    by_department = await client.get(f"/barometres/{bid}/resultats?regroupement=department", headers=HTML)
    assert by_department.status_code == 200
    assert '<option value="department" selected>' in by_department.text
    assert (await client.get(f"/barometres/{bid}/resultats?regroupement=age", headers=HTML)).status_code == 404


async def test_results_are_for_the_steering_committee_only(client: Any, auth: Any) -> None:
    bid = await closed_barometer(client, auth)
    await sign_in(client, "gouvernance@demo.example")
    assert (await client.get(f"/barometres/{bid}/resultats", headers=HTML)).status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/instances/{body}/qvt",
        "/instances/{body}/qvt/barometres",
        "/instances/{body}/qvt/actions/nouvelle",
        "/actions-qvt/{aid}",
        "/barometres/{bid}/resultats",
    ],
)
async def test_another_organisation_gets_404(client: Any, auth: Any, path: str) -> None:
    body = await qvt_body(client, auth)
    aid = await action_id(client, auth, "Plannings à quatre semaines")
    bid = await closed_barometer(client, auth)
    await sign_in(client, "admin@voisine.example")
    response = await client.get(path.format(body=body, aid=aid, bid=bid), headers=HTML)
    assert response.status_code == 404


async def test_steering_page_of_a_cse_is_a_conflict_page(client: Any, auth: Any) -> None:
    me = (await client.get("/api/v1/me", headers=await auth("elu@demo.example"))).json()
    cse = next(m["body_id"] for m in me["memberships"] if m["body_kind"] == "cse")
    await sign_in(client, "elu@demo.example")
    response = await client.get(f"/instances/{cse}/qvt", headers=HTML)
    assert response.status_code == 409
    assert response.headers["content-type"].startswith("text/html")
