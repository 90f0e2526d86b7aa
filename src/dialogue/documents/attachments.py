"""Documents attached to agenda items, meetings and consultations (issue 16). The module owning the target
(meetings, consultations) checks who may attach and hands in a `Target`; this one checks the document (one of
the organisation's: 422 otherwise; a confidential one only for those who see it, L2315-3), stores the link and
its communication day (R2312-5: the consultation delay runs from the communication of the information)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from dialogue.audit import service as audit
from dialogue.core import clock
from dialogue.core.actor import Actor
from dialogue.core.db import transaction
from dialogue.core.errors import Conflict, InvalidInput, NotFound
from dialogue.documents import attachment_queries as queries
from dialogue.documents import queries as document_queries
from dialogue.documents.access import standing
from dialogue.documents.schemas import AnnexCreate, AttachmentRead, AttachmentRole, AttachmentTargetKind
from dialogue.documents.service import UploadSource, require_attachable, upload_document
from dialogue.documents.tables import DocumentAttachment


@dataclass(frozen=True, slots=True)
class Target:
    """What a document is attached to, in which organisation and body (for the audit trail)."""

    kind: AttachmentTargetKind
    id: int
    organization_id: int
    body_id: int | None = None


@dataclass(frozen=True, slots=True)
class MeetingAttachment:
    """A document of a meeting (its own, or one of its agenda items'): what the convocation lists as annexes."""

    document_id: int
    title: str
    filename: str
    version: int
    sha256: str
    confidential: bool
    agenda_item_id: int | None
    item_position: int | None
    item_title: str | None
    communicated_on: date | None


@dataclass(frozen=True, slots=True)
class Recipient:
    full_name: str
    capacity: str


@dataclass(frozen=True, slots=True)
class Communication:
    """A consultation's document: what was given, when, and to whom (the members convoked with it, if any)."""

    document: AttachmentRead
    meeting_id: int | None
    recipients: tuple[Recipient, ...]


def _read(row: dict[str, Any]) -> AttachmentRead:
    return AttachmentRead(
        document_id=row["document_id"],
        target_kind=row["target_kind"],
        target_id=row["target_id"],
        title=row["title"],
        filename=row["filename"],
        media_type=row["media_type"],
        size=int(row["size"]),
        version=int(row["version"]),
        sha256=row["sha256"],
        confidential=bool(row["confidential"]),
        attached_at=row["attached_at"],
        communicated_on=clock.as_date(row["communicated_on"]),
        role=row["role"],
        kind=row.get("kind") or "other",
    )


async def sees_confidential(actor: Actor, organization_id: int) -> bool:
    return (await standing(actor=actor, organization_id=organization_id)).sees_confidential


async def attach(
    *,
    actor: Actor,
    target: Target,
    document_id: int,
    communicated_on: date | None,
    role: AttachmentRole | None = None,
) -> AttachmentRead:
    """Attach one of the organisation's documents (422 otherwise, and for a confidential one the actor may not
    see); 409 when it is attached already. Inside the caller's transaction."""
    await require_attachable(organization_id=target.organization_id, document_id=document_id)
    document = await document_queries.document(document_id)
    if document is None or (document["confidential"] and not await sees_confidential(actor, target.organization_id)):
        raise InvalidInput(
            "Document introuvable dans l'organisation.",
            errors=[{"field": "document_id", "message": "document inconnu"}],
        )
    if await queries.one(target_kind=target.kind, target_id=target.id, document_id=document_id) is not None:
        raise Conflict("Ce document est déjà joint.", code="already_attached")
    await DocumentAttachment.insert(
        DocumentAttachment(
            document=document_id,
            target_kind=target.kind,
            target_id=target.id,
            attached_by=actor.user_id,
            attached_at=clock.utcnow(),
            communicated_on=communicated_on,
            role=role,
        )
    )
    row = await queries.one(target_kind=target.kind, target_id=target.id, document_id=document_id)
    assert row is not None
    await audit.record(
        actor=actor,
        organization_id=target.organization_id,
        action="document.attached",
        entity=target.kind,
        entity_id=target.id,
        after={"document_id": document_id, "title": row["title"], "sha256": row["sha256"], "role": role},
        body_id=target.body_id,
        confidential=bool(row["confidential"]),
    )
    return _read(row)


async def detach(*, actor: Actor, target: Target, document_id: int) -> None:
    """Remove an attachment (the caller checks it was not communicated yet); 404 when not attached."""
    row = await queries.one(target_kind=target.kind, target_id=target.id, document_id=document_id)
    if row is None or (row["confidential"] and not await sees_confidential(actor, target.organization_id)):
        raise NotFound("Ce document n'est pas joint.")
    await DocumentAttachment.delete().where(
        (DocumentAttachment.document == document_id)
        & (DocumentAttachment.target_kind == target.kind)
        & (DocumentAttachment.target_id == target.id)
    )
    await audit.record(
        actor=actor,
        organization_id=target.organization_id,
        action="document.detached",
        entity=target.kind,
        entity_id=target.id,
        before={"document_id": document_id, "title": row["title"]},
        body_id=target.body_id,
        confidential=bool(row["confidential"]),
    )


async def communicated(*, target: Target, document_id: int) -> bool:
    row = await queries.one(target_kind=target.kind, target_id=target.id, document_id=document_id)
    return row is not None and row["communicated_on"] is not None


async def list_attached(*, actor: Actor, target: Target) -> list[AttachmentRead]:
    """A target's documents; confidential ones only for those who may see them (L2315-3)."""
    rows = await queries.of_target(target_kind=target.kind, target_id=target.id)
    if any(r["confidential"] for r in rows) and not await sees_confidential(actor, target.organization_id):
        rows = [r for r in rows if not r["confidential"]]
    return [_read(r) for r in rows]


class TargetResolver(Protocol):
    """The module owning a target: 404 when unknown or of another organisation, 403 when the actor may not read
    it (or, with `write`, attach to it), 409 when it no longer takes documents (adopted minutes); else the
    target. Called inside the attaching transaction, so it may lock the target's row."""

    async def __call__(self, *, actor: Actor, target_id: int, write: bool) -> Target: ...


def _check_role(target: Target, role: AttachmentRole | None) -> None:
    if role is not None and target.kind != "negotiation":
        raise InvalidInput(
            "Seuls les documents d'une négociation portent un rôle (projet, accord signé, version anonymisée).",
            errors=[{"field": "role", "message": "réservé aux négociations"}],
        )


async def attach_to(*, actor: Actor, resolve: TargetResolver, target_id: int, data: AnnexCreate) -> AttachmentRead:
    """Attach a document to minutes, an SSCT mission, a negotiation or a QVT action, once the owning module
    allowed it; a `role` is a negotiation's only (draft, signed, anonymised: L2231-5-1), 422 elsewhere."""
    async with transaction():
        target = await resolve(actor=actor, target_id=target_id, write=True)
        _check_role(target, data.role)
        return await attach(
            actor=actor, target=target, document_id=data.document_id, communicated_on=None, role=data.role
        )


async def upload_to(
    *,
    actor: Actor,
    resolve: TargetResolver,
    target_id: int,
    source: UploadSource,
    max_upload_mb: int,
    role: AttachmentRole | None = None,
) -> AttachmentRead:
    """Upload a new document and attach it to minutes, an SSCT mission, a negotiation or a QVT action: whoever may
    attach there may upload this one (an élu's inspection report, L2312-13). The target is checked before a byte
    is read, so a refused attachment leaves no document behind; the file streams outside any transaction."""
    async with transaction():
        target = await resolve(actor=actor, target_id=target_id, write=True)
    _check_role(target, role)
    document = await upload_document(
        actor=actor, organization_id=target.organization_id, source=source, max_upload_mb=max_upload_mb, granted=True
    )
    return await attach_to(
        actor=actor, resolve=resolve, target_id=target_id, data=AnnexCreate(document_id=document.id, role=role)
    )


async def list_of(*, actor: Actor, resolve: TargetResolver, target_id: int) -> list[AttachmentRead]:
    """A target's documents for whoever may read the target; confidential ones as `list_attached` says."""
    target = await resolve(actor=actor, target_id=target_id, write=False)
    return await list_attached(actor=actor, target=target)


async def list_for_meeting(meeting_id: int) -> list[MeetingAttachment]:
    """The meeting's documents and its agenda items', in agenda order, with the version and SHA-256 given (the
    current ones before the convocation). No access check: the caller (convocation, printables) has made it."""
    return [
        MeetingAttachment(
            document_id=r["document_id"],
            title=r["title"],
            filename=r["filename"],
            version=int(r["version"]),
            sha256=r["sha256"],
            confidential=bool(r["confidential"]),
            agenda_item_id=r["target_id"] if r["target_kind"] == "agenda_item" else None,
            item_position=r["item_position"],
            item_title=r["item_title"],
            communicated_on=clock.as_date(r["communicated_on"]),
        )
        for r in await queries.of_meeting(meeting_id)
    ]


async def communicate_meeting(*, meeting_id: int, on: date) -> None:
    """The convocation carries the meeting's documents: each not yet communicated is on `on` (R2312-5)."""
    await queries.communicate_meeting(meeting_id=meeting_id, on=on)


async def communication_dates(consultation_id: int) -> list[date]:
    """The days a consultation's documents were communicated (attached to it, or to a convened item carrying
    it), for rules.informed_on_from_documents."""
    rows = await queries.of_consultation(consultation_id)
    return [d for r in rows if (d := clock.as_date(r["communicated_on"])) is not None]


async def communications(*, actor: Actor, organization_id: int, consultation_id: int) -> list[Communication]:
    """What was given for a consultation, when, and to whom: the evidence of the information (R2312-5)."""
    rows = await queries.of_consultation(consultation_id)
    if any(r["confidential"] for r in rows) and not await sees_confidential(actor, organization_id):
        rows = [r for r in rows if not r["confidential"]]
    meeting_ids = sorted({int(r["meeting_id"]) for r in rows if r["meeting_id"] is not None})
    by_meeting: dict[int, list[Recipient]] = {}
    for rec in await queries.recipients(meeting_ids):
        by_meeting.setdefault(int(rec["meeting_id"]), []).append(Recipient(rec["full_name"], rec["capacity"]))
    return [
        Communication(
            document=_read(r),
            meeting_id=r["meeting_id"],
            recipients=tuple(by_meeting.get(int(r["meeting_id"]), ())) if r["meeting_id"] is not None else (),
        )
        for r in rows
    ]
