"""API shapes for SSCT missions, follow-up actions, serious accidents and the yearly obligations."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from dialogue.core.schemas import InputModel, LongText, Name, ReadModel
from dialogue.ssct.rules import AccidentKind, MissionKind, MissionStatus, Obligation, SsctActionStatus

Place = Annotated[str, StringConstraints(max_length=200)]
LinkId = Annotated[int, Field(ge=1)]

KIND_LABELS: dict[str, str] = {
    "inspection": "Inspection",
    "accident_inquiry": "Enquête après accident du travail ou maladie professionnelle",
    "risk_analysis": "Analyse des risques",
    "duerp_review": "Revue du document unique (DUERP)",
    "other": "Autre mission",
}
STATUS_LABELS: dict[str, str] = {
    "planned": "prévue",
    "in_progress": "en cours",
    "reported": "rapport rendu",
    "closed": "close",
}


class Participant(InputModel):
    name: Name
    member_id: int | None = None
    role: Annotated[str, StringConstraints(max_length=100)] | None = Field(
        default=None, description="Élu, médecin du travail, préventeur CARSAT, cadre de santé…"
    )


class MissionCreate(InputModel):
    kind: MissionKind
    title: Name | None = None
    planned_on: date
    place: Place = ""
    participants: Annotated[list[Participant], Field(max_length=50)] = Field(default_factory=list)
    description: LongText = ""
    accident_id: int | None = Field(default=None, description="Accident grave objet de l'enquête")
    dgi_entry_id: LinkId | None = Field(default=None, description="Inscription au registre DGI")
    meeting_id: LinkId | None = Field(default=None, description="Réunion SSCT de présentation")


class MissionUpdate(InputModel):
    title: Name | None = None
    planned_on: date | None = None
    place: Place | None = None
    participants: Annotated[list[Participant], Field(max_length=50)] | None = None
    description: LongText | None = None
    findings: LongText | None = Field(default=None, description="Constats : le rapport de la mission")
    recommendations: LongText | None = None
    accident_id: int | None = None
    dgi_entry_id: LinkId | None = None
    meeting_id: LinkId | None = None


class MissionStatusChange(InputModel):
    status: MissionStatus
    on: date | None = Field(default=None, description="Date (aujourd'hui par défaut)")


class MissionRead(ReadModel):
    id: int
    body_id: int
    kind: MissionKind
    kind_label: str
    title: str
    status: MissionStatus
    status_label: str
    planned_on: date
    place: str
    participants: list[dict[str, Any]]
    description: str
    findings: str
    recommendations: str
    started_on: date | None
    reported_on: date | None
    closed_on: date | None
    accident_id: int | None
    dgi_entry_id: int | None
    meeting_id: int | None
    actions_open: int
    actions_overdue: int
    created_at: datetime
    updated_at: datetime


class ActionCreate(InputModel):
    description: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
    owner: Name
    due_on: date | None = None


class ActionUpdate(InputModel):
    description: Annotated[str, StringConstraints(min_length=1, max_length=20_000)] | None = None
    owner: Name | None = None
    due_on: date | None = None
    status: SsctActionStatus | None = None


class ActionAnswer(InputModel):
    answer: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
    answered_on: date | None = None


class ActionRead(ReadModel):
    id: int
    mission_id: int
    body_id: int
    description: str
    owner: str
    due_on: date | None
    status: SsctActionStatus
    overdue: bool
    employer_answer: str | None
    answered_on: date | None
    done_on: date | None
    created_at: datetime


class AccidentCreate(InputModel):
    occurred_on: date
    kind: AccidentKind = AccidentKind.WORK_ACCIDENT
    description: Annotated[str, StringConstraints(min_length=1, max_length=2000)] = Field(
        description="Circonstances, sans données de santé ni nom de résident"
    )
    place: Place = ""
    lost_days: Annotated[int, Field(ge=0, le=3650)] | None = Field(default=None, description="Jours d'arrêt")


class AccidentRead(ReadModel):
    id: int
    body_id: int
    occurred_on: date
    kind: AccidentKind
    description: str
    place: str
    lost_days: int | None
    inspector_and_carsat_invited: bool = Field(description="L2314-3 : inspection du travail et CARSAT invitées")
    inquiry_mission_ids: list[int]
    inquiry_done: bool
    created_at: datetime


class ObligationRead(ReadModel):
    obligation: Obligation
    label: str
    article: str
    due: int
    done: int
    late: int
    status: str = Field(description="done, on_track, late, not_applicable")


class ObligationsRead(ReadModel):
    body_id: int
    year: int
    headcount: int
    today: date
    items: list[ObligationRead]
    accidents_without_inquiry: list[AccidentRead]
