"""API shapes of the BDESE (CONTRACT.md "Additions" → BDESE)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import Field, model_validator

from dialogue.bdese.rules import ItemStatus
from dialogue.core.schemas import InputModel, ReadModel

Code = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[a-z0-9_]+$")]
Year = Annotated[int, Field(ge=2000, le=2100)]
FigureValue = str | int | float | None
Figures = Annotated[dict[Annotated[str, Field(min_length=1, max_length=200)], FigureValue], Field(max_length=200)]
Reason = Annotated[str, Field(max_length=2000)]


class ItemFields(InputModel):
    """The content of an item: figures, a text ("grandes tendances" for forecasts), or a document."""

    title: Annotated[str, Field(min_length=1, max_length=300)] | None = None
    figures: Figures | None = None
    text: Annotated[str, Field(max_length=20_000)] | None = None
    document_id: Annotated[int, Field(ge=1)] | None = Field(
        default=None, description="Document du module documents (vérifié à son arrivée)"
    )
    confidential: bool = Field(default=False, description="Confidentiel : avec une date de fin et une justification")
    confidential_until: date | None = Field(default=None, description="Confidentiel jusqu'au (R2312-13)")
    confidentiality_reason: Reason | None = Field(default=None, description="Justification objective (R2312-13)")
    economic_alert: bool = Field(default=False, description="Information du droit d'alerte économique (L2312-67)")


class ItemCreate(ItemFields):
    theme: Code
    sub_theme: Code | None = None
    year: Year
    title: Annotated[str, Field(min_length=1, max_length=300)]
    status: ItemStatus | None = Field(default=None, description="Par défaut : réel jusqu'à N, perspective après")

    @model_validator(mode="after")
    def _has_content(self) -> ItemCreate:
        if self.figures is None and self.text is None and self.document_id is None:
            raise ValueError("Indiquez des chiffres (figures), un texte ou un document (document_id).")
        return self


class ItemUpdate(ItemFields):
    """Fields to change; the confidentiality is given whole again when any of its fields is given."""


class ItemRead(ReadModel):
    id: int
    theme: str
    sub_theme: str | None
    year: int
    status: ItemStatus
    title: str
    figures: dict[str, FigureValue] | None
    text: str | None
    document_id: int | None
    economic_alert: bool
    confidential: bool
    confidential_until: date | None
    confidentiality_reason: str | None
    updated_at: datetime
    published_at: datetime | None = Field(description="Mise à disposition notifiée : départ du délai (R2312-5)")
    changed_since_publication: bool


class SubThemeRead(ReadModel):
    code: str
    title: str
    present: bool


class ThemeRead(ReadModel):
    code: str
    number: int
    title: str
    not_applicable_allowed: bool
    not_applicable: bool
    present: int
    expected: int
    complete: bool
    sub_themes: list[SubThemeRead]
    items: list[ItemRead]


class BdeseRead(ReadModel):
    organization_id: int
    year: int
    years: list[int] = Field(description="R2312-10 : N-2 à N+3")
    year_status: ItemStatus
    basis: str = Field(description="Texte qui fixe la structure : R2312-8, R2312-9 ou l'accord (L2312-21)")
    themes: list[ThemeRead]
    complete: bool
    can_publish: bool = Field(description="L'employeur alimente et publie ; les lecteurs lisent (L2312-36)")


class AccessRead(ReadModel):
    id: int
    user_id: int
    user_name: str
    action: str
    item_id: int | None
    theme: str | None
    year: int | None
    at: datetime


class AgreementSubTheme(InputModel):
    code: Code
    title: Annotated[str, Field(min_length=1, max_length=300)]


class AgreementTheme(InputModel):
    code: Code
    title: Annotated[str, Field(min_length=1, max_length=300)]
    sub_themes: Annotated[list[AgreementSubTheme], Field(min_length=1, max_length=50)]
    covers: list[Code] = Field(default_factory=list, description="Thèmes minimaux de L2312-21 couverts")


class AgreementCreate(InputModel):
    reference: Annotated[str, Field(min_length=1, max_length=300)]
    themes: Annotated[list[AgreementTheme], Field(min_length=1, max_length=40)]


class AgreementRead(ReadModel):
    reference: str
    themes: list[AgreementTheme]
    recorded_at: datetime
