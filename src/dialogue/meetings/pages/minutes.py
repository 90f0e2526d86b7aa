"""The minutes editor: the secretary drafts the PV from attendance, agenda and votes (L2315-34), sends it to the
employer and the members (D2315-26), places its adoption on a later agenda and circulates it once adopted
(L2315-35)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from dialogue.bodies.access import body_access
from dialogue.core.documents import markdown_to_html
from dialogue.core.errors import DomainError, InvalidInput, NotFound
from dialogue.integrity import ChainKey
from dialogue.meetings.pages.labels import DONE, labels
from dialogue.meetings.pages.meeting import minutes_or_none
from dialogue.meetings.schemas import AgendaItemCreate, AgendaItemKind, MeetingRead, MinutesCreate, MinutesUpdate
from dialogue.meetings.service import agenda, meetings, minutes, minutes_adoption, minutes_export
from dialogue.meetings.service.minutes import MINUTES_STATUS_LABELS
from dialogue.pages.controllers import render
from dialogue.pages.forms import FormState, Refused, Visit, page_visit, read_form, see_other, submit, text_or_none
from dialogue.web.deps import AppChainKey


def _message_only(posted: Mapping[str, str], exc: DomainError) -> FormState:
    return FormState(values=dict(posted), message=exc.detail)


async def minutes_editor(
    visit: Visit,
    meeting_id: int,
    *,
    done: str | None = None,
    form: FormState | None = None,
    preview: str | None = None,
    status: int = 200,
) -> Template:
    actor = visit.actor
    meeting = await meetings.get_meeting(actor=actor, meeting_id=meeting_id)
    access = await body_access(actor=actor, body_id=meeting.body_id)
    pv = await minutes_or_none(visit, meeting_id)
    writer = access.is_secretary and not access.is_president
    if pv is None and not writer:
        raise NotFound("Aucun procès-verbal n'a encore été transmis pour cette réunion.", code="no_minutes")
    state = form or FormState(values={"text": pv.text if pv else "", "base_revision": pv.revision if pv else ""})
    shown = preview if preview is not None else (pv.text if pv else "")
    upcoming: list[MeetingRead] = []
    if pv is not None and pv.status == "submitted" and access.runs_meetings:
        later, _ = await meetings.list_meetings(
            actor=actor, body_id=meeting.body_id, limit=100, offset=0, status="draft", start=meeting.starts_at
        )
        upcoming = later
    return render(
        visit.request,
        "meetings/minutes.html.j2",
        visit.env,
        status_code=status,
        meeting=meeting,
        access=access,
        minutes=pv,
        minutes_labels=MINUTES_STATUS_LABELS,
        form=state,
        preview_html=markdown_to_html(shown) if shown else "",
        previewing=preview is not None,
        editable=writer and pv is not None and pv.status in ("draft", "submitted"),
        can_create=writer and pv is None and meeting.status in ("held", "closed"),
        can_submit=writer and pv is not None and pv.status == "draft",
        can_publish=access.is_secretary and pv is not None and pv.status == "adopted",
        upcoming=upcoming,
        done=done,
        **labels(),
    )


class MinutesPagesController(Controller):
    """The PV of a meeting, from the draft to its circulation."""

    tags = ["pages"]
    include_in_schema = False

    @get("/reunions/{meeting_id:int}/proces-verbal")
    async def minutes_page(
        self, request: Request[Any, Any, Any], meeting_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        return await minutes_editor(await page_visit(request), meeting_id, done=DONE.get(fait or ""))

    @post("/reunions/{meeting_id:int}/proces-verbal/etablir")
    async def create_minutes(
        self, request: Request[Any, Any, Any], chain_key: AppChainKey, meeting_id: FromPath[int]
    ) -> Response[Any]:
        """The secretary opens the PV, pre-filled with attendance, agenda and votes (L2315-34)."""
        actor = (await page_visit(request)).actor
        await minutes.create_minutes(actor=actor, meeting_id=meeting_id, data=MinutesCreate(), chain_key=chain_key)
        return see_other(f"/reunions/{meeting_id}/proces-verbal?fait=pv-etabli")

    @post("/reunions/{meeting_id:int}/proces-verbal")
    async def save_minutes(
        self, request: Request[Any, Any, Any], chain_key: AppChainKey, meeting_id: FromPath[int]
    ) -> Response[Any]:
        """Save a new revision, or only preview the typed text (nothing saved) when « Aperçu » is pressed."""
        visit = await page_visit(request)
        posted = await read_form(request)
        text = posted.get("text", "")
        if posted.get("action") == "preview":
            return await minutes_editor(visit, meeting_id, form=FormState(values=posted), preview=text)
        payload: dict[str, Any] = {"text": text}
        for name in ("base_revision", "note"):
            if (value := text_or_none(posted.get(name))) is not None:
                payload[name] = value
        done = await submit(
            MinutesUpdate,
            payload,
            lambda data: minutes.update_minutes(
                actor=visit.actor, meeting_id=meeting_id, data=data, chain_key=chain_key
            ),
            posted=posted,
            refused=_message_only,
        )
        if isinstance(done, Refused):
            return await minutes_editor(visit, meeting_id, form=done.state, preview=text, status=done.status)
        return see_other(f"/reunions/{meeting_id}/proces-verbal?fait=pv-enregistre")

    @post("/reunions/{meeting_id:int}/proces-verbal/transmettre")
    async def submit_minutes(
        self, request: Request[Any, Any, Any], chain_key: AppChainKey, meeting_id: FromPath[int]
    ) -> Response[Any]:
        """Send the PV to the employer and the members (D2315-26)."""
        actor = (await page_visit(request)).actor
        await minutes_adoption.submit_minutes(actor=actor, meeting_id=meeting_id, chain_key=chain_key)
        return see_other(f"/reunions/{meeting_id}/proces-verbal?fait=pv-transmis")

    @post("/reunions/{meeting_id:int}/proces-verbal/diffuser")
    async def publish_minutes(
        self, request: Request[Any, Any, Any], chain_key: AppChainKey, meeting_id: FromPath[int]
    ) -> Response[Any]:
        """The secretary circulates the adopted PV (L2315-35)."""
        actor = (await page_visit(request)).actor
        await minutes_adoption.publish_minutes(actor=actor, meeting_id=meeting_id, chain_key=chain_key)
        return see_other(f"/reunions/{meeting_id}/proces-verbal?fait=pv-diffuse")

    @post("/reunions/{meeting_id:int}/proces-verbal/adoption")
    async def schedule_adoption(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[Any]:
        """Place the adoption of this PV on the agenda of a later meeting of the body (a vote item)."""
        visit = await page_visit(request)
        posted = await read_form(request)
        target = text_or_none(posted.get("target_meeting_id"))
        meeting = await meetings.get_meeting(actor=visit.actor, meeting_id=meeting_id)
        if target is None or not target.isdigit():
            state = FormState(values=posted, errors={"target_meeting_id": "Choisissez la réunion."})
            return await minutes_editor(visit, meeting_id, form=state, status=422)
        day = meeting.starts_at.strftime("%d/%m/%Y")
        data = AgendaItemCreate(
            title=f"Adoption du procès-verbal de la réunion du {day}",
            kind=AgendaItemKind.vote,
            minutes_of_meeting_id=meeting_id,
        )
        try:
            await agenda.add_item(actor=visit.actor, meeting_id=int(target), data=data)
        except InvalidInput as exc:
            state = FormState(values=posted, errors={"target_meeting_id": exc.detail})
            return await minutes_editor(visit, meeting_id, form=state, status=422)
        return see_other(f"/reunions/{target}?fait=point#ordre-du-jour")

    @get("/reunions/{meeting_id:int}/proces-verbal.pdf")
    async def minutes_pdf(
        self, request: Request[Any, Any, Any], chain_key: AppChainKey, meeting_id: FromPath[int]
    ) -> Response[bytes]:
        actor = (await page_visit(request)).actor
        pdf, filename = await minutes_export.export_pdf(actor=actor, meeting_id=meeting_id, chain_key=chain_key)
        return Response(
            content=pdf,
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    @get("/reunions/{meeting_id:int}/proces-verbal.odt")
    async def minutes_odt(
        self, request: Request[Any, Any, Any], chain_key: AppChainKey, meeting_id: FromPath[int]
    ) -> Response[bytes]:
        """The PV as an OpenDocument text, to rework in LibreOffice (same sections as the PDF)."""
        return await _office(request, chain_key, meeting_id, "odt")

    @get("/reunions/{meeting_id:int}/proces-verbal.docx")
    async def minutes_docx(
        self, request: Request[Any, Any, Any], chain_key: AppChainKey, meeting_id: FromPath[int]
    ) -> Response[bytes]:
        """The PV as a Word document (same sections as the PDF)."""
        return await _office(request, chain_key, meeting_id, "docx")


async def _office(request: Request[Any, Any, Any], chain_key: ChainKey, meeting_id: int, kind: str) -> Response[bytes]:
    actor = (await page_visit(request)).actor
    data, filename, media_type = await minutes_export.export_office(
        actor=actor, meeting_id=meeting_id, chain_key=chain_key, kind=kind
    )
    return Response(
        content=data, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )
