"""The agenda on the meeting page (L2315-29): president and secretary draw it up jointly and approve each version;
élus and union representatives propose items; the secretary may record a disagreement."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from dialogue.bodies.access import body_access
from dialogue.core.errors import InvalidInput
from dialogue.meetings.pages.forms import item_payload, message_state, swapped_order
from dialogue.meetings.pages.labels import labels
from dialogue.meetings.pages.meeting import answer, retry
from dialogue.meetings.schemas import (
    AgendaDisagreement,
    AgendaItemCreate,
    AgendaItemRead,
    AgendaItemUpdate,
    AgendaOrder,
)
from dialogue.meetings.service import agenda, agenda_reads, meetings
from dialogue.pages.controllers import render
from dialogue.pages.forms import FormState, Refused, Visit, page_visit, read_form, see_other, submit


def _first_as_reason(errors: dict[str, str]) -> dict[str, str]:
    return {"disagreement_reason": next(iter(errors.values()))}


async def _edit_form(visit: Visit, item: AgendaItemRead, form: FormState, status: int = 200) -> Template:
    meeting = await meetings.get_meeting(actor=visit.actor, meeting_id=item.meeting_id)
    access = await body_access(actor=visit.actor, body_id=meeting.body_id)
    own = item.status == "proposed" and item.proposed_by == visit.actor.user_id
    access.require(access.runs_meetings or own, "Seuls le président et le secrétaire modifient l'ordre du jour.")
    return render(
        visit.request,
        "meetings/item_form.html.j2",
        visit.env,
        status_code=status,
        item=item,
        meeting=meeting,
        access=access,
        form=form,
        **labels(),
    )


class AgendaPagesController(Controller):
    """Items added, proposed, edited, moved, withdrawn, accepted or declined; the agenda approved or disputed."""

    tags = ["pages"]
    include_in_schema = False

    @post("/reunions/{meeting_id:int}/points")
    async def add_item(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[Any]:
        """President and secretary add an item; élus and union representatives propose one (L2315-29)."""
        visit = await page_visit(request)
        posted = await read_form(request)
        item = await submit(
            AgendaItemCreate,
            item_payload(posted),
            lambda data: agenda.add_item(actor=visit.actor, meeting_id=meeting_id, data=data),
            posted=posted,
            refused=message_state,
            catch=(InvalidInput,),
        )
        if isinstance(item, Refused):
            return await retry(visit, meeting_id, "item", item)
        done = "point" if item.status == "accepted" else "propose"
        return see_other(f"/reunions/{meeting_id}?fait={done}#ordre-du-jour")

    @get("/points/{item_id:int}/modifier")
    async def edit_item_form(self, request: Request[Any, Any, Any], item_id: FromPath[int]) -> Template:
        visit = await page_visit(request)
        item = await agenda.get_item(actor=visit.actor, item_id=item_id)
        values = {
            "title": item.title,
            "kind": item.kind.value,
            "description": item.description or "",
            "presenter": item.presenter or "",
            "legal_basis": item.legal_basis or "",
            "confidential": item.confidential,
        }
        return await _edit_form(visit, item, FormState(values=values))

    @post("/points/{item_id:int}/modifier")
    async def edit_item(self, request: Request[Any, Any, Any], item_id: FromPath[int]) -> Response[Any]:
        """Edit an item: the approvals given to the previous version are withdrawn (L2315-29)."""
        visit = await page_visit(request)
        item = await agenda.get_item(actor=visit.actor, item_id=item_id)
        posted = await read_form(request)
        payload = item_payload(posted)
        payload.pop("mandatory", None)
        done = await submit(
            AgendaItemUpdate,
            payload,
            lambda data: agenda.update_item(actor=visit.actor, item_id=item_id, data=data),
            posted=posted,
            refused=message_state,
            catch=(InvalidInput,),
        )
        if isinstance(done, Refused):
            return await _edit_form(visit, item, done.state, done.status)
        return see_other(f"/reunions/{item.meeting_id}?fait=modifie#ordre-du-jour")

    @post("/points/{item_id:int}/monter")
    async def move_up(self, request: Request[Any, Any, Any], item_id: FromPath[int]) -> Response[Any]:
        return await self._move(request, item_id, -1)

    @post("/points/{item_id:int}/descendre")
    async def move_down(self, request: Request[Any, Any, Any], item_id: FromPath[int]) -> Response[Any]:
        return await self._move(request, item_id, 1)

    async def _move(self, request: Request[Any, Any, Any], item_id: int, step: int) -> Response[Any]:
        actor = (await page_visit(request)).actor
        item = await agenda.get_item(actor=actor, item_id=item_id)
        current = await agenda_reads.get_agenda(actor=actor, meeting_id=item.meeting_id)
        order = swapped_order(current.items, item_id, step)
        if order is not None:
            await agenda.reorder(actor=actor, meeting_id=item.meeting_id, data=AgendaOrder(items=order))
        return see_other(f"/reunions/{item.meeting_id}?fait=ordre#point-{item_id}")

    @post("/points/{item_id:int}/retirer")
    async def remove_item(self, request: Request[Any, Any, Any], item_id: FromPath[int]) -> Response[Any]:
        actor = (await page_visit(request)).actor
        item = await agenda.get_item(actor=actor, item_id=item_id)
        await agenda.delete_item(actor=actor, item_id=item_id)
        return see_other(f"/reunions/{item.meeting_id}?fait=retire#ordre-du-jour")

    @post("/points/{item_id:int}/accepter")
    async def accept(self, request: Request[Any, Any, Any], item_id: FromPath[int]) -> Response[Any]:
        actor = (await page_visit(request)).actor
        item = await agenda.decide_proposal(actor=actor, item_id=item_id, accept=True)
        return see_other(f"/reunions/{item.meeting_id}?fait=accepte#ordre-du-jour")

    @post("/points/{item_id:int}/refuser")
    async def decline(self, request: Request[Any, Any, Any], item_id: FromPath[int]) -> Response[Any]:
        actor = (await page_visit(request)).actor
        item = await agenda.decide_proposal(actor=actor, item_id=item_id, accept=False)
        return see_other(f"/reunions/{item.meeting_id}?fait=refuse#ordre-du-jour")

    @post("/reunions/{meeting_id:int}/approuver")
    async def approve(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[Any]:
        """The president or the secretary approves the current version of the agenda (L2315-29)."""
        actor = (await page_visit(request)).actor
        await agenda.approve(actor=actor, meeting_id=meeting_id)
        return see_other(f"/reunions/{meeting_id}?fait=approuve#ordre-du-jour")

    @post("/reunions/{meeting_id:int}/desaccord")
    async def disagree(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[Any]:
        """The secretary records a disagreement on the agenda (L2315-29); kept in the meeting's history."""
        visit = await page_visit(request)
        posted = await read_form(request)
        done = await submit(
            AgendaDisagreement,
            {"reason": posted.get("disagreement_reason", "")},
            lambda data: agenda.disagree(actor=visit.actor, meeting_id=meeting_id, data=data),
            posted=posted,
            invalid=_first_as_reason,
            refused=message_state,
        )
        return await answer(visit, meeting_id, "disagree", done, f"/reunions/{meeting_id}?fait=desaccord#ordre-du-jour")
