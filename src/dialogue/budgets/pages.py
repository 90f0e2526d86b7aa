"""The budget pages (French): a CSE's years with the year's declaration (payroll mass and the employer's document;
the operating grant and the ASC floor shown before sending), the treasurer's ledger with running balances, the
budget consumed per category as an SVG chart (as the indicators draw theirs), the forms recording an expense with
its receipt, a transfer between the budgets within its cap and a bank statement's import with its reconciliation,
and the year's accounts with the approval, the sign-off and the PDF. Same service as the API, hence the same rules
and the same roles (the treasurer and the secretary write; the others read; another organisation gets 404).

The forms with a file are multipart: like the documents' upload forms they are left out of the CSRF middleware and
check the token themselves before the file (`documents.pages.checked_source`), then stream the file on."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Final
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get, post
from litestar.di import Provide
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from dialogue.bodies import service as bodies_service
from dialogue.budgets import exports, rules, service
from dialogue.budgets.controllers import STATEMENT_MAX_BYTES
from dialogue.budgets.schemas import (
    ApprovalCreate,
    BudgetCreate,
    BudgetReport,
    ReconciliationRead,
    TransactionCreate,
    TransferCreate,
)
from dialogue.core.clock import local_today
from dialogue.core.errors import DomainError, Forbidden, InvalidInput, NotFound, PayloadTooLarge
from dialogue.core.svg import bar_chart
from dialogue.documents.pages import checked_source
from dialogue.documents.uploads import StreamedSource
from dialogue.pages.controllers import render
from dialogue.pages.fields import readable
from dialogue.pages.forms import (
    FormState,
    Refused,
    Visit,
    checked,
    page_visit,
    post_form,
    read_form,
    refused_state,
    see_other,
    text_or_none,
    validate,
)
from dialogue.pages.registry import BodyTab
from dialogue.web.deps import AppSettings, provide_settings
from dialogue.web.problems import status_for

DONE: Final = {
    "operation": "L'opération a été enregistrée avec sa pièce justificative.",
    "signature": "Votre signature des comptes est enregistrée.",
    "declaration": "La déclaration de l'exercice est enregistrée avec le document de l'employeur.",
    "transfert": "Le transfert entre les deux budgets est enregistré.",
    "approbation": "L'approbation des comptes est enregistrée.",
}
FIELD_LABELS: Final = {
    "budget": "Budget",
    "on": "Date",
    "amount": "Montant",
    "label": "Libellé",
    "category": "Catégorie",
    "file": "Pièce justificative",
    "year": "Exercice",
    "payroll_mass": "Masse salariale brute",
    "headcount": "Effectif retenu",
    "asc_contribution": "Contribution ASC",
    "asc_by_agreement": "Contribution fixée par accord d'entreprise",
    "asc_agreement_reference": "Référence de l'accord",
    "cse_employees": "Salariés du CSE",
    "balance_sheet": "Total du bilan",
    "expert_fees_paid_on": "Expertise payée par l'employeur le",
    "payroll_file": "Déclaration de l'employeur",
    "from_budget": "Budget d'origine",
    "transfer_on": "Date du transfert",
    "transfer_amount": "Montant transféré",
    "transfer_label": "Libellé du transfert",
    "vote_id": "Délibération des élus",
    "statement": "Relevé bancaire (CSV)",
    "meeting_id": "Réunion d'approbation",
    "approved_on": "Approuvés le",
    "approval_vote_id": "Vote d'approbation",
}
#: The declaration's fields a « Calculer » carries to the page (by GET: the page's own CSRF token stays valid).
PREVIEW_FIELDS: Final = frozenset(
    {"year", "payroll_mass", "headcount", "asc_contribution", "asc_by_agreement", "cse_employees"}
)
MISSING_PAYROLL: Final = "Joignez la déclaration de l'employeur (PDF, PNG ou JPEG)."
#: A refusal's code → the field it is shown next to.
CODE_FIELDS: Final = {
    "asc_below_previous_ratio": "asc_contribution",
    "budget_exists": "year",
    "transfer_over_cap": "transfer_amount",
    "transfer_frozen_after_expertise": "from_budget",
}
#: The API's names of the transfer and approval forms → the pages' (one page holds several forms).
TRANSFER_NAMES: Final = {"on": "transfer_on", "amount": "transfer_amount", "label": "transfer_label"}
APPROVAL_NAMES: Final = {"vote_id": "approval_vote_id"}


def budgets_tab(body_id: int, body_kind: str) -> list[BodyTab]:
    if body_kind not in service.BUDGET_BODY_KINDS:
        return []
    return [BodyTab(label="Budgets", url=f"/instances/{body_id}/budgets")]


def consumption_chart(report: BudgetReport) -> str:
    """Budget consumed per category (spent / planned, %), the 100 % line as the target; amounts in the table."""
    bars: list[tuple[str, float | None]] = []
    for line in report.categories:
        short = "AEP" if line.budget == "operating" else "ASC"
        share = None if line.planned <= 0 else float(line.spent / line.planned * 100)
        bars.append((f"{line.label} ({short})", share))
    return bar_chart(bars, title="Budget consommé par catégorie", unit="%", target=100)


def _euros(value: Decimal | None) -> str:
    return "—" if value is None else rules.format_euros(value)


def amount_text(value: str | None) -> str:
    """An amount as typed in French, « 1 234,56 € » or « 1234,56 », for the API's decimal string: spaces (and the
    no-break ones) and the euro sign dropped, the comma read as the decimal point by the schema."""
    text = (value or "").strip()
    for mark in (" ", "\u00a0", "\u202f", "€"):
        text = text.replace(mark, "")
    return text


def _decimal_or_none(value: str | None) -> Decimal | None:
    text = amount_text(value).replace(",", ".")
    try:
        found = Decimal(text)
    except ArithmeticError:
        return None
    return found if found.is_finite() and found >= 0 else None


def _int_or_none(value: str | None) -> int | None:
    text = (value or "").strip()
    return int(text) if text.isdigit() and len(text) < 8 else None


def _renamed(errors: dict[str, str], names: dict[str, str]) -> dict[str, str]:
    return {names.get(k, k): v for k, v in errors.items()}


def refusal(posted: dict[str, str], exc: DomainError, names: dict[str, str] | None = None) -> FormState:
    """The form again: the service's message on top, its field (or the field its code names) next to the input."""
    state = refused_state(posted, exc)
    errors = _renamed(state.errors, names or {})
    field = CODE_FIELDS.get(exc.code)
    if field is not None and field not in errors:
        errors[field] = readable(exc.detail)
    return FormState(values=state.values, errors=errors, message=state.message)


def _declaration_payload(posted: dict[str, str]) -> dict[str, Any]:
    return {
        "year": posted.get("year", ""),
        "payroll_mass": amount_text(posted.get("payroll_mass")),
        "headcount": text_or_none(posted.get("headcount")),
        "asc_contribution": amount_text(posted.get("asc_contribution")),
        "asc_by_agreement": checked(posted.get("asc_by_agreement")),
        "asc_agreement_reference": text_or_none(posted.get("asc_agreement_reference")),
        "cse_employees": text_or_none(posted.get("cse_employees")) or 0,
        "balance_sheet": text_or_none(amount_text(posted.get("balance_sheet"))),
        "expert_fees_paid_on": text_or_none(posted.get("expert_fees_paid_on")),
    }


async def _read_statement(source: StreamedSource) -> bytes:
    data = bytearray()
    async for chunk in source.chunks():
        data += chunk
        if len(data) > STATEMENT_MAX_BYTES:
            raise PayloadTooLarge("Relevé bancaire trop volumineux (1 Mo au plus).")
    return bytes(data)


class BudgetPagesController(Controller):
    include_in_schema = False
    dependencies = {"settings": Provide(provide_settings)}

    @get("/instances/{body_id:int}/budgets")
    async def list_years(
        self, request: Request[Any, Any, Any], body_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        """The years; for the treasurer and the secretary the declaration's form, filled in with the figures of a
        « Calculer » (query string) to show the grant and the ASC floor before sending."""
        visit = await page_visit(request)
        typed = {k: str(v)[:40] for k, v in request.query_params.items() if k in PREVIEW_FIELDS}
        return await self._years(visit, body_id, FormState(values=typed), 200, done=DONE.get(fait or ""))

    async def _years(
        self, visit: Visit, body_id: int, form: FormState, status_code: int, *, done: str | None = None
    ) -> Template:
        body = await bodies_service.get_body(actor=visit.actor, body_id=body_id)
        budgets = await service.list_budgets(actor=visit.actor, body_id=body_id)
        declarer = await service.may_declare(actor=visit.actor, body_id=body_id)
        preview = None
        if declarer:
            year = _int_or_none(form.value("year"))
            if year is None or not 2000 <= year <= 2100:
                recorded = {b.year for b in budgets.items}
                year = local_today().year + (1 if local_today().year in recorded else 0)
            preview = await service.declaration_preview(
                actor=visit.actor,
                body_id=body_id,
                year=year,
                payroll_mass=_decimal_or_none(form.value("payroll_mass")),
                by_agreement=checked(form.value("asc_by_agreement") or None),
                headcount=_int_or_none(form.value("headcount")),
            )
            if not form.value("year"):
                form.values["year"] = str(year)
        return render(
            visit.request,
            "budgets/list.html.j2",
            visit.env,
            status_code=status_code,
            body=body,
            budgets=budgets.items,
            euros=_euros,
            declarer=declarer,
            preview=preview,
            form=form,
            labels=FIELD_LABELS,
            done=done,
            max_mb=visit.request.app.state.settings.max_upload_mb,
        )

    @post("/instances/{body_id:int}/budgets/declaration", request_max_body_size=None, exclude_from_csrf=True)
    async def declare(
        self, request: Request[Any, Any, Any], settings: AppSettings, body_id: FromPath[int]
    ) -> Response[Any]:
        """The year's declaration with the employer's document (its fields come before the file in the form). The
        « Calculer » button, before the file, shows the grant and the ASC floor of the figures typed, nothing
        stored."""
        visit = await page_visit(request)
        try:
            source = await checked_source(request)
        except InvalidInput:  # no file part at all (a browser sends an empty one)
            return await self._years(visit, body_id, FormState(errors={"payroll_file": MISSING_PAYROLL}), 422)
        posted = {k: v for k, v in source.early_fields.items() if k not in {"_csrf_token", "apercu"}}
        if "apercu" in source.early_fields:
            if not await service.may_declare(actor=visit.actor, body_id=body_id):
                raise Forbidden(service.WRITE_MESSAGE)
            shown = {k: v for k, v in posted.items() if k in PREVIEW_FIELDS and v}
            return see_other(f"/instances/{body_id}/budgets?{urlencode(shown)}#declaration-preview")
        parsed = validate(BudgetCreate, _declaration_payload(posted))
        errors = parsed if isinstance(parsed, dict) else {}
        if not source.filename:
            errors["payroll_file"] = MISSING_PAYROLL
        if errors or isinstance(parsed, dict):
            return await self._years(visit, body_id, FormState(values=posted, errors=errors), 422)
        try:
            budget = await service.declare_with_document(
                actor=visit.actor, body_id=body_id, data=parsed, source=source, max_upload_mb=settings.max_upload_mb
            )
        except (Forbidden, NotFound):
            raise
        except DomainError as exc:
            state = refusal(posted, exc, {"file": "payroll_file"})
            return await self._years(visit, body_id, state, status_for(exc))
        return see_other(f"/budgets/{budget.id}?fait=declaration")

    @get("/budgets/{budget_id:int}")
    async def ledger(
        self,
        request: Request[Any, Any, Any],
        budget_id: FromPath[int],
        fait: FromQuery[str | None] = None,
        on: FromQuery[str | None] = None,
        amount: FromQuery[str | None] = None,
        label: FromQuery[str | None] = None,
    ) -> Template:
        """The ledger; `on`, `amount` and `label` fill the expense form in (from an unmatched bank line)."""
        visit = await page_visit(request)
        prefill: dict[str, str] = {}
        if on and amount and label:
            signed = _signed(amount)
            prefill = {
                "on": on[:10],
                "amount": signed.lstrip("-"),
                "kind": "expense" if signed.startswith("-") else "receipt",
                "label": label[:300],
            }
        return await self._ledger(visit, budget_id, FormState(values=prefill), 200, done=DONE.get(fait or ""))

    async def _ledger(
        self,
        visit: Visit,
        budget_id: int,
        form: FormState,
        status_code: int,
        *,
        done: str | None = None,
        failed: str = "operation",
        reconciliation: ReconciliationRead | None = None,
    ) -> Template:
        report = await service.report(actor=visit.actor, budget_id=budget_id)
        page = await service.list_transactions(actor=visit.actor, budget_id=budget_id, ledger=None, limit=500, offset=0)
        body = await bodies_service.get_body(actor=visit.actor, body_id=report.budget.body_id)
        desk = await service.desk(actor=visit.actor, budget_id=budget_id)
        settings = visit.request.app.state.settings
        blank = FormState()
        return render(
            visit.request,
            "budgets/ledger.html.j2",
            visit.env,
            status_code=status_code,
            body=body,
            report=report,
            lines={ledger.value: [t for t in page.items if t.budget == ledger.value] for ledger in rules.Ledger},
            ledger_labels={k.value: v for k, v in rules.LEDGER_LABELS.items()},
            categories={
                k.value: [(c, label) for c, label in v.items() if c != rules.TRANSFER_CATEGORY]
                for k, v in rules.CATEGORIES.items()
            },
            chart_svg=consumption_chart(report),
            euros=_euros,
            form=form if failed == "operation" else blank,
            transfer_form=form if failed == "transfer" else blank,
            statement_form=form if failed == "statement" else blank,
            labels=FIELD_LABELS,
            writer=desk.writer,
            desk=desk,
            done=done,
            max_mb=settings.max_upload_mb,
            reconciliation=reconciliation,
            today=max(date(report.budget.year, 1, 1), min(local_today(), date(report.budget.year, 12, 31))).isoformat(),
        )

    @post("/budgets/{budget_id:int}/operations", request_max_body_size=None, exclude_from_csrf=True)
    async def record(
        self, request: Request[Any, Any, Any], settings: AppSettings, budget_id: FromPath[int]
    ) -> Response[Any]:
        """The expense (or receipt) with its receipt document: the fields come before the file in the form."""
        visit = await page_visit(request)
        source = await checked_source(request)
        posted = {k: v for k, v in source.early_fields.items() if k != "_csrf_token"}
        parsed = validate(
            TransactionCreate,
            {
                "budget": posted.get("budget", ""),
                "on": posted.get("on", ""),
                "amount": amount_text(posted.get("amount")),
                "kind": posted.get("kind") or "expense",
                "label": posted.get("label", ""),
                "category": posted.get("category") or "autre",
            },
        )
        if isinstance(parsed, dict):
            return await self._ledger(visit, budget_id, FormState(values=posted, errors=parsed), 422)
        try:
            await service.record_with_receipt(
                actor=visit.actor,
                budget_id=budget_id,
                data=parsed,
                source=source,
                max_upload_mb=settings.max_upload_mb,
            )
        except (Forbidden, NotFound):
            raise
        except DomainError as exc:
            errors = {str(e["field"]): str(e["message"]) for e in getattr(exc, "errors", [])}
            state = FormState(values=posted, errors=errors, message=exc.detail)
            return await self._ledger(visit, budget_id, state, status_for(exc))
        return see_other(f"/budgets/{budget_id}?fait=operation#operations")

    @post("/budgets/{budget_id:int}/transferts")
    async def transfer(self, request: Request[Any, Any, Any], budget_id: FromPath[int]) -> Response[Any]:
        """Part of one budget's surplus to the other, within the cap (R2315-31-1, L2312-84) and outside the freeze
        after an expertise paid by the employer (L2315-61); a refusal is shown next to its field."""
        visit = await page_visit(request)
        posted = await read_form(request)
        payload = {
            "from_budget": posted.get("from_budget", ""),
            "on": posted.get("transfer_on", ""),
            "amount": amount_text(posted.get("transfer_amount")),
            "label": (posted.get("transfer_label") or "").strip() or "Transfert d'excédent",
            "vote_id": text_or_none(posted.get("vote_id")),
        }

        async def again(refused: Refused) -> Response[Any]:
            return await self._ledger(visit, budget_id, refused.state, refused.status, failed="transfer")

        return await post_form(
            TransferCreate,
            payload,
            lambda data: service.transfer(actor=visit.actor, budget_id=budget_id, data=data),
            posted=posted,
            again=again,
            then=f"/budgets/{budget_id}?fait=transfert#operations",
            invalid=lambda errors: _renamed(errors, TRANSFER_NAMES),
            refused=lambda values, exc: refusal(dict(values), exc, TRANSFER_NAMES),
        )

    @post("/budgets/{budget_id:int}/releve", request_max_body_size=None, exclude_from_csrf=True)
    async def import_statement(self, request: Request[Any, Any, Any], budget_id: FromPath[int]) -> Response[Any]:
        """A bank statement (CSV) matched against the ledgers; the result is this answer (the unmatched bank lines
        are not stored), each unmatched line with the form to record it. A bad file: its line named, nothing
        stored."""
        visit = await page_visit(request)
        source = await checked_source(request)
        try:
            if not source.filename:
                missing = [{"field": "statement", "message": "fichier CSV attendu"}]
                raise InvalidInput("Choisissez le relevé à importer.", errors=missing)
            result = await service.reconcile(
                actor=visit.actor, budget_id=budget_id, statement=await _read_statement(source)
            )
        except (Forbidden, NotFound):
            raise
        except DomainError as exc:
            state = refusal({}, exc)
            errors: dict[str, str] = {}
            for field, message in state.errors.items():
                line = field.removeprefix("file.line.")
                errors["statement" if field.startswith("file") else field] = (
                    f"Ligne {line} : {message}" if line.isdigit() else message
                )
            state = FormState(errors=errors, message=state.message)
            return await self._ledger(visit, budget_id, state, status_for(exc), failed="statement")
        return await self._ledger(visit, budget_id, FormState(), 200, reconciliation=result)

    @get("/budgets/{budget_id:int}/comptes")
    async def accounts(
        self, request: Request[Any, Any, Any], budget_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        visit = await page_visit(request)
        return await self._accounts(visit, budget_id, FormState(), 200, done=DONE.get(fait or ""))

    async def _accounts(
        self,
        visit: Visit,
        budget_id: int,
        form: FormState,
        status_code: int,
        *,
        done: str | None = None,
        sign_refusal: str | None = None,
    ) -> Template:
        report = await service.report(actor=visit.actor, budget_id=budget_id)
        body = await bodies_service.get_body(actor=visit.actor, body_id=report.budget.body_id)
        desk = await service.desk(actor=visit.actor, budget_id=budget_id)
        budget = report.budget
        closed = local_today() > date(budget.year, 12, 31)
        approval_blocked = None
        if budget.approved_on is not None:
            approval_blocked = "Les comptes de cet exercice sont déjà approuvés."
        elif not closed:
            approval_blocked = "Les comptes s'approuvent après la clôture de l'exercice (le 31 décembre)."
        elif not desk.meetings:
            approval_blocked = "Aucune réunion de ce CSE n'a encore eu lieu : l'approbation se fait en réunion."
        signed_at = None if desk.signer is None else getattr(budget, f"{desk.signer}_signed_at")
        sign_blocked = None
        if not closed:
            sign_blocked = "Les comptes se signent après la clôture de l'exercice (le 31 décembre)."
        elif signed_at is not None:
            sign_blocked = "Vous avez déjà signé ces comptes."
        signed = await service.signers(budget_id=budget_id)
        return render(
            visit.request,
            "budgets/accounts.html.j2",
            visit.env,
            status_code=status_code,
            body=body,
            report=report,
            euros=_euros,
            writer=desk.writer,
            desk=desk,
            signed=signed,
            done=done,
            form=form,
            labels=FIELD_LABELS,
            approval_blocked=approval_blocked,
            sign_blocked=sign_blocked,
            sign_refusal=sign_refusal,
            meetings={m[0]: m for m in desk.meetings},
            today=local_today().isoformat(),
        )

    @post("/budgets/{budget_id:int}/approbation")
    async def approve(self, request: Request[Any, Any, Any], budget_id: FromPath[int]) -> Response[Any]:
        """The élus' approval at a plenary meeting (L2315-68), with its vote when recorded."""
        visit = await page_visit(request)
        posted = await read_form(request)
        payload = {
            "meeting_id": posted.get("meeting_id", ""),
            "approved_on": posted.get("approved_on", ""),
            "vote_id": text_or_none(posted.get("approval_vote_id")),
        }

        async def again(refused: Refused) -> Response[Any]:
            return await self._accounts(visit, budget_id, refused.state, refused.status)

        return await post_form(
            ApprovalCreate,
            payload,
            lambda data: service.approve(actor=visit.actor, budget_id=budget_id, data=data),
            posted=posted,
            again=again,
            then=f"/budgets/{budget_id}/comptes?fait=approbation",
            invalid=lambda errors: _renamed(errors, APPROVAL_NAMES),
            refused=lambda values, exc: refusal(dict(values), exc, APPROVAL_NAMES),
        )

    @post("/budgets/{budget_id:int}/signature")
    async def sign(self, request: Request[Any, Any, Any], budget_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        try:
            await service.sign_off(actor=visit.actor, budget_id=budget_id)
        except (Forbidden, NotFound):
            raise
        except DomainError as exc:
            return await self._accounts(visit, budget_id, FormState(), status_for(exc), sign_refusal=exc.detail)
        return see_other(f"/budgets/{budget_id}/comptes?fait=signature")

    @get("/budgets/{budget_id:int}/comptes.pdf")
    async def accounts_pdf(self, request: Request[Any, Any, Any], budget_id: FromPath[int]) -> Response[bytes]:
        visit = await page_visit(request)
        pdf, filename = await exports.accounts_pdf(actor=visit.actor, budget_id=budget_id)
        return Response(
            pdf, media_type="application/pdf", headers={"Content-Disposition": f'attachment; filename="{filename}"'}
        )


def _signed(amount: str) -> str:
    text = amount_text(amount)
    return text if _decimal_or_none(text.lstrip("-")) is not None else ""
