"""Acceptance of issue 8 in a real browser, in real time: the secretary plans a meeting, builds the agenda and gets
it approved by the director (a second browser context, L2315-29), convenes (late, with a reason: L2315-30), takes
attendance and a vote (L2314-1, L2315-32), writes the minutes (L2315-34), sends them, has them adopted at a later
meeting she also plans and holds, then publishes them (L2315-35); the élu submits a question and the director
answers it (L2315-22); the board member reads what the pages show them; « Mon agenda » gives a feed link once.
Every page is checked by axe-core (WCAG 2.1 AA).

The meetings are held "from their day on", so both are planned a few minutes ahead, today (Europe/Paris)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest

from dialogue.core.clock import PARIS, local_today
from tests.browser.conftest import assert_accessible, sign_in

CSE = "CSE de l'Association Les Tilleuls"


def _today_slot(minutes_ahead: int) -> datetime:
    """A start `minutes_ahead` from now, today in Paris (the test cannot hold a meeting dated tomorrow)."""
    start = datetime.now(PARIS) + timedelta(minutes=minutes_ahead)
    if start.date() != datetime.now(PARIS).date() or (start.hour == 23 and start.minute > 45):
        pytest.skip("too close to midnight (Europe/Paris) to plan and hold two meetings today")
    return start


def _plan(page: Any, base: str, title: str, start: datetime) -> str:
    page.goto(base + "/")
    page.get_by_role("link", name=CSE).first.click()
    page.get_by_role("link", name="Réunions").click()
    assert_accessible(page)
    page.get_by_role("link", name="Programmer une réunion").click()
    assert_accessible(page)
    page.get_by_label("Intitulé").fill(title)
    page.get_by_label(re.compile(r"^Date")).fill(start.date().isoformat())
    page.get_by_label("Heure de début").fill(start.strftime("%H:%M"))
    end = min(start + timedelta(hours=1), start.replace(hour=23, minute=59))
    page.get_by_label("Heure de fin").fill(end.strftime("%H:%M"))
    page.get_by_label("Lieu").fill("Salle du conseil, siège")
    page.get_by_role("button", name="Programmer la réunion").click()
    assert page.get_by_role("status").inner_text() == "La réunion a été programmée."
    assert page.get_by_role("heading", level=1, name=title).is_visible()
    return str(page.url.split("?")[0])


def _add_item(page: Any, title: str, kind: str) -> None:
    page.get_by_text("Ajouter un point", exact=True).click()
    page.get_by_label("Intitulé").fill(title)
    page.get_by_label("Nature").select_option(label=kind)
    page.get_by_role("button", name="Ajouter le point").click()
    assert page.get_by_role("status").inner_text() == "Le point a été inscrit à l'ordre du jour."


def _approve_as_director(director: Any, base: str, title: str) -> None:
    director.goto(base + "/")
    director.get_by_role("link", name=re.compile(re.escape(title) + ".*approuver l'ordre du jour")).click()
    assert_accessible(director)
    director.get_by_role("button", name=re.compile(r"^Approuver l'ordre du jour")).click()
    assert director.get_by_role("status").inner_text() == "Votre approbation de l'ordre du jour a été enregistrée."
    assert director.get_by_text("arrêté conjointement par le président et le secrétaire").is_visible()


def _convene_late_and_hold(page: Any, meeting_url: str) -> None:
    page.goto(meeting_url)
    assert page.get_by_text("arrêté conjointement par le président et le secrétaire").is_visible()
    assert page.get_by_text(re.compile(r"Convocation au plus tard le[\s\S]*art\. L2315-30")).is_visible()
    page.get_by_role("button", name="Convoquer").click()  # late, without the acknowledgement: refused
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    page.get_by_label("Convoquer malgré le délai non respecté").check()
    page.get_by_label("Motif de la convocation hors délai").fill("Réunion de recette organisée le jour même")
    page.get_by_role("button", name="Convoquer").click()
    assert page.get_by_role("status").inner_text() == "La convocation a été envoyée avec l'ordre du jour."
    page.get_by_role("button", name="Ouvrir la réunion (présences et votes)").click()
    assert page.get_by_role("status").inner_text().startswith("La réunion est ouverte")


def _everyone_present(page: Any) -> int:
    """Mark every member present (the suppléant too, without replacing anyone); the number of voters on
    resolutions other than opinions (titulaires and the president, L2315-32)."""
    for select in page.locator("select[name^='status-']").all():
        select.select_option("present")
    page.get_by_role("button", name="Enregistrer les présences").click()
    assert page.get_by_role("status").inner_text() == "Les présences ont été enregistrées."
    assert_accessible(page)
    text = page.locator("#presences").locator("xpath=following-sibling::p[1]").inner_text()
    match = re.search(r"(\d+) sur les autres résolutions", text)
    assert match, text
    return int(match.group(1))


def _vote_for(page: Any, item_title: str, voters: int) -> None:
    item = page.locator("li", has=page.get_by_role("heading", name=re.compile(re.escape(item_title))))
    item.get_by_text("Enregistrer un vote sur ce point").click()
    item.get_by_label(re.compile(r"^Pour")).fill(str(voters))
    item.get_by_role("button", name="Enregistrer le vote").click()
    assert page.get_by_role("status").inner_text() == "Le vote a été enregistré."
    assert page.get_by_text("Adopté", exact=True).first.is_visible()


def test_secretary_runs_a_meeting_from_planning_to_published_minutes(live_server: str, new_page: Any) -> None:
    first_start, second_start = _today_slot(8), _today_slot(12)
    secretary = new_page()
    sign_in(secretary, live_server, "secretaire@demo.example")
    first = _plan(secretary, live_server, "Réunion extraordinaire de recette", first_start)
    assert_accessible(secretary)
    _add_item(secretary, "Réorganisation du service de nuit", "Délibération soumise au vote")
    _add_item(secretary, "Informations de la direction", "Information")
    secretary.get_by_role("button", name="Monter « Informations de la direction »").click()
    assert secretary.get_by_role("status").inner_text() == "L'ordre du jour a été réorganisé."
    headings = secretary.locator("#ordre-du-jour ~ ol h3").all_inner_texts()
    assert headings[:2] == ["1. Informations de la direction", "2. Réorganisation du service de nuit"]
    secretary.get_by_role("button", name=re.compile(r"^Approuver l'ordre du jour")).click()
    assert secretary.get_by_text("Version actuelle approuvée par Camille Lefèvre (secrétaire)").is_visible()
    assert_accessible(secretary)

    director = new_page()
    sign_in(director, live_server, "direction@demo.example")
    assert director.get_by_role("heading", name="Ordres du jour à approuver").is_visible()
    assert_accessible(director)
    _approve_as_director(director, live_server, "Réunion extraordinaire de recette")

    _convene_late_and_hold(secretary, first)
    voters = _everyone_present(secretary)
    _vote_for(secretary, "Réorganisation du service de nuit", voters)
    assert_accessible(secretary)

    secretary.get_by_role("link", name="Rédiger le procès-verbal").click()
    assert_accessible(secretary)
    secretary.get_by_role("button", name="Établir le procès-verbal").click()
    assert secretary.get_by_role("status").is_visible()
    text = secretary.get_by_label("Texte du procès-verbal")
    assert "Réorganisation du service de nuit" in text.input_value()
    text.fill(text.input_value() + "\n\n## Déclaration des élus\n\nLes élus demandent un **bilan à six mois**.\n")
    secretary.get_by_role("button", name="Aperçu").click()
    assert secretary.get_by_role("heading", name="Aperçu (non enregistré)").is_visible()
    assert secretary.locator("article strong", has_text="bilan à six mois").is_visible()
    assert_accessible(secretary)
    secretary.get_by_role("button", name="Enregistrer le procès-verbal").click()
    assert secretary.get_by_role("status").inner_text() == "Le procès-verbal a été enregistré."
    secretary.get_by_role("button", name="Transmettre à l'employeur et aux membres").click()
    assert (
        secretary.get_by_role("status").inner_text() == "Le procès-verbal a été transmis à l'employeur et aux membres."
    )
    minutes_url = secretary.url.split("?")[0]

    # Adoption needs a later meeting (L2315-34): planned, agreed, convened and held today too.
    second = _plan(secretary, live_server, "Réunion de recette — adoption du PV", second_start)
    secretary.goto(minutes_url)
    secretary.get_by_label("Inscrire l'adoption à l'ordre du jour de").select_option(
        label=f"Réunion de recette — adoption du PV ({second_start:%d/%m/%Y})"
    )
    secretary.get_by_role("button", name="Inscrire l'adoption").click()
    assert secretary.url.split("?")[0] == second
    secretary.get_by_role("button", name=re.compile(r"^Approuver l'ordre du jour")).click()
    _approve_as_director(director, live_server, "Réunion de recette — adoption du PV")
    _convene_late_and_hold(secretary, second)
    voters = _everyone_present(secretary)
    _vote_for(secretary, "Adoption du procès-verbal", voters)

    secretary.goto(minutes_url)
    assert secretary.get_by_text("Procès-verbal adopté", exact=True).is_visible()
    assert secretary.get_by_text(re.compile(r"SHA-256 [0-9a-f]{64}")).is_visible()
    secretary.get_by_role("button", name="Diffuser le procès-verbal adopté").click()
    assert secretary.get_by_role("status").inner_text() == "Le procès-verbal adopté a été diffusé."
    assert_accessible(secretary)
    with secretary.expect_download() as download:
        secretary.get_by_role("link", name="Télécharger en PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")

    elu = new_page()
    sign_in(elu, live_server, "elu@demo.example")
    elu.goto(minutes_url)
    assert elu.get_by_text("Procès-verbal adopté et diffusé").is_visible()
    assert elu.get_by_text("bilan à six mois").is_visible()
    assert_accessible(elu)


def test_elu_asks_a_question_the_director_answers_and_the_board_reads(live_server: str, new_page: Any) -> None:
    elu = new_page()
    sign_in(elu, live_server, "elu@demo.example")
    elu.get_by_role("link", name=CSE).first.click()
    elu.get_by_role("link", name="Registres").click()
    elu.get_by_role("link", name="Registre des questions des élus et des réponses motivées de l'employeur").click()
    elu.get_by_role("link", name="Inscrire une entrée").click()
    elu.get_by_label("Objet").fill("Planning des remplacements de Noël")
    elu.get_by_label("Question posée à l'employeur").fill("Quand le planning de Noël sera-t-il affiché ?")
    meeting_on = (local_today() + timedelta(days=10)).isoformat()
    elu.get_by_label("Date de la réunion à laquelle la question se rapporte").fill(meeting_on)
    elu.get_by_role("button", name="Inscrire au registre").click()
    assert elu.get_by_role("status").inner_text() == "L'entrée a été inscrite au registre."

    director = new_page()
    sign_in(director, live_server, "direction@demo.example")
    director.get_by_role("link", name="Planning des remplacements de Noël").first.click()
    director.get_by_label("Réponse motivée").fill("Le planning sera affiché le 10 décembre dans chaque service.")
    director.get_by_role("button", name="Inscrire la réponse").click()
    assert director.get_by_role("status").inner_text() == "La réponse a été inscrite au registre."
    assert_accessible(director)

    # The board member reads their body's meetings and the negotiations (the organisation's indicators and
    # the health score: tests/browser/test_journeys_indicators.py).
    board = new_page()
    sign_in(board, live_server, "gouvernance@demo.example")
    assert board.get_by_role("heading", name="Négociations en cours").is_visible()
    assert_accessible(board)
    board.locator("ul.cards a").first.click()
    board.get_by_role("link", name="Réunions").click()
    assert board.get_by_role("heading", name="À venir").is_visible()
    assert board.get_by_role("link", name="Programmer une réunion").count() == 0  # gouvernance does not organise
    assert_accessible(board)
    board.goto(live_server + "/negociations")
    assert_accessible(board)


def test_elu_subscribes_a_calendar_and_sees_the_link_only_once(live_server: str, new_page: Any) -> None:
    page = new_page()
    sign_in(page, live_server, "elu@demo.example")
    page.get_by_role("link", name="Mon agenda").click()
    assert_accessible(page)
    page.get_by_label("Instances").select_option(label=CSE)
    page.get_by_role("button", name="Créer le lien").click()
    https = page.get_by_label("Adresse web (Google Agenda, Outlook, Thunderbird)").input_value()
    webcal = page.get_by_label("Adresse webcal (Apple Calendrier, Outlook sur ordinateur)").input_value()
    assert https.endswith(".ics") and webcal.startswith("webcal://")
    assert page.get_by_text("il ne sera plus jamais affiché").is_visible()
    assert_accessible(page)
    feed = page.request.get(https)
    assert feed.ok and "BEGIN:VCALENDAR" in feed.text()
    page.goto(live_server + "/agenda")
    assert https not in page.content()
    page.get_by_role("button", name=re.compile(r"^Révoquer")).first.click()
    assert page.get_by_role("status").inner_text() == "Le lien a été révoqué : il ne fonctionne plus."
    assert page.request.get(https).status == 404
