"""The approach's steps in a real browser (issue 21 §3): the progress line on the QVT page, the trinôme, a new
experiment and its ten-month follow-up; every page checked by axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import assert_accessible, sign_in


@pytest.mark.timeout(180)
def test_member_follows_the_steps_and_records_an_experiment_and_its_follow_up(live_server: str, new_page: Any) -> None:
    page = new_page()
    sign_in(page, live_server, "secretaire@demo.example")
    page.get_by_role("link", name="Comité de pilotage QVT").first.click()
    page.get_by_role("link", name="Démarche QVT").first.click()
    line = page.locator("section[aria-labelledby=demarche-etapes]")
    assert "étape en cours : Expérimenter avec les espaces de discussion" in line.inner_text()
    assert line.locator("[aria-current=step]").inner_text().startswith("3. Expérimenter")
    assert_accessible(page)

    page.get_by_role("link", name="Suivre les étapes, le trinôme et les expérimentations").click()
    assert "Trinôme complet" in page.locator("#trinome").locator("..").inner_text()
    assert_accessible(page)
    page.get_by_text("Enregistrer une expérimentation").click()
    page.get_by_label("Intitulé").fill("Vis mon travail — lingerie")
    page.get_by_label("Format").select_option("job_shadowing")
    page.get_by_label("Unité ou service").fill("EHPAD — lingerie")
    page.locator("#f-started-on").fill("2026-02-10")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    assert page.get_by_role("status").first.inner_text() == "L'expérimentation a été enregistrée."
    row = page.locator("tr", has_text="Vis mon travail — lingerie")
    assert "10/12/2026" in row.inner_text()
    row.get_by_label("Suivi fait le").fill("2026-12-04")
    row.get_by_label("Ce que le suivi a montré").fill("L'équipe de lingerie poursuit les échanges.")
    row.get_by_role("button", name="Enregistrer le suivi").click()
    assert page.get_by_role("status").first.inner_text() == "Le suivi de l'expérimentation a été enregistré."
    assert "Suivi fait" in page.locator("tr", has_text="Vis mon travail — lingerie").inner_text()
    assert_accessible(page)
