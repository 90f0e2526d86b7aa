"""API shapes for personal calendar feeds."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from dialogue.core.schemas import InputModel, Name, ReadModel


class CalendarFeedCreate(InputModel):
    body_id: int | None = Field(default=None, description="Une seule instance (dont vous êtes membre) ; vide : toutes")
    name: Name | None = Field(default=None, description="Nom du calendrier ; par défaut celui de l'instance")


class CalendarFeedRead(ReadModel):
    """A feed as listed: the secret URL is never shown again after creation."""

    id: int
    body_id: int | None
    name: str
    created_at: datetime


class CalendarFeedCreated(CalendarFeedRead):
    url: str = Field(description="Adresse https, à coller dans Google Agenda (« À partir de l'URL »)")
    webcal_url: str = Field(
        description="Même adresse en webcal://, qui ouvre l'abonnement dans Apple Calendrier ou Outlook"
    )
    warning: str
