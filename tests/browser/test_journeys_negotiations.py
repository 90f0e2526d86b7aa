"""Negotiations in a real browser: the board member reads where negotiations stand, the director logs a session,
a delegate states a position and signs; every page is checked by axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import assert_accessible, sign_in


def test_board_member_reads_the_negotiations_and_their_validity(live_server: str, new_page: Any) -> None:
    page = new_page()
    sign_in(page, live_server, "gouvernance@demo.example")
    assert page.get_by_role("heading", name="Négociations en cours").is_visible()
    assert_accessible(page)
    page.goto(live_server + "/negociations")
    assert_accessible(page)
    page.get_by_role("link", name="Accord égalité professionnelle et QVCT").first.click()
    assert page.get_by_role("heading", name="Signatures et validité").is_visible()
    assert page.get_by_role("heading", name="Chronologie des séances et des positions").is_visible()
    assert page.get_by_role("row").filter(has_text="CFDT").count() >= 1
    assert_accessible(page)


def test_director_logs_a_session_and_a_delegate_signs(live_server: str, new_page: Any) -> None:
    director = new_page()
    sign_in(director, live_server, "direction@demo.example")
    director.goto(live_server + "/negociations")
    director.get_by_role("link", name="NAO").first.click()
    url = director.url
    director.get_by_text("Enregistrer une séance").click()
    director.get_by_label("Début").fill("2026-03-03T14:00")
    director.get_by_label("Lieu").fill("Salle du conseil")
    director.get_by_label("Relevé de la séance").fill("Examen des grilles salariales.")
    director.get_by_label("Nathalie Perrot (CFDT)").check()
    director.get_by_label("Présents pour la direction").fill("Philippe Garnier\nSandrine Faure")
    director.get_by_role("button", name="Enregistrer la séance").click()
    assert director.get_by_role("status").inner_text() == "La séance a été enregistrée."
    assert director.get_by_text("mardi 3 mars 2026 à 14 h 00").is_visible()
    assert (
        director.locator("#etapes-liste")
        .get_by_text("Présents : Nathalie Perrot, Philippe Garnier, Sandrine Faure")
        .is_visible()
    )
    assert_accessible(director)

    delegate = new_page()
    sign_in(delegate, live_server, "fo.ds@demo.example")
    delegate.goto(url)
    delegate.get_by_text("Enregistrer une position").click()
    delegate.get_by_role("combobox", name="Nature").select_option("counter_proposal")
    delegate.get_by_label("Contenu").fill("Prime d'ancienneté revalorisée de 2 %")
    delegate.get_by_role("button", name="Enregistrer la position").click()
    assert delegate.get_by_role("status").inner_text() == "La position a été enregistrée."
    delegate.get_by_text("Enregistrer une signature").click()
    delegate.get_by_role("button", name="Enregistrer la signature").click()
    assert delegate.get_by_role("status").inner_text() == "La signature a été enregistrée."
    assert delegate.get_by_role("row").filter(has_text="Martine Roussel").count() == 1
    assert_accessible(delegate)
