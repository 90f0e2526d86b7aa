"""HTTP endpoints for sign-in, sign-out, password change, account deactivation and the current user."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, get, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from dialogue.auth import service
from dialogue.auth.guards import CurrentSession, client_address
from dialogue.auth.schemas import MeRead, PasswordChange, TokenRequest, TokenResponse, UserStateRead
from dialogue.core.actor import Actor
from dialogue.web.deps import AppSettings, CurrentActor


class AuthController(Controller):
    path = "/auth"
    tags = ["auth"]

    @post("/token", opt={"public": True}, status_code=HTTP_200_OK, summary="Obtenir un jeton d'accès")
    async def issue_token(
        self, request: Request[Any, Any, Any], data: JSONBody[TokenRequest], settings: AppSettings
    ) -> TokenResponse:
        return await service.issue_access_token(
            email=data.email, password=data.password, client=client_address(request), settings=settings
        )

    @delete("/token", status_code=HTTP_204_NO_CONTENT, summary="Se déconnecter : révoquer le jeton présenté")
    async def revoke_token(self, session: CurrentSession) -> None:
        await service.sign_out(session=session)

    @post(
        "/password",
        status_code=HTTP_204_NO_CONTENT,
        summary="Changer son mot de passe (toutes les sessions du compte prennent fin)",
    )
    async def change_password(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[PasswordChange],
        actor: CurrentActor,
        settings: AppSettings,
    ) -> None:
        await service.change_password(
            actor=actor,
            current_password=data.current_password,
            new_password=data.new_password,
            client=client_address(request),
            settings=settings,
        )


class MeController(Controller):
    path = "/me"
    tags = ["auth"]

    @get("/", opt={"session_checked_by_handler": True}, summary="L'utilisateur courant et ses mandats")
    async def get_me(self, session: CurrentSession) -> MeRead:
        # One dependency, not two (the actor is the session's): Litestar resolves two in an anyio task group,
        # a tenth of this hot path's CPU (issue 15).
        actor = Actor(user_id=session.user_id, organization_id=session.organization_id)
        return await service.me(actor=actor, session=session)


class UsersController(Controller):
    path = "/users"
    tags = ["auth"]

    @post("/{user_id:int}/deactivate", status_code=HTTP_200_OK, summary="Désactiver un compte (fin de ses sessions)")
    async def deactivate_user(self, actor: CurrentActor, user_id: FromPath[int]) -> UserStateRead:
        return await service.set_user_active(actor=actor, user_id=user_id, active=False)

    @post("/{user_id:int}/reactivate", status_code=HTTP_200_OK, summary="Réactiver un compte")
    async def reactivate_user(self, actor: CurrentActor, user_id: FromPath[int]) -> UserStateRead:
        return await service.set_user_active(actor=actor, user_id=user_id, active=True)
