"""API shapes of a QVT plan by axes: axes and transversal themes, binômes, working group composition, a
proposal's place in the plan and the recommendations ticked at its adoption."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from dialogue.core.schemas import InputModel, LongText, Name, ReadModel
from dialogue.qvt.schemas import PersonRead

Service = Annotated[str, StringConstraints(max_length=120)]
JobFamily = Annotated[str, StringConstraints(max_length=80)]


class AxisKind(StrEnum):
    axis = "axis"
    transversal = "transversal"


class BinomeSide(StrEnum):
    establishment = "establishment"
    head_office = "head_office"


class Sex(StrEnum):
    woman = "woman"
    man = "man"


class GroupRole(StrEnum):
    axis = "axis"
    support = "support"


class AxisCreate(InputModel):
    kind: AxisKind = Field(default=AxisKind.axis, description="axis (axe du plan) ou transversal (thème transversal)")
    title: Name
    description: LongText = ""
    position: Annotated[int, Field(ge=1, le=100)] = 1


class AxisUpdate(InputModel):
    title: Name | None = None
    description: LongText | None = None
    position: Annotated[int, Field(ge=1, le=100)] | None = None


class BinomeMemberInput(InputModel):
    user_id: int
    side: BinomeSide = Field(description="establishment (établissements) ou head_office (siège ou services)")
    establishment_id: int | None = Field(default=None, description="Établissement, pour le côté établissements")
    service: Service = Field(default="", description="Service du siège, le cas échéant")


class BinomeInput(InputModel):
    members: Annotated[list[BinomeMemberInput], Field(max_length=10)]


class BinomeMemberRead(ReadModel):
    person: PersonRead
    side: BinomeSide
    side_label: str
    establishment_id: int | None
    establishment_name: str | None
    service: str


class AxisRead(ReadModel):
    id: int
    body_id: int
    kind: AxisKind
    kind_label: str
    title: str
    description: str
    position: int
    binome: list[BinomeMemberRead]
    binome_complete: bool
    working_group_ids: list[int]
    proposal_count: int = Field(description="Propositions de l'axe, ou qui touchent le thème transversal")
    adopted_count: int = Field(description="Dont adoptées, lancées ou évaluées")


class PlanRead(ReadModel):
    body_id: int
    axes: list[AxisRead]
    transversal_themes: list[AxisRead]
    support_group_ids: list[int]
    proposals_total: int
    proposals_without_axis: int


class MemberProfileInput(InputModel):
    user_id: int
    sex: Sex | None = None
    establishment_id: int | None = Field(default=None, description="Établissement ; vide pour le siège ou les services")
    job_family: JobFamily = Field(default="", description="Famille de métiers (soin, éducatif, administratif…)")


class CompositionInput(InputModel):
    role: GroupRole = Field(default=GroupRole.axis, description="axis (groupe d'un axe) ou support (groupe d'appui)")
    axis_id: int | None = None
    members: Annotated[list[MemberProfileInput], Field(max_length=200)] = []


class MemberProfileRead(ReadModel):
    person: PersonRead
    sex: Sex | None
    establishment_id: int | None
    establishment_name: str | None
    job_family: str


class EstablishmentCount(ReadModel):
    id: int
    name: str
    count: int


class CompositionWarningRead(ReadModel):
    code: str
    message: str


class CompositionRead(ReadModel):
    working_group_id: int
    body_id: int
    name: str
    role: GroupRole
    role_label: str
    axis_id: int | None
    axis_title: str | None
    size: int
    size_min: int
    size_max: int
    women: int
    men: int
    sex_unknown: int
    establishments: list[EstablishmentCount]
    head_office: int
    job_families: dict[str, int]
    members: list[MemberProfileRead]
    warnings: list[CompositionWarningRead]
    balanced: bool


class PlacementInput(InputModel):
    axis_id: int | None = Field(default=None, description="Axe du plan (vide : hors plan)")
    theme_ids: Annotated[list[int], Field(max_length=20)] = Field(default=[], description="Thèmes transversaux")


class ChecklistRead(ReadModel):
    concrete: bool
    all_staff: bool
    feasible: bool
    checked_by: PersonRead | None
    checked_at: datetime


class PlacementRead(ReadModel):
    action_id: int
    axis_id: int | None
    axis_title: str | None
    theme_ids: list[int]
    theme_titles: list[str]
    checklist_required: bool = Field(
        description="Adoption refusée tant que les trois recommandations ne sont pas cochées"
    )
    checklist: ChecklistRead | None
