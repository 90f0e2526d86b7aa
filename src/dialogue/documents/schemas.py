"""API shapes of the document space (CONTRACT.md "Additions" → documents)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from dialogue.core.schemas import InputModel, ReadModel
from dialogue.documents.kinds import DocumentKind


class DocumentVersionRead(ReadModel):
    version: int
    filename: str
    media_type: str
    size: int
    sha256: str
    uploaded_by: int
    uploaded_by_name: str
    uploaded_at: datetime
    purged_at: datetime | None = None
    consultation_id: int | None = None


class DocumentSummaryRead(ReadModel):
    """A document with its current version's file (lists)."""

    id: int
    organization_id: int
    title: str
    confidential: bool
    kind: DocumentKind = "other"
    version: int
    filename: str
    media_type: str
    size: int
    sha256: str
    created_at: datetime
    updated_at: datetime


class DocumentRead(DocumentSummaryRead):
    """A document, its current version's file and every version, the newest first."""

    versions: list[DocumentVersionRead]


class DocumentAccessRead(ReadModel):
    version: int
    user_id: int
    user_name: str
    kind: Literal["download", "first_view"]
    at: datetime


AttachmentTargetKind = Literal[
    "agenda_item", "meeting", "consultation", "minutes", "ssct_mission", "negotiation", "qvt_action"
]
#: A negotiation's document: a draft, the signed agreement, or its anonymised version for deposit (L2231-5-1).
AttachmentRole = Literal["draft", "signed", "anonymised"]


class AttachmentCreate(InputModel):
    document_id: int = Field(ge=1, description="Un document de l'organisation (422 sinon)")


class AnnexCreate(AttachmentCreate):
    """A document for minutes, an SSCT mission, a negotiation or a QVT action; `role` for a negotiation's only."""

    role: AttachmentRole | None = Field(
        default=None, description="Négociation : draft, signed ou anonymised (version de dépôt, L2231-5-1)"
    )


class AttachmentRead(ReadModel):
    """A document attached to an agenda item, a meeting or a consultation; `version` and `sha256` are those
    communicated once `communicated_on` is set (R2312-5), the current ones before."""

    document_id: int
    target_kind: AttachmentTargetKind
    target_id: int
    title: str
    filename: str
    media_type: str
    size: int
    version: int
    sha256: str
    confidential: bool
    attached_at: datetime
    communicated_on: date | None = Field(description="Jour de la communication aux membres (convocation)")
    role: AttachmentRole | None = Field(default=None, description="Rôle d'un document de négociation")
    kind: DocumentKind = Field(default="other", description="Nature du document (PAPRIPACT, rapport SSCT annuel…)")
