"""The CSE's budgets: the year's declaration (payroll mass → operating grant, ASC contribution), the two ledgers,
transfers within the caps, bank reconciliation, the year-end report, approval and sign-off.

Who: the treasurer and the secretary (or deputy) write; every member of the CSE (élus, the president and the
direction) reads; another organisation sees 404 (`bodies.access`). Only a CSE of at least 50 has statutory budgets
(L2315-61, L2312-81; DOMAIN.md §11)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from dialogue.audit import service as audit
from dialogue.bodies.access import BodyAccess, body_access
from dialogue.bodies.regime import regime_of_body
from dialogue.bodies.schemas import Role
from dialogue.budgets import queries, rules
from dialogue.budgets.rules import Ledger
from dialogue.budgets.schemas import (
    ApprovalCreate,
    BankLineRead,
    BudgetCreate,
    BudgetRead,
    BudgetReport,
    CategoryLine,
    ForecastSet,
    LedgerSummary,
    Match,
    ReconciliationRead,
    ReportSection,
    TransactionCreate,
    TransactionRead,
    TransferCreate,
    TransferRead,
)
from dialogue.budgets.tables import BudgetForecast, BudgetTransaction, CseBudget
from dialogue.core.actor import Actor
from dialogue.core.clock import as_date, local_today, to_date, utcnow
from dialogue.core.db import lock_row, transaction
from dialogue.core.errors import Conflict, InvalidInput, InvalidState, NotFound, RuleViolation
from dialogue.core.paging import page_total
from dialogue.core.schemas import Page
from dialogue.documents import service as documents
from dialogue.documents.service import UploadSource
from dialogue.meetings.rules.votes import ResolutionKind, president_votes

BUDGET_BODY_KINDS = frozenset({"cse", "cse_central"})
WRITE_MESSAGE = "Seuls le trésorier et le secrétaire du CSE tiennent ses budgets."


def _invalid(field: str, message: str, detail: str) -> InvalidInput:
    return InvalidInput(detail, errors=[{"field": field, "message": message}])


# --- access -----------------------------------------------------------------------------------------------------


def may_write(access: BodyAccess) -> bool:
    """The treasurer (L2315-23) and the secretary (or deputy) keep the accounts; the president does not."""
    return access.is_secretary or access.role == Role.treasurer


async def _body(actor: Actor, body_id: int, *, write: bool) -> BodyAccess:
    access = await body_access(actor=actor, body_id=body_id)
    if write:
        access.require(may_write(access), WRITE_MESSAGE)
    else:
        access.require_read()
    if access.kind not in BUDGET_BODY_KINDS:
        raise NotFound("Cette instance n'a pas de budgets (seul un CSE en a).")
    return access


async def _budget(actor: Actor, budget_id: int, *, write: bool) -> tuple[BodyAccess, dict[str, Any]]:
    row = await queries.budget(budget_id)
    if row is None:
        raise NotFound("Budget introuvable.")
    try:
        access = await _body(actor, int(row["body"]), write=write)
    except NotFound:
        raise NotFound("Budget introuvable.") from None
    return access, row


# --- reading rows -------------------------------------------------------------------------------------------------


def _euros(cents: Any) -> Decimal:
    return rules.from_cents(int(cents or 0))


def _read_budget(row: dict[str, Any], previous: dict[str, Any] | None) -> BudgetRead:
    payroll = _euros(row["payroll_mass_cents"])
    contribution = _euros(row["asc_contribution_cents"])
    check = rules.check_asc_contribution(
        contribution=contribution,
        payroll_mass=payroll,
        by_agreement=bool(row["asc_by_agreement"]),
        previous_contribution=None if previous is None else _euros(previous["asc_contribution_cents"]),
        previous_payroll_mass=None if previous is None else _euros(previous["payroll_mass_cents"]),
    )
    reference = row["asc_agreement_reference"]
    basis = check.basis + (f" Accord : {reference}." if reference else "")
    balance = row["balance_sheet_cents"]
    return BudgetRead(
        id=int(row["id"]),
        body_id=int(row["body"]),
        year=int(row["year"]),
        headcount=int(row["headcount"]),
        payroll_mass=payroll,
        payroll_document_id=row["payroll_document"],
        operating_rate=f"{Decimal(int(row['operating_rate_bp'])) / 100:.2f}",
        operating_grant=_euros(row["operating_grant_cents"]),
        operating_grant_basis=rules.operating_basis(payroll_mass=payroll, headcount=int(row["headcount"])),
        asc_contribution=contribution,
        asc_contribution_basis=basis,
        asc_by_agreement=bool(row["asc_by_agreement"]),
        cse_employees=int(row["cse_employees"] or 0),
        balance_sheet=None if balance is None else _euros(balance),
        expert_fees_paid_on=as_date(row["expert_fees_paid_on"]),
        approved_on=as_date(row["approved_on"]),
        approval_meeting_id=row["approval_meeting_id"],
        approval_vote_id=row["approval_vote_id"],
        treasurer_signed_at=row["treasurer_signed_at"],
        secretary_signed_at=row["secretary_signed_at"],
    )


async def _budget_read(row: dict[str, Any]) -> BudgetRead:
    previous = await queries.budget_of_year(int(row["body"]), int(row["year"]) - 1)
    return _read_budget(row, previous)


def _category_label(ledger: str, category: str) -> str:
    return rules.CATEGORIES.get(Ledger(ledger), {}).get(category, category)


def _read_transaction(row: dict[str, Any], balance: Decimal | None = None) -> TransactionRead:
    signed = _euros(row["amount_cents"])
    return TransactionRead(
        id=int(row["id"]),
        budget_id=int(row["budget"]),
        budget=row["ledger"],
        on=to_date(row["booked_on"]),
        kind="receipt" if signed > 0 else "expense",
        amount=abs(signed),
        signed_amount=signed,
        label=str(row["label"]),
        category=str(row["category"]),
        category_label=_category_label(row["ledger"], row["category"]),
        receipt_document_id=row["receipt_document"],
        transfer_id=row["transfer_id"],
        reconciled=row["reconciled_at"] is not None,
        bank_label=row["bank_label"],
        balance=balance,
    )


def with_balances(rows: list[dict[str, Any]]) -> list[TransactionRead]:
    """Each line with its ledger's running balance after it (the two ledgers never mixed)."""
    running: dict[str, Decimal] = defaultdict(Decimal)
    found = []
    for row in rows:
        running[row["ledger"]] += _euros(row["amount_cents"])
        found.append(_read_transaction(row, running[row["ledger"]]))
    return found


# --- the year's budget ----------------------------------------------------------------------------------------------


async def list_budgets(*, actor: Actor, body_id: int) -> Page[BudgetRead]:
    await _body(actor, body_id, write=False)
    rows = await queries.budgets_of_body(body_id)
    by_year = {int(r["year"]): r for r in rows}
    items = [_read_budget(r, by_year.get(int(r["year"]) - 1)) for r in rows]
    return Page[BudgetRead](items=items, total=len(items), limit=len(items), offset=0)


async def get_budget(*, actor: Actor, budget_id: int) -> BudgetRead:
    _, row = await _budget(actor, budget_id, write=False)
    return await _budget_read(row)


@dataclass(frozen=True, slots=True)
class Declaration:
    """What the year's declaration is checked against: the headcount retained and last year's budget row."""

    headcount: int
    previous: dict[str, Any] | None


async def _check_declaration(access: BodyAccess, data: BudgetCreate) -> Declaration:
    """The checks of a declaration that store nothing (run again by `create_budget`): a CSE of at least 50, one
    budget per year, a headcount of at least 50, the ASC floor of last year's ratio without agreement."""
    regime = await regime_of_body(access.body_id, today=local_today())
    if regime is None or not regime.full_remit:
        raise RuleViolation(
            "Un CSE de moins de 50 salariés n'a pas de budgets légaux : la subvention de fonctionnement et la "
            "contribution aux activités sociales et culturelles sont dues à partir de 50 salariés "
            "(art. L2315-61 et L2312-81 du Code du travail).",
            code="budget_below_fifty",
        )
    if await queries.budget_of_year(access.body_id, data.year) is not None:
        raise Conflict(f"Le budget {data.year} de ce CSE est déjà enregistré.", code="budget_exists")
    headcount = data.headcount if data.headcount is not None else regime.attributions.headcount
    if headcount < rules.STATUTORY_BUDGET_FROM:
        raise _invalid(
            "headcount", "effectif d'au moins 50", "L'effectif retenu doit être d'au moins 50 (art. L2315-61)."
        )
    previous = await queries.budget_of_year(access.body_id, data.year - 1)
    check = rules.check_asc_contribution(
        contribution=data.asc_contribution,
        payroll_mass=data.payroll_mass,
        by_agreement=data.asc_by_agreement,
        previous_contribution=None if previous is None else _euros(previous["asc_contribution_cents"]),
        previous_payroll_mass=None if previous is None else _euros(previous["payroll_mass_cents"]),
    )
    if not check.ok:
        raise RuleViolation(check.basis, code="asc_below_previous_ratio")
    return Declaration(headcount=headcount, previous=previous)


async def create_budget(*, actor: Actor, body_id: int, data: BudgetCreate) -> BudgetRead:
    """Record the year's declaration: the operating grant is computed (L2315-61), the ASC contribution checked
    against last year's ratio unless an agreement fixes it (L2312-81). Only for a CSE of at least 50."""
    async with transaction():
        access = await _body(actor, body_id, write=True)
        checked = await _check_declaration(access, data)
        await documents.require_attachable(
            organization_id=access.organization_id, document_id=data.payroll_document_id, field="payroll_document_id"
        )
        headcount, previous = checked.headcount, checked.previous
        grant = rules.operating_grant(payroll_mass=data.payroll_mass, headcount=headcount)
        rate_bp = int(rules.operating_rate(headcount) * 10000)
        row = (
            await CseBudget.insert(
                CseBudget(
                    body=body_id,
                    year=data.year,
                    headcount=headcount,
                    payroll_mass_cents=rules.to_cents(data.payroll_mass),
                    payroll_document=data.payroll_document_id,
                    operating_rate_bp=rate_bp,
                    operating_grant_cents=rules.to_cents(grant),
                    asc_contribution_cents=rules.to_cents(data.asc_contribution),
                    asc_by_agreement=data.asc_by_agreement,
                    asc_agreement_reference=data.asc_agreement_reference,
                    cse_employees=data.cse_employees,
                    balance_sheet_cents=None if data.balance_sheet is None else rules.to_cents(data.balance_sheet),
                    expert_fees_paid_on=data.expert_fees_paid_on,
                    created_by=actor.user_id,
                    created_at=utcnow(),
                )
            ).returning(CseBudget.id)
        )[0]
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="budget.created",
            entity="cse_budget",
            entity_id=row["id"],
            after=data.model_dump(mode="json"),
            body_id=body_id,
        )
        created = await queries.budget(int(row["id"]))
        assert created is not None
        return _read_budget(created, previous)


async def set_forecast(*, actor: Actor, budget_id: int, data: ForecastSet) -> BudgetReport:
    """Replace the year's planned amounts per ledger and category (the budget prévisionnel)."""
    async with transaction():
        access, row = await _budget(actor, budget_id, write=True)
        seen: set[tuple[str, str]] = set()
        for index, line in enumerate(data.lines):
            if line.category not in rules.CATEGORIES[Ledger(line.ledger)]:
                raise _invalid(f"lines.{index}.category", "catégorie inconnue pour ce budget", "Catégorie inconnue.")
            if (line.ledger, line.category) in seen:
                raise _invalid(f"lines.{index}.category", "catégorie en double", "Catégorie en double.")
            seen.add((line.ledger, line.category))
        await BudgetForecast.delete().where(BudgetForecast.budget == budget_id)
        if data.lines:
            await BudgetForecast.insert(
                *[
                    BudgetForecast(
                        budget=budget_id,
                        ledger=line.ledger,
                        category=line.category,
                        amount_cents=rules.to_cents(line.amount),
                    )
                    for line in data.lines
                ]
            )
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="budget.forecast_set",
            entity="cse_budget",
            entity_id=budget_id,
            after=data.model_dump(mode="json"),
            body_id=int(row["body"]),
        )
    return await report(actor=actor, budget_id=budget_id)


# --- the ledgers -------------------------------------------------------------------------------------------------


def _check_open(row: dict[str, Any]) -> None:
    if row["approved_on"] is not None:
        raise InvalidState(
            "Les comptes de cet exercice sont approuvés (art. L2315-68) : aucune opération ne s'y ajoute plus.",
            code="budget_approved",
        )


def _check_day(row: dict[str, Any], on: date, field: str = "on") -> None:
    if on.year != int(row["year"]):
        raise _invalid(field, f"date de l'exercice {row['year']}", "L'opération doit être datée dans l'exercice.")


async def record_transaction(*, actor: Actor, budget_id: int, data: TransactionCreate) -> TransactionRead:
    """One dated line of one ledger, categorised, with its receipt document; transfers go through `transfer`."""
    async with transaction():
        access, row = await _budget(actor, budget_id, write=True)
        _check_open(row)
        _check_day(row, data.on)
        ledger = Ledger(data.budget)
        if data.category not in rules.CATEGORIES[ledger] or data.category == rules.TRANSFER_CATEGORY:
            raise _invalid(
                "category",
                "attendu : " + ", ".join(c for c in rules.CATEGORIES[ledger] if c != rules.TRANSFER_CATEGORY),
                "Catégorie inconnue pour ce budget (les transferts passent par /transfers).",
            )
        await documents.require_attachable(
            organization_id=access.organization_id, document_id=data.receipt_document_id, field="receipt_document_id"
        )
        cents = rules.to_cents(data.amount)
        inserted = (
            await BudgetTransaction.insert(
                BudgetTransaction(
                    budget=budget_id,
                    ledger=ledger.value,
                    booked_on=data.on,
                    amount_cents=cents if data.kind == "receipt" else -cents,
                    label=data.label,
                    category=data.category,
                    receipt_document=data.receipt_document_id,
                    recorded_by=actor.user_id,
                    recorded_at=utcnow(),
                )
            ).returning(BudgetTransaction.id)
        )[0]
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="budget.transaction_recorded",
            entity="budget_transaction",
            entity_id=inserted["id"],
            after=data.model_dump(mode="json"),
            body_id=int(row["body"]),
        )
        rows = await queries.transactions(budget_id)
    return next(t for t in with_balances(rows) if t.id == inserted["id"])


class ReceiptSource:
    """The receipt's upload with the document's own fields (title, kind « comptes »), not the form's others."""

    def __init__(self, source: UploadSource, *, title: str) -> None:
        self._source = source
        self.filename = source.filename
        self._title = title[:300]

    def chunks(self) -> AsyncIterator[bytes]:
        return self._source.chunks()

    async def fields(self) -> dict[str, str]:
        await self._source.fields()
        return {"title": self._title, "kind": "comptes"}


async def record_with_receipt(
    *, actor: Actor, budget_id: int, data: TransactionCreate, source: UploadSource, max_upload_mb: int
) -> TransactionRead:
    """A page's form: the line (validated by the page) and its receipt; the writer and the line are checked before
    a byte is stored, the receipt uploaded through the documents service (granted: the treasurer may not upload
    elsewhere)."""
    access, row = await _budget(actor, budget_id, write=True)
    _check_open(row)
    _check_day(row, data.on)
    receipt = ReceiptSource(source, title=f"Justificatif — {data.label} ({data.on:%d/%m/%Y})")
    document = await documents.upload_document(
        actor=actor, organization_id=access.organization_id, source=receipt, max_upload_mb=max_upload_mb, granted=True
    )
    return await record_transaction(
        actor=actor, budget_id=budget_id, data=data.model_copy(update={"receipt_document_id": document.id})
    )


async def writes(*, actor: Actor, budget_id: int) -> bool:
    """Whether the actor keeps this budget (the pages show the forms only then)."""
    access, _ = await _budget(actor, budget_id, write=False)
    return may_write(access)


async def attach_receipt(
    *, actor: Actor, transaction_id: int, source: UploadSource, max_upload_mb: int
) -> TransactionRead:
    """Upload a receipt for an existing line (one the treasurer recorded without it)."""
    found = (
        await BudgetTransaction.select(BudgetTransaction.budget).where(BudgetTransaction.id == transaction_id).first()
    )
    if found is None:
        raise NotFound("Opération introuvable.")
    access, row = await _budget(actor, int(found["budget"]), write=True)
    _check_open(row)
    receipt = ReceiptSource(source, title=f"Justificatif — opération n° {transaction_id}")
    document = await documents.upload_document(
        actor=actor, organization_id=access.organization_id, source=receipt, max_upload_mb=max_upload_mb, granted=True
    )
    async with transaction():
        await BudgetTransaction.update({BudgetTransaction.receipt_document: document.id}).where(
            BudgetTransaction.id == transaction_id
        )
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="budget.receipt_attached",
            entity="budget_transaction",
            entity_id=transaction_id,
            after={"document_id": document.id},
            body_id=int(row["body"]),
        )
    rows = await queries.transactions(int(found["budget"]))
    return next(t for t in with_balances(rows) if t.id == transaction_id)


async def list_transactions(
    *, actor: Actor, budget_id: int, ledger: str | None, limit: int, offset: int
) -> Page[TransactionRead]:
    """The lines with running balances, in date order; `ledger` keeps one budget."""
    await _budget(actor, budget_id, write=False)
    lines = with_balances(await queries.transactions(budget_id))
    if ledger is not None:
        lines = [t for t in lines if t.budget == ledger]
    chunk = lines[offset : offset + limit]

    async def count() -> int:
        return len(lines)

    total = await page_total(chunk, limit=limit, offset=offset, count=count)
    return Page[TransactionRead](items=chunk, total=total, limit=limit, offset=offset)


# --- figures --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Figures:
    receipts: Decimal
    expenses: Decimal
    transfers_in: Decimal
    transfers_out: Decimal

    @property
    def balance(self) -> Decimal:
        return self.receipts - self.expenses + self.transfers_in - self.transfers_out

    @property
    def surplus(self) -> Decimal:
        """The year's surplus of the ledger, before any transfer (base of the 10 % caps)."""
        return self.receipts - self.expenses


def _figures(rows: list[dict[str, Any]], ledger: Ledger) -> _Figures:
    receipts = expenses = t_in = t_out = Decimal(0)
    for row in rows:
        if row["ledger"] != ledger.value:
            continue
        amount = _euros(row["amount_cents"])
        transfer = row["transfer_id"] is not None
        if amount > 0:
            t_in, receipts = (t_in + amount, receipts) if transfer else (t_in, receipts + amount)
        else:
            t_out, expenses = (t_out - amount, expenses) if transfer else (t_out, expenses - amount)
    return _Figures(receipts, expenses, t_in, t_out)


# --- transfers (R2315-31-1, L2312-84) ------------------------------------------------------------------------------

#: Who decides a transfer: the élus, as the délégation du personnel, the president not voting (DOMAIN.md §0.4,
#: §11 "Transfers"); the vote kind modelled by the meetings module for each source budget (L2315-32).
TRANSFER_VOTE_KINDS = {Ledger.OPERATING: ResolutionKind.OPERATING_GRANT, Ledger.ASC: ResolutionKind.ASC_MANAGEMENT}


async def _check_vote(access: BodyAccess, vote_id: int | None, field: str, allowed: set[str]) -> None:
    """A vote given must be an adopted vote of this body where the president did not vote (L2315-32)."""
    if vote_id is None:
        return
    vote = await queries.vote(vote_id)
    if vote is None or vote.body_id != access.body_id:
        raise _invalid(field, "vote inconnu dans cette instance", "Vote introuvable dans cette instance.")
    if not vote.adopted:
        raise _invalid(field, "résolution rejetée", "Ce vote n'a pas adopté la résolution.")
    kind = vote.resolution_kind
    if kind is None or kind not in allowed or president_votes(ResolutionKind(kind)):
        raise _invalid(
            field,
            "vote des seuls élus attendu (" + ", ".join(sorted(allowed)) + ")",
            "Cette décision appartient aux élus, le président ne votant pas (art. L2315-32 du Code du travail ; "
            "utilisation de la subvention de fonctionnement et des ASC).",
        )


async def transfer(*, actor: Actor, budget_id: int, data: TransferCreate) -> TransferRead:
    """Move part of one budget's annual surplus to the other: at most 10 % of it (R2315-31-1 for the operating
    surplus, L2312-84 and R2312-51 for the ASC surplus) → 409 with the article beyond."""
    async with transaction():
        access, row = await _budget(actor, budget_id, write=True)
        await lock_row(CseBudget, budget_id)
        _check_open(row)
        _check_day(row, data.on)
        source = Ledger(data.from_budget)
        target = Ledger.ASC if source is Ledger.OPERATING else Ledger.OPERATING
        await _check_vote(access, data.vote_id, "vote_id", {TRANSFER_VOTE_KINDS[source].value})
        if source is Ledger.OPERATING:
            paid = [as_date(b["expert_fees_paid_on"]) for b in await queries.budgets_of_body(access.body_id)]
            refusal = rules.expert_freeze_refusal(paid=[d for d in paid if d is not None], on=data.on)
            if refusal is not None:
                raise RuleViolation(refusal, code="transfer_frozen_after_expertise")
        rows = await queries.transactions(budget_id)
        figures = _figures(rows, source)
        room = rules.transfer_cap(surplus=figures.surplus, already_transferred=figures.transfers_out)
        refusal = rules.transfer_refusal(source=source, amount=data.amount, room=room, surplus=figures.surplus)
        if refusal is not None:
            raise RuleViolation(refusal, code="transfer_over_cap")
        cents = rules.to_cents(data.amount)
        now = utcnow()
        out = (
            await BudgetTransaction.insert(
                BudgetTransaction(
                    budget=budget_id,
                    booked_on=data.on,
                    category=rules.TRANSFER_CATEGORY,
                    ledger=source.value,
                    amount_cents=-cents,
                    label=f"{data.label} (vers {rules.LEDGER_LABELS[target]})",
                    vote_id=data.vote_id,
                    recorded_by=actor.user_id,
                    recorded_at=now,
                )
            ).returning(BudgetTransaction.id)
        )[0]
        transfer_id = int(out["id"])
        await BudgetTransaction.update({BudgetTransaction.transfer_id: transfer_id}).where(
            BudgetTransaction.id == transfer_id
        )
        await BudgetTransaction.insert(
            BudgetTransaction(
                budget=budget_id,
                booked_on=data.on,
                category=rules.TRANSFER_CATEGORY,
                ledger=target.value,
                amount_cents=cents,
                label=f"{data.label} (depuis {rules.LEDGER_LABELS[source]})",
                transfer_id=transfer_id,
                vote_id=data.vote_id,
                recorded_by=actor.user_id,
                recorded_at=now,
            )
        )
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="budget.transfer",
            entity="cse_budget",
            entity_id=budget_id,
            after=data.model_dump(mode="json"),
            body_id=int(row["body"]),
        )
        return TransferRead(
            transfer_id=transfer_id,
            from_budget=source.value,
            to_budget=target.value,
            amount=data.amount,
            on=data.on,
            remaining=room - data.amount,
        )


# --- bank reconciliation -------------------------------------------------------------------------------------------


async def reconcile(*, actor: Actor, budget_id: int, statement: bytes) -> ReconciliationRead:
    """Import a bank statement (CSV): each line matched by date and amount to a line not yet reconciled; the
    unmatched ones are shown. An unreadable file is refused whole (422 naming the line), nothing stored."""
    try:
        text = statement.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = statement.decode("cp1252")
        except UnicodeDecodeError:
            raise _invalid("file", "encodage illisible", "Relevé illisible (UTF-8 ou Windows-1252 attendu).") from None
    try:
        bank = rules.parse_statement(text)
    except rules.StatementError as exc:
        raise InvalidInput(
            f"Relevé bancaire illisible, ligne {exc.line} : {exc}.",
            errors=[{"field": f"file.line.{exc.line}", "message": str(exc)}],
        ) from None
    async with transaction():
        access, row = await _budget(actor, budget_id, write=True)
        rows = await queries.transactions(budget_id)
        booked = [
            rules.Booked(id=int(r["id"]), on=to_date(r["booked_on"]), amount=_euros(r["amount_cents"]))
            for r in rows
            if r["reconciled_at"] is None and not (r["transfer_id"] is not None)
        ]
        matches, unmatched = rules.reconcile(bank, booked)
        now = utcnow()
        for line, transaction_id in matches:
            await BudgetTransaction.update(
                {BudgetTransaction.reconciled_at: now, BudgetTransaction.bank_label: line.label}
            ).where(BudgetTransaction.id == transaction_id)
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="budget.reconciled",
            entity="cse_budget",
            entity_id=budget_id,
            after={"lines": len(bank), "matched": len(matches)},
            body_id=int(row["body"]),
        )
        after = with_balances(await queries.transactions(budget_id))
    return ReconciliationRead(
        matched=[
            Match(line=line.line, on=line.on, label=line.label, amount=line.amount, transaction_id=tid)
            for line, tid in matches
        ],
        unmatched_bank_lines=[BankLineRead(line=u.line, on=u.on, label=u.label, amount=u.amount) for u in unmatched],
        unreconciled_transactions=[t for t in after if not t.reconciled and t.transfer_id is None],
    )


# --- the year-end report, approval, sign-off ------------------------------------------------------------------------


def build_report(budget: BudgetRead, rows: list[dict[str, Any]], forecast: list[dict[str, Any]]) -> BudgetReport:
    """The figures of both ledgers, the categories (planned vs spent), the accounts' form by size and the
    L2315-69 report's skeleton."""
    allocated = {Ledger.OPERATING: budget.operating_grant, Ledger.ASC: budget.asc_contribution}
    ledgers = []
    for ledger in Ledger:
        f = _figures(rows, ledger)
        ledgers.append(
            LedgerSummary(
                budget=ledger.value,
                label=rules.LEDGER_LABELS[ledger],
                allocated=allocated[ledger],
                receipts=f.receipts,
                expenses=f.expenses,
                transfers_in=f.transfers_in,
                transfers_out=f.transfers_out,
                balance=f.balance,
                surplus=f.surplus,
                transferable=rules.transfer_cap(surplus=f.surplus, already_transferred=f.transfers_out),
            )
        )
    planned = {(r["ledger"], r["category"]): _euros(r["amount_cents"]) for r in forecast}
    spent: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    received: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for row in rows:
        if row["transfer_id"] is not None:
            continue
        amount = _euros(row["amount_cents"])
        key = (row["ledger"], row["category"])
        if amount < 0:
            spent[key] -= amount
        else:
            received[key] += amount
    keys = sorted(set(planned) | set(spent), key=lambda k: (k[0] != "operating", k[1]))
    categories = [
        CategoryLine(
            budget=k[0],
            category=k[1],
            label=_category_label(k[0], k[1]),
            planned=planned.get(k, Decimal(0)),
            spent=spent.get(k, Decimal(0)),
            received=received.get(k, Decimal(0)),
        )
        for k in keys
    ]
    total_allocated = budget.operating_grant + budget.asc_contribution
    total_spent = sum((s.expenses for s in ledgers), Decimal(0))
    consumed = None if total_allocated <= 0 else f"{(total_spent / total_allocated * 100):.1f}"
    resources = rules.resources_for_tier(
        (str(r["category"]), _euros(r["amount_cents"])) for r in rows if r["transfer_id"] is None
    )
    tier = rules.accounts_tier(
        resources=resources, cse_employees=budget.cse_employees, balance_sheet=budget.balance_sheet
    )
    return BudgetReport(
        budget=budget,
        ledgers=ledgers,
        categories=categories,
        consumed_percent=consumed,
        resources=resources,
        accounts_tier=tier.value,
        accounts_form=rules.TIER_FORMS[tier],
        activity_report=[ReportSection(title=t, guidance=g) for t, g in rules.REPORT_SECTIONS],
        approval_due_on=rules.approval_due_on(budget.year),
        approval_basis=(
            "Comptes arrêtés puis approuvés par les membres élus en réunion plénière consacrée à ce seul point, "
            "le président ne votant pas (art. L2315-68), dans les six mois de la clôture (art. R2315-37 — délai "
            "non vérifié, prorogeable par le juge) ; rapport d'activité et de gestion présenté à cette réunion "
            "(art. L2315-69)."
        ),
        signed_off=budget.treasurer_signed_at is not None and budget.secretary_signed_at is not None,
    )


async def report(*, actor: Actor, budget_id: int) -> BudgetReport:
    _, row = await _budget(actor, budget_id, write=False)
    budget = await _budget_read(row)
    return build_report(budget, await queries.transactions(budget_id), await queries.forecast(budget_id))


#: L2315-68: the accounts are approved by the élus, the president not voting: a vote of a kind where he does not.
APPROVAL_VOTE_KINDS = {ResolutionKind.OPERATING_GRANT.value, ResolutionKind.ASC_MANAGEMENT.value}


async def approve(*, actor: Actor, budget_id: int, data: ApprovalCreate) -> BudgetRead:
    """Record the approval of the year's accounts at a plenary meeting of this CSE (L2315-68), after the year end;
    the vote, when recorded, is one where the president did not vote."""
    async with transaction():
        access, row = await _budget(actor, budget_id, write=True)
        await lock_row(CseBudget, budget_id)
        if row["approved_on"] is not None:
            raise InvalidState("Les comptes de cet exercice sont déjà approuvés.", code="budget_approved")
        if data.approved_on <= date(int(row["year"]), 12, 31):
            raise _invalid(
                "approved_on", "après la clôture", "Les comptes s'approuvent après la clôture de l'exercice."
            )
        if data.approved_on > local_today():
            raise _invalid("approved_on", "date passée ou du jour", "Une approbation à venir ne s'enregistre pas.")
        if await queries.meeting_body(data.meeting_id) != access.body_id:
            raise _invalid("meeting_id", "réunion inconnue dans ce CSE", "Réunion introuvable dans ce CSE.")
        await _check_vote(access, data.vote_id, "vote_id", APPROVAL_VOTE_KINDS)
        vote = None if data.vote_id is None else await queries.vote(data.vote_id)
        if vote is not None and vote.meeting_id != data.meeting_id:
            raise _invalid("vote_id", "vote d'une autre réunion", "Ce vote n'a pas eu lieu à cette réunion.")
        await CseBudget.update(
            {
                CseBudget.approved_on: data.approved_on,
                CseBudget.approval_meeting_id: data.meeting_id,
                CseBudget.approval_vote_id: data.vote_id,
            }
        ).where(CseBudget.id == budget_id)
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="budget.approved",
            entity="cse_budget",
            entity_id=budget_id,
            after=data.model_dump(mode="json"),
            body_id=access.body_id,
        )
        updated = await queries.budget(budget_id)
        assert updated is not None
        return await _budget_read(updated)


async def sign_off(*, actor: Actor, budget_id: int) -> BudgetRead:
    """The treasurer and the secretary each sign the year's accounts once the year is over."""
    async with transaction():
        access, row = await _budget(actor, budget_id, write=True)
        if local_today() <= date(int(row["year"]), 12, 31):
            raise InvalidState("Les comptes se signent après la clôture de l'exercice.", code="budget_open")
        treasurer = access.role == Role.treasurer
        column = "treasurer" if treasurer else "secretary"
        if row[f"{column}_signed_at"] is not None:
            raise InvalidState("Vous avez déjà signé ces comptes.", code="already_signed")
        values = (
            {CseBudget.treasurer_signed_by: actor.user_id, CseBudget.treasurer_signed_at: utcnow()}
            if treasurer
            else {CseBudget.secretary_signed_by: actor.user_id, CseBudget.secretary_signed_at: utcnow()}
        )
        await CseBudget.update(values).where(CseBudget.id == budget_id)  # type: ignore[arg-type]
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action=f"budget.signed_by_{column}",
            entity="cse_budget",
            entity_id=budget_id,
            body_id=access.body_id,
        )
        updated = await queries.budget(budget_id)
        assert updated is not None
        return await _budget_read(updated)


async def signers(*, budget_id: int) -> dict[str, str]:
    """The names of who signed (for the PDF)."""
    row = await queries.budget(budget_id)
    if row is None:
        return {}
    ids = {int(row[k]) for k in ("treasurer_signed_by", "secretary_signed_by") if row[k] is not None}
    found = await queries.names(ids)
    return {
        k: found[int(row[f"{k}_signed_by"])] for k in ("treasurer", "secretary") if row[f"{k}_signed_by"] is not None
    }


async def body_name(*, actor: Actor, budget_id: int) -> str:
    access, _ = await _budget(actor, budget_id, write=False)
    return access.name


# --- what the pages show before a form is sent ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeclarationPreview:
    """The amounts a declaration would give, shown before it is sent: the operating grant with its rate (L2315-61)
    and the ASC floor from last year's ratio (L2312-81), or why there is none."""

    year: int
    headcount: int
    rate: str
    previous_ratio: str | None
    operating_grant: Decimal | None
    operating_basis: str | None
    asc_minimum: Decimal | None
    asc_basis: str


async def declaration_preview(
    *, actor: Actor, body_id: int, year: int, payroll_mass: Decimal | None, by_agreement: bool, headcount: int | None
) -> DeclarationPreview:
    """What `create_budget` would compute for these figures, nothing stored."""
    access = await _body(actor, body_id, write=False)
    regime = await regime_of_body(body_id, today=local_today())
    retained = headcount if headcount is not None else (0 if regime is None else regime.attributions.headcount)
    previous = await queries.budget_of_year(access.body_id, year - 1)
    ratio = None
    if previous is not None:
        found = rules.asc_ratio(
            contribution=_euros(previous["asc_contribution_cents"]), payroll_mass=_euros(previous["payroll_mass_cents"])
        )
        ratio = None if found is None else rules.format_ratio(found)
    rate = f"{rules.operating_rate(retained) * 100:.2f}".replace(".", ",") + " %"
    if payroll_mass is None:
        floor = "Indiquez la masse salariale pour calculer le plancher de la contribution ASC (art. L2312-81)."
        if by_agreement:
            floor = "Contribution fixée par accord d'entreprise (art. L2312-81 du Code du travail)."
        elif previous is None:
            floor = "Pas d'exercice précédent enregistré : aucun plancher (art. L2312-81 du Code du travail)."
        return DeclarationPreview(year, retained, rate, ratio, None, None, None, floor)
    check = rules.check_asc_contribution(
        contribution=Decimal(0),
        payroll_mass=payroll_mass,
        by_agreement=by_agreement,
        previous_contribution=None if previous is None else _euros(previous["asc_contribution_cents"]),
        previous_payroll_mass=None if previous is None else _euros(previous["payroll_mass_cents"]),
    )
    return DeclarationPreview(
        year=year,
        headcount=retained,
        rate=rate,
        previous_ratio=ratio,
        operating_grant=rules.operating_grant(payroll_mass=payroll_mass, headcount=retained),
        operating_basis=rules.operating_basis(payroll_mass=payroll_mass, headcount=retained),
        asc_minimum=check.minimum,
        asc_basis=check.basis,
    )


async def may_declare(*, actor: Actor, body_id: int) -> bool:
    """Whether the actor records the year's declaration (the pages show the form only then)."""
    return may_write(await _body(actor, body_id, write=False))


async def declare_with_document(
    *, actor: Actor, body_id: int, data: BudgetCreate, source: UploadSource, max_upload_mb: int
) -> BudgetRead:
    """A page's form: the declaration (validated by the page) and the employer's document; the writer and every rule
    are checked before a byte is stored, then the document goes to the store and the budget is created."""
    access = await _body(actor, body_id, write=True)
    await _check_declaration(access, data)
    declaration = ReceiptSource(source, title=f"Masse salariale brute {data.year} — déclaration de l'employeur")
    document = await documents.upload_document(
        actor=actor,
        organization_id=access.organization_id,
        source=declaration,
        max_upload_mb=max_upload_mb,
        granted=True,
    )
    return await create_budget(
        actor=actor, body_id=body_id, data=data.model_copy(update={"payroll_document_id": document.id})
    )


@dataclass(frozen=True, slots=True)
class Desk:
    """The treasurer's or secretary's desk on a budget: may they write, which signature is theirs, the freeze of
    operating → ASC transfers after an expertise paid by the employer, and the meetings and votes to cite."""

    writer: bool
    signer: str | None  # "treasurer" or "secretary" for a writer
    freeze: str | None
    meetings: list[tuple[int, str, datetime]]
    transfer_votes: dict[str, list[tuple[int, str]]]
    approval_votes: list[tuple[int, int, str]]


async def desk(*, actor: Actor, budget_id: int) -> Desk:
    access, row = await _budget(actor, budget_id, write=False)
    writer = may_write(access)
    signer = None if not writer else ("treasurer" if access.role == Role.treasurer else "secretary")
    year_end = date(int(row["year"]), 12, 31)
    paid = [as_date(b["expert_fees_paid_on"]) for b in await queries.budgets_of_body(access.body_id)]
    freeze = rules.expert_freeze_refusal(paid=[d for d in paid if d is not None], on=min(local_today(), year_end))
    if not writer:
        return Desk(False, None, freeze, [], {}, [])
    meetings = [
        (int(m["id"]), str(m["title"]), m["starts_at"])
        for m in await queries.meetings_of_body(access.body_id, utcnow())
    ]
    votes = await queries.adopted_votes(access.body_id)
    transfer_votes = {
        ledger.value: [(int(v["id"]), str(v["question"])) for v in votes if v["resolution_kind"] == kind.value]
        for ledger, kind in TRANSFER_VOTE_KINDS.items()
    }
    approval_votes = [
        (int(v["id"]), int(v["meeting"]), str(v["question"]))
        for v in votes
        if v["resolution_kind"] in APPROVAL_VOTE_KINDS
    ]
    return Desk(writer, signer, freeze, meetings, transfer_votes, approval_votes)
