"""BDESE events, emitted inside the publishing transaction (the notifications side listens)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dialogue.core.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class BdeseItemPublished(DomainEvent):
    """An item put at the readers' disposal (L2312-18: an update of the BDESE is a communication). The notice
    starts a consultation's delay (R2312-5): `published_at` is that date. A confidential item's title does not
    leave the application (`title` is then a neutral label)."""

    item_id: int
    theme: str
    theme_title: str
    year: int
    title: str
    confidential: bool
    published_at: datetime
