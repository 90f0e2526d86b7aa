"""Registers in a real browser: the élu submits a question, the director answers it (L2315-22), the
élu checks the register's integrity; every page is checked by axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from dialogue.core.clock import local_today
from tests.browser.conftest import assert_accessible, sign_in


def _open_questions_register(page: Any, base: str) -> None:
    page.get_by_role("link", name="CSE de l'Association Les Tilleuls").first.click()
    page.get_by_role("link", name="Registres").click()
    assert_accessible(page)
    page.get_by_role("link", name="Registre des questions des élus et des réponses motivées de l'employeur").click()


def test_elu_submits_a_question_and_the_director_answers_it(live_server: str, new_page: Any) -> None:
    elu = new_page()
    sign_in(elu, live_server, "elu@demo.example")
    _open_questions_register(elu, live_server)
    assert_accessible(elu)
    elu.get_by_role("link", name="Inscrire une entrée").click()
    assert_accessible(elu)
    # Sent empty: the server names the missing fields, nothing is stored, what was typed stays.
    elu.get_by_label("Objet").fill("Vestiaires du personnel de nuit")
    elu.get_by_role("button", name="Inscrire au registre").click()
    assert elu.get_by_role("alert").is_visible()
    assert elu.get_by_label("Objet").input_value() == "Vestiaires du personnel de nuit"
    assert_accessible(elu)
    elu.get_by_label("Question posée à l'employeur").fill("Quand les vestiaires de nuit seront-ils chauffés ?")
    meeting_on = (local_today() + timedelta(days=14)).isoformat()
    elu.get_by_label("Date de la réunion à laquelle la question se rapporte").fill(meeting_on)
    elu.get_by_role("button", name="Inscrire au registre").click()
    assert elu.get_by_role("status").inner_text() == "L'entrée a été inscrite au registre."
    heading = elu.get_by_role("heading", level=1).inner_text()
    assert "Vestiaires du personnel de nuit" in heading
    entry_url = elu.url.split("?")[0]
    assert_accessible(elu)

    director = new_page()
    sign_in(director, live_server, "direction@demo.example")
    director.get_by_role("link", name="Vestiaires du personnel de nuit").first.click()
    assert director.url.split("?")[0] == entry_url
    assert_accessible(director)
    director.get_by_label("Réponse motivée").fill("Des radiateurs seront posés avant le 15 du mois prochain.")
    director.get_by_role("button", name="Inscrire la réponse").click()
    assert director.get_by_role("status").inner_text() == "La réponse a été inscrite au registre."
    assert director.get_by_text("Des radiateurs seront posés").is_visible()
    assert_accessible(director)

    elu.reload()
    assert elu.get_by_text("Des radiateurs seront posés").is_visible()
    assert elu.get_by_text("répondue").first.is_visible()


def test_elu_checks_the_integrity_of_a_register_with_a_kept_digest(live_server: str, new_page: Any) -> None:
    page = new_page()
    sign_in(page, live_server, "elu@demo.example")
    _open_questions_register(page, live_server)
    page.get_by_role("link", name="Vérifier l'intégrité").click()
    assert page.get_by_text("Le registre est intact.").is_visible()
    assert_accessible(page)
    digest = page.locator("p.mono").inner_text()
    number = digest.split()[1]
    sha = digest.rsplit(" ", 1)[1]
    page.get_by_label("Numéro de l'entrée").fill(number)
    page.get_by_label("Empreinte (hash SHA-256)").fill(sha)
    page.get_by_role("button", name="Vérifier", exact=True).click()
    assert page.get_by_text("L'empreinte conservée figure bien dans le registre").is_visible()
    assert_accessible(page)


def test_dgi_alert_keyboard_only(live_server: str, new_page: Any) -> None:
    """The DGI form is usable with the keyboard alone: labels, order, submit with Enter."""
    page = new_page()
    sign_in(page, live_server, "secretaire@demo.example")
    page.goto(live_server + "/")
    page.get_by_role("link", name="CSE de l'Association Les Tilleuls").first.click()
    page.get_by_role("link", name="Registres").click()
    page.get_by_role("link", name="Registre spécial des dangers graves et imminents").click()
    page.get_by_role("link", name="Inscrire une entrée").click()
    page.get_by_label("Objet").focus()
    page.keyboard.type("Sol glissant en buanderie")
    for text in ("Buanderie", "Chute de plain-pied", "Fuite de la machine n° 2", "Aline Perrin"):
        page.keyboard.press("Tab")
        page.keyboard.type(text)
    page.get_by_role("button", name="Inscrire au registre").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/entrees/**")
    assert page.get_by_text("Aline Perrin").is_visible()
    assert_accessible(page)
