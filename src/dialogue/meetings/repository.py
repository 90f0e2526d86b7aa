"""Reads shared by the meetings services (no commits here)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
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

#: What `BodyContext` needs of a body (alias `b`, with `REGIME_JOINS`).
_BODY_COLUMNS = (
    "b.id, b.organization, b.name, b.kind, b.establishment, b.ordinary_meetings_per_year, "
    "b.agenda_notice_days, b.visio_max_per_year, b.minutes_delay_days, "
    "COALESCE(e.alsace_moselle, o.alsace_moselle) AS alsace_moselle, "
    f"{REGIME_COLUMNS}"
)
_BODY_SQL = f"SELECT {_BODY_COLUMNS} FROM body b {REGIME_JOINS} WHERE b.id = {{}}"  # noqa: S608


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
    #: Set by the règlement intérieur in force (bodies/reglement.py): L2315-4 and D2315-26 otherwise.
    visio_max_per_year: int | None = None
    minutes_delay_days: int | None = None

    @property
    def regime(self) -> Regime:
        """The attributions: the company's headcount over time, even for a CSE d'établissement (L2312-1)."""
        return self.body_regime.attributions


async def body_context(body_id: int) -> BodyContext:
    rows = await get_engine().run_querystring(QueryString(_BODY_SQL, body_id))
    if not rows:
        raise NotFound("Instance introuvable.")
    return context_of(rows[0])


def context_of(row: dict[str, Any]) -> BodyContext:
    """The context of a body from a row holding `_BODY_COLUMNS`."""
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
        visio_max_per_year=row["visio_max_per_year"],
        minutes_delay_days=row["minutes_delay_days"],
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


async def visio_meetings(*, body_id: int, start: datetime, end: datetime, exclude_id: int | None = None) -> int:
    """The body's meetings by visio-conference starting in [start, end), cancelled ones left out (L2315-4)."""
    where = (
        (Meeting.body == body_id)
        & Meeting.visio_url.is_not_null()
        & (Meeting.visio_url != "")
        & (Meeting.status != "cancelled")
        & (Meeting.starts_at >= start)
        & (Meeting.starts_at < end)
    )
    if exclude_id is not None:
        where &= Meeting.id != exclude_id
    return int(await Meeting.count().where(where))


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


#: Per meeting, in one statement: its body's context, its minutes, its SSCT notice, which organisers approved the
#: current agenda version (L2315-29), and the start of the body's next meeting not cancelled (D2315-26).
_EXTRAS_SQL = (
    f"SELECT m.id AS meeting_id, {_BODY_COLUMNS}, "  # noqa: S608
    "mi.id AS minutes_id, mi.status AS minutes_status, mi.sha256 AS minutes_sha256, "
    "mi.submitted_at AS minutes_submitted_at, "
    "n.id AS notice_id, n.recipients AS notice_recipients, n.due_on AS notice_due_on, n.sent_on AS notice_sent_on, "
    "n.sent_by AS notice_sent_by, n.note AS notice_note, "
    "EXISTS (SELECT 1 FROM agenda_approval a WHERE a.meeting = m.id AND a.version = m.agenda_version "
    "AND a.role = 'president') AS president_approved, "
    "EXISTS (SELECT 1 FROM agenda_approval a WHERE a.meeting = m.id AND a.version = m.agenda_version "
    "AND a.role = 'secretary') AS secretary_approved, "
    "(SELECT MIN(m2.starts_at) FROM meeting m2 WHERE m2.body = m.body AND m2.starts_at > m.starts_at "
    "AND m2.status <> 'cancelled') AS next_starts_at "
    f"FROM meeting m JOIN body b ON b.id = m.body {REGIME_JOINS} "
    "LEFT JOIN minutes mi ON mi.meeting = m.id LEFT JOIN ssct_meeting_notice n ON n.meeting = m.id "
    "WHERE m.id IN ({})"
)


async def meetings_page(
    body_id: int,
    *,
    limit: int,
    offset: int,
    status: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[dict[str, Any]]:
    """A page of a body's meetings by start, in one statement written once (issue 15: the ORM spent more CPU
    building the select than the database running it). Rows are those of `Meeting.select()`."""
    conditions: list[str] = ["body = {}"]
    args: list[Any] = [body_id]
    if status:
        conditions.append("status = {}")
        args.append(status)
    if start is not None:
        conditions.append("starts_at >= {}")
        args.append(start)
    if end is not None:
        conditions.append("starts_at < {}")
        args.append(end)
    sql = f"SELECT * FROM meeting WHERE {' AND '.join(conditions)} ORDER BY starts_at, id LIMIT {{}} OFFSET {{}}"  # noqa: S608
    return list(await get_engine().run_querystring(QueryString(sql, *args, limit, offset)))


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingExtras:
    """What a meeting's read adds to its row, read for many meetings at once (`meeting_extras`)."""

    body: BodyContext
    minutes: dict[str, Any] | None
    notice: dict[str, Any] | None
    approved_by: tuple[str, ...]
    next_starts_at: datetime | None


def _moment(value: Any) -> datetime | None:
    """A timestamp computed in SQL (no declared type: text on SQLite), as an aware datetime."""
    if value is None or isinstance(value, datetime):
        return value
    moment = datetime.fromisoformat(str(value))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


async def meeting_extras(meeting_ids: Sequence[int]) -> dict[int, MeetingExtras]:
    """Body context, minutes, SSCT notice, current approvals and next meeting of several meetings, one query."""
    ids = sorted(set(meeting_ids))
    if not ids:
        return {}
    sql = _EXTRAS_SQL.format(", ".join("{}" for _ in ids))
    rows = await get_engine().run_querystring(QueryString(sql, *ids))
    contexts: dict[int, BodyContext] = {}
    extras: dict[int, MeetingExtras] = {}
    for row in rows:
        if row["id"] not in contexts:
            contexts[row["id"]] = context_of(row)
        body = contexts[row["id"]]
        minutes = (
            {
                "status": row["minutes_status"],
                "sha256": row["minutes_sha256"],
                "submitted_at": row["minutes_submitted_at"],
            }
            if row["minutes_id"] is not None
            else None
        )
        notice = (
            {
                "recipients": row["notice_recipients"],
                "due_on": row["notice_due_on"],
                "sent_on": row["notice_sent_on"],
                "sent_by": row["notice_sent_by"],
                "note": row["notice_note"],
            }
            if row["notice_id"] is not None
            else None
        )
        approved = tuple(role for role in ("president", "secretary") if row[f"{role}_approved"])
        extras[row["meeting_id"]] = MeetingExtras(
            body=body,
            minutes=minutes,
            notice=notice,
            approved_by=approved,
            next_starts_at=_moment(row["next_starts_at"]),
        )
    return extras


_AGENDA_STATES_SQL = (
    "SELECT m.id, "
    "EXISTS (SELECT 1 FROM agenda_item i WHERE i.meeting = m.id AND i.status = 'accepted') AS has_accepted, "
    "(SELECT COUNT(*) FROM agenda_item i WHERE i.meeting = m.id AND i.status = 'proposed') AS proposals, "
    "EXISTS (SELECT 1 FROM agenda_approval a WHERE a.meeting = m.id AND a.version = m.agenda_version "
    "AND a.role = 'president') AS president_approved, "
    "EXISTS (SELECT 1 FROM agenda_approval a WHERE a.meeting = m.id AND a.version = m.agenda_version "
    "AND a.role = 'secretary') AS secretary_approved "
    "FROM meeting m WHERE m.id IN ({})"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class AgendaState:
    """Where a draft agenda stands (L2315-29): accepted items, proposals of the élus waiting, and which
    organisers approved its current version."""

    has_accepted: bool
    proposals: int
    approved_by: frozenset[str]


async def agenda_states(meeting_ids: Sequence[int]) -> dict[int, AgendaState]:
    """The agenda state of several meetings in one query."""
    ids = sorted(set(meeting_ids))
    if not ids:
        return {}
    sql = _AGENDA_STATES_SQL.format(", ".join("{}" for _ in ids))
    rows = await get_engine().run_querystring(QueryString(sql, *ids))
    return {
        row["id"]: AgendaState(
            has_accepted=bool(row["has_accepted"]),
            proposals=int(row["proposals"]),
            approved_by=frozenset(r for r in ("president", "secretary") if row[f"{r}_approved"]),
        )
        for row in rows
    }
