"""The barometer campaign for the director and the steering committee, in pages: create a campaign, shape its
questionnaire while a draft, print codes per group (a PDF sheet per code with its QR code), open, close, and
the link to the results. Same services as the API: only the direction organises (require_direction), the
anonymity threshold k never goes under 5, results stay closed until the campaign is, and a group under k is
never shown (barometer.participation and barometer_results apply barometer_suppression unchanged)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any, Final

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from dialogue.core.clock import PARIS, local_today
from dialogue.core.errors import DomainError, InvalidInput
from dialogue.pages.controllers import render
from dialogue.pages.forms import (
    FormState,
    Visit,
    checked,
    errors_from_invalid,
    page_visit,
    post_form,
    read_form,
    see_other,
    text_or_none,
    validate,
)
from dialogue.qvt import barometer, exports, rules, service
from dialogue.qvt.barometer.reads import establishment_names, require_direction
from dialogue.qvt.schemas import BarometerCreate, BarometerRead, InvitationsCreate, QuestionInput
from dialogue.settings import Settings

BAROMETER_STATUS: Final[Mapping[str, str]] = {"draft": "En préparation", "open": "Ouvert", "closed": "Clos"}
CAMPAIGN_LABELS: Final[Mapping[str, str]] = {
    "title": "Intitulé de la campagne",
    "year": "Année",
    "introduction": "Texte d'introduction",
    "min_group_size": "Seuil d'anonymat",
    "closes_on": "Clôture prévue le",
    "closes_at": "Clôture prévue le",
    "ask_staff_category": "Demander la catégorie de personnel",
}
QUESTION_LABELS: Final[Mapping[str, str]] = {"code": "Code", "theme": "Thème", "label": "Question"}
CODES_LABELS: Final[Mapping[str, str]] = {
    "establishment_id": "Établissement",
    "department": "Service",
    "count": "Nombre de codes",
    "groups": "Groupe",
}
#: Codes per PDF: a sheet takes 0.05 to 0.2 s to draw (QR mask choice, text layout; 0.19 s measured on two
#: loaded cores), so that a request stays short.
PRINT_LIMIT: Final = 200
DONE: Final[Mapping[str, str]] = {
    "cree": "La campagne a été créée en préparation : ajustez le questionnaire, imprimez les codes, puis ouvrez-la.",
    "question": "Le questionnaire a été mis à jour.",
    "ouvert": "Le questionnaire est ouvert : les codes distribués permettent de répondre.",
    "clos": "Le questionnaire est clos : les résultats sont disponibles pour le comité de pilotage.",
}


def closes_at_from(day: str | None) -> tuple[datetime | None, str | None]:
    """A closing date typed as AAAA-MM-JJ → the end of that day in the organisation's zone (23 h 59)."""
    if not day:
        return None, None
    try:
        on = date.fromisoformat(day)
    except ValueError:
        return None, "Date attendue au format AAAA-MM-JJ."
    return datetime.combine(on, time(23, 59), tzinfo=PARIS), None


def _settings(request: Request[Any, Any, Any]) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def campaign_form_page(visit: Visit, body_id: int, form: FormState, status: int = 200) -> Template:
    access = await service.steering_access(actor=visit.actor, body_id=body_id)
    require_direction(access)
    return render(
        visit.request,
        "qvt/barometer_form.html.j2",
        visit.env,
        status_code=status,
        body_name=access.name,
        body_id=body_id,
        form=form,
        labels=CAMPAIGN_LABELS,
        default_questions=len(rules.DEFAULT_QUESTIONS),
    )


async def campaign_page(
    visit: Visit,
    barometer_id: int,
    *,
    done: str | None = None,
    question_form: FormState | None = None,
    codes_form: FormState | None = None,
    message: str | None = None,
    status: int = 200,
) -> Template:
    actor = visit.actor
    info = await barometer.get_barometer(actor=actor, barometer_id=barometer_id)
    access = await service.steering_access(actor=actor, body_id=info.body_id)
    groups = await barometer.participation(actor=actor, barometer_id=barometer_id)
    names = await establishment_names(info.organization_id)
    return render(
        visit.request,
        "qvt/barometer.html.j2",
        visit.env,
        status_code=status,
        info=info,
        body_id=info.body_id,
        body_name=access.name,
        groups=groups,
        is_direction=access.is_direction,
        is_member=access.is_member,
        status_label=BAROMETER_STATUS[info.status.value],
        establishments=sorted(names.items(), key=lambda item: item[1]),
        themes=list(rules.THEMES.items()),
        question_form=question_form or FormState(),
        codes_form=codes_form or FormState(values={"count": "10"}),
        question_labels=QUESTION_LABELS,
        codes_labels=CODES_LABELS,
        done=done,
        message=message,
    )


def _question_code(taken: set[str]) -> str:
    """A code for a question typed in a page: « q » and the next free number (q22, q23…)."""
    number = len(taken) + 1
    while f"q{number}" in taken:
        number += 1
    return f"q{number}"


class BarometerCampaignPagesController(Controller):
    """The director runs a barometer campaign; the steering committee follows it and reads its results."""

    tags = ["pages"]
    include_in_schema = False

    @get("/instances/{body_id:int}/qvt/barometres/nouveau")
    async def new_campaign(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Template:
        today = local_today()
        values = {"year": str(today.year), "min_group_size": str(rules.MIN_GROUP_SIZE), "title": ""}
        values["title"] = f"Baromètre QVT {today.year}"
        return await campaign_form_page(await page_visit(request), body_id, FormState(values=values))

    @post("/instances/{body_id:int}/qvt/barometres/nouveau")
    async def create_campaign(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)
        closes_at, closes_error = closes_at_from(text_or_none(posted.get("closes_on")))
        payload: dict[str, Any] = {
            "title": posted.get("title", ""),
            "year": posted.get("year", ""),
            "body_id": body_id,
            "introduction": posted.get("introduction", ""),
            "min_group_size": posted.get("min_group_size") or rules.MIN_GROUP_SIZE,
            "ask_staff_category": checked(posted.get("ask_staff_category")),
        }
        if closes_at is not None:
            payload["closes_at"] = closes_at
        values = {**posted, "ask_staff_category": checked(posted.get("ask_staff_category"))}
        parsed = validate(BarometerCreate, payload)
        if isinstance(parsed, dict) or closes_error:
            errors = (
                {("closes_on" if k == "closes_at" else k): v for k, v in (parsed or {}).items()}
                if isinstance(parsed, dict)
                else {}
            )
            if closes_error:
                errors["closes_on"] = closes_error
            return await campaign_form_page(visit, body_id, FormState(values=values, errors=errors), 422)
        try:
            created = await barometer.create_barometer(
                actor=visit.actor, organization_id=visit.actor.organization_id, data=parsed
            )
        except InvalidInput as exc:
            errors = {("closes_on" if k == "closes_at" else k): v for k, v in errors_from_invalid(exc).items()}
            state = FormState(values=values, errors=errors, message=exc.detail)
            return await campaign_form_page(visit, body_id, state, 422)
        return see_other(f"/barometres/{created.id}?fait=cree")

    @get("/barometres/{barometer_id:int}")
    async def campaign(
        self, request: Request[Any, Any, Any], barometer_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        return await campaign_page(await page_visit(request), barometer_id, done=DONE.get(fait or ""))

    @post("/barometres/{barometer_id:int}/questions")
    async def add_question(self, request: Request[Any, Any, Any], barometer_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)
        info = await _organised_by(visit, barometer_id)
        current = [QuestionInput(code=q.code, theme=q.theme, label=q.label) for q in info.questions]
        payload = {
            "code": _question_code({q.code for q in current}),
            "theme": posted.get("theme", ""),
            "label": posted.get("label", "").strip(),
        }

        async def act(question: QuestionInput) -> Any:
            return await barometer.set_questions(
                actor=visit.actor, barometer_id=barometer_id, questions=[*current, question]
            )

        return await post_form(
            QuestionInput,
            payload,
            act,
            posted=posted,
            again=lambda refused: campaign_page(
                visit, barometer_id, question_form=refused.state, status=refused.status
            ),
            then=f"/barometres/{barometer_id}?fait=question#questionnaire",
        )

    @post("/barometres/{barometer_id:int}/questions/retirer")
    async def remove_question(self, request: Request[Any, Any, Any], barometer_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)
        info = await _organised_by(visit, barometer_id)
        code = posted.get("code", "")
        kept = [QuestionInput(code=q.code, theme=q.theme, label=q.label) for q in info.questions if q.code != code]
        if len(kept) == len(info.questions):
            raise InvalidInput("Question inconnue.", errors=[{"field": "code", "message": "question inconnue"}])
        try:
            await barometer.set_questions(actor=visit.actor, barometer_id=barometer_id, questions=kept)
        except InvalidInput as exc:
            return await campaign_page(visit, barometer_id, message=exc.detail, status=422)
        return see_other(f"/barometres/{barometer_id}?fait=question#questionnaire")

    @post("/barometres/{barometer_id:int}/codes")
    async def print_codes(self, request: Request[Any, Any, Any], barometer_id: FromPath[int]) -> Response[Any]:
        """Codes for one group, returned once as a PDF (one sheet per code, with its QR code)."""
        visit = await page_visit(request)
        posted = await read_form(request)
        await _organised_by(visit, barometer_id)
        establishment = text_or_none(posted.get("establishment_id"))
        group: dict[str, Any] = {"count": posted.get("count", ""), "department": text_or_none(posted.get("department"))}
        if establishment is not None:
            group["establishment_id"] = establishment
        parsed = validate(InvitationsCreate, {"groups": [group]})
        if not isinstance(parsed, dict) and parsed.groups[0].count > PRINT_LIMIT:
            parsed = {"count": f"{PRINT_LIMIT} codes au plus par impression : imprimez le groupe en plusieurs fois."}
        if isinstance(parsed, dict):
            errors = {k.split(".")[-1] if k.startswith("groups") else k: v for k, v in parsed.items()}
            if "groups" in errors or "0" in errors:
                errors["count"] = f"Indiquez un nombre de codes (de 1 à {PRINT_LIMIT})."
            state = FormState(values=dict(posted), errors=errors)
            return await campaign_page(visit, barometer_id, codes_form=state, status=422)
        settings = _settings(request)
        try:
            created = await barometer.create_invitations(
                actor=visit.actor, barometer_id=barometer_id, data=parsed, base_url=settings.base_url
            )
        except InvalidInput as exc:
            errors = {k.split(".")[-1]: v for k, v in errors_from_invalid(exc).items()}
            state = FormState(values=dict(posted), errors=errors, message=exc.detail)
            return await campaign_page(visit, barometer_id, codes_form=state, status=422)
        info = await barometer.get_barometer(actor=visit.actor, barometer_id=barometer_id)
        pdf = exports.invitations_pdf(
            created, title=info.title, year=info.year, entry_url=f"{settings.base_url.rstrip('/')}/barometre"
        )
        return Response(
            content=pdf,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'attachment; filename="codes-barometre-{info.year}.pdf"',
                "Cache-Control": "no-store",
            },
        )

    @post("/barometres/{barometer_id:int}/ouvrir")
    async def open_campaign(self, request: Request[Any, Any, Any], barometer_id: FromPath[int]) -> Response[Any]:
        return await _step(request, barometer_id, "ouvert")

    @post("/barometres/{barometer_id:int}/clore")
    async def close_campaign(self, request: Request[Any, Any, Any], barometer_id: FromPath[int]) -> Response[Any]:
        return await _step(request, barometer_id, "clos")


async def _organised_by(visit: Visit, barometer_id: int) -> BarometerRead:
    """The campaign, once checked that the visitor organises it (the direction): 403 before any form check."""
    info = await barometer.get_barometer(actor=visit.actor, barometer_id=barometer_id)
    require_direction(await service.steering_access(actor=visit.actor, body_id=info.body_id))
    return info


async def _step(request: Request[Any, Any, Any], barometer_id: int, done: str) -> Response[Any]:
    visit = await page_visit(request)
    act = barometer.open_barometer if done == "ouvert" else barometer.close_barometer
    try:
        await act(actor=visit.actor, barometer_id=barometer_id)
    except DomainError as exc:
        if exc.code in {"illegal_transition", "closes_at_past"}:
            return await campaign_page(visit, barometer_id, message=exc.detail, status=409)
        raise
    return see_other(f"/barometres/{barometer_id}?fait={done}")


__all__ = ["BarometerCampaignPagesController", "closes_at_from"]
