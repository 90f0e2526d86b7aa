"""Request plumbing: request ids, the injected actor and settings. It knows nothing of accounts: the bearer
guard that checks a token and sets the actor is `auth.guards`, installed by the composition root."""

from __future__ import annotations

import json
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
from dialogue.core.db import PENDING_CHECK, settle_pending_check
from dialogue.core.errors import Unauthenticated
from dialogue.integrity import ChainKey
from dialogue.settings import Settings
from dialogue.web.problems import PROBLEM_MEDIA_TYPE, problem

access_logger = logging.getLogger("dialogue.access")
#: Path segments that are secrets (feed tokens, barometer codes, unsubscribe tokens): never logged.
_SECRET_PATH = re.compile(r"^/(calendar|barometer|barometre|invitation|u)/[^/]+")


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
        check_token = PENDING_CHECK.set(None)
        started = time.perf_counter()
        status = [0]
        refused = [False]

        async def send_with_id(message: Message) -> None:
            if refused[0]:
                return
            if message["type"] == "http.response.start":
                if not await _session_held():
                    refused[0] = True
                    status[0] = await _refuse(send, request_id)
                    return
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
            PENDING_CHECK.reset(check_token)

    return middleware


async def _session_held() -> bool:
    """A handler that read nothing never settled the bearer session's check: it is settled before answering."""
    check = PENDING_CHECK.get()
    if check is None or check.result is not None:
        return True
    try:
        await settle_pending_check()
    except Unauthenticated:
        return False
    return True


async def _refuse(send: Send, request_id: str) -> int:
    """The 401 problem of an ended session, sent instead of the handler's answer; returns its status."""
    error = Unauthenticated("Session terminée : reconnectez-vous.")
    response = problem(status=401, code=error.code, detail=error.detail, title=error.title)
    body = json.dumps(response.content).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 401,
            "headers": [
                (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
                (b"content-length", str(len(body)).encode()),
                (b"www-authenticate", b"Bearer"),
                (b"x-request-id", request_id.encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body, "more_body": False})
    return 401


async def provide_actor(request: Request[Any, Any, Any]) -> Actor:
    actor: Actor | None = getattr(request.state, "actor", None)
    if actor is None:
        raise Unauthenticated("Jeton d'accès manquant.")
    return actor


async def provide_settings(request: Request[Any, Any, Any]) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def chain_key_of(request: Request[Any, Any, Any]) -> ChainKey:
    """The chain key `create_app` built once from the settings (tamper evidence of registers and minutes)."""
    key: ChainKey = request.app.state.chain_key
    return key


async def provide_chain_key(request: Request[Any, Any, Any]) -> ChainKey:
    return chain_key_of(request)


#: Handler parameter types (Litestar 3-ready explicit dependencies).
CurrentActor: TypeAlias = NamedDependency[Actor]
AppSettings: TypeAlias = NamedDependency[Settings]
AppChainKey: TypeAlias = NamedDependency[ChainKey]
