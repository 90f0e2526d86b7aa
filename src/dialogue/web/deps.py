"""Request plumbing: request ids, bearer-token guard, injected actor and settings."""

from __future__ import annotations

import logging
import re
import secrets
import time
from typing import Any, TypeAlias

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency
from litestar.enums import ScopeType
from litestar.handlers.base import BaseRouteHandler
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from dialogue.auth import service as auth_service
from dialogue.auth.rules import client_ip
from dialogue.auth.security import TokenClaims, read_token
from dialogue.core.actor import Actor, request_id_var
from dialogue.core.errors import Unauthenticated
from dialogue.settings import Settings

access_logger = logging.getLogger("dialogue.access")
#: Path segments that are secrets (feed tokens, barometer codes, unsubscribe tokens): never logged.
_SECRET_PATH = re.compile(r"^/(calendar|barometer|u)/[^/]+")


def redact_path(path: str) -> str:
    """The path as it may appear in logs: token-bearing segments replaced by ***."""
    return _SECRET_PATH.sub(lambda m: f"/{m.group(1)}/***", path)


def request_id_middleware(app: ASGIApp) -> ASGIApp:
    """Give each request an id (or keep a sane incoming X-Request-ID) for logs and 500 answers,
    and write the access log ourselves (uvicorn's is off: it would log secret tokens in paths)."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if 8 <= len(incoming) <= 64 and incoming.isalnum() else secrets.token_hex(8)
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = [0]

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await app(scope, receive, send_with_id)
        finally:
            if access_logger.isEnabledFor(logging.INFO):
                access_logger.info(
                    "%s %s %s %.1fms request_id=%s",
                    scope.get("method", "-"),
                    redact_path(scope.get("path", "")),
                    status[0],
                    (time.perf_counter() - started) * 1000,
                    request_id,
                )
            request_id_var.reset(token)

    return middleware


async def bearer_guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """Every /api/v1 handler needs a valid bearer token, except those marked `public`.

    The token must also still be valid in the database (account active, sessions not ended by a password
    change or a deactivation, token not signed out): one indexed query, so revocation holds at once on every
    process. Handlers marked `session_checked_by_handler` (GET /me) check it in their own single query."""
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
    if not handler.opt.get("session_checked_by_handler") and not await auth_service.session_is_valid(session=claims):
        raise Unauthenticated("Session terminée : reconnectez-vous.")
    connection.state.session = claims
    connection.state.actor = Actor(user_id=claims.user_id, organization_id=claims.organization_id)


async def provide_actor(request: Request[Any, Any, Any]) -> Actor:
    actor: Actor | None = getattr(request.state, "actor", None)
    if actor is None:
        raise Unauthenticated("Jeton d'accès manquant.")
    return actor


async def provide_session(request: Request[Any, Any, Any]) -> TokenClaims:
    session: TokenClaims | None = getattr(request.state, "session", None)
    if session is None:
        raise Unauthenticated("Jeton d'accès manquant.")
    return session


async def provide_settings(request: Request[Any, Any, Any]) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def client_address(request: Request[Any, Any, Any]) -> str:
    """The client's IP for throttling: X-Forwarded-For is believed only from DIALOGUE_TRUSTED_PROXIES."""
    settings: Settings = request.app.state.settings
    peer = request.client.host if request.client else "unknown"
    return client_ip(peer, request.headers.getall("x-forwarded-for", []), settings.trusted_proxies)


#: Handler parameter types (Litestar 3-ready explicit dependencies).
CurrentActor: TypeAlias = NamedDependency[Actor]
AppSettings: TypeAlias = NamedDependency[Settings]
CurrentSession: TypeAlias = NamedDependency[TokenClaims]
