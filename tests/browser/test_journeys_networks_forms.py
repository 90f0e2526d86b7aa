"""Network forms in a real browser (issue 20), on a network of its own: the host's admin creates it; the invited
organisation's admin reads its number; the facilitator invites it and programmes a collective day; the admin
consents through the invitation form; the facilitator records its attendance; a refused form shows its errors.
Every page is checked by axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import assert_accessible, sign_in

NAME = "Réseau QVT des Monts d'Or (parcours)"


@pytest.mark.timeout(300)
def test_facilitator_invites_and_programmes_and_the_admin_consents(live_server: str, new_page: Any) -> None:
    page = new_page()
    sign_in(page, live_server, "admin@reseau.example")
    page.goto(f"{live_server}/reseaux")
    page.get_by_role("link", name="Créer un réseau animé par votre organisation").click()
    page.get_by_label("Nom du réseau").fill(NAME)
    page.get_by_label("Nature").select_option("programme")
    page.get_by_label("Sandrine Morel").check()
    assert_accessible(page)
    page.get_by_role("button", name="Créer le réseau").click()
    assert page.get_by_role("status").inner_text() == "Le réseau est créé."
    network_url = page.url.split("?")[0]

    admin = new_page()
    sign_in(admin, live_server, "admin@cedres.example")
    admin.goto(f"{live_server}/reseaux")
    number = admin.locator("section[aria-labelledby=administration-reseaux] strong").inner_text()
    assert_accessible(admin)

    page = new_page()
    sign_in(page, live_server, "facilitatrice@reseau.example")
    page.goto(network_url)
    page.get_by_role("link", name="Inviter une organisation").click()
    page.get_by_role("button", name="Envoyer l'invitation").click()
    assert page.locator("#form-errors").is_visible()
    assert page.locator("#f-organization-id").evaluate("e => e === document.activeElement")
    assert_accessible(page)
    page.get_by_label("Numéro de l'organisation").fill(number)
    page.get_by_label("Type d'établissement").select_option("EHPAD")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    assert "L'invitation est envoyée" in page.get_by_role("status").inner_text()
    assert "Fondation Les Cèdres" in page.locator("section[aria-labelledby=membres]").inner_text()

    page.get_by_role("link", name="Programmer une séance").click()
    page.get_by_label("Intitulé").fill("Journée collective : accueillir les nouveaux")
    page.get_by_label("Date (obligatoire)").fill("2027-01-14")
    page.get_by_label("Lieu").fill("Villefranche-sur-Saône")
    page.get_by_label("Accueil des nouveaux").check()
    page.get_by_label("Ordre du jour").fill("Retours d'expérience, puis ateliers par trinôme.")
    assert_accessible(page)
    page.get_by_role("button", name="Programmer la séance").click()
    assert page.get_by_role("status").inner_text() == "La séance est programmée."
    session_url = page.url.split("?")[0]
    assert "Accueil des nouveaux" in page.locator("dl.facts").inner_text()

    admin.goto(network_url)
    admin.get_by_role("link", name="Répondre à l'invitation").click()
    admin.get_by_label("Type d'établissement").select_option("EHPAD")
    assert_accessible(admin)
    admin.get_by_role("button", name="Accepter l'invitation").click()
    assert admin.get_by_role("status").inner_text() == "Votre organisation a rejoint le réseau."
    assert admin.get_by_role("link", name="Quitter le réseau").is_visible()
    assert_accessible(admin)

    page.goto(session_url)
    row = page.locator("tr", has_text="Fondation Les Cèdres")
    row.get_by_label(re.compile("Personnes présentes")).fill("3")
    row.get_by_role("button", name=re.compile("Enregistrer")).click()
    assert page.get_by_role("status").inner_text() == "La présence est enregistrée."
    assert page.locator("tr", has_text="Fondation Les Cèdres").get_by_role("spinbutton").input_value() == "3"
    assert_accessible(page)
