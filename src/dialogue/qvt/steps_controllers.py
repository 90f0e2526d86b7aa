"""HTTP endpoints of the approach's steps, the steering committee's trinôme and the experiments (issue 21 §3)."""

from __future__ import annotations

from litestar import Controller, get, patch, post, put
from litestar.params import FromPath, JSONBody

from dialogue.qvt.service import steps as service
from dialogue.qvt.step_schemas import (
    ApproachRead,
    ExperimentCreate,
    ExperimentRead,
    ExperimentUpdate,
    StepKind,
    StepRead,
    StepUpdate,
    TrinomeInput,
    TrinomeRead,
)
from dialogue.web.deps import CurrentActor


class QvtStepsController(Controller):
    """The approach as guided steps: prepare, diagnose, experiment, make it last, evaluate."""

    tags = ["QVT"]

    @get("/bodies/{body_id:int}/qvt-trinome", summary="Trinôme du comité de pilotage QVT et sa complétude")
    async def get_trinome(self, actor: CurrentActor, body_id: FromPath[int]) -> TrinomeRead:
        return await service.get_trinome(actor=actor, body_id=body_id)

    @put("/bodies/{body_id:int}/qvt-trinome", summary="Désigner le trinôme (direction, professionnels, élus)")
    async def set_trinome(
        self, actor: CurrentActor, body_id: FromPath[int], data: JSONBody[TrinomeInput]
    ) -> TrinomeRead:
        return await service.set_trinome(actor=actor, body_id=body_id, data=data)

    @get("/bodies/{body_id:int}/qvt-steps", summary="Les étapes de la démarche, les expérimentations et leur suivi")
    async def get_approach(self, actor: CurrentActor, body_id: FromPath[int]) -> ApproachRead:
        return await service.get_approach(actor=actor, body_id=body_id)

    @patch("/bodies/{body_id:int}/qvt-steps/{kind:str}", summary="Dates, liste de contrôle et bilan d'une étape")
    async def update_step(
        self, actor: CurrentActor, body_id: FromPath[int], kind: FromPath[StepKind], data: JSONBody[StepUpdate]
    ) -> StepRead:
        return await service.update_step(actor=actor, body_id=body_id, kind=kind, data=data)

    @post("/bodies/{body_id:int}/qvt-experiments", summary="Enregistrer une expérimentation (suivi à dix mois)")
    async def create_experiment(
        self, actor: CurrentActor, body_id: FromPath[int], data: JSONBody[ExperimentCreate]
    ) -> ExperimentRead:
        return await service.create_experiment(actor=actor, body_id=body_id, data=data)

    @patch("/qvt-experiments/{experiment_id:int}", summary="Enregistrer le suivi d'une expérimentation")
    async def update_experiment(
        self, actor: CurrentActor, experiment_id: FromPath[int], data: JSONBody[ExperimentUpdate]
    ) -> ExperimentRead:
        return await service.update_experiment(actor=actor, experiment_id=experiment_id, data=data)
