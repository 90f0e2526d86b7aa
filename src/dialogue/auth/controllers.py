"""HTTP endpoints for sign-in and the current user."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK

from dialogue.auth import service
from dialogue.auth.schemas import MeRead, TokenRequest, TokenResponse
from dialogue.web.deps import AppSettings, CurrentActor, client_address


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


class MeController(Controller):
    path = "/me"
    tags = ["auth"]

    @get("/", summary="L'utilisateur courant et ses mandats")
    async def get_me(self, actor: CurrentActor) -> MeRead:
        return await service.me(actor=actor)
