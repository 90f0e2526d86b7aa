"""Networks in a real browser (issue 20): the facilitator reads the board (with its nudge), the library by type of
establishment and the benchmark; a trinôme member approves and publishes its organisation's sheet, which the
library then shows. Every page is checked by axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import assert_accessible, sign_in

NETWORK = "Cluster QVT médico-social du Rhône"


@pytest.mark.timeout(240)
def test_facilitator_reads_the_board_the_library_and_the_benchmark(live_server: str, new_page: Any) -> None:
    page = new_page()
    sign_in(page, live_server, "facilitatrice@reseau.example")
    assert_accessible(page)
    page.get_by_role("link", name="Réseaux").first.click()
    assert_accessible(page)
    page.get_by_role("link", name=NETWORK).click()
    board = page.locator("section[aria-labelledby=etapes]")
    voisine = board.locator("tr", has_text="Association La Voisine")
    assert "n'avance plus" in voisine.inner_text()
    assert "Notes de visite" in page.locator("#seances").locator("..").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Bibliothèque des fiches").click()
    page.get_by_label("Type d'établissement").select_option("IME")
    page.get_by_role("button", name="Chercher").click()
    assert page.get_by_role("status").inner_text() == "1 fiche(s)"
    assert page.get_by_role("heading", name="Le droit à l'erreur affiché et discuté en équipe").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name=NETWORK).click()
    page.get_by_role("link", name="Comparaison").click()
    row = page.locator("tr", has_text="Relations")
    assert "Pas assez" not in row.inner_text()
    assert_accessible(page)


@pytest.mark.timeout(240)
def test_trinome_member_approves_and_publishes_the_sheet(live_server: str, new_page: Any) -> None:
    page = new_page()
    sign_in(page, live_server, "secretaire@demo.example")
    page.get_by_role("link", name="Réseaux").first.click()
    page.get_by_role("link", name=NETWORK).click()
    sheets = page.locator("section[aria-labelledby=fiches]")
    assert "Approbations attendues : Représentants du personnel" in sheets.inner_text()
    assert_accessible(page)
    sheets.get_by_role("button", name="Approuver la fiche").click()
    assert page.get_by_role("status").inner_text() == "Votre approbation est enregistrée."
    page.locator("section[aria-labelledby=fiches]").get_by_role("button", name="Publier au réseau").click()
    assert page.get_by_role("status").inner_text() == "La fiche est publiée au réseau."
    assert page.locator("section[aria-labelledby=fiches]").get_by_role("button", name="Retirer du réseau").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Bibliothèque des fiches").click()
    page.get_by_label("Type d'établissement").select_option("EHPAD")
    page.get_by_role("button", name="Chercher").click()
    assert page.get_by_role("status").inner_text() == "2 fiche(s)"
    assert_accessible(page)
