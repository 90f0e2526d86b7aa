"""HTTP endpoints of the meeting printables: the convocation letter and the attendance sheet, as A4 PDFs."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.params import FromPath

from dialogue.meetings.service import printables
from dialogue.web.deps import CurrentActor


def pdf_response(pdf: bytes, filename: str) -> Response[bytes]:
    """A PDF to download under its French file name."""
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


class PrintablesController(Controller):
    tags = ["réunions"]

    @get(
        "/meetings/{meeting_id:int}/convocation.pdf",
        summary="Convocation en PDF : lettre, ordre du jour, annexes, destinataires (L2315-30, L2315-29)",
        media_type="application/pdf",
    )
    async def convocation_pdf(self, actor: CurrentActor, meeting_id: FromPath[int]) -> Response[bytes]:
        return pdf_response(*await printables.convocation(actor=actor, meeting_id=meeting_id))

    @get(
        "/meetings/{meeting_id:int}/attendance-sheet.pdf",
        summary="Feuille d'émargement en PDF (signature, arrivée, départ)",
        media_type="application/pdf",
    )
    async def attendance_sheet_pdf(self, actor: CurrentActor, meeting_id: FromPath[int]) -> Response[bytes]:
        return pdf_response(*await printables.attendance_sheet(actor=actor, meeting_id=meeting_id))
