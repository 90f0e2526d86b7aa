"""The bearer-token guard of /api/v1 and what it puts on the request (the session), and the client's address
for throttling. They live with accounts (sessions, revocation); `web.deps` then hands the actor to handlers."""

from __future__ import annotations

from typing import Any, TypeAlias

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency
from litestar.handlers.base import BaseRouteHandler

from dialogue.auth import service as auth_service
from dialogue.auth.rules import client_ip
from dialogue.auth.security import TokenClaims, read_token
from dialogue.core.actor import Actor
from dialogue.core.db import PENDING_CHECK, SessionCheck
from dialogue.core.errors import Unauthenticated
from dialogue.settings import Settings


async def bearer_guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """Every /api/v1 handler needs a valid bearer token, except those marked `public`.

    The token must also still be valid in the database (account active, sessions not ended by a password
    change or a deactivation, token not signed out), so revocation holds at once on every process. That
    check is deferred, not skipped: it rides on the request's first read of the actor's access
    (`core.db.run_checked`), or runs alone before any other statement, or when the response starts
    (`web.deps`). Handlers marked `session_checked_by_handler` (GET /me) check it in their own single query."""
    if handler.opt.get("public"):
        return
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthenticated("Jeton d'accès manquant (en-tête Authorization: Bearer …).")
    settings: Settings = connection.app.state.settings
    claims = read_token(token.strip(), secret=settings.secret_key.get_secret_value())
    if claims is None:
        raise Unauthenticated("Jeton d'accès invalide ou expiré.")
    if not handler.opt.get("session_checked_by_handler"):
        condition = auth_service.session_condition(session=claims)
        PENDING_CHECK.set(SessionCheck(condition, "Session terminée : reconnectez-vous."))
    state = connection.state  # each access builds a State over the scope's
    state.session = claims
    state.actor = Actor(user_id=claims.user_id, organization_id=claims.organization_id)


async def provide_session(request: Request[Any, Any, Any]) -> TokenClaims:
    session: TokenClaims | None = getattr(request.state, "session", None)
    if session is None:
        raise Unauthenticated("Jeton d'accès manquant.")
    return session


def client_address(request: Request[Any, Any, Any]) -> str:
    """The client's IP for throttling: X-Forwarded-For is believed only from DIALOGUE_TRUSTED_PROXIES."""
    settings: Settings = request.app.state.settings
    peer = request.client.host if request.client else "unknown"
    return client_ip(peer, request.headers.getall("x-forwarded-for", []), settings.trusted_proxies)


#: Handler parameter type of the session (Litestar 3-ready explicit dependency).
CurrentSession: TypeAlias = NamedDependency[TokenClaims]
