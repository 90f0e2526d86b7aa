"""The demo data (`dialogue demo`) as CONTRACT.md describes it: loaded once per session, counted here."""

from __future__ import annotations

from typing import Any

from dialogue.auth.tables import User
from dialogue.bodies.tables import Body
from dialogue.documents.tables import Document, DocumentAttachment
from dialogue.organizations.tables import Organization
from dialogue.registers.tables import Register

DEMO_ACCOUNTS = (
    "secretaire@demo.example",
    "direction@demo.example",
    "elu@demo.example",
    "gouvernance@demo.example",
    "admin@demo.example",
    "admin@voisine.example",
)


async def test_demo_has_its_accounts_two_organisations_and_the_cse_registers(db: Any) -> None:
    emails = {row["email"] for row in await User.select(User.email).where(User.email.is_in(list(DEMO_ACCOUNTS)))}
    assert emails == set(DEMO_ACCOUNTS)
    assert await Organization.count() >= 2  # the demo's and an unrelated neighbour, for isolation
    admin = await User.select(User.organization).where(User.email == "admin@demo.example").first()
    assert admin is not None
    # The association's CSE: the first created (an establishment's CSE may follow; without an order PostgreSQL
    # returns either once the demo is reloaded after a committed test).
    cse = (
        await Body.select(Body.id)
        .where((Body.organization == admin["organization"]) & (Body.kind == "cse"))
        .order_by(Body.id)
        .first()
    )
    assert cse is not None
    kinds = [row["kind"] for row in await Register.select(Register.kind).where(Register.body == cse["id"])]
    assert sorted(kinds) == sorted(["questions", "dgi", "public_health", "personal_rights", "dialogue"])


async def test_demo_next_meeting_of_the_cse_carries_its_documents(db: Any) -> None:
    """Issue 16: the last minutes on the item adopting them, the règlement intérieur on the meeting."""
    admin = await User.select(User.organization).where(User.email == "admin@demo.example").first()
    assert admin is not None
    titles = {
        row["title"]
        for row in await Document.select(Document.title).where(
            (Document.organization == admin["organization"])
            & Document.id.is_in(
                [row["document"] for row in await DocumentAttachment.select(DocumentAttachment.document)] or [0]
            )
        )
    }
    assert any(title.startswith("Procès-verbal de la réunion du 12 novembre") for title in titles)
    assert any(title.startswith("Règlement intérieur du CSE") for title in titles)


async def test_demo_treasurer_imported_a_bank_statement_with_one_line_unmatched(db: Any) -> None:
    """Issue 18: last year's first-quarter statement is imported; every line but the insurance premium matched."""
    from dialogue.budgets import demo as budgets_demo
    from dialogue.budgets.rules import parse_statement
    from dialogue.budgets.tables import BudgetTransaction
    from dialogue.core.clock import local_today

    matched = await BudgetTransaction.select(BudgetTransaction.budget, BudgetTransaction.bank_label).where(
        BudgetTransaction.bank_label == "PRLV EDITIONS LAMY"
    )
    assert len(matched) == 1
    reconciled = await BudgetTransaction.count().where(
        (BudgetTransaction.budget == matched[0]["budget"]) & BudgetTransaction.reconciled_at.is_not_null()
    )
    statement = parse_statement(budgets_demo.bank_statement(local_today().year - 1))
    assert (len(statement), reconciled) == (6, 5)
