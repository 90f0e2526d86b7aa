"""Indicator providers: one per domain module, each computing its figures with aggregate SQL.

A provider returns, for a `Scope` (an organisation or one of its bodies, a period, "today"), one
`Measure` per indicator code it owns — value, optional numerator/denominator, breakdown, monthly
series and health-score share — and lists the records behind any of its figures (drill-down).
The service composes providers, applies targets and statuses (catalog) and the health score.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol, TypeVar, cast

from piccolo.querystring import QueryString

from dialogue.bodies.regime import REGIME_COLUMNS, REGIME_JOINS
from dialogue.core.db import get_engine, is_sqlite
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
        """`read()`'s result, read once for this report whatever the period (issue 15: fewer queries).

        The first period to ask reads, the other awaits the same result (`measure_periods`). The read itself goes
        straight to the database, never waiting for the other period."""
        if key not in self.shared:
            self.shared[key] = asyncio.ensure_future(_unbatched(read))
        return cast(T, await asyncio.shield(self.shared[key]))

    async def bodies(self) -> list[Mapping[str, Any]]:
        """The scope's bodies with their kind, agreed ordinary meetings and regime columns (`REGIME_COLUMNS`),
        read once for the report: the meetings owed, the inspections owed and the consultations' remit all
        stem from them (issue 15: one read instead of one per provider)."""
        where = "b.organization = {}" + (" AND b.id = {}" if self.body_id is not None else "")
        args = [self.organization_id] + ([self.body_id] if self.body_id is not None else [])
        sql = (
            f"SELECT b.id, b.kind, b.ordinary_meetings_per_year AS agreed, {REGIME_COLUMNS} "
            f"FROM body b {REGIME_JOINS} WHERE {where} ORDER BY b.id"
        )
        return await self.once("scope.bodies", lambda: rows(QueryString(sql, *args), order=("id",)))

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


# ------------------------------------------------------------------------------------------------ batching


#: A statement waiting to be sent: its SQL, how its rows are numbered in a union (`_window_order`), its rows.
_Pending = tuple[QueryString, str | None, asyncio.Future[list[dict[str, Any]]]]


class _PeriodBatch:
    """Statements of the report's periods, measured side by side, sent together (issue 15: fewer queries).

    Each period runs the same providers, so it sends the same statements with other bounds. The periods take
    turns (one runs at a time, so that no two statements ever overlap, even on a transaction's one connection);
    a period gives its turn away only while its statement waits. When every period still measuring waits for a
    statement, those sharing one SQL text go as one `UNION ALL` (each branch tagged with its period and its rows
    numbered by the order its caller gave, so each gets back exactly its own rows in their order); a statement no
    other period sends at that point, or ordered but given no order (`_window_order`), goes alone. The figures are
    those of the statements sent one by one. PostgreSQL only (`measure_periods`).
    """

    def __init__(self, participants: int) -> None:
        self.active = participants
        self.turn = asyncio.Lock()
        self.pending: list[_Pending] = []

    async def rows(self, querystring: QueryString, window: str | None) -> list[dict[str, Any]]:
        """Called holding the turn; returns holding it. `window`: how its rows are numbered (`_window_order`)."""
        future: asyncio.Future[list[dict[str, Any]]] = asyncio.get_running_loop().create_future()
        self.pending.append((querystring, window, future))
        if len(self.pending) >= self.active:
            await self._flush()
        if future.done():
            return future.result()
        self.turn.release()
        try:
            await asyncio.shield(future)
        finally:
            await self.turn.acquire()
        return future.result()

    async def leave(self) -> None:
        """A period is measured (called holding the turn): the others no longer wait for its statements."""
        self.active -= 1
        if self.pending and len(self.pending) >= self.active:
            await self._flush()

    async def _flush(self) -> None:
        """Send the statements shared by several periods; when none is, only the oldest: the period that sent
        it was behind by a statement the other did not need, and the next ones line up again."""
        groups: dict[tuple[str, str | None], list[_Pending]] = {}
        for item in self.pending:
            groups.setdefault((item[0].template, item[1]), []).append(item)
        shared = [group for group in groups.values() if len(group) > 1] or [[self.pending[0]]]
        sent = {id(future) for group in shared for _, _, future in group}
        self.pending = [item for item in self.pending if id(item[2]) not in sent]
        for group in shared:
            window = group[0][1]
            try:
                if len(group) == 1 or window is None:
                    results = [[dict(row) for row in await get_engine().run_querystring(q)] for q, _, _ in group]
                else:
                    results = await _union([querystring for querystring, _, _ in group], window)
            except Exception as exc:
                for _, _, future in group:
                    future.set_exception(exc)
                continue
            for (_, _, future), result in zip(group, results, strict=True):
                future.set_result(result)


_BATCH: ContextVar[_PeriodBatch | None] = ContextVar("indicator_period_batch", default=None)


async def _union(querystrings: list[QueryString], window: str) -> list[list[dict[str, Any]]]:
    """One statement for several bindings of one SQL text: each branch's rows, in each branch's order.

    Each row is tagged with its branch and numbered by `window`, the statement's order restated on its output
    columns (`_window_order`), and the union is sorted by both: a subquery's ORDER BY alone promises nothing
    outside it."""
    branches = " UNION ALL ".join(
        f"SELECT {i} AS batch_period__, ROW_NUMBER() OVER ({window}) AS batch_row__, q.* FROM ({{}}) q"
        for i in range(len(querystrings))
    )
    sql = f"{branches} ORDER BY batch_period__, batch_row__"
    results: list[list[dict[str, Any]]] = [[] for _ in querystrings]
    for row in await get_engine().run_querystring(QueryString(sql, *querystrings)):
        record = dict(row)
        del record["batch_row__"]
        results[int(record.pop("batch_period__"))].append(record)
    return results


_OUTPUT_NAME = re.compile(r"[a-z_][a-z0-9_]*")


def _window_order(template: str, order: tuple[str, ...]) -> str | None:
    """The window order that numbers a batched statement's rows as the statement orders them, from `order`, the
    statement's output columns it is ordered by ("-name": descending), given by its caller: `("starts_at", "id")`
    gives 'ORDER BY q."starts_at", q."id"'. "" for a statement without ORDER BY (it promises no order); None for
    one whose text holds an ORDER BY but that was given no `order`: it is sent alone, so that a forgotten key
    costs a query, never a wrong order (the SQL is never parsed)."""
    keys = []
    for key in order:
        name, direction = (key[1:], " DESC") if key.startswith("-") else (key, "")
        if not _OUTPUT_NAME.fullmatch(name):
            raise ValueError(f"order: {key!r} is not an output column's name ([a-z_][a-z0-9_]*, '-' for DESC)")
        keys.append(f'q."{name}"{direction}')
    if keys:
        return "ORDER BY " + ", ".join(keys)
    return None if "ORDER BY" in " ".join(template.upper().split()) else ""


async def _unbatched(read: Callable[[], Awaitable[T]]) -> T:
    token = _BATCH.set(None)
    try:
        return await read()
    finally:
        _BATCH.reset(token)


async def rows(querystring: QueryString, *, order: tuple[str, ...] = ()) -> list[Mapping[str, Any]]:
    """A provider's read: alone, or with the same read of the report's other period (`measure_periods`).

    `order` names the output columns the statement is ordered by ("-name": descending), so that a union keeps
    each period's rows in that order; a statement with an ORDER BY given none is never batched."""
    window = _window_order(querystring.template, order)
    batch = _BATCH.get()
    if batch is None:
        return cast(list[Mapping[str, Any]], await get_engine().run_querystring(querystring))
    return cast(list[Mapping[str, Any]], await batch.rows(querystring, window))


async def measure_periods(*measures: Callable[[], Coroutine[Any, Any, T]]) -> list[T]:
    """Run each period's measures side by side, taking turns, their identical reads sent as one statement each.

    On SQLite the periods run one after the other: its statements run in-process, where a union costs more CPU
    than the statements it saves, and the turns would be pure overhead."""
    if is_sqlite():
        return [await measure() for measure in measures]
    batch = _PeriodBatch(len(measures))

    async def run(measure: Callable[[], Coroutine[Any, Any, T]]) -> T:
        _BATCH.set(batch)  # in this task's own context
        await batch.turn.acquire()
        try:
            return await measure()
        finally:
            try:
                await batch.leave()
            finally:
                batch.turn.release()

    return list(await asyncio.gather(*(run(m) for m in measures)))
