"""API shapes of the minutes (L2315-34, L2315-35)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from dialogue.core.schemas import InputModel, LongText, ReadModel

# --- Minutes ------------------------------------------------------------------------------------------------------


class MinutesStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"
    adopted = "adopted"
    published = "published"


class MinutesCreate(InputModel):
    text: LongText | None = Field(default=None, description="Vide : pré-rempli (présences, ordre du jour, votes)")


class MinutesUpdate(InputModel):
    text: Annotated[str, StringConstraints(min_length=1, max_length=100_000)]
    base_revision: int | None = Field(default=None, description="Révision modifiée ; 409 si une autre l'a remplacée")
    note: Annotated[str, StringConstraints(max_length=300)] | None = None


class MinutesRead(ReadModel):
    id: int
    meeting_id: int
    status: MinutesStatus
    text: str
    revision: int
    sha256: str | None = Field(description="Empreinte SHA-256 du texte adopté (figé)")
    integrity: Literal["intact", "mismatch"] | None = Field(
        default=None,
        description="Procès-verbal adopté : revérifié à chaque lecture (SHA-256 du texte et scellé HMAC) ; "
        "null tant qu'il n'est pas adopté",
    )
    integrity_detail: str | None = Field(default=None, description="Ce qui ne correspond plus, en cas de mismatch")
    due_on: date | None = Field(description="Date limite de transmission à l'employeur (D2315-26)")
    due_basis: str | None
    overdue: bool
    submitted_at: datetime | None
    adopted_at: datetime | None
    adoption_vote_id: int | None
    adopted_in_meeting_id: int | None
    published_at: datetime | None
    created_at: datetime
    updated_at: datetime


class MinutesRevisionRead(ReadModel):
    revision: int
    sha256: str
    note: str | None
    author_id: int | None
    created_at: datetime
    text: str
