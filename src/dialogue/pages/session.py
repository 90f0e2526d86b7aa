"""Browser sessions: the same signed token as the API, in an HttpOnly SameSite=Lax cookie."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Request

from dialogue.auth.security import TokenClaims, read_token
from dialogue.core.actor import Actor
from dialogue.settings import Settings

SESSION_COOKIE = "dialogue_session"


class LoginRequired(Exception):
    """The page needs a signed-in user; the handler redirects to the sign-in page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def session_claims(request: Request[Any, Any, Any]) -> TokenClaims | None:
    """The cookie's signed token, if well-formed and unexpired. Whether it was revoked is checked by the
    caller against the database (`auth_service.me(..., session=…)`, the same query that loads the user)."""
    settings: Settings = request.app.state.settings
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    return read_token(token, secret=settings.secret_key.get_secret_value())


def session_actor(request: Request[Any, Any, Any]) -> Actor | None:
    claims = session_claims(request)
    if claims is None:
        return None
    return Actor(user_id=claims.user_id, organization_id=claims.organization_id)


def login_url(next_path: str) -> str:
    return "/connexion?next=" + quote(next_path, safe="/")


def safe_next(value: str | None) -> str:
    """Only same-site relative paths (no //host, no scheme) are accepted as redirect targets."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value
