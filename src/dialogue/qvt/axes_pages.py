"""Pages of a QVT plan by axes: the plan (axes, binômes, working groups and their balance, counts, transversal
themes, the support group) and a working group's composition with its warnings. Same services as the API."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from dialogue.core.errors import InvalidInput
from dialogue.pages.controllers import render
from dialogue.pages.forms import FormState, Visit, page_visit, post_form, read_form, read_form_lists
from dialogue.qvt import service
from dialogue.qvt.axes_schemas import AxisCreate, PlacementInput
from dialogue.qvt.pages import STATUS_CLASSES, STATUS_LABELS, action_page
from dialogue.qvt.rules import plans
from dialogue.qvt.service import axes

AXIS_LABELS: dict[str, str] = {
    "kind": "Nature",
    "title": "Intitulé",
    "description": "Description",
    "position": "Ordre",
}


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


class QvtPlanPagesController(Controller):
    """The plan by axes and the composition of its working groups."""

    tags = ["pages"]
    include_in_schema = False

    @get("/instances/{body_id:int}/qvt/plan")
    async def plan(
        self, request: Request[Any, Any, Any], body_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        done = "L'axe ou le thème a été ajouté au plan." if fait == "axe" else None
        return await plan_page(await page_visit(request), body_id, done=done)

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

    @get("/groupes-qvt/{group_id:int}")
    async def composition(self, request: Request[Any, Any, Any], group_id: FromPath[int]) -> Template:
        visit = await page_visit(request)
        composition = await axes.get_composition(actor=visit.actor, group_id=group_id)
        access = await service.steering_access(actor=visit.actor, body_id=composition.body_id)
        return render(
            request,
            "qvt/axes_group.html.j2",
            visit.env,
            body_id=composition.body_id,
            body_name=access.name,
            group=composition,
            sex_labels=plans.SEX_LABELS,
            max_share=f"{plans.MAX_SEX_SHARE.numerator}/{plans.MAX_SEX_SHARE.denominator}",
            min_establishments=plans.MIN_ESTABLISHMENTS,
            min_jobs=plans.MIN_JOB_FAMILIES,
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
