"""Reads shared by the meetings services (no commits here)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from piccolo.querystring import QueryString

from dialogue.bodies.access import BodyAccess, body_access
from dialogue.bodies.regime import REGIME_COLUMNS, REGIME_JOINS, regime_of
from dialogue.core.actor import Actor
from dialogue.core.clock import local_today
from dialogue.core.db import get_engine, lock_row
from dialogue.core.errors import NotFound
from dialogue.core.regime import BodyRegime, Regime
from dialogue.meetings.tables import AgendaApproval, AgendaItem, Meeting, Minutes

_BODY_SQL = (
    "SELECT b.id, b.organization, b.name, b.kind, b.establishment, b.ordinary_meetings_per_year, "  # noqa: S608
    "b.agenda_notice_days, COALESCE(e.alsace_moselle, o.alsace_moselle) AS alsace_moselle, "
    f"{REGIME_COLUMNS} FROM body b {REGIME_JOINS} WHERE b.id = {{}}"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class BodyContext:
    """What the meeting rules need to know about a body: its kind and its regime (bodies/regime.py)."""

    id: int
    organization_id: int
    name: str
    kind: str
    has_establishment: bool
    body_regime: BodyRegime
    alsace_moselle: bool
    agreed_ordinary: int | None
    agenda_notice_days: int | None

    @property
    def regime(self) -> Regime:
        """The attributions: the company's headcount over time, even for a CSE d'établissement (L2312-1)."""
        return self.body_regime.attributions


async def body_context(body_id: int) -> BodyContext:
    rows = await get_engine().run_querystring(QueryString(_BODY_SQL, body_id))
    if not rows:
        raise NotFound("Instance introuvable.")
    row = rows[0]
    return BodyContext(
        id=row["id"],
        organization_id=row["organization"],
        name=row["name"],
        kind=row["kind"],
        has_establishment=row["establishment"] is not None,
        body_regime=regime_of(row, today=local_today()),
        alsace_moselle=bool(row["alsace_moselle"]),
        agreed_ordinary=row["ordinary_meetings_per_year"],
        agenda_notice_days=row["agenda_notice_days"],
    )


def json_list(value: Any) -> list[Any]:
    """JSON columns come back as text on some engines."""
    if value is None:
        return []
    if isinstance(value, str):
        loaded = json.loads(value)
        return loaded if isinstance(loaded, list) else []
    return list(value)


def json_dict(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if isinstance(value, str):
        loaded = json.loads(value)
        return loaded if isinstance(loaded, dict) else None
    return dict(value)


def as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def zone(row: dict[str, Any]) -> ZoneInfo:
    return ZoneInfo(str(row["timezone"]))


def local(moment: datetime | None, tz: ZoneInfo) -> datetime | None:
    return moment.astimezone(tz) if moment is not None else None


async def meeting_row(meeting_id: int, *, lock: bool = False) -> dict[str, Any]:
    if lock:
        await lock_row(Meeting, meeting_id)
    row = await Meeting.select().where(Meeting.id == meeting_id).first()
    if row is None:
        raise NotFound("Réunion introuvable.")
    return row


async def meeting_access(*, actor: Actor, meeting_id: int, lock: bool = False) -> tuple[BodyAccess, dict[str, Any]]:
    """The meeting and the actor's standing in its body; NotFound for another organisation's meeting."""
    row = await meeting_row(meeting_id, lock=lock)
    access = await body_access(actor=actor, body_id=row["body"])
    access.require_read()
    return access, row


async def agenda_item_row(item_id: int) -> dict[str, Any]:
    row = await AgendaItem.select().where(AgendaItem.id == item_id).first()
    if row is None:
        raise NotFound("Point de l'ordre du jour introuvable.")
    return row


async def approvals(meeting_id: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        await AgendaApproval.select().where(AgendaApproval.meeting == meeting_id).order_by(AgendaApproval.id)
    )
    return rows


async def minutes_row(meeting_id: int) -> dict[str, Any] | None:
    row: dict[str, Any] | None = await Minutes.select().where(Minutes.meeting == meeting_id).first()
    return row


async def next_meeting_date(*, body_id: int, after: datetime, tz: ZoneInfo) -> date | None:
    """The local day of the body's next meeting (not cancelled) after `after`: bounds the PV delay (D2315-26)."""
    row = (
        await Meeting.select(Meeting.starts_at)
        .where((Meeting.body == body_id) & (Meeting.starts_at > after) & (Meeting.status != "cancelled"))
        .order_by(Meeting.starts_at)
        .first()
    )
    if row is None:
        return None
    day: date = row["starts_at"].astimezone(tz).date()
    return day
