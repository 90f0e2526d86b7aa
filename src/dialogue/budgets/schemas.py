"""API shapes of the CSE budgets: amounts are decimal strings in euros (« 1234.56 »), never floats (CONTRACT.md)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, PlainSerializer

from dialogue.core.schemas import InputModel, ReadModel


def _euros_in(value: Any) -> Any:
    """A decimal string (or an integer); a float is refused: binary floats cannot carry cents exactly."""
    if isinstance(value, bool | float):
        raise ValueError('montant attendu en chaîne décimale, par exemple "1234.56"')
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        if not text or len(text) > 20:
            raise ValueError('montant attendu en chaîne décimale, par exemple "1234.56"')
        return text
    return value


#: An amount in euros, at most two decimals, read from a string.
Euros = Annotated[
    Decimal,
    BeforeValidator(_euros_in),
    Field(max_digits=14, decimal_places=2, json_schema_extra={"type": "string", "examples": ["1234.56"]}),
]
PositiveEuros = Annotated[Euros, Field(gt=0)]
#: An amount written as a decimal string with two decimals.
EurosOut = Annotated[Decimal, PlainSerializer(lambda v: f"{v:.2f}", return_type=str, when_used="always")]
LedgerName = Literal["operating", "asc"]


class BudgetCreate(InputModel):
    """The employer's declaration for a year: the gross payroll mass (L2315-61) with its document, and the ASC
    contribution (L2312-81)."""

    year: Annotated[int, Field(ge=2000, le=2100)]
    payroll_mass: Annotated[Euros, Field(ge=0)] = Field(description="Masse salariale brute (art. L2315-61)")
    payroll_document_id: int | None = Field(default=None, description="Justificatif de l'employeur (document)")
    headcount: Annotated[int, Field(ge=0, le=1_000_000)] | None = Field(
        default=None, description="Effectif retenu pour le taux ; par défaut celui de l'organisation"
    )
    asc_contribution: Annotated[Euros, Field(ge=0)] = Field(description="Contribution ASC (art. L2312-81)")
    asc_by_agreement: bool = Field(default=False, description="Contribution fixée par accord d'entreprise")
    asc_agreement_reference: Annotated[str, Field(max_length=300)] | None = None
    cse_employees: Annotated[int, Field(ge=0, le=100_000)] = 0
    balance_sheet: Annotated[Euros, Field(ge=0)] | None = None
    expert_fees_paid_on: date | None = Field(
        default=None, description="Jour où l'employeur a payé une expertise (art. L2315-80 3°), s'il y a lieu"
    )


class Amount(ReadModel):
    amount: EurosOut
    basis: str


class BudgetRead(ReadModel):
    id: int
    body_id: int
    year: int
    headcount: int
    payroll_mass: EurosOut
    payroll_document_id: int | None
    operating_rate: str = Field(description="Taux appliqué, en pourcentage (« 0.20 »)")
    operating_grant: EurosOut
    operating_grant_basis: str
    asc_contribution: EurosOut
    asc_contribution_basis: str
    asc_by_agreement: bool
    cse_employees: int
    balance_sheet: EurosOut | None
    expert_fees_paid_on: date | None
    approved_on: date | None
    approval_meeting_id: int | None
    approval_vote_id: int | None
    treasurer_signed_at: datetime | None
    secretary_signed_at: datetime | None


class ForecastLine(InputModel):
    ledger: LedgerName
    category: Annotated[str, Field(max_length=40)]
    amount: Annotated[Euros, Field(ge=0)]


class ForecastSet(InputModel):
    lines: Annotated[list[ForecastLine], Field(max_length=60)]


class TransactionCreate(InputModel):
    budget: LedgerName = Field(description="operating (subvention de fonctionnement) ou asc")
    on: date
    amount: PositiveEuros
    kind: Literal["expense", "receipt"] = "expense"
    label: Annotated[str, Field(min_length=1, max_length=300)]
    category: Annotated[str, Field(max_length=40)] = "autre"
    receipt_document_id: int | None = None


class TransactionRead(ReadModel):
    id: int
    budget_id: int
    budget: LedgerName
    on: date
    kind: Literal["expense", "receipt"]
    amount: EurosOut = Field(description="Montant positif ; `signed_amount` porte le signe")
    signed_amount: EurosOut
    label: str
    category: str
    category_label: str
    receipt_document_id: int | None
    transfer_id: int | None
    reconciled: bool
    bank_label: str | None
    balance: EurosOut | None = Field(default=None, description="Solde du budget après l'opération (listes)")


class TransferCreate(InputModel):
    """A transfer of part of one budget's annual surplus to the other (R2315-31-1, L2312-84), decided by the élus."""

    from_budget: LedgerName
    on: date
    amount: PositiveEuros
    label: Annotated[str, Field(min_length=1, max_length=300)] = "Transfert d'excédent"
    vote_id: int | None = Field(default=None, description="Délibération des élus (le président ne vote pas)")


class TransferRead(ReadModel):
    transfer_id: int
    from_budget: LedgerName
    to_budget: LedgerName
    amount: EurosOut
    on: date
    remaining: EurosOut = Field(description="Ce qui peut encore être transféré cette année")


class Match(ReadModel):
    line: int
    on: date
    label: str
    amount: EurosOut
    transaction_id: int


class BankLineRead(ReadModel):
    line: int
    on: date
    label: str
    amount: EurosOut


class ReconciliationRead(ReadModel):
    matched: list[Match]
    unmatched_bank_lines: list[BankLineRead]
    unreconciled_transactions: list[TransactionRead]


class CategoryLine(ReadModel):
    budget: LedgerName
    category: str
    label: str
    planned: EurosOut
    spent: EurosOut
    received: EurosOut


class LedgerSummary(ReadModel):
    budget: LedgerName
    label: str
    allocated: EurosOut = Field(description="Montant dû par l'employeur pour l'exercice")
    receipts: EurosOut
    expenses: EurosOut
    transfers_in: EurosOut
    transfers_out: EurosOut
    balance: EurosOut
    surplus: EurosOut = Field(description="Excédent de l'exercice, hors transferts (base du plafond de 10 %)")
    transferable: EurosOut


class ReportSection(ReadModel):
    title: str
    guidance: str


class ApprovalCreate(InputModel):
    """The élus' approval of the accounts in a plenary meeting (L2315-68): the meeting, and its vote when
    recorded (the president does not vote)."""

    meeting_id: int
    approved_on: date
    vote_id: int | None = None


class BudgetReport(ReadModel):
    budget: BudgetRead
    ledgers: list[LedgerSummary]
    categories: list[CategoryLine]
    consumed_percent: str | None = Field(description="Part des budgets alloués dépensée")
    resources: EurosOut = Field(description="Ressources retenues pour les seuils (R2312-50, D2315-34)")
    accounts_tier: Literal["small", "medium", "large"]
    accounts_form: str
    activity_report: list[ReportSection]
    approval_due_on: date
    approval_basis: str
    signed_off: bool
