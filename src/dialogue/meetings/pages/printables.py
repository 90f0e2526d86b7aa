"""The meeting printables from the meeting page, with the session cookie: the convocation letter and the
attendance sheet (feuille d'émargement)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.params import FromPath

from dialogue.meetings.printables_controller import pdf_response
from dialogue.meetings.service import printables
from dialogue.pages.forms import page_visit


class PrintablesPagesController(Controller):
    include_in_schema = False

    @get("/reunions/{meeting_id:int}/convocation.pdf")
    async def convocation_pdf(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[bytes]:
        actor = (await page_visit(request)).actor
        return pdf_response(*await printables.convocation(actor=actor, meeting_id=meeting_id))

    @get("/reunions/{meeting_id:int}/emargement.pdf")
    async def attendance_sheet_pdf(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[bytes]:
        actor = (await page_visit(request)).actor
        return pdf_response(*await printables.attendance_sheet(actor=actor, meeting_id=meeting_id))
