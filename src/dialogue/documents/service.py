"""The document space: upload (streamed to the store while hashed, type from the content), versions, reads,
downloads and the access log. Bytes never enter the database nor sit whole in memory; no database transaction
is held while a file streams (the row is written once the bytes are stored, and the object deleted if not)."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, Protocol

from dialogue.audit import service as audit
from dialogue.core.actor import Actor
from dialogue.core.clock import utcnow
from dialogue.core.db import lock_row, transaction
from dialogue.core.errors import (
    Forbidden,
    Gone,
    InvalidInput,
    NotFound,
    PayloadTooLarge,
    RangeNotSatisfiable,
    UnsupportedMediaType,
)
from dialogue.documents import queries
from dialogue.documents.access import standing
from dialogue.documents.kinds import parse_kind
from dialogue.documents.rules import (
    SNIFF_BYTES,
    Standing,
    UnsatisfiableRange,
    limit_bytes,
    parse_range,
    sniff_media_type,
)
from dialogue.documents.schemas import DocumentAccessRead, DocumentRead, DocumentSummaryRead, DocumentVersionRead
from dialogue.documents.storage import get_store
from dialogue.documents.tables import Document, DocumentAccess, DocumentVersion


class UploadSource(Protocol):
    """A file being received: its name, its bytes in chunks, then the form's other fields (read once the bytes
    are consumed, since a multipart body may carry them after the file)."""

    filename: str

    def chunks(self) -> AsyncIterator[bytes]: ...

    async def fields(self) -> dict[str, str]: ...


@dataclass(frozen=True, slots=True)
class Stored:
    key: str
    filename: str
    media_type: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class Content:
    """A version's bytes to send: the whole file, or the range `first`..`last` (inclusive) when `partial`."""

    stream: AsyncIterator[bytes]
    filename: str
    media_type: str
    size: int
    sha256: str
    first: int
    last: int
    partial: bool


def _too_large(limit_mb: int) -> PayloadTooLarge:
    return PayloadTooLarge(f"Le fichier dépasse la taille maximale acceptée ({limit_mb} Mo).", limit_mb=limit_mb)


def _clean_filename(filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].replace("\x00", "").strip()
    if not name:
        raise InvalidInput("Nom de fichier manquant.", errors=[{"field": "file", "message": "nom de fichier requis"}])
    return name[:255]


async def store_upload(source: UploadSource, *, max_upload_mb: int) -> Stored:
    """Sniff the first bytes (415 before anything is stored), then stream the file to the store while counting
    and hashing it; over the limit the object is deleted and 413 raised."""
    filename = _clean_filename(source.filename)
    limit_mb = max_upload_mb
    limit = limit_bytes(limit_mb)
    chunks = source.chunks()
    head, complete = bytearray(), False
    while len(head) < SNIFF_BYTES:
        try:
            head += await anext(chunks)
        except StopAsyncIteration:
            complete = True
            break
    if not head:
        raise InvalidInput("Le fichier est vide.", errors=[{"field": "file", "message": "fichier vide"}])
    if len(head) > limit:
        raise _too_large(limit_mb)
    media_type = sniff_media_type(bytes(head), complete=complete)
    if media_type is None:
        raise UnsupportedMediaType(
            "Type de fichier non accepté : PDF, OpenDocument, Office Open XML (docx, xlsx, pptx), CSV, PNG ou "
            "JPEG, reconnu d'après son contenu."
        )
    digest = hashlib.sha256()
    state = {"size": 0, "over": False}

    async def feed() -> AsyncIterator[bytes]:
        pieces: AsyncIterator[bytes] = _prepend(bytes(head), None if complete else chunks)
        async for piece in pieces:
            state["size"] += len(piece)
            if state["size"] > limit:
                state["over"] = True
                return
            digest.update(piece)
            yield piece

    store = get_store()
    key = await store.put(feed())
    if state["over"]:
        await store.delete(key)
        raise _too_large(limit_mb)
    return Stored(key=key, filename=filename, media_type=media_type, size=int(state["size"]), sha256=digest.hexdigest())


async def _prepend(head: bytes, rest: AsyncIterator[bytes] | None) -> AsyncIterator[bytes]:
    yield head
    if rest is not None:
        async for piece in rest:
            yield piece


def _flag(value: str | None) -> bool:
    if value is None or value.strip() == "":
        return False
    lowered = value.strip().lower()
    if lowered in {"true", "1", "on", "yes", "oui"}:
        return True
    if lowered in {"false", "0", "off", "no", "non"}:
        return False
    raise InvalidInput(
        "`confidential` attend true ou false.", errors=[{"field": "confidential", "message": "booléen attendu"}]
    )


def _require_upload(who: Standing) -> None:
    if not who.may_read:
        raise NotFound("Organisation introuvable.")
    if not who.may_upload:
        raise Forbidden("Seuls la direction, les administrateurs et le secrétaire du CSE déposent des documents.")


async def _discard(key: str) -> None:
    await get_store().delete(key)


async def upload_document(
    *, actor: Actor, organization_id: int, source: UploadSource, max_upload_mb: int, granted: bool = False
) -> DocumentRead:
    """A new document (version 1) in the organisation; `title` and `confidential` come from the form. `granted`:
    the module owning a target let the actor attach to it (an élu's inspection report, `attachments.upload_to`),
    which allows the upload of that document even to one who does not upload to the document space."""
    who = await standing(actor=actor, organization_id=organization_id)
    if not (granted and who.may_read):
        _require_upload(who)
    stored = await store_upload(source, max_upload_mb=max_upload_mb)
    try:
        fields = await source.fields()
        confidential = _flag(fields.get("confidential"))
        title = (fields.get("title") or "").strip()[:300] or stored.filename
        if confidential and not who.sees_confidential:
            raise Forbidden("Un document confidentiel (L2315-3) est déposé par la direction ou un élu du CSE.")
        now = utcnow()
        async with transaction():
            row = (
                await Document.insert(
                    Document(
                        organization=organization_id,
                        title=title,
                        confidential=confidential,
                        kind=parse_kind(fields.get("kind")),
                        created_by=actor.user_id,
                        created_at=now,
                        version=1,
                    )
                ).returning(Document.id)
            )[0]
            await _insert_version(actor, row["id"], 1, stored, now)
            await audit.record(
                actor=actor,
                organization_id=organization_id,
                action="document.uploaded",
                entity="document",
                entity_id=row["id"],
                after={"title": title, "filename": stored.filename, "sha256": stored.sha256, "size": stored.size},
                confidential=confidential,
            )
    except BaseException:
        await _discard(stored.key)
        raise
    return await _read(row["id"])


async def _insert_version(actor: Actor, document_id: int, version: int, stored: Stored, now: Any) -> None:
    await DocumentVersion.insert(
        DocumentVersion(
            document=document_id,
            version=version,
            filename=stored.filename,
            media_type=stored.media_type,
            size=stored.size,
            sha256=stored.sha256,
            storage_key=stored.key,
            uploaded_by=actor.user_id,
            uploaded_at=now,
        )
    )


async def _visible(actor: Actor, document_id: int) -> tuple[dict[str, Any], Standing]:
    """The document and the actor's standing; 404 in another organisation, for a confidential document the
    actor may not see (L2315-3), or without any seat."""
    row = await queries.document(document_id)
    if row is None or row["organization"] != actor.organization_id:
        raise NotFound("Document introuvable.")
    who = await standing(actor=actor, organization_id=row["organization"])
    if not who.may_read or (row["confidential"] and not who.sees_confidential):
        raise NotFound("Document introuvable.")
    return row, who


async def readable_titles(*, actor: Actor, ids: set[int]) -> dict[int, str]:
    """The titles of the documents among `ids` that the actor may open: a page links only to those (a confidential
    document stays out of sight of who may not see it, L2315-3)."""
    if not ids:
        return {}
    who = await standing(actor=actor, organization_id=actor.organization_id)
    if not who.may_read:
        return {}
    rows = await queries.titles_and_confidentiality(organization_id=actor.organization_id, ids=ids)
    return {int(r["id"]): str(r["title"]) for r in rows if not r["confidential"] or who.sees_confidential}


async def require_attachable(*, organization_id: int, document_id: int | None, field: str = "document_id") -> None:
    """A document another module attaches must be one of the organisation's (422 on the field otherwise: the id
    says nothing of another organisation's documents)."""
    if document_id is None:
        return
    row = await queries.document(document_id)
    if row is None or row["organization"] != organization_id:
        raise InvalidInput(
            "Document introuvable dans l'organisation.", errors=[{"field": field, "message": "document inconnu"}]
        )


async def upload_version(*, actor: Actor, document_id: int, source: UploadSource, max_upload_mb: int) -> DocumentRead:
    """A new version of a document; the old ones stay (a version is never erased)."""
    row, who = await _visible(actor, document_id)
    _require_upload(who)
    stored = await store_upload(source, max_upload_mb=max_upload_mb)
    try:
        await source.fields()
        async with transaction():
            await lock_row(Document, document_id)
            current = await Document.select(Document.version).where(Document.id == document_id).first()
            assert current is not None
            version = int(current["version"]) + 1
            await _insert_version(actor, document_id, version, stored, utcnow())
            await Document.update({Document.version: version}).where(Document.id == document_id)
            await audit.record(
                actor=actor,
                organization_id=row["organization"],
                action="document.version_added",
                entity="document",
                entity_id=document_id,
                after={"version": version, "filename": stored.filename, "sha256": stored.sha256},
                confidential=bool(row["confidential"]),
            )
    except BaseException:
        await _discard(stored.key)
        raise
    return await _read(document_id)


def _summary(row: dict[str, Any]) -> DocumentSummaryRead:
    return DocumentSummaryRead(
        id=row["id"],
        organization_id=row["organization"],
        title=row["title"],
        confidential=bool(row["confidential"]),
        kind=row["kind"],
        version=row["version"],
        filename=row["filename"],
        media_type=row["media_type"],
        size=int(row["size"]),
        sha256=row["sha256"],
        created_at=row["created_at"],
        updated_at=row["uploaded_at"],
    )


async def _read(document_id: int) -> DocumentRead:
    row = await queries.document(document_id)
    assert row is not None
    versions = [DocumentVersionRead.model_validate(v) for v in await queries.versions(document_id)]
    return DocumentRead(**_summary(row).model_dump(), versions=versions)


async def _log(actor: Actor, document_id: int, version: int, kind: str) -> None:
    await DocumentAccess.insert(
        DocumentAccess(document=document_id, version=version, user=actor.user_id, kind=kind, at=utcnow())
    )


async def get_document(*, actor: Actor, document_id: int) -> DocumentRead:
    """A document and its versions; the reader's first view of the current version is logged."""
    row, _ = await _visible(actor, document_id)
    if not await queries.has_first_view(document_id=document_id, version=row["version"], user_id=actor.user_id):
        await _log(actor, document_id, int(row["version"]), "first_view")
    return await _read(document_id)


async def current_version(*, actor: Actor, document_id: int) -> DocumentRead:
    """A document as another module records it (a register entry's photo or report): its current version and
    SHA-256, for one who may see it; 404 otherwise (L2315-3). No access is logged: nothing is read yet."""
    await _visible(actor, document_id)
    return await _read(document_id)


async def list_documents(
    *, actor: Actor, organization_id: int, limit: int, offset: int
) -> tuple[list[DocumentSummaryRead], int]:
    """The organisation's documents; confidential ones only for those who may see them (L2315-3)."""
    who = await standing(actor=actor, organization_id=organization_id)
    if not who.may_read:
        raise Forbidden("Les documents sont réservés aux membres des instances, à la direction et aux administrateurs.")
    rows, total = await queries.documents_page(
        organization_id=organization_id, with_confidential=who.sees_confidential, limit=limit, offset=offset
    )
    return [_summary(r) for r in rows], total


async def open_content(
    *, actor: Actor, document_id: int, version: int | None = None, range_header: str | None = None
) -> Content:
    """A version's bytes (the current one by default), or the byte range asked; a download from the first byte
    is logged (the follow-up range requests of a reader are not)."""
    row, _ = await _visible(actor, document_id)
    wanted = version if version is not None else int(row["version"])
    found = next((v for v in await queries.versions(document_id) if v["version"] == wanted), None)
    if found is None:
        raise NotFound("Version introuvable.")
    if found["purged_at"] is not None:
        raise Gone(f"Version {wanted} effacée : sa durée de conservation a pris fin (dialogue purge).")
    size = int(found["size"])
    try:
        asked = parse_range(range_header, size)
    except UnsatisfiableRange:
        raise RangeNotSatisfiable(
            f"La plage demandée dépasse la taille du fichier ({size} octets).", size=size
        ) from None
    first, last = asked if asked is not None else (0, size - 1)
    if first == 0:
        await _log(actor, document_id, wanted, "download")
    return Content(
        stream=get_store().open(found["storage_key"], first=first, last=last),
        filename=found["filename"],
        media_type=found["media_type"],
        size=size,
        sha256=found["sha256"],
        first=first,
        last=last,
        partial=asked is not None,
    )


async def access_log(
    *, actor: Actor, document_id: int, limit: int, offset: int
) -> tuple[list[DocumentAccessRead], int]:
    """Who downloaded or first viewed which version, when: the direction, the admins and the CSE's office."""
    _, who = await _visible(actor, document_id)
    if not who.reads_access_log:
        raise Forbidden("Le journal des accès est réservé à la direction, aux administrateurs et au bureau du CSE.")
    rows, total = await queries.access_page(document_id=document_id, limit=limit, offset=offset)
    return [DocumentAccessRead.model_validate(r) for r in rows], total


async def shared_content(*, organization_id: int, document_id: int) -> Content | None:
    """The current version of a non-confidential document of the organisation, for someone without an account
    whom the calling module has already authorised (an external invitee's signed link, L2314-3); None when it is
    not the organisation's, or confidential (L2315-3: never shown outside the members and the direction)."""
    row = await queries.document(document_id)
    if row is None or row["organization"] != organization_id or row["confidential"]:
        return None
    found = await _current_version(document_id, row)
    return None if found["purged_at"] is not None else _whole(found)


async def attached_content(
    *, actor: Actor, organization_id: int, document_id: int, with_confidential: bool
) -> Content | None:
    """The current version of a document another module attached and reads on its own terms (the BDESE's export,
    whose readers L2312-36 names): None when it is not the organisation's, or confidential (L2315-3) and
    `with_confidential` is False. The download is logged for the actor, as any other."""
    row = await queries.document(document_id)
    if row is None or row["organization"] != organization_id or (row["confidential"] and not with_confidential):
        return None
    found = await _current_version(document_id, row)
    await _log(actor, document_id, int(row["version"]), "download")
    return _whole(found)


async def _current_version(document_id: int, row: dict[str, Any]) -> dict[str, Any]:
    return next(v for v in await queries.versions(document_id) if v["version"] == row["version"])


def _whole(found: dict[str, Any]) -> Content:
    """A version's bytes from the first to the last."""
    size = int(found["size"])
    return Content(
        stream=get_store().open(found["storage_key"]),
        filename=found["filename"],
        media_type=found["media_type"],
        size=size,
        sha256=found["sha256"],
        first=0,
        last=size - 1,
        partial=False,
    )
