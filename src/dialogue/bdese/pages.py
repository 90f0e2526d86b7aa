"""BDESE pages: the base of a year by theme with its completeness (what is missing shown as plainly as what is
there), the employer's form to add an item and the publication button. Same service functions as the API."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_422_UNPROCESSABLE_ENTITY

from dialogue.bdese import service
from dialogue.bdese.schemas import ItemCreate
from dialogue.core.actor import Actor
from dialogue.core.errors import InvalidInput, RuleViolation
from dialogue.documents import service as document_service
from dialogue.pages.controllers import page_env, render, require_me
from dialogue.pages.forms import FormState, errors_from_invalid, read_form, text_or_none, validate
from dialogue.web.problems import status_for

STATUS_LABELS = {"actual": "Données réelles", "forecast": "Perspectives", "not_applicable": "Sans objet"}
LABELS = {
    "theme": "Rubrique et sous-rubrique",
    "year": "Année",
    "title": "Intitulé",
    "figures": "Chiffres",
    "text": "Texte",
    "document_id": "Document",
    "confidential_until": "Confidentiel jusqu'au",
    "confidentiality_reason": "Justification de la confidentialité",
}


def _figures(text: str | None) -> dict[str, str] | None:
    """One figure a line, « libellé : valeur »."""
    if not text:
        return None
    found: dict[str, str] = {}
    for line in text.splitlines():
        label, _, value = line.partition(":")
        if label.strip():
            found[label.strip()] = value.strip()
    return found or None


def _payload(posted: dict[str, str]) -> dict[str, Any]:
    theme, _, sub = posted.get("theme", "").partition(":")
    return {
        "theme": theme or None,
        "sub_theme": sub or None,
        "year": text_or_none(posted.get("year")),
        "title": text_or_none(posted.get("title")),
        "figures": _figures(posted.get("figures")),
        "text": text_or_none(posted.get("text")),
        "document_id": text_or_none(posted.get("document_id")),
        "status": "not_applicable" if posted.get("not_applicable") else None,
        "confidential": bool(posted.get("confidential")),
        "confidential_until": text_or_none(posted.get("confidential_until")),
        "confidentiality_reason": text_or_none(posted.get("confidentiality_reason")),
    }


class BdesePagesController(Controller):
    @get("/organisations/{organization_id:int}/bdese")
    async def show(
        self, request: Request[Any, Any, Any], organization_id: FromPath[int], annee: FromQuery[int | None] = None
    ) -> Template:
        actor, me = await require_me(request)
        bdese = await service.get_bdese(actor=actor, organization_id=organization_id, year=annee)
        linked = {item.document_id for theme in bdese.themes for item in theme.items if item.document_id}
        documents = await document_service.readable_titles(actor=actor, ids=linked)
        env = page_env(request, me)
        return render(request, "bdese/year.html.j2", env, bdese=bdese, statuses=STATUS_LABELS, documents=documents)

    async def _form(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        me: Any,
        organization_id: int,
        form: FormState,
        status_code: int = 200,
    ) -> Template:
        bdese = await service.get_bdese(actor=actor, organization_id=organization_id)
        options = [
            (f"{theme.code}:{sub.code}", f"{theme.number}. {theme.title} — {sub.title}")
            for theme in bdese.themes
            for sub in theme.sub_themes
        ] + [(f"{t.code}:", f"{t.number}. {t.title}") for t in bdese.themes if t.not_applicable_allowed]
        return render(
            request,
            "bdese/item_form.html.j2",
            page_env(request, me),
            status_code=status_code,
            bdese=bdese,
            form=form,
            labels=LABELS,
            options=options,
            years=[(y, str(y)) for y in bdese.years],
        )

    @get("/organisations/{organization_id:int}/bdese/ajouter")
    async def new_item(self, request: Request[Any, Any, Any], organization_id: FromPath[int]) -> Template:
        actor, me = await require_me(request)
        return await self._form(request, actor, me, organization_id, FormState())

    @post("/organisations/{organization_id:int}/bdese/ajouter")
    async def create_item(self, request: Request[Any, Any, Any], organization_id: FromPath[int]) -> Response[Any]:
        actor, me = await require_me(request)
        posted = await read_form(request)
        parsed = validate(ItemCreate, _payload(posted))
        if isinstance(parsed, dict):
            form = FormState(values=posted, errors=parsed)
            return await self._form(request, actor, me, organization_id, form, HTTP_422_UNPROCESSABLE_ENTITY)
        try:
            item = await service.create_item(actor=actor, organization_id=organization_id, data=parsed)
        except (InvalidInput, RuleViolation) as exc:
            errors = errors_from_invalid(exc) if isinstance(exc, InvalidInput) else {"_form": exc.detail}
            form = FormState(values=posted, errors=errors, message=exc.detail)
            return await self._form(request, actor, me, organization_id, form, status_for(exc))
        return Redirect(
            path=f"/organisations/{organization_id}/bdese?annee={item.year}", status_code=HTTP_303_SEE_OTHER
        )

    @post("/organisations/{organization_id:int}/bdese/{item_id:int}/publier")
    async def publish(
        self, request: Request[Any, Any, Any], organization_id: FromPath[int], item_id: FromPath[int]
    ) -> Redirect:
        actor, _ = await require_me(request)
        item = await service.publish_item(actor=actor, organization_id=organization_id, item_id=item_id)
        return Redirect(
            path=f"/organisations/{organization_id}/bdese?annee={item.year}", status_code=HTTP_303_SEE_OTHER
        )


__all__ = ["BdesePagesController"]
