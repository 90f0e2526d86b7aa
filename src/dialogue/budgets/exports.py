"""The year's accounts as an A4 PDF (the library of the project's other PDFs, `core.documents`): the form the
CSE's size requires (L2315-64 to L2315-66), both ledgers, the categories, the L2315-69 report's skeleton, the
approval (L2315-68) and the signatures of the treasurer and the secretary."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal

from dialogue.budgets import queries, rules, service
from dialogue.budgets.schemas import BudgetReport, TransactionRead
from dialogue.core.actor import Actor
from dialogue.core.clock import PARIS
from dialogue.core.documents import Section, Subheading, Table, french_date, render_pdf, signatures_block


def _e(value: object) -> str:
    return rules.format_euros(value if isinstance(value, Decimal) else Decimal(str(value)))


def accounts_pdf_bytes(
    report: BudgetReport, lines: list[TransactionRead], *, body_name: str, signed: dict[str, str]
) -> bytes:
    budget = report.budget
    year = budget.year
    summary = Table(
        header=("Budget", "Dû", "Recettes", "Dépenses", "Transferts", "Solde"),
        rows=tuple(
            (
                ledger.label,
                _e(ledger.allocated),
                _e(ledger.receipts),
                _e(ledger.expenses),
                _e(ledger.transfers_in - ledger.transfers_out),
                _e(ledger.balance),
            )
            for ledger in report.ledgers
        ),
        col_widths=(60, 24, 24, 24, 24, 24),
    )
    categories = Table(
        header=("Budget", "Catégorie", "Prévu", "Dépensé"),
        rows=tuple(
            (rules.LEDGER_LABELS[rules.Ledger(c.budget)].split(" (")[0], c.label, _e(c.planned), _e(c.spent))
            for c in report.categories
        )
        or (("—", "—", "—", "—"),),
    )
    book = Table(
        header=("Date", "Budget", "Libellé", "Montant", "Solde"),
        rows=tuple(
            (
                t.on.strftime("%d/%m/%Y"),
                "AEP" if t.budget == "operating" else "ASC",
                t.label[:60],
                _e(t.signed_amount),
                _e(t.balance or 0),
            )
            for t in lines
        )
        or (("—", "—", "—", "—", "—"),),
        col_widths=(22, 14, 90, 27, 27),
    )
    vote = f", vote n° {budget.approval_vote_id}" if budget.approval_vote_id else ""
    approval = (
        f"Comptes approuvés le {french_date(budget.approved_on)} en réunion plénière (réunion n° "
        f"{budget.approval_meeting_id}{vote})."
        if budget.approved_on
        else f"Approbation à inscrire à une réunion plénière consacrée à ce seul point avant le "
        f"{french_date(report.approval_due_on)}."
    )
    sections = (
        Section(
            "Forme des comptes",
            (
                report.accounts_form + ".",
                f"Ressources retenues pour les seuils : {_e(report.resources)} (art. R2312-50, D2315-34).",
            ),
        ),
        Section(
            "Budgets de l'exercice",
            (
                budget.operating_grant_basis + ".",
                budget.asc_contribution_basis,
                summary,
            ),
        ),
        Section("Prévu et dépensé par catégorie", (categories,)),
        Section("Livre des recettes et des dépenses", (book,)),
        Section(
            "Rapport d'activité et de gestion (art. L2315-69)",
            tuple(block for s in report.activity_report for block in (Subheading(s.title), s.guidance)),
        ),
        Section(
            "Approbation et signatures",
            (
                report.approval_basis,
                approval,
                signatures_block(
                    signers=(
                        f"Le trésorier : {signed.get('treasurer', '')}".rstrip(" :"),
                        f"Le secrétaire : {signed.get('secretary', '')}".rstrip(" :"),
                    )
                ),
            ),
        ),
    )
    created = datetime.combine(budget.approved_on or rules.approval_due_on(year), time(12), tzinfo=PARIS)
    return render_pdf(
        title=f"Comptes {year} du CSE",
        subtitle=body_name,
        sections=sections,
        footer_text=f"Comptes {year} — {body_name}",
        author=body_name,
        created_at=created,
    )


async def accounts_pdf(*, actor: Actor, budget_id: int) -> tuple[bytes, str]:
    """The PDF and its file name, for whoever reads the budget."""
    report = await service.report(actor=actor, budget_id=budget_id)
    lines = service.with_balances(await queries.transactions(budget_id))
    access_name = await service.body_name(actor=actor, budget_id=budget_id)
    signed = await service.signers(budget_id=budget_id)
    pdf = accounts_pdf_bytes(report, lines, body_name=access_name, signed=signed)
    return pdf, f"comptes-cse-{report.budget.year}.pdf"
