"""API shapes of the BDESE items informing a consultation (R2312-5)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from dialogue.core.schemas import InputModel, ReadModel

Id = Annotated[int, Field(ge=1)]


class BdeseLinkCreate(InputModel):
    item_id: Id = Field(description="Information publiée de la BDESE de l'organisation")


class PublishOptions(InputModel):
    consultation_id: Id | None = Field(
        default=None, description="Consultation que la publication informe (R2312-5 : le délai en part)"
    )


class BdeseLinkRead(ReadModel):
    item_id: int
    theme: str
    year: int
    title: str = Field(description="Libellé neutre pour une information confidentielle (R2312-13)")
    confidential: bool
    published_on: date = Field(description="Jour de la publication retenu comme point de départ (R2312-5)")
    linked_by: int | None
    linked_at: datetime
    consultation_informed_on: date = Field(description="Date d'information de la consultation après le lien")
