"""API shapes of the multi-establishment company: établissements distincts, the CSE central, linked consultations."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from dialogue.core.schemas import InputModel, ReadModel
from dialogue.establishments.rules import EstablishmentOpinionStatus, ScopeBasis

Label = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class PerimeterIn(InputModel):
    name: Label = Field(description="Nom de l'établissement distinct")
    body_id: int | None = Field(default=None, description="Son CSE d'établissement, le cas échéant")
    establishment_ids: list[int] = Field(default_factory=list, max_length=100, description="Sites qu'il regroupe")


class ScopeCreate(InputModel):
    basis: ScopeBasis
    decided_on: date
    reference: Annotated[str, StringConstraints(max_length=200)] = ""
    negotiation_attempted_on: date | None = Field(
        default=None, description="Tentative de négociation préalable (décision de l'employeur, L2313-4)"
    )
    titulaires_for: Annotated[int, Field(ge=0, le=1000)] | None = Field(
        default=None, description="Titulaires ayant voté l'accord avec le CSE (L2313-3)"
    )
    titulaires: Annotated[int, Field(ge=1, le=1000)] | None = Field(
        default=None, description="Titulaires élus du CSE (L2313-3)"
    )
    agreement_with_all_unions: bool = Field(
        default=False, description="Accord avec tous les syndicats représentatifs sur le CSE central (R2316-1)"
    )
    perimeters: list[PerimeterIn] = Field(min_length=2, max_length=100, description="Au moins deux établissements")
    notes: Annotated[str, StringConstraints(max_length=4000)] = ""


class PerimeterRead(ReadModel):
    name: str
    body_id: int | None
    establishment_ids: list[int]


class ScopeRead(ReadModel):
    id: int
    organization_id: int
    basis: ScopeBasis
    basis_label: str
    decided_on: date
    reference: str
    negotiation_attempted_on: date | None
    titulaires_for: int | None
    titulaires: int | None
    agreement_with_all_unions: bool
    perimeters: list[PerimeterRead]
    notes: str
    created_at: datetime


class CentralSeatRead(ReadModel):
    user_id: int
    name: str
    role: str
    titular: bool
    union: str | None
    from_body_id: int | None
    from_body_name: str | None


class WarningRead(ReadModel):
    code: str
    message: str
    body_id: int | None


class EstablishmentBodyRead(ReadModel):
    body_id: int
    name: str
    establishment_id: int | None
    titulaires: int
    suppleants: int


class CentralCompositionRead(ReadModel):
    body_id: int
    name: str
    seats: list[CentralSeatRead]
    establishments: list[EstablishmentBodyRead]
    warnings: list[WarningRead]
    complete: bool = Field(description="Aucune alerte de composition (L2316-4, R2316-1)")
    last_meeting_on: date | None
    next_meeting_due_on: date = Field(description="Réunion au moins tous les six mois (L2316-15)")
    meeting_overdue: bool
    meeting_message: str
    agenda_notice_days: int = Field(description="Ordre du jour communiqué 8 jours avant la séance (L2316-17)")


class LinkCreate(InputModel):
    body_id: int | None = Field(default=None, description="CSE d'établissement où ouvrir la consultation")
    consultation_id: int | None = Field(default=None, description="Ou : consultation déjà ouverte dans ce CSE")

    @model_validator(mode="after")
    def _one_of(self) -> LinkCreate:
        if (self.body_id is None) == (self.consultation_id is None):
            raise ValueError("indiquez body_id ou consultation_id, l'un ou l'autre")
        return self


class TransmitIn(InputModel):
    on: date | None = Field(default=None, description="Date de transmission (aujourd'hui par défaut)")


class EstablishmentOpinionRead(ReadModel):
    consultation_id: int
    body_id: int
    body_name: str
    opinion: str | None = Field(description="positive, negative ; negative quand réputé (R2312-6 II)")
    opinion_on: date | None
    transmitted_on: date | None
    due_on: date = Field(description="7 jours avant l'échéance du CSE central (R2312-6 II)")
    status: EstablishmentOpinionStatus
    status_label: str


class OpinionTreeRead(ReadModel):
    consultation_id: int
    subject: str
    body_id: int
    body_name: str
    deadline: date | None
    deadline_basis: str
    opinion: str | None
    status_label: str
    establishments: list[EstablishmentOpinionRead]
