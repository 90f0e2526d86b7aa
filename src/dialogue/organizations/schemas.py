"""API shapes for organisations and establishments."""

from __future__ import annotations

from datetime import datetime
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
    code: str
    label: str
    cse_mandatory: bool
    full_remit: bool
    cssct_mandatory: bool


class OrganizationRead(ReadModel):
    id: int
    name: str
    headcount: int
    alsace_moselle: bool
    non_profit_essms: bool
    regime: RegimeRead
    created_at: datetime


class OrganizationUpdate(InputModel):
    name: Name | None = None
    headcount: Headcount | None = None
    alsace_moselle: bool | None = None
    non_profit_essms: bool | None = None


class EstablishmentCreate(InputModel):
    name: Name
    headcount: Headcount
    alsace_moselle: bool = False
    worked_holidays: WorkedHolidays = Field(default_factory=list)


class EstablishmentUpdate(InputModel):
    worked_holidays: WorkedHolidays | None = None


class EstablishmentRead(ReadModel):
    id: int
    organization_id: int
    name: str
    headcount: int
    alsace_moselle: bool
    worked_holidays: list[str] = Field(description="Jours fériés habituellement travaillés (jours ouvrables)")
    regime: RegimeRead
