"""Request plumbing: request ids, the injected actor and settings. It knows nothing of accounts: the bearer
guard that checks a token and sets the actor is `auth.guards`, installed by the composition root."""

from __future__ import annotations

import logging
import re
import secrets
import time
from typing import Any, TypeAlias

from litestar import Request
from litestar.di import NamedDependency
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

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


async def provide_actor(request: Request[Any, Any, Any]) -> Actor:
    actor: Actor | None = getattr(request.state, "actor", None)
    if actor is None:
        raise Unauthenticated("Jeton d'accès manquant.")
    return actor


async def provide_settings(request: Request[Any, Any, Any]) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


#: Handler parameter types (Litestar 3-ready explicit dependencies).
CurrentActor: TypeAlias = NamedDependency[Actor]
AppSettings: TypeAlias = NamedDependency[Settings]
