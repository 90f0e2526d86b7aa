"""Domain events of consultations. A deemed-negative opinion (L2312-16) happens by itself, without an event:
readers compute it from the deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dialogue.core.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class ConsultationOpened(DomainEvent):
    consultation_id: int
    body_id: int
    deadline: date | None


@dataclass(frozen=True, kw_only=True)
class ConsultationUpdated(DomainEvent):
    consultation_id: int
    body_id: int
    deadline: date | None


@dataclass(frozen=True, kw_only=True)
class ConsultationOpinionRecorded(DomainEvent):
    consultation_id: int
    body_id: int
    opinion: str
    vote_id: int
