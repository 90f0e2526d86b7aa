"""What an external invitee's personal link opens (L2314-3): one meeting's convocation — date, place, agenda —
and its documents, read-only and without an account. Confidential agenda items are named only as such and their
documents, like every confidential document, never appear (L2315-3). A forged link, or one for a meeting the
invitee is not convoked to, is 404; an expired one, or one whose invitee was withdrawn, is 410."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dialogue.bodies.tables import Body
from dialogue.core.errors import Gone, NotFound
from dialogue.documents import attachments
from dialogue.documents import service as documents
from dialogue.meetings.rules.invitation_links import LinkState, expiry_for, invitation_token, read_invitation_token
from dialogue.meetings.tables import AgendaItem, Convocation, ExternalInvitee, Meeting
from dialogue.organizations.tables import Organization

CONFIDENTIAL_ITEM = "Point confidentiel (L2315-3) : son contenu n'est communiqué qu'aux membres de l'instance."
NOT_FOUND = "Ce lien d'invitation n'est pas valable : vérifiez qu'il a été recopié en entier depuis le message reçu."
EXPIRED = "Ce lien d'invitation a expiré : il restait valable 30 jours après la réunion."
WITHDRAWN = "Cette invitation a été retirée : le lien ne donne plus accès à la réunion."


@dataclass(frozen=True, slots=True)
class InviteeAgendaLine:
    position: int
    title: str
    kind: str
    confidential: bool


@dataclass(frozen=True, slots=True)
class InviteeDocument:
    document_id: int
    title: str
    filename: str
    item_title: str | None


@dataclass(frozen=True, slots=True)
class InvitationView:
    invitee_name: str
    capacity: str
    organization_name: str
    body_name: str
    meeting_id: int
    title: str
    status: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    location: str | None
    visio_url: str | None
    cancel_reason: str | None
    agenda: list[InviteeAgendaLine]
    documents: list[InviteeDocument]
    expires_at: datetime


def link_for(*, invitee_id: int, meeting_id: int, meeting_ends_at: datetime, key: bytes) -> tuple[str, datetime]:
    """The token of an invitee's link to a meeting, and until when it opens."""
    expires_at = expiry_for(meeting_ends_at)
    token = invitation_token(invitee_id=invitee_id, meeting_id=meeting_id, expires_at=expires_at, key=key)
    return token, expires_at


async def _checked(token: str, *, key: bytes, now: datetime) -> tuple[dict[str, Any], dict[str, Any], datetime]:
    """(invitee row, meeting row, expiry) of a genuine, current link of a convoked invitee."""
    state, invitee_id, meeting_id = read_invitation_token(token, key=key, now=now)
    if state is LinkState.forged:
        raise NotFound(NOT_FOUND, code="invitation_not_found")
    meeting = await Meeting.select().where(Meeting.id == meeting_id).first()
    invitee = await ExternalInvitee.select().where(ExternalInvitee.id == invitee_id).first()
    convoked = await Convocation.exists().where(
        (Convocation.meeting == meeting_id) & (Convocation.invitee == invitee_id)
    )
    if meeting is None or invitee is None or invitee["body"] != meeting["body"] or not convoked:
        raise NotFound(NOT_FOUND, code="invitation_not_found")
    if state is LinkState.expired:
        raise Gone(EXPIRED, code="invitation_expired")
    if not invitee["active"]:
        raise Gone(WITHDRAWN, code="invitation_withdrawn")
    expires_at = expiry_for(meeting["ends_at"])
    return invitee, meeting, expires_at


async def invitation_view(*, token: str, key: bytes, now: datetime) -> InvitationView:
    """The convocation as the invitee may read it."""
    invitee, meeting, expires_at = await _checked(token, key=key, now=now)
    body = await Body.select(Body.name, Body.organization).where(Body.id == meeting["body"]).first()
    assert body is not None
    organization = await Organization.select(Organization.name).where(Organization.id == body["organization"]).first()
    items = (
        await AgendaItem.select(
            AgendaItem.id, AgendaItem.position, AgendaItem.title, AgendaItem.kind, AgendaItem.confidential
        )
        .where((AgendaItem.meeting == meeting["id"]) & (AgendaItem.status == "accepted"))
        .order_by(AgendaItem.position)
    )
    confidential_items = {int(i["id"]) for i in items if i["confidential"]}
    agenda = [
        InviteeAgendaLine(
            position=int(i["position"]),
            title=CONFIDENTIAL_ITEM if i["confidential"] else str(i["title"]),
            kind=str(i["kind"]),
            confidential=bool(i["confidential"]),
        )
        for i in items
    ]
    shown = [
        InviteeDocument(document_id=a.document_id, title=a.title, filename=a.filename, item_title=a.item_title)
        for a in await attachments.list_for_meeting(int(meeting["id"]))
        if not a.confidential and a.agenda_item_id not in confidential_items
    ]
    return InvitationView(
        invitee_name=str(invitee["full_name"]),
        capacity=str(invitee["capacity"]),
        organization_name=str(organization["name"]) if organization else "",
        body_name=str(body["name"]),
        meeting_id=int(meeting["id"]),
        title=str(meeting["title"]),
        status=str(meeting["status"]),
        starts_at=meeting["starts_at"],
        ends_at=meeting["ends_at"],
        timezone=str(meeting["timezone"] or "Europe/Paris"),
        location=meeting["location"],
        visio_url=meeting["visio_url"],
        cancel_reason=meeting["cancel_reason"],
        agenda=agenda,
        documents=shown,
        expires_at=expires_at,
    )


async def invitation_document(*, token: str, key: bytes, now: datetime, document_id: int) -> documents.Content:
    """A document of the meeting the link opens, if shown on its page: never a confidential one, nor one of
    a confidential item, nor one of another meeting (404 alike, so the link reveals nothing about them)."""
    view = await invitation_view(token=token, key=key, now=now)
    if document_id not in {d.document_id for d in view.documents}:
        raise NotFound("Document introuvable pour cette invitation.")
    meeting = await Meeting.select(Meeting.body.organization).where(Meeting.id == view.meeting_id).first()
    assert meeting is not None
    content = await documents.shared_content(organization_id=int(meeting["body.organization"]), document_id=document_id)
    if content is None:
        raise NotFound("Document introuvable pour cette invitation.")
    return content
