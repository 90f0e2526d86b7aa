"""Server-rendered pages: sign-in, home, bodies. Same services and rules as the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.middleware.csrf import generate_csrf_token
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from litestar.utils.empty import value_or_default
from litestar.utils.scope.state import ScopeState
from pydantic import BaseModel, ConfigDict

from dialogue.auth import service as auth_service
from dialogue.auth.guards import client_address
from dialogue.auth.security import TokenClaims
from dialogue.bodies import service as bodies_service
from dialogue.bodies.schemas import COLLEGE_LABELS, role_label
from dialogue.core.actor import Actor
from dialogue.core.errors import DomainError, TooManyRequests, Unauthenticated
from dialogue.pages.fields import readable
from dialogue.pages.formatting import (
    long_date,
    long_datetime,
    meeting_start,
    meeting_when,
    short_date,
)
from dialogue.pages.i18n import LANG_COOKIE, body_kind_label, pick_lang, translate
from dialogue.pages.registry import HomeContext, HomeSection, PageExtensions
from dialogue.pages.session import SESSION_COOKIE, LoginRequired, safe_next, session_claims
from dialogue.settings import Settings

#: What the sign-in page says after an account action that ended the session (`/connexion?fait=…`).
SIGN_IN_NOTICES = {
    "mot-de-passe-choisi": "Votre mot de passe est enregistré : connectez-vous avec lui.",
    "mot-de-passe-change": "Mot de passe changé : toutes vos sessions ont pris fin, reconnectez-vous.",
    "deconnecte-partout": "Toutes vos sessions ont pris fin, sur tous vos appareils.",
}

#: Changes shown per page of a body's history.
HISTORY_PAGE = 50


class FormModel(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class LoginForm(FormModel):
    email: str = ""
    password: str = ""
    next: str = "/"


class LangForm(FormModel):
    lang: str = "fr"
    next: str = "/"


@dataclass
class PageEnv:
    """What every template needs: the language, a translator, the signed-in user."""

    lang: str
    me: Any = None

    def t(self, text: str) -> str:
        return translate(text, pick_lang(self.lang))


def page_env(request: Request[Any, Any, Any], me: Any = None) -> PageEnv:
    return PageEnv(lang=pick_lang(request.cookies.get(LANG_COOKIE)), me=me)


def render(
    request: Request[Any, Any, Any], name: str, env: PageEnv, status_code: int = 200, **context: Any
) -> Template:
    settings: Settings = request.app.state.settings
    tz = settings.tz
    lang = pick_lang(env.lang)
    return Template(
        template_name=f"pages/{name}",
        context={
            "env": env,
            "t": env.t,
            "lang": env.lang,
            "path": request.url.path,
            "role_label": lambda r, civility=None: env.t(role_label(r, civility)),
            "college_label": lambda c: env.t(COLLEGE_LABELS.get(c) or c),
            "kind_label": lambda k: body_kind_label(k, lang),
            "long_date": lambda d: long_date(_day(d, tz), lang) if d else "—",
            "long_datetime": lambda m: long_datetime(m, tz, lang) if m else "—",
            "short_date": lambda d: short_date(_day(d, tz), lang) if d else "—",
            "meeting_start": lambda m: meeting_start(m.starts_at, getattr(m, "timezone", "") or "", tz, lang),
            "meeting_when": lambda m: meeting_when(m.starts_at, m.ends_at, getattr(m, "timezone", "") or "", tz, lang),
            **context,
        },
        status_code=status_code,
    )


def _day(value: date | datetime, tz: ZoneInfo) -> date:
    """A calendar day; an instant is read in the organisation's zone."""
    return value.astimezone(tz).date() if isinstance(value, datetime) else value


async def require_me(request: Request[Any, Any, Any]) -> Any:
    """The signed-in actor and their profile; the session is checked in the query that loads them
    (signed out, password changed or account deactivated: back to the sign-in page)."""
    actor, claims = _actor(request)
    try:
        return actor, await auth_service.me(actor=actor, session=claims)
    except Unauthenticated:
        raise LoginRequired(request.url.path) from None


def _actor(request: Request[Any, Any, Any]) -> tuple[Actor, TokenClaims]:
    """The actor the session cookie names (not yet checked: the query that loads their profile checks it)."""
    claims = session_claims(request)
    if claims is None:
        raise LoginRequired(request.url.path)
    return Actor(user_id=claims.user_id, organization_id=claims.organization_id), claims


def _extensions(request: Request[Any, Any, Any]) -> PageExtensions:
    """The home sections and body tabs the composition root declared (`dialogue.bootstrap`)."""
    extensions: PageExtensions = request.app.state.page_extensions
    return extensions


def _secure(request: Request[Any, Any, Any]) -> bool:
    settings: Settings = request.app.state.settings
    return settings.base_url.startswith("https://")


class PagesController(Controller):
    tags = ["pages"]
    include_in_schema = False

    @get("/connexion")
    async def login_form(
        self, request: Request[Any, Any, Any], next: FromQuery[str] = "/", fait: FromQuery[str | None] = None
    ) -> Template:
        notice = SIGN_IN_NOTICES.get(fait or "")
        return render(
            request, "login.html.j2", page_env(request), next=safe_next(next), error=None, email="", notice=notice
        )

    @post("/connexion")
    async def login(self, request: Request[Any, Any, Any], data: URLEncodedBody[LoginForm]) -> Response[Any]:
        settings: Settings = request.app.state.settings
        env = page_env(request)
        try:
            token = await auth_service.issue_access_token(
                email=data.email, password=data.password, client=client_address(request), settings=settings
            )
        except (Unauthenticated, TooManyRequests) as exc:
            status = 429 if isinstance(exc, TooManyRequests) else 401
            if isinstance(exc, TooManyRequests):
                wait = env.t("Réessayez dans {seconds} s.").format(seconds=exc.retry_after)
                message = f"{env.t('Trop de tentatives de connexion échouées.')} {wait}"
            else:
                message = env.t("Adresse ou mot de passe incorrect.")
            return render(
                request,
                "login.html.j2",
                env,
                status_code=status,
                next=safe_next(data.next),
                error=message,
                email=data.email,
            )
        return Redirect(
            path=safe_next(data.next),
            status_code=HTTP_303_SEE_OTHER,
            cookies=[
                Cookie(
                    key=SESSION_COOKIE,
                    value=token.access_token,
                    max_age=token.expires_in,
                    httponly=True,
                    secure=_secure(request),
                    samesite="lax",
                    path="/",
                )
            ],
        )

    @post("/deconnexion")
    async def logout(self, request: Request[Any, Any, Any]) -> Redirect:
        """Sign-out revokes the session's token server-side (a copied cookie stops working too)."""
        claims = session_claims(request)
        if claims is not None:
            await auth_service.sign_out(session=claims)
        return Redirect(
            path="/connexion",
            status_code=HTTP_303_SEE_OTHER,
            cookies=[Cookie(key=SESSION_COOKIE, value="", max_age=0, httponly=True, samesite="lax", path="/")],
        )

    @post("/langue")
    async def set_language(self, request: Request[Any, Any, Any], data: URLEncodedBody[LangForm]) -> Redirect:
        return Redirect(
            path=safe_next(data.next),
            status_code=HTTP_303_SEE_OTHER,
            cookies=[Cookie(key=LANG_COOKIE, value=pick_lang(data.lang), max_age=365 * 24 * 3600, samesite="lax")],
        )

    @get("/")
    async def home(self, request: Request[Any, Any, Any]) -> Template:
        actor, claims = _actor(request)
        try:
            profile = await auth_service.profile(actor=actor, session=claims)
        except Unauthenticated:
            raise LoginRequired(request.url.path) from None
        me = profile.me
        sections: list[HomeSection] = []
        context = HomeContext(actor=actor, me=me, seats=profile.seats)
        for provider in _extensions(request).home_sections:
            section = await provider(context)
            if section is not None:
                sections.append(section)
        sections = merge_sections(sections)
        return render(request, "home.html.j2", page_env(request, me), sections=sections)

    @get("/instances/{body_id:int}")
    async def body(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Template:
        actor, me = await require_me(request)
        body, members = await bodies_service.body_with_members(actor=actor, body_id=body_id)
        by_college: dict[str, list[Any]] = {"direction": [], "elus": [], "gouvernance": []}
        names = {m.id: m.full_name for m in members}
        for member in members:
            by_college.setdefault(member.college.value, []).append(member)
        tabs = [tab for provider in _extensions(request).body_tabs for tab in provider(body.id, body.kind.value)]
        return render(
            request, "body.html.j2", page_env(request, me), body=body, by_college=by_college, names=names, tabs=tabs
        )

    @get("/instances/{body_id:int}/historique")
    async def body_history(
        self, request: Request[Any, Any, Any], body_id: FromPath[int], page: FromQuery[int] = 1
    ) -> Template:
        """Every change of the body's members (who, when, what), from the audit trail."""
        actor, me = await require_me(request)
        body = await bodies_service.get_body(actor=actor, body_id=body_id)
        page = min(max(page, 1), 100_000)
        changes, total = await bodies_service.list_member_changes(
            actor=actor, body_id=body_id, limit=HISTORY_PAGE, offset=(page - 1) * HISTORY_PAGE
        )
        return render(
            request,
            "body_history.html.j2",
            page_env(request, me),
            body=body,
            changes=changes,
            page=page,
            more=page * HISTORY_PAGE < total,
        )


def merge_sections(sections: list[HomeSection]) -> list[HomeSection]:
    """Modules may each add to the same section (« À faire »): one heading, items urgent first then by due."""
    merged: dict[str, HomeSection] = {}
    for section in sections:
        if section.title in merged:
            first = merged[section.title]
            merged[section.title] = HomeSection(first.title, first.empty_text, [*first.items, *section.items])
        else:
            merged[section.title] = section
    return [
        HomeSection(s.title, s.empty_text, sorted(s.items, key=lambda i: (not i.urgent, i.due is None, i.due or 0)))
        for s in merged.values()
    ]


def wants_html(request: Request[Any, Any, Any]) -> bool:
    path = request.scope.get("path", "")
    return not path.startswith("/api/") and "text/html" in request.headers.get("accept", "")


class ErrorPage(Response[str]):
    """An error page with the normal header: who is signed in (their menu) and the language switch.

    Exception handlers are synchronous in Litestar 2; the signed-in person is read when the response is sent,
    which is asynchronous. A page served because the database is down (503) does not try to read it."""

    def __init__(self, *, status: int, title: str, detail: str, with_me: bool = True) -> None:
        super().__init__(content="", status_code=status, media_type="text/html")
        self.status, self.title, self.detail, self.with_me = status, title, detail, with_me

    def to_asgi_response(self, app: Any, request: Request[Any, Any, Any], **kwargs: Any) -> Any:
        page = self

        async def send_page(scope: Any, receive: Any, send: Any) -> None:
            me = await _signed_in(request) if page.with_me else None
            new_cookie = _ensure_csrf_token(request)
            template = render(
                request,
                "error.html.j2",
                page_env(request, me),
                status_code=page.status,
                title=page.title,
                detail=page.detail,
            )
            template.headers.update(page.headers)
            if new_cookie is not None:
                template.cookies.append(new_cookie)
            kwargs.pop("status_code", None)
            await template.to_asgi_response(None, request, **kwargs)(scope, receive, send)

        return send_page


def _ensure_csrf_token(request: Request[Any, Any, Any]) -> Cookie | None:
    """The token of the header's forms (language, sign-out) on a page no route answered (404, 405): the CSRF
    middleware did not run, so take the browser's token cookie, or issue one (returned, to be set)."""
    config = request.app.csrf_config
    state = ScopeState.from_scope(request.scope)
    if config is None or value_or_default(state.csrf_token, ""):
        return None
    cookie = request.cookies.get(config.cookie_name)
    state.csrf_token = cookie or generate_csrf_token(secret=config.secret)
    if cookie:
        return None
    return Cookie(
        key=config.cookie_name,
        value=state.csrf_token,
        path=config.cookie_path,
        secure=config.cookie_secure,
        httponly=config.cookie_httponly,
        samesite=config.cookie_samesite,
    )


async def _signed_in(request: Request[Any, Any, Any]) -> Any:
    """The signed-in person's profile for the header, or None (no session, a revoked one, any failure)."""
    claims = session_claims(request)
    if claims is None:
        return None
    try:
        actor = Actor(user_id=claims.user_id, organization_id=claims.organization_id)
        return await auth_service.me(actor=actor, session=claims)
    except Exception:  # an error page must render even when the profile cannot be read
        return None


def html_error(request: Request[Any, Any, Any], *, status: int, title: str, detail: str) -> Response[Any]:
    return ErrorPage(status=status, title=title, detail=readable(detail), with_me=status != 503)


def login_redirect(request: Request[Any, Any, Any], exc: LoginRequired) -> Redirect:
    from dialogue.pages.session import login_url

    return Redirect(path=login_url(exc.next_path), status_code=HTTP_303_SEE_OTHER)


class ErrorPages:
    """The HTML error pages and the sign-in redirect that web/problems.py serves to browsers (app.state.error_pages)."""

    def wants_html(self, request: Request[Any, Any, Any]) -> bool:
        return wants_html(request)

    def html_error(self, request: Request[Any, Any, Any], *, status: int, title: str, detail: str) -> Response[Any]:
        return html_error(request, status=status, title=title, detail=detail)

    def login_redirect(self, request: Request[Any, Any, Any], exc: Exception) -> Redirect | None:
        return login_redirect(request, exc) if isinstance(exc, LoginRequired) else None


__all__ = ["DomainError", "ErrorPages", "PagesController", "html_error", "login_redirect", "wants_html"]
