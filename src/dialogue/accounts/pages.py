"""Account pages: « Mot de passe oublié », the mailed link that sets a password, « Mon compte » (change the
password, sign out everywhere) and « Mes notifications » (the page the mails' « vos préférences » leads to)."""

from __future__ import annotations

from typing import Any, Final

from litestar import Controller, Request, Response, get, post
from litestar.background_tasks import BackgroundTask
from litestar.datastructures import Cookie
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from dialogue.accounts import service
from dialogue.accounts.schemas import PasswordResetConfirm, PasswordResetRequest
from dialogue.auth import service as auth_service
from dialogue.auth.guards import client_address
from dialogue.auth.schemas import PasswordChange
from dialogue.core.errors import Conflict, DomainError, Forbidden, Gone, NotFound, TooManyRequests, Unauthenticated
from dialogue.notifications import service as notifications_service
from dialogue.notifications.schemas import PreferencesUpdate
from dialogue.pages.controllers import PageEnv, page_env, render, require_me
from dialogue.pages.forms import FormState, checked, read_form, validate
from dialogue.pages.session import SESSION_COOKIE
from dialogue.settings import Settings

NO_STORE: Final = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
LABELS: Final = {
    "email": "Adresse électronique",
    "password": "Nouveau mot de passe",
    "password_again": "Nouveau mot de passe (confirmation)",
    "current_password": "Mot de passe actuel",
    "new_password": "Nouveau mot de passe",
    "new_password_again": "Nouveau mot de passe (confirmation)",
}
DONE: Final = {"notifications": "Vos préférences ont été enregistrées."}
MISMATCH: Final = "Les deux saisies du nouveau mot de passe diffèrent."
#: What the login page says after an account action that ended the session.
SIGNED_OUT: Final = "/connexion?fait="


def _page(request: Request[Any, Any, Any], name: str, env: PageEnv, status: int = 200, **context: Any) -> Template:
    page = render(request, name, env, status_code=status, labels=LABELS, **context)
    page.headers.update(NO_STORE)
    return page


def _end_session(path: str) -> Redirect:
    return Redirect(
        path=path,
        status_code=HTTP_303_SEE_OTHER,
        cookies=[Cookie(key=SESSION_COOKIE, value="", max_age=0, httponly=True, samesite="lax", path="/")],
    )


class AccountPagesController(Controller):
    tags = ["pages"]
    include_in_schema = False

    # ------------------------------------------------------------ forgotten password (no session)

    @get("/mot-de-passe-oublie")
    async def forgot_form(self, request: Request[Any, Any, Any]) -> Template:
        return _page(request, "accounts/forgot.html.j2", page_env(request), form=FormState(), sent=False)

    @post("/mot-de-passe-oublie")
    async def forgot(self, request: Request[Any, Any, Any]) -> Template:
        """The same answer whether the address has an account or not (no enumeration)."""
        settings: Settings = request.app.state.settings
        env = page_env(request)
        posted = await read_form(request)
        parsed = validate(PasswordResetRequest, {"email": posted.get("email", "")})
        if isinstance(parsed, dict):
            errors = {"email": env.t("Adresse électronique attendue (nom@exemple.fr).")}
            return _page(request, "accounts/forgot.html.j2", env, 422, form=FormState(posted, errors), sent=False)
        try:
            await service.reserve_reset_request(email=parsed.email, client=client_address(request), settings=settings)
        except TooManyRequests as exc:
            wait = env.t("Réessayez dans {seconds} s.").format(seconds=exc.retry_after)
            form = FormState(posted, message=f"{env.t('Trop de demandes.')} {wait}")
            return _page(request, "accounts/forgot.html.j2", env, 429, form=form, sent=False)
        page = _page(request, "accounts/forgot.html.j2", env, form=FormState(), sent=True, email=parsed.email)
        page.background = BackgroundTask(service.send_reset_link, email=parsed.email, settings=settings)
        return page

    @get("/mot-de-passe/{token:str}")
    async def link_form(self, request: Request[Any, Any, Any], token: FromPath[str]) -> Template:
        env = page_env(request)
        try:
            holder = await service.describe_link(token=token)
        except (NotFound, Gone) as exc:
            return _page(request, "accounts/link_invalid.html.j2", env, 404 if isinstance(exc, NotFound) else 410)
        return _page(request, "accounts/set_password.html.j2", env, holder=holder, token=token, form=FormState())

    @post("/mot-de-passe/{token:str}")
    async def set_password(self, request: Request[Any, Any, Any], token: FromPath[str]) -> Response[Any]:
        settings: Settings = request.app.state.settings
        env = page_env(request)
        try:
            holder = await service.describe_link(token=token)
        except (NotFound, Gone) as exc:
            return _page(request, "accounts/link_invalid.html.j2", env, 404 if isinstance(exc, NotFound) else 410)
        posted = await read_form(request)
        parsed = validate(PasswordResetConfirm, {"password": posted.get("password", "")})
        errors: dict[str, str] = {}
        if isinstance(parsed, dict):
            errors["password"] = env.t("Au moins 12 caractères.")
        elif posted.get("password") != posted.get("password_again"):
            errors["password_again"] = env.t(MISMATCH)
        if errors or isinstance(parsed, dict):
            form = FormState({}, errors)  # a password is never sent back into the page
            return _page(request, "accounts/set_password.html.j2", env, 422, holder=holder, token=token, form=form)
        try:
            await service.reset_password(token=token, password=parsed.password, settings=settings)
        except (NotFound, Gone):
            return _page(request, "accounts/link_invalid.html.j2", env, 410)
        return _end_session(SIGNED_OUT + "mot-de-passe-choisi")

    # ------------------------------------------------------------ my account

    @get("/compte")
    async def account(self, request: Request[Any, Any, Any]) -> Template:
        _, me = await require_me(request)
        return _page(request, "accounts/account.html.j2", page_env(request, me), form=FormState())

    @post("/compte/mot-de-passe")
    async def change_password(self, request: Request[Any, Any, Any]) -> Response[Any]:
        """Every session of the account ends (this one too): back to the sign-in page with a word."""
        actor, me = await require_me(request)
        settings: Settings = request.app.state.settings
        env = page_env(request, me)
        posted = await read_form(request)
        payload = {key: posted.get(key, "") for key in ("current_password", "new_password")}
        parsed = validate(PasswordChange, payload)
        errors: dict[str, str] = {}
        if isinstance(parsed, dict):
            if "current_password" in parsed:
                errors["current_password"] = env.t("Ce champ est obligatoire.")
            if "new_password" in parsed:
                errors["new_password"] = env.t("Au moins 12 caractères.")
        elif posted.get("new_password") != posted.get("new_password_again"):
            errors["new_password_again"] = env.t(MISMATCH)
        if errors or isinstance(parsed, dict):
            return _page(request, "accounts/account.html.j2", env, 422, form=FormState({}, errors))
        try:
            await auth_service.change_password(
                actor=actor,
                current_password=parsed.current_password,
                new_password=parsed.new_password,
                client=client_address(request),
                settings=settings,
            )
        except (Forbidden, Conflict, TooManyRequests) as exc:
            field = "current_password" if isinstance(exc, Forbidden) else "new_password"
            status = {Forbidden: 403, Conflict: 409, TooManyRequests: 429}[type(exc)]
            form = FormState({}, {field: env.t(exc.detail)})
            return _page(request, "accounts/account.html.j2", env, status, form=form)
        except Unauthenticated:
            return _end_session("/connexion")
        return _end_session(SIGNED_OUT + "mot-de-passe-change")

    @post("/compte/deconnexion-partout")
    async def sign_out_everywhere(self, request: Request[Any, Any, Any]) -> Redirect:
        actor, _ = await require_me(request)
        await service.sign_out_everywhere(actor=actor)
        return _end_session(SIGNED_OUT + "deconnecte-partout")

    # ------------------------------------------------------------ my notifications

    @get("/compte/notifications")
    async def notifications(self, request: Request[Any, Any, Any], fait: FromQuery[str | None] = None) -> Template:
        actor, me = await require_me(request)
        preferences = await notifications_service.get_preferences(actor=actor)
        form = FormState({"reminders": preferences.reminders, "digests": preferences.digests})
        return _page(
            request,
            "accounts/notifications.html.j2",
            page_env(request, me),
            form=form,
            preferences=preferences,
            done=DONE.get(fait or ""),
        )

    @post("/compte/notifications")
    async def save_notifications(self, request: Request[Any, Any, Any]) -> Redirect:
        actor, _ = await require_me(request)
        posted = await read_form(request)
        data = PreferencesUpdate(reminders=checked(posted.get("reminders")), digests=checked(posted.get("digests")))
        await notifications_service.update_preferences(actor=actor, data=data)
        return Redirect(path="/compte/notifications?fait=notifications", status_code=HTTP_303_SEE_OTHER)


__all__ = ["AccountPagesController", "DomainError"]
