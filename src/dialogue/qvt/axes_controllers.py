"""HTTP endpoints of a QVT plan by axes: axes and transversal themes, binômes, working group composition, a
proposal's axis and themes. The recommendations ticked at adoption travel with `POST …/adopt` (`checklist`)."""

from __future__ import annotations

from litestar import Controller, get, patch, post, put
from litestar.params import FromPath, JSONBody

from dialogue.core.schemas import Page
from dialogue.qvt.axes_schemas import (
    AxisCreate,
    AxisRead,
    AxisUpdate,
    BinomeInput,
    CompositionInput,
    CompositionRead,
    PlacementInput,
    PlacementRead,
    PlanRead,
)
from dialogue.qvt.service import axes
from dialogue.web.deps import CurrentActor
from dialogue.web.pagination import whole_page


class QvtPlanController(Controller):
    """The steering committee's plan by axes."""

    tags = ["QVT"]

    @get("/bodies/{body_id:int}/qvt-plan", summary="Plan QVT par axes : axes, binômes, thèmes, décomptes")
    async def plan(self, actor: CurrentActor, body_id: FromPath[int]) -> PlanRead:
        return await axes.plan(actor=actor, body_id=body_id)

    @post("/bodies/{body_id:int}/qvt-axes", summary="Ajouter un axe ou un thème transversal au plan")
    async def create_axis(self, actor: CurrentActor, body_id: FromPath[int], data: JSONBody[AxisCreate]) -> AxisRead:
        return await axes.create_axis(actor=actor, body_id=body_id, data=data)

    @get("/qvt-axes/{axis_id:int}", summary="Un axe ou un thème transversal")
    async def get_axis(self, actor: CurrentActor, axis_id: FromPath[int]) -> AxisRead:
        return await axes.get_axis(actor=actor, axis_id=axis_id)

    @patch("/qvt-axes/{axis_id:int}", summary="Modifier un axe ou un thème transversal")
    async def update_axis(self, actor: CurrentActor, axis_id: FromPath[int], data: JSONBody[AxisUpdate]) -> AxisRead:
        return await axes.update_axis(actor=actor, axis_id=axis_id, data=data)

    @put(
        "/qvt-axes/{axis_id:int}/binome",
        summary="Binôme de l'axe : une personne des établissements, une du siège ou des services",
    )
    async def set_binome(self, actor: CurrentActor, axis_id: FromPath[int], data: JSONBody[BinomeInput]) -> AxisRead:
        return await axes.set_binome(actor=actor, axis_id=axis_id, data=data)

    @get(
        "/bodies/{body_id:int}/working-group-compositions",
        summary="Composition des groupes de travail et alertes d'équilibre",
    )
    async def list_compositions(self, actor: CurrentActor, body_id: FromPath[int]) -> Page[CompositionRead]:
        return whole_page(await axes.list_compositions(actor=actor, body_id=body_id))

    @get("/working-groups/{group_id:int}/composition", summary="Composition d'un groupe et alertes d'équilibre")
    async def get_composition(self, actor: CurrentActor, group_id: FromPath[int]) -> CompositionRead:
        return await axes.get_composition(actor=actor, group_id=group_id)

    @put(
        "/working-groups/{group_id:int}/composition",
        summary="Axe du groupe (ou groupe d'appui) et profil de ses membres : sexe, établissement, métier",
    )
    async def set_composition(
        self, actor: CurrentActor, group_id: FromPath[int], data: JSONBody[CompositionInput]
    ) -> CompositionRead:
        return await axes.set_composition(actor=actor, group_id=group_id, data=data)

    @get("/action-proposals/{action_id:int}/axis", summary="Axe et thèmes transversaux d'une proposition")
    async def get_placement(self, actor: CurrentActor, action_id: FromPath[int]) -> PlacementRead:
        return await axes.get_placement(actor=actor, action_id=action_id)

    @put("/action-proposals/{action_id:int}/axis", summary="Rattacher une proposition à un axe et à des thèmes")
    async def set_placement(
        self, actor: CurrentActor, action_id: FromPath[int], data: JSONBody[PlacementInput]
    ) -> PlacementRead:
        return await axes.set_placement(actor=actor, action_id=action_id, data=data)
