"""Annex pages (issue 16 "Where documents attach"): the documents of a meeting's minutes, of an SSCT mission
(inspection reports, L2312-13), of a negotiation (drafts, the signed agreement and its anonymised version for
deposit, L2231-5-1) and of a QVT action proposal (experience sheets). One page shape for the four targets, at
`/annexes/<place>/<id>`: the list (version, SHA-256, download through the cookie session, which logs the access),
a form to attach one of the organisation's documents and a form to upload a new one and attach it at once.

The same service functions as the API (`documents.attachments.attach_to` with the owning module's resolver), hence
the same rules: the secretary alone attaches to draft minutes and adopted ones are frozen (L2315-34), a closed
mission takes no document, a negotiation's documents are the direction's, a confidential document (L2315-3) is
hidden from those who may not see it. The upload form streams the file as the document pages do (CSRF token
before the file, checked before a byte of it is read); the target is checked before the upload, so a refused
attachment leaves no orphan document behind.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Final, get_args

from litestar import Controller, Request, Response, get, post
from litestar.di import Provide
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from dialogue.core.actor import Actor
from dialogue.core.db import transaction
from dialogue.core.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    InvalidState,
    NotFound,
    PayloadTooLarge,
    UnsupportedMediaType,
)
from dialogue.documents import attachments
from dialogue.documents import service as documents
from dialogue.documents.access import standing
from dialogue.documents.attachments import Target, TargetResolver
from dialogue.documents.pages import checked_source
from dialogue.documents.schemas import AnnexCreate, AttachmentRole
from dialogue.meetings.service.meetings import get_meeting
from dialogue.meetings.service.minutes_annexes import minutes_target
from dialogue.negotiations.service.annexes import negotiation_target
from dialogue.negotiations.service.reads import get_negotiation
from dialogue.pages.controllers import render
from dialogue.pages.forms import FormState, Visit, page_visit, read_form, see_other, validate
from dialogue.qvt.service.actions import get_action_proposal
from dialogue.qvt.service.annexes import action_target
from dialogue.ssct.service.annexes import mission_target
from dialogue.ssct.service.missions import get_mission
from dialogue.web.deps import AppSettings, provide_settings
from dialogue.web.problems import status_for

ROLE_LABELS: Final[dict[str, str]] = {
    "draft": "Projet d'accord",
    "signed": "Accord signé",
    "anonymised": "Version anonymisée pour le dépôt (L2231-5-1)",
}
DONE: Final = {
    "joint": "Le document a été joint.",
    "depose": "Le document a été déposé et joint.",
}


@dataclass(frozen=True, slots=True)
class Heading:
    """What the page says of its target: its name, the page to go back to and its label."""

    title: str
    back_url: str
    back_label: str


@dataclass(frozen=True, slots=True)
class Place:
    """One kind of target: its French path segment, its resolver (the owning module's rules) and its heading."""

    slug: str
    label: str
    intro: str
    resolve: TargetResolver
    describe: Callable[[Actor, int], Awaitable[Heading]]
    roles: bool = False


async def _minutes(actor: Actor, meeting_id: int) -> Heading:
    meeting = await get_meeting(actor=actor, meeting_id=meeting_id)
    return Heading(meeting.title, f"/reunions/{meeting_id}/proces-verbal", "Retour au procès-verbal")


async def _mission(actor: Actor, mission_id: int) -> Heading:
    mission = await get_mission(actor=actor, mission_id=mission_id)
    return Heading(mission.title, f"/instances/{mission.body_id}/missions-ssct", "Retour aux missions SSCT")


async def _negotiation(actor: Actor, negotiation_id: int) -> Heading:
    negotiation = await get_negotiation(actor=actor, negotiation_id=negotiation_id)
    return Heading(negotiation.topic_label, f"/negociations/{negotiation_id}", "Retour à la négociation")


async def _action(actor: Actor, action_id: int) -> Heading:
    action = await get_action_proposal(actor=actor, action_id=action_id)
    return Heading(action.title, f"/actions-qvt/{action_id}", "Retour à l'action QVT")


PLACES: Final[dict[str, Place]] = {
    p.slug: p
    for p in (
        Place(
            "proces-verbal",
            "Annexes du procès-verbal",
            "Jointes par le secrétaire qui établit le procès-verbal (art. L2315-34) ; figées avec lui une fois adopté.",
            minutes_target,
            _minutes,
        ),
        Place(
            "mission-ssct",
            "Documents de la mission SSCT",
            "Rapports d'inspection, photos, comptes rendus d'enquête (art. L2312-13) ; une mission close n'en "
            "reçoit plus.",
            mission_target,
            _mission,
        ),
        Place(
            "negociation",
            "Documents de la négociation",
            "Projets, accord signé et sa version anonymisée pour le dépôt et la publication (art. L2231-5-1).",
            negotiation_target,
            _negotiation,
            roles=True,
        ),
        Place(
            "action-qvt",
            "Fiches d'expérience de l'action QVT",
            "Fiches d'expérience et comptes rendus partagés par le comité de pilotage.",
            action_target,
            _action,
        ),
    )
}


def _place(slug: str) -> Place:
    place = PLACES.get(slug)
    if place is None:
        raise NotFound("Page introuvable.")
    return place


def _role(value: str | None, place: Place) -> AttachmentRole | None:
    """A negotiation document's role from the form (empty: none); 422 naming the field otherwise."""
    wanted = (value or "").strip()
    if not wanted:
        return None
    for role in get_args(AttachmentRole):
        if role == wanted and place.roles:
            return role  # type: ignore[no-any-return]
    raise InvalidInput("Rôle de document inconnu.", errors=[{"field": "role", "message": "rôle inconnu"}])


async def _writable(visit: Visit, place: Place, target_id: int) -> tuple[Target | None, str | None]:
    """The target when the visitor may attach to it now; else why not, when the reason is a state (adopted minutes,
    a closed mission), and nothing for a role that never attaches."""
    try:
        async with transaction():
            return await place.resolve(actor=visit.actor, target_id=target_id, write=True), None
    except Forbidden:
        return None, None
    except InvalidState as exc:
        return None, exc.detail


async def _page(
    visit: Visit, place: Place, target_id: int, form: FormState, status_code: int, **extra: Any
) -> Template:
    heading = await place.describe(visit.actor, target_id)
    attached = await attachments.list_of(actor=visit.actor, resolve=place.resolve, target_id=target_id)
    target, closed_reason = await _writable(visit, place, target_id)
    options: list[Any] = []
    sees_confidential = False
    if target is not None:
        attached_ids = {a.document_id for a in attached}
        listed, _ = await documents.list_documents(
            actor=visit.actor, organization_id=target.organization_id, limit=200, offset=0
        )
        options = [d for d in listed if d.id not in attached_ids]
        sees_confidential = (
            await standing(actor=visit.actor, organization_id=target.organization_id)
        ).sees_confidential
    settings = visit.request.app.state.settings
    return render(
        visit.request,
        "annexes/annexes.html.j2",
        visit.env,
        status_code=status_code,
        form=form,
        place=place,
        target_id=target_id,
        heading=heading,
        attached=attached,
        may_attach=target is not None,
        closed_reason=closed_reason,
        options=options,
        sees_confidential=sees_confidential,
        role_labels=ROLE_LABELS,
        max_mb=settings.max_upload_mb,
        **extra,
    )


class AnnexPagesController(Controller):
    tags = ["pages"]
    include_in_schema = False
    dependencies = {"settings": Provide(provide_settings)}

    @get("/annexes/{slug:str}/{target_id:int}")
    async def show(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        target_id: FromPath[int],
        fait: FromQuery[str | None] = None,
    ) -> Template:
        visit = await page_visit(request)
        return await _page(visit, _place(slug), target_id, FormState(), 200, done=DONE.get(fait or ""))

    @post("/annexes/{slug:str}/{target_id:int}")
    async def attach(
        self, request: Request[Any, Any, Any], slug: FromPath[str], target_id: FromPath[int]
    ) -> Response[Any]:
        """Attach one of the organisation's documents (the select), with its role for a negotiation."""
        visit = await page_visit(request)
        place = _place(slug)
        posted = await read_form(request)
        payload = {"document_id": posted.get("document_id", ""), "role": posted.get("role") or None}
        parsed = validate(AnnexCreate, payload)
        if isinstance(parsed, dict):
            return await _page(visit, place, target_id, FormState(values=posted, errors=parsed), 422)
        try:
            await attachments.attach_to(actor=visit.actor, resolve=place.resolve, target_id=target_id, data=parsed)
        except (Conflict, InvalidInput, InvalidState) as exc:
            return await _page(visit, place, target_id, FormState(values=posted, message=exc.detail), status_for(exc))
        return see_other(f"/annexes/{slug}/{target_id}?fait=joint")

    @post("/annexes/{slug:str}/{target_id:int}/depot", request_max_body_size=None, exclude_from_csrf=True)
    async def upload(
        self, request: Request[Any, Any, Any], settings: AppSettings, slug: FromPath[str], target_id: FromPath[int]
    ) -> Response[Any]:
        """Upload a new document into the target's organisation and attach it; a refusal shows the form again."""
        visit = await page_visit(request)
        place = _place(slug)
        try:
            source = await checked_source(request)
            await attachments.upload_to(
                actor=visit.actor,
                resolve=place.resolve,
                target_id=target_id,
                source=source,
                max_upload_mb=settings.max_upload_mb,
                role=_role(source.early_fields.get("role"), place),
            )
        except (PayloadTooLarge, UnsupportedMediaType, InvalidInput, InvalidState) as exc:
            return await _page(visit, place, target_id, FormState(message=exc.detail), status_for(exc))
        return see_other(f"/annexes/{slug}/{target_id}?fait=depose")


__all__ = ["PLACES", "AnnexPagesController"]
