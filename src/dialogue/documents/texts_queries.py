"""Reads of the texts of the CSE, in SQL: the versions a purge looks at, and the organisation of a consultation
(the documents module sits below the consultations module: it reads the row, never imports it)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from piccolo.querystring import QueryString

from dialogue.core.db import get_engine

_KEPT_SQL = """
SELECT d.organization, d.id AS document_id, d.title, d.kind, d.confidential, d.version AS current_version, v.version,
       v.storage_key, v.uploaded_at
FROM document_version v JOIN document d ON d.id = v.document
WHERE v.purged_at IS NULL AND v.uploaded_at < {} AND d.kind IN ({})
"""
_CONSULTATION_ORG_SQL = """
SELECT b.organization FROM consultation c JOIN body b ON b.id = c.body WHERE c.id = {}
"""


async def _run(sql: str, *args: object) -> list[dict[str, Any]]:
    return [dict(row) for row in await get_engine().run_querystring(QueryString(sql, *args))]


async def unpurged_versions(
    *, kinds: Sequence[str], uploaded_before: datetime, organization_id: int | None
) -> list[dict[str, Any]]:
    """Versions still holding their bytes, of the kinds given, uploaded before the instant given (the oldest
    first): the only ones whose retention may have ended."""
    if not kinds:
        return []
    sql = _KEPT_SQL.replace("IN ({})", "IN (" + ", ".join("{}" for _ in kinds) + ")")
    args: list[object] = [uploaded_before, *kinds]
    if organization_id is not None:
        sql += " AND d.organization = {}"
        args.append(organization_id)
    return await _run(sql + " ORDER BY v.uploaded_at, d.id, v.version", *args)


async def consultation_organization(consultation_id: int) -> int | None:
    """The organisation of a consultation's body, or None when there is no such consultation."""
    rows = await _run(_CONSULTATION_ORG_SQL, consultation_id)
    return int(rows[0]["organization"]) if rows else None
