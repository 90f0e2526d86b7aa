"""HTTP endpoints of the CSE budgets (CONTRACT.md "Additions": paths fixed)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, JSONBody, QueryParameter

from dialogue.budgets import exports, service
from dialogue.budgets.schemas import (
    ApprovalCreate,
    BudgetCreate,
    BudgetRead,
    BudgetReport,
    ForecastSet,
    LedgerName,
    ReconciliationRead,
    TransactionCreate,
    TransactionRead,
    TransferCreate,
    TransferRead,
)
from dialogue.core.errors import InvalidInput, PayloadTooLarge
from dialogue.core.schemas import Page
from dialogue.documents.uploads import StreamedSource
from dialogue.web.deps import AppSettings, CurrentActor
from dialogue.web.pagination import LimitParam, OffsetParam

#: A bank statement of a year fits well under this.
STATEMENT_MAX_BYTES = 1024 * 1024


async def read_statement(request: Request[Any, Any, Any]) -> bytes:
    """The CSV, sent as the body (`text/csv`) or as the `file` of a multipart form; 413 past 1 Mo."""
    content_type = request.headers.get("content-type", "")
    data = bytearray()
    if content_type.startswith("multipart/form-data"):
        source = await StreamedSource(request).start()
        async for chunk in source.chunks():
            data += chunk
            if len(data) > STATEMENT_MAX_BYTES:
                raise PayloadTooLarge("Relevé bancaire trop volumineux (1 Mo au plus).")
        return bytes(data)
    if not content_type.startswith(("text/csv", "text/plain", "application/csv")):
        raise InvalidInput(
            "Envoyez le relevé en CSV (text/csv) ou dans le champ `file` d'un formulaire multipart.",
            errors=[{"field": "file", "message": "CSV attendu"}],
        )
    async for chunk in request.stream():
        data += chunk
        if len(data) > STATEMENT_MAX_BYTES:
            raise PayloadTooLarge("Relevé bancaire trop volumineux (1 Mo au plus).")
    return bytes(data)


class BudgetController(Controller):
    tags = ["budgets du CSE"]

    @get("/bodies/{body_id:int}/budgets", summary="Budgets du CSE, par exercice")
    async def list_budgets(self, actor: CurrentActor, body_id: FromPath[int]) -> Page[BudgetRead]:
        return await service.list_budgets(actor=actor, body_id=body_id)

    @post(
        "/bodies/{body_id:int}/budgets",
        summary="Déclarer la masse salariale : subvention calculée (L2315-61), contribution ASC (L2312-81)",
    )
    async def create_budget(
        self, actor: CurrentActor, body_id: FromPath[int], data: JSONBody[BudgetCreate]
    ) -> BudgetRead:
        return await service.create_budget(actor=actor, body_id=body_id, data=data)

    @get("/budgets/{budget_id:int}", summary="Un exercice : montants et leur base")
    async def get_budget(self, actor: CurrentActor, budget_id: FromPath[int]) -> BudgetRead:
        return await service.get_budget(actor=actor, budget_id=budget_id)

    @post("/budgets/{budget_id:int}/transactions", summary="Enregistrer une recette ou une dépense d'un budget")
    async def record_transaction(
        self, actor: CurrentActor, budget_id: FromPath[int], data: JSONBody[TransactionCreate]
    ) -> TransactionRead:
        return await service.record_transaction(actor=actor, budget_id=budget_id, data=data)

    @get("/budgets/{budget_id:int}/transactions", summary="Opérations, avec le solde courant de chaque budget")
    async def list_transactions(
        self,
        actor: CurrentActor,
        budget_id: FromPath[int],
        limit: LimitParam = 100,
        offset: OffsetParam = 0,
        budget: Annotated[LedgerName | None, QueryParameter(description="operating ou asc")] = None,
    ) -> Page[TransactionRead]:
        return await service.list_transactions(
            actor=actor, budget_id=budget_id, ledger=budget, limit=limit, offset=offset
        )

    @post(
        "/budget-transactions/{transaction_id:int}/receipt",
        summary="Joindre la pièce justificative d'une opération (multipart : `file`)",
        request_max_body_size=None,
    )
    async def attach_receipt(
        self,
        actor: CurrentActor,
        settings: AppSettings,
        transaction_id: FromPath[int],
        request: Request[Any, Any, Any],
    ) -> TransactionRead:
        source = await StreamedSource(request).start()
        return await service.attach_receipt(
            actor=actor, transaction_id=transaction_id, source=source, max_upload_mb=settings.max_upload_mb
        )

    @post(
        "/budgets/{budget_id:int}/transfers",
        summary="Transférer une part de l'excédent d'un budget à l'autre (10 % au plus : R2315-31-1, L2312-84)",
    )
    async def transfer(
        self, actor: CurrentActor, budget_id: FromPath[int], data: JSONBody[TransferCreate]
    ) -> TransferRead:
        return await service.transfer(actor=actor, budget_id=budget_id, data=data)

    @post("/budgets/{budget_id:int}/forecast", summary="Budget prévisionnel par catégorie (remplace le précédent)")
    async def set_forecast(
        self, actor: CurrentActor, budget_id: FromPath[int], data: JSONBody[ForecastSet]
    ) -> BudgetReport:
        return await service.set_forecast(actor=actor, budget_id=budget_id, data=data)

    @post(
        "/budgets/{budget_id:int}/bank-statements",
        summary="Rapprochement bancaire : importer un relevé CSV (date ; libellé ; montant)",
        request_max_body_size=None,
        status_code=200,
    )
    async def reconcile(
        self, actor: CurrentActor, budget_id: FromPath[int], request: Request[Any, Any, Any]
    ) -> ReconciliationRead:
        return await service.reconcile(actor=actor, budget_id=budget_id, statement=await read_statement(request))

    @get("/budgets/{budget_id:int}/report", summary="Bilan de l'exercice : budgets, catégories, forme des comptes")
    async def report(self, actor: CurrentActor, budget_id: FromPath[int]) -> BudgetReport:
        return await service.report(actor=actor, budget_id=budget_id)

    @get(
        "/budgets/{budget_id:int}/accounts.pdf",
        summary="Comptes de l'exercice en PDF (L2315-64 à L2315-69)",
        media_type="application/pdf",
    )
    async def accounts_pdf(self, actor: CurrentActor, budget_id: FromPath[int]) -> Response[bytes]:
        pdf, filename = await exports.accounts_pdf(actor=actor, budget_id=budget_id)
        return Response(
            pdf, media_type="application/pdf", headers={"Content-Disposition": f'attachment; filename="{filename}"'}
        )

    @post(
        "/budgets/{budget_id:int}/approval",
        summary="Approbation des comptes par les élus en réunion plénière (L2315-68)",
        status_code=200,
    )
    async def approve(
        self, actor: CurrentActor, budget_id: FromPath[int], data: JSONBody[ApprovalCreate]
    ) -> BudgetRead:
        return await service.approve(actor=actor, budget_id=budget_id, data=data)

    @post("/budgets/{budget_id:int}/sign-off", summary="Signature des comptes (trésorier, secrétaire)", status_code=200)
    async def sign_off(self, actor: CurrentActor, budget_id: FromPath[int]) -> BudgetRead:
        return await service.sign_off(actor=actor, budget_id=budget_id)
