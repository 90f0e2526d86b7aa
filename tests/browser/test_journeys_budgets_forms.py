"""The treasurer's year in a real browser (issue 18), on a budget of its own (next year's, which no other journey
reads): the employer's declaration with the grant computed before sending, a receipt recorded, a transfer refused
beyond its cap (the reason next to the amount) then made within it, and a bank statement imported whose unmatched
line opens the expense form filled in; every page is checked by axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dialogue.core.clock import local_today
from tests.browser.conftest import assert_accessible, sign_in

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"% filler line\n" * 200 + b"%%EOF\n"


@pytest.mark.timeout(240)
def test_the_treasurer_declares_a_year_transfers_and_imports_a_bank_statement(
    live_server: str, new_page: Any, tmp_path: Path
) -> None:
    year = local_today().year + 1
    declaration = tmp_path / "masse-salariale.pdf"
    declaration.write_bytes(PDF)
    statement = tmp_path / "releve.csv"
    statement.write_text(
        f"Date;Libellé;Montant\n15/01/{year};VIR SUBVENTION T1;5500,00\n20/01/{year};FRAIS TENUE DE COMPTE;-25,00\n",
        encoding="utf-8",
    )
    page = new_page()
    sign_in(page, live_server, "tresorier@demo.example")
    page.get_by_role("link", name="CSE de l'Association Les Tilleuls").first.click()
    page.get_by_role("link", name="Budgets", exact=True).click()
    page.get_by_label("Exercice (obligatoire)", exact=True).fill(str(year))
    page.get_by_label("Masse salariale brute (obligatoire)", exact=True).fill("11 000 000,00")
    page.get_by_label("Contribution ASC (obligatoire)", exact=True).fill("110 000,00")
    page.get_by_role("button", name="Calculer").click()
    preview = page.locator("#declaration-preview").inner_text()
    assert "22\u202f000,00\u00a0€" in preview and "110\u202f000,00\u00a0€" in preview
    assert_accessible(page)
    page.get_by_label("Déclaration de l'employeur (obligatoire)", exact=True).set_input_files(str(declaration))
    page.get_by_role("button", name="Enregistrer la déclaration").click()
    assert "déclaration de l'exercice est enregistrée" in page.get_by_role("status").inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == f"Budgets {year}"

    receipt_label = f"Subvention de fonctionnement — 1er trimestre {year}"
    page.get_by_label("Budget (obligatoire)", exact=True).select_option("operating")
    page.get_by_label("Nature (obligatoire)", exact=True).select_option("receipt")
    page.get_by_label("Date (obligatoire)", exact=True).fill(f"{year}-01-15")
    page.get_by_label("Montant (obligatoire)", exact=True).fill("5 500,00")
    page.get_by_label("Libellé (obligatoire)", exact=True).fill(receipt_label)
    page.get_by_label("Catégorie (obligatoire)", exact=True).select_option("subvention")
    page.get_by_label("Pièce justificative (obligatoire)", exact=True).set_input_files(str(declaration))
    page.get_by_role("button", name="Enregistrer l'opération").click()
    assert "enregistrée avec sa pièce justificative" in page.get_by_role("status").inner_text()

    assert "encore transférable 550,00\u00a0€" in page.locator("#transfer-form").inner_text()
    page.get_by_label("Budget d'origine (obligatoire)", exact=True).select_option("operating")
    page.get_by_label("Montant transféré (obligatoire)", exact=True).fill("600,00")
    page.get_by_role("button", name="Enregistrer le transfert").click()
    assert "plafond de 10 %" in page.locator("#f-transfer-amount-error").inner_text()
    assert page.get_by_label("Montant transféré (obligatoire)", exact=True).input_value() == "600,00"
    assert_accessible(page)
    page.get_by_label("Montant transféré (obligatoire)", exact=True).fill("500,00")
    page.get_by_role("button", name="Enregistrer le transfert").click()
    assert "transfert entre les deux budgets est enregistré" in page.get_by_role("status").inner_text()
    assert "encore transférable 50,00\u00a0€" in page.locator("#transfer-form").inner_text()

    page.get_by_label("Relevé bancaire (CSV) (obligatoire)", exact=True).set_input_files(str(statement))
    page.get_by_role("button", name="Importer le relevé").click()
    result = page.locator("#reconciliation").inner_text()
    assert "1 ligne(s) rapprochée(s), 1 ligne(s) sans opération" in result
    row = page.get_by_role("row").filter(has_text=receipt_label)
    assert "rapprochée" in row.inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Enregistrer l'opération — ligne 3").click()
    assert page.get_by_label("Montant (obligatoire)", exact=True).input_value() == "25.00"
    assert page.get_by_label("Libellé (obligatoire)", exact=True).input_value() == "FRAIS TENUE DE COMPTE"
    assert page.get_by_label("Nature (obligatoire)", exact=True).input_value() == "expense"
