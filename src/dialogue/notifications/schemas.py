"""API shapes for the outbox (admins) and notification preferences (each user)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from dialogue.core.schemas import InputModel, ReadModel
from dialogue.notifications.rules import Category, Status


class OutboxRead(ReadModel):
    """An outbox row as administrators see it (no message body: it may hold confidential agenda items)."""

    id: int
    organization_id: int
    kind: str
    category: Category
    recipient_user_id: int | None
    recipient_email: str
    subject: str
    message_id: str
    status: Status
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


class PreferencesRead(ReadModel):
    reminders: bool = Field(description="Rappels la veille des réunions (facultatif)")
    digests: bool = Field(description="Récapitulatifs périodiques (facultatif)")
    always_sent: list[str] = Field(
        description="Messages qui ne peuvent pas être désactivés (convocations, avis légaux)",
    )
    updated_at: datetime | None


class PreferencesUpdate(InputModel):
    reminders: bool | None = None
    digests: bool | None = None
    convocations: bool | None = Field(default=None, description="Toujours vrai : les convocations sont obligatoires")
    legal_notices: bool | None = Field(default=None, description="Toujours vrai : les avis légaux sont obligatoires")
