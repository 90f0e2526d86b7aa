"""Document reads, in SQL: a page of an organisation's documents with their current version, a document's
versions, and its access log with the readers' names."""

from __future__ import annotations

from typing import Any

from piccolo.querystring import QueryString

from dialogue.core.db import get_engine
from dialogue.core.paging import page_total
from dialogue.documents.tables import Document, DocumentAccess

_CURRENT_SQL = """
SELECT d.id, d.organization, d.title, d.confidential, d.created_by, d.created_at, d.version, d.kind,
       v.filename, v.media_type, v.size, v.sha256, v.uploaded_at
FROM document d
JOIN document_version v ON v.document = d.id AND v.version = d.version
"""
_VERSIONS_SQL = """
SELECT v.version, v.filename, v.media_type, v.size, v.sha256, v.storage_key, v.uploaded_by, v.uploaded_at,
       u.full_name AS uploaded_by_name, v.purged_at, v.consultation_id
FROM document_version v JOIN app_user u ON u.id = v.uploaded_by
WHERE v.document = {} ORDER BY v.version DESC
"""
_ACCESS_SQL = """
SELECT a.version, a."user" AS user_id, u.full_name AS user_name, a.kind, a.at
FROM document_access a JOIN app_user u ON u.id = a."user"
WHERE a.document = {} ORDER BY a.at DESC, a.id DESC LIMIT {} OFFSET {}
"""
_FIRST_VIEW_SQL = """
SELECT 1 AS seen FROM document_access
WHERE document = {} AND version = {} AND "user" = {} AND kind = 'first_view' LIMIT 1
"""


async def _run(sql: str, *args: object) -> list[dict[str, Any]]:
    return [dict(row) for row in await get_engine().run_querystring(QueryString(sql, *args))]


async def document(document_id: int) -> dict[str, Any] | None:
    """A document with its current version's file, or None."""
    rows = await _run(_CURRENT_SQL + "WHERE d.id = {}", document_id)
    return rows[0] if rows else None


async def documents_page(
    *, organization_id: int, with_confidential: bool, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """A page of the organisation's documents, newest first; confidential ones only when `with_confidential`."""
    hidden = "" if with_confidential else " AND d.confidential = {}"
    args: list[object] = [organization_id] if with_confidential else [organization_id, False]
    sql = (
        _CURRENT_SQL
        + "WHERE d.organization = {}"
        + hidden
        + " ORDER BY d.created_at DESC, d.id DESC LIMIT {} OFFSET {}"
    )
    rows = await _run(sql, *args, limit, offset)

    async def count() -> int:
        query = Document.count().where(Document.organization == organization_id)
        return int(await (query if with_confidential else query.where(Document.confidential.eq(False))))

    return rows, await page_total(rows, limit=limit, offset=offset, count=count)


async def versions(document_id: int) -> list[dict[str, Any]]:
    """Every version of a document, the newest first, with the uploader's name."""
    return await _run(_VERSIONS_SQL, document_id)


async def access_page(*, document_id: int, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    """The access log of a document, the latest first."""
    rows = await _run(_ACCESS_SQL, document_id, limit, offset)
    count = lambda: DocumentAccess.count().where(DocumentAccess.document == document_id)  # noqa: E731
    return rows, await page_total(rows, limit=limit, offset=offset, count=count)


async def has_first_view(*, document_id: int, version: int, user_id: int) -> bool:
    return bool(await _run(_FIRST_VIEW_SQL, document_id, version, user_id))


async def titles_and_confidentiality(*, organization_id: int, ids: set[int]) -> list[dict[str, Any]]:
    """Id, title and confidential flag of the organisation's documents among `ids`."""
    if not ids:
        return []
    return list(
        await Document.select(Document.id, Document.title, Document.confidential).where(
            (Document.organization == organization_id) & Document.id.is_in(sorted(ids))
        )
    )
