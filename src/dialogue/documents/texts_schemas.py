"""API shapes of the texts of the CSE: a document's metadata change, a version's consultation, a purge's line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from dialogue.core.schemas import InputModel
from dialogue.documents.kinds import DocumentKind


class DocumentUpdate(InputModel):
    """Only the fields sent change; the file itself changes by a new version."""

    title: Annotated[str, StringConstraints(min_length=1, max_length=300)] | None = None
    kind: DocumentKind | None = None
    confidential: bool | None = None


class VersionConsultation(InputModel):
    """The CSE consultation on a version (L4121-3 for the DUERP and each update); null unlinks it."""

    consultation_id: Annotated[int, Field(ge=1)] | None


@dataclass(frozen=True, slots=True)
class PurgeLine:
    """A version whose retention ended, purged or (dry run) to be purged."""

    organization_id: int
    document_id: int
    title: str
    version: int
    kind: DocumentKind
    uploaded_at: datetime
    until: date
    purged: bool
