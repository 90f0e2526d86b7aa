"""Pages of the approach's steps: the trinôme, the five steps with their checklists and dates, the experiments
and their ten-month follow-up. Same services as the API (`dialogue.qvt.service.steps`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from dialogue.bodies import service as bodies_service
from dialogue.pages.controllers import render
from dialogue.pages.forms import FormState, Refused, Visit, page_visit, read_form, read_form_lists, see_other, submit
from dialogue.qvt.rules import steps as rules
from dialogue.qvt.service import can_contribute, steering_access
from dialogue.qvt.service import steps as service
from dialogue.qvt.service.discussions import FORMAT_LABELS
from dialogue.qvt.step_schemas import ExperimentCreate, ExperimentUpdate, StepKind, StepUpdate, TrinomeInput

STATE_LABELS: Final[Mapping[str, str]] = {"to_do": "À venir", "in_progress": "En cours", "done": "Terminée"}
STATE_CLASSES: Final[Mapping[str, str]] = {"to_do": "", "in_progress": "status-warning", "done": "status-ok"}
FOLLOW_UP_LABELS: Final[Mapping[str, str]] = {
    "planned": "Suivi prévu",
    "due_soon": "Suivi à faire bientôt",
    "late": "Suivi en retard",
    "done": "Suivi fait",
}
FOLLOW_UP_CLASSES: Final[Mapping[str, str]] = {
    "planned": "",
    "due_soon": "status-warning",
    "late": "status-alert",
    "done": "status-ok",
}
DONE: Final[Mapping[str, str]] = {
    "trinome": "Le trinôme a été enregistré.",
    "etape": "L'étape a été enregistrée.",
    "experimentation": "L'expérimentation a été enregistrée.",
    "suivi": "Le suivi de l'expérimentation a été enregistré.",
}


def step_labels() -> dict[str, Any]:
    """What the progress line needs besides the approach (shared with the steering committee's page)."""
    return {
        "step_state_labels": STATE_LABELS,
        "step_state_classes": STATE_CLASSES,
        "trinome_labels": rules.TRINOME_LABELS,
    }


async def steps_page(
    visit: Visit,
    body_id: int,
    *,
    done: str | None = None,
    failed: str | None = None,
    form: FormState | None = None,
    status: int = 200,
) -> Template:
    access = await steering_access(actor=visit.actor, body_id=body_id)
    access.require_read()
    approach = await service.approach_of(body_id)
    members = await bodies_service.list_members(actor=visit.actor, body_id=body_id)
    side_of = {seat.person.id: seat.side.value for seat in approach.trinome.seats}
    return render(
        visit.request,
        "qvt/steps.html.j2",
        visit.env,
        status_code=status,
        body_name=access.name,
        body_id=body_id,
        approach=approach,
        members=members,
        side_of=side_of,
        sides=[(side, rules.TRINOME_LABELS[side]) for side in rules.TRINOME_SIDES],
        formats=list(FORMAT_LABELS.items()),
        follow_up_labels=FOLLOW_UP_LABELS,
        follow_up_classes=FOLLOW_UP_CLASSES,
        can_contribute=can_contribute(access),
        done=done,
        failed=failed,
        form=form or FormState(),
        blank_form=FormState(),
        **step_labels(),
    )


async def _answer(visit: Visit, body_id: int, done: Any, failed: str, fait: str, anchor: str) -> Response[Any]:
    """The page again with the refusal, or back to the steps page at the part just saved."""
    if isinstance(done, Refused):
        return await steps_page(visit, body_id, failed=failed, form=done.state, status=done.status)
    return see_other(f"/instances/{body_id}/qvt/etapes?fait={fait}#{anchor}")


def _date(posted: Mapping[str, str], name: str) -> str | None:
    return posted.get(name) or None


class QvtStepsPagesController(Controller):
    """The approach's steps page and its forms."""

    tags = ["pages"]
    include_in_schema = False

    @get("/instances/{body_id:int}/qvt/etapes")
    async def steps(
        self, request: Request[Any, Any, Any], body_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        return await steps_page(await page_visit(request), body_id, done=DONE.get(fait or ""))

    @post("/instances/{body_id:int}/qvt/etapes/trinome")
    async def set_trinome(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)
        payload: dict[str, list[int]] = {side: [] for side in rules.TRINOME_SIDES}
        for name, value in posted.items():
            if name.startswith("side_") and value in payload and name[5:].isdigit():
                payload[value].append(int(name[5:]))
        done = await submit(
            TrinomeInput,
            payload,
            lambda data: service.set_trinome(actor=visit.actor, body_id=body_id, data=data),
            posted=posted,
        )
        return await _answer(visit, body_id, done, "trinome", "trinome", "trinome")

    @post("/instances/{body_id:int}/qvt/etapes/{kind:str}")
    async def update_step(
        self, request: Request[Any, Any, Any], body_id: FromPath[int], kind: FromPath[StepKind]
    ) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)
        ticked = (await read_form_lists(request, "checklist"))["checklist"]
        payload: dict[str, Any] = {
            "started_on": _date(posted, "started_on"),
            "planned_end_on": _date(posted, "planned_end_on"),
            "completed_on": _date(posted, "completed_on"),
            "checklist": ticked,
            "notes": posted.get("notes", ""),
        }
        if kind is StepKind.evaluate:
            payload["benefits"] = posted.get("benefits", "")
        done = await submit(
            StepUpdate,
            payload,
            lambda data: service.update_step(actor=visit.actor, body_id=body_id, kind=kind, data=data),
            posted=posted,
        )
        return await _answer(visit, body_id, done, kind.value, "etape", f"etape-{kind.value}")

    @post("/instances/{body_id:int}/qvt/experimentations")
    async def create_experiment(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)
        payload = {
            "title": posted.get("title", ""),
            "format": posted.get("format", ""),
            "scope": posted.get("scope", ""),
            "started_on": posted.get("started_on", ""),
        }
        done = await submit(
            ExperimentCreate,
            payload,
            lambda data: service.create_experiment(actor=visit.actor, body_id=body_id, data=data),
            posted=posted,
        )
        return await _answer(visit, body_id, done, "experiment_new", "experimentation", "experimentations")

    @post("/instances/{body_id:int}/qvt/experimentations/{experiment_id:int}/suivi")
    async def follow_up(
        self, request: Request[Any, Any, Any], body_id: FromPath[int], experiment_id: FromPath[int]
    ) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)
        payload = {"follow_up_done_on": _date(posted, "follow_up_done_on"), "follow_up_notes": posted.get("notes", "")}
        done = await submit(
            ExperimentUpdate,
            payload,
            lambda data: service.update_experiment(actor=visit.actor, experiment_id=experiment_id, data=data),
            posted=posted,
        )
        return await _answer(visit, body_id, done, "follow_up", "suivi", f"experimentation-{experiment_id}")
