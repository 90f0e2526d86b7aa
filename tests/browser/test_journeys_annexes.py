"""Annexes in a real browser (issue 16): the CSSCT's inspection reports reached from the body page's « Missions
SSCT » tab, a photo uploaded and attached with the keyboard only; the signed agreement and its anonymised version
on the negotiation's documents page, a draft attached from the select; the minutes' annexes linked from the
minutes. Every page is checked by axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.browser.conftest import assert_accessible, sign_in

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001"
    "0d0a2db40000000049454e44ae426082"
)


def test_an_elu_attaches_a_photo_to_an_inspection_with_the_keyboard(
    live_server: str, new_page: Any, tmp_path: Path
) -> None:
    page = new_page()
    sign_in(page, live_server, "secretaire@demo.example")
    page.get_by_role("link", name="CSSCT", exact=True).first.click()
    page.get_by_role("link", name="Missions SSCT").click()
    assert page.get_by_role("heading", name="Missions SSCT").is_visible()
    assert_accessible(page)
    page.get_by_role(
        "link", name="Rapports et documents — Inspection — EHPAD Les Tilleuls, lingerie et cuisine centrale"
    ).click()
    assert page.get_by_role("heading", name="Documents de la mission SSCT").is_visible()
    assert page.get_by_role("row").filter(has_text="Rapport d'inspection").count() == 1
    assert_accessible(page)
    photo = tmp_path / "plonge.png"
    photo.write_bytes(PNG)
    page.get_by_label("Intitulé").focus()
    page.keyboard.type("Photo du poste de plonge")
    page.get_by_label("Fichier").set_input_files(str(photo))
    page.get_by_role("button", name="Déposer et joindre").focus()
    page.keyboard.press("Enter")
    assert page.get_by_role("status").inner_text() == "Le document a été déposé et joint."
    row = page.get_by_role("row").filter(has_text="Photo du poste de plonge")
    assert row.count() == 1 and "plonge.png" in row.inner_text()
    assert_accessible(page)


def test_the_director_keeps_the_signed_agreement_its_anonymised_version_and_a_draft(
    live_server: str, new_page: Any
) -> None:
    page = new_page()
    sign_in(page, live_server, "direction@demo.example")
    page.goto(live_server + "/negociations")
    page.get_by_role("link", name="NAO").first.click()
    page.get_by_role("link", name="Documents de la négociation").click()
    assert page.get_by_role("heading", name="Documents de la négociation").is_visible()
    assert page.get_by_role("row").filter(has_text="Projet d'accord").count() >= 1
    assert_accessible(page)
    documents = page.get_by_role("combobox", name="Document (obligatoire)")
    choice = next(o for o in documents.locator("option").all_inner_texts() if o.startswith("Règlement intérieur"))
    documents.select_option(label=choice)
    page.get_by_role("combobox", name="Rôle du document", exact=True).select_option("draft")
    page.get_by_role("button", name="Joindre", exact=True).click()
    assert page.get_by_role("status").inner_text() == "Le document a été joint."
    assert_accessible(page)

    page.goto(live_server + "/negociations")
    page.get_by_role("link", name="Accord égalité professionnelle et QVCT").first.click()
    page.get_by_role("link", name="Documents de la négociation").click()
    assert page.get_by_role("row").filter(has_text="Accord signé").count() == 1
    assert page.get_by_role("row").filter(has_text="Version anonymisée pour le dépôt").count() == 1
    assert_accessible(page)
