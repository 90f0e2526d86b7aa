"""API shapes of the indicators: the contract's `{code, label, value, unit, target, status}` and more."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from dialogue.core.schemas import InputModel, ReadModel

StatusValue = Literal["ok", "warning", "alert", "unknown"]
Weight = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]


class ReportScope(StrEnum):
    body = "body"
    organization = "organization"


class SeriesPoint(ReadModel):
    month: str = Field(description="Mois, AAAA-MM")
    value: float | None = Field(description="Valeur du mois ; null quand rien n'est mesurable (pas zéro)")


class IndicatorRead(ReadModel):
    """One indicator over the period (fields of CONTRACT.md first), with its comparison to the previous period."""

    code: str
    label: str
    value: float | None = Field(description="Valeur sur la période ; null quand rien n'était dû ou mesurable")
    unit: str = Field(
        description="%, jours, jours ouvrables, / 5, / 100, or what a count counts (réunions, alertes, inscriptions…)"
    )
    target: float | None = Field(description="Objectif (null : indicateur informatif, toujours ok)")
    status: StatusValue = Field(
        description="ok, warning (attention) ou alert au regard de l'objectif ; unknown quand la valeur manque"
    )
    status_label: str = Field(description="Statut en français : conforme, attention, alerte, n.d.")
    higher_is_better: bool
    module: str
    numerator: float | None = Field(default=None, description="Effectif compté (ex. questions répondues à temps)")
    denominator: float | None = Field(default=None, description="Base de calcul (ex. questions dues)")
    breakdown: dict[str, float | None] = Field(default_factory=dict, description="Détail (par état, par collège…)")
    previous_value: float | None = Field(description="Valeur sur la période précédente de même durée")
    change: float | None = Field(description="value − previous_value")
    description: str
    legal_basis: str
    records_url: str | None = Field(description="Liste des enregistrements comptés (null pour le score composite)")
    series: list[SeriesPoint] | None = Field(
        default=None, description="Série mensuelle (avec ?series=true, toujours dans le détail d'un indicateur)"
    )


class IndicatorReport(ReadModel):
    """Indicators of a body or an organisation over a period: `items` (the contract's list) and `total`."""

    scope: ReportScope
    organization_id: int
    body_id: int | None
    name: str
    from_date: date = Field(description="Premier jour de la période (paramètre `from`)")
    to_date: date = Field(description="Dernier jour de la période (paramètre `to`)")
    previous_from: date
    previous_to: date
    as_of: date = Field(description="Jour des mesures « à date » : fin de période, ou aujourd'hui si elle court")
    computed_at: datetime
    health_score: float | None
    health_status: StatusValue
    weights: dict[str, float] = Field(description="Poids appliqués au score de santé")
    items: list[IndicatorRead]
    total: int


class IndicatorDetail(IndicatorRead):
    """One indicator with its monthly series over the period and over the previous period."""

    from_date: date
    to_date: date
    previous_series: list[SeriesPoint]


class IndicatorRecordRead(ReadModel):
    """A record a figure counts (drill-down): the entry, barometer or action behind the number."""

    type: str = Field(description="register_entry, barometer, action_proposal…")
    id: int
    url: str = Field(description="Chemin de l'objet dans l'API")
    label: str
    on: date | None = Field(description="Jour qui situe l'enregistrement dans la période (échéance, alerte…)")
    outcome: str = Field(description="Comment il est compté (on_time, late, unanswered, overdue, état DGI…)")
    value: float | None = Field(description="Sa valeur propre (délai en jours…) quand il en a une")


class RecordsPage(ReadModel):
    """`{"items", "total", "limit", "offset"}` plus the indicator and period the records belong to."""

    code: str
    from_date: date
    to_date: date
    items: list[IndicatorRecordRead]
    total: int
    limit: int
    offset: int


class WeightsRead(ReadModel):
    organization_id: int
    weights: dict[str, float] = Field(description="Poids appliqués (défauts remplacés par ceux de l'organisation)")
    overrides: dict[str, float] = Field(description="Poids propres à l'organisation")
    defaults: dict[str, float]
    labels: dict[str, str]
    updated_at: datetime | None


class WeightsUpdate(InputModel):
    """Replace the organisation's overrides; a component left out keeps its default weight, 0 leaves it out."""

    weights: dict[str, Weight] = Field(
        description="{composante: poids} parmi attendance, convocations_on_time, minutes_on_time, "
        "questions_answered_on_time, consultations_not_deemed_negative, ssct_inspections_done, nao_on_schedule, "
        "agendas_agreed_jointly ; les poids n'ont pas à totaliser 1 (le score renormalise)",
        max_length=20,
    )
