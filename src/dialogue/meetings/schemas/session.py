"""API shapes of a meeting held: attendance (L2314-1, L2314-37) and votes (L2315-32)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints, ValidationInfo, field_validator, model_validator

from dialogue.consultations.schemas import Opinion
from dialogue.core.schemas import InputModel, LongText, ReadModel
from dialogue.meetings.rules import ResolutionKind

# --- Attendance and votes ------------------------------------------------------------------------------------------


class AttendanceStatus(StrEnum):
    present = "present"
    absent = "absent"
    excused = "excused"
    replaced = "replaced"


ItemRank = Annotated[int, Field(ge=1, le=500)]


class AttendanceEntry(InputModel):
    member_id: int
    status: AttendanceStatus
    replaces_member_id: int | None = Field(default=None, description="Pour un suppléant : le titulaire remplacé")
    replacement_reason: Annotated[str, StringConstraints(min_length=3, max_length=1000)] | None = Field(
        default=None, description="Raison de retenir un autre suppléant que celui que désigne L2314-37"
    )
    arrived_before_item: ItemRank | None = Field(
        default=None, description="Arrivé(e) avant le point de ce rang (vide : présent(e) dès l'ouverture)"
    )
    left_after_item: ItemRank | None = Field(
        default=None, description="Parti(e) après le point de ce rang (vide : jusqu'à la fin)"
    )

    @model_validator(mode="after")
    def _presence_span(self) -> AttendanceEntry:
        """Presence is per item (DOMAIN.md §0.11): arriving before item N and leaving after item M needs N <= M."""
        if (
            self.arrived_before_item is not None
            and self.left_after_item is not None
            and self.left_after_item < self.arrived_before_item
        ):
            raise ValueError("left_after_item is before arrived_before_item")
        return self


class AttendanceUpdate(InputModel):
    entries: Annotated[list[AttendanceEntry], Field(min_length=1, max_length=300)]


class AttendanceRead(ReadModel):
    member_id: int | None
    full_name: str
    role: str
    status: AttendanceStatus
    replaces_member_id: int | None
    replaces_name: str | None
    replacement_reason: str | None = Field(description="Raison d'un remplaçant autre que celui de L2314-37")
    arrived_before_item: int | None
    left_after_item: int | None
    votes_on_opinions: bool
    votes_on_resolutions: bool
    recorded_at: datetime


class ReplacementProposalRead(ReadModel):
    """The suppléant L2314-37 calls for an absent titulaire, among the suppléants present (or not yet noted)."""

    titulaire_id: int
    titulaire_name: str
    step: str
    member_id: int | None
    name: str | None
    equally_ranked: list[int]
    article: str
    fallback_member_id: int | None = None
    fallback_name: str | None = None


class AttendanceSheet(ReadModel):
    meeting_id: int
    entries: list[AttendanceRead]
    present: int
    voters_on_opinions: int = Field(description="Titulaires présents et suppléants remplaçants (L2315-32)")
    voters_on_resolutions: int = Field(description="Les mêmes, plus le président")
    not_recorded: list[int] = Field(description="Membres convoqués dont la présence n'est pas encore notée")
    proposals: list[ReplacementProposalRead] = Field(
        default=[], description="Suppléant appelé par L2314-37 pour chaque titulaire absent"
    )


class BallotChoice(StrEnum):
    for_ = "for"
    against = "against"
    abstention = "abstention"
    blank = "blank"


class BallotIn(InputModel):
    member_id: int
    choice: BallotChoice


class BallotRead(ReadModel):
    member_id: int | None
    full_name: str
    choice: BallotChoice


Count = Annotated[int, Field(ge=0, le=1000)]


class VoteCreate(InputModel):
    """An open vote gives `ballots` (who voted what) or the counts; a secret ballot gives counts only."""

    question: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    resolution_kind: ResolutionKind | None = None
    secret: bool = False
    ballots: Annotated[list[BallotIn], Field(max_length=300)] | None = None
    votes_for: Count | None = None
    votes_against: Count | None = None
    abstentions: Count | None = None
    blank: Count | None = None
    void: Count | None = None
    motion: Opinion | None = Field(
        default=None, description="Sur une consultation : l'avis mis aux voix (positive ou negative)"
    )
    opinion_text: LongText | None = Field(default=None, description="Avis motivé")

    @field_validator("ballots")
    @classmethod
    def _no_secret_ballots(cls, value: list[BallotIn] | None, info: ValidationInfo) -> list[BallotIn] | None:
        if value is not None and info.data.get("secret"):
            raise ValueError("un scrutin secret n'enregistre que les totaux, jamais qui a voté quoi")
        return value


class VoteRead(ReadModel):
    id: int
    meeting_id: int
    agenda_item_id: int
    question: str
    resolution_kind: ResolutionKind
    president_votes: bool = Field(description="Faux : vote de la délégation du personnel, sans le président (L2315-32)")
    secret: bool
    voters: int
    votes_for: int
    votes_against: int
    abstentions: int
    blank: int
    void: int
    not_cast: int
    counted_against: int
    required_majority: int
    adopted: bool
    motion: Opinion | None
    opinion_text: str | None
    ballots: list[BallotRead]
    recorded_at: datetime
