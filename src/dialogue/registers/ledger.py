"""The ledger's write primitives: validate an entry's statutory mentions, then append entries and responses.

`append_entries` / `append_entry` / `append_response` must run inside `core.db.transaction()`: they lock the
register row (PostgreSQL; SQLite writers are serialised by the transaction itself), read the head, take the
next numbers and positions, chain the hashes (version 2: HMAC-SHA256 under the chain key, which is not in the
database), insert, and move the register's keyed head seal. Used by the service (`service.group_commit`
writes several waiting entries at once) and by the demo step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from dialogue.core.errors import InvalidInput, NotFound
from dialogue.integrity import ChainKey
from dialogue.registers import repository as repo
from dialogue.registers.repository import Head
from dialogue.registers.rules import (
    CHAIN_VERSION,
    GENESIS_HASH,
    REQUIRED_FIELDS,
    ChainKeys,
    ChainSeal,
    DgiState,
    FieldType,
    RecordKind,
    RegisterIdentity,
    RegisterKind,
    ResponseAction,
    chained_bytes,
    entry_content,
    entry_due_on,
    head_seal,
    invalid_entry_fields,
    is_question_late,
    keyed_hash,
    parse_field_date,
    response_content,
)
from dialogue.registers.schemas import EntryCreate
from dialogue.registers.views import LEGAL_BASIS, local_date


def _field_message(name: str, kind: RegisterKind, fields: Mapping[str, Any]) -> str:
    spec = next((s for s in REQUIRED_FIELDS[kind] if s.name == name), None)
    if spec is None:
        return "mention inconnue pour ce registre"
    if fields.get(name) is None:
        return "mention obligatoire"
    return {
        FieldType.TEXT: "texte non vide attendu (20 000 caractères au plus)",
        FieldType.NAMES: "liste non vide de noms attendue (500 au plus, 200 caractères chacun)",
        FieldType.DATE: "date AAAA-MM-JJ attendue",
        FieldType.ID: "identifiant entier positif attendu",
        FieldType.REF: "identifiant attendu",
    }[spec.type]


def _checked_fields(kind: RegisterKind, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The statutory mentions, cleaned; InvalidInput naming every missing or invalid one (D4132-1, D4133-1…)."""
    bad = invalid_entry_fields(kind=kind, fields=raw)
    if bad:
        raise InvalidInput(
            "Mentions manquantes ou invalides pour ce registre : " + ", ".join(bad) + f" ({LEGAL_BASIS[kind]}).",
            errors=[{"field": f"fields.{name}", "message": _field_message(name, kind, raw)} for name in bad],
        )
    clean: dict[str, Any] = {}
    for spec in REQUIRED_FIELDS[kind]:
        value = raw.get(spec.name)
        if value is None:
            continue
        if spec.type is FieldType.TEXT:
            clean[spec.name] = str(value).strip()
        elif spec.type is FieldType.NAMES:
            clean[spec.name] = [str(item).strip() for item in value]
        elif spec.type is FieldType.DATE:
            clean[spec.name] = parse_field_date(value)
        else:
            clean[spec.name] = value
    return clean


@dataclass(frozen=True, slots=True)
class NewEntry:
    """An entry ready to be appended (validated; due date computed)."""

    subject: str
    body: str
    fields: dict[str, Any]
    confidential: bool
    confidentiality_reason: str | None
    corrects: int | None
    meeting_id: int | None
    meeting_on: date | None
    due_on: date | None
    late_submission: bool
    #: Documents attached (document_id, version, filename, sha256), hashed with the entry.
    attachments: tuple[dict[str, Any], ...] = ()


async def prepare_entry(
    *,
    register: Mapping[str, Any],
    data: EntryCreate,
    submitted_at: datetime,
    calendar: repo.HolidayCalendar | None = None,
) -> NewEntry:
    """Validate the statutory mentions and compute the due date (L2315-22, L4132-2, L4133-3, L2312-59).
    `calendar`, the body's, when the caller already read it (else it is read for a questions register)."""
    kind = RegisterKind(register["kind"])
    fields = _checked_fields(kind, data.fields)
    if kind is RegisterKind.DIALOGUE and not data.body.strip():
        raise InvalidInput(
            "Le texte de la demande est obligatoire.", errors=[{"field": "body", "message": "texte obligatoire"}]
        )
    submitted_on = local_date(submitted_at)
    # Jours ouvrables of the body's establishment: Alsace-Moselle holidays, holidays worked there (§0.10).
    if kind is not RegisterKind.QUESTIONS:
        calendar = None
    elif calendar is None:
        calendar = await repo.holiday_calendar(register["body"])
    alsace = calendar.alsace_moselle if calendar else False
    worked = calendar.worked_holidays if calendar else frozenset()
    meeting_on: date | None = fields.pop("meeting_on", None)
    meeting_id: int | None = fields.pop("meeting_id", None)
    if meeting_on is not None and meeting_on < submitted_on:
        raise InvalidInput(
            "La réunion visée est déjà passée : une question se rapporte à une réunion à venir (L2315-22).",
            errors=[{"field": "fields.meeting_on", "message": "date passée"}],
        )
    late = (
        kind is RegisterKind.QUESTIONS
        and meeting_on is not None
        and is_question_late(
            submitted_on=submitted_on, meeting_on=meeting_on, alsace_moselle=alsace, worked_holidays=worked
        )
    )
    due_on = entry_due_on(
        kind=kind, submitted_on=submitted_on, meeting_on=meeting_on, alsace_moselle=alsace, worked_holidays=worked
    )
    if (
        data.corrects is not None
        and await repo.entry_by_number(register_id=register["id"], number=data.corrects) is None
    ):
        raise InvalidInput(
            f"L'entrée n° {data.corrects} n'existe pas dans ce registre.",
            errors=[{"field": "corrects", "message": "numéro d'entrée inconnu dans ce registre"}],
        )
    return NewEntry(
        subject=data.subject,
        body=data.body.strip(),
        fields=fields,
        confidential=data.confidential,
        confidentiality_reason=data.confidentiality_reason,
        corrects=data.corrects,
        meeting_id=meeting_id,
        meeting_on=meeting_on,
        due_on=due_on,
        late_submission=late,
    )


def identity_of(register: Mapping[str, Any]) -> RegisterIdentity:
    return RegisterIdentity(
        id=register["id"], organization_id=register["organization"], body_id=register["body"], kind=register["kind"]
    )


def chain_keys(register: Mapping[str, Any], *, chain_key: ChainKey) -> ChainKeys:
    """The key and the register's seals, for `verify_chain`."""
    legacy = None
    if register["chain_legacy_seq"] is not None and register["chain_legacy_mac"] is not None:
        legacy = ChainSeal(
            seq=register["chain_legacy_seq"],
            number=register["chain_legacy_number"] or 0,
            mac=register["chain_legacy_mac"],
        )
    head = None
    if register["chain_head_mac"] is not None:
        head = ChainSeal(
            seq=register["chain_head_seq"], number=register["chain_head_number"], mac=register["chain_head_mac"]
        )
    return ChainKeys(key=chain_key.key, register=identity_of(register), head=head, legacy=legacy)


async def seal_new_register(register: Mapping[str, Any], *, chain_key: ChainKey) -> None:
    """A new register's head seal says "no record yet": deleting every later record is then seen too."""
    mac = head_seal(chain_key.key, register=identity_of(register), seq=0, number=0, hash=GENESIS_HASH)
    await repo.store_head_seal(register_id=register["id"], seq=0, number=0, mac=mac)


async def _locked_register(register_id: int) -> dict[str, Any]:
    """The register row, locked for the rest of the transaction on PostgreSQL (one `SELECT … FOR UPDATE`);
    SQLite's writer lock already serialises."""
    register = await repo.locked_register(register_id)
    if register is None:
        raise NotFound("Registre introuvable.")
    return register


async def _advance_head(register: Mapping[str, Any], head: Head, *, chain_key: ChainKey) -> None:
    mac = head_seal(chain_key.key, register=identity_of(register), seq=head.seq, number=head.number, hash=head.hash)
    await repo.store_head_seal(register_id=register["id"], seq=head.seq, number=head.number, mac=mac)


@dataclass(frozen=True, slots=True)
class EntryWrite:
    """One entry to append: its author (name as printed and hashed), its validated content, its time."""

    author_id: int
    author_name: str
    new: NewEntry
    submitted_at: datetime


def _chained_row(
    *, register: Mapping[str, Any], write: EntryWrite, seq: int, number: int, prev_hash: str, chain_key: ChainKey
) -> dict[str, Any]:
    """The entry's row, numbered and chained after `prev_hash` (its `hash` is the HMAC of the chained bytes)."""
    new = write.new
    content = entry_content(
        subject=new.subject,
        body=new.body,
        fields=new.fields,
        confidential=new.confidential,
        confidentiality_reason=new.confidentiality_reason,
        corrects=new.corrects,
        meeting_id=new.meeting_id,
        meeting_on=new.meeting_on,
        due_on=new.due_on,
        late_submission=new.late_submission,
        attachments=new.attachments,
    )
    digest = keyed_hash(
        chain_key.key,
        chained_bytes(
            kind=RecordKind.ENTRY,
            register=identity_of(register),
            seq=seq,
            number=number,
            author_id=write.author_id,
            author_name=write.author_name,
            submitted_at=write.submitted_at,
            content=content,
            prev_hash=prev_hash,
        ),
    )
    return {
        "register": register["id"],
        "seq": seq,
        "number": number,
        "author": write.author_id,
        "author_name": write.author_name,
        "chain_version": CHAIN_VERSION,
        "submitted_at": write.submitted_at,
        "subject": new.subject,
        "body": new.body,
        "fields": new.fields,
        "confidential": new.confidential,
        "confidentiality_reason": new.confidentiality_reason,
        "corrects": new.corrects,
        "meeting_id": new.meeting_id,
        "meeting_on": new.meeting_on,
        "due_on": new.due_on,
        "late_submission": new.late_submission,
        "attachments": list(new.attachments) or None,
        "prev_hash": prev_hash,
        "hash": digest,
    }


async def append_entries(
    *, register: Mapping[str, Any], writes: Sequence[EntryWrite], chain_key: ChainKey
) -> list[tuple[dict[str, Any], Head]]:
    """Lock the register, read its tail, number and chain each entry after the previous one, and insert them
    all with the head seal moved to the last: three statements on PostgreSQL (lock, tail, the entries with
    their seal) and three on SQLite (tail, seal, entries; its writer lock serialises), however many entries.
    → (stored row, head after it) for each write, in order. `register` is the row read before the transaction
    (a register's identity never changes); NotFound when it is gone."""
    if not writes:
        return []
    register_id = int(register["id"])
    if not await repo.lock_register(register_id):
        raise NotFound("Registre introuvable.")
    top, number = await repo.tail(register_id)
    seq = top.seq if top else 0
    prev_hash = top.hash if top else GENESIS_HASH
    written: list[tuple[dict[str, Any], Head]] = []
    for write in writes:
        seq, number = seq + 1, number + 1
        row = _chained_row(
            register=register, write=write, seq=seq, number=number, prev_hash=prev_hash, chain_key=chain_key
        )
        prev_hash = row["hash"]
        written.append((row, Head(seq=seq, number=number, hash=prev_hash)))
    mac = head_seal(chain_key.key, register=identity_of(register), seq=seq, number=number, hash=prev_hash)
    ids = await repo.insert_entries([row for row, _ in written], head_seal=(seq, number, mac))
    for row, _ in written:
        row["id"] = ids[row["number"]]
    return written


async def append_entry(
    *,
    register_id: int,
    author_id: int,
    new: NewEntry,
    submitted_at: datetime,
    chain_key: ChainKey,
    author_name: str | None = None,
) -> tuple[dict[str, Any], Head]:
    """One entry (`append_entries`), the register and the author's name read here (the demo's step)."""
    register = await repo.get_register(register_id)
    if register is None:
        raise NotFound("Registre introuvable.")
    if author_name is None:
        author_name = await repo.author_name(author_id)
    write = EntryWrite(author_id=author_id, author_name=author_name, new=new, submitted_at=submitted_at)
    [written] = await append_entries(register=register, writes=[write], chain_key=chain_key)
    return written


async def append_response(
    *,
    entry: Mapping[str, Any],
    author_id: int,
    action: ResponseAction,
    body: str,
    submitted_at: datetime,
    chain_key: ChainKey,
    dgi_state: DgiState | None = None,
    meeting_due_by: datetime | None = None,
    due_on: date | None = None,
    meeting_on: date | None = None,
    informed_at: datetime | None = None,
) -> tuple[int, Head]:
    """Append an answer, a DGI step, a closing or a due-date change after `entry`, chained to the head and to
    the entry's id, number and hash (the entry row itself is never edited)."""
    register_id = int(entry["register"])
    register = await _locked_register(register_id)
    top, _ = await repo.tail(register_id)
    seq = (top.seq if top else 0) + 1
    prev_hash = top.hash if top else GENESIS_HASH
    author_name = await repo.author_name(author_id)
    digest = keyed_hash(
        chain_key.key,
        chained_bytes(
            kind=RecordKind.RESPONSE,
            register=identity_of(register),
            seq=seq,
            number=entry["number"],
            author_id=author_id,
            author_name=author_name,
            submitted_at=submitted_at,
            content=response_content(
                action=action,
                body=body,
                dgi_state=dgi_state,
                meeting_due_by=meeting_due_by,
                due_on=due_on,
                meeting_on=meeting_on,
                informed_at=informed_at,
            ),
            prev_hash=prev_hash,
            entry_id=entry["id"],
            entry_hash=entry["hash"],
        ),
    )
    response_id = await repo.insert_response(
        {
            "register": register_id,
            "entry": entry["id"],
            "seq": seq,
            "number": entry["number"],
            "author": author_id,
            "author_name": author_name,
            "chain_version": CHAIN_VERSION,
            "submitted_at": submitted_at,
            "action": action.value,
            "body": body,
            "dgi_state": dgi_state.value if dgi_state else None,
            "meeting_due_by": meeting_due_by,
            "due_on": due_on,
            "meeting_on": meeting_on,
            "informed_at": informed_at,
            "prev_hash": prev_hash,
            "hash": digest,
        }
    )
    head = Head(seq=seq, number=int(entry["number"]), hash=digest)
    await _advance_head(register, head, chain_key=chain_key)
    return response_id, head
