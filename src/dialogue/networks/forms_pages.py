"""Network forms (French pages): what the facilitator and a member organisation's admin do in the pages, through
the same services as the API (rules of access unchanged: another network or organisation → 404, a member's user
without the admin role → 403).

- The animation: invites an organisation (by its number, as the API: `organization_id`), programmes a collective
  day or a support visit (agenda, themes, date; the visit's notes read by the visited organisation and the
  animation only), records each organisation's attendance. An admin of an organisation creates a network it runs.
- The member organisation's admin: consents to or declines an invitation, names its trinôme, leaves the network
  (its sheets and its benchmark contribution are then withdrawn); whoever publishes for it publishes or withdraws
  its barometer's contribution to the benchmark.
"""

from __future__ import annotations

from typing import Any, Final

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from dialogue.auth import service as auth_service
from dialogue.bodies import service as bodies_service
from dialogue.core.errors import Conflict, Forbidden, InvalidInput, InvalidState, NotFound
from dialogue.networks import rules, service, sharing
from dialogue.networks.access import NetworkAccess, network_access
from dialogue.networks.schemas import (
    AttendanceInput,
    ConsentInput,
    ContributionCreate,
    InvitationCreate,
    NetworkCreate,
    SessionCreate,
    TrinomeInput,
)
from dialogue.pages.controllers import render
from dialogue.pages.forms import FormState, Visit, page_visit, post_form, read_form, read_form_lists, see_other
from dialogue.qvt import barometer as qvt_barometer
from dialogue.qvt.rules import THEMES as QVT_THEMES

KIND_OPTIONS: Final = (("cluster", "Cluster"), ("programme", "Programme"), ("federation", "Fédération"))
SESSION_KINDS: Final = (("collective_day", "Journée collective"), ("support_visit", "Visite d'appui"))
SIDE_LABELS: Final = {
    "direction": "Direction",
    "professional": "Professionnels",
    "staff_representative": "Représentants du personnel",
}
NETWORK_LABELS: Final = {
    "name": "Nom du réseau",
    "kind": "Nature",
    "region": "Région",
    "description": "Description",
    "facilitator_ids": "Personnes qui animent",
}
INVITE_LABELS: Final = {"organization_id": "Numéro de l'organisation", "establishment_type": "Type d'établissement"}
SESSION_LABELS: Final = {
    "kind": "Nature de la séance",
    "title": "Intitulé",
    "held_on": "Date",
    "place": "Lieu",
    "themes": "Thèmes",
    "agenda": "Ordre du jour",
    "organization_id": "Organisation visitée",
    "notes": "Notes de visite",
}
ATTENDANCE_LABELS: Final = {"attendees": "Personnes présentes", "organization_id": "Organisation"}
CONSENT_LABELS: Final = {
    "steering_body_id": "Comité de pilotage QVT suivi par le réseau",
    "establishment_type": "Type d'établissement",
}
TRINOME_FIELD_LABELS: Final = dict(SIDE_LABELS)
CONTRIBUTION_LABELS: Final = {"barometer_id": "Baromètre", "indicator_codes": "Indicateurs"}
DONE: Final = {
    "seance": "La séance est programmée.",
    "presence": "La présence est enregistrée.",
    "contribution": "Les résultats agrégés du baromètre sont publiés au réseau.",
    "contribution-retiree": "La contribution est retirée du réseau.",
}


def _options(visit: Visit, options: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    return [(value, visit.env.t(label)) for value, label in options]


def _network_path(network_id: int, anchor: str = "") -> str:
    return f"/reseaux/{network_id}{anchor}"


async def _animating(visit: Visit, network_id: int) -> NetworkAccess:
    """The animation's forms: another network's facilitator or an outsider 404, a member organisation 403."""
    access = await network_access(actor=visit.actor, network_id=network_id)
    access.require_animates()
    return access


async def _managing(visit: Visit, network_id: int) -> NetworkAccess:
    """The member organisation's admin forms (404 when it is not invited nor a member, 403 without the admin role)."""
    access = await network_access(actor=visit.actor, network_id=network_id)
    if access.membership is None:
        raise NotFound("Organisation introuvable dans ce réseau.")
    if not access.manages_membership:
        raise Forbidden("Réservé à l'administration de l'organisation.")
    return access


# ------------------------------------------------------------------------------------------------- pages


async def new_network_page(visit: Visit, *, form: FormState | None = None, status: int = 200) -> Template:
    if not visit.env.me.is_org_admin:
        raise Forbidden("Seule l'administration de l'organisation animatrice crée un réseau.")
    accounts = await auth_service.accounts_of(organization_id=visit.actor.organization_id)
    return render(
        visit.request,
        "networks/new.html.j2",
        visit.env,
        status_code=status,
        accounts=[(a.id, a.full_name) for a in accounts if a.is_active],
        kinds=_options(visit, KIND_OPTIONS),
        form=form or FormState(values={"kind": "cluster", "facilitator_ids": [str(visit.actor.user_id)]}),
        labels=NETWORK_LABELS,
    )


async def invite_page(visit: Visit, network_id: int, *, form: FormState | None = None, status: int = 200) -> Template:
    await _animating(visit, network_id)
    return render(
        visit.request,
        "networks/invite.html.j2",
        visit.env,
        status_code=status,
        network=await service.get_network(actor=visit.actor, network_id=network_id),
        members=await service.list_members(actor=visit.actor, network_id=network_id),
        type_options=[(ty, ty) for ty in rules.ESTABLISHMENT_TYPES],
        form=form or FormState(),
        labels=INVITE_LABELS,
    )


async def new_session_page(
    visit: Visit, network_id: int, *, form: FormState | None = None, status: int = 200
) -> Template:
    await _animating(visit, network_id)
    members = await service.list_members(actor=visit.actor, network_id=network_id)
    return render(
        visit.request,
        "networks/session_form.html.j2",
        visit.env,
        status_code=status,
        network=await service.get_network(actor=visit.actor, network_id=network_id),
        active=[(m.organization_id, m.organization_name) for m in members if m.status.value == "active"],
        kinds=_options(visit, SESSION_KINDS),
        themes=list(rules.SESSION_THEMES.items()),
        form=form or FormState(values={"kind": "collective_day", "themes": []}),
        labels=SESSION_LABELS,
    )


async def session_page(
    visit: Visit,
    network_id: int,
    session_id: int,
    *,
    done: str | None = None,
    form: FormState | None = None,
    status: int = 200,
) -> Template:
    """A session: its agenda, themes, resources, the visit's notes (visited organisation and animation only) and,
    for the animation, one attendance form per organisation."""
    access = await network_access(actor=visit.actor, network_id=network_id)
    session = await service.get_session(actor=visit.actor, network_id=network_id, session_id=session_id)
    rows: list[tuple[int, str, int | None]] = []
    if access.animates:
        members = await service.list_members(actor=visit.actor, network_id=network_id)
        counted = {a.organization_id: a.attendees for a in session.attendance}
        rows = [
            (m.organization_id, m.organization_name, counted.get(m.organization_id))
            for m in members
            if m.status.value == "active" and session.organization_id in (None, m.organization_id)
        ]
    return render(
        visit.request,
        "networks/session.html.j2",
        visit.env,
        status_code=status,
        network=await service.get_network(actor=visit.actor, network_id=network_id),
        session=session,
        animates=access.animates,
        rows=rows,
        kind_labels=dict(SESSION_KINDS),
        visited=(await service.organization_names([session.organization_id])).get(session.organization_id)
        if session.organization_id
        else None,
        done=done,
        form=form or FormState(),
        labels=ATTENDANCE_LABELS,
    )


async def consent_page(visit: Visit, network_id: int, *, form: FormState | None = None, status: int = 200) -> Template:
    access = await _managing(visit, network_id)
    bodies, _ = await _bodies(visit)
    membership = access.membership or {}
    return render(
        visit.request,
        "networks/consent.html.j2",
        visit.env,
        status_code=status,
        network=await service.get_network(actor=visit.actor, network_id=network_id),
        invited=access.is_invited,
        steering=bodies,
        type_options=[(ty, ty) for ty in rules.ESTABLISHMENT_TYPES],
        form=form or FormState(values={"establishment_type": membership.get("establishment_type") or ""}),
        labels=CONSENT_LABELS,
    )


async def _bodies(visit: Visit) -> tuple[list[tuple[int, str]], int]:
    found, total = await bodies_service.list_bodies(
        actor=visit.actor, organization_id=visit.actor.organization_id, limit=200, offset=0
    )
    return [(b.id, b.name) for b in found if b.kind.value == "qvt_steering"], total


async def leave_page(visit: Visit, network_id: int) -> Template:
    access = await _managing(visit, network_id)
    if not access.is_member:
        raise NotFound("Organisation introuvable dans ce réseau.")
    return render(
        visit.request,
        "networks/leave.html.j2",
        visit.env,
        network=await service.get_network(actor=visit.actor, network_id=network_id),
    )


async def trinome_page(visit: Visit, network_id: int, *, form: FormState | None = None, status: int = 200) -> Template:
    access = await _managing(visit, network_id)
    if not access.is_member:
        raise NotFound("Organisation introuvable dans ce réseau.")
    accounts = await auth_service.accounts_of(organization_id=visit.actor.organization_id)
    if form is None:
        member = next(
            m
            for m in await service.list_members(actor=visit.actor, network_id=network_id)
            if m.organization_id == visit.actor.organization_id
        )
        values: dict[str, Any] = {side: [] for side in rules.SIDES}
        for p in member.trinome:
            values[p.side].append(str(p.person.id))
        form = FormState(values=values)
    return render(
        visit.request,
        "networks/trinome.html.j2",
        visit.env,
        status_code=status,
        network=await service.get_network(actor=visit.actor, network_id=network_id),
        accounts=[(a.id, a.full_name) for a in accounts if a.is_active],
        sides=list(SIDE_LABELS.items()),
        form=form,
        labels=TRINOME_FIELD_LABELS,
    )


async def contribution_page(
    visit: Visit, network_id: int, *, done: str | None = None, form: FormState | None = None, status: int = 200
) -> Template:
    access = await network_access(actor=visit.actor, network_id=network_id)
    access.require_publishes()
    try:
        current = await sharing.my_contribution(actor=visit.actor, network_id=network_id)
    except NotFound:
        current = None
    barometers = await qvt_barometer.list_barometers(actor=visit.actor, organization_id=visit.actor.organization_id)
    closed = [(b.id, f"{b.title} ({b.year})") for b in barometers if b.status.value == "closed"]
    return render(
        visit.request,
        "networks/contribution.html.j2",
        visit.env,
        status_code=status,
        network=await service.get_network(actor=visit.actor, network_id=network_id),
        current=current,
        barometers=closed,
        theme_labels=dict(QVT_THEMES),
        done=done,
        form=form or FormState(values={"barometer_id": str(closed[0][0]) if closed else ""}),
        labels=CONTRIBUTION_LABELS,
    )


def _lists(posted: dict[str, str], lists: dict[str, list[str]]) -> dict[str, Any]:
    """The posted fields with the checkbox groups as lists (to show them again after a refusal)."""
    return {**posted, **lists}


class NetworkFormsController(Controller):
    """The network's forms: animation (invite, sessions, attendance, a new network) and member organisation
    (consent, trinôme, leaving, benchmark contribution)."""

    tags = ["pages"]
    include_in_schema = False

    # ------------------------------------------------------------------------------ a new network

    @get("/reseaux/nouveau")
    async def new_network(self, request: Request[Any, Any, Any]) -> Template:
        return await new_network_page(await page_visit(request))

    @post("/reseaux/nouveau")
    async def create_network(self, request: Request[Any, Any, Any]) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)
        lists = await read_form_lists(request, "facilitator_ids")
        payload = {
            "name": posted.get("name", ""),
            "kind": posted.get("kind", "cluster"),
            "region": posted.get("region", ""),
            "description": posted.get("description", ""),
            "facilitator_ids": lists["facilitator_ids"],
        }
        return await post_form(
            NetworkCreate,
            payload,
            lambda data: service.create_network(actor=visit.actor, data=data),
            posted=_lists(posted, lists),
            catch=(InvalidInput,),
            again=lambda refused: new_network_page(visit, form=refused.state, status=refused.status),
            then=lambda network: f"/reseaux/{network.id}?fait=cree",
        )

    # ------------------------------------------------------------------------------ animation

    @get("/reseaux/{network_id:int}/inviter")
    async def invite_form(self, request: Request[Any, Any, Any], network_id: FromPath[int]) -> Template:
        return await invite_page(await page_visit(request), network_id)

    @post("/reseaux/{network_id:int}/inviter")
    async def invite(self, request: Request[Any, Any, Any], network_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        await _animating(visit, network_id)
        posted = await read_form(request)
        payload = {
            "organization_id": posted.get("organization_id", "").strip() or None,
            "establishment_type": posted.get("establishment_type", ""),
        }
        return await post_form(
            InvitationCreate,
            payload,
            lambda data: service.invite(actor=visit.actor, network_id=network_id, data=data),
            posted=posted,
            catch=(InvalidInput, Conflict),
            again=lambda refused: invite_page(visit, network_id, form=refused.state, status=refused.status),
            then=_network_path(network_id, "?fait=invitee#membres"),
        )

    @get("/reseaux/{network_id:int}/seances/nouvelle")
    async def session_form(self, request: Request[Any, Any, Any], network_id: FromPath[int]) -> Template:
        return await new_session_page(await page_visit(request), network_id)

    @post("/reseaux/{network_id:int}/seances")
    async def create_session(self, request: Request[Any, Any, Any], network_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        await _animating(visit, network_id)
        posted = await read_form(request)
        lists = await read_form_lists(request, "themes")
        visit_kind = posted.get("kind") == "support_visit"
        payload: dict[str, Any] = {
            "kind": posted.get("kind", ""),
            "title": posted.get("title", ""),
            "held_on": posted.get("held_on", "").strip() or None,
            "place": posted.get("place", ""),
            "themes": lists["themes"],
            "agenda": posted.get("agenda", ""),
            "organization_id": (posted.get("organization_id", "").strip() or None) if visit_kind else None,
            "notes": posted.get("notes", "") if visit_kind else "",
        }
        if visit_kind and payload["organization_id"] is None:
            payload.pop("organization_id")
        return await post_form(
            SessionCreate,
            payload,
            lambda data: service.create_session(actor=visit.actor, network_id=network_id, data=data),
            posted=_lists(posted, lists),
            catch=(InvalidInput,),
            again=lambda refused: new_session_page(visit, network_id, form=refused.state, status=refused.status),
            then=lambda session: f"/reseaux/{network_id}/seances/{session.id}?fait=seance",
        )

    @get("/reseaux/{network_id:int}/seances/{session_id:int}")
    async def session(
        self,
        request: Request[Any, Any, Any],
        network_id: FromPath[int],
        session_id: FromPath[int],
        fait: FromQuery[str | None] = None,
    ) -> Template:
        return await session_page(await page_visit(request), network_id, session_id, done=DONE.get(fait or ""))

    @post("/reseaux/{network_id:int}/seances/{session_id:int}/presences")
    async def attendance(
        self, request: Request[Any, Any, Any], network_id: FromPath[int], session_id: FromPath[int]
    ) -> Response[Any]:
        visit = await page_visit(request)
        await _animating(visit, network_id)
        posted = await read_form(request)
        payload = {
            "organization_id": posted.get("organization_id", "").strip() or None,
            "attendees": posted.get("attendees", "").strip() or None,
        }
        return await post_form(
            AttendanceInput,
            payload,
            lambda data: service.record_attendance(
                actor=visit.actor, network_id=network_id, session_id=session_id, data=data
            ),
            posted=posted,
            catch=(InvalidInput,),
            again=lambda refused: session_page(
                visit, network_id, session_id, form=refused.state, status=refused.status
            ),
            then=f"/reseaux/{network_id}/seances/{session_id}?fait=presence#presences",
        )

    # ------------------------------------------------------------------------------ member organisation

    @get("/reseaux/{network_id:int}/invitation")
    async def consent_form(self, request: Request[Any, Any, Any], network_id: FromPath[int]) -> Template:
        return await consent_page(await page_visit(request), network_id)

    @post("/reseaux/{network_id:int}/invitation")
    async def consent(self, request: Request[Any, Any, Any], network_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        await _managing(visit, network_id)
        posted = await read_form(request)
        accept = posted.get("decision") != "decline"
        payload: dict[str, Any] = {
            "accept": accept,
            "steering_body_id": (posted.get("steering_body_id", "").strip() or None) if accept else None,
            "establishment_type": (posted.get("establishment_type", "").strip() or None) if accept else None,
        }
        return await post_form(
            ConsentInput,
            payload,
            lambda data: service.respond(
                actor=visit.actor, network_id=network_id, organization_id=visit.actor.organization_id, data=data
            ),
            posted=posted,
            catch=(InvalidInput, Conflict),
            again=lambda refused: consent_page(visit, network_id, form=refused.state, status=refused.status),
            then=_network_path(network_id, "?fait=rejoint") if accept else "/reseaux?fait=declinee",
        )

    @get("/reseaux/{network_id:int}/quitter")
    async def leave_form(self, request: Request[Any, Any, Any], network_id: FromPath[int]) -> Template:
        return await leave_page(await page_visit(request), network_id)

    @post("/reseaux/{network_id:int}/quitter")
    async def leave(self, request: Request[Any, Any, Any], network_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        await service.leave(actor=visit.actor, network_id=network_id, organization_id=visit.actor.organization_id)
        return see_other("/reseaux?fait=quitte")

    @get("/reseaux/{network_id:int}/trinome")
    async def trinome_form(self, request: Request[Any, Any, Any], network_id: FromPath[int]) -> Template:
        return await trinome_page(await page_visit(request), network_id)

    @post("/reseaux/{network_id:int}/trinome")
    async def set_trinome(self, request: Request[Any, Any, Any], network_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        await _managing(visit, network_id)
        posted = await read_form(request)
        lists = await read_form_lists(request, *rules.SIDES)
        return await post_form(
            TrinomeInput,
            dict(lists),
            lambda data: service.set_trinome(
                actor=visit.actor, network_id=network_id, organization_id=visit.actor.organization_id, data=data
            ),
            posted=_lists(posted, lists),
            catch=(InvalidInput,),
            again=lambda refused: trinome_page(visit, network_id, form=refused.state, status=refused.status),
            then=_network_path(network_id, "?fait=trinome#membres"),
        )

    @get("/reseaux/{network_id:int}/contribution")
    async def contribution(
        self, request: Request[Any, Any, Any], network_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        return await contribution_page(await page_visit(request), network_id, done=DONE.get(fait or ""))

    @post("/reseaux/{network_id:int}/contribution")
    async def publish_contribution(self, request: Request[Any, Any, Any], network_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)
        payload = {"barometer_id": posted.get("barometer_id", "").strip() or None}
        return await post_form(
            ContributionCreate,
            payload,
            lambda data: sharing.publish_contribution(actor=visit.actor, network_id=network_id, data=data),
            posted=posted,
            catch=(InvalidInput, InvalidState),
            again=lambda refused: contribution_page(visit, network_id, form=refused.state, status=refused.status),
            then=f"/reseaux/{network_id}/contribution?fait=contribution",
        )

    @post("/reseaux/{network_id:int}/contribution/retirer")
    async def withdraw_contribution(self, request: Request[Any, Any, Any], network_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        await sharing.withdraw_contribution(actor=visit.actor, network_id=network_id)
        return see_other(f"/reseaux/{network_id}/contribution?fait=contribution-retiree")
