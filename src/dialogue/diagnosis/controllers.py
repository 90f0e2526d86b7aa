"""HTTP endpoints of the tripartite diagnosis of social dialogue (issue 21 §1)."""

from __future__ import annotations

from litestar import Controller, get, patch, post, put
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK

from dialogue.core.schemas import Page
from dialogue.diagnosis import results, service
from dialogue.diagnosis.schemas import (
    AnswersInput,
    DiagnosisActionCreate,
    DiagnosisActionRead,
    DiagnosisActionUpdate,
    DiagnosisCreate,
    DiagnosisRead,
    DiagnosisResults,
    MyAnswersRead,
    PublishInput,
    StatementsUpdate,
)
from dialogue.web.deps import CurrentActor
from dialogue.web.pagination import whole_page


class DiagnosisController(Controller):
    """Campaigns, answers (each person's own only), aggregate results per college and actions from the gaps."""

    tags = ["Diagnostic du dialogue social"]

    @get("/organizations/{organization_id:int}/diagnoses", summary="Diagnostics tripartites de l'organisation")
    async def list_diagnoses(self, actor: CurrentActor, organization_id: FromPath[int]) -> Page[DiagnosisRead]:
        return whole_page(await service.list_diagnoses(actor=actor, organization_id=organization_id))

    @post("/organizations/{organization_id:int}/diagnoses", summary="Préparer un diagnostic (grille par défaut)")
    async def create_diagnosis(
        self, actor: CurrentActor, organization_id: FromPath[int], data: JSONBody[DiagnosisCreate]
    ) -> DiagnosisRead:
        return await service.create_diagnosis(actor=actor, organization_id=organization_id, data=data)

    @get("/diagnoses/{diagnosis_id:int}", summary="Un diagnostic : grille, statut, participation par collège")
    async def get_diagnosis(self, actor: CurrentActor, diagnosis_id: FromPath[int]) -> DiagnosisRead:
        return await service.get_diagnosis(actor=actor, diagnosis_id=diagnosis_id)

    @put("/diagnoses/{diagnosis_id:int}/statements", summary="Remplacer la grille (tant qu'en préparation)")
    async def set_statements(
        self, actor: CurrentActor, diagnosis_id: FromPath[int], data: JSONBody[StatementsUpdate]
    ) -> DiagnosisRead:
        return await service.set_statements(actor=actor, diagnosis_id=diagnosis_id, data=data)

    @post("/diagnoses/{diagnosis_id:int}/open", status_code=HTTP_200_OK, summary="Ouvrir aux réponses")
    async def open_diagnosis(self, actor: CurrentActor, diagnosis_id: FromPath[int]) -> DiagnosisRead:
        return await service.change_status(actor=actor, diagnosis_id=diagnosis_id, step="open")

    @post("/diagnoses/{diagnosis_id:int}/close", status_code=HTTP_200_OK, summary="Clore : les résultats se lisent")
    async def close_diagnosis(self, actor: CurrentActor, diagnosis_id: FromPath[int]) -> DiagnosisRead:
        return await service.change_status(actor=actor, diagnosis_id=diagnosis_id, step="close")

    @post(
        "/diagnoses/{diagnosis_id:int}/publish",
        status_code=HTTP_200_OK,
        summary="Publier (ou retirer) les résultats avant la clôture",
    )
    async def publish_results(
        self, actor: CurrentActor, diagnosis_id: FromPath[int], data: JSONBody[PublishInput]
    ) -> DiagnosisRead:
        return await service.publish_results(actor=actor, diagnosis_id=diagnosis_id, data=data)

    @get("/diagnoses/{diagnosis_id:int}/answers", summary="Mes réponses (jamais celles des autres)")
    async def my_answers(self, actor: CurrentActor, diagnosis_id: FromPath[int]) -> MyAnswersRead:
        return await service.my_answers(actor=actor, diagnosis_id=diagnosis_id)

    @put("/diagnoses/{diagnosis_id:int}/answers", summary="Répondre ou modifier mes réponses (tant qu'ouvert)")
    async def submit_answers(
        self, actor: CurrentActor, diagnosis_id: FromPath[int], data: JSONBody[AnswersInput]
    ) -> MyAnswersRead:
        return await service.submit_answers(actor=actor, diagnosis_id=diagnosis_id, data=data)

    @get("/diagnoses/{diagnosis_id:int}/results", summary="Résultats par collège, plus grands écarts d'abord")
    async def diagnosis_results(self, actor: CurrentActor, diagnosis_id: FromPath[int]) -> DiagnosisResults:
        return await results.diagnosis_results(actor=actor, diagnosis_id=diagnosis_id)

    @get("/diagnoses/{diagnosis_id:int}/actions", summary="Actions décidées à partir des écarts")
    async def list_actions(self, actor: CurrentActor, diagnosis_id: FromPath[int]) -> Page[DiagnosisActionRead]:
        return whole_page(await service.list_actions(actor=actor, diagnosis_id=diagnosis_id))

    @post("/diagnoses/{diagnosis_id:int}/actions", summary="Faire d'un écart une action (pilote, échéance)")
    async def create_action(
        self, actor: CurrentActor, diagnosis_id: FromPath[int], data: JSONBody[DiagnosisActionCreate]
    ) -> DiagnosisActionRead:
        return await service.create_action(actor=actor, diagnosis_id=diagnosis_id, data=data)

    @patch("/diagnosis-actions/{action_id:int}", summary="Suivre une action (statut, échéance, pilote)")
    async def update_action(
        self, actor: CurrentActor, action_id: FromPath[int], data: JSONBody[DiagnosisActionUpdate]
    ) -> DiagnosisActionRead:
        return await service.update_action(actor=actor, action_id=action_id, data=data)
