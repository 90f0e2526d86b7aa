"""Delegation hours in a real browser (issue 18): an élu opens « Mes heures » from the navigation, sees his month's
balance, is refused beyond the 1.5× cap with the article (R2315-5), declares a use and finds it in his history;
the secretary reads the body's table month by month. Every page is checked by axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import assert_accessible, sign_in


@pytest.mark.timeout(240)
def test_an_elu_declares_delegation_hours(live_server: str, new_page: Any) -> None:
    page = new_page()
    sign_in(page, live_server, "elu@demo.example")
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Mes heures").click()
    assert page.get_by_role("heading", name="Mes heures de délégation").is_visible()
    assert page.get_by_role("heading", name="Solde du mois").is_visible()
    assert_accessible(page)

    form = page.locator("form[action='/heures-de-delegation/declarer']")
    form.get_by_label("Heures").fill("200")
    form.get_by_label("Objet (facultatif)").fill("Préparation de la consultation sur les orientations")
    form.get_by_role("button", name="Déclarer").click()
    alert = page.get_by_role("alert")
    assert "R2315-5" in alert.inner_text()
    assert_accessible(page)

    form = page.locator("form[action='/heures-de-delegation/declarer']")
    form.get_by_label("Heures").fill("2,5")
    form.get_by_label("Objet (facultatif)").fill("Tournée des services de nuit")
    form.get_by_role("button", name="Déclarer").click()
    assert page.get_by_role("status").first.inner_text() == "Utilisation enregistrée."
    history = page.get_by_role("row").filter(has_text="Tournée des services de nuit")
    assert history.count() == 1 and "2,5 h" in history.inner_text()
    refusal = page.get_by_role("row").filter(has_text="Refus")
    assert refusal.count() >= 1
    assert_accessible(page)


def test_the_secretary_reads_the_body_table_month_by_month(live_server: str, new_page: Any) -> None:
    page = new_page()
    sign_in(page, live_server, "secretaire@demo.example")
    page.get_by_role("link", name="CSE de l'Association Les Tilleuls", exact=True).first.click()
    page.get_by_role("link", name="Heures de délégation").click()
    assert page.get_by_role("heading", name="Heures de délégation").first.is_visible()
    rows = page.get_by_role("table").get_by_role("row")
    assert rows.count() > 3
    assert_accessible(page)
    page.get_by_role("link", name="Mois précédent").click()
    assert page.get_by_role("table").is_visible()
    assert page.get_by_role("link", name="Export CSV pour la paie").count() == 1
    assert_accessible(page)
