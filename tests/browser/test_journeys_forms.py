"""Forms in a real browser (issue 17, « Forms and phones »): a refused form puts the focus on its first invalid
field, the summary's links lead to the fields; an action not possible yet is a disabled button whose reason is its
accessible description; the Markdown toolbar works with the mouse and the keyboard; the minutes download in ODT
and DOCX. Every page is checked by axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import docx
import pytest
from odf import teletype
from odf.opendocument import load
from odf.text import H

from dialogue.core.clock import local_today
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]  # a loaded machine: the live server starts first

CSE = "CSE de l'Association Les Tilleuls"


def _meetings(page: Any, base: str) -> None:
    page.goto(base + "/")
    page.get_by_role("link", name=CSE).first.click()
    page.get_by_role("link", name="Réunions").click()


def _focused(page: Any) -> str:
    return str(page.evaluate("() => document.activeElement ? document.activeElement.id : ''"))


def test_a_refused_form_focuses_its_first_invalid_field_and_the_summary_links_to_each(
    live_server: str, new_page: Any
) -> None:
    page = new_page()
    sign_in(page, live_server, "secretaire@demo.example")
    _meetings(page, live_server)
    page.get_by_role("link", name="Programmer une réunion").click()
    page.get_by_label("Heure de début").fill("14:00")
    page.get_by_role("button", name="Programmer la réunion").click()  # no title, no day, no end
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    first_invalid = page.locator("[aria-invalid='true']").first
    first_id = first_invalid.get_attribute("id")
    assert _focused(page) == first_id
    described = first_invalid.get_attribute("aria-describedby") or ""
    assert f"{first_id}-error" in described.split()
    assert page.locator(f"#{first_id}-error").inner_text()
    assert page.get_by_label("Heure de début").input_value() == "14:00"  # what was typed is kept
    links = summary.get_by_role("link")
    assert links.count() >= 2
    second = links.nth(1)
    target = (second.get_attribute("href") or "#").removeprefix("#")
    second.click()
    assert _focused(page) == target
    assert_accessible(page)


def test_convene_is_disabled_with_its_reason_until_the_agenda_is_agreed(live_server: str, new_page: Any) -> None:
    page = new_page()
    sign_in(page, live_server, "secretaire@demo.example")
    _meetings(page, live_server)
    page.get_by_role("link", name="Programmer une réunion").click()
    page.get_by_label("Intitulé").fill("Réunion de recette des formulaires")
    page.get_by_label(re.compile(r"^Date")).fill((local_today() + timedelta(days=60)).isoformat())
    page.get_by_label("Heure de début").fill("14:00")
    page.get_by_label("Heure de fin").fill("16:00")
    page.get_by_role("button", name="Programmer la réunion").click()
    assert page.get_by_role("status").inner_text() == "La réunion a été programmée."
    convene = page.get_by_role("button", name="Convoquer")
    assert convene.is_disabled()
    reason = page.locator("#convoquer-raison")
    assert reason.inner_text() == "L'ordre du jour est vide : inscrivez au moins un point avant de convoquer."
    assert convene.get_attribute("aria-describedby") == "convoquer-raison"
    assert_accessible(page)

    page.get_by_text("Ajouter un point", exact=True).click()
    page.get_by_label("Intitulé").fill("Bilan des formations")
    page.get_by_label("Nature").select_option(label="Information")
    page.get_by_role("button", name="Ajouter le point").click()
    page.get_by_role("button", name=re.compile(r"^Approuver l'ordre du jour \(version")).click()
    assert page.get_by_role("button", name="Convoquer").is_disabled()
    assert page.locator("#convoquer-raison").inner_text().endswith("En attente : le président.")
    assert_accessible(page)


def test_minutes_toolbar_by_mouse_and_keyboard_and_exports_in_odt_and_docx(live_server: str, new_page: Any) -> None:
    page = new_page()
    sign_in(page, live_server, "secretaire@demo.example")
    _meetings(page, live_server)
    page.locator("section[aria-labelledby='passees'] tr", has_text="transmis").first.get_by_role("link").click()
    page.get_by_role("link", name="Ouvrir le procès-verbal").click()
    toolbar = page.get_by_role("toolbar", name="Mise en forme du texte")
    assert toolbar.is_visible()
    text = page.get_by_label("Texte du procès-verbal")
    text.fill("Bilan")
    text.evaluate("area => area.setSelectionRange(0, 5)")
    toolbar.get_by_role("button", name="Gras").click()
    assert text.input_value() == "**Bilan**"
    assert text.evaluate("area => area.value.slice(area.selectionStart, area.selectionEnd)") == "Bilan"

    # Keyboard: one tab stop in the toolbar, arrows move between its buttons, Enter applies.
    text.fill("Première ligne")
    text.evaluate("area => area.setSelectionRange(0, 0)")
    toolbar.get_by_role("button", name="Gras").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Titre"
    assert toolbar.get_by_role("button", name="Titre").get_attribute("tabindex") == "0"
    assert toolbar.get_by_role("button", name="Gras").get_attribute("tabindex") == "-1"
    page.keyboard.press("Enter")
    assert text.input_value() == "## Première ligne"
    page.keyboard.press("End")
    page.keyboard.press("Control+b")
    assert "**texte en gras**" in text.input_value()
    page.get_by_role("button", name="Aperçu").click()
    assert page.locator("article h2", has_text="Première ligne").is_visible()
    assert_accessible(page)

    _meetings(page, live_server)
    page.locator("section[aria-labelledby='passees'] tr", has_text="diffusé").first.get_by_role("link").click()
    page.get_by_role("link", name="Ouvrir le procès-verbal").click()
    assert_accessible(page)
    with page.expect_download() as odt_download:
        page.get_by_role("link", name="Télécharger en ODT (LibreOffice)").click()
    assert odt_download.value.suggested_filename.endswith(".odt")
    odt = load(io.BytesIO(open(odt_download.value.path(), "rb").read()))  # noqa: SIM115
    headings = [teletype.extractText(h) for h in odt.getElementsByType(H)]
    assert headings[0].startswith("Procès-verbal — ") and "Votes enregistrés en séance" in headings
    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Télécharger en DOCX (Word)").click()
    assert docx_download.value.suggested_filename.endswith(".docx")
    word = docx.Document(docx_download.value.path())
    assert any(p.style.name == "Heading 2" and p.text == "Liste de présence" for p in word.paragraphs if p.style)
    assert any(t.rows[0].cells[0].text == "Point" and len(t.rows) > 1 for t in word.tables)
