"""HTTP endpoints of the QVT approach: the steering committee's work, the barometer, and the public answer form."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.enums import MediaType
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import (
    HTTP_200_OK,
    HTTP_201_CREATED,
    HTTP_303_SEE_OTHER,
)
from pydantic import ValidationError

from dialogue.core.errors import DomainError, InvalidInput, NotFound
from dialogue.core.schemas import Page
from dialogue.qvt import barometer, exports, rules, service
from dialogue.qvt.schemas import (
    ActionProposalCreate,
    ActionProposalRead,
    ActionProposalUpdate,
    BarometerCreate,
    BarometerRead,
    BarometerResultsRead,
    BarometerUpdate,
    DecisionInput,
    DiscussionSessionCreate,
    DiscussionSessionRead,
    EvaluationInput,
    GroupBy,
    GroupMeetingCreate,
    GroupMeetingRead,
    GroupParticipation,
    InvitationsCreate,
    InvitationsRead,
    OutcomeCreate,
    OutcomeRead,
    PriorityCreate,
    PriorityRead,
    PriorityUpdate,
    QvtActionStatus,
    RejectInput,
    ResponseAccepted,
    ResponseInput,
    StartInput,
    Theme,
    WorkingGroupCreate,
    WorkingGroupRead,
    WorkingGroupUpdate,
)
from dialogue.web.deps import AppSettings, CurrentActor
from dialogue.web.pagination import LimitParam, OffsetParam, whole_page
from dialogue.web.problems import problem, status_for

GroupByParam = Annotated[GroupBy, QueryParameter(description="Regrouper par")]


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"
    html = "html"


class QvtSteeringController(Controller):
    """Stakes and priorities, working groups and discussion spaces of a QVT steering committee."""

    tags = ["QVT"]

    @get("/bodies/{body_id:int}/qvt-priorities", summary="Enjeux et priorités du comité de pilotage QVT")
    async def list_priorities(self, actor: CurrentActor, body_id: FromPath[int]) -> Page[PriorityRead]:
        return whole_page(await service.list_priorities(actor=actor, body_id=body_id))

    @post("/bodies/{body_id:int}/qvt-priorities", summary="Enregistrer un enjeu ou une priorité")
    async def create_priority(
        self, actor: CurrentActor, body_id: FromPath[int], data: JSONBody[PriorityCreate]
    ) -> PriorityRead:
        return await service.create_priority(actor=actor, body_id=body_id, data=data)

    @patch("/qvt-priorities/{priority_id:int}", summary="Modifier ou clôturer un enjeu ou une priorité")
    async def update_priority(
        self, actor: CurrentActor, priority_id: FromPath[int], data: JSONBody[PriorityUpdate]
    ) -> PriorityRead:
        return await service.update_priority(actor=actor, priority_id=priority_id, data=data)

    @delete("/qvt-priorities/{priority_id:int}", summary="Supprimer une priorité qui n'est reliée à rien")
    async def delete_priority(self, actor: CurrentActor, priority_id: FromPath[int]) -> None:
        await service.delete_priority(actor=actor, priority_id=priority_id)

    @get("/bodies/{body_id:int}/working-groups", summary="Groupes de travail QVT")
    async def list_working_groups(self, actor: CurrentActor, body_id: FromPath[int]) -> Page[WorkingGroupRead]:
        return whole_page(await service.list_working_groups(actor=actor, body_id=body_id))

    @post("/bodies/{body_id:int}/working-groups", summary="Créer un groupe de travail (établissement ou service)")
    async def create_working_group(
        self, actor: CurrentActor, body_id: FromPath[int], data: JSONBody[WorkingGroupCreate]
    ) -> WorkingGroupRead:
        return await service.create_working_group(actor=actor, body_id=body_id, data=data)

    @get("/working-groups/{group_id:int}", summary="Un groupe de travail, ses membres et ses réunions")
    async def get_working_group(self, actor: CurrentActor, group_id: FromPath[int]) -> WorkingGroupRead:
        return await service.get_working_group(actor=actor, group_id=group_id)

    @patch("/working-groups/{group_id:int}", summary="Modifier un groupe de travail")
    async def update_working_group(
        self, actor: CurrentActor, group_id: FromPath[int], data: JSONBody[WorkingGroupUpdate]
    ) -> WorkingGroupRead:
        return await service.update_working_group(actor=actor, group_id=group_id, data=data)

    @post("/working-groups/{group_id:int}/meetings", summary="Enregistrer une réunion du groupe de travail")
    async def add_group_meeting(
        self, actor: CurrentActor, group_id: FromPath[int], data: JSONBody[GroupMeetingCreate]
    ) -> GroupMeetingRead:
        return await service.add_group_meeting(actor=actor, group_id=group_id, data=data)

    @get("/bodies/{body_id:int}/discussion-sessions", summary="Séances des espaces de discussion sur le travail")
    async def list_discussion_sessions(
        self, actor: CurrentActor, body_id: FromPath[int]
    ) -> Page[DiscussionSessionRead]:
        return whole_page(await service.list_discussion_sessions(actor=actor, body_id=body_id))

    @post("/bodies/{body_id:int}/discussion-sessions", summary="Enregistrer une séance d'espace de discussion")
    async def create_discussion_session(
        self, actor: CurrentActor, body_id: FromPath[int], data: JSONBody[DiscussionSessionCreate]
    ) -> DiscussionSessionRead:
        return await service.create_discussion_session(actor=actor, body_id=body_id, data=data)

    @get("/discussion-sessions/{session_id:int}", summary="Une séance et ce qui en est sorti")
    async def get_discussion_session(self, actor: CurrentActor, session_id: FromPath[int]) -> DiscussionSessionRead:
        return await service.get_discussion_session(actor=actor, session_id=session_id)

    @post("/discussion-sessions/{session_id:int}/outcomes", summary="Ajouter ce qui est sorti d'une séance")
    async def add_outcome(
        self, actor: CurrentActor, session_id: FromPath[int], data: JSONBody[OutcomeCreate]
    ) -> OutcomeRead:
        return await service.add_outcome(actor=actor, session_id=session_id, data=data)

    @post(
        "/discussion-outcomes/{outcome_id:int}/action-proposal",
        summary="Transformer une proposition d'espace de discussion en proposition d'action",
    )
    async def propose_from_outcome(
        self, actor: CurrentActor, outcome_id: FromPath[int], data: JSONBody[ActionProposalCreate]
    ) -> ActionProposalRead:
        return await service.propose_from_outcome(actor=actor, outcome_id=outcome_id, data=data)


class ActionProposalController(Controller):
    """The action plan on the field's canvas, its workflow, and the experience sheet."""

    tags = ["QVT"]

    @get("/bodies/{body_id:int}/action-proposals", summary="Plan d'action QVT")
    async def list_action_proposals(
        self,
        actor: CurrentActor,
        body_id: FromPath[int],
        status: Annotated[QvtActionStatus | None, QueryParameter(description="Filtrer par statut")] = None,
        limit: LimitParam = 50,
        offset: OffsetParam = 0,
    ) -> Page[ActionProposalRead]:
        items, total = await service.list_action_proposals(
            actor=actor, body_id=body_id, status=status, limit=limit, offset=offset
        )
        return Page(items=items, total=total, limit=limit, offset=offset)

    @post("/bodies/{body_id:int}/action-proposals", summary="Proposer une action (canevas)")
    async def create_action_proposal(
        self, actor: CurrentActor, body_id: FromPath[int], data: JSONBody[ActionProposalCreate]
    ) -> ActionProposalRead:
        return await service.create_action_proposal(actor=actor, body_id=body_id, data=data)

    @get("/action-proposals/{action_id:int}", summary="Une proposition d'action")
    async def get_action_proposal(self, actor: CurrentActor, action_id: FromPath[int]) -> ActionProposalRead:
        return await service.get_action_proposal(actor=actor, action_id=action_id)

    @patch("/action-proposals/{action_id:int}", summary="Compléter le canevas, les étapes, le lien à la consultation")
    async def update_action_proposal(
        self, actor: CurrentActor, action_id: FromPath[int], data: JSONBody[ActionProposalUpdate]
    ) -> ActionProposalRead:
        return await service.update_action_proposal(actor=actor, action_id=action_id, data=data)

    @post("/action-proposals/{action_id:int}/adopt", status_code=HTTP_200_OK, summary="Adopter l'action")
    async def adopt(
        self, actor: CurrentActor, action_id: FromPath[int], data: JSONBody[DecisionInput | None] = None
    ) -> ActionProposalRead:
        return await service.adopt_action(actor=actor, action_id=action_id, data=data or DecisionInput())

    @post("/action-proposals/{action_id:int}/reject", status_code=HTTP_200_OK, summary="Écarter l'action (motif)")
    async def reject(
        self, actor: CurrentActor, action_id: FromPath[int], data: JSONBody[RejectInput]
    ) -> ActionProposalRead:
        return await service.reject_action(actor=actor, action_id=action_id, data=data)

    @post("/action-proposals/{action_id:int}/start", status_code=HTTP_200_OK, summary="Lancer la mise en œuvre")
    async def start(
        self, actor: CurrentActor, action_id: FromPath[int], data: JSONBody[StartInput | None] = None
    ) -> ActionProposalRead:
        return await service.start_action(actor=actor, action_id=action_id, data=data or StartInput())

    @post("/action-proposals/{action_id:int}/evaluate", status_code=HTTP_200_OK, summary="Évaluer l'action")
    async def evaluate(
        self, actor: CurrentActor, action_id: FromPath[int], data: JSONBody[EvaluationInput]
    ) -> ActionProposalRead:
        return await service.evaluate_action(actor=actor, action_id=action_id, data=data)

    @get(
        "/action-proposals/{action_id:int}/experience-sheet",
        media_type=MediaType.HTML,
        summary="Fiche de retour d'expérience (HTML)",
    )
    async def experience_sheet(self, actor: CurrentActor, action_id: FromPath[int]) -> str:
        return exports.experience_sheet_html(await service.experience_sheet_data(actor=actor, action_id=action_id))

    @get(
        "/action-proposals/{action_id:int}/experience-sheet.pdf",
        media_type="application/pdf",
        summary="Fiche de retour d'expérience (PDF)",
    )
    async def experience_sheet_pdf(self, actor: CurrentActor, action_id: FromPath[int]) -> Response[bytes]:
        pdf = exports.experience_sheet_pdf(await service.experience_sheet_data(actor=actor, action_id=action_id))
        return Response(
            content=pdf,
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="retour-experience-{action_id}.pdf"'},
        )


class BarometerController(Controller):
    """The annual barometer: the direction organises it, the steering committee reads its results."""

    tags = ["QVT — baromètre"]

    @get("/organizations/{organization_id:int}/barometers", summary="Baromètres QVT de l'organisation")
    async def list_barometers(self, actor: CurrentActor, organization_id: FromPath[int]) -> Page[BarometerRead]:
        return whole_page(await barometer.list_barometers(actor=actor, organization_id=organization_id))

    @post("/organizations/{organization_id:int}/barometers", summary="Créer un baromètre (direction)")
    async def create_barometer(
        self, actor: CurrentActor, organization_id: FromPath[int], data: JSONBody[BarometerCreate]
    ) -> BarometerRead:
        return await barometer.create_barometer(actor=actor, organization_id=organization_id, data=data)

    @get("/barometers/{barometer_id:int}", summary="Un baromètre, son questionnaire et sa participation")
    async def get_barometer(self, actor: CurrentActor, barometer_id: FromPath[int]) -> BarometerRead:
        return await barometer.get_barometer(actor=actor, barometer_id=barometer_id)

    @patch("/barometers/{barometer_id:int}", summary="Modifier un baromètre (direction)")
    async def update_barometer(
        self, actor: CurrentActor, barometer_id: FromPath[int], data: JSONBody[BarometerUpdate]
    ) -> BarometerRead:
        return await barometer.update_barometer(actor=actor, barometer_id=barometer_id, data=data)

    @post("/barometers/{barometer_id:int}/open", status_code=HTTP_200_OK, summary="Ouvrir le questionnaire")
    async def open_barometer(self, actor: CurrentActor, barometer_id: FromPath[int]) -> BarometerRead:
        return await barometer.open_barometer(actor=actor, barometer_id=barometer_id)

    @post("/barometers/{barometer_id:int}/close", status_code=HTTP_200_OK, summary="Clore le questionnaire")
    async def close_barometer(self, actor: CurrentActor, barometer_id: FromPath[int]) -> BarometerRead:
        return await barometer.close_barometer(actor=actor, barometer_id=barometer_id)

    @post(
        "/barometers/{barometer_id:int}/invitations",
        summary="Générer des liens anonymes à usage unique (codes à imprimer, envois par e-mail)",
        description="Les codes imprimables ne sont rendus qu'une fois (format=json, csv ou html).",
    )
    async def create_invitations(
        self,
        actor: CurrentActor,
        settings: AppSettings,
        barometer_id: FromPath[int],
        data: JSONBody[InvitationsCreate],
        export_format: Annotated[ExportFormat, QueryParameter(name="format")] = ExportFormat.json,
    ) -> Response[Any]:
        created = await barometer.create_invitations(
            actor=actor, barometer_id=barometer_id, data=data, base_url=settings.base_url
        )
        return await _invitations_response(created, export_format, actor, barometer_id, settings.base_url)

    @get("/barometers/{barometer_id:int}/participation", summary="Participation par groupe, en cours de collecte")
    async def participation(self, actor: CurrentActor, barometer_id: FromPath[int]) -> Page[GroupParticipation]:
        return whole_page(await barometer.participation(actor=actor, barometer_id=barometer_id))

    @get("/barometers/{barometer_id:int}/results", summary="Résultats anonymes (comité de pilotage QVT)")
    async def results(
        self,
        actor: CurrentActor,
        barometer_id: FromPath[int],
        group_by: GroupByParam = GroupBy.establishment,
    ) -> BarometerResultsRead:
        return await barometer.barometer_results(actor=actor, barometer_id=barometer_id, group_by=group_by)

    @get("/barometers/{barometer_id:int}/results.csv", media_type="text/csv", summary="Résultats en CSV")
    async def results_csv(
        self,
        actor: CurrentActor,
        barometer_id: FromPath[int],
        group_by: GroupByParam = GroupBy.establishment,
    ) -> Response[str]:
        results = await barometer.barometer_results(actor=actor, barometer_id=barometer_id, group_by=group_by)
        return Response(
            content=exports.results_csv(results),
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="barometre-{results.year}-{group_by.value}.csv"'},
        )

    @get("/barometers/{barometer_id:int}/results.svg", media_type="image/svg+xml", summary="Graphique SVG")
    async def results_svg(
        self,
        actor: CurrentActor,
        barometer_id: FromPath[int],
        group_by: GroupByParam = GroupBy.establishment,
        theme: Annotated[Theme | None, QueryParameter(description="Un thème par groupe ; sinon tous")] = None,
    ) -> Response[str]:
        results = await barometer.barometer_results(actor=actor, barometer_id=barometer_id, group_by=group_by)
        return Response(
            content=exports.results_svg(results, theme=theme.value if theme else None), media_type="image/svg+xml"
        )


async def _invitations_response(
    created: InvitationsRead, export_format: ExportFormat, actor: Any, barometer_id: int, base_url: str
) -> Response[Any]:
    headers = {"Cache-Control": "no-store"}
    if export_format is ExportFormat.json:
        return Response(content=created.model_dump(mode="json"), status_code=HTTP_201_CREATED, headers=headers)
    info = await barometer.get_barometer(actor=actor, barometer_id=barometer_id)
    if export_format is ExportFormat.csv:
        headers["Content-Disposition"] = f'attachment; filename="codes-barometre-{info.year}.csv"'
        return Response(
            content=exports.invitations_csv(created),
            media_type="text/csv",
            status_code=HTTP_201_CREATED,
            headers=headers,
        )
    return Response(
        content=exports.invitations_html(created, title=info.title, year=info.year, base_url=base_url),
        media_type=MediaType.HTML,
        status_code=HTTP_201_CREATED,
        headers=headers,
    )


# ---------------------------------------------------------------- public form (no account)

#: The token is in the address: never send it on as a Referer, never cache or index the page.
PUBLIC_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "X-Content-Type-Options": "nosniff",
}
_GONE_HEADINGS = {
    "link_used": "Vous avez déjà répondu",
    "barometer_closed": "Le questionnaire est clos",
    "barometer_not_open": "Le questionnaire n'est pas encore ouvert",
}


def _wants_json(request: Request[Any, Any, Any]) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _html(content: str, status_code: int = HTTP_200_OK) -> Response[str]:
    return Response(content=content, media_type=MediaType.HTML, status_code=status_code, headers=PUBLIC_HEADERS)


def _problem(exc: DomainError) -> Response[Any]:
    errors = exc.errors if isinstance(exc, InvalidInput) and exc.errors else None
    response = problem(status=status_for(exc), code=exc.code, detail=exc.detail, title=exc.title, errors=errors)
    response.headers.update(PUBLIC_HEADERS)
    return response


def _error_page(exc: DomainError) -> Response[str]:
    status = status_for(exc)
    if isinstance(exc, NotFound):
        return _html(exports.code_page(error=exc.detail), status)
    heading = _GONE_HEADINGS.get(exc.code, "Lien plus valable")
    return _html(exports.message_page(heading=heading, message=exc.detail, ok=False), status)


def _form_fields(form: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in form.items()}


def _sheet_from_form(fields: dict[str, str]) -> tuple[dict[str, object], dict[str, object], object]:
    """HTML form fields → (answers, comments, staff_category); a non-number stays text and is refused later."""
    answers: dict[str, object] = {}
    comments: dict[str, object] = {}
    for name, value in fields.items():
        if name.startswith("q_") and value != "":
            answers[name[2:]] = int(value) if value.lstrip("-").isdigit() and len(value) < 6 else value
        elif name.startswith("c_"):
            comments[name[2:]] = value
    return answers, comments, fields.get("staff_category") or None


class BarometerPageController(Controller):
    """`/barometer/{token}`: employees answer without an account, through a single-use anonymous link."""

    path = "/barometer"
    tags = ["QVT — questionnaire public"]

    @get("/", media_type=MediaType.HTML, summary="Saisir son code d'accès au questionnaire")
    async def code_entry(
        self, code: Annotated[str | None, QueryParameter(max_length=100, description="Code imprimé")] = None
    ) -> Response[str]:
        if code:
            normalised = "".join(code.split()).replace("-", "").upper()
            if normalised.isalnum():
                return Response(
                    content="",
                    status_code=HTTP_303_SEE_OTHER,
                    headers={**PUBLIC_HEADERS, "Location": f"{self.path}/{normalised}"},
                )
            return _error_page(NotFound("Ce code n'est pas valable."))
        return _html(exports.code_page(action=self.path))

    @get("/{token:str}", summary="Le questionnaire anonyme (HTML, ou JSON avec Accept: application/json)")
    async def show_form(self, request: Request[Any, Any, Any], token: FromPath[str]) -> Response[Any]:
        try:
            form = await barometer.answer_form(code=token)
        except DomainError as exc:
            return _problem(exc) if _wants_json(request) else _error_page(exc)
        if _wants_json(request):
            return Response(
                content={
                    "title": form.title,
                    "year": form.year,
                    "introduction": form.introduction,
                    "group": form.group_label,
                    "closes_at": form.closes_at.isoformat() if form.closes_at else None,
                    "ask_staff_category": form.ask_staff_category,
                    "scale": {"low": 1, "high": 5, "labels": rules.LIKERT_LABELS},
                    "questions": [q.model_dump(mode="json") for q in form.questions],
                    "staff_categories": rules.STAFF_CATEGORIES if form.ask_staff_category else {},
                },
                headers=PUBLIC_HEADERS,
            )
        return _html(exports.answer_page(form, action=f"{self.path}/{token}"))

    @post(
        "/{token:str}",
        summary="Répondre (formulaire HTML, ou JSON : answers, comments, staff_category)",
        description="Réponse anonyme : ni le lien, ni l'adresse, ni l'heure ne sont enregistrés avec elle.",
    )
    async def submit(self, request: Request[Any, Any, Any], token: FromPath[str]) -> Response[Any]:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("application/json"):
            return await _submit_json(request, token)
        fields = _form_fields(await request.form())
        answers, comments, category = _sheet_from_form(fields)
        try:
            await barometer.submit_response(code=token, answers=answers, comments=comments, staff_category=category)
        except InvalidInput as exc:
            try:
                form = await barometer.answer_form(code=token)
            except DomainError as gone:
                return _error_page(gone)
            page = exports.answer_page(form, action=f"{self.path}/{token}", submitted=fields, errors=exc.errors)
            return _html(page, status_for(exc))
        except DomainError as exc:
            return _error_page(exc)
        return _html(
            exports.message_page(
                heading="Merci pour votre participation",
                message="Vos réponses ont été enregistrées de façon anonyme. Ce lien ne peut plus servir.",
                ok=True,
            )
        )


async def _submit_json(request: Request[Any, Any, Any], token: str) -> Response[Any]:
    try:
        payload = json.loads(await request.body() or b"null")
    except (ValueError, UnicodeDecodeError):
        return _problem(MalformedBody("Corps de requête illisible (JSON attendu)."))
    try:
        sheet = ResponseInput.model_validate(payload)
    except ValidationError as exc:
        errors = [{"field": ".".join(str(p) for p in e["loc"]) or "body", "message": e["msg"]} for e in exc.errors()]
        return _problem(InvalidInput("Certaines valeurs sont invalides.", errors=errors))
    try:
        await barometer.submit_response(
            code=token, answers=sheet.answers, comments=sheet.comments, staff_category=sheet.staff_category
        )
    except DomainError as exc:
        return _problem(exc)
    accepted = ResponseAccepted(status="recorded", message="Réponses enregistrées de façon anonyme. Merci !")
    return Response(content=accepted.model_dump(), status_code=HTTP_201_CREATED, headers=PUBLIC_HEADERS)


class FrenchBarometerPageController(BarometerPageController):
    """`/barometre` and `/barometre/{token}`: the same form at the French address printed on the codes."""

    path = "/barometre"
    include_in_schema = False


class MalformedBody(DomainError):
    """Unreadable JSON body on the public form (400)."""

    code = "malformed_request"
    title = "Requête invalide"
