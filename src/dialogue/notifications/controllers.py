"""HTTP endpoints: the outbox for organisation admins, each user's preferences, one-click unsubscribe."""

from __future__ import annotations

from html import escape
from typing import Annotated, Any

from litestar import Controller, MediaType, Request, Response, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_404_NOT_FOUND

from dialogue.core.schemas import Page
from dialogue.notifications import service
from dialogue.notifications.rules import Category, Status
from dialogue.notifications.schemas import OutboxRead, PreferencesRead, PreferencesUpdate
from dialogue.settings import Settings
from dialogue.web.deps import CurrentActor
from dialogue.web.pagination import LimitParam, OffsetParam

CATEGORY_LABELS = {
    Category.reminder: "les rappels de réunion",
    Category.digest: "les récapitulatifs",
    Category.agenda: "l'ordre du jour des réunions, communiqué pour information",
}


def _where(email: str | None) -> str:
    """« à l'adresse x@y » for an account; an address token names no address (only its digest is kept)."""
    return f"à l'adresse <strong>{escape(email)}</strong>" if email else "à l'adresse qui a reçu ce message"


class OutboxController(Controller):
    tags = ["notifications"]

    @get("/organizations/{organization_id:int}/outbox", summary="Messages de la file d'envoi (administrateurs)")
    async def list_outbox(
        self,
        actor: CurrentActor,
        organization_id: FromPath[int],
        status: Annotated[Status | None, QueryParameter(description="pending, sending, sent, dead, skipped")] = None,
        limit: LimitParam = 50,
        offset: OffsetParam = 0,
    ) -> Page[OutboxRead]:
        items, total = await service.list_outbox(
            actor=actor, organization_id=organization_id, status=status, limit=limit, offset=offset
        )
        return Page(items=items, total=total, limit=limit, offset=offset)

    @post("/outbox/{outbox_id:int}/retry", status_code=HTTP_200_OK, summary="Renvoyer un message en échec")
    async def retry_message(self, actor: CurrentActor, outbox_id: FromPath[int]) -> OutboxRead:
        return await service.retry_message(actor=actor, outbox_id=outbox_id)


class PreferencesController(Controller):
    path = "/me/notification-preferences"
    tags = ["notifications"]

    @get("/", summary="Mes préférences de notification")
    async def get_preferences(self, actor: CurrentActor) -> PreferencesRead:
        return await service.get_preferences(actor=actor)

    @patch("/", summary="Activer ou désactiver les messages facultatifs")
    async def update_preferences(self, actor: CurrentActor, data: JSONBody[PreferencesUpdate]) -> PreferencesRead:
        return await service.update_preferences(actor=actor, data=data)


def _page(title: str, body: str, status: int = HTTP_200_OK) -> Response[str]:
    html = (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="robots" content="noindex"><title>{escape(title)}</title></head>'
        '<body style="font-family:Arial,Helvetica,sans-serif;max-width:560px;margin:40px auto;padding:0 16px;'
        f'color:#1f2933;"><h1 style="font-size:22px;">{escape(title)}</h1>{body}</body></html>'
    )
    return Response(
        html,
        status_code=status,
        media_type=MediaType.HTML,
        headers={"cache-control": "no-store", "referrer-policy": "no-referrer"},
    )


def _unknown() -> Response[str]:
    return _page("Lien invalide", "<p>Ce lien de désabonnement est invalide ou a expiré.</p>", HTTP_404_NOT_FOUND)


class UnsubscribeController(Controller):
    """RFC 8058: GET only shows a confirmation (link scanners follow GETs); POST unsubscribes, no session."""

    path = "/u"
    tags = ["notifications"]

    @get("/{token:str}", summary="Page de confirmation du désabonnement (ne désabonne pas)")
    async def confirm_page(self, request: Request[Any, Any, Any], token: FromPath[str]) -> Response[str]:
        settings: Settings = request.app.state.settings
        found = await service.describe_unsubscribe(token=token, settings=settings)
        if found is None:
            return _unknown()
        email, category = found
        body = (
            f"<p>Ne plus recevoir {CATEGORY_LABELS[category]} {_where(email)} ?</p>"
            + (
                "<p>Les convocations et les avis légaux continueront de vous parvenir : ils sont obligatoires.</p>"
                if email
                else "<p>Seul l'envoi par courriel est arrêté, pour cette organisation.</p>"
            )
            + f'<form method="post" action="/u/{escape(token)}">'
            '<input type="hidden" name="List-Unsubscribe" value="One-Click">'
            '<button type="submit" style="background:#2f6f8f;color:#fff;border:0;padding:10px 18px;'
            'border-radius:4px;font-size:15px;">Me désabonner</button></form>'
        )
        return _page("Se désabonner", body)

    @post("/{token:str}", status_code=HTTP_200_OK, summary="Désabonnement en un clic (RFC 8058)")
    async def unsubscribe(self, request: Request[Any, Any, Any], token: FromPath[str]) -> Response[str]:
        settings: Settings = request.app.state.settings
        done = await service.unsubscribe(token=token, settings=settings)
        if done is None:
            return _unknown()
        email, category = done
        body = f"<p>C'est fait : vous ne recevrez plus {CATEGORY_LABELS[category]} {_where(email)}.</p>" + (
            "<p>Vous pouvez les réactiver à tout moment dans vos préférences de notification.</p>"
            if email
            else "<p>Pour les recevoir de nouveau, adressez-vous au secrétariat de l'instance.</p>"
        )
        return _page("Désabonnement confirmé", body)
