"""API shapes for organisations and establishments."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, Field

from dialogue.core.schemas import InputModel, Name, ReadModel
from dialogue.core.workdays import HOLIDAY_KEYS, unknown_holiday_keys

Headcount = Annotated[int, Field(ge=0, le=1_000_000, description="Effectif salarié")]


def _known_holidays(keys: list[str]) -> list[str]:
    unknown = unknown_holiday_keys(keys)
    if unknown:
        raise ValueError(f"jours fériés inconnus : {', '.join(unknown)} (clés admises : {', '.join(HOLIDAY_KEYS)})")
    return sorted(set(keys))


WorkedHolidays = Annotated[
    list[str],
    Field(
        max_length=len(HOLIDAY_KEYS),
        description="Jours fériés habituellement travaillés dans l'établissement (comptés comme jours ouvrables) : "
        + ", ".join(HOLIDAY_KEYS),
    ),
    AfterValidator(_known_holidays),
]


class RegimeRead(ReadModel):
    """Attributions from the company's headcount over time (L2312-1 to L2312-3); seats and hours from the
    perimeter (R2314-1); CSSCT when the company or the établissement distinct reaches 300 (L2315-36)."""

    code: str
    label: str
    cse_mandatory: bool
    full_remit: bool
    cssct_mandatory: bool
    recurrent_consultations: bool = Field(description="Consultations récurrentes dues (L2312-2)")
    titulaires: int = Field(description="Titulaires selon R2314-1 (autant de suppléants)")
    delegation_hours_per_month: int = Field(description="Heures de délégation mensuelles par titulaire (R2314-1)")
    basis: str = Field(description="Pourquoi, avec les articles")


class OrganizationRead(ReadModel):
    id: int
    name: str
    headcount: int
    alsace_moselle: bool
    non_profit_essms: bool
    fifty_reached_on: date | None
    regime: RegimeRead
    created_at: datetime


class OrganizationUpdate(InputModel):
    name: Name | None = None
    headcount: Headcount | None = None
    alsace_moselle: bool | None = None
    non_profit_essms: bool | None = None
    fifty_reached_on: date | None = Field(
        default=None, description="Date à laquelle l'effectif a atteint 50 salariés (L2312-2)"
    )


class EstablishmentCreate(InputModel):
    name: Name
    headcount: Headcount
    alsace_moselle: bool = False
    cpom: bool = Field(default=False, description="CPOM signé (L313-12 IV ter, L313-12-2 CASF) : pas d'agrément L314-6")
    cpom_signed_on: date | None = Field(default=None, description="Date de signature du CPOM")
    worked_holidays: WorkedHolidays = Field(default_factory=list)


class EstablishmentUpdate(InputModel):
    worked_holidays: WorkedHolidays | None = None
    cpom: bool | None = Field(default=None, description="CPOM signé (L313-12 IV ter CASF)")
    cpom_signed_on: date | None = Field(default=None, description="Date de signature du CPOM")


class EstablishmentRead(ReadModel):
    id: int
    organization_id: int
    name: str
    headcount: int
    alsace_moselle: bool
    cpom: bool
    cpom_signed_on: date | None
    worked_holidays: list[str] = Field(description="Jours fériés habituellement travaillés (jours ouvrables)")
    regime: RegimeRead
