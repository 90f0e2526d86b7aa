"""API shapes of the règlement intérieur: the adoption to record, and the version in force with the history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from dialogue.core.schemas import InputModel, ReadModel


class ReglementParameters(InputModel):
    """What the RI sets for the CSE's operation (L2315-24), within the legal floors (rules.parameter_errors)."""

    agenda_notice_days: Annotated[int, Field(le=30)] = Field(
        description="Délai d'envoi de l'ordre du jour, en jours (au moins 3 : L2315-30)"
    )
    president_votes_on_minutes: bool = Field(
        default=True, description="Le président vote l'adoption du PV (non vérifié en droit : fixé par le RI)"
    )
    visio_max_per_year: Annotated[int, Field(le=52)] | None = Field(
        default=None, description="Réunions en visioconférence par an (L2315-4 : 3 à défaut d'accord)"
    )
    minutes_delay_days: Annotated[int, Field(le=60)] | None = Field(
        default=None, description="Délai d'établissement du PV, en jours (D2315-26 : 15 à défaut d'accord)"
    )


class ReglementCreate(InputModel):
    document_id: int
    version: Annotated[int, Field(ge=1)]
    adopted_on: date
    vote_id: int | None = None
    parameters: ReglementParameters


class ReglementRead(ReadModel):
    id: int
    body_id: int
    document_id: int
    document_title: str
    document_version: int
    adopted_on: date
    vote_id: int | None
    parameters: ReglementParameters
    recorded_by: int
    recorded_by_name: str
    recorded_at: datetime


class ReglementState(ReadModel):
    """The version in force (null before the first adoption) and every adoption, the latest first."""

    in_force: ReglementRead | None
    history: list[ReglementRead]
