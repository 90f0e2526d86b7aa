"""Reads of the règlement intérieur, in SQL: a body's adoptions with the document's title and the recorder's name,
and the facts of a vote (its body, outcome and kind) checked before linking it to an adoption."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from piccolo.querystring import QueryString

from dialogue.core.db import get_engine

_ADOPTIONS_SQL = """
SELECT r.id, r.body, r.document, d.title AS document_title, r.document_version, r.adopted_on, r.vote_id,
       r.agenda_notice_days, r.president_votes_on_minutes, r.visio_max_per_year, r.minutes_delay_days,
       r.recorded_by, u.full_name AS recorded_by_name, r.recorded_at
FROM reglement_interieur r
JOIN document d ON d.id = r.document
JOIN app_user u ON u.id = r.recorded_by
WHERE r.body = {}
ORDER BY r.adopted_on DESC, r.id DESC
"""
_VOTE_SQL = """
SELECT v.id, m.body, v.adopted, v.resolution_kind
FROM vote v JOIN meeting m ON m.id = v.meeting
WHERE v.id = {}
"""
_DOCUMENT_SQL = """
SELECT d.organization, d.kind, d.version FROM document d WHERE d.id = {}
"""


@dataclass(frozen=True, slots=True)
class VoteFacts:
    body_id: int
    adopted: bool
    resolution_kind: str


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    organization_id: int
    kind: str
    version: int


async def _run(sql: str, *args: object) -> list[dict[str, Any]]:
    return [dict(row) for row in await get_engine().run_querystring(QueryString(sql, *args))]


async def adoptions(body_id: int) -> list[dict[str, Any]]:
    """Every adoption of the body's RI, the latest first."""
    return await _run(_ADOPTIONS_SQL, body_id)


async def vote(vote_id: int) -> VoteFacts | None:
    """The body of a vote's meeting, its outcome and what it decided; None when there is no such vote."""
    rows = await _run(_VOTE_SQL, vote_id)
    if not rows:
        return None
    row = rows[0]
    return VoteFacts(
        body_id=int(row["body"]), adopted=bool(row["adopted"]), resolution_kind=str(row["resolution_kind"])
    )


async def document(document_id: int) -> DocumentFacts | None:
    """A document's organisation, kind and current version; None when there is no such document."""
    rows = await _run(_DOCUMENT_SQL, document_id)
    if not rows:
        return None
    row = rows[0]
    return DocumentFacts(organization_id=int(row["organization"]), kind=str(row["kind"]), version=int(row["version"]))
