"""The annexes of a convocation (issue 16): the documents of the meeting and of its agenda items, each with its
version and SHA-256 (the evidence of what was sent, R2312-5). A mail leaves the service: a confidential
document (L2315-3) appears under a neutral label, its title and file name stay inside."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from dialogue.documents.attachments import list_for_meeting

CONFIDENTIAL_ANNEX: Final = "Document confidentiel"


@dataclass(frozen=True, kw_only=True)
class Annex:
    title: str
    filename: str | None
    version: int
    sha256: str
    item_position: int | None = None


async def annexes_of(meeting_id: int) -> tuple[Annex, ...]:
    """The meeting's documents, in agenda order, as the convocation lists them."""
    return tuple(
        Annex(
            title=CONFIDENTIAL_ANNEX if doc.confidential else doc.title,
            filename=None if doc.confidential else doc.filename,
            version=doc.version,
            sha256=doc.sha256,
            item_position=doc.item_position,
        )
        for doc in await list_for_meeting(meeting_id)
    )
