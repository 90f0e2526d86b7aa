"""Reads of attached documents, in SQL: a target's documents with the version communicated (or the current one
before), a meeting's documents (its own and its agenda items'), the earliest communication of a consultation's
documents (R2312-5) and the convoked members who received them."""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from piccolo.querystring import QueryString

from dialogue.core.db import get_engine

_SELECT: Final = """
SELECT a.id, a.document AS document_id, a.target_kind, a.target_id, a.attached_at, a.communicated_on, a.role,
       d.title, d.confidential, d.kind, v.version, v.filename, v.media_type, v.size, v.sha256
FROM document_attachment a
JOIN document d ON d.id = a.document
JOIN document_version v ON v.document = d.id AND v.version = COALESCE(a.version, d.version)
"""
_ORDER: Final = " ORDER BY a.attached_at, a.id"
#: The meeting's own documents and those of its agenda items (not declined), in agenda order.
_OF_MEETING: Final = f"""
SELECT x.*, i.position AS item_position, i.title AS item_title, i.status AS item_status,
       i.confidential AS item_confidential
FROM ({_SELECT}) x
LEFT JOIN agenda_item i ON x.target_kind = 'agenda_item' AND i.id = x.target_id
WHERE (x.target_kind = 'meeting' AND x.target_id = {{}})
   OR (x.target_kind = 'agenda_item' AND i.meeting = {{}} AND i.status <> 'declined')
ORDER BY COALESCE(i.position, 0), x.attached_at, x.id
"""  # noqa: S608 (built from constants)
#: Documents of a consultation: attached to it, or to an agenda item carrying it (with that item's meeting).
_OF_CONSULTATION: Final = f"""
SELECT x.*, i.meeting AS meeting_id
FROM ({_SELECT}) x
LEFT JOIN agenda_item i ON x.target_kind = 'agenda_item' AND i.id = x.target_id
WHERE (x.target_kind = 'consultation' AND x.target_id = {{}})
   OR (x.target_kind = 'agenda_item' AND i.consultation = {{}})
ORDER BY x.communicated_on, x.attached_at, x.id
"""  # noqa: S608 (built from constants)
_RECIPIENTS: Final = """
SELECT c.meeting AS meeting_id, c.full_name, c.capacity, c.created_at
FROM convocation c
WHERE c.meeting IN ({ids}) AND c.sequence = (SELECT MAX(c2.sequence) FROM convocation c2 WHERE c2.meeting = c.meeting)
ORDER BY c.meeting, c.id
"""
_COMMUNICATE: Final = """
UPDATE document_attachment
SET communicated_on = {}, version = (SELECT d.version FROM document d WHERE d.id = document_attachment.document)
WHERE communicated_on IS NULL AND (
    (target_kind = 'meeting' AND target_id = {})
    OR (target_kind = 'agenda_item' AND target_id IN (
        SELECT id FROM agenda_item WHERE meeting = {} AND status = 'accepted'))
)
"""


async def _run(sql: str, *args: object) -> list[dict[str, Any]]:
    return [dict(row) for row in await get_engine().run_querystring(QueryString(sql, *args))]


async def of_target(*, target_kind: str, target_id: int) -> list[dict[str, Any]]:
    """The documents attached to one target, in the order they were attached."""
    return await _run(_SELECT + "WHERE a.target_kind = {} AND a.target_id = {}" + _ORDER, target_kind, target_id)


async def one(*, target_kind: str, target_id: int, document_id: int) -> dict[str, Any] | None:
    rows = await _run(
        _SELECT + "WHERE a.target_kind = {} AND a.target_id = {} AND a.document = {}",
        target_kind,
        target_id,
        document_id,
    )
    return rows[0] if rows else None


async def of_meeting(meeting_id: int) -> list[dict[str, Any]]:
    """The meeting's documents and its agenda items' (declined proposals left out), in agenda order."""
    return await _run(_OF_MEETING, meeting_id, meeting_id)


async def of_consultation(consultation_id: int) -> list[dict[str, Any]]:
    """A consultation's documents, communicated first (by day), with the meeting of the item carrying them."""
    return await _run(_OF_CONSULTATION, consultation_id, consultation_id)


async def recipients(meeting_ids: list[int]) -> list[dict[str, Any]]:
    """Who each meeting's latest convocation went to (the evidence of who received its annexes)."""
    if not meeting_ids:
        return []
    placeholders = ", ".join("{}" for _ in meeting_ids)
    return await _run(_RECIPIENTS.format(ids=placeholders), *meeting_ids)


async def communicate_meeting(*, meeting_id: int, on: date) -> None:
    """Stamp `on` and pin the current version on the meeting's documents and its accepted items' not yet
    communicated (a document communicated before keeps its first date)."""
    await get_engine().run_querystring(QueryString(_COMMUNICATE, on, meeting_id, meeting_id))
