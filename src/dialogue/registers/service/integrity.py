"""Checking a register's chain: for readers (with a digest they kept) and for the weekly head-digest mail."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dialogue.core.actor import Actor
from dialogue.core.errors import InvalidInput, NotFound
from dialogue.integrity import ChainKey
from dialogue.registers import repository as repo
from dialogue.registers.ledger import chain_keys
from dialogue.registers.repository import Head
from dialogue.registers.rules import digest_found, verify_chain
from dialogue.registers.schemas import VerifyRead
from dialogue.registers.service import common
from dialogue.registers.views import head_read


async def verify_register(
    *, actor: Actor, register_id: int, chain_key: ChainKey, number: int | None = None, hash: str | None = None
) -> VerifyRead:
    """Recompute the whole chain; with a kept digest, say whether it is still in an intact prefix."""
    if (number is None) != (hash is None):
        missing = "hash" if hash is None else "number"
        raise InvalidInput(
            "Une empreinte se vérifie avec son numéro et son hash.",
            errors=[{"field": missing, "message": "à fournir avec " + ("number" if missing == "hash" else "hash")}],
        )
    register, access = await common.register_access(actor=actor, register_id=register_id)
    access.require_read()
    return await _verify(register, chain_key=chain_key, number=number, hash=hash)


async def check_register(*, register_id: int, chain_key: ChainKey) -> VerifyRead:
    """Verify a register with no access check (for the weekly head-digest mail and the integrity tests)."""
    register = await repo.get_register(register_id)
    if register is None:
        raise NotFound("Registre introuvable.")
    return await _verify(register, chain_key=chain_key)


async def _verify(
    register: Mapping[str, Any], *, chain_key: ChainKey, number: int | None = None, hash: str | None = None
) -> VerifyRead:
    """The chain of the register row, under its seals; with a kept digest, whether it is in an intact prefix."""
    records = await repo.ledger(register["id"])
    keys = chain_keys(register, chain_key=chain_key)
    result = verify_chain(records, keys=keys)
    last = records[-1] if records else None
    head = Head(seq=last.seq, number=last.number, hash=last.hash) if last else None
    found = None
    if number is not None and hash is not None:
        found = digest_found(records, number=number, hash=hash, keys=keys)
    if not result.valid:
        common.log.warning(
            "register %s fails verify at record %s (entry %s): %s",
            register["id"],
            result.first_broken_seq,
            result.first_broken,
            result.reason,
        )
    return VerifyRead(
        valid=result.valid,
        entries=result.entries,
        first_broken=result.first_broken,
        first_broken_seq=result.first_broken_seq,
        broken_reason=result.reason.value if result.reason else None,
        records=len(records),
        head=head_read(head),
        digest_found=found,
        key_fingerprint=chain_key.fingerprint,
        checked_at=common.now(),
    )


@dataclass(frozen=True, slots=True)
class ChangedRegister:
    """A register written since a date, with its full verification (the weekly head-digest mail's subject)."""

    id: int
    organization_id: int
    kind: str
    title: str
    body_id: int
    verify: VerifyRead


async def changed_registers(*, since: datetime, chain_key: ChainKey) -> list[ChangedRegister]:
    """Registers written since `since`, by id, each with its full verification (for the weekly head-digest mail)."""
    return [
        ChangedRegister(
            row["id"],
            row["organization"],
            row["kind"],
            row["title"],
            row["body"],
            await _verify(row, chain_key=chain_key),
        )
        for row in await repo.registers_written_since(since)
    ]
