"""HTTP endpoints for registers. Entries and responses have no PATCH, PUT or DELETE: the register is
append-only, so those methods answer 405 (corrections are addenda: `corrects` on a new entry)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, MediaType, Response, get, post
from litestar.params import FromPath, JSONBody, QueryParameter

from dialogue.core.schemas import Page
from dialogue.registers import service
from dialogue.registers.schemas import (
    CloseCreate,
    DgiStepCreate,
    EntryCreate,
    EntryRead,
    EntryStateRead,
    RegisterCreate,
    RegisterRead,
    ResponseCreate,
    VerifyRead,
)
from dialogue.web.deps import AppChainKey, CurrentActor
from dialogue.web.pagination import LimitParam, OffsetParam

NumberParam = Annotated[
    int | None, QueryParameter(ge=1, le=2**31 - 1, description="Numéro d'entrée d'une empreinte conservée")
]
HashParam = Annotated[
    str | None, QueryParameter(pattern=r"^[0-9a-fA-F]{64}$", description="Hash SHA-256 de l'empreinte conservée")
]


def _download(export: service.RegisterExport, media_type: str, *, inline: bool = False) -> Response[bytes]:
    disposition = "inline" if inline else "attachment"
    return Response(
        content=export.content,
        media_type=media_type,
        headers={"Content-Disposition": f'{disposition}; filename="{export.filename}"'},
    )


class RegisterController(Controller):
    tags = ["registres"]

    @get("/bodies/{body_id:int}/registers")
    async def list_registers(
        self, actor: CurrentActor, body_id: FromPath[int], limit: LimitParam = 50, offset: OffsetParam = 0
    ) -> Page[RegisterRead]:
        items, total = await service.list_registers(actor=actor, body_id=body_id, limit=limit, offset=offset)
        return Page(items=items, total=total, limit=limit, offset=offset)

    @post("/bodies/{body_id:int}/registers")
    async def create_register(
        self, actor: CurrentActor, chain_key: AppChainKey, body_id: FromPath[int], data: JSONBody[RegisterCreate]
    ) -> RegisterRead:
        return await service.create_register(actor=actor, body_id=body_id, data=data, chain_key=chain_key)

    @get("/registers/{register_id:int}")
    async def get_register(self, actor: CurrentActor, register_id: FromPath[int]) -> RegisterRead:
        return await service.get_register(actor=actor, register_id=register_id)

    @get("/registers/{register_id:int}/entries")
    async def list_entries(
        self, actor: CurrentActor, register_id: FromPath[int], limit: LimitParam = 50, offset: OffsetParam = 0
    ) -> Page[EntryRead]:
        items, total = await service.list_entries(actor=actor, register_id=register_id, limit=limit, offset=offset)
        return Page(items=items, total=total, limit=limit, offset=offset)

    @post("/registers/{register_id:int}/entries")
    async def submit_entry(
        self, actor: CurrentActor, chain_key: AppChainKey, register_id: FromPath[int], data: JSONBody[EntryCreate]
    ) -> EntryRead:
        return await service.submit_entry(actor=actor, register_id=register_id, data=data, chain_key=chain_key)

    @get("/registers/{register_id:int}/verify")
    async def verify_register(
        self,
        actor: CurrentActor,
        chain_key: AppChainKey,
        register_id: FromPath[int],
        number: NumberParam = None,
        hash: HashParam = None,
    ) -> VerifyRead:
        return await service.verify_register(
            actor=actor, register_id=register_id, chain_key=chain_key, number=number, hash=hash
        )

    @get("/registers/{register_id:int}/export.csv", media_type="text/csv")
    async def export_csv(
        self, actor: CurrentActor, chain_key: AppChainKey, register_id: FromPath[int]
    ) -> Response[bytes]:
        return _download(
            await service.export_csv(actor=actor, register_id=register_id, chain_key=chain_key), "text/csv"
        )

    @get("/registers/{register_id:int}/export.html", media_type=MediaType.HTML)
    async def export_html(
        self, actor: CurrentActor, chain_key: AppChainKey, register_id: FromPath[int]
    ) -> Response[bytes]:
        export = await service.export_html(actor=actor, register_id=register_id, chain_key=chain_key)
        return _download(export, MediaType.HTML, inline=True)

    @get("/registers/{register_id:int}/export.pdf", media_type="application/pdf")
    async def export_pdf(
        self, actor: CurrentActor, chain_key: AppChainKey, register_id: FromPath[int]
    ) -> Response[bytes]:
        return _download(
            await service.export_pdf(actor=actor, register_id=register_id, chain_key=chain_key), "application/pdf"
        )


class EntryController(Controller):
    tags = ["registres"]

    @get("/entries/{entry_id:int}")
    async def get_entry(self, actor: CurrentActor, entry_id: FromPath[int]) -> EntryRead:
        return await service.get_entry(actor=actor, entry_id=entry_id)

    @post("/entries/{entry_id:int}/responses")
    async def post_response(
        self, actor: CurrentActor, chain_key: AppChainKey, entry_id: FromPath[int], data: JSONBody[ResponseCreate]
    ) -> EntryStateRead:
        return await service.post_response(actor=actor, entry_id=entry_id, data=data, chain_key=chain_key)

    @post("/entries/{entry_id:int}/dgi-transitions", status_code=200)
    async def record_dgi_step(
        self, actor: CurrentActor, chain_key: AppChainKey, entry_id: FromPath[int], data: JSONBody[DgiStepCreate]
    ) -> EntryStateRead:
        return await service.record_dgi_step(actor=actor, entry_id=entry_id, data=data, chain_key=chain_key)

    @post("/entries/{entry_id:int}/close", status_code=200)
    async def close_entry(
        self, actor: CurrentActor, chain_key: AppChainKey, entry_id: FromPath[int], data: JSONBody[CloseCreate]
    ) -> EntryStateRead:
        return await service.close_entry(actor=actor, entry_id=entry_id, data=data, chain_key=chain_key)
