"""API shapes of delegation hours: a declaration (use, transfer, correction), a record, the monthly statements."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from dialogue.core.schemas import InputModel, ReadModel
from dialogue.delegation.rules import TimeKind

#: Hours in quarters of an hour, at most a month of days (the credit of a month is at most 34 h, R2314-1).
Hours = Annotated[float, Field(gt=0, le=300, multiple_of=0.25, description="Heures (par quarts d'heure)")]
MonthText = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]


class DeclarationKind(StrEnum):
    use = "use"
    transfer = "transfer"
    correction = "correction"
    notice = "notice"


class DelegationHoursCreate(InputModel):
    """`use`: hours spent (by the member himself); `transfer`: hours given to a colleague of the body for the month
    of `on`, the day the receiver first uses them (R2315-6, employer informed 8 days before); `correction`: the new
    value (0 cancels) of a record of the member, recorded as a new record; `notice`: the employer informed that
    `hours` of cumulated (carried) hours will be used from `on` (R2315-5, at least 8 days before). A use declared
    `outside_working_time` is not counted in a part-timer's third of working time (L3123-14)."""

    on: date
    hours: Annotated[float, Field(ge=0, le=300, multiple_of=0.25)] = Field(description="Heures (par quarts d'heure)")
    kind: DeclarationKind = DeclarationKind.use
    to_member_id: int | None = Field(default=None, description="Bénéficiaire d'une répartition (transfer)")
    time_kind: TimeKind = Field(
        default=TimeKind.delegation,
        description=(
            "delegation (déduite) ; employer_meeting, cssct_meeting, accident_inquiry, dgi : non déduites (L2315-11, "
            "R2315-7) ; commission_meeting : non déduite dans la limite annuelle de R2315-7"
        ),
    )
    outside_working_time: bool = Field(
        default=False, description="Heures prises en dehors du temps de travail (temps partiel, L3123-14)"
    )
    object: Annotated[str, StringConstraints(max_length=300)] | None = Field(default=None, description="Objet")
    exceptional_reason: Annotated[str, StringConstraints(min_length=3, max_length=2000)] | None = Field(
        default=None, description="Circonstances exceptionnelles justifiant un dépassement (L2315-7, L2143-13)"
    )
    corrects_id: int | None = Field(default=None, description="Enregistrement corrigé (correction)")

    @model_validator(mode="after")
    def _shape(self) -> DelegationHoursCreate:
        if self.kind == DeclarationKind.transfer and self.to_member_id is None:
            raise ValueError("to_member_id est obligatoire pour une répartition (transfer)")
        if self.kind != DeclarationKind.transfer and self.to_member_id is not None:
            raise ValueError("to_member_id ne sert qu'à une répartition (transfer)")
        if self.kind == DeclarationKind.correction and self.corrects_id is None:
            raise ValueError("corrects_id est obligatoire pour une correction")
        if self.kind != DeclarationKind.correction and self.corrects_id is not None:
            raise ValueError("corrects_id ne sert qu'à une correction")
        if self.kind != DeclarationKind.correction and self.hours == 0:
            raise ValueError("hours doit être supérieur à 0")
        if self.kind != DeclarationKind.use and self.outside_working_time:
            raise ValueError("outside_working_time ne sert qu'à une utilisation (use)")
        return self


class DelegationRecordRead(ReadModel):
    id: int
    body_id: int
    member_id: int
    member_name: str
    kind: str
    on: date
    month: str
    hours: float
    time_kind: str
    deducted: bool
    to_member_id: int | None
    to_member_name: str | None
    corrects_id: int | None
    object: str | None
    exceptional_reason: str | None
    article: str | None
    detail: str | None
    notified_on: date | None
    recorded_at: datetime
    outside_working_time: bool = False


class MemberMonthRead(ReadModel):
    """One member's month (hours): credit, used (deducted), received, given, carried_over, balance (CONTRACT.md),
    and what the rules show besides (time not deducted, beyond the credit, the 1.5× cap, half-days)."""

    member_id: int
    user_id: int
    name: str
    role: str
    month: str
    credit: float
    used: float
    received: float
    given: float
    carried_over: float
    balance: float
    not_deducted: float
    exceptional: float
    beyond_credit: float
    cap: float
    forfait_jours: bool
    half_days: int
    nearly_used: bool
    outside_mandate: bool = False
    """The month is before the member's mandate or after its end: no hours (credit 0, no uses)."""
    explanation: str | None = None
    """Why the month is empty, in French (« hors mandat »)."""
    carried_used: float = 0
    """Hours of the month taken on cumulated hours (R2315-5: the employer informed 8 days before)."""
    noticed: float = 0
    """Cumulated hours announced to the employer for the month (R2315-5)."""
    monthly_working_time: float | None = None
    """Part-time: the contractual monthly working time (L3123-14)."""
    part_time_limit: float | None = None
    """Part-time: at most a third of the working time taken on it (L3123-14)."""
    during_work: float = 0
    """Deducted hours taken during working time."""
    meetings_capped: float = 0
    """Commission meetings of the month (R2315-7), of which `meetings_deducted` beyond the annual cap."""
    meetings_deducted: float = 0


class BodyHoursRead(ReadModel):
    body_id: int
    month: str
    titulaire_credit: float
    basis: str
    items: list[MemberMonthRead]
    total: int


class MemberHoursRead(ReadModel):
    """« Mes heures »: the month's statement, the months of the year so far and the records."""

    body_id: int
    body_name: str
    month: str
    statement: MemberMonthRead
    months: list[MemberMonthRead]
    records: list[DelegationRecordRead]
    colleagues: list[tuple[int, str]]


class DelegationProfileCreate(InputModel):
    """Hours set by the PAP or an agreement (L2314-7: never under the L2315-7 floor), the forfait-jours, and a
    part-timer's contractual monthly working time (L3123-14)."""

    agreed_titulaire_hours: Annotated[int, Field(ge=0, le=200)] | None = None
    agreed_extra_hours: Annotated[int, Field(ge=0, le=200)] = 0
    forfait_jours: bool = False
    basis: Annotated[str, StringConstraints(max_length=300)] | None = None
    monthly_working_hours: Annotated[float, Field(gt=0, le=300)] | None = Field(
        default=None, description="Temps partiel : durée mensuelle contractuelle de travail, en heures (L3123-14)"
    )
