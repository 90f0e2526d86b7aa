"""A facilitator nudges a stalled organisation from the network's board in a real browser (issue 20), and the
library offers each published sheet as a PDF and the pooling bundle. Every page is checked by axe-core."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import assert_accessible, sign_in

NETWORK = "Cluster QVT médico-social du Rhône"


@pytest.mark.timeout(240)
def test_facilitator_nudges_la_voisine_and_finds_the_pooling_exports(live_server: str, new_page: Any) -> None:
    page = new_page()
    sign_in(page, live_server, "facilitatrice@reseau.example")
    page.goto(f"{live_server}/reseaux")
    page.get_by_role("link", name=NETWORK).click()
    board = page.locator("section[aria-labelledby=etapes]")
    voisine = board.locator("tr", has_text="Association La Voisine")
    voisine.get_by_role("button", name="Relancer par courriel").click()
    assert page.get_by_role("status").first.inner_text() == "Le trinôme de l'organisation est relancé par courriel."
    assert_accessible(page)

    page.get_by_role("link", name="Bibliothèque des fiches").click()
    bundle = page.get_by_role("link", name="Lot de mutualisation (CSV, JSON et PDF)")
    assert bundle.get_attribute("href", timeout=5000).endswith("/experience-sheets.zip")  # type: ignore[union-attr]
    assert page.get_by_role("link", name="Fiche en PDF").count() == 3
    assert_accessible(page)
