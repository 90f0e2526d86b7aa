"""The budget pages (French): a CSE's years, the treasurer's ledger with running balances, the budget consumed
per category as an SVG chart (as the indicators draw theirs), the form recording an expense with its receipt, and
the year's accounts with the sign-off and the PDF. Same service as the API, hence the same rules.

The expense form is multipart: like the documents' upload forms it is left out of the CSRF middleware and checks
the token itself before the file (`documents.pages.checked_source`), then streams the receipt to the store."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

from litestar import Controller, Request, Response, get, post
from litestar.di import Provide
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from dialogue.bodies import service as bodies_service
from dialogue.budgets import exports, rules, service
from dialogue.budgets.schemas import BudgetReport, TransactionCreate
from dialogue.core.errors import DomainError, Forbidden, NotFound
from dialogue.core.svg import bar_chart
from dialogue.documents.pages import checked_source
from dialogue.pages.controllers import render
from dialogue.pages.forms import FormState, Visit, page_visit, see_other, validate
from dialogue.pages.registry import BodyTab
from dialogue.web.deps import AppSettings, provide_settings
from dialogue.web.problems import status_for

DONE: Final = {
    "operation": "L'opération a été enregistrée avec sa pièce justificative.",
    "signature": "Votre signature des comptes est enregistrée.",
}
FIELD_LABELS: Final = {
    "budget": "Budget",
    "on": "Date",
    "amount": "Montant",
    "label": "Libellé",
    "category": "Catégorie",
    "file": "Pièce justificative",
}


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


class BudgetPagesController(Controller):
    include_in_schema = False
    dependencies = {"settings": Provide(provide_settings)}

    @get("/instances/{body_id:int}/budgets")
    async def list_years(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Template:
        visit = await page_visit(request)
        body = await bodies_service.get_body(actor=visit.actor, body_id=body_id)
        budgets = await service.list_budgets(actor=visit.actor, body_id=body_id)
        return render(request, "budgets/list.html.j2", visit.env, body=body, budgets=budgets.items, euros=_euros)

    @get("/budgets/{budget_id:int}")
    async def ledger(
        self, request: Request[Any, Any, Any], budget_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        visit = await page_visit(request)
        return await self._ledger(visit, budget_id, FormState(), 200, done=DONE.get(fait or ""))

    async def _ledger(
        self, visit: Visit, budget_id: int, form: FormState, status_code: int, *, done: str | None = None
    ) -> Template:
        report = await service.report(actor=visit.actor, budget_id=budget_id)
        page = await service.list_transactions(actor=visit.actor, budget_id=budget_id, ledger=None, limit=500, offset=0)
        body = await bodies_service.get_body(actor=visit.actor, body_id=report.budget.body_id)
        writer = await service.writes(actor=visit.actor, budget_id=budget_id)
        settings = visit.request.app.state.settings
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
            form=form,
            labels=FIELD_LABELS,
            writer=writer,
            done=done,
            max_mb=settings.max_upload_mb,
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
                "amount": posted.get("amount", ""),
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

    @get("/budgets/{budget_id:int}/comptes")
    async def accounts(
        self, request: Request[Any, Any, Any], budget_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        visit = await page_visit(request)
        report = await service.report(actor=visit.actor, budget_id=budget_id)
        body = await bodies_service.get_body(actor=visit.actor, body_id=report.budget.body_id)
        return render(
            request,
            "budgets/accounts.html.j2",
            visit.env,
            body=body,
            report=report,
            euros=_euros,
            writer=await service.writes(actor=visit.actor, budget_id=budget_id),
            signed=await service.signers(budget_id=budget_id),
            done=DONE.get(fait or ""),
        )

    @post("/budgets/{budget_id:int}/signature")
    async def sign(self, request: Request[Any, Any, Any], budget_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        await service.sign_off(actor=visit.actor, budget_id=budget_id)
        return see_other(f"/budgets/{budget_id}/comptes?fait=signature")

    @get("/budgets/{budget_id:int}/comptes.pdf")
    async def accounts_pdf(self, request: Request[Any, Any, Any], budget_id: FromPath[int]) -> Response[bytes]:
        visit = await page_visit(request)
        pdf, filename = await exports.accounts_pdf(actor=visit.actor, budget_id=budget_id)
        return Response(
            pdf, media_type="application/pdf", headers={"Content-Disposition": f'attachment; filename="{filename}"'}
        )
