"""Register queries. Reads only, plus the two inserts of the ledger; the service owns the transaction."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from piccolo.querystring import QueryString

from dialogue.auth.tables import User
from dialogue.bodies.access import ACCESS_COLUMNS, ACCESS_JOINS
from dialogue.core.clock import as_date
from dialogue.core.db import get_engine, insert_many_query, insert_query, is_sqlite, run_checked
from dialogue.core.paging import page_total
from dialogue.registers.rules import (
    ChainRecord,
    DgiState,
    RecordKind,
    ResponseAction,
    entry_content,
    response_content,
)
from dialogue.registers.tables import Register, RegisterEntry, RegisterResponse


@dataclass(frozen=True, slots=True)
class Head:
    """The last record of a register's ledger; `number` is its entry's number (for a response, the answered one)."""

    seq: int
    number: int
    hash: str


def as_json_dict(value: Any) -> dict[str, Any]:
    """A JSON column as a dict (SQLite and asyncpg hand back the text)."""
    if value is None:
        return {}
    if isinstance(value, str):
        loaded = json.loads(value)
        return dict(loaded) if isinstance(loaded, dict) else {}
    return dict(value)


async def get_register(register_id: int) -> dict[str, Any] | None:
    row: dict[str, Any] | None = await Register.select().where(Register.id == register_id).first()
    return row


async def register_of_kind(*, body_id: int, kind: str) -> dict[str, Any] | None:
    row: dict[str, Any] | None = (
        await Register.select().where((Register.body == body_id) & (Register.kind == kind)).first()
    )
    return row


_TAIL_SQL = """
SELECT 'entry' AS record, seq, number, hash FROM register_entry
 WHERE register = {} AND seq = (SELECT MAX(seq) FROM register_entry WHERE register = {})
UNION ALL
SELECT 'response' AS record, seq, number, hash FROM register_response
 WHERE register = {} AND seq = (SELECT MAX(seq) FROM register_response WHERE register = {})
"""


async def tail(register_id: int) -> tuple[Head | None, int]:
    """In one round trip (it runs under the register lock): the ledger's head and the last entry number."""
    rows = await get_engine().run_querystring(QueryString(_TAIL_SQL, *([register_id] * 4)))
    if not rows:
        return None, 0
    top = max(rows, key=lambda row: row["seq"])
    last_number = max((row["number"] for row in rows if row["record"] == "entry"), default=0)
    return Head(seq=top["seq"], number=top["number"], hash=top["hash"]), int(last_number)


_ENTRY_COLUMNS = (*RegisterEntry.all_columns(), RegisterEntry.author.full_name)


_PAGE_SQL = """
SELECT p.*, a.full_name AS "author.full_name", c.number AS corrected_by
FROM (SELECT * FROM register_entry WHERE register = {} ORDER BY number LIMIT {} OFFSET {}) p
LEFT JOIN app_user a ON a.id = p.author
LEFT JOIN register_entry c ON c.register = p.register AND c.corrects = p.number
ORDER BY p.number, c.number
"""


async def entries_page(
    *, register_id: int, limit: int, offset: int
) -> tuple[list[dict[str, Any]], dict[int, list[int]], int]:
    """A page of entries in number order with `corrections_for` them, in one query: the page's rows, the
    addenda's numbers by corrected number, and the total."""
    rows: list[dict[str, Any]] = []
    corrections: dict[int, list[int]] = defaultdict(list)
    for record in await get_engine().run_querystring(QueryString(_PAGE_SQL, register_id, limit, offset)):
        row = dict(record)
        corrected_by = row.pop("corrected_by")
        if not rows or rows[-1]["id"] != row["id"]:
            rows.append(row)
        if corrected_by is not None:
            corrections[row["number"]].append(corrected_by)
    count = lambda: RegisterEntry.count().where(RegisterEntry.register == register_id)  # noqa: E731
    return rows, corrections, await page_total(rows, limit=limit, offset=offset, count=count)


async def all_entries(register_id: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        await RegisterEntry.select(*_ENTRY_COLUMNS)
        .where(RegisterEntry.register == register_id)
        .order_by(RegisterEntry.number)
    )
    return rows


async def entry(entry_id: int) -> dict[str, Any] | None:
    row: dict[str, Any] | None = await RegisterEntry.select(*_ENTRY_COLUMNS).where(RegisterEntry.id == entry_id).first()
    return row


async def entry_by_number(*, register_id: int, number: int) -> dict[str, Any] | None:
    row: dict[str, Any] | None = (
        await RegisterEntry.select(*_ENTRY_COLUMNS)
        .where((RegisterEntry.register == register_id) & (RegisterEntry.number == number))
        .first()
    )
    return row


async def responses_for(entry_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    ids = list(entry_ids)
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not ids:
        return grouped
    sql = _RESPONSES_SQL.format(", ".join("{}" for _ in ids))
    for record in await get_engine().run_querystring(QueryString(sql, *ids)):
        row = dict(record)
        grouped[row["entry"]].append(row)
    return grouped


#: `responses_for` in plain SQL: Piccolo spends about a millisecond building a select with a join, more than
#: SQLite spends running it (measured on the register entries list, issue 15).
_RESPONSES_SQL = (
    'SELECT r.*, a.full_name AS "author.full_name" FROM register_response r LEFT JOIN app_user a ON a.id = r.author '
    "WHERE r.entry IN ({}) ORDER BY r.seq"
)


async def corrections_for(*, register_id: int, numbers: Iterable[int]) -> dict[int, list[int]]:
    wanted = list(numbers)
    found: dict[int, list[int]] = defaultdict(list)
    if not wanted:
        return found
    rows = (
        await RegisterEntry.select(RegisterEntry.number, RegisterEntry.corrects)
        .where((RegisterEntry.register == register_id) & (RegisterEntry.corrects.is_in(wanted)))
        .order_by(RegisterEntry.number)
    )
    for row in rows:
        found[row["corrects"]].append(row["number"])
    return found


_CALENDAR_FROM = """
SELECT b.id, COALESCE(e.alsace_moselle, o.alsace_moselle) AS alsace_moselle, e.worked_holidays AS worked_holidays
FROM body b JOIN organization o ON o.id = b.organization LEFT JOIN establishment e ON e.id = b.establishment
"""
_CALENDAR_SQL = _CALENDAR_FROM + "WHERE b.id = {}"


@dataclass(frozen=True, slots=True)
class HolidayCalendar:
    """Where a body counts its jours ouvrables: L3134-13 holidays, and the holidays worked there (§0.10)."""

    alsace_moselle: bool = False
    worked_holidays: frozenset[str] = frozenset()


async def holiday_calendar(body_id: int) -> HolidayCalendar:
    """The body's establishment's calendar; an organisation-level body keeps the default (no holiday worked)."""
    rows = await get_engine().run_querystring(QueryString(_CALENDAR_SQL, body_id))
    if not rows:
        return HolidayCalendar()
    return _calendar_of(rows[0])


async def holiday_calendars(body_ids: Iterable[int]) -> dict[int, HolidayCalendar]:
    """The calendars of several bodies in one query (see `holiday_calendar`)."""
    ids = sorted(set(body_ids))
    if not ids:
        return {}
    sql = _CALENDAR_FROM + "WHERE b.id IN ({})".format(", ".join("{}" for _ in ids))
    rows = await get_engine().run_querystring(QueryString(sql, *ids))
    return {row["id"]: _calendar_of(row) for row in rows}


_REGISTER_COLUMNS = ", ".join(
    f'r.{c._meta.db_column_name} AS "register.{c._meta.name}"' for c in Register._meta.columns
)
_REGISTER_ACCESS_SQL = f"""
SELECT {_REGISTER_COLUMNS}, {ACCESS_COLUMNS}, u.full_name AS actor_name,
       COALESCE(e.alsace_moselle, o.alsace_moselle) AS alsace_moselle, e.worked_holidays AS worked_holidays
FROM register r JOIN body b ON b.id = r.body
{ACCESS_JOINS}
JOIN organization o ON o.id = b.organization LEFT JOIN establishment e ON e.id = b.establishment
WHERE r.id = {{}}
"""  # noqa: S608


async def register_with_access(
    *, user_id: int, register_id: int
) -> tuple[dict[str, Any], dict[str, Any], HolidayCalendar] | None:
    """In one query: the register, the row `bodies.access.access_of` reads for the user in its body (with the
    user's `actor_name`, which a submission prints and hashes), and the body's calendar. None when the
    register is unknown or of another organisation than the user's."""
    rows = await run_checked(QueryString(_REGISTER_ACCESS_SQL, user_id, True, register_id))
    if not rows:
        return None
    row = dict(rows[0])
    register = {key.removeprefix("register."): value for key, value in row.items() if key.startswith("register.")}
    return register, row, _calendar_of(row)


def _calendar_of(row: Mapping[str, Any]) -> HolidayCalendar:
    worked = row["worked_holidays"]
    keys = json.loads(worked) if isinstance(worked, str) else worked
    return HolidayCalendar(
        alsace_moselle=bool(row["alsace_moselle"]),
        worked_holidays=frozenset(str(k) for k in keys) if isinstance(keys, list) else frozenset(),
    )


async def corrections_in(*, register_ids: Iterable[int], numbers: Iterable[int]) -> dict[tuple[int, int], list[int]]:
    """`corrections_for` over several registers in one query, keyed by (register, corrected number)."""
    registers, wanted = sorted(set(register_ids)), sorted(set(numbers))
    found: dict[tuple[int, int], list[int]] = defaultdict(list)
    if not registers or not wanted:
        return found
    sql = (
        "SELECT register, number, corrects FROM register_entry WHERE register IN ({}) AND corrects IN ({}) "
        "ORDER BY number"
    )
    marks = ", ".join("{}" for _ in registers), ", ".join("{}" for _ in wanted)
    rows = await get_engine().run_querystring(QueryString(sql.format(*marks), *registers, *wanted))
    for row in rows:
        found[(row["register"], row["corrects"])].append(row["number"])
    return found


async def alsace_moselle(body_id: int) -> bool:
    """L3134-13 holidays apply where the body's establishment is (else where the organisation is)."""
    return (await holiday_calendar(body_id)).alsace_moselle


async def open_question_entries_of_meeting(meeting_id: int) -> list[dict[str, Any]]:
    """Question entries (L2315-22) tied to a meeting, with their register's body (for a reschedule)."""
    rows: list[dict[str, Any]] = (
        await RegisterEntry.select(*_ENTRY_COLUMNS, RegisterEntry.register.body, RegisterEntry.register.organization)
        .where((RegisterEntry.meeting_id == meeting_id) & (RegisterEntry.register.kind == "questions"))
        .order_by(RegisterEntry.id)
    )
    return rows


async def first_disagreement_at(entry_id: int) -> datetime | None:
    """When the DGI disagreement of an entry was recorded (L4132-3), for dating the L4132-4 step."""
    row = (
        await RegisterResponse.select(RegisterResponse.submitted_at)
        .where((RegisterResponse.entry == entry_id) & (RegisterResponse.dgi_state == "disagreement"))
        .order_by(RegisterResponse.seq)
        .first()
    )
    return None if row is None else row["submitted_at"]


async def author_name(user_id: int) -> str:
    row = await User.select(User.full_name).where(User.id == user_id).first()
    return str(row["full_name"]) if row else ""


def entry_chain_content(row: Mapping[str, Any]) -> dict[str, object]:
    """The hashed content of a stored entry, rebuilt from the very columns that are displayed."""
    return entry_content(
        subject=row["subject"],
        body=row["body"],
        fields=as_json_dict(row["fields"]),
        confidential=bool(row["confidential"]),
        confidentiality_reason=row["confidentiality_reason"],
        corrects=row["corrects"],
        meeting_id=row["meeting_id"],
        meeting_on=as_date(row["meeting_on"]),
        due_on=as_date(row["due_on"]),
        late_submission=bool(row["late_submission"]),
        attachments=entry_attachments(row),
    )


def entry_attachments(row: Mapping[str, Any]) -> list[dict[str, object]]:
    """The attachments stored on an entry row (JSON text on SQLite), [] when none."""
    value = row.get("attachments")
    if isinstance(value, str):
        value = json.loads(value)
    return [dict(a) for a in value] if isinstance(value, list) else []


def response_chain_content(row: Mapping[str, Any]) -> dict[str, object]:
    return response_content(
        action=ResponseAction(row["action"]),
        body=row["body"],
        dgi_state=DgiState(row["dgi_state"]) if row["dgi_state"] else None,
        meeting_due_by=row["meeting_due_by"],
        due_on=as_date(row["due_on"]),
        meeting_on=as_date(row["meeting_on"]),
        informed_at=row["informed_at"],
    )


def _chain_record(
    kind: RecordKind, row: Mapping[str, Any], content: Mapping[str, object], *, entry_id: int
) -> ChainRecord:
    """A stored row as the chain reads it back; `entry_id` is the entry's own id, or the one a response links to."""
    return ChainRecord(
        kind=kind,
        register_id=row["register"],
        seq=row["seq"],
        number=row["number"],
        author_id=row["author"],
        submitted_at=row["submitted_at"],
        content=content,
        prev_hash=row["prev_hash"],
        hash=row["hash"],
        chain_version=row["chain_version"],
        author_name=row["author_name"],
        entry_id=entry_id,
    )


async def ledger(register_id: int) -> list[ChainRecord]:
    """Every record of the register in `seq` order, as stored (what `verify` recomputes). A response carries
    the entry its own link points to (`entry_id`), so that an answer moved to another entry is seen."""
    entries = await RegisterEntry.select().where(RegisterEntry.register == register_id)
    responses = await RegisterResponse.select().where(RegisterResponse.register == register_id)
    records = [_chain_record(RecordKind.ENTRY, row, entry_chain_content(row), entry_id=row["id"]) for row in entries]
    records += [
        _chain_record(RecordKind.RESPONSE, row, response_chain_content(row), entry_id=row["entry"]) for row in responses
    ]
    return sorted(records, key=lambda record: (record.seq, record.kind is RecordKind.RESPONSE))


async def registers_written_since(since: datetime) -> list[dict[str, Any]]:
    """Registers with at least one record (entry or response) written at or after `since`, by id."""
    entries = await RegisterEntry.select(RegisterEntry.register).where(RegisterEntry.submitted_at >= since)
    responses = await RegisterResponse.select(RegisterResponse.register).where(RegisterResponse.submitted_at >= since)
    ids = sorted({row["register"] for row in [*entries, *responses]})
    if not ids:
        return []
    rows: list[dict[str, Any]] = await Register.select().where(Register.id.is_in(ids)).order_by(Register.id)
    return rows


async def store_head_seal(*, register_id: int, seq: int, number: int, mac: str) -> None:
    """Move the register's keyed head seal (under the register lock, in the writing transaction)."""
    await get_engine().run_querystring(QueryString(_HEAD_SEAL_SQL, seq, number, mac, register_id))


_LOCK_SQL = "SELECT id FROM register WHERE id = {} FOR UPDATE"
_LOCK_READ_SQL = "SELECT * FROM register WHERE id = {} FOR UPDATE"
_HEAD_SEAL_SQL = "UPDATE register SET chain_head_seq = {}, chain_head_number = {}, chain_head_mac = {} WHERE id = {}"


async def lock_register(register_id: int) -> bool:
    """Lock the register row for the rest of the transaction (PostgreSQL, one plain statement); False when it
    does not exist. On SQLite the transaction's writer lock already serialises: nothing is sent."""
    if is_sqlite():
        return True
    return bool(await get_engine().run_querystring(QueryString(_LOCK_SQL, register_id)))


async def locked_register(register_id: int) -> dict[str, Any] | None:
    """The register row, locked for the rest of the transaction on PostgreSQL (read alone on SQLite)."""
    sql = "SELECT * FROM register WHERE id = {}" if is_sqlite() else _LOCK_READ_SQL
    rows = await get_engine().run_querystring(QueryString(sql, register_id))
    return dict(rows[0]) if rows else None


async def insert_entries(rows: Sequence[Mapping[str, Any]], *, head_seal: tuple[int, int, str]) -> dict[int, int]:
    """Insert entries of one register and move its head seal (seq, number, mac) to the last of them: on
    PostgreSQL in one statement (the update rides in a `WITH`), on SQLite in two (cheap in process).
    → id by entry number."""
    insert = insert_many_query(RegisterEntry, rows, returning="id, number")
    seal = QueryString(_HEAD_SEAL_SQL, *head_seal, rows[0]["register"])
    if is_sqlite():
        await get_engine().run_querystring(seal)
        inserted = await get_engine().run_querystring(insert)
    else:
        inserted = await get_engine().run_querystring(QueryString("WITH seal AS ({}) {}", seal, insert))
    return {int(row["number"]): int(row["id"]) for row in inserted}


async def insert_response(values: Mapping[str, Any]) -> int:
    rows = await get_engine().run_querystring(insert_query(RegisterResponse, values))
    return int(rows[0]["id"])


async def open_entries_due(*, start: date, end: date, organization_id: int | None) -> list[dict[str, Any]]:
    """Entries whose due date as submitted, or as moved by a `due_date_changed` record, is within [start, end],
    with their register. The caller computes the current due date and status from the responses."""
    moved = await RegisterResponse.select(RegisterResponse.entry).where(
        (RegisterResponse.action == "due_date_changed")
        & (RegisterResponse.due_on >= start)
        & (RegisterResponse.due_on <= end)
    )
    in_window: Any = (RegisterEntry.due_on >= start) & (RegisterEntry.due_on <= end)
    if moved:
        in_window = in_window | RegisterEntry.id.is_in(sorted({row["entry"] for row in moved}))
    query = RegisterEntry.select(
        *_ENTRY_COLUMNS,
        RegisterEntry.register.organization,
        RegisterEntry.register.body,
        RegisterEntry.register.kind,
        RegisterEntry.register.title,
    ).where(in_window)
    if organization_id is not None:
        query = query.where(RegisterEntry.register.organization == organization_id)
    rows: list[dict[str, Any]] = await query.order_by(RegisterEntry.due_on).order_by(RegisterEntry.id)
    return rows
