"""Documents of a consultation (issue 16): attached by those who run it, communicated the day they are attached
(the members find them on the consultation), and `informed_on` following the earliest communication of the
consultation's documents (R2312-5) unless set by hand with a reason (consultations.informing). A final
consultation is never moved (L2312-16)."""

from __future__ import annotations

from typing import Any

from dialogue.audit import service as audit
from dialogue.bodies.access import BodyAccess, body_access
from dialogue.consultations import rules
from dialogue.consultations.bdese_queries import published_dates
from dialogue.consultations.events import ConsultationUpdated
from dialogue.consultations.rules import informed_on_from_documents
from dialogue.consultations.schemas import ExpectedDocumentRead
from dialogue.consultations.service import RUNS, ensure_open, outlook
from dialogue.consultations.service import from_row as state_of
from dialogue.consultations.tables import Consultation
from dialogue.core import clock
from dialogue.core.actor import Actor
from dialogue.core.db import lock_row, transaction
from dialogue.core.errors import NotFound
from dialogue.core.events import emit
from dialogue.documents import attachments
from dialogue.documents.attachments import Communication, Target
from dialogue.documents.schemas import AttachmentRead


async def _consultation(*, actor: Actor, consultation_id: int) -> tuple[BodyAccess, dict[str, Any], Target]:
    row = await Consultation.select().where(Consultation.id == consultation_id).first()
    if row is None:
        raise NotFound("Consultation introuvable.")
    access = await body_access(actor=actor, body_id=row["body"])
    access.require_read()
    target = Target(
        kind="consultation", id=consultation_id, organization_id=access.organization_id, body_id=row["body"]
    )
    return access, row, target


async def attach_document(*, actor: Actor, consultation_id: int, document_id: int) -> AttachmentRead:
    """Attach a document to a running consultation: communicated today, and the start of the delay follows."""
    async with transaction():
        access, _, target = await _consultation(actor=actor, consultation_id=consultation_id)
        access.require(access.runs_meetings, RUNS)
        await lock_row(Consultation, consultation_id)
        await ensure_open(consultation_id=consultation_id, on=clock.local_today())
        read = await attachments.attach(
            actor=actor, target=target, document_id=document_id, communicated_on=clock.local_today()
        )
        await follow_documents(actor=actor, organization_id=access.organization_id, consultation_id=consultation_id)
        return read


async def list_documents(*, actor: Actor, consultation_id: int) -> list[AttachmentRead]:
    """The consultation's documents: attached to it, or to an agenda item carrying it."""
    access, _, _ = await _consultation(actor=actor, consultation_id=consultation_id)
    return [
        c.document
        for c in await attachments.communications(
            actor=actor, organization_id=access.organization_id, consultation_id=consultation_id
        )
    ]


async def communications(*, actor: Actor, consultation_id: int) -> list[Communication]:
    """What was given, to whom, when (the consultation page)."""
    access, _, _ = await _consultation(actor=actor, consultation_id=consultation_id)
    return await attachments.communications(
        actor=actor, organization_id=access.organization_id, consultation_id=consultation_id
    )


async def follow_documents(*, actor: Actor, organization_id: int, consultation_id: int) -> None:
    """Move `informed_on` to the earliest communication of the consultation's documents or publication of its
    BDESE items (R2312-5), unless it was set by hand with a reason or the consultation is final (L2312-16).
    Inside the caller's transaction."""
    row = await Consultation.select().where(Consultation.id == consultation_id).first()
    if row is None:
        return
    current = clock.to_date(row["informed_on"])
    followed = informed_on_from_documents(
        communicated=await attachments.communication_dates(consultation_id),
        published=await published_dates(consultation_id),
        informed_on=current,
        override_reason=row["informed_on_override_reason"],
    )
    if followed == current or (await outlook(state_of(row), today=clock.local_today())).final:
        return
    await Consultation.update({Consultation.informed_on: followed, Consultation.updated_at: clock.utcnow()}).where(
        Consultation.id == consultation_id
    )
    moved = await outlook(state_of({**row, "informed_on": followed}), today=clock.local_today())
    await audit.record(
        actor=actor,
        organization_id=organization_id,
        action="update",
        entity="consultation",
        entity_id=consultation_id,
        before={"informed_on": current.isoformat()},
        after={
            "informed_on": followed.isoformat(),
            "basis": "documents communiqués ou publiés dans la BDESE (R2312-5)",
        },
        body_id=row["body"],
    )
    await emit(
        ConsultationUpdated(
            organization_id=organization_id,
            actor_user_id=actor.user_id,
            consultation_id=consultation_id,
            body_id=row["body"],
            deadline=moved.deadline,
        )
    )


async def expected_documents(*, actor: Actor, consultation_id: int) -> list[ExpectedDocumentRead]:
    """The documents the law expects for the consultation (L2312-27 for the social policy), present or missing."""
    access, row, _ = await _consultation(actor=actor, consultation_id=consultation_id)
    given = await attachments.communications(
        actor=actor, organization_id=access.organization_id, consultation_id=consultation_id
    )
    found = rules.expected_documents(str(row["kind"]), [c.document.kind for c in given])
    return [ExpectedDocumentRead(kind=e.kind, label=e.label, article=e.article, present=e.present) for e in found]
