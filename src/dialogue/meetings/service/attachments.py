"""Documents attached to a meeting or its agenda items (issue 16): attached by the president or the secretary
(those who draw up the agenda, L2315-29) while the meeting is a draft or convened, detached only before the
convocation; the convocation communicates them (R2312-5: `communicated_on` is its local day) and the
consultations on the agenda follow (consultations.attachments.follow_documents)."""

from __future__ import annotations

from datetime import date
from typing import Any

from dialogue.bodies.access import BodyAccess
from dialogue.consultations.attachments import follow_documents
from dialogue.core.actor import Actor
from dialogue.core.db import transaction
from dialogue.core.errors import InvalidState, NotFound
from dialogue.documents import attachments
from dialogue.documents.attachments import Target
from dialogue.documents.schemas import AttachmentRead, AttachmentTargetKind
from dialogue.meetings import repository as repo
from dialogue.meetings.service.common import RUNS_MEETINGS, now, require_status
from dialogue.meetings.tables import AgendaItem


async def _target(
    *, actor: Actor, kind: AttachmentTargetKind, target_id: int, lock: bool = False
) -> tuple[BodyAccess, dict[str, Any], Target]:
    """The meeting (of the item), the actor's standing, and the target; 404 for a confidential item the actor
    may not see (L2315-3) or another organisation's."""
    meeting_id = target_id
    if kind == "agenda_item":
        item = await repo.agenda_item_row(target_id)
        meeting_id = item["meeting"]
    access, meeting = await repo.meeting_access(actor=actor, meeting_id=meeting_id, lock=lock)
    if kind == "agenda_item" and item["confidential"] and not access.sees_confidential:
        raise NotFound("Point de l'ordre du jour introuvable.")
    target = Target(kind=kind, id=target_id, organization_id=access.organization_id, body_id=meeting["body"])
    return access, meeting, target


def _convocation_day(meeting: dict[str, Any]) -> date:
    return now().astimezone(repo.zone(meeting)).date()


async def attach(*, actor: Actor, kind: AttachmentTargetKind, target_id: int, document_id: int) -> AttachmentRead:
    """Attach one of the organisation's documents; after the convocation it is communicated the day attached."""
    async with transaction():
        access, meeting, target = await _target(actor=actor, kind=kind, target_id=target_id, lock=True)
        access.require(access.runs_meetings, RUNS_MEETINGS)
        require_status(meeting, "draft", "convened", action="joindre un document")
        convened = meeting["status"] == "convened"
        read = await attachments.attach(
            actor=actor,
            target=target,
            document_id=document_id,
            communicated_on=_convocation_day(meeting) if convened else None,
        )
        if convened:
            await _follow(actor=actor, access=access, meeting_id=meeting["id"])
        return read


async def detach(*, actor: Actor, kind: AttachmentTargetKind, target_id: int, document_id: int) -> None:
    """Remove a document before the convocation (once sent, it stays as the evidence of what was given)."""
    async with transaction():
        access, meeting, target = await _target(actor=actor, kind=kind, target_id=target_id, lock=True)
        access.require(access.runs_meetings, RUNS_MEETINGS)
        if meeting["status"] != "draft" or await attachments.communicated(target=target, document_id=document_id):
            raise InvalidState(
                "Le document a été communiqué avec la convocation : il reste joint (preuve de l'information "
                "donnée, art. R2312-5 du Code du travail).",
                code="attachment_communicated",
            )
        await attachments.detach(actor=actor, target=target, document_id=document_id)


async def list_documents(*, actor: Actor, kind: AttachmentTargetKind, target_id: int) -> list[AttachmentRead]:
    _, _, target = await _target(actor=actor, kind=kind, target_id=target_id)
    return await attachments.list_attached(actor=actor, target=target)


async def _follow(*, actor: Actor, access: BodyAccess, meeting_id: int) -> None:
    carried = await AgendaItem.select(AgendaItem.consultation).where(
        (AgendaItem.meeting == meeting_id) & (AgendaItem.status == "accepted") & AgendaItem.consultation.is_not_null()
    )
    for consultation_id in sorted({int(r["consultation"]) for r in carried}):
        await follow_documents(actor=actor, organization_id=access.organization_id, consultation_id=consultation_id)


async def communicate(*, actor: Actor, access: BodyAccess, meeting: dict[str, Any]) -> None:
    """The convocation carries the meeting's documents (called by `convene`, inside its transaction): each not
    yet communicated is on the convocation's local day, and the consultations on the agenda follow (R2312-5)."""
    await attachments.communicate_meeting(meeting_id=meeting["id"], on=_convocation_day(meeting))
    await _follow(actor=actor, access=access, meeting_id=meeting["id"])


async def page_documents(
    *, actor: Actor, meeting_id: int
) -> tuple[dict[int, list[attachments.MeetingAttachment]], bool]:
    """The documents of each agenda item (by item id; confidential ones only for who sees them, L2315-3), and
    whether the actor may attach (president or secretary, meeting a draft or convened)."""
    access, meeting = await repo.meeting_access(actor=actor, meeting_id=meeting_id)
    sees = await attachments.sees_confidential(actor, access.organization_id)
    by_item: dict[int, list[attachments.MeetingAttachment]] = {}
    for doc in await attachments.list_for_meeting(meeting_id):
        if doc.agenda_item_id is not None and (sees or not doc.confidential):
            by_item.setdefault(doc.agenda_item_id, []).append(doc)
    return by_item, access.runs_meetings and meeting["status"] in ("draft", "convened")


async def item_meeting(*, actor: Actor, item_id: int) -> int:
    _, meeting, _ = await _target(actor=actor, kind="agenda_item", target_id=item_id)
    return int(meeting["id"])
