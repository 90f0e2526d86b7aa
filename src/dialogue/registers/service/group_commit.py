"""Group commit: concurrent submissions to one register share one transaction (issue 15).

Every entry is numbered and chained under the register's lock, so writers of one register queue for it; each
transaction also pays its round trips and its commit (a disk flush in production). Here, a submission that
finds its register's transaction busy waits in the register's line in this process; when the transaction
ends, the next one takes everyone who waited (at most `MAX_GROUP`): one lock, one read of the tail, one
statement for the entries and the head seal, one for their audit rows, one for their notification events,
one commit. Numbers stay gap-free and in arrival order, each entry's hash chains to the one before, and every
waiter learns its own entry, or the error that rolled the group back. A register alone costs no waiting:
the first submission starts its transaction at once.

Across processes (several uvicorn workers), each process groups its own writers and the register's row
lock (`SELECT … FOR UPDATE`) orders the groups. Inside a caller's transaction (tests, commands), the entry
is written there, alone: it commits or rolls back with the caller's other changes.

The transaction runs in a task of its own, with an empty context: it belongs to no request; each entry's
audit row carries the request id of the submission that made it.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Final

from dialogue.audit import service as audit
from dialogue.core.actor import Actor, request_id_var
from dialogue.core.db import get_engine, settle_pending_check, transaction
from dialogue.core.errors import DomainError
from dialogue.core.events import emit_all
from dialogue.integrity import ChainKey
from dialogue.registers import repository as repo
from dialogue.registers.events import EntrySubmitted
from dialogue.registers.ledger import EntryWrite, NewEntry, append_entries, prepare_entry
from dialogue.registers.repository import Head
from dialogue.registers.schemas import EntryCreate
from dialogue.registers.service import common
from dialogue.registers.views import local_date

#: Entries written by one transaction at most (22 parameters each: 704 for a full group).
MAX_GROUP: Final = 32


@dataclass(slots=True)
class Submission:
    """One validated entry waiting for its register's transaction, and what its audit row and event need."""

    register: Mapping[str, Any]
    actor: Actor
    author_id: int
    author_name: str
    data: EntryCreate
    new: NewEntry
    calendar: repo.HolidayCalendar
    prepared_on: date
    body_id: int
    request_id: str | None = None
    done: asyncio.Future[Written] | None = None


@dataclass(frozen=True, slots=True)
class Written:
    row: dict[str, Any]
    head: Head
    new: NewEntry


@dataclass(slots=True)
class _Line:
    """A register's waiting submissions in this process, and whether its transaction is running."""

    waiting: deque[Submission] = field(default_factory=deque)
    running: bool = False
    #: The group the running transaction writes (taken from `waiting` when it began).
    writing: list[Submission] = field(default_factory=list)


_lines: dict[int, _Line] = {}
#: The running transactions' tasks (held so that they are not collected while they run).
_tasks: set[asyncio.Task[None]] = set()


async def submit(item: Submission, *, chain_key: ChainKey) -> Written:
    """Write `item` in its register, grouped with the submissions that wait with it; → its entry and head."""
    await settle_pending_check()  # the request's session check, before the entry leaves the request
    if get_engine().current_transaction.get() is not None:
        [written] = await write_group([item], chain_key=chain_key)
        if isinstance(written, BaseException):
            raise written
        return written
    loop = asyncio.get_running_loop()
    item.request_id = request_id_var.get()
    item.done = loop.create_future()
    register_id = int(item.register["id"])
    line = _lines.setdefault(register_id, _Line())
    line.waiting.append(item)
    if not line.running:
        line.running = True
        task = asyncio.create_task(_drain(register_id, line, chain_key), context=contextvars.Context())
        _tasks.add(task)
        task.add_done_callback(_tasks.discard)
    return await item.done


def _settle(item: Submission, outcome: Written | BaseException) -> None:
    future = item.done
    if future is None or future.done():  # its request went away (cancelled): the entry stands, unread
        return
    if isinstance(outcome, BaseException):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)


async def _drain(register_id: int, line: _Line, chain_key: ChainKey) -> None:
    """Write the register's waiting submissions, a group per transaction, until none waits."""
    try:
        while line.waiting:
            group = [line.waiting.popleft() for _ in range(min(MAX_GROUP, len(line.waiting)))]
            line.writing = group
            try:
                outcomes = await write_group(group, chain_key=chain_key)
            except Exception as exc:  # the group's transaction rolled back: each waiter gets the error
                outcomes = [exc] * len(group)
            finally:
                line.writing = []
            for item, outcome in zip(group, outcomes, strict=True):
                _settle(item, outcome)
    except BaseException as exc:  # cancelled (shutdown): nobody is left waiting for ever
        for item in line.waiting:
            _settle(item, exc)
        line.waiting.clear()
        raise
    finally:
        line.running = False
        if _lines.get(register_id) is line and not line.waiting:
            del _lines[register_id]


async def write_group(group: list[Submission], *, chain_key: ChainKey) -> list[Written | BaseException]:
    """One transaction: the group's entries, their audit rows and their events. A submission whose day
    changed while it waited (midnight) is validated again for the new day, and fails alone if it no longer
    holds; an error of the transaction itself fails the whole group (nothing of it was written)."""
    failed: dict[int, BaseException] = {}
    kept: list[Submission] = []
    writes: list[EntryWrite] = []
    async with transaction():
        submitted_at = common.now()
        for index, item in enumerate(group):
            new = item.new
            if local_date(submitted_at) != item.prepared_on:
                try:
                    prepared = await prepare_entry(
                        register=item.register, data=item.data, submitted_at=submitted_at, calendar=item.calendar
                    )
                except DomainError as exc:
                    failed[index] = exc
                    continue
                new = replace(prepared, attachments=item.new.attachments)
            kept.append(item)
            writes.append(
                EntryWrite(author_id=item.author_id, author_name=item.author_name, new=new, submitted_at=submitted_at)
            )
        written = await append_entries(register=group[0].register, writes=writes, chain_key=chain_key)
        if written:
            together = list(zip(kept, written, writes, strict=True))
            await audit.record_all([_audit_row(item, row, head) for item, (row, head), _ in together])
            await emit_all([_event(item, row, head, write) for item, (row, head), write in together])
    done = iter(zip(written, writes, strict=True))
    outcomes: list[Written | BaseException] = []
    for index in range(len(group)):
        if index in failed:
            outcomes.append(failed[index])
        else:
            (row, head), write = next(done)
            outcomes.append(Written(row=row, head=head, new=write.new))
    return outcomes


def _audit_row(item: Submission, row: Mapping[str, Any], head: Head) -> dict[str, Any]:
    return audit.event_row(
        actor=item.actor,
        organization_id=int(item.register["organization"]),
        action="submit",
        entity="register_entry",
        entity_id=row["id"],
        after={
            "register_id": row["register"],
            "number": row["number"],
            "author_id": item.author_id,
            "seq": head.seq,
            "hash": head.hash,
        },
        body_id=item.body_id,
        confidential=item.data.confidential,
        request_id=item.request_id,
    )


def _event(item: Submission, row: Mapping[str, Any], head: Head, write: EntryWrite) -> EntrySubmitted:
    return EntrySubmitted(
        **common.event_base(register=item.register, entry=row, head=head, actor_user_id=item.actor.user_id),
        author_user_id=item.author_id,
        submitted_at=write.submitted_at,
        due_on=write.new.due_on,
        corrects=write.new.corrects,
        late_submission=write.new.late_submission,
    )
