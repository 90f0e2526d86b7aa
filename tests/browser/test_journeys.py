"""The people's main journeys, in a real browser (Chromium), checked for accessibility."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import assert_accessible, sign_in


def test_secretary_signs_in_and_reaches_the_cse(live_server: str, new_page: Any) -> None:
    page = new_page()
    page.goto(live_server + "/")
    assert "/connexion" in page.url
    assert_accessible(page)
    sign_in(page, live_server, "secretaire@demo.example")
    assert page.get_by_role("heading", name="Camille Lefèvre").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="CSE de l'Association Les Tilleuls").click()
    assert page.get_by_role("heading", name="Élus").is_visible()
    assert page.get_by_text("rattaché à titre indicatif à Camille Lefèvre").count() == 1
    assert_accessible(page)


def test_skip_link_and_keyboard_sign_in(live_server: str, new_page: Any) -> None:
    page = new_page()
    page.goto(live_server + "/connexion")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Aller au contenu"
    page.get_by_label("Adresse électronique").fill("elu@demo.example")
    page.get_by_label("Mot de passe").fill("demo-password")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server + "/")
    assert page.get_by_role("heading", name="Mes instances").is_visible()


def test_wrong_password_is_announced(live_server: str, new_page: Any) -> None:
    page = new_page()
    page.goto(live_server + "/connexion")
    page.get_by_label("Adresse électronique").fill("gouvernance@demo.example")
    page.get_by_label("Mot de passe").fill("mauvais")
    page.get_by_role("button", name="Se connecter").click()
    assert page.get_by_role("alert").inner_text() == "Adresse ou mot de passe incorrect."
