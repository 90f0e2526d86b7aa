"""The multi-establishment association in a real browser: the director follows a company project consulted at the
CSE central and in both establishment CSEs, and reads the tree of opinions (R2312-6 II). Read only: the demo's
linked consultation is not changed, so the other journeys see the same data. Checked by axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import assert_accessible, sign_in

PROJECT = "Regroupement des fonctions support (paie, achats) au siège de l'association"


@pytest.mark.timeout(180)
def test_director_reads_the_tree_of_opinions_of_a_linked_consultation(live_server: str, new_page: Any) -> None:
    page = new_page()
    sign_in(page, live_server, "direction@demo.example")
    page.get_by_role("link", name="CSE central de l'Association Les Tilleuls").first.click()
    page.get_by_role("link", name="Consultations").first.click()
    page.get_by_role("link", name=PROJECT).first.click()
    assert page.get_by_role("heading", name=PROJECT).is_visible()
    page.get_by_role("link", name="Avis des CSE d'établissement (R2312-6 II)").click()

    assert page.get_by_role("heading", name="Avis des établissements", level=1).is_visible()
    tree = page.get_by_role("list", name="Arbre des avis")
    assert tree.get_by_role("link", name="CSE de l'Association Les Tilleuls").is_visible()
    assert tree.get_by_role("link", name="CSE d'établissement du SESSAD Les Lucioles").is_visible()
    assert tree.get_by_text("Avis transmis au CSE central").is_visible()
    assert tree.get_by_text("En attente").is_visible()
    assert tree.get_by_text("Avis favorable").is_visible()
    assert page.get_by_text("R2312-6 II").first.is_visible()
    assert_accessible(page)


@pytest.mark.timeout(180)
def test_director_reads_the_establishments_page_from_the_home_page(live_server: str, new_page: Any) -> None:
    """Read only: the établissements distincts (L2313-2), the CSE central (L2316-4, L2316-15) and the union
    designations in force (L2143-3, L2314-2, L2316-7)."""
    page = new_page()
    sign_in(page, live_server, "direction@demo.example")
    page.get_by_role("link", name="Établissements distincts, CSE central et désignations syndicales").click()
    assert page.get_by_role("heading", name="Établissements et représentation syndicale", level=1).is_visible()
    assert page.get_by_role("heading", name="Établissements distincts", level=2).is_visible()
    assert page.get_by_role("heading", name="CSE central de l'Association Les Tilleuls", level=2).is_visible()
    assert page.get_by_role("table", name="Délégués au CSE central").is_visible()
    assert page.get_by_role("heading", name="Désignations syndicales en vigueur", level=2).is_visible()
    assert page.get_by_text("L2316-7").first.is_visible()
    assert_accessible(page)
