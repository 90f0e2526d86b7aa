"""`/invitation/{token}`: the personal, expiring, read-only link of an external invitee (L2314-3) to one meeting's
convocation and documents, without an account. Public like the barometer's form: no session, no CSRF (GET only),
never cached, indexed or sent on as a Referer, and the token is kept out of the access log (web.deps)."""

from __future__ import annotations

from typing import Any, Final
from zoneinfo import ZoneInfo

from litestar import Controller, Request, Response, get
from litestar.enums import MediaType
from litestar.params import FromPath
from litestar.response import Stream

from dialogue.core.clock import utcnow
from dialogue.core.errors import DomainError, Gone, NotFound
from dialogue.core.templating import environment
from dialogue.documents.controllers import content_response
from dialogue.meetings.service import invitation_link
from dialogue.settings import Settings

PUBLIC_HEADERS: Final = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
}
CAPACITIES: Final = {
    "medecin_travail": "médecin du travail",
    "responsable_securite": "responsable sécurité",
    "inspection_travail": "inspection du travail",
    "carsat": "CARSAT",
}
HEADINGS: Final = {
    "invitation_not_found": "Lien d'invitation introuvable",
    "invitation_expired": "Lien d'invitation expiré",
    "invitation_withdrawn": "Invitation retirée",
}


def _key(request: Request[Any, Any, Any]) -> bytes:
    settings: Settings = request.app.state.settings
    return settings.secret_key.get_secret_value().encode()


def _page(template: str, status: int = 200, **context: Any) -> Response[str]:
    html = environment("document").get_template(f"invitation/{template}").render(**context)
    return Response(content=html, media_type=MediaType.HTML, status_code=status, headers=PUBLIC_HEADERS)


def _refused(exc: DomainError) -> Response[str]:
    status = 410 if isinstance(exc, Gone) else 404
    return _page("message.html.j2", status, heading=HEADINGS.get(exc.code, "Lien plus valable"), message=exc.detail)


class InvitationPageController(Controller):
    """The invitee's page and the documents it lists."""

    path = "/invitation"
    include_in_schema = False

    @get("/{token:str}")
    async def show(self, request: Request[Any, Any, Any], token: FromPath[str]) -> Response[str]:
        try:
            view = await invitation_link.invitation_view(token=token, key=_key(request), now=utcnow())
        except (NotFound, Gone) as exc:
            return _refused(exc)
        settings: Settings = request.app.state.settings
        tz = ZoneInfo(view.timezone)
        zone_note = None if view.timezone == settings.timezone else f"heure de {view.timezone.split('/')[-1]}"
        return _page(
            "page.html.j2",
            view=view,
            token=token,
            tz=tz,
            zone_note=zone_note,
            capacity=CAPACITIES.get(view.capacity),
        )

    @get("/{token:str}/documents/{document_id:int}")
    async def document(
        self, request: Request[Any, Any, Any], token: FromPath[str], document_id: FromPath[int]
    ) -> Response[str] | Stream:
        try:
            content = await invitation_link.invitation_document(
                token=token, key=_key(request), now=utcnow(), document_id=document_id
            )
        except (NotFound, Gone) as exc:
            return _refused(exc)
        response = content_response(content)
        response.headers.update(PUBLIC_HEADERS)
        return response
