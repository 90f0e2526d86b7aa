"""QVT in a real browser: a member proposes an action, the director adopts it, the steering committee reads
the barometer results with their SVG charts; every page is checked by axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import assert_accessible, sign_in


def _open_steering(page: Any) -> None:
    page.get_by_role("link", name="Comité de pilotage QVT").first.click()
    page.get_by_role("link", name="Démarche QVT").first.click()


def test_member_proposes_an_action_and_the_director_adopts_it(live_server: str, new_page: Any) -> None:
    elu = new_page()
    sign_in(elu, live_server, "elu@demo.example")
    _open_steering(elu)
    assert_accessible(elu)
    elu.get_by_role("link", name="Proposer une action").click()
    assert_accessible(elu)
    elu.get_by_label("Intitulé").fill("Casiers sécurisés pour l'équipe de nuit")
    elu.get_by_label("Problème constaté").fill("Des effets personnels disparaissent la nuit")
    elu.get_by_label("Action proposée").fill("Installer des casiers à code")
    elu.get_by_label("Conditions de réussite").fill("Un casier par salarié de nuit")
    elu.get_by_label("Calendrier").fill("Trimestre prochain")
    elu.get_by_label("Critères d'évaluation").fill("Plus aucune disparition signalée")
    elu.get_by_label("Thème").select_option("conditions_de_travail")
    elu.get_by_role("button", name="Proposer l'action").click()
    assert elu.get_by_role("status").inner_text() == "L'action a été proposée au comité de pilotage."
    action_url = elu.url.split("?")[0]
    assert_accessible(elu)

    director = new_page()
    sign_in(director, live_server, "direction@demo.example")
    director.goto(action_url)
    director.get_by_label("Note de décision").fill("Budget voté au comité")
    director.get_by_role("button", name="Adopter l'action").click()
    assert director.get_by_role("status").inner_text() == "L'action a été adoptée."
    assert_accessible(director)


def test_steering_committee_reads_the_barometer_results(live_server: str, new_page: Any) -> None:
    page = new_page()
    sign_in(page, live_server, "secretaire@demo.example")
    _open_steering(page)
    page.get_by_role("link", name="Baromètre").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Voir les résultats").first.click()
    assert page.locator("svg[role=img]").count() >= 2
    assert_accessible(page)
    page.get_by_label("Regrouper").select_option("department")
    page.get_by_role("button", name="Afficher").click()
    assert "regroupement=department" in page.url
    assert_accessible(page)
