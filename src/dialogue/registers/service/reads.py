"""Reading registers and their entries; a confidential entry is redacted for readers outside the body."""

from __future__ import annotations

from dialogue.bodies.access import body_access
from dialogue.core.actor import Actor
from dialogue.core.errors import Forbidden
from dialogue.registers import queries
from dialogue.registers import repository as repo
from dialogue.registers.schemas import EntryRead, RegisterRead
from dialogue.registers.service import common
from dialogue.registers.views import entry_reads, register_read


async def list_registers(*, actor: Actor, body_id: int, limit: int, offset: int) -> tuple[list[RegisterRead], int]:
    """The registers of a body, each with its number of entries and its head digest (one query for the page)."""
    (await body_access(actor=actor, body_id=body_id)).require_read()
    summaries, total = await queries.registers_page(body_id=body_id, limit=limit, offset=offset)
    return [register_read(s.row, entries=s.entries, head=s.head) for s in summaries], total


async def get_register(*, actor: Actor, register_id: int) -> RegisterRead:
    register, access = await common.register_access(actor=actor, register_id=register_id)
    access.require_read()
    summary = (await queries.register_summaries([register_id])).get(register_id)
    if summary is None:
        return register_read(register, entries=0, head=None)
    return register_read(register, entries=summary.entries, head=summary.head)


async def list_entries(*, actor: Actor, register_id: int, limit: int, offset: int) -> tuple[list[EntryRead], int]:
    """Entries in number order; a confidential one is shown redacted to readers outside the body (L2315-3)."""
    register, access, calendar = await common.register_reading(actor=actor, register_id=register_id)
    access.require_read()
    rows, corrections, total = await repo.entries_page(register_id=register_id, limit=limit, offset=offset)
    reads = await entry_reads(
        rows, register=register, access=access, now=common.now(), calendar=calendar, corrections=corrections
    )
    return reads, total


async def get_entry(*, actor: Actor, entry_id: int) -> EntryRead:
    row, register, access = await common.entry_access(actor=actor, entry_id=entry_id)
    access.require_read()
    if row["confidential"] and not access.sees_confidential:
        raise Forbidden("Entrée confidentielle : réservée aux membres de l'instance et à la direction (L2315-3).")
    return (await entry_reads([row], register=register, access=access, now=common.now()))[0]
