"""API shapes of the tripartite diagnosis. No read shape carries another person's answer: `MyAnswerRead` is
returned only to its author, results are aggregates per college."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints, ValidationInfo, field_validator

from dialogue.core.schemas import InputModel, Name, ReadModel


class DiagnosisStatus(StrEnum):
    draft = "draft"
    open = "open"
    closed = "closed"


class Dimension(StrEnum):
    objects = "objects"
    functioning = "functioning"
    relationship = "relationship"


class StatementKind(StrEnum):
    lever = "lever"
    brake = "brake"


class CollegeName(StrEnum):
    gouvernance = "gouvernance"
    direction = "direction"
    elus = "elus"


class DiagnosisActionStatus(StrEnum):
    planned = "planned"
    done = "done"


Code = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")]
Score = Annotated[int, Field(ge=1, le=5, description="1 pas du tout d'accord … 5 tout à fait d'accord")]


class StatementInput(InputModel):
    code: Code = Field(description="Code stable d'une campagne à l'autre, pour comparer")
    dimension: Dimension
    kind: StatementKind = Field(description="lever (levier) ou brake (frein)")
    text: Annotated[str, StringConstraints(min_length=3, max_length=500)]


class DiagnosisCreate(InputModel):
    title: Name
    period_start: date = Field(description="Premier jour de la période observée")
    period_end: date = Field(description="Dernier jour de la période observée")
    previous_id: int | None = Field(
        default=None, description="Campagne précédente à comparer (par défaut la dernière close de l'organisation)"
    )
    statements: list[StatementInput] | None = Field(
        default=None, max_length=60, description="Grille propre ; la grille par défaut (18 énoncés) sinon"
    )

    @field_validator("period_end")
    @classmethod
    def _after_start(cls, value: date, info: ValidationInfo) -> date:
        start = info.data.get("period_start")
        if isinstance(start, date) and value < start:
            raise ValueError("la fin de la période précède son début")
        return value


class StatementsUpdate(InputModel):
    statements: list[StatementInput] = Field(min_length=1, max_length=60)


class PublishInput(InputModel):
    published: bool = Field(description="Rendre les résultats lisibles aux trois collèges avant la clôture")


class StatementRead(ReadModel):
    id: int
    code: str
    dimension: Dimension
    dimension_label: str
    kind: StatementKind
    kind_label: str
    text: str
    position: int


class CollegeParticipation(ReadModel):
    college: CollegeName
    label: str
    respondents: int = Field(description="Personnes ayant répondu à au moins un énoncé (jamais qui)")
    eligible: int = Field(description="Personnes de l'organisation qui répondent dans ce collège")


class DiagnosisRead(ReadModel):
    id: int
    organization_id: int
    title: str
    period_start: date
    period_end: date
    status: DiagnosisStatus
    status_label: str
    results_published: bool = Field(description="Résultats rendus lisibles avant la clôture")
    results_readable: bool = Field(description="Le lecteur peut lire les résultats maintenant")
    previous_id: int | None
    created_at: datetime
    opened_at: datetime | None
    closed_at: datetime | None
    my_college: CollegeName | None = Field(description="Collège dans lequel le lecteur répond (null : ne répond pas)")
    can_organise: bool
    statements: list[StatementRead]
    participation: list[CollegeParticipation]


class AnswerInput(InputModel):
    statement_id: int
    score: Score
    comment: Annotated[str, StringConstraints(max_length=2000)] = ""


class AnswersInput(InputModel):
    answers: list[AnswerInput] = Field(min_length=1, max_length=60)


class MyAnswerRead(ReadModel):
    """One of the reader's own answers (never anyone else's)."""

    statement_id: int
    score: int
    comment: str
    updated_at: datetime


class MyAnswersRead(ReadModel):
    diagnosis_id: int
    college: CollegeName | None
    items: list[MyAnswerRead]
    total: int


class CollegeResult(ReadModel):
    college: CollegeName
    label: str
    respondents: int
    mean: float | None = Field(description="Moyenne sur 5 ; null sous deux répondants")
    shown: str = Field(description="La moyenne écrite (« 3,5 ») ou « pas assez de réponses »")
    previous_mean: float | None = Field(description="Moyenne du collège à la campagne précédente")
    change: float | None


class StatementResult(ReadModel):
    statement_id: int
    code: str
    dimension: Dimension
    kind: StatementKind
    text: str
    colleges: list[CollegeResult]
    gap: float | None = Field(description="Écart entre la moyenne la plus haute et la plus basse des collèges")
    apart: list[CollegeName] = Field(description="Les deux collèges les plus éloignés (haut, bas)")
    previous_gap: float | None
    action_ids: list[int]


class IndicatorFact(ReadModel):
    code: str
    label: str
    value: float | None
    unit: str
    shown: str = Field(description="La valeur écrite avec son unité (« 54 % », « 1 procès-verbal »)")
    status: str
    status_label: str
    signal: bool = Field(description="En alerte ou à surveiller : un signal de dégradation")


class DimensionResult(ReadModel):
    dimension: Dimension
    label: str
    hint: str
    colleges: list[CollegeResult] = Field(description="Appréciation favorable sur 5 (les freins sont inversés)")
    indicators: list[IndicatorFact]


class DiagnosisResults(ReadModel):
    diagnosis_id: int
    title: str
    period_start: date
    period_end: date
    status: DiagnosisStatus
    min_respondents: int
    previous_id: int | None
    previous_title: str | None
    participation: list[CollegeParticipation]
    statements: list[StatementResult] = Field(description="Les plus grands écarts entre collèges d'abord")
    dimensions: list[DimensionResult]
    indicators_available: bool
    notice: str


class DiagnosisActionCreate(InputModel):
    statement_id: int | None = Field(default=None, description="L'énoncé dont l'écart fonde l'action")
    title: Name
    owner_id: int = Field(description="Pilote de l'action (compte de l'organisation)")
    due_on: date


class DiagnosisActionUpdate(InputModel):
    status: DiagnosisActionStatus | None = None
    due_on: date | None = None
    owner_id: int | None = None


class DiagnosisActionRead(ReadModel):
    id: int
    diagnosis_id: int
    statement_id: int | None
    statement_text: str | None
    title: str
    owner_id: int
    owner_name: str
    due_on: date
    status: DiagnosisActionStatus
    status_label: str
    created_at: datetime
