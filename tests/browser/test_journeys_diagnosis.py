"""The tripartite diagnosis in a real browser: the direction prepares a campaign and adjusts its grid, members of
the three colleges answer, the campaign is closed, the results show the colleges side by side with the largest
gap first, and a gap becomes an action; the demo's results compare with last year. Every page is checked by
axe-core (WCAG 2.1 AA); the results pages are kept as screenshots under test-artifacts/."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, assert_accessible, sign_in

TITLE = "Diagnostic — parcours navigateur"
#: (account, score on the first three statements): the direction agrees, the élus disagree, the board between.
ANSWERS = [
    ("gouvernance@demo.example", "3"),
    ("president.ca@demo.example", "4"),
    ("direction@demo.example", "5"),
    ("drh@demo.example", "5"),
    ("elu@demo.example", "1"),
    ("secretaire@demo.example", "2"),
]


def _answer(page: Any, base: str, url: str, score: str) -> None:
    page.goto(url)
    statements = page.locator("fieldset.statement")
    for index in range(3):
        statements.nth(index).locator(f"input[type=radio][value='{score}']").check()
    statements.nth(0).get_by_label("Commentaire (facultatif)").fill("Un commentaire que moi seul relis.")
    page.get_by_role("button", name="Enregistrer mes réponses").click()
    assert "Vos réponses sont enregistrées" in page.get_by_role("status").inner_text()


@pytest.mark.timeout(420)
def test_direction_runs_a_diagnosis_the_colleges_answer_and_read_the_gaps(live_server: str, new_page: Any) -> None:
    admin = new_page()
    sign_in(admin, live_server, "direction@demo.example")
    admin.get_by_role("link", name="Diagnostic", exact=True).click()
    assert_accessible(admin)
    admin.get_by_label("Intitulé").fill(TITLE)
    admin.get_by_role("button", name="Préparer le diagnostic").click()
    assert "en préparation" in admin.get_by_role("status").inner_text()
    url = admin.url.split("?")[0]
    assert_accessible(admin)
    admin.get_by_label("Dimension").select_option("relationship")
    admin.get_by_label("Nature").select_option("brake")
    admin.get_by_label("Énoncé (obligatoire)").fill("Les décisions sont prises avant la réunion du CSE.")
    admin.get_by_role("button", name="Ajouter l'énoncé").click()
    assert admin.get_by_role("status").inner_text() == "La grille a été mise à jour."
    assert admin.get_by_text("Les décisions sont prises avant la réunion du CSE.").count() == 1
    admin.get_by_role("button", name="Ouvrir aux réponses").click()
    assert "ouvert" in admin.get_by_role("status").inner_text()
    assert_accessible(admin)

    for email, score in ANSWERS:
        page = new_page()
        sign_in(page, live_server, email)
        _answer(page, live_server, url, score)
        if email == "elu@demo.example":
            assert_accessible(page)
            # One's own answers come back checked, to be changed while open.
            assert page.locator("fieldset.statement").nth(0).locator("input[value='1']").is_checked()
        page.context.close()

    admin.goto(url)
    participation = admin.locator("section[aria-labelledby=participation] tr", has_text="Représentants du personnel")
    assert participation.locator("td").first.inner_text() == "2"
    admin.get_by_role("button", name="Clore le diagnostic").click()
    admin.get_by_role("link", name="Voir les résultats par collège").click()
    assert_accessible(admin)
    first = admin.locator("section[aria-labelledby=ecarts] tbody tr").first
    cells = first.locator("td")
    # Each college's mean first, then last campaign's (the demo's year, compared by itself) under it.
    assert [cells.nth(i).inner_text().split("\n")[0] for i in range(3)] == ["3,5", "5,0", "1,5"]
    assert cells.nth(0).inner_text().split("\n")[1].startswith("avant :")
    assert cells.nth(3).inner_text().startswith("3,5")
    # The director's own comment is not on the results page: only means per college.
    assert admin.get_by_text("Un commentaire que moi seul relis.").count() == 0
    assert admin.locator("figure.chart svg[role=img]").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    admin.screenshot(path=str(ARTIFACTS / "diagnosis-results-journey.png"), full_page=True)

    admin.get_by_label("Écart concerné").select_option(index=1)
    admin.get_by_label("Action (obligatoire)").fill("Préparer l'ordre du jour à deux, une semaine avant")
    admin.get_by_label("Pilote").select_option(label="Camille Lefèvre")
    admin.get_by_label("Échéance").fill("2027-03-31")
    admin.get_by_role("button", name="Enregistrer l'action").click()
    assert admin.get_by_role("status").inner_text() == "L'action a été enregistrée."
    assert admin.get_by_role("cell", name="Préparer l'ordre du jour à deux, une semaine avant").count() == 1
    assert_accessible(admin)


def test_staff_representative_reads_the_demo_results_beside_last_year(live_server: str, new_page: Any) -> None:
    page = new_page()
    sign_in(page, live_server, "secretaire@demo.example")
    page.goto(f"{live_server}/diagnostics")
    assert_accessible(page)
    page.get_by_role("link", name="Diagnostic du dialogue social — année écoulée").click()
    assert_accessible(page)
    page.get_by_role("link", name="Voir les résultats par collège").click()
    assert page.get_by_text("Comparaison avec").count() == 1
    assert page.get_by_text("avant :").count() > 10
    assert page.get_by_text("Indicateurs de la période").count() == 3
    assert_accessible(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "diagnosis-results-demo.png"), full_page=True)
