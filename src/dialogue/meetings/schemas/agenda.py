"""API shapes of the agenda: items, documents, order, approvals (L2315-29)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from dialogue.core.schemas import InputModel, LongText, Name, ReadModel
from dialogue.meetings.rules import ResolutionKind
from dialogue.meetings.schemas.fields import Title, Url
from dialogue.meetings.schemas.meetings import ConveningRead

# --- Agenda ---------------------------------------------------------------------------------------------------


class AgendaItemKind(StrEnum):
    information = "information"
    consultation = "consultation"
    vote = "vote"
    question = "question"
    ssct = "ssct"


class AgendaItemStatus(StrEnum):
    proposed = "proposed"
    accepted = "accepted"
    declined = "declined"


class Document(InputModel):
    title: Name
    url: Url


class DocumentRead(ReadModel):
    title: str
    url: str


class AgendaItemCreate(InputModel):
    title: Title
    kind: AgendaItemKind
    description: LongText | None = None
    presenter: Annotated[str, StringConstraints(max_length=200)] | None = None
    documents: Annotated[list[Document], Field(max_length=30)] = []
    confidential: bool = Field(default=False, description="Informations présentées comme confidentielles (L2315-3)")
    mandatory: bool = Field(
        default=False, description="Consultation obligatoire inscrite de plein droit par l'un ou l'autre (L2315-30)"
    )
    legal_basis: Annotated[str, StringConstraints(max_length=200)] | None = None
    resolution_kind: ResolutionKind | None = Field(
        default=None, description="avis (le président ne vote pas), asc, interne — L2315-32"
    )
    consultation_id: int | None = None
    minutes_of_meeting_id: int | None = Field(default=None, description="Adoption du PV de cette réunion")
    register_entry_id: int | None = Field(default=None, description="Question reprise d'un registre")
    position: Annotated[int, Field(ge=1, le=500)] | None = None


class EntryQuestion(InputModel):
    entry_id: int = Field(description="Entrée d'un registre de l'instance à inscrire comme question")


class AgendaItemUpdate(InputModel):
    title: Title | None = None
    kind: AgendaItemKind | None = None
    description: LongText | None = None
    presenter: Annotated[str, StringConstraints(max_length=200)] | None = None
    documents: Annotated[list[Document], Field(max_length=30)] | None = None
    confidential: bool | None = None
    legal_basis: Annotated[str, StringConstraints(max_length=200)] | None = None
    resolution_kind: ResolutionKind | None = None
    consultation_id: int | None = None
    minutes_of_meeting_id: int | None = None


class AgendaItemRead(ReadModel):
    id: int
    meeting_id: int
    position: int
    title: str
    kind: AgendaItemKind
    description: str | None
    presenter: str | None
    documents: list[DocumentRead]
    status: AgendaItemStatus
    mandatory: bool
    legal_basis: str | None
    confidential: bool
    resolution_kind: ResolutionKind | None
    consultation_id: int | None
    minutes_of_meeting_id: int | None
    register_entry_id: int | None
    proposed_by: int | None
    created_at: datetime
    updated_at: datetime


class AgendaPosition(InputModel):
    id: int
    position: Annotated[int, Field(ge=1, le=500)]


class AgendaOrder(InputModel):
    items: Annotated[list[AgendaPosition], Field(min_length=1, max_length=500)]


class ApprovalRead(ReadModel):
    role: str
    user_id: int | None
    version: int
    current: bool
    approved_at: datetime


class AgendaRead(ReadModel):
    meeting_id: int
    version: int
    agreed: bool = Field(description="Approuvé par le président et le secrétaire dans sa version actuelle (L2315-29)")
    approvals: list[ApprovalRead]
    items: list[AgendaItemRead]
    proposals: list[AgendaItemRead] = Field(description="Points proposés par des élus, en attente")
    convening: ConveningRead | None = None
