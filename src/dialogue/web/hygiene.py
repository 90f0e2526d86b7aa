"""Request and response hygiene shared by every route: ids the database cannot hold, security headers."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

from dialogue.core.errors import NotFound

#: Ids are PostgreSQL `serial` (int4) on one engine and 64-bit integers on the other: an id outside
#: 1..2**31-1 names no row on either, so it is refused before it reaches (and overflows) the driver.
MAX_ID = 2**31 - 1

#: No inline script anywhere (pages carry none); styles stay inline (page <style> blocks, SVG charts).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"
#: The interactive API docs load their viewer from a CDN with inline bootstrapping: no CSP there
#: (they show the public schema only, never user data).
_DOCS_PREFIX = "/schema"
_SESSION_COOKIE = b"dialogue_session="


async def reject_out_of_range_ids(request: Request[Any, Any, Any]) -> None:
    """Every integer path parameter outside the ids' range answers 404, on both engines (before_request hook)."""
    for value in request.path_params.values():
        if isinstance(value, int) and not isinstance(value, bool) and not 1 <= value <= MAX_ID:
            raise NotFound("Aucune ressource ne porte cet identifiant.")


def _signed_in(scope: Scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"authorization" or (name == b"cookie" and _SESSION_COOKIE in value):
            return True
    return False


async def security_headers(message: Message, scope: Scope) -> None:
    """before_send hook: CSP, nosniff, referrer policy, no framing, no-store when signed in, HSTS over https."""
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    path = str(scope.get("path", ""))
    if not path.startswith(_DOCS_PREFIX) and "content-security-policy" not in headers:
        headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        headers["X-Frame-Options"] = "DENY"
    headers["X-Content-Type-Options"] = "nosniff"
    if "referrer-policy" not in headers:  # a stricter one set by the handler stays (token-addressed pages)
        headers["Referrer-Policy"] = "same-origin"
    if _signed_in(scope):
        headers["Cache-Control"] = "no-store"
    if scope.get("scheme") == "https":
        headers["Strict-Transport-Security"] = HSTS
