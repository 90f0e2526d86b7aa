"""API shapes of the yearly calendar of meetings (L2315-21, L2315-28, L2315-27)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated

from pydantic import Field, field_validator

from dialogue.core.schemas import InputModel, ReadModel
from dialogue.meetings.schemas.fields import Location, TimezoneName
from dialogue.meetings.schemas.meetings import MeetingRead

# --- Yearly calendar -------------------------------------------------------------------------------------------


class CalendarPlanRequest(InputModel):
    weekday: Annotated[int, Field(ge=0, le=4)] = Field(default=1, description="0 = lundi … 4 = vendredi")
    occurrence: Annotated[int, Field(ge=1, le=5)] = Field(default=2, description="2 = le 2e jour de ce type")
    at: time = Field(default=time(14, 0), description="Heure locale de début")
    duration_minutes: Annotated[int, Field(ge=15, le=720)] = 180
    location: Location | None = None
    timezone: TimezoneName | None = None
    ssct_count: Annotated[int, Field(ge=0, le=12)] | None = None

    @field_validator("at")
    @classmethod
    def _naive_time(cls, value: time) -> time:
        if value.tzinfo is not None:
            raise ValueError("heure locale sans décalage attendue (le fuseau est donné à part)")
        return value


class PlannedSlot(ReadModel):
    starts_at: datetime
    treats_ssct: bool
    exists: bool


class CalendarGapRead(ReadModel):
    ok: bool
    missing_ordinary: int
    missing_ssct: int
    messages: list[str]


class CalendarRead(ReadModel):
    body_id: int
    year: int
    basis: str
    required_ordinary: int
    required_ssct: int
    planned_ordinary: int
    planned_ssct: int
    gap: CalendarGapRead
    proposal: list[PlannedSlot]
    meetings: list[MeetingRead]
    created: list[int] = Field(default=[], description="Réunions créées par cette requête")
