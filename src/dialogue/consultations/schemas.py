"""API shapes for consultations of the CSE (L2312-8, L2312-17, R2312-6, L2312-16)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from dialogue.core.schemas import InputModel, LongText, ReadModel

Subject = Annotated[str, StringConstraints(min_length=1, max_length=300)]


class ConsultationKind(StrEnum):
    strategic_orientations = "strategic_orientations"
    economic_financial_situation = "economic_financial_situation"
    social_policy = "social_policy"
    ponctual = "ponctual"


KIND_LABELS = {
    ConsultationKind.strategic_orientations: "Orientations stratégiques (L2312-24)",
    ConsultationKind.economic_financial_situation: "Situation économique et financière (L2312-25)",
    ConsultationKind.social_policy: "Politique sociale, conditions de travail et emploi (L2312-26)",
    ConsultationKind.ponctual: "Consultation ponctuelle (L2312-8)",
}


class ConsultationLevel(StrEnum):
    single = "single"
    central = "central"
    establishment = "establishment"


class Opinion(StrEnum):
    positive = "positive"
    negative = "negative"
    deemed_negative = "deemed_negative"


class ConsultationStatus(StrEnum):
    open = "open"
    suspended = "suspended"
    opinion_given = "opinion_given"
    deemed_negative = "deemed_negative"


class ConsultationCreate(InputModel):
    subject: Subject
    kind: ConsultationKind
    year: Annotated[int, Field(ge=2000, le=2100)] | None = Field(
        default=None, description="Exercice concerné (consultations récurrentes)"
    )
    description: LongText | None = None
    informed_on: date = Field(description="Communication des informations ou mise à disposition dans la BDESE")
    level: ConsultationLevel = ConsultationLevel.single
    multi_level: bool = Field(default=False, description="Menée à la fois au CSE central et en établissement")
    expert_appointed: bool = False
    expert_name: Annotated[str, StringConstraints(max_length=200)] | None = None
    expert_appointed_on: date | None = Field(
        default=None, description="Désignation de l'expert (R2315-49) ; par défaut le jour de l'enregistrement"
    )
    agreed_delay_days: Annotated[int, Field(ge=1, le=365)] | None = Field(
        default=None,
        description="Délai fixé par accord, en jours (L2312-16), au moins le plancher configuré ; vide = R2312-6",
    )


class ConsultationUpdate(InputModel):
    subject: Subject | None = None
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    description: LongText | None = None
    informed_on: date | None = None
    informed_on_reason: Annotated[str, StringConstraints(min_length=3, max_length=500)] | None = Field(
        default=None,
        description="Motif d'une date d'information fixée à la main : elle ne suit plus les documents (R2312-5)",
    )
    level: ConsultationLevel | None = None
    multi_level: bool | None = None
    expert_appointed: bool | None = None
    expert_name: Annotated[str, StringConstraints(max_length=200)] | None = None
    expert_appointed_on: date | None = None
    agreed_delay_days: Annotated[int, Field(ge=1, le=365)] | None = None


class ExpertiseChallengeCreate(InputModel):
    filed_on: date = Field(description="Saisine du juge par l'employeur (L2315-86), dans les 10 jours (R2315-49)")


class JudgmentCreate(InputModel):
    judgment_on: date = Field(description="Notification du jugement : les délais reprennent (L2315-86)")


class ConsultationMeetingRead(ReadModel):
    meeting_id: int
    title: str
    starts_at: datetime
    status: str
    agenda_item_id: int


class ConsultationRead(ReadModel):
    id: int
    body_id: int
    subject: str
    kind: ConsultationKind
    kind_label: str
    year: int | None
    description: str | None
    informed_on: date
    informed_on_override_reason: str | None = Field(
        description="Motif de la date fixée à la main ; vide : elle suit la communication des documents (R2312-5)"
    )
    level: ConsultationLevel
    multi_level: bool
    expert_appointed: bool
    expert_name: str | None
    expert_appointed_on: date | None
    challenge_filed_on: date | None = Field(description="Expertise contestée en justice le (L2315-86)")
    judgment_on: date | None = Field(description="Jugement notifié le : fin de la suspension (L2315-86)")
    agreed_delay_days: int | None
    deadline: date | None = Field(
        description=(
            "Dernier jour pour rendre l'avis (R2312-6), calculé ; vide en dessous de 50 salariés (pas d'avis "
            "réputé rendu, R2312-6) et tant que l'expertise contestée suspend le délai (L2315-86)"
        )
    )
    deadline_basis: str
    days_left: int | None
    status: ConsultationStatus
    status_label: str = Field(description="« Avis réputé négatif — définitif (L2312-16) », « En cours »…")
    final: bool = Field(description="Avis rendu ou réputé rendu : la consultation ne peut plus être modifiée")
    deemed_opinion_applies: bool = Field(description="Faux en dessous de 50 salariés (R2312-6)")
    opinion: Opinion | None = Field(description="Avis rendu, ou réputé négatif une fois le délai expiré (L2312-16)")
    opinion_text: str | None
    opinion_on: date | None
    opinion_vote_id: int | None
    meetings: list[ConsultationMeetingRead]
    created_at: datetime
    updated_at: datetime


class ExpectedDocumentRead(ReadModel):
    """A document the employer must present for the consultation, and whether one of its kind was given."""

    kind: str = Field(description="Nature attendue (documents/kinds.py)")
    label: str
    article: str
    present: bool
