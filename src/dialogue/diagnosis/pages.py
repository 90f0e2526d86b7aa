"""Pages of the tripartite diagnosis: the campaigns of the organisation, one campaign (its grid shaped while a
draft, the answer form of one's college, participation counts, the actions), and its results side by side per
college with the indicators beside each dimension. Same services as the API: the same roles, the floor of two
respondents, and no one's answer shown to anyone but its author."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from dialogue.core.clock import local_today
from dialogue.core.errors import InvalidState
from dialogue.diagnosis import results, rules, service
from dialogue.diagnosis.schemas import (
    AnswersInput,
    DiagnosisActionCreate,
    DiagnosisCreate,
    PublishInput,
    StatementInput,
    StatementsUpdate,
)
from dialogue.diagnosis.svg import dimensions_svg
from dialogue.pages.controllers import render
from dialogue.pages.forms import FormState, Visit, page_visit, post_form, read_form, see_other

LABELS: Final[Mapping[str, str]] = {
    "title": "Intitulé",
    "period_start": "Début de la période",
    "period_end": "Fin de la période",
    "dimension": "Dimension",
    "kind": "Nature",
    "text": "Énoncé",
    "statement_id": "Écart concerné",
    "owner_id": "Pilote",
    "due_on": "Échéance",
    "answers": "Réponses",
}
DONE: Final[Mapping[str, str]] = {
    "cree": "Le diagnostic est en préparation : ajustez la grille, puis ouvrez-le aux réponses.",
    "grille": "La grille a été mise à jour.",
    "ouvert": "Le diagnostic est ouvert : les trois collèges peuvent répondre.",
    "clos": "Le diagnostic est clos : les résultats se lisent par collège.",
    "publie": "Les résultats sont lisibles par les trois collèges.",
    "retire": "Les résultats ne sont plus lisibles avant la clôture.",
    "reponses": "Vos réponses sont enregistrées ; vous pouvez les modifier tant que le diagnostic est ouvert.",
    "action": "L'action a été enregistrée.",
    "realisee": "L'action est marquée réalisée.",
}


async def list_page(visit: Visit, form: FormState | None = None, status: int = 200) -> Template:
    org = visit.actor.organization_id
    items = await service.list_diagnoses(actor=visit.actor, organization_id=org)
    year = local_today().year
    return render(
        visit.request,
        "diagnosis/list.html.j2",
        visit.env,
        status_code=status,
        items=items,
        can_organise=await service.organises(actor=visit.actor, organization_id=org),
        form=form
        or FormState(
            values={
                "title": f"Diagnostic du dialogue social {year}",
                "period_start": f"{year}-01-01",
                "period_end": f"{year}-12-31",
            }
        ),
        labels=LABELS,
    )


async def detail_page(
    visit: Visit,
    diagnosis_id: int,
    *,
    done: str | None = None,
    statement_form: FormState | None = None,
    answer_form: FormState | None = None,
    message: str | None = None,
    status: int = 200,
) -> Template:
    info = await service.get_diagnosis(actor=visit.actor, diagnosis_id=diagnosis_id)
    mine = await service.my_answers(actor=visit.actor, diagnosis_id=diagnosis_id)
    actions = await service.list_actions(actor=visit.actor, diagnosis_id=diagnosis_id)
    answered = {a.statement_id: a for a in mine.items}
    if answer_form is None:
        values: dict[str, Any] = {}
        for a in mine.items:
            values[f"score_{a.statement_id}"] = str(a.score)
            values[f"comment_{a.statement_id}"] = a.comment
        answer_form = FormState(values=values)
    return render(
        visit.request,
        "diagnosis/detail.html.j2",
        visit.env,
        status_code=status,
        info=info,
        answered=answered,
        actions=actions,
        dimensions=list(rules.DIMENSIONS.items()),
        kinds=list(rules.KINDS.items()),
        scale=list(rules.SCALE.items()),
        colleges=rules.COLLEGES,
        statement_form=statement_form or FormState(),
        answer_form=answer_form,
        labels=LABELS,
        done=done,
        message=message,
    )


async def results_page(
    visit: Visit, diagnosis_id: int, *, done: str | None = None, action_form: FormState | None = None, status: int = 200
) -> Template:
    info = await service.get_diagnosis(actor=visit.actor, diagnosis_id=diagnosis_id)
    data = await results.diagnosis_results(actor=visit.actor, diagnosis_id=diagnosis_id)
    actions = await service.list_actions(actor=visit.actor, diagnosis_id=diagnosis_id)
    owners = await service.owner_choices(actor=visit.actor, diagnosis_id=diagnosis_id) if info.can_organise else []
    return render(
        visit.request,
        "diagnosis/results.html.j2",
        visit.env,
        status_code=status,
        info=info,
        results=data,
        actions=actions,
        owners=owners,
        svg=dimensions_svg(data.dimensions),
        colleges=rules.COLLEGES,
        dimensions=rules.DIMENSIONS,
        kinds=rules.KINDS,
        action_form=action_form or FormState(),
        labels=LABELS,
        done=done,
    )


def _grid(info: Any) -> list[StatementInput]:
    return [StatementInput(code=s.code, dimension=s.dimension, kind=s.kind, text=s.text) for s in info.statements]


def _new_code(taken: set[str]) -> str:
    number = len(taken) + 1
    while f"e{number}" in taken:
        number += 1
    return f"e{number}"


class DiagnosisPagesController(Controller):
    """The direction prepares and runs the diagnosis; the three colleges answer and read the confrontation."""

    tags = ["pages"]
    include_in_schema = False

    @get("/diagnostics")
    async def diagnoses(self, request: Request[Any, Any, Any]) -> Template:
        return await list_page(await page_visit(request))

    @post("/diagnostics")
    async def create(self, request: Request[Any, Any, Any]) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)
        payload = {k: posted.get(k, "") for k in ("title", "period_start", "period_end")}

        async def act(data: DiagnosisCreate) -> Any:
            return await service.create_diagnosis(
                actor=visit.actor, organization_id=visit.actor.organization_id, data=data
            )

        return await post_form(
            DiagnosisCreate,
            payload,
            act,
            posted=posted,
            again=lambda refused: list_page(visit, refused.state, refused.status),
            then=lambda created: f"/diagnostics/{created.id}?fait=cree",
        )

    @get("/diagnostics/{diagnosis_id:int}")
    async def diagnosis(
        self, request: Request[Any, Any, Any], diagnosis_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        return await detail_page(await page_visit(request), diagnosis_id, done=DONE.get(fait or ""))

    @post("/diagnostics/{diagnosis_id:int}/enonces")
    async def add_statement(self, request: Request[Any, Any, Any], diagnosis_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)
        info = await service.get_diagnosis(actor=visit.actor, diagnosis_id=diagnosis_id)
        current = _grid(info)
        payload = {
            "code": _new_code({s.code for s in current}),
            "dimension": posted.get("dimension", ""),
            "kind": posted.get("kind", ""),
            "text": posted.get("text", ""),
        }

        async def act(statement: StatementInput) -> Any:
            return await service.set_statements(
                actor=visit.actor, diagnosis_id=diagnosis_id, data=StatementsUpdate(statements=[*current, statement])
            )

        return await post_form(
            StatementInput,
            payload,
            act,
            posted=posted,
            again=lambda refused: detail_page(visit, diagnosis_id, statement_form=refused.state, status=refused.status),
            then=f"/diagnostics/{diagnosis_id}?fait=grille#grille",
        )

    @post("/diagnostics/{diagnosis_id:int}/enonces/retirer")
    async def remove_statement(self, request: Request[Any, Any, Any], diagnosis_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)
        info = await service.get_diagnosis(actor=visit.actor, diagnosis_id=diagnosis_id)
        code = posted.get("code", "")
        kept = [s for s in _grid(info) if s.code != code]
        if len(kept) == len(info.statements) or not kept:
            return await detail_page(
                visit, diagnosis_id, message="Énoncé inconnu, ou dernier énoncé de la grille.", status=422
            )
        try:
            await service.set_statements(
                actor=visit.actor, diagnosis_id=diagnosis_id, data=StatementsUpdate(statements=kept)
            )
        except InvalidState as exc:
            return await detail_page(visit, diagnosis_id, message=exc.detail, status=409)
        return see_other(f"/diagnostics/{diagnosis_id}?fait=grille#grille")

    @post("/diagnostics/{diagnosis_id:int}/ouvrir")
    async def open_diagnosis(self, request: Request[Any, Any, Any], diagnosis_id: FromPath[int]) -> Response[Any]:
        return await _step(request, diagnosis_id, "open", "ouvert")

    @post("/diagnostics/{diagnosis_id:int}/clore")
    async def close_diagnosis(self, request: Request[Any, Any, Any], diagnosis_id: FromPath[int]) -> Response[Any]:
        return await _step(request, diagnosis_id, "close", "clos")

    @post("/diagnostics/{diagnosis_id:int}/publier")
    async def publish(self, request: Request[Any, Any, Any], diagnosis_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)
        published = posted.get("published") == "1"
        try:
            await service.publish_results(
                actor=visit.actor, diagnosis_id=diagnosis_id, data=PublishInput(published=published)
            )
        except InvalidState as exc:
            return await detail_page(visit, diagnosis_id, message=exc.detail, status=409)
        return see_other(f"/diagnostics/{diagnosis_id}?fait={'publie' if published else 'retire'}")

    @post("/diagnostics/{diagnosis_id:int}/reponses")
    async def answer(self, request: Request[Any, Any, Any], diagnosis_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)
        answers = []
        for name, value in posted.items():
            if name.startswith("score_") and name[6:].isdigit() and value:
                sid = name[6:]
                answers.append({"statement_id": sid, "score": value, "comment": posted.get(f"comment_{sid}", "")})
        if not answers:
            state = FormState(
                values=dict(posted), errors={"answers": "Choisissez une réponse pour au moins un énoncé."}
            )
            return await detail_page(visit, diagnosis_id, answer_form=state, status=422)

        async def act(data: AnswersInput) -> Any:
            return await service.submit_answers(actor=visit.actor, diagnosis_id=diagnosis_id, data=data)

        return await post_form(
            AnswersInput,
            {"answers": answers},
            act,
            posted=posted,
            again=lambda refused: detail_page(visit, diagnosis_id, answer_form=refused.state, status=refused.status),
            then=f"/diagnostics/{diagnosis_id}?fait=reponses",
            invalid=lambda errors: (
                {"answers": "Réponse non reconnue : choisissez de 1 à 5 ; commentaire de 2000 caractères au plus."}
                if errors
                else errors
            ),
        )

    @get("/diagnostics/{diagnosis_id:int}/resultats")
    async def results(
        self, request: Request[Any, Any, Any], diagnosis_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        return await results_page(await page_visit(request), diagnosis_id, done=DONE.get(fait or ""))

    @post("/diagnostics/{diagnosis_id:int}/actions")
    async def create_action(self, request: Request[Any, Any, Any], diagnosis_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)
        payload: dict[str, Any] = {
            "title": posted.get("title", ""),
            "owner_id": posted.get("owner_id", ""),
            "due_on": posted.get("due_on", ""),
        }
        if posted.get("statement_id"):
            payload["statement_id"] = posted["statement_id"]

        async def act(data: DiagnosisActionCreate) -> Any:
            return await service.create_action(actor=visit.actor, diagnosis_id=diagnosis_id, data=data)

        return await post_form(
            DiagnosisActionCreate,
            payload,
            act,
            posted=posted,
            again=lambda refused: results_page(visit, diagnosis_id, action_form=refused.state, status=refused.status),
            then=f"/diagnostics/{diagnosis_id}/resultats?fait=action#actions",
        )


async def _step(request: Request[Any, Any, Any], diagnosis_id: int, step: str, done: str) -> Response[Any]:
    visit = await page_visit(request)
    try:
        await service.change_status(actor=visit.actor, diagnosis_id=diagnosis_id, step=step)
    except InvalidState as exc:
        return await detail_page(visit, diagnosis_id, message=exc.detail, status=409)
    return see_other(f"/diagnostics/{diagnosis_id}?fait={done}")


__all__ = ["DiagnosisPagesController"]
