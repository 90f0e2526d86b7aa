"""Indicator pages: a body's indicators (a tab of the body page) and the organisation's (`/indicateurs`, for
the direction, the gouvernance and the admins), each with a period form (GET `from`/`to`, default the current
year), the health score gauge, the one-page summary SVG inlined, the table of indicators (status written in
words, never by colour alone), one page per indicator (monthly trend and the records it counts) and the CSV.

Same services and rules as the API: readers of a body's indicators are its members, the direction and the
admins; confidential register entries are only counted in detail for those who may read them (L2315-3)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from litestar import Controller, Request, Response, get
from litestar.params import FromPath
from litestar.response import Template

from dialogue.core.actor import Actor
from dialogue.core.errors import InvalidInput
from dialogue.core.svg import NOT_AVAILABLE, format_number
from dialogue.indicators import exports, service
from dialogue.indicators.catalog import HEALTH_SCORE, MEETINGS, PERCENT, unit_for
from dialogue.indicators.rules import STATUS_LABELS
from dialogue.indicators.schemas import IndicatorReport
from dialogue.indicators.service import Target
from dialogue.indicators.svg import gauge
from dialogue.pages.controllers import PageEnv, page_env, render, require_me
from dialogue.pages.fields import readable
from dialogue.pages.forms import FormState, errors_from_invalid, text_or_none
from dialogue.pages.registry import BodyTab
from dialogue.web.problems import status_for

PERIOD_LABELS: Final[Mapping[str, str]] = {"from": "Du", "to": "Au"}
STATUS_CLASSES: Final[Mapping[str, str]] = {
    "ok": "status-ok",
    "warning": "status-warning",
    "alert": "status-alert",
    "unknown": "status-unknown",
}
#: Indicators rated against the legal minimum pro-rated to the period: the sentence that says how (L2315-27, -28).
PRORATED: Final[Mapping[str, str]] = {
    "ordinary_meetings_held": (
        "{held} tenue(s) pour un minimum légal de {owed} sur la période : le nombre de réunions dû par an, "
        "au prorata des jours écoulés de la période (jusqu'à aujourd'hui si elle court)."
    ),
    "ssct_meetings_held": (
        "{held} tenue(s) pour un minimum légal de {owed} sur la période : 4 réunions SSCT par an (L2315-27), "
        "au prorata des jours écoulés de la période (jusqu'à aujourd'hui si elle court)."
    ),
}
#: How a record is counted, in words (drill-down lists).
OUTCOME_LABELS: Final[Mapping[str, str]] = {
    "on_time": "Dans le délai",
    "late": "En retard",
    "late_acknowledged": "En retard (retard admis)",
    "unanswered": "Sans réponse à l'échéance",
    "settled": "Réglée avant l'échéance",
    "pending": "Pas encore échue",
    "overdue": "Échéance dépassée",
    "agreed": "Arrêté conjointement",
    "not_agreed": "Non arrêté conjointement",
    "favorable": "Avis favorable",
    "unfavorable": "Avis défavorable",
    "deemed_negative": "Avis réputé négatif",
    "closed": "Clos",
    "proposed": "Proposée",
    "adopted": "Adoptée",
    "rejected": "Écartée",
    "in_progress": "En cours",
    "evaluated": "Évaluée",
    # meetings (their status)
    "draft": "En préparation",
    "convened": "Convoquée",
    "held": "Tenue",
    "cancelled": "Annulée",
    # SSCT missions and actions
    "done": "Réalisée",
    # delegation hours (issue 18)
    "used": "Heures utilisées",
    "open": "Ouverte",
    "planned": "Prévue",
    "reported": "Rapport rendu",
    # DGI alerts, by their step (L4132-2 to L4132-4)
    "alerted": "Alerte signalée",
    "investigating": "Enquête en cours",
    "measures_taken": "Mesures prises",
    "disagreement": "Désaccord",
    "inspector_informed": "Inspection du travail saisie",
    # negotiations
    "agreement_signed": "Accord signé",
    "disagreement_recorded": "PV de désaccord",
    "abandoned": "Abandonnée",
    "decided": "Décision unilatérale prise",
}
RECORDS_PER_PAGE: Final = 50


@dataclass(frozen=True, slots=True)
class Place:
    """Where the pages of one target live."""

    base: str  # page path, e.g. /instances/3/indicateurs or /indicateurs
    name: str  # the body's or the organisation's name
    body_id: int | None


def _place(target: Target) -> Place:
    if target.body_id is None:
        return Place(base="/indicateurs", name=target.name, body_id=None)
    return Place(base=f"/instances/{target.body_id}/indicateurs", name=target.name, body_id=target.body_id)


def _period_input(request: Request[Any, Any, Any]) -> tuple[str | None, str | None]:
    return text_or_none(request.query_params.get("from")), text_or_none(request.query_params.get("to"))


def _query(from_date: object, to_date: object) -> str:
    return f"from={from_date}&to={to_date}"


def record_page_url(record_type: str, record_id: int) -> str | None:
    """The page of a counted record, when it has one."""
    return {
        "register_entry": f"/entrees/{record_id}",
        "meeting": f"/reunions/{record_id}",
        "action_proposal": f"/actions-qvt/{record_id}",
        "barometer": f"/barometres/{record_id}/resultats",
    }.get(record_type)


def _value(value: float | None, unit: str, env: PageEnv | None = None) -> str:
    """« 3 réunions », « 1 jour », « 87,5 % », « n.d. »: the unit written out, in the page's language."""
    if value is None:
        return env.t(NOT_AVAILABLE) if env else NOT_AVAILABLE
    written = unit_for(value, unit)
    return format_number(value, unit=env.t(written) if env else written)


def _change(value: float | None, unit: str, env: PageEnv | None = None) -> str:
    """The change from the previous period: « — » without one; a share moves by points, not by percent."""
    if value is None:
        return "—"
    if unit == PERCENT:
        points = "point" if abs(value) < 2 else "points"
        text = format_number(value, unit=env.t(points) if env else points)
    else:
        text = _value(value, unit, env)
    return text if text.startswith("-") or value == 0 else f"+{text}"


def _prorated(item: Any, env: PageEnv) -> str | None:
    """How the pro-rated legal minimum was counted, in one sentence (None for other indicators)."""
    sentence = PRORATED.get(item.code)
    if sentence is None or item.numerator is None or item.denominator is None:
        return None
    return env.t(sentence).format(
        held=_value(item.numerator, MEETINGS, env), owed=_value(item.denominator, MEETINGS, env)
    )


def _common(place: Place, env: PageEnv) -> dict[str, Any]:
    return {
        "place": place,
        "labels": PERIOD_LABELS,
        "status_classes": STATUS_CLASSES,
        "status_words": STATUS_LABELS,
        "fmt": lambda value, unit: _value(value, unit, env),
        "change": lambda value, unit: _change(value, unit, env),
        "prorated": lambda item: _prorated(item, env),
    }


class IndicatorPagesController(Controller):
    """Indicators of a body and of the organisation, their charts and their records."""

    tags = ["pages"]
    include_in_schema = False

    @get("/instances/{body_id:int}/indicateurs")
    async def body_report(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Template:
        actor, me = await require_me(request)
        target = await service.body_target(actor=actor, body_id=body_id)
        return await self._report(request, page_env(request, me), target)

    @get("/indicateurs")
    async def organization_report(self, request: Request[Any, Any, Any]) -> Template:
        actor, me = await require_me(request)
        target = await _organization(actor)
        return await self._report(request, page_env(request, me), target)

    @get("/instances/{body_id:int}/indicateurs.csv")
    async def body_csv(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Response[bytes]:
        actor, _ = await require_me(request)
        return await self._csv(request, await service.body_target(actor=actor, body_id=body_id))

    @get("/indicateurs.csv")
    async def organization_csv(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        actor, _ = await require_me(request)
        return await self._csv(request, await _organization(actor))

    @get("/instances/{body_id:int}/indicateurs/{code:str}")
    async def body_indicator(
        self, request: Request[Any, Any, Any], body_id: FromPath[int], code: FromPath[str]
    ) -> Template:
        actor, me = await require_me(request)
        target = await service.body_target(actor=actor, body_id=body_id)
        return await self._indicator(request, page_env(request, me), target, code)

    @get("/indicateurs/{code:str}")
    async def organization_indicator(self, request: Request[Any, Any, Any], code: FromPath[str]) -> Template:
        actor, me = await require_me(request)
        target = await _organization(actor)
        return await self._indicator(request, page_env(request, me), target, code)

    # ------------------------------------------------------------------ rendering

    async def _report(self, request: Request[Any, Any, Any], env: PageEnv, target: Target) -> Template:
        place = _place(target)
        from_value, to_value = _period_input(request)
        try:
            report = await service.report(target=target, from_date=from_value, to_date=to_value, with_series=False)
        except InvalidInput as exc:
            return self._bad_period(request, env, place, from_value, to_value, exc)
        return render(
            request,
            "indicators/report.html.j2",
            env,
            form=FormState(values={"from": report.from_date.isoformat(), "to": report.to_date.isoformat()}),
            report=report,
            items=[i for i in report.items if i.code != HEALTH_SCORE.code],
            gauge_svg=_gauge(report, env),
            summary_svg=exports.summary_svg(report, t=env.t, lang=env.lang),
            query=_query(report.from_date, report.to_date),
            **_common(place, env),
        )

    async def _indicator(self, request: Request[Any, Any, Any], env: PageEnv, target: Target, code: str) -> Template:
        place = _place(target)
        from_value, to_value = _period_input(request)
        page = _page_number(request.query_params.get("page"))
        try:
            item = await service.detail(target=target, code=code, from_date=from_value, to_date=to_value)
        except InvalidInput as exc:
            return self._bad_period(request, env, place, from_value, to_value, exc, code=code)
        records = None
        if item.code != HEALTH_SCORE.code:
            records = await service.records(
                target=target,
                code=code,
                from_date=item.from_date,
                to_date=item.to_date,
                limit=RECORDS_PER_PAGE,
                offset=(page - 1) * RECORDS_PER_PAGE,
            )
        pages = max(1, -(-records.total // RECORDS_PER_PAGE)) if records else 1
        return render(
            request,
            "indicators/indicator.html.j2",
            env,
            form=FormState(values={"from": item.from_date.isoformat(), "to": item.to_date.isoformat()}),
            item=item,
            chart_svg=exports.indicator_svg(item, t=env.t, lang=env.lang),
            records=records,
            record_url=record_page_url if target.opens_records else lambda record_type, record_id: None,
            outcome_label=lambda o: OUTCOME_LABELS.get(o, o),
            page=min(page, pages),
            pages=pages,
            query=_query(item.from_date, item.to_date),
            **_common(place, env),
        )

    async def _csv(self, request: Request[Any, Any, Any], target: Target) -> Response[bytes]:
        from_value, to_value = _period_input(request)
        content = await service.csv_export(target=target, from_date=from_value, to_date=to_value)
        name = (
            f"indicateurs-instance-{target.body_id}.csv"
            if target.body_id is not None
            else f"indicateurs-organisation-{target.organization_id}.csv"
        )
        return Response(
            content=content.encode("utf-8"),
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    def _bad_period(
        self,
        request: Request[Any, Any, Any],
        env: PageEnv,
        place: Place,
        from_value: str | None,
        to_value: str | None,
        exc: InvalidInput,
        *,
        code: str | None = None,
    ) -> Template:
        errors = {k if k in PERIOD_LABELS else "_form": v for k, v in errors_from_invalid(exc).items()}
        form = FormState(
            values={"from": from_value or "", "to": to_value or ""}, errors=errors, message=readable(exc.detail)
        )
        return render(
            request,
            "indicators/bad_period.html.j2",
            env,
            status_code=status_for(exc),
            form=form,
            code=code,
            **_common(place, env),
        )


async def _organization(actor: Actor) -> Target:
    return await service.organization_target(actor=actor, organization_id=actor.organization_id)


def _page_number(value: str | None) -> int:
    return int(value) if value and value.isdigit() and 0 < len(value) < 7 and int(value) > 0 else 1


def _gauge(report: IndicatorReport, env: PageEnv) -> str:
    score = None if report.health_score is None else min(max(report.health_score, 0.0), 100.0)
    status = report.health_status if score is not None else None
    return gauge(score, title=env.t("Score de santé du dialogue social"), status=status, t=env.t)


def indicators_tab(body_id: int, body_kind: str) -> list[BodyTab]:
    return [BodyTab(label="Indicateurs", url=f"/instances/{body_id}/indicateurs")]
