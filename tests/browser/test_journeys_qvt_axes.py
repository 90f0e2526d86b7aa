"""The QVT plan by axes in a real browser: the steering committee reads its plan (axes, binômes, counts,
themes), opens an unbalanced working group and reads why, and the director adopts a proposal of the plan
only once the canvas's three recommendations are ticked, and a member names the binôme of an axis of her own
(refused while both people come from one side); every page is checked by axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.browser.conftest import assert_accessible, sign_in

#: Set to a folder to keep screenshots of the plan and the group pages (looked at by hand).
SHOTS = os.environ.get("DIALOGUE_SCREENSHOTS")


def _shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


@pytest.mark.timeout(180)
def test_committee_reads_the_plan_by_axes_and_an_unbalanced_group(live_server: str, new_page: Any) -> None:
    page = new_page()
    sign_in(page, live_server, "secretaire@demo.example")
    page.get_by_role("link", name="Comité de pilotage QVT").first.click()
    page.get_by_role("link", name="Démarche QVT").first.click()
    page.get_by_role("link", name="Plan par axes").first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Plan QVT par axes")
    axes = page.get_by_role("heading", level=3).all_inner_texts()
    assert axes[:4] == [
        "Axe 1 — Une culture partagée de la QVT",
        "Axe 2 — Des relations de travail inclusives et bienveillantes",
        "Axe 3 — Le soutien aux professionnels",
        "Axe 4 — La reconnaissance du travail",
    ]
    assert page.get_by_role("cell", name="Communication interne").is_visible()
    assert_accessible(page)
    _shot(page, "qvt-plan-axes.png")
    page.get_by_role("link", name="Groupe de l'axe 1 — Culture de la QVT").click()
    note = page.get_by_role("note")
    assert "Groupe à rééquilibrer" in note.inner_text()
    assert "Plus des deux tiers du groupe sont de femmes (4 sur 5)." in note.inner_text()
    assert_accessible(page)
    _shot(page, "qvt-groupe-desequilibre.png")
    page.get_by_role("link", name="Retour au plan par axes").click()
    page.get_by_role("link", name="Groupe de l'axe 2 — Relations de travail").click()
    assert page.get_by_role("status").inner_text().startswith("Groupe équilibré")
    assert_accessible(page)


@pytest.mark.timeout(180)
def test_director_adopts_a_proposal_of_the_plan_once_the_recommendations_are_ticked(
    live_server: str, new_page: Any
) -> None:
    page = new_page()
    sign_in(page, live_server, "direction@demo.example")
    page.get_by_role("link", name="Comité de pilotage QVT").first.click()
    page.get_by_role("link", name="Plan par axes").first.click()
    page.get_by_role("link", name="Journées du travail réel").click()
    assert_accessible(page)
    page.get_by_label("Action concrète, découpée en étapes").check()
    page.get_by_role("button", name="Adopter l'action").click()
    alert = page.get_by_role("alert")
    assert "Le comité adopte une proposition du plan une fois vérifiées les trois recommandations" in alert.inner_text()
    assert_accessible(page)
    _shot(page, "qvt-adoption-refusee.png")
    page.get_by_label("Action concrète, découpée en étapes").check()
    page.get_by_label("Destinée à toutes les catégories de personnel", exact=False).check()
    page.get_by_label("Réalisable avec les moyens disponibles").check()
    page.get_by_role("button", name="Adopter l'action").click()
    assert page.get_by_role("status").inner_text() == "L'action a été adoptée."
    assert_accessible(page)


@pytest.mark.timeout(180)
def test_member_names_a_binome_refused_from_one_side_then_accepted(live_server: str, new_page: Any) -> None:
    """On an axis this journey adds itself (placed last), so no other journey's plan changes under it."""
    title = "Axe du parcours binôme (navigateur)"
    page = new_page()
    sign_in(page, live_server, "secretaire@demo.example")
    page.get_by_role("link", name="Comité de pilotage QVT").first.click()
    page.get_by_role("link", name="Plan par axes").first.click()
    page.get_by_text("Ajouter un axe ou un thème transversal").click()
    page.get_by_label("Intitulé").fill(title)
    page.get_by_label("Ordre").fill("99")
    page.get_by_role("button", name="Ajouter au plan").click()
    assert page.get_by_role("status").inner_text() == "L'axe ou le thème a été ajouté au plan."
    assert page.get_by_role("heading", level=3).all_inner_texts()[-1].endswith(title)
    page.get_by_role("link", name=f"Désigner le binôme — {title}").click()
    first = page.get_by_role("group", name="Première personne")
    second = page.get_by_role("group", name="Seconde personne")
    first.get_by_label("Personne").select_option(label="Nadia Benali")
    first.get_by_label("Côté").select_option("head_office")
    second.get_by_label("Personne").select_option(label="Claire Vidal")
    second.get_by_label("Côté").select_option("head_office")
    second.get_by_label("Service du siège").fill("Ressources humaines")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer le binôme").click()
    alert = page.get_by_role("alert")
    assert "Le formulaire n'a pas été enregistré." in alert.inner_text()
    assert "les deux viennent ici du même côté" in alert.inner_text()
    assert_accessible(page)
    _shot(page, "qvt-binome-refuse.png")
    first = page.get_by_role("group", name="Première personne")
    first.get_by_label("Côté").select_option("establishment")
    first.get_by_label("Établissement").select_option(label="EHPAD Les Tilleuls (Villeurbanne)")
    page.get_by_role("button", name="Enregistrer le binôme").click()
    assert page.get_by_role("status").inner_text() == "Le binôme de l'axe a été enregistré."
    card = page.get_by_role("article", name=page.get_by_role("heading", level=3).all_inner_texts()[-1])
    assert "Nadia Benali (Établissements — EHPAD Les Tilleuls (Villeurbanne))" in card.inner_text()
    assert "Claire Vidal (Siège ou services — Ressources humaines)" in card.inner_text()
    assert "Binôme incomplet" not in card.inner_text()
    assert_accessible(page)
    _shot(page, "qvt-binome-enregistre.png")
