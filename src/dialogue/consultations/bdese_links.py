"""BDESE items that informed a consultation (R2312-5: the delay runs from the communication of the information
or from the notice that it is in the BDESE). The layer above consultations and bdese (consultations_bdese)
checks the item — published, of the same organisation — and hands in its publication day; this module stores
the link and moves `informed_on` with the documents' days (consultations.attachments.follow_documents)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dialogue.audit import service as audit
from dialogue.bodies.access import body_access
from dialogue.consultations.attachments import follow_documents
from dialogue.consultations.bdese_queries import StoredLink
from dialogue.consultations.service import RUNS, ensure_open
from dialogue.consultations.tables import Consultation, ConsultationBdeseItem
from dialogue.core import clock
from dialogue.core.actor import Actor
from dialogue.core.db import lock_row
from dialogue.core.errors import Conflict, NotFound


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """A consultation open to a new link, with its organisation and body (for the item check and the audit)."""

    consultation_id: int
    organization_id: int
    body_id: int


async def readable(*, actor: Actor, consultation_id: int) -> LinkTarget:
    """The consultation as its readers see it (404 for another organisation)."""
    row = (
        await Consultation.select(Consultation.id, Consultation.body).where(Consultation.id == consultation_id).first()
    )
    if row is None:
        raise NotFound("Consultation introuvable.")
    access = await body_access(actor=actor, body_id=row["body"])
    access.require_read()
    return LinkTarget(consultation_id=consultation_id, organization_id=access.organization_id, body_id=row["body"])


async def open_for_link(*, actor: Actor, consultation_id: int) -> LinkTarget:
    """Inside the caller's transaction: the consultation, locked, run by the actor (president or secretary, 403)
    and still open (409 once the opinion is given or deemed given, L2312-16)."""
    target = await readable(actor=actor, consultation_id=consultation_id)
    access = await body_access(actor=actor, body_id=target.body_id)
    access.require(access.runs_meetings, RUNS)
    await lock_row(Consultation, consultation_id)
    await ensure_open(consultation_id=consultation_id, on=clock.local_today())
    return target


async def add(*, actor: Actor, target: LinkTarget, item_id: int, published_on: date) -> StoredLink:
    """Store the link (409 when the item already informs the consultation) and let `informed_on` follow the
    earliest communication (R2312-5), unless set by hand or final. Inside the caller's transaction."""
    exists = await ConsultationBdeseItem.exists().where(
        (ConsultationBdeseItem.consultation == target.consultation_id) & (ConsultationBdeseItem.item_id == item_id)
    )
    if exists:
        raise Conflict("Cette information de la BDESE est déjà liée à la consultation.", code="bdese_item_linked")
    at = clock.utcnow()
    link = ConsultationBdeseItem(
        consultation=target.consultation_id,
        item_id=item_id,
        published_on=published_on,
        linked_by=actor.user_id,
        linked_at=at,
    )
    await link.save()
    await audit.record(
        actor=actor,
        organization_id=target.organization_id,
        action="consultation_bdese_linked",
        entity="consultation",
        entity_id=target.consultation_id,
        after={"bdese_item": item_id, "published_on": published_on.isoformat()},
        body_id=target.body_id,
    )
    await follow_documents(actor=actor, organization_id=target.organization_id, consultation_id=target.consultation_id)
    return StoredLink(item_id=item_id, published_on=published_on, linked_by=actor.user_id, linked_at=at)
