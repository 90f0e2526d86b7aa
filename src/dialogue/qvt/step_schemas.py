"""API shapes of the approach's steps, the trinôme and the experiments' follow-up (issue 21 §3)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from dialogue.core.schemas import InputModel, LongText, Name, ReadModel
from dialogue.qvt.schemas import DiscussionFormat, PersonRead

Key = Annotated[str, StringConstraints(min_length=1, max_length=40)]
UserIds = Annotated[list[Annotated[int, Field(ge=1)]], Field(max_length=50)]


class StepKind(StrEnum):
    prepare = "prepare"
    diagnose = "diagnose"
    experiment = "experiment"
    sustain = "sustain"
    evaluate = "evaluate"


class TrinomeSide(StrEnum):
    direction = "direction"
    professional = "professional"
    staff_representative = "staff_representative"


class TrinomeInput(InputModel):
    """The whole trinôme at once: the committee members named on each side (a person may sit on one side only)."""

    direction: UserIds = []
    professional: UserIds = []
    staff_representative: UserIds = []


class TrinomeSeatRead(ReadModel):
    side: TrinomeSide
    side_label: str
    person: PersonRead


class TrinomeRead(ReadModel):
    body_id: int
    seats: list[TrinomeSeatRead]
    complete: bool
    missing: list[TrinomeSide]
    warning: str | None


class ChecklistItemRead(ReadModel):
    key: str
    label: str
    done: bool


class StepUpdate(InputModel):
    started_on: date | None = None
    planned_end_on: date | None = None
    completed_on: date | None = None
    checklist: Annotated[list[Key], Field(max_length=20)] | None = None
    notes: LongText | None = None
    benefits: LongText | None = None


class StepRead(ReadModel):
    kind: StepKind
    label: str
    position: int
    state: str = Field(description="to_do, in_progress, done")
    started_on: date | None
    planned_end_on: date | None
    completed_on: date | None
    stalled: bool
    stalled_since: date | None = Field(
        default=None, description="Premier jour où l'étape en cours n'avance plus (fin prévue dépassée ou inactivité)"
    )
    checklist: list[ChecklistItemRead]
    notes: str
    benefits: str


class ExperimentCreate(InputModel):
    title: Name
    format: DiscussionFormat
    scope: Annotated[str, StringConstraints(max_length=200)] = ""
    started_on: date


class ExperimentUpdate(InputModel):
    follow_up_done_on: date | None = None
    follow_up_notes: LongText | None = None


class ExperimentRead(ReadModel):
    id: int
    body_id: int
    title: str
    format: DiscussionFormat
    format_label: str
    scope: str
    started_on: date
    follow_up_due_on: date
    follow_up_state: str = Field(description="planned, due_soon, late, done")
    follow_up_done_on: date | None
    follow_up_notes: str


class ApproachRead(ReadModel):
    """The approach as a progress line: five steps, the current one, the experiments and their follow-up."""

    body_id: int
    steps: list[StepRead]
    current: StepKind | None
    progress: float = Field(description="0 à 1 ; une étape en cours compte pour moitié")
    stalled: list[StepKind]
    experiments: list[ExperimentRead]
    trinome: TrinomeRead
