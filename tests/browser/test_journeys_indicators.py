"""Indicators in a real browser: the board member reads the organisation's indicators and the health score,
chooses a period, opens one indicator's monthly trend and its records; the secretary reads the CSE's tab.
Every page is checked by axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import assert_accessible, sign_in


def test_board_member_reads_the_organisation_indicators_and_the_health_score(live_server: str, new_page: Any) -> None:
    page = new_page()
    sign_in(page, live_server, "gouvernance@demo.example")
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Indicateurs").click()
    assert page.get_by_role("heading", name="Score de santé du dialogue social").is_visible()
    assert page.get_by_role("img", name="Score de santé du dialogue social").is_visible()
    assert page.get_by_role("heading", name="Tableau des indicateurs").is_visible()
    assert page.get_by_role("row").count() > 2
    assert page.get_by_role("link", name="Télécharger le tableau (CSV)").is_visible()
    assert_accessible(page)

    page.get_by_label("Du", exact=True).fill("2025-01-01")
    page.get_by_label("Au", exact=True).fill("2025-06-30")
    page.get_by_role("button", name="Afficher la période").click()
    assert "from=2025-01-01" in page.url
    assert page.get_by_text("30 juin 2025").first.is_visible()
    assert_accessible(page)

    page.get_by_role("rowheader").get_by_role("link").first.click()
    assert page.get_by_role("heading", name="Évolution mensuelle").is_visible()
    assert page.get_by_role("heading", name="Enregistrements comptés").is_visible()
    assert_accessible(page)

    page.goto(live_server + "/indicateurs/health_score")
    assert page.get_by_role("heading", name="Évolution mensuelle").is_visible()
    assert_accessible(page)


def test_bad_period_names_the_field_and_is_accessible(live_server: str, new_page: Any) -> None:
    page = new_page()
    sign_in(page, live_server, "gouvernance@demo.example")
    page.goto(live_server + "/indicateurs?from=2025-06-01&to=2025-01-01")
    assert page.get_by_role("alert").is_visible()
    assert "La période n'est pas valide." in page.get_by_role("alert").inner_text()
    assert_accessible(page)


def test_secretary_reads_the_indicators_tab_of_the_cse(live_server: str, new_page: Any) -> None:
    page = new_page()
    sign_in(page, live_server, "secretaire@demo.example")
    assert page.get_by_role("link", name="Indicateurs").count() == 0  # an élue has no organisation page
    page.locator("ul.cards a").first.click()
    page.get_by_role("link", name="Indicateurs").click()
    assert page.get_by_role("heading", name="Score de santé du dialogue social").is_visible()
    assert_accessible(page)
