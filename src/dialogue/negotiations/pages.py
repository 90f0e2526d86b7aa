"""Negotiation pages: the organisation's negotiations, one negotiation's timeline (sessions and positions), its
signatures with each union's weight and the agreement's validity (L2232-12), and the forms of the table: log a
session, state a position, record a signature, open or abandon. Same services as the API, same rules."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import date, datetime, time
from typing import Any, Final, TypeVar

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Template
from litestar.status_codes import HTTP_422_UNPROCESSABLE_ENTITY
from pydantic import BaseModel

from dialogue.core.clock import PARIS, local_today
from dialogue.core.errors import Conflict, DomainError
from dialogue.negotiations import service
from dialogue.negotiations.access import delegates_at, standing, standing_of
from dialogue.negotiations.rules import DUE_TRANSITIONS, NEGOTIATION_TRANSITIONS, AgreementKind, NegotiationStatus
from dialogue.negotiations.schemas import (
    EMPLOYER,
    VALIDITY_LABELS,
    PositionCreate,
    PositionKind,
    SessionCreate,
    SignatureCreate,
    StatusChange,
)
from dialogue.negotiations.steps import STEP_DONE, offered_steps, steps_in_order
from dialogue.pages.controllers import page_env, render, require_me
from dialogue.pages.forms import (
    VALIDATION_ONLY,
    FormState,
    Refused,
    Visit,
    lines,
    page_visit,
    post_form,
    read_form,
    refused_state,
    text_or_none,
)
from dialogue.pages.registry import BodyTab, HomeContext, HomeSection, TodoItem
from dialogue.settings import Settings

POSITION_KINDS: Final[Mapping[str, str]] = {
    "proposal": "Proposition",
    "counter_proposal": "Contre-proposition",
    "position": "Position",
    "statement": "Déclaration",
}
VALIDITY_CLASSES: Final[Mapping[str, str]] = {
    "valid": "status-ok",
    "referendum_possible": "status-warning",
    "not_valid": "status-alert",
}
#: The verdict of a route without a union delegate (L2232-21 to L2232-26).
ROUTE_CLASSES: Final[Mapping[str, str]] = {
    "valid": "status-ok",
    "awaiting_approval": "status-warning",
    "not_valid": "status-alert",
}
ROUTE_VALIDITY_LABELS: Final[Mapping[str, str]] = {
    "valid": "valide selon la voie",
    "awaiting_approval": "en attente de l'approbation ou des chiffres",
    "not_valid": "non valide selon la voie",
}
#: Status changes offered as buttons; signing and the PV de désaccord have their own forms (API).
STATUS_ACTIONS: Final[Mapping[NegotiationStatus, str]] = {
    NegotiationStatus.OPEN: "Ouvrir la négociation",
    NegotiationStatus.IN_PROGRESS: "Marquer « en cours »",
    NegotiationStatus.ABANDONED: "Abandonner la négociation",
    NegotiationStatus.DECIDED: "Prendre la décision unilatérale",
}
STAGE_LABELS: Final[Mapping[str, str]] = {
    "not_valid": "Non valide",
    "awaiting_referendum": "En attente de la consultation des salariés",
    "awaiting_deposit": "En attente du dépôt",
    "awaiting_agrement": "En attente de l'agrément",
    "agrement_refused": "Agrément refusé",
    "in_force": "En vigueur",
}
LABELS: Final[Mapping[str, str]] = {
    "starts_at": "Début",
    "ends_at": "Fin",
    "location": "Lieu",
    "summary": "Relevé de la séance",
    "party": "Partie",
    "kind": "Nature",
    "content": "Contenu",
    "stated_on": "Date",
    "session_id": "Séance",
    "union": "Organisation syndicale",
    "signed_on": "Date de signature",
    "signatory_name": "Signataire",
    "reason": "Motif",
    "status": "Étape",
}
M = TypeVar("M", bound=BaseModel)

DONE: Final[Mapping[str, str]] = {
    "seance": "La séance a été enregistrée.",
    "position": "La position a été enregistrée.",
    "signature": "La signature a été enregistrée.",
    "statut": "Le statut de la négociation a été mis à jour.",
    **STEP_DONE,
}


def _filled(posted: dict[str, str], payload: dict[str, Any], *names: str) -> dict[str, Any]:
    """`payload` with those of the optional `names` the form filled in (an empty input means "not given")."""
    for name in names:
        if (value := text_or_none(posted.get(name))) is not None:
            payload[name] = value
    return payload


def local_moment(value: str | None, settings: Settings) -> datetime | str | None:
    """An HTML datetime-local value (« 2026-03-03T14:00 ») read in the organisation's zone; text when unreadable."""
    text = text_or_none(value)
    if text is None:
        return None
    try:
        naive = datetime.fromisoformat(text)
    except ValueError:
        return text
    return naive if naive.tzinfo else naive.replace(tzinfo=settings.tz)


def timeline(negotiation_id: int, sessions: list[Any], positions: list[Any], tz: Any) -> list[dict[str, Any]]:
    """Sessions and positions in date order; a position stated at a session is shown under it."""
    items: list[dict[str, Any]] = []
    by_session: dict[int, list[Any]] = {}
    for position in positions:
        if position.session_id is not None:
            by_session.setdefault(position.session_id, []).append(position)
    for session in sessions:
        items.append(
            {
                "kind": "session",
                "day": session.starts_at.astimezone(tz).date(),
                "item": session,
                "positions": by_session.get(session.id, []),
            }
        )
    for position in positions:
        if position.session_id is None or position.session_id not in {s.id for s in sessions}:
            items.append({"kind": "position", "day": position.stated_on, "item": position, "positions": []})
    items.sort(key=lambda i: (i["day"], 0 if i["kind"] == "session" else 1))
    return items


async def session_attendees(posted: Mapping[str, str], negotiation_id: int, visit: Visit) -> list[dict[str, Any]]:
    """Who attended a session: each union delegate ticked (`attendee-<member id>`, their union as party) and
    the direction's negotiators, one name per line."""
    negotiation = await service.get_negotiation(actor=visit.actor, negotiation_id=negotiation_id)
    attendees: list[dict[str, Any]] = [
        {"name": d.full_name, "party": d.union, "member_id": d.member_id}
        for d in await delegates_at(table_body_id=negotiation.table_body_id)
        if posted.get(f"attendee-{d.member_id}")
    ]
    attendees += [{"name": name, "party": EMPLOYER} for name in lines(posted.get("direction_attendees"))]
    return attendees


class NegotiationPagesController(Controller):
    tags = ["pages"]
    include_in_schema = False

    @get("/negociations")
    async def negotiations(self, request: Request[Any, Any, Any]) -> Template:
        actor, me = await require_me(request)
        items, total = await service.list_negotiations(
            actor=actor, organization_id=actor.organization_id, limit=200, offset=0
        )
        return render(
            request,
            "negotiations/list.html.j2",
            page_env(request, me),
            negotiations=items,
            total=total,
            validity_classes=VALIDITY_CLASSES,
            stage_labels=STAGE_LABELS,
        )

    @get("/negociations/{negotiation_id:int}")
    async def negotiation(
        self, request: Request[Any, Any, Any], negotiation_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        return await negotiation_page(await page_visit(request), negotiation_id, done=DONE.get(fait or ""))

    @post("/negociations/{negotiation_id:int}/seances")
    async def add_session(self, request: Request[Any, Any, Any], negotiation_id: FromPath[int]) -> Response[Any]:
        """Log a session of the table (the direction)."""
        visit = await page_visit(request)
        settings: Settings = request.app.state.settings
        posted = await read_form(request)
        payload: dict[str, Any] = {
            "starts_at": local_moment(posted.get("starts_at"), settings) or "",
            "location": posted.get("location", ""),
            "summary": posted.get("summary", ""),
            "attendees": await session_attendees(posted, negotiation_id, visit),
        }
        if (ends := local_moment(posted.get("ends_at"), settings)) is not None:
            payload["ends_at"] = ends
        return await _negotiation_form(
            visit, negotiation_id, posted, SessionCreate, payload, service.add_session, "seance"
        )

    @post("/negociations/{negotiation_id:int}/positions")
    async def add_position(self, request: Request[Any, Any, Any], negotiation_id: FromPath[int]) -> Response[Any]:
        """A party's proposal, counter-proposal or statement; a delegate speaks for their union only."""
        visit = await page_visit(request)
        posted = await read_form(request)
        required = {
            "party": posted.get("party", ""),
            "kind": posted.get("kind") or PositionKind.proposal.value,
            "content": posted.get("content", ""),
        }
        return await _negotiation_form(
            visit,
            negotiation_id,
            posted,
            PositionCreate,
            _filled(posted, required, "stated_on", "session_id"),
            service.add_position,
            "position#chronologie",
            catch=(Conflict,),
            refused=_conflict_on_field,
        )

    @post("/negociations/{negotiation_id:int}/signatures")
    async def sign(self, request: Request[Any, Any, Any], negotiation_id: FromPath[int]) -> Response[Any]:
        """A union's signature (L2232-12): its weight and the agreement's validity are recomputed."""
        visit = await page_visit(request)
        posted = await read_form(request)
        payload = _filled(posted, {"union": posted.get("union", "")}, "signed_on", "signatory_name")
        return await _negotiation_form(
            visit, negotiation_id, posted, SignatureCreate, payload, service.sign, "signature#signatures"
        )

    @post("/negociations/{negotiation_id:int}/statut")
    async def change_status(self, request: Request[Any, Any, Any], negotiation_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)
        payload = _filled(posted, {"status": posted.get("status", "")}, "reason")
        return await _negotiation_form(
            visit, negotiation_id, posted, StatusChange, payload, service.change_status, "statut"
        )


async def negotiation_page(
    visit: Visit, negotiation_id: int, *, done: str | None = None, form: FormState | None = None, status: int = 200
) -> Template:
    request, actor = visit.request, visit.actor
    settings: Settings = request.app.state.settings
    negotiation = await service.get_negotiation(actor=actor, negotiation_id=negotiation_id)
    who = await standing(actor=actor, organization_id=negotiation.organization_id)
    sessions = await service.list_sessions(actor=actor, negotiation_id=negotiation_id)
    positions = await service.list_positions(actor=actor, negotiation_id=negotiation_id)
    delegates = await delegates_at(table_body_id=negotiation.table_body_id)
    own = who.unions_at(negotiation.table_body_id)
    unions = sorted({d.union for d in delegates})
    speaks_for = unions if who.can_manage else sorted(seat.union for seat in own.values())
    parties = ([(EMPLOYER, "Direction")] if who.can_manage else []) + [(u, u) for u in speaks_for]
    active = negotiation.status in {NegotiationStatus.OPEN, NegotiationStatus.IN_PROGRESS}
    signed = {s.union for s in negotiation.signatures}
    unilateral = negotiation.kind is AgreementKind.UNILATERAL
    return render(
        request,
        "negotiations/negotiation.html.j2",
        visit.env,
        status_code=status,
        negotiation=negotiation,
        timeline=timeline(negotiation_id, sessions, positions, settings.tz),
        steps=steps_in_order(negotiation, sessions, settings.tz),
        offered_steps=offered_steps(negotiation, manages=who.can_manage, signatory=bool(set(speaks_for) & signed)),
        delegates=delegates,
        sessions=sessions,
        done=done,
        form=form or FormState(),
        labels=LABELS,
        position_kinds=list(POSITION_KINDS.items()),
        position_labels=POSITION_KINDS,
        validity_classes=VALIDITY_CLASSES,
        validity_labels=VALIDITY_LABELS,
        route_classes=ROUTE_CLASSES,
        route_validity_labels=ROUTE_VALIDITY_LABELS,
        stage_labels=STAGE_LABELS,
        can_log_session=who.can_manage
        and negotiation.status in {NegotiationStatus.PLANNED, NegotiationStatus.OPEN, NegotiationStatus.IN_PROGRESS},
        parties=parties if active else [],
        sign_for=[u for u in speaks_for if u not in signed]
        if not unilateral and (active or negotiation.status is NegotiationStatus.AGREEMENT_SIGNED)
        else [],
        status_actions=[
            (target.value, label)
            for target, label in STATUS_ACTIONS.items()
            if who.can_manage
            and target in (DUE_TRANSITIONS if unilateral else NEGOTIATION_TRANSITIONS)[negotiation.status]
        ],
    )


async def _negotiation_form(
    visit: Visit,
    negotiation_id: int,
    posted: Mapping[str, str],
    model: type[M],
    payload: Mapping[str, Any],
    act: Callable[..., Awaitable[object]],
    then: str,
    *,
    catch: tuple[type[DomainError], ...] = VALIDATION_ONLY,
    refused: Callable[[Mapping[str, str], DomainError], FormState] = refused_state,
) -> Response[Any]:
    """A form of the negotiation page: refused, the page again (422) with the form as typed; done, the page at
    `?fait={then}`. The service's refusals reach the error page, except those the form `catch`es."""

    async def again(refusal: Refused) -> Template:
        return await negotiation_page(visit, negotiation_id, form=refusal.state, status=HTTP_422_UNPROCESSABLE_ENTITY)

    return await post_form(
        model,
        payload,
        lambda data: act(actor=visit.actor, negotiation_id=negotiation_id, data=data),
        posted=posted,
        again=again,
        then=f"/negociations/{negotiation_id}?fait={then}",
        refused=refused,
        catch=catch,
    )


def _conflict_on_field(posted: Mapping[str, str], exc: DomainError) -> FormState:
    """A party the delegate does not speak for, or a session of another table: the error on its field."""
    return FormState(values=dict(posted), errors={str(exc.extra.get("field") or "party"): exc.detail})


# ---------------------------------------------------------------------------------------------- home, tabs


async def negotiations_home(context: HomeContext) -> HomeSection | None:
    """« Négociations en cours » for the direction, the delegates and the board (who reads them all)."""
    statuses = (NegotiationStatus.PLANNED, NegotiationStatus.OPEN, NegotiationStatus.IN_PROGRESS)
    actor = context.actor
    who = standing_of(
        actor=actor,
        organization_id=actor.organization_id,
        is_org_admin=context.me.is_org_admin,
        rows=context.seats,
        today=local_today(),
    )
    found = await service.ongoing(actor=actor, statuses=statuses, per_status=20, who=who)
    if found is None:
        return None
    items = [_home_item(n) for n in found]
    return HomeSection(title="Négociations en cours", empty_text="Aucune négociation en cours.", items=items)


def _home_item(negotiation: service.Ongoing) -> TodoItem:
    planned = negotiation.planned_on if negotiation.status is NegotiationStatus.PLANNED else None
    due = datetime.combine(planned, time(9, 0), tzinfo=PARIS) if isinstance(planned, date) else None
    return TodoItem(
        label=f"{negotiation.title} — {negotiation.status_label}", url=f"/negociations/{negotiation.id}", due=due
    )


def negotiations_tab(body_id: int, body_kind: str) -> list[BodyTab]:
    return [BodyTab(label="Négociations", url="/negociations")] if body_kind == "negotiation_table" else []
