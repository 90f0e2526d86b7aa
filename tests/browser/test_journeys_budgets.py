"""The CSE's budgets in a real browser (issue 18): the treasurer opens the CSE's « Budgets » tab, the year's ledger
(running balances, the consumption chart), records an expense with its receipt, and reads last year's accounts;
every page is checked by axe-core (WCAG 2.1 AA). Only this year's ledger of the demo CSE is written to, which no
other journey reads."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from dialogue.core.clock import local_today
from tests.browser.conftest import assert_accessible, sign_in

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"% filler line\n" * 200 + b"%%EOF\n"


@pytest.mark.timeout(180)
def test_the_treasurer_records_an_expense_with_its_receipt(live_server: str, new_page: Any, tmp_path: Path) -> None:
    year = local_today().year
    receipt = tmp_path / "facture-papeterie.pdf"
    receipt.write_bytes(PDF)
    page = new_page()
    sign_in(page, live_server, "tresorier@demo.example")
    page.get_by_role("link", name="CSE de l'Association Les Tilleuls").first.click()
    page.get_by_role("link", name="Budgets", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Budgets du CSE"
    assert_accessible(page)
    page.get_by_role("link", name=str(year), exact=True).click()
    assert page.get_by_role("img", name="Budget consommé par catégorie").is_visible()
    assert_accessible(page)
    label = f"Ramettes de papier et classeurs {year}"
    page.get_by_label("Budget (obligatoire)", exact=True).select_option("operating")
    page.get_by_label("Nature (obligatoire)", exact=True).select_option("expense")
    page.get_by_label("Date (obligatoire)", exact=True).fill(f"{year}-02-03")
    page.get_by_label("Montant (obligatoire)", exact=True).fill("87,90")
    page.get_by_label("Libellé (obligatoire)", exact=True).fill(label)
    page.get_by_label("Catégorie (obligatoire)", exact=True).select_option("fournitures")
    page.get_by_label("Pièce justificative (obligatoire)", exact=True).set_input_files(str(receipt))
    page.get_by_role("button", name="Enregistrer l'opération").click()
    assert "enregistrée avec sa pièce justificative" in page.get_by_role("status").inner_text()
    row = page.get_by_role("row").filter(has_text=label)
    assert "-87,90" in row.inner_text()
    assert row.get_by_role("link", name=re.compile("^justificatif")).is_visible()
    assert_accessible(page)
    page.goto(f"{live_server}/")
    page.get_by_role("link", name="CSE de l'Association Les Tilleuls").first.click()
    page.get_by_role("link", name="Budgets", exact=True).click()
    page.get_by_role("link", name=f"Comptes de l'exercice {year - 1}").click()
    assert "L2315-65" in page.get_by_role("main").inner_text()
    assert_accessible(page)
