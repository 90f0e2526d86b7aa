"""The week in the pages (issue 17), in a real browser: the secretary reschedules a meeting with a reason and
records a nominal vote; the director logs a negotiation session with the negotiators present and reads the
steps of a signed agreement (consultation, deposit, agrément) in date order; the élu finds the answers to their
questions and their DGI alert, marked urgent, on their home page. Every page is checked by axe-core."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from dialogue.core.clock import PARIS
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_journeys_meetings import (
    _add_item,
    _approve_as_director,
    _convene_late_and_hold,
    _everyone_present,
    _plan,
    _today_slot,
)


def test_secretary_reschedules_a_meeting_with_a_reason(live_server: str, new_page: Any) -> None:
    secretary = new_page()
    sign_in(secretary, live_server, "secretaire@demo.example")
    start = (datetime.now(PARIS) + timedelta(days=40)).replace(hour=14, minute=0, second=0, microsecond=0)
    meeting_url = _plan(secretary, live_server, "Réunion ordinaire à reporter", start)
    secretary.get_by_role("link", name="Reporter la réunion").click()
    assert secretary.get_by_role("heading", level=1, name="Reporter la réunion").is_visible()
    assert_accessible(secretary)
    moved = start + timedelta(days=7)
    secretary.get_by_label(re.compile(r"^Date")).fill(moved.date().isoformat())
    secretary.get_by_role("button", name="Reporter la réunion").click()  # no reason: refused, nothing moved
    assert secretary.get_by_role("alert").is_visible()
    assert secretary.get_by_text("Ce champ est obligatoire.").first.is_visible()
    assert_accessible(secretary)
    secretary.get_by_label(re.compile(r"^Motif du report")).fill("La salle du conseil est réservée pour l'audit")
    secretary.get_by_label("Lieu").fill("Salle Les Mimosas, bâtiment B")
    secretary.get_by_role("button", name="Reporter la réunion").click()
    assert secretary.url.split("?")[0] == meeting_url
    assert secretary.get_by_role("status").inner_text().startswith("La réunion a été reportée")
    history = secretary.locator("#historique ~ ul")
    assert history.get_by_text("Réunion reportée").is_visible()
    assert history.get_by_text("La salle du conseil est réservée pour l'audit").is_visible()
    assert secretary.get_by_text("Salle Les Mimosas, bâtiment B").first.is_visible()
    assert_accessible(secretary)


def test_secretary_records_a_nominal_vote(live_server: str, new_page: Any) -> None:
    start = _today_slot(9)
    secretary = new_page()
    sign_in(secretary, live_server, "secretaire@demo.example")
    meeting_url = _plan(secretary, live_server, "Réunion extraordinaire — vote nominal", start)
    _add_item(secretary, "Budget des œuvres sociales", "Délibération soumise au vote")
    secretary.get_by_role("button", name=re.compile(r"^Approuver l'ordre du jour")).click()
    director = new_page()
    sign_in(director, live_server, "direction@demo.example")
    _approve_as_director(director, live_server, "Réunion extraordinaire — vote nominal")
    _convene_late_and_hold(secretary, meeting_url)
    _everyone_present(secretary)

    item = secretary.locator("li", has=secretary.get_by_role("heading", name=re.compile("Budget des œuvres sociales")))
    item.get_by_text("Enregistrer un vote sur ce point").click()
    fieldset = item.get_by_role("group", name="Vote nominal (facultatif)")
    selects = fieldset.get_by_role("combobox").all()
    assert len(selects) >= 3
    for n, select in enumerate(selects):
        select.select_option("against" if n == 0 else "for")
    against = fieldset.locator("label").first.inner_text()
    assert_accessible(secretary)
    item.get_by_role("button", name="Enregistrer le vote").click()
    assert secretary.get_by_role("status").inner_text() == "Le vote a été enregistré."
    ballots = secretary.locator(".ballots").first
    assert ballots.get_by_text("Vote nominal").is_visible()
    assert ballots.get_by_text(f"Contre (1) : {against}").is_visible()
    assert ballots.get_by_text(f"Pour ({len(selects) - 1})").is_visible()
    assert secretary.get_by_text("Adopté", exact=True).first.is_visible()
    assert_accessible(secretary)


def test_director_logs_attendees_and_reads_the_steps_of_a_signed_agreement(live_server: str, new_page: Any) -> None:
    director = new_page()
    sign_in(director, live_server, "direction@demo.example")
    director.goto(live_server + "/negociations")
    director.get_by_role("link", name="Accord sur le don de jours de repos").first.click()
    steps = director.locator("#etapes-liste")
    texts = steps.locator("li").all_inner_texts()
    labels = [
        "Consultation des salariés demandée",
        "Consultation des salariés : accord approuvé",
        "Dépôt sur TéléAccords",
        "Agrément demandé au ministre",
        "Agrément accordé",
    ]
    found = [next(i for i, text in enumerate(texts) if label in text) for label in labels]
    assert found == sorted(found)
    assert steps.get_by_text(re.compile(r"participation 88,75 % \(320 inscrits\)")).is_visible()
    assert steps.get_by_text(re.compile("version anonymisée")).is_visible()
    assert_accessible(director)

    # The session with its attendees is logged in test_journeys_negotiations, before the NAO is signed there
    # (one live server for every journey: once signed, a negotiation takes no more sessions).


def test_elu_home_shows_my_answers_and_the_urgent_dgi_alert(live_server: str, new_page: Any) -> None:
    elu = new_page()
    sign_in(elu, live_server, "elu@demo.example")
    assert elu.get_by_role("heading", name="Mes questions et alertes").is_visible()
    section = elu.locator("section", has=elu.get_by_role("heading", name="Mes questions et alertes"))
    urgent = section.locator("li.urgent").first
    assert urgent.get_by_text("Urgent", exact=True).is_visible()
    assert "répondue" not in urgent.inner_text()
    assert section.get_by_text("répondue", exact=True).first.is_visible()  # a question answered by the direction
    assert_accessible(elu)
    urgent.get_by_role("link").click()
    assert elu.get_by_text("Urgent", exact=True).first.is_visible()
    assert_accessible(elu)
