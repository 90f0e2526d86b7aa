"""CSE elections in a real browser, from the calendar to the elected members, through the pages: the director opens
a partial election (L2314-10) for a CSE of its own, records the calendar dates, files the lists per college (one
refused in French by L2314-30), records the count with strikings-out, and proclaims; at each step the election page
shows what the law checks (L2314-4/-5 calendar, L2314-30 lists, L2314-29 strikings-out, R2314-19/-20 seats). Then
the demo's 2024 election: its 2nd round and the élus seated in the CSE. One live server for every journey: the
election is partial (no representativeness measured) and its élus join a CSE only this journey creates, so the demo
CSE's members and the demo's representativeness stay as they are. Every page is checked by axe-core."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import assert_accessible, sign_in

TITLE = "Élection partielle de parcours navigateur"
BODY = "CSE du parcours électoral"


def _own_cse(page: Any, base: str) -> int:
    """A CSE nobody else reads, created by the administrator (creating a body is not this journey's subject)."""
    token = page.request.post(
        f"{base}/api/v1/auth/token", data={"email": "admin@demo.example", "password": "demo-password"}
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    org = int(page.request.get(f"{base}/api/v1/me", headers=headers).json()["organization_id"])
    created = page.request.post(
        f"{base}/api/v1/organizations/{org}/bodies", headers=headers, data={"name": BODY, "kind": "cse"}
    )
    assert created.status == 201, created.text()
    return int(created.json()["id"])


def _candidates(form: Any, people: list[tuple[str, str]]) -> None:
    for i, (name, sex) in enumerate(people, start=1):
        row = form.get_by_role("group", name=f"Candidat {i}", exact=True)
        row.get_by_label("Nom et prénom").fill(name)
        row.get_by_label("Sexe").select_option(sex)
        row.get_by_label("Courriel").fill(name.lower().replace(" ", ".") + "@parcours.example")


def _file_list(page: Any, union: str, people: list[tuple[str, str]]) -> None:
    form = page.locator("form[action$='/listes']")
    form.locator("select[name=college]").select_option("Collège unique")
    form.locator("select[name=kind]").select_option("titulaires")
    form.get_by_label("Organisation syndicale").fill(union)
    form.get_by_label("Date de dépôt").fill("2026-10-01")
    _candidates(form, people)
    form.get_by_role("button", name="Déposer la liste").click()


@pytest.mark.timeout(240)
def test_director_follows_an_election_from_calendar_to_elected_members(live_server: str, new_page: Any) -> None:
    director = new_page()
    body_id = _own_cse(director, live_server)
    sign_in(director, live_server, "direction@demo.example")

    director.get_by_role("link", name="Élections", exact=True).click()
    assert_accessible(director)
    opening = director.locator("form[action='/elections']")
    opening.get_by_label("Intitulé").fill(TITLE)
    opening.get_by_label("Type d'élection").select_option("partial")
    opening.get_by_label("CSE élu").select_option(str(body_id))
    opening.get_by_label("Effectif du périmètre").fill("30")
    first = opening.locator("fieldset").first
    first.get_by_label("Électrices inscrites").fill("20")
    first.get_by_label("Électeurs inscrits").fill("10")
    first.get_by_label("Effectif du collège").fill("30")
    opening.get_by_label("Date du premier tour").fill("2026-11-05")
    opening.get_by_role("button", name="Ouvrir l'élection").click()
    # L2314-10: a partial election fills the seats until the current terms end — the date is asked for, in French.
    assert director.get_by_text("fin des mandats en cours attendue").first.is_visible()
    assert_accessible(director)
    opening = director.locator("form[action='/elections']")
    opening.get_by_label("Fin des mandats en cours").fill("2028-06-30")
    opening.get_by_role("button", name="Ouvrir l'élection").click()
    assert director.locator(".ok-box").inner_text() == (
        "Élection ouverte : renseignez le calendrier puis déposez les listes."
    )
    assert director.get_by_role("heading", level=1).inner_text() == TITLE
    assert_accessible(director)

    dates = director.locator("form[action$='/calendrier']")
    dates.get_by_label("Information du personnel (L2314-4)").fill("2026-09-01")
    dates.get_by_label("Invitation des syndicats à négocier le protocole (L2314-5)").fill("2026-09-01")
    dates.get_by_label("Première réunion de négociation du protocole").fill("2026-09-10")
    dates.get_by_role("button", name="Enregistrer les dates").click()
    assert director.locator(".ok-box").inner_text() == "Dates du calendrier enregistrées."
    # L2314-5: invited on 1 September for a first meeting on the 10th, less than 15 days.
    assert director.get_by_text("Invitation après le 26/08/2026 (L2314-5).").is_visible()
    assert_accessible(director)

    _file_list(director, "CGT", [("Marc Aubert", "M"), ("Luc Berger", "M")])
    # L2314-30: two thirds of the college are women; a list of two men is refused, in French, nothing filed.
    assert director.get_by_text("Liste non conforme à l'article L2314-30 du Code du travail").first.is_visible()
    assert director.get_by_text("Aucune liste déposée.").is_visible()
    assert_accessible(director)
    _file_list(director, "CFDT", [("Anne Colas", "F"), ("Hugo Denis", "M")])
    assert director.locator(".ok-box").inner_text() == "Liste déposée : elle respecte l'article L2314-30."
    _file_list(director, "CGT", [("Marc Aubert", "M"), ("Zoé Fabre", "F")])
    assert director.get_by_role("heading", name="CFDT — Collège unique, Titulaires (tour 1)").is_visible()
    assert director.get_by_text("Anne Colas (F) — protégé jusqu'au 01/04/2027 (L2411-7)").is_visible()
    assert_accessible(director)

    count = director.locator("form[action$='/resultats']")
    count.locator("select[name=college]").select_option("Collège unique")
    count.locator("select[name=kind]").select_option("titulaires")
    count.get_by_label("Inscrits").fill("28")
    count.get_by_label("Votants").fill("24")
    count.get_by_label("Bulletins blancs et nuls").fill("2")
    count.get_by_label("CFDT — Collège unique, Titulaires (tour 1)").fill("14")
    count.locator("input[name^='ratures.']").first.fill("1:2")
    count.get_by_label("CGT — Collège unique, Titulaires (tour 1)").fill("8")
    count.get_by_role("button", name="Enregistrer les résultats").click()
    assert director.locator(".ok-box").inner_text() == "Résultats du tour enregistrés."
    seats = director.get_by_role("region", name="Répartition des sièges")
    assert "CFDT 1" in seats.inner_text() and "CGT 1" in seats.inner_text()
    elected = director.get_by_role("region", name="Élus").inner_text()
    # CFDT's head of list struck out on 2 ballots of 14 (14 % ≥ 10 %): Hugo Denis takes the seat (L2314-29).
    assert "Hugo Denis" in elected and "Anne Colas" not in elected and "Marc Aubert" in elected
    assert_accessible(director)

    director.get_by_role("button", name="Proclamer les résultats").click()
    assert director.locator(".ok-box").inner_text() == "Résultats proclamés : les élus sont membres du CSE."
    assert director.get_by_role("button", name="Déposer la liste").count() == 0
    assert_accessible(director)

    # The demo's 2024 election: a 2nd round in the 2nd college, and its élus seated in the CSE.
    director.get_by_role("link", name="Élections du CSE").first.click()
    director.get_by_role("link", name="Élections du CSE 2024").click()
    assert director.get_by_text("Quorum non atteint au premier tour (L2314-29)").is_visible()
    elus = director.get_by_role("region", name="Élus")
    assert elus.get_by_role("cell", name="Camille Lefèvre").is_visible()
    assert elus.get_by_role("cell", name="Marc Fontaine").is_visible()
    assert_accessible(director)

    elu = new_page()
    sign_in(elu, live_server, "elu@demo.example")
    elu.get_by_role("link", name="Élections", exact=True).click()
    elu.get_by_role("link", name="Élections du CSE 2024").click()
    assert elu.get_by_role("cell", name="Julien Moreau").first.is_visible()
    assert_accessible(elu)
