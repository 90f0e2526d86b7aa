"""API shapes of the follow-up actions decided in a meeting."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import StringConstraints

from dialogue.core.schemas import InputModel, LongText, ReadModel
from dialogue.meetings.schemas.fields import Title

# --- Actions ------------------------------------------------------------------------------------------------------


class MeetingActionStatus(StrEnum):
    open = "open"
    in_progress = "in_progress"
    done = "done"
    cancelled = "cancelled"


class ActionCreate(InputModel):
    title: Title
    description: LongText | None = None
    owner_member_id: int | None = None
    owner_name: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None
    due_on: date | None = None
    meeting_id: int | None = None
    agenda_item_id: int | None = None


class ActionUpdate(InputModel):
    title: Title | None = None
    description: LongText | None = None
    owner_member_id: int | None = None
    owner_name: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None
    due_on: date | None = None
    status: MeetingActionStatus | None = None


class ActionRead(ReadModel):
    id: int
    body_id: int
    meeting_id: int | None
    agenda_item_id: int | None
    title: str
    description: str | None
    owner_member_id: int | None
    owner_name: str
    due_on: date | None
    status: MeetingActionStatus
    overdue: bool
    done_on: date | None
    created_at: datetime
    updated_at: datetime
