"""The texts of the CSE: a document's title, kind and confidentiality; the CSE consultation on a version
(L4121-3: the CSE is consulted on the DUERP and its updates); and the purge of the versions whose retention ended
(`documents/retention.py`): their bytes leave the store, their metadata stays and a download answers 410."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from dialogue.audit import service as audit
from dialogue.audit.schemas import Snapshot
from dialogue.core.actor import Actor
from dialogue.core.clock import PARIS, as_datetime, to_date, to_local, utcnow
from dialogue.core.db import lock_row, transaction
from dialogue.core.errors import Forbidden, InvalidInput, NotFound
from dialogue.documents import texts_queries
from dialogue.documents.kinds import parse_kind
from dialogue.documents.retention import expired, retained_until, retention_years
from dialogue.documents.schemas import DocumentRead
from dialogue.documents.service import _read, _require_upload, _visible
from dialogue.documents.storage import get_store
from dialogue.documents.tables import Document, DocumentVersion
from dialogue.documents.texts_schemas import DocumentUpdate, PurgeLine, VersionConsultation


async def _record(
    actor: Actor | None,
    row: dict[str, Any],
    action: str,
    *,
    after: Snapshot,
    before: Snapshot | None = None,
    confidential: bool | None = None,
) -> None:
    """An audit row on the document `row` (its id and organisation; confidential as the document by default)."""
    await audit.record(
        actor=actor,
        organization_id=int(row["organization"]),
        action=action,
        entity="document",
        entity_id=int(row["id"]),
        before=before,
        after=after,
        confidential=bool(row["confidential"]) if confidential is None else confidential,
    )


async def update_document(*, actor: Actor, document_id: int, data: DocumentUpdate) -> DocumentRead:
    """Change the title, kind or confidential flag: those who may upload; marking a document confidential
    (L2315-3) needs a seat that sees confidential items, like uploading one."""
    row, who = await _visible(actor, document_id)
    _require_upload(who)
    changes = data.model_dump(exclude_none=True)
    if changes.get("confidential") and not who.sees_confidential:
        raise Forbidden("Un document confidentiel (L2315-3) est déposé par la direction ou un élu du CSE.")
    before = {name: row[name] for name in changes}
    async with transaction():
        await lock_row(Document, document_id)
        if changes:
            await Document.update({getattr(Document, name): value for name, value in changes.items()}).where(
                Document.id == document_id
            )
        secret = bool(row["confidential"]) or bool(changes.get("confidential"))
        await _record(actor, row, "document.updated", before=before, after=changes, confidential=secret)
    return await _read(document_id)


async def link_consultation(*, actor: Actor, document_id: int, version: int, data: VersionConsultation) -> DocumentRead:
    """Record the CSE consultation on a version (L4121-3: the DUERP and each update); a consultation of another
    organisation is 422 on the field, like an unknown one."""
    row, who = await _visible(actor, document_id)
    _require_upload(who)
    consultation_id = data.consultation_id
    if (
        consultation_id is not None
        and await texts_queries.consultation_organization(consultation_id) != (row["organization"])
    ):
        raise InvalidInput(
            "Consultation introuvable dans l'organisation.",
            errors=[{"field": "consultation_id", "message": "consultation inconnue"}],
        )
    async with transaction():
        found = (
            await DocumentVersion.update({DocumentVersion.consultation_id: consultation_id})
            .where((DocumentVersion.document == document_id) & (DocumentVersion.version == version))
            .returning(DocumentVersion.id)
        )
        if not found:
            raise NotFound("Version introuvable.")
        after = {"version": version, "consultation_id": consultation_id}
        await _record(actor, row, "document.version_consultation", after=after)
    return await _read(document_id)


async def purge(
    *, today: date, overrides: dict[str, int | None], dry_run: bool, organization_id: int | None = None
) -> list[PurgeLine]:
    """The versions whose retention ended before `today` (`retention.expired`), the oldest first; unless
    `dry_run`, each one's bytes are deleted from the store and the version marked purged, with an audit row (one
    transaction per version: a store that refuses leaves that version as it was)."""
    years = retention_years(overrides)
    periods = {kind: period for kind, period in years.items() if period is not None}
    if not periods:
        return []
    # Nothing uploaded after the shortest period before today can have expired.
    latest = datetime.combine(retained_until(today, -min(periods.values())), time(), tzinfo=PARIS)
    rows = await texts_queries.unpurged_versions(
        kinds=sorted(periods), uploaded_before=latest, organization_id=organization_id
    )
    lines: list[PurgeLine] = []
    for row in rows:
        kind = parse_kind(row["kind"])
        uploaded_at = as_datetime(row["uploaded_at"])
        ended = expired(
            kind=kind,
            uploaded_on=to_date(to_local(uploaded_at)),
            is_current=row["version"] == row["current_version"],
            today=today,
            years=years,
        )
        if ended is None:
            continue
        if not dry_run:
            await _purge_version(row, until=ended.until)
        lines.append(
            PurgeLine(
                organization_id=int(row["organization"]),
                document_id=int(row["document_id"]),
                title=row["title"],
                version=int(row["version"]),
                kind=kind,
                uploaded_at=uploaded_at,
                until=ended.until,
                purged=not dry_run,
            )
        )
    return lines


async def _purge_version(row: dict[str, Any], *, until: date) -> None:
    async with transaction():
        await DocumentVersion.update({DocumentVersion.purged_at: utcnow()}).where(
            (DocumentVersion.document == row["document_id"]) & (DocumentVersion.version == row["version"])
        )
        after = {"version": row["version"], "kind": row["kind"], "retained_until": until.isoformat()}
        await _record(None, {**row, "id": row["document_id"]}, "document.version_purged", after=after)
        await get_store().delete(str(row["storage_key"]))
