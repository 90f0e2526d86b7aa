"""Pages of a QVT plan by axes: the plan (axes, binômes, working groups and their balance, counts, transversal
themes, the support group) and a working group's composition with its warnings. Same services as the API."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from dialogue.core.errors import Conflict, InvalidInput
from dialogue.pages.controllers import render
from dialogue.pages.forms import FormState, Visit, page_visit, post_form, read_form, read_form_lists
from dialogue.qvt import service
from dialogue.qvt.axes_schemas import AxisCreate, BinomeInput, CompositionInput, CompositionRead, PlacementInput
from dialogue.qvt.pages import STATUS_CLASSES, STATUS_LABELS, action_page
from dialogue.qvt.rules import plans
from dialogue.qvt.service import axes

AXIS_LABELS: dict[str, str] = {
    "kind": "Nature",
    "title": "Intitulé",
    "description": "Description",
    "position": "Ordre",
}

BINOME_LABELS: dict[str, str] = {
    "members": "Binôme",
    **{
        f"members.{i}.{key}": f"{who} — {label}"
        for i, who in enumerate(("Première personne", "Seconde personne"))
        for key, label in (
            ("user_id", "personne"),
            ("side", "côté"),
            ("establishment_id", "établissement"),
            ("service", "service du siège"),
        )
    },
}
COMPOSITION_LABELS: dict[str, str] = {
    "role": "Rôle du groupe",
    "axis_id": "Axe du plan",
    "members": "Membres",
}
DONE: dict[str, str] = {
    "axe": "L'axe ou le thème a été ajouté au plan.",
    "binome": "Le binôme de l'axe a été enregistré.",
}


def _indexed(posted: dict[str, str], keys: tuple[str, ...], *, optional: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The rows `members.{i}.{key}` of a posted form, in index order; an empty optional field is None, an empty
    required one is left out (so the schema names it as missing)."""
    indexes = sorted({int(k.split(".")[1]) for k in posted if k.startswith("members.") and k.split(".")[1].isdigit()})
    rows: list[dict[str, Any]] = []
    for i in indexes:
        row: dict[str, Any] = {}
        for key in keys:
            value = posted.get(f"members.{i}.{key}", "").strip()
            if value:
                row[key] = value
            elif key in optional:
                row[key] = None
        rows.append(row)
    return rows


async def plan_page(
    visit: Visit, body_id: int, *, done: str | None = None, form: FormState | None = None, status: int = 200
) -> Template:
    """The plan by axes, and the form adding an axis or a transversal theme (members and direction)."""
    actor = visit.actor
    access = await service.steering_access(actor=actor, body_id=body_id)
    access.require_read()
    plan = await axes.plan(actor=actor, body_id=body_id)
    compositions = {c.working_group_id: c for c in await axes.list_compositions(actor=actor, body_id=body_id)}
    actions, _ = await service.list_action_proposals(actor=actor, body_id=body_id, status=None, limit=500, offset=0)
    placements = await axes.list_placements(actor=actor, body_id=body_id)
    by_axis: dict[int | None, list[Any]] = defaultdict(list)
    for action in actions:
        placement = placements.get(action.id)
        by_axis[placement.axis_id if placement else None].append((action, placement))
    return render(
        visit.request,
        "qvt/axes.html.j2",
        visit.env,
        status_code=status,
        body_id=body_id,
        body_name=access.name,
        plan=plan,
        compositions=compositions,
        by_axis=by_axis,
        status_labels=STATUS_LABELS,
        status_classes=STATUS_CLASSES,
        size_min=plans.GROUP_SIZE_MIN,
        size_max=plans.GROUP_SIZE_MAX,
        can_contribute=service.can_contribute(access),
        done=done,
        form=form or FormState(values={"kind": "axis"}),
        labels=AXIS_LABELS,
    )


async def binome_page(visit: Visit, axis_id: int, *, form: FormState | None = None, status: int = 200) -> Template:
    """The form naming an axis's binôme: two of the organisation's accounts, each with its side."""
    axis = await axes.get_axis(actor=visit.actor, axis_id=axis_id)
    access = await service.steering_access(actor=visit.actor, body_id=axis.body_id)
    people, places = await axes.form_choices(actor=visit.actor, body_id=axis.body_id)
    if form is None:
        values: dict[str, Any] = {"members.0.side": "establishment", "members.1.side": "head_office"}
        for i, m in enumerate(axis.binome[:2]):
            values |= {
                f"members.{i}.user_id": m.person.id,
                f"members.{i}.side": m.side.value,
                f"members.{i}.establishment_id": m.establishment_id or "",
                f"members.{i}.service": m.service,
            }
        form = FormState(values=values)
    return render(
        visit.request,
        "qvt/axes_binome.html.j2",
        visit.env,
        status_code=status,
        body_id=axis.body_id,
        body_name=access.name,
        axis=axis,
        people=people,
        places=places,
        sides=plans.BINOME_SIDES,
        can_contribute=service.can_contribute(access),
        form=form,
        labels=BINOME_LABELS,
    )


def _composition_values(group: CompositionRead) -> dict[str, Any]:
    values: dict[str, Any] = {"role": group.role.value, "axis_id": group.axis_id or ""}
    for i, m in enumerate(group.members):
        values |= {
            f"members.{i}.user_id": m.person.id,
            f"members.{i}.sex": m.sex.value if m.sex else "",
            f"members.{i}.establishment_id": m.establishment_id or "",
            f"members.{i}.job_family": m.job_family,
        }
    return values


async def group_page(
    visit: Visit, group_id: int, *, done: str | None = None, form: FormState | None = None, status: int = 200
) -> Template:
    """A working group's composition with its warnings, and the form that sets it (members and direction)."""
    composition = await axes.get_composition(actor=visit.actor, group_id=group_id)
    access = await service.steering_access(actor=visit.actor, body_id=composition.body_id)
    plan = await axes.plan(actor=visit.actor, body_id=composition.body_id)
    _, places = await axes.form_choices(actor=visit.actor, body_id=composition.body_id)
    labels = dict(COMPOSITION_LABELS)
    for i, m in enumerate(composition.members):
        for key, label in (("sex", "sexe"), ("establishment_id", "établissement"), ("job_family", "métier")):
            labels[f"members.{i}.{key}"] = f"{m.person.full_name} — {label}"
    return render(
        visit.request,
        "qvt/axes_group.html.j2",
        visit.env,
        status_code=status,
        body_id=composition.body_id,
        body_name=access.name,
        group=composition,
        axis_options=[(a.id, a.title) for a in plan.axes],
        places=places,
        sex_labels=plans.SEX_LABELS,
        roles=plans.GROUP_ROLES,
        max_share=f"{plans.MAX_SEX_SHARE.numerator}/{plans.MAX_SEX_SHARE.denominator}",
        min_establishments=plans.MIN_ESTABLISHMENTS,
        min_jobs=plans.MIN_JOB_FAMILIES,
        can_contribute=service.can_contribute(access),
        done=done,
        form=form or FormState(values=_composition_values(composition)),
        labels=labels,
    )


class QvtPlanPagesController(Controller):
    """The plan by axes and the composition of its working groups."""

    tags = ["pages"]
    include_in_schema = False

    @get("/instances/{body_id:int}/qvt/plan")
    async def plan(
        self, request: Request[Any, Any, Any], body_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        return await plan_page(await page_visit(request), body_id, done=DONE.get(fait or ""))

    @post("/instances/{body_id:int}/qvt/plan/axes")
    async def add_axis(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)
        payload: dict[str, Any] = {
            "kind": posted.get("kind", "axis"),
            "title": posted.get("title", ""),
            "description": posted.get("description", ""),
        }
        if posted.get("position"):
            payload["position"] = posted["position"]
        return await post_form(
            AxisCreate,
            payload,
            lambda data: axes.create_axis(actor=visit.actor, body_id=body_id, data=data),
            posted=posted,
            catch=(InvalidInput,),
            again=lambda refused: plan_page(visit, body_id, form=refused.state, status=refused.status),
            then=f"/instances/{body_id}/qvt/plan?fait=axe",
        )

    @get("/axes-qvt/{axis_id:int}/binome")
    async def binome(self, request: Request[Any, Any, Any], axis_id: FromPath[int]) -> Template:
        return await binome_page(await page_visit(request), axis_id)

    @post("/axes-qvt/{axis_id:int}/binome")
    async def set_binome(self, request: Request[Any, Any, Any], axis_id: FromPath[int]) -> Response[Any]:
        """The binôme of an axis: a refused pair (both from one side, the same person twice) is shown in place and
        nothing is stored."""
        visit = await page_visit(request)
        axis = await axes.get_axis(actor=visit.actor, axis_id=axis_id)
        posted = await read_form(request)
        payload = {
            "members": _indexed(
                posted, ("user_id", "side", "establishment_id", "service"), optional=("establishment_id",)
            )
        }
        return await post_form(
            BinomeInput,
            payload,
            lambda data: axes.set_binome(actor=visit.actor, axis_id=axis_id, data=data),
            posted=posted,
            catch=(InvalidInput, Conflict),
            again=lambda refused: binome_page(visit, axis_id, form=refused.state, status=refused.status),
            then=f"/instances/{axis.body_id}/qvt/plan?fait=binome#axe-{axis_id}",
        )

    @get("/groupes-qvt/{group_id:int}")
    async def composition(
        self, request: Request[Any, Any, Any], group_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        done = "La composition du groupe a été enregistrée." if fait == "composition" else None
        return await group_page(await page_visit(request), group_id, done=done)

    @post("/groupes-qvt/{group_id:int}/composition")
    async def set_composition(self, request: Request[Any, Any, Any], group_id: FromPath[int]) -> Response[Any]:
        """The group's place in the plan and each member's sex, establishment and job family; the warnings are
        computed again on the page the form leads to."""
        visit = await page_visit(request)
        posted = await read_form(request)
        payload: dict[str, Any] = {
            "role": posted.get("role", "axis"),
            "axis_id": posted.get("axis_id") or None,
            "members": _indexed(
                posted, ("user_id", "sex", "establishment_id", "job_family"), optional=("sex", "establishment_id")
            ),
        }
        return await post_form(
            CompositionInput,
            payload,
            lambda data: axes.set_composition(actor=visit.actor, group_id=group_id, data=data),
            posted=posted,
            catch=(InvalidInput,),
            again=lambda refused: group_page(visit, group_id, form=refused.state, status=refused.status),
            then=f"/groupes-qvt/{group_id}?fait=composition",
        )

    @post("/actions-qvt/{action_id:int}/axe")
    async def place(self, request: Request[Any, Any, Any], action_id: FromPath[int]) -> Response[Any]:
        """A proposal's axis and transversal themes, from the action page."""
        visit = await page_visit(request)
        posted = await read_form(request)
        themes = (await read_form_lists(request, "theme_ids"))["theme_ids"]
        payload: dict[str, Any] = {"axis_id": posted.get("axis_id") or None, "theme_ids": themes}
        return await post_form(
            PlacementInput,
            payload,
            lambda data: axes.set_placement(actor=visit.actor, action_id=action_id, data=data),
            posted=posted,
            catch=(InvalidInput,),
            again=lambda refused: action_page(visit, action_id, form=refused.state, status=refused.status),
            then=f"/actions-qvt/{action_id}?fait=axe",
        )
