"""The QVT plan by axes in a real browser: the steering committee reads its plan (axes, binômes, counts,
themes), opens an unbalanced working group and reads why, and the director adopts a proposal of the plan
only once the canvas's three recommendations are ticked; every page is checked by axe-core (WCAG 2.1 AA)."""

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
    assert axes == [
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
