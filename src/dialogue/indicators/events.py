"""Indicator events, emitted inside the writing transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from dialogue.core.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class HealthWeightsChanged(DomainEvent):
    """An organisation changed (or reset) the weights of its dialogue health score: past scores read differently."""

    before: dict[str, float] = field(default_factory=dict)
    after: dict[str, float] = field(default_factory=dict)
    reset: bool = False
