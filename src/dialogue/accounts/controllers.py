"""HTTP endpoints: « Mot de passe oublié » and its link, invitations, the organisation's accounts, and
ending every session of one's account."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from litestar import Controller, Request, Response, delete, get, post
from litestar.background_tasks import BackgroundTask
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from dialogue.accounts import service
from dialogue.accounts.schemas import AccountRead, InvitationCreate, PasswordResetConfirm, PasswordResetRequest
from dialogue.auth.guards import client_address
from dialogue.auth.service import Account
from dialogue.web.deps import AppSettings, CurrentActor


def account_read(account: Account) -> AccountRead:
    fields = asdict(account)
    fields.pop("organization_id")
    return AccountRead(**fields)


class PasswordResetController(Controller):
    path = "/auth/password-reset"
    tags = ["auth"]

    @post(
        "/",
        opt={"public": True},
        status_code=HTTP_202_ACCEPTED,
        summary="Mot de passe oublié : un lien est envoyé si l'adresse a un compte (même réponse sinon)",
    )
    async def request_reset(
        self, request: Request[Any, Any, Any], data: JSONBody[PasswordResetRequest], settings: AppSettings
    ) -> Response[None]:
        """The throttle answers now; the link is made and mailed after the answer (same timing for any address)."""
        await service.reserve_reset_request(email=data.email, client=client_address(request), settings=settings)
        return Response(
            None,
            status_code=HTTP_202_ACCEPTED,
            background=BackgroundTask(service.send_reset_link, email=data.email, settings=settings),
        )

    @post(
        "/{token:str}",
        opt={"public": True},
        status_code=HTTP_204_NO_CONTENT,
        summary="Choisir un mot de passe avec le lien reçu (une seule fois ; toutes les sessions prennent fin)",
    )
    async def reset_password(
        self, token: FromPath[str], data: JSONBody[PasswordResetConfirm], settings: AppSettings
    ) -> None:
        await service.reset_password(token=token, password=data.password, settings=settings)


class AccountsController(Controller):
    tags = ["auth"]

    @get("/organizations/{organization_id:int}/users", summary="Comptes de l'organisation (administrateurs)")
    async def list_accounts(self, actor: CurrentActor, organization_id: FromPath[int]) -> list[AccountRead]:
        return [account_read(a) for a in await service.list_accounts(actor=actor, organization_id=organization_id)]

    @post(
        "/organizations/{organization_id:int}/invitations",
        summary="Inviter une personne : compte sans mot de passe et lien pour le choisir (valable 7 jours)",
    )
    async def invite(
        self,
        actor: CurrentActor,
        organization_id: FromPath[int],
        data: JSONBody[InvitationCreate],
        settings: AppSettings,
    ) -> AccountRead:
        return account_read(
            await service.invite(
                actor=actor,
                organization_id=organization_id,
                email=data.email,
                full_name=data.full_name,
                is_org_admin=data.is_org_admin,
                settings=settings,
            )
        )

    @post("/users/{user_id:int}/invitation", status_code=HTTP_200_OK, summary="Renvoyer l'invitation (nouveau lien)")
    async def resend_invitation(
        self, actor: CurrentActor, user_id: FromPath[int], settings: AppSettings
    ) -> AccountRead:
        return account_read(await service.resend_invitation(actor=actor, user_id=user_id, settings=settings))

    @delete("/me/sessions", status_code=HTTP_204_NO_CONTENT, summary="Se déconnecter partout (toutes les sessions)")
    async def sign_out_everywhere(self, actor: CurrentActor) -> None:
        await service.sign_out_everywhere(actor=actor)
