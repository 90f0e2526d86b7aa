"""Event subscribers of the notification side, registered at app start (`create_app`) and in the worker.

Modules that notify (meetings, registers, consultations) emit domain events inside their transaction;
their subscribers render a message (`notifications.messages.render_*`) and `enqueue` it, so the outbox
row commits or rolls back with the business change. In this phase the feed cache also listens here.
"""

from __future__ import annotations

from dialogue.feeds import service as feeds_service
from dialogue.notifications import service
from dialogue.settings import Settings


def register(settings: Settings | None = None) -> None:
    """Idempotent: subscribing the same handler twice is a no-op (core.events)."""
    if settings is not None:
        service.configure(settings)
    feeds_service.register_subscribers()
