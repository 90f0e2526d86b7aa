"""HTTP endpoints of the règlement intérieur of a body (L2315-24)."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody

from dialogue.reglement import service
from dialogue.reglement.schemas import ReglementCreate, ReglementState
from dialogue.web.deps import CurrentActor


class ReglementController(Controller):
    tags = ["instances"]

    @get("/bodies/{body_id:int}/reglement-interieur", summary="Règlement intérieur en vigueur et historique")
    async def get_reglement(self, actor: CurrentActor, body_id: FromPath[int]) -> ReglementState:
        return await service.get_reglement(actor=actor, body_id=body_id)

    @post("/bodies/{body_id:int}/reglement-interieur", summary="Enregistrer l'adoption d'une version (L2315-24)")
    async def adopt_reglement(
        self, actor: CurrentActor, body_id: FromPath[int], data: JSONBody[ReglementCreate]
    ) -> ReglementState:
        return await service.adopt_reglement(actor=actor, body_id=body_id, data=data)
