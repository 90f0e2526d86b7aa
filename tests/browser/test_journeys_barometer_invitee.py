"""Issue 17 in a real browser, every page checked by axe-core (WCAG 2.1 AA): the director runs a barometer
campaign from creation to closing (the codes come as a PDF, one of them is typed at /barometre by a respondent
without an account), and the demo's outside expert opens their personal invitation link."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from dialogue.meetings.rules.invitation_links import expiry_for, invitation_token
from tests.browser.conftest import assert_accessible, sign_in

SECRET = b"browser-tests-secret-key-0123456789abcdef"
CODE = re.compile(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){6}\b")


def _pdf_codes(path: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is needed to read the PDF back")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()
    return CODE.findall(text)


def test_the_director_runs_a_campaign_and_a_respondent_answers_at_the_french_address(
    live_server: str, new_page: Any, tmp_path: Path
) -> None:
    director = new_page()
    sign_in(director, live_server, "direction@demo.example")
    director.get_by_role("link", name="Comité de pilotage QVT").first.click()
    director.get_by_role("link", name="Baromètre").first.click()
    director.get_by_role("link", name="Nouvelle campagne").click()
    assert_accessible(director)
    director.get_by_label(re.compile(r"^Intitulé de la campagne")).fill("Baromètre QVT — équipes de nuit")
    director.get_by_role("button", name="Créer la campagne").click()
    assert director.get_by_role("status").inner_text().startswith("La campagne a été créée en préparation")
    assert_accessible(director)

    director.get_by_role("combobox", name=re.compile(r"^Thème")).select_option("management")
    director.get_by_role("textbox", name=re.compile(r"^Question")).fill(
        "Je peux joindre un cadre la nuit en cas de difficulté."
    )
    director.get_by_role("button", name="Ajouter la question").click()
    assert director.get_by_role("status").inner_text() == "Le questionnaire a été mis à jour."
    assert director.get_by_text("Je peux joindre un cadre la nuit en cas de difficulté.").count() == 1

    director.get_by_role("textbox", name=re.compile(r"^Service")).fill("Équipe de nuit")
    director.get_by_label(re.compile(r"^Nombre de codes")).fill("5")
    with director.expect_download() as download:
        director.get_by_role("button", name="Imprimer les codes (PDF)").click()
    pdf = tmp_path / "codes.pdf"
    download.value.save_as(pdf)
    codes = _pdf_codes(pdf)
    assert len(codes) == 5 and len(set(codes)) == 5
    director.reload()
    assert_accessible(director)

    director.get_by_role("button", name="Ouvrir le questionnaire").click()
    assert director.get_by_role("status").inner_text().startswith("Le questionnaire est ouvert")
    assert_accessible(director)

    respondent = new_page()
    respondent.goto(f"{live_server}/barometre")
    assert_accessible(respondent)
    respondent.get_by_label(re.compile("Votre code")).fill(codes[0].lower())
    respondent.get_by_role("button", name="Accéder au questionnaire").click()
    assert "/barometre/" in respondent.url
    assert respondent.get_by_text("Je peux joindre un cadre la nuit en cas de difficulté.").count() == 1
    assert_accessible(respondent)

    director.get_by_role("button", name="Clore le questionnaire").click()
    assert director.get_by_role("status").inner_text().startswith("Le questionnaire est clos")
    assert_accessible(director)


def test_the_outside_expert_opens_their_invitation_link(live_server: str, new_page: Any) -> None:
    page = new_page()
    api = page.request
    token = api.post(
        f"{live_server}/api/v1/auth/token", data={"email": "secretaire@demo.example", "password": "demo-password"}
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    me = api.get(f"{live_server}/api/v1/me", headers=headers).json()
    cse = next(m["body_id"] for m in me["memberships"] if m["body_kind"] == "cse")
    invitees = api.get(f"{live_server}/api/v1/bodies/{cse}/invitees", headers=headers).json()["items"]
    expert = next(i for i in invitees if i["full_name"] == "Hugo Marchand")
    meeting = api.get(f"{live_server}/api/v1/meetings/{expert['meeting_id']}", headers=headers).json()
    link = invitation_token(
        invitee_id=expert["id"],
        meeting_id=meeting["id"],
        expires_at=expiry_for(datetime.fromisoformat(meeting["ends_at"])),
        key=SECRET,
    )

    page.goto(f"{live_server}/invitation/{link}")
    assert page.get_by_role("heading", level=1).inner_text() == meeting["title"]
    assert page.get_by_text("Invitation de Hugo Marchand").count() == 1
    assert page.get_by_text("Projet de fermeture de l'unité de nuit de l'IME La Source").count() == 1
    assert page.locator("form").count() == 0
    assert_accessible(page)

    other = link.replace(f".m{meeting['id']}.", f".m{meeting['id'] - 1}.")
    response = page.goto(f"{live_server}/invitation/{other}")
    assert response is not None and response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Lien d'invitation introuvable"
    assert_accessible(page)
