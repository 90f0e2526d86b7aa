"""QVT pages: the steering committee (stakes and priorities, working groups, discussion spaces, the action
plan with its workflow) and the barometer results with their SVG charts. Same services as the API: the
anonymity threshold, the CSE consultation before implementation (L2312-8) and the roles apply unchanged."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import date
from typing import Any, Final, TypeVar

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Template
from pydantic import BaseModel

from dialogue.bodies import service as bodies_service
from dialogue.core.clock import local_today
from dialogue.core.errors import DomainError, InvalidInput, NotFound
from dialogue.pages.controllers import render, require_me
from dialogue.pages.forms import (
    VALIDATION_ONLY,
    FormState,
    Visit,
    checked,
    errors_from_invalid,
    page_visit,
    post_form,
    read_form,
    read_form_lists,
    see_other,
    text_or_none,
    validate,
)
from dialogue.pages.registry import BodyTab
from dialogue.qvt import barometer, exports, rules, service
from dialogue.qvt.rules import plans
from dialogue.qvt.schemas import (
    ActionProposalCreate,
    ActionProposalRead,
    DecisionInput,
    EvaluationInput,
    GroupBy,
    PriorityCreate,
    RejectInput,
    StartInput,
)
from dialogue.qvt.service import axes
from dialogue.qvt.service import steps as steps_service
from dialogue.qvt.steps_pages import step_labels as steps_labels

M = TypeVar("M", bound=BaseModel)

THEME_LABELS: Final[Mapping[str, str]] = rules.THEMES
STATUS_LABELS: Final[Mapping[str, str]] = {
    "proposed": "Proposée",
    "adopted": "Adoptée",
    "rejected": "Écartée",
    "in_progress": "En cours",
    "evaluated": "Évaluée",
}
STATUS_CLASSES: Final[Mapping[str, str]] = {
    "proposed": "status-warning",
    "adopted": "status-ok",
    "rejected": "status-alert",
    "in_progress": "status-warning",
    "evaluated": "status-ok",
}
BAROMETER_STATUS: Final[Mapping[str, str]] = {"draft": "En préparation", "open": "Ouvert", "closed": "Clos"}
GROUP_BY_LABELS: Final[Mapping[str, str]] = {
    "establishment": "Par établissement",
    "department": "Par service",
    "staff_category": "Par catégorie de personnel",
}
CANVAS: Final[tuple[tuple[str, str, bool], ...]] = (
    ("problem", "Problème constaté", True),
    ("proposal", "Action proposée", True),
    ("success_conditions", "Conditions de réussite", True),
    ("calendar", "Calendrier", True),
    ("evaluation_criteria", "Critères d'évaluation", True),
    ("evaluation_method", "Méthode d'évaluation", False),
    ("target_population", "Public visé", False),
    ("complementary_actions", "Actions complémentaires pour les autres publics", False),
)
ACTION_LABELS: Final[Mapping[str, str]] = {
    "title": "Intitulé",
    **{name: label for name, label, _ in CANVAS},
    "theme": "Thème",
    "working_group_id": "Groupe de travail",
    "owner_id": "Pilote de l'action",
    "priority_ids": "Priorités auxquelles l'action répond",
    "milestones": "Étapes",
    "changes_working_conditions": "L'action modifie les conditions de travail",
}
PRIORITY_LABELS: Final[Mapping[str, str]] = {
    "kind": "Nature",
    "title": "Intitulé",
    "description": "Description",
    "rank": "Rang",
    "identified_on": "Identifiée le",
    "review_on": "À revoir le",
}
DECISION_LABELS: Final[Mapping[str, str]] = {
    "note": "Note de décision",
    "decided_on": "Date de la décision",
    "reason": "Motif",
    "started_on": "Date de lancement",
    "summary": "Bilan de l'action",
    "results": "Résultats mesurés",
    "criteria_met": "Critères atteints",
    "lessons_learned": "Enseignements",
    "evaluated_on": "Date de l'évaluation",
    **{f"checklist.{key}": label for key, label in plans.RECOMMENDATIONS.items()},
}
DONE: Final[Mapping[str, str]] = {
    "priorite": "La priorité a été enregistrée.",
    "proposee": "L'action a été proposée au comité de pilotage.",
    "adopted": "L'action a été adoptée.",
    "rejected": "L'action a été écartée.",
    "in_progress": "La mise en œuvre de l'action a commencé.",
    "evaluated": "L'évaluation de l'action a été enregistrée.",
    "axe": "La place de l'action dans le plan par axes a été enregistrée.",
}


def parse_milestones(text: str) -> list[dict[str, Any]] | str:
    """« Libellé ; AAAA-MM-JJ » one per line (the date is optional) → milestones, or an error message."""
    milestones: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label, _, day = line.partition(";")
        item: dict[str, Any] = {"label": label.strip()}
        if day.strip():
            try:
                item["due_on"] = date.fromisoformat(day.strip())
            except ValueError:
                return f"Ligne {number} : date attendue au format AAAA-MM-JJ après le point-virgule."
        milestones.append(item)
    return milestones


def _int_or_text(value: str | None) -> int | str | None:
    value = text_or_none(value)
    if value is None:
        return None
    return int(value) if value.isdigit() and len(value) < 10 else value


def action_payload(form: Mapping[str, str], priority_ids: list[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The posted canvas as the API's ActionProposalCreate payload, and errors found while reading it."""
    errors: dict[str, str] = {}
    payload: dict[str, Any] = {"title": form.get("title", "").strip()}
    for name, _, required in CANVAS:
        value = form.get(name, "").strip()
        if value or required:
            payload[name] = value
    milestones = parse_milestones(form.get("milestones", ""))
    if isinstance(milestones, str):
        errors["milestones"] = milestones
    else:
        payload["milestones"] = milestones
    if (theme := text_or_none(form.get("theme"))) is not None:
        payload["theme"] = theme
    for name in ("working_group_id", "owner_id"):
        if (ref := _int_or_text(form.get(name))) is not None:
            payload[name] = ref
    payload["priority_ids"] = [_int_or_text(p) for p in priority_ids]
    payload["changes_working_conditions"] = checked(form.get("changes_working_conditions"))
    return payload, errors


def _optional(form: Mapping[str, str], *names: str) -> dict[str, Any]:
    return {name: value for name in names if (value := text_or_none(form.get(name))) is not None}


def _invalid_as_typed(posted: Mapping[str, str], exc: DomainError) -> FormState:
    """The service's refusal next to the fields of the priority form (its general message listed too)."""
    errors = errors_from_invalid(exc) if isinstance(exc, InvalidInput) else {}
    return FormState(values=dict(posted), errors=errors, message=exc.detail)


def _review_before_identified(errors: dict[str, str]) -> dict[str, str]:
    """The schema's only model-level error on a priority is a review date before the identification date."""
    if "_form" in errors:
        errors["review_on"] = "La date de revue est antérieure à la date d'identification."
        del errors["_form"]
    return errors


async def steering_page(
    visit: Visit, body_id: int, *, done: str | None = None, form: FormState | None = None, status: int = 200
) -> Template:
    actor = visit.actor
    access = await service.steering_access(actor=actor, body_id=body_id)
    access.require_read()
    priorities = await service.list_priorities(actor=actor, body_id=body_id)
    groups = await service.list_working_groups(actor=actor, body_id=body_id)
    sessions = await service.list_discussion_sessions(actor=actor, body_id=body_id)
    actions, _ = await service.list_action_proposals(actor=actor, body_id=body_id, status=None, limit=500, offset=0)
    progress = rules.plan_progress(
        [a.status.value for a in actions],
        [(_as_date(m.get("due_on")), _as_date(m.get("done_on"))) for a in actions for m in a.milestones],
        today=local_today(),
    )
    return render(
        visit.request,
        "qvt/steering.html.j2",
        visit.env,
        status_code=status,
        body_name=access.name,
        body_id=body_id,
        priorities=priorities,
        groups=groups,
        sessions=sessions,
        actions=actions,
        progress=progress,
        can_contribute=service.can_contribute(access),
        done=done,
        form=form or FormState(values={"identified_on": local_today().isoformat(), "kind": "priority"}),
        labels=PRIORITY_LABELS,
        **_labels(),
        approach=await steps_service.approach_of(body_id),
        **steps_labels(),
    )


async def action_form_page(visit: Visit, body_id: int, form: FormState, status: int = 200) -> Template:
    actor = visit.actor
    access = await service.steering_access(actor=actor, body_id=body_id)
    access.require(service.can_contribute(access), "Réservé aux membres du comité de pilotage QVT et à la direction.")
    members = await bodies_service.list_members(actor=actor, body_id=body_id)
    priorities = await service.list_priorities(actor=actor, body_id=body_id)
    groups = await service.list_working_groups(actor=actor, body_id=body_id)
    return render(
        visit.request,
        "qvt/action_form.html.j2",
        visit.env,
        status_code=status,
        body_name=access.name,
        body_id=body_id,
        form=form,
        canvas=CANVAS,
        labels=ACTION_LABELS,
        themes=list(THEME_LABELS.items()),
        owners=sorted({(m.user_id, m.full_name) for m in members}, key=lambda o: o[1]),
        groups=[(g.id, g.name) for g in groups],
        priorities=[p for p in priorities if p.status.value == "active"],
        selected=set(form.values.get("priority_ids", [])),
    )


async def action_page(
    visit: Visit, action_id: int, *, done: str | None = None, form: FormState | None = None, status: int = 200
) -> Template:
    actor = visit.actor
    action = await service.get_action_proposal(actor=actor, action_id=action_id)
    access = await service.steering_access(actor=actor, body_id=action.body_id)
    decides = service.can_decide(access)
    runs = decides or (action.owner is not None and action.owner.id == actor.user_id)
    priorities = {p.id: p.title for p in await service.list_priorities(actor=actor, body_id=action.body_id)}
    current = action.status.value
    return render(
        visit.request,
        "qvt/action.html.j2",
        visit.env,
        status_code=status,
        action=action,
        body_name=access.name,
        canvas=CANVAS,
        theme_label=THEME_LABELS.get(action.theme.value) if action.theme else None,
        priority_titles=[priorities[p] for p in action.priority_ids if p in priorities],
        placement=await axes.get_placement(actor=actor, action_id=action_id),
        plan=await axes.plan(actor=actor, body_id=action.body_id),
        can_place=service.can_contribute(access),
        recommendations=plans.RECOMMENDATIONS,
        can_adopt=decides and current == "proposed",
        can_start=runs and current == "adopted",
        can_evaluate=runs and current == "in_progress",
        needs_consultation=current == "adopted"
        and rules.needs_cse_consultation(
            changes_working_conditions=action.changes_working_conditions, consultation_id=action.consultation_id
        ),
        done=done,
        form=form or FormState(),
        labels=DECISION_LABELS,
        **_labels(),
    )


async def _action_step(
    request: Request[Any, Any, Any],
    action_id: int,
    model: type[M],
    payload: Callable[[Mapping[str, str]], Mapping[str, Any]],
    act: Callable[..., Awaitable[ActionProposalRead]],
    done: str,
    catch: tuple[type[DomainError], ...] = VALIDATION_ONLY,
) -> Response[Any]:
    """One step of the action's workflow (adopt, reject, start, evaluate): the form read with `payload`, the
    service's `act`; the action page again with the errors, or the action with the step confirmed."""
    visit = await page_visit(request)
    posted = await read_form(request)
    return await post_form(
        model,
        payload(posted),
        lambda data: act(actor=visit.actor, action_id=action_id, data=data),
        posted=posted,
        catch=catch,
        again=lambda refused: action_page(visit, action_id, form=refused.state, status=refused.status),
        then=f"/actions-qvt/{action_id}?fait={done}",
    )


def _evaluation_payload(posted: Mapping[str, str]) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "summary": posted.get("summary", ""),
        "results": posted.get("results", ""),
        "lessons_learned": posted.get("lessons_learned", ""),
        **_optional(posted, "evaluated_on"),
    }
    if (met := posted.get("criteria_met")) in {"oui", "non"}:
        payload["criteria_met"] = met == "oui"
    return payload


class QvtPagesController(Controller):
    """The steering committee's pages and the barometer results."""

    tags = ["pages"]
    include_in_schema = False

    # ------------------------------------------------------------------ steering committee

    @get("/instances/{body_id:int}/qvt")
    async def steering(
        self, request: Request[Any, Any, Any], body_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        return await steering_page(await page_visit(request), body_id, done=DONE.get(fait or ""))

    @post("/instances/{body_id:int}/qvt/priorites")
    async def add_priority(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)
        payload = {
            "kind": posted.get("kind") or "priority",
            "title": posted.get("title", ""),
            "description": posted.get("description", ""),
            **_optional(posted, "rank", "identified_on", "review_on"),
        }
        if "identified_on" not in payload:
            payload["identified_on"] = ""
        return await post_form(
            PriorityCreate,
            payload,
            lambda data: service.create_priority(actor=visit.actor, body_id=body_id, data=data),
            posted=posted,
            invalid=_review_before_identified,
            refused=_invalid_as_typed,
            catch=(InvalidInput,),
            again=lambda refused: steering_page(visit, body_id, form=refused.state, status=refused.status),
            then=f"/instances/{body_id}/qvt?fait=priorite#priorites",
        )

    @get("/instances/{body_id:int}/qvt/actions/nouvelle")
    async def new_action(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Template:
        return await action_form_page(await page_visit(request), body_id, FormState())

    @post("/instances/{body_id:int}/qvt/actions/nouvelle")
    async def create_action(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)
        priority_ids = (await read_form_lists(request, "priority_ids"))["priority_ids"]
        values: dict[str, Any] = {**posted, "priority_ids": priority_ids}
        values["changes_working_conditions"] = checked(posted.get("changes_working_conditions"))
        payload, errors = action_payload(posted, priority_ids)
        parsed = validate(ActionProposalCreate, payload)
        if isinstance(parsed, dict) or errors:
            all_errors = {**(parsed if isinstance(parsed, dict) else {}), **errors}
            state = FormState(values=values, errors={_top(k): v for k, v in all_errors.items()})
            return await action_form_page(visit, body_id, state, 422)
        try:
            action = await service.create_action_proposal(actor=visit.actor, body_id=body_id, data=parsed)
        except InvalidInput as exc:
            state = FormState(
                values=values,
                errors={_top(k): v for k, v in errors_from_invalid(exc).items()},
                message=exc.detail,
            )
            return await action_form_page(visit, body_id, state, 422)
        return see_other(f"/actions-qvt/{action.id}?fait=proposee")

    @get("/actions-qvt/{action_id:int}")
    async def action(
        self, request: Request[Any, Any, Any], action_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        return await action_page(await page_visit(request), action_id, done=DONE.get(fait or ""))

    @post("/actions-qvt/{action_id:int}/adopter")
    async def adopt(self, request: Request[Any, Any, Any], action_id: FromPath[int]) -> Response[Any]:
        return await _action_step(
            request,
            action_id,
            DecisionInput,
            lambda posted: {
                "note": posted.get("note", ""),
                **_optional(posted, "decided_on"),
                "checklist": {key: checked(posted.get(f"checklist.{key}")) for key in plans.RECOMMENDATIONS},
            },
            service.adopt_action,
            "adopted",
            catch=(InvalidInput,),
        )

    @post("/actions-qvt/{action_id:int}/ecarter")
    async def reject(self, request: Request[Any, Any, Any], action_id: FromPath[int]) -> Response[Any]:
        return await _action_step(
            request,
            action_id,
            RejectInput,
            lambda posted: {"reason": posted.get("reason", "")},
            service.reject_action,
            "rejected",
        )

    @post("/actions-qvt/{action_id:int}/lancer")
    async def start(self, request: Request[Any, Any, Any], action_id: FromPath[int]) -> Response[Any]:
        return await _action_step(
            request,
            action_id,
            StartInput,
            lambda posted: _optional(posted, "started_on"),
            service.start_action,
            "in_progress",
        )

    @post("/actions-qvt/{action_id:int}/evaluer")
    async def evaluate(self, request: Request[Any, Any, Any], action_id: FromPath[int]) -> Response[Any]:
        return await _action_step(
            request, action_id, EvaluationInput, _evaluation_payload, service.evaluate_action, "evaluated"
        )

    @get("/actions-qvt/{action_id:int}/fiche.pdf")
    async def experience_sheet_pdf(self, request: Request[Any, Any, Any], action_id: FromPath[int]) -> Response[bytes]:
        """The experience sheet of an evaluated action, to share with other establishments."""
        actor, _ = await require_me(request)
        pdf = exports.experience_sheet_pdf(await service.experience_sheet_data(actor=actor, action_id=action_id))
        return Response(
            content=pdf,
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="retour-experience-{action_id}.pdf"'},
        )

    # ------------------------------------------------------------------ barometer

    @get("/instances/{body_id:int}/qvt/barometres")
    async def barometers(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Template:
        visit = await page_visit(request)
        actor = visit.actor
        access = await service.steering_access(actor=actor, body_id=body_id)
        access.require_read()
        items = [
            b
            for b in await barometer.list_barometers(actor=actor, organization_id=actor.organization_id)
            if b.body_id == body_id
        ]
        return render(
            request,
            "qvt/barometers.html.j2",
            visit.env,
            body_name=access.name,
            body_id=body_id,
            barometers=items,
            statuses=BAROMETER_STATUS,
            is_member=access.is_member,
            is_direction=access.is_direction,
        )

    @get("/barometres/{barometer_id:int}/resultats")
    async def results(
        self,
        request: Request[Any, Any, Any],
        barometer_id: FromPath[int],
        regroupement: FromQuery[str] = "establishment",
    ) -> Template:
        """Results for the steering committee: theme means, per-group charts, comparison, alerts, comments."""
        visit = await page_visit(request)
        actor = visit.actor
        try:
            group_by = GroupBy(regroupement)
        except ValueError:
            raise NotFound("Regroupement inconnu.") from None
        info = await barometer.get_barometer(actor=actor, barometer_id=barometer_id)
        results = await barometer.barometer_results(actor=actor, barometer_id=barometer_id, group_by=group_by)
        charts: list[tuple[str | None, str]] = [(None, exports.results_svg(results, theme=None))]
        if results.groups:
            charts += [(label, exports.results_svg(results, theme=code)) for code, label in THEME_LABELS.items()]
        return render(
            request,
            "qvt/results.html.j2",
            visit.env,
            info=info,
            results=results,
            charts=charts,
            group_by=group_by.value,
            group_by_options=list(GROUP_BY_LABELS.items()),
        )


def _top(name: str) -> str:
    """Errors on a list item (« milestones.0.label », « priority_ids.1 ») are shown on the list's field."""
    return name.split(".", 1)[0]


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _labels() -> dict[str, Any]:
    return {"status_labels": STATUS_LABELS, "status_classes": STATUS_CLASSES, "theme_labels": THEME_LABELS}


def qvt_tabs(body_id: int, body_kind: str) -> list[BodyTab]:
    if body_kind != "qvt_steering":
        return []
    return [
        BodyTab(label="Démarche QVT", url=f"/instances/{body_id}/qvt"),
        BodyTab(label="Baromètre", url=f"/instances/{body_id}/qvt/barometres"),
        BodyTab(label="Plan par axes", url=f"/instances/{body_id}/qvt/plan"),
        BodyTab(label="Étapes de la démarche", url=f"/instances/{body_id}/qvt/etapes"),
    ]


__all__ = ["ActionProposalRead", "QvtPagesController"]
