"""What every register service shares: the clock, who may do what in a register, and the events' common part.

Writers of one register are serialised (row lock on PostgreSQL; the in-process writer lock and IMMEDIATE
transactions on SQLite): each takes the next number and ledger position, chains the hash and inserts in
one transaction; the unique indexes (register, number) and (register, seq) are the last guard. Nothing
here updates or deletes an entry or a response: corrections are addenda (`corrects`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, NoReturn

from dialogue.bodies.access import BodyAccess, access_of
from dialogue.core.actor import Actor
from dialogue.core.clock import local_today, utcnow
from dialogue.core.errors import Forbidden, NotFound
from dialogue.registers import repository as repo
from dialogue.registers.repository import Head
from dialogue.registers.rules import format_digest
from dialogue.registers.views import CONFIDENTIAL_SUBJECT

now = utcnow  #: the registers' clock (core.clock: tests move it with the frozen clock)

log = logging.getLogger("dialogue.registers")


# ------------------------------------------------------------------------------------------------ access


async def register_reading(
    *, actor: Actor, register_id: int
) -> tuple[dict[str, Any], BodyAccess, repo.HolidayCalendar]:
    """The register, the actor's access to its body and the body's calendar, in one query."""
    found = await repo.register_with_access(user_id=actor.user_id, register_id=register_id)
    if found is None:
        raise NotFound("Registre introuvable.")
    register, access_row, calendar = found
    return register, access_of(actor, access_row, today=local_today()), calendar


async def register_writing(
    *, actor: Actor, register_id: int
) -> tuple[dict[str, Any], BodyAccess, repo.HolidayCalendar, str]:
    """`register_reading` with the actor's full name (printed and hashed in what they write), in one query."""
    found = await repo.register_with_access(user_id=actor.user_id, register_id=register_id)
    if found is None:
        raise NotFound("Registre introuvable.")
    register, access_row, calendar = found
    return register, access_of(actor, access_row, today=local_today()), calendar, str(access_row["actor_name"] or "")


async def register_access(*, actor: Actor, register_id: int) -> tuple[dict[str, Any], BodyAccess]:
    register, access, _ = await register_reading(actor=actor, register_id=register_id)
    return register, access


async def entry_access(*, actor: Actor, entry_id: int) -> tuple[dict[str, Any], dict[str, Any], BodyAccess]:
    row = await repo.entry(entry_id)
    if row is None:
        raise NotFound("Entrée introuvable.")
    try:
        register, access = await register_access(actor=actor, register_id=row["register"])
    except NotFound:
        raise NotFound("Entrée introuvable.") from None
    return row, register, access


def staff_side(access: BodyAccess) -> bool:
    """Élus (titulaires, suppléants, secretary, treasurer) and union representatives write in the register."""
    return access.is_elu or access.is_union_representative


def employer_side(access: BodyAccess) -> bool:
    """The president (the employer, L2315-23) and the direction members answer for the employer."""
    return not staff_side(access) and (access.is_president or access.is_direction)


def deny(access: BodyAccess, message: str) -> NoReturn:
    """403 with `message` for a reader of the body; 403 "not a member" for anyone else of the organisation."""
    access.require_read()
    raise Forbidden(message)


def require_submitter(access: BodyAccess) -> None:
    if staff_side(access):
        return
    if employer_side(access):
        deny(
            access,
            "La direction ne peut pas inscrire d'entrée au nom des élus : le registre recueille les demandes "
            "des représentants du personnel et les réponses de l'employeur (L2315-22).",
        )
    deny(access, "Seuls les élus, le secrétaire et les représentants syndicaux inscrivent au registre.")


def require_answerer(access: BodyAccess) -> None:
    if staff_side(access):
        deny(access, "Un élu ne répond pas au registre : la réponse motivée appartient à l'employeur (L2315-22).")
    if not employer_side(access):
        deny(access, "Seuls le président et les membres de la direction répondent au registre.")


# ------------------------------------------------------------------------------------------------ events


def event_base(
    *, register: Mapping[str, Any], entry: Mapping[str, Any], head: Head, actor_user_id: int | None
) -> dict[str, Any]:
    """The fields every register event carries: where, which entry (subject redacted when confidential), the head."""
    return {
        "organization_id": register["organization"],
        "actor_user_id": actor_user_id,
        "body_id": register["body"],
        "register_id": register["id"],
        "register_kind": register["kind"],
        "register_title": register["title"],
        "entry_id": entry["id"],
        "number": entry["number"],
        "subject": CONFIDENTIAL_SUBJECT if entry["confidential"] else entry["subject"],
        "confidential": bool(entry["confidential"]),
        "head_number": head.number,
        "head_seq": head.seq,
        "head_hash": head.hash,
        "digest": format_digest(number=head.number, seq=head.seq, hash=head.hash),
    }
