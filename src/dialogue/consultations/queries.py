"""Reads of consultations: a body's rows, latest information first, one page at a time (LIMIT/OFFSET and a COUNT
in SQL), each read with the body's regime in the same query (L2312-1/2/3: whether R2312-6's deemed opinion exists).

The meetings whose agenda carries a consultation are the agenda's (meetings owns it): the reads take them from a
`MeetingsOf` reader that a layer above hands in (app.py provides meetings' reader as a dependency)."""

from __future__ import annotations

from collections.abc import Awaitable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Protocol, runtime_checkable

from piccolo.querystring import QueryString

from dialogue.bodies.regime import REGIME_COLUMNS, REGIME_JOINS, regime_of
from dialogue.consultations.schemas import ConsultationMeetingRead
from dialogue.consultations.tables import Consultation
from dialogue.core import clock
from dialogue.core.db import get_engine


@runtime_checkable
class MeetingsOf(Protocol):
    """The meetings whose agenda carries each of these consultations, soonest first (keyed by consultation).
    Runtime-checkable: Litestar checks a dependency against its annotation."""

    def __call__(
        self, consultation_ids: Sequence[int], /
    ) -> Awaitable[Mapping[int, Sequence[ConsultationMeetingRead]]]: ...


@dataclass(frozen=True, slots=True)
class BodyRows:
    """Stored consultation rows of one body and whether its regime has the full remit (None without rows)."""

    rows: list[dict[str, Any]]
    full_remit: bool | None

    @property
    def remits(self) -> dict[int, bool]:
        """`full_remit` by body, as the read models take it."""
        return {} if self.full_remit is None or not self.rows else {self.rows[0]["body"]: self.full_remit}


_NAMES: Final = [(column._meta.name, column._meta.db_column_name) for column in Consultation._meta.columns]
_COLUMNS: Final = ", ".join(f"c.{column}" for _, column in _NAMES)
_FROM: Final = f"FROM consultation c JOIN body b ON b.id = c.body {REGIME_JOINS} WHERE c.body = {{}}"
_ORDER: Final = " ORDER BY c.informed_on DESC, c.id DESC"
#: Only a recorded opinion makes a consultation « opinion_given » whatever its deadline (rules.consultation_outlook).
_OPINION: Final[Mapping[bool | None, str]] = {
    None: "",
    True: " AND c.opinion IS NOT NULL",
    False: " AND c.opinion IS NULL",
}


async def rows_of_body(
    body_id: int, *, limit: int | None = None, offset: int = 0, opinion_given: bool | None = None
) -> BodyRows:
    """A body's consultations, latest information first (`limit` rows from `offset`, or all), with the regime
    read in the same query; `opinion_given` keeps only those with (True) or without (False) a recorded opinion."""
    sql = f"SELECT {_COLUMNS}, {REGIME_COLUMNS} {_FROM}{_OPINION[opinion_given]}{_ORDER}"
    args: list[Any] = [body_id]
    if limit is not None:
        sql, args = sql + " LIMIT {} OFFSET {}", [body_id, limit, offset]
    records = await get_engine().run_querystring(QueryString(sql, *args))
    rows = [{name: record[column] for name, column in _NAMES} for record in records]
    if not records:
        return BodyRows(rows=[], full_remit=None)
    return BodyRows(rows=rows, full_remit=regime_of(records[0], today=clock.local_today()).attributions.full_remit)


async def count_of_body(body_id: int, *, opinion_given: bool | None = None) -> int:
    """How many consultations the body has (with or without a recorded opinion, as `rows_of_body`)."""
    sql = f"SELECT COUNT(*) AS n FROM consultation c WHERE c.body = {{}}{_OPINION[opinion_given]}"  # noqa: S608
    (record,) = await get_engine().run_querystring(QueryString(sql, body_id))
    return int(record["n"])
