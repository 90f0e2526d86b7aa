"""API shapes of networks: the network, its member organisations and their trinôme, sessions, the steps board,
experience sheets and the benchmark."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from dialogue.core.schemas import InputModel, LongText, Name, ReadModel

Short = Annotated[str, StringConstraints(max_length=200)]
Code = Annotated[str, StringConstraints(min_length=1, max_length=60)]
Ids = Annotated[list[Annotated[int, Field(ge=1)]], Field(max_length=20)]


class NetworkKind(StrEnum):
    cluster = "cluster"
    programme = "programme"
    federation = "federation"


class MembershipStatus(StrEnum):
    invited = "invited"
    active = "active"
    declined = "declined"
    left = "left"


class SessionKind(StrEnum):
    collective_day = "collective_day"
    support_visit = "support_visit"


class NetworkCreate(InputModel):
    name: Name
    kind: NetworkKind = NetworkKind.cluster
    region: Short = ""
    description: LongText = ""
    facilitator_ids: Ids = Field(default_factory=list, description="Comptes de l'organisation qui anime le réseau")


class PersonRead(ReadModel):
    id: int
    full_name: str


class NetworkRead(ReadModel):
    id: int
    name: str
    kind: NetworkKind
    region: str
    description: str
    host_organization_id: int
    facilitators: list[PersonRead]
    my_role: str = Field(description="facilitator, member, invited")
    my_organization_status: MembershipStatus | None


class InvitationCreate(InputModel):
    organization_id: Annotated[int, Field(ge=1)]
    establishment_type: Short = ""


class ConsentInput(InputModel):
    """The organisation's admin accepts (and says which QVT steering committee's steps the network may follow)."""

    accept: bool = True
    steering_body_id: Annotated[int, Field(ge=1)] | None = None
    establishment_type: Short | None = None


class TrinomeInput(InputModel):
    direction: Ids = Field(default_factory=list)
    professional: Ids = Field(default_factory=list)
    staff_representative: Ids = Field(default_factory=list)


class ParticipantRead(ReadModel):
    side: str
    side_label: str
    person: PersonRead


class MemberRead(ReadModel):
    organization_id: int
    organization_name: str
    status: MembershipStatus
    establishment_type: str
    shares_steps: bool
    trinome: list[ParticipantRead]
    trinome_complete: bool
    joined_on: date | None


class SessionCreate(InputModel):
    kind: SessionKind
    title: Name
    held_on: date
    place: Short = ""
    themes: Annotated[list[Code], Field(max_length=10)] = Field(default_factory=list)
    agenda: LongText = ""
    organization_id: Annotated[int, Field(ge=1)] | None = Field(default=None, description="Visite : l'organisation")
    notes: LongText = Field(default="", description="Notes de visite (l'organisation et l'animation seulement)")
    document_ids: Ids = Field(default_factory=list, description="Documents de l'organisation animatrice")


class AttendanceInput(InputModel):
    organization_id: Annotated[int, Field(ge=1)]
    attendees: Annotated[int, Field(ge=0, le=500)]


class AttendanceRead(ReadModel):
    organization_id: int
    organization_name: str
    attendees: int


class DocumentRef(ReadModel):
    id: int
    title: str
    filename: str


class SessionRead(ReadModel):
    id: int
    network_id: int
    kind: SessionKind
    title: str
    held_on: date
    place: str
    themes: list[str]
    theme_labels: list[str]
    agenda: str
    organization_id: int | None
    notes: str | None = Field(description="Visite : ses notes, pour l'organisation visitée et l'animation ; sinon null")
    attendance: list[AttendanceRead]
    documents: list[DocumentRef]


class BoardStepRead(ReadModel):
    kind: str
    label: str
    state: str
    started_on: date | None
    completed_on: date | None
    stalled: bool


class BoardRowRead(ReadModel):
    organization_id: int
    organization_name: str
    current: str | None
    progress: float
    steps: list[BoardStepRead]
    nudge: str | None


class SheetCreate(InputModel):
    action_id: Annotated[int, Field(ge=1)]
    establishment_type: Short | None = None


class SheetRead(ReadModel):
    id: int
    network_id: int
    organization_id: int
    organization_name: str
    title: str
    theme: str
    theme_label: str
    establishment_type: str
    content: dict[str, Any]
    status: str
    missing_approvals: list[str]
    published_at: datetime | None


class ContributionCreate(InputModel):
    barometer_id: Annotated[int, Field(ge=1)]
    indicator_codes: Annotated[list[Code], Field(max_length=20)] = Field(default_factory=list)


class ContributionRead(ReadModel):
    id: int
    network_id: int
    organization_id: int
    year: int
    themes: dict[str, float]
    indicators: dict[str, float]
    withheld_themes: list[str] = Field(description="Thèmes sous le seuil d'anonymat du baromètre, non publiés")
    status: str


class BenchmarkThemeRead(ReadModel):
    key: str
    label: str
    contributors: int
    shown: bool
    bands: list[dict[str, Any]] | None = Field(description="Nombre d'organisations par tranche, si au moins 3")
    my_position: str | None = Field(description="Où se situe la valeur de l'organisation qui lit (jamais les autres)")
    my_position_label: str | None
    my_value: float | None


class BenchmarkRead(ReadModel):
    network_id: int
    floor: int
    contributors: int
    themes: list[BenchmarkThemeRead]
    indicators: list[BenchmarkThemeRead]


class NudgeRead(ReadModel):
    """A facilitator's nudge: the organisation's stalled step and how many of its trinôme were mailed now."""

    organization_id: int
    step: str
    stalled_since: date
    recipients: int = Field(description="Personnes relancées (hors préférences désactivées ou déjà relancées ce jour)")
