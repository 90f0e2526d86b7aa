"""Domain events of the CSE's SSCT work, for notifications (élus, direction, owners of actions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dialogue.core.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class MissionEvent(DomainEvent):
    mission_id: int
    body_id: int
    kind: str
    title: str


@dataclass(frozen=True, kw_only=True)
class MissionPlanned(MissionEvent):
    planned_on: date


@dataclass(frozen=True, kw_only=True)
class MissionStatusChanged(MissionEvent):
    previous: str
    status: str
    on: date


@dataclass(frozen=True, kw_only=True)
class MissionReported(MissionEvent):
    """The report is handed in: the employer answers the recommendations (L2312-13)."""

    reported_on: date


@dataclass(frozen=True, kw_only=True)
class SeriousAccidentRecorded(DomainEvent):
    """A serious accident: an inquiry and an extraordinary SSCT meeting follow (L2312-13, L2315-27)."""

    accident_id: int
    body_id: int
    occurred_on: date
    inspector_and_carsat_invited: bool


@dataclass(frozen=True, kw_only=True)
class ActionCreated(DomainEvent):
    action_id: int
    mission_id: int
    body_id: int
    owner: str
    due_on: date | None


@dataclass(frozen=True, kw_only=True)
class ActionAnswered(DomainEvent):
    action_id: int
    mission_id: int
    body_id: int
    answered_on: date


@dataclass(frozen=True, kw_only=True)
class ActionDue(DomainEvent):
    """A pending follow-up action whose due date is near or passed (sent by `dialogue ssct-reminders`)."""

    action_id: int
    mission_id: int
    body_id: int
    owner: str
    due_on: date
    overdue: bool
