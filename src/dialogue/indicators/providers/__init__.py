"""Indicator providers: one per domain module, each computing its figures with aggregate SQL.

A provider returns, for a `Scope` (an organisation or one of its bodies, a period, "today"), one
`Measure` per indicator code it owns — value, optional numerator/denominator, breakdown, monthly
series and health-score share — and lists the records behind any of its figures (drill-down).
The service composes providers, applies targets and statuses (catalog) and the health score.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol, TypeVar, cast

from dialogue.indicators.catalog import IndicatorSpec
from dialogue.indicators.rules import MonthKey, period_months
from dialogue.indicators.sql import Dialect

T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class Scope:
    """What to measure: an organisation, optionally one body, over [from_date, to_date] (local days)."""

    organization_id: int
    body_id: int | None
    from_date: date
    to_date: date
    today: date
    dialect: Dialect
    #: Reads that do not depend on the period (the bodies' regimes, the consultations placed later by their due
    #: date), made once for the periods of one report, current and previous (`with_period` shares it).
    shared: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    async def once(self, key: str, read: Callable[[], Awaitable[T]]) -> T:
        """`read()`'s result, read once for this report whatever the period (issue 15: fewer queries)."""
        if key not in self.shared:
            self.shared[key] = await read()
        return cast(T, self.shared[key])

    @property
    def as_of(self) -> date:
        """The day "now" figures are taken: the period's last day, or today while the period runs."""
        return min(self.to_date, self.today)

    @property
    def months(self) -> list[MonthKey]:
        return period_months(self.from_date, self.to_date)

    def with_period(self, from_date: date, to_date: date) -> Scope:
        return Scope(
            organization_id=self.organization_id,
            body_id=self.body_id,
            from_date=from_date,
            to_date=to_date,
            today=self.today,
            dialect=self.dialect,
            shared=self.shared,
        )


@dataclass(slots=True, kw_only=True)
class Measure:
    """One indicator's figures for a scope, before the target and status are applied."""

    code: str
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    breakdown: dict[str, float | None] = field(default_factory=dict)
    series: dict[MonthKey, float | None] = field(default_factory=dict)
    health: float | None = None
    """Share in [0, 1] fed to the health score when the indicator is one of its components."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    """One record a figure counts, as listed by the drill-down."""

    type: str
    id: int
    url: str
    label: str
    on: date | None
    outcome: str
    value: float | None = None


class Provider(Protocol):
    """What the service needs from a provider."""

    @property
    def specs(self) -> tuple[IndicatorSpec, ...]: ...

    def applies(self, *, body_kind: str | None) -> bool:
        """Whether the provider measures anything for a body of this kind (None: the whole organisation)."""

    async def measure(self, scope: Scope, *, with_series: bool) -> list[Measure]: ...

    async def records(
        self, scope: Scope, code: str, *, sees_confidential: bool, limit: int, offset: int
    ) -> tuple[list[Record], int]: ...
