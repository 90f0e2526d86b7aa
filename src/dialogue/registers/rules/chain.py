"""The tamper-evident register chain: canonical bytes, plain and keyed hashes, seals, verification.

Pure functions only: no database, no clock.

Chain design — one ledger per register. A register is written like a paper register: entries *and* the
employer's answers (L2315-22: answers are "transcrites ou annexées" to the register) are appended in one
sequence. Every record carries `seq` (1, 2, 3 … per register, entries and responses together, no gap) and
the hash of the record written just before it (64 zeros for the first). Entries also carry their public
`number` (1, 2, 3 … entries only, no gap). A response is hashed together with the hash of the entry it
answers, so it cannot be moved to another entry nor survive an edit of that entry. Deleting, editing or
reordering any record breaks every later link.

Keyed chain (version 2, issue 13): each hash is an HMAC-SHA256 under a key that is not in the database, over
the record, the register's identity, the author's id and name at the time, and for a response the id,
number and hash of its entry; a database writer cannot re-hash the chain. A keyed head seal on the register
catches deleted last records; a keyed legacy seal bounds the plain-SHA-256 records written before (version 1).
Replaying an older register row with its older seal is caught by the head digests mailed every week and kept
by members (`digest_found`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Final, TypedDict, Unpack

GENESIS_HASH: Final = "0" * 64


class RecordKind(StrEnum):
    ENTRY = "entry"
    RESPONSE = "response"


def _canonical(value: object) -> object:
    """JSON-ready canonical form: NFC strings, ints (integral floats only), UTC ISO timestamps."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"nombre non entier dans une entrée de registre : {value!r}")
        return int(value)
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, datetime):
        return _utc_iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {unicodedata.normalize("NFC", str(k)): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    raise TypeError(f"valeur non sérialisable dans une entrée de registre : {type(value).__name__}")


def _utc_iso(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("horodatage sans fuseau : seules les dates-heures avec fuseau sont acceptées")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _dump(payload: Mapping[str, object]) -> bytes:
    text = json.dumps(_canonical(payload), sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8")


class EntryFields(TypedDict):
    """What an entry's hash covers (due dates and statuses are computed, so they are left out)."""

    register_id: int | str
    seq: int
    number: int
    author_id: int | str
    submitted_at: datetime
    content: Mapping[str, object]
    prev_hash: str


class ResponseFields(TypedDict):
    """What a response's hash covers; `number` is the answered entry's, `entry_hash` binds it to its text."""

    register_id: int | str
    seq: int
    number: int
    entry_hash: str
    author_id: int | str
    submitted_at: datetime
    content: Mapping[str, object]
    prev_hash: str


def canonical_entry_bytes(**fields: Unpack[EntryFields]) -> bytes:
    """Deterministic bytes of an entry: sorted-key JSON, UTF-8, NFC, UTC timestamps with microseconds."""
    return _dump({"record": RecordKind.ENTRY.value, **fields})


def canonical_response_bytes(**fields: Unpack[ResponseFields]) -> bytes:
    """Deterministic bytes of a response (the employer's reasoned answer, L2315-22), same canonical form."""
    return _dump({"record": RecordKind.RESPONSE.value, **fields})


def entry_hash(**fields: Unpack[EntryFields]) -> str:
    """Hex SHA-256 of `canonical_entry_bytes`."""
    return hashlib.sha256(canonical_entry_bytes(**fields)).hexdigest()


def response_hash(**fields: Unpack[ResponseFields]) -> str:
    """Hex SHA-256 of `canonical_response_bytes`."""
    return hashlib.sha256(canonical_response_bytes(**fields)).hexdigest()


#: Hash input versions: 1 = plain SHA-256 (records written before issue 13, still verified as they were);
#: 2 = HMAC-SHA256 under the chain key, with the register's identity and the author's name at the time.
LEGACY_CHAIN_VERSION: Final = 1
CHAIN_VERSION: Final = 2


@dataclass(frozen=True, slots=True)
class RegisterIdentity:
    """Which register a record belongs to: a record moved to another register or body no longer verifies."""

    id: int | str
    organization_id: int | str
    body_id: int | str
    kind: str

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "organization_id": self.organization_id, "body_id": self.body_id, "kind": self.kind}


def chained_bytes(
    *,
    kind: RecordKind,
    register: RegisterIdentity,
    seq: int,
    number: int,
    author_id: int | str,
    author_name: str,
    submitted_at: datetime,
    content: Mapping[str, object],
    prev_hash: str,
    entry_id: int | str | None = None,
    entry_hash: str | None = None,
) -> bytes:
    """Version-2 canonical bytes: the v1 form plus the register's identity, the author's stable id *and* the
    name shown at the time, and for a response the id, number and hash of the entry it answers."""
    payload: dict[str, object] = {
        "v": CHAIN_VERSION,
        "record": kind.value,
        "register": register.as_dict(),
        "seq": seq,
        "number": number,
        "author": {"id": author_id, "name": author_name},
        "submitted_at": submitted_at,
        "content": content,
        "prev_hash": prev_hash,
    }
    if kind is RecordKind.RESPONSE:
        if entry_id is None or entry_hash is None:
            raise ValueError("une réponse est chaînée avec l'identifiant et l'empreinte de l'entrée qu'elle concerne")
        payload["entry"] = {"id": entry_id, "number": number, "hash": entry_hash}
    return _dump(payload)


def keyed_hash(key: bytes, data: bytes) -> str:
    """Hex HMAC-SHA256 of `data` under the chain key: without the key nobody can re-hash the chain."""
    if len(key) < 32:
        raise ValueError("clé de chaînage trop courte (32 octets au moins)")
    return hmac.new(key, data, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ChainRecord:
    """A stored record as read back: for a response, `number` is the number of the entry it answers and
    `entry_id` that entry's row (from the response's own link, so that moving it is seen)."""

    kind: RecordKind
    register_id: int | str
    seq: int
    number: int
    author_id: int | str
    submitted_at: datetime
    content: Mapping[str, object]
    prev_hash: str
    hash: str
    chain_version: int = LEGACY_CHAIN_VERSION
    author_name: str | None = None
    entry_id: int | str | None = None


class BreakReason(StrEnum):
    """Why `verify` stopped at a record (shown to readers, so that an alarm can be investigated)."""

    LINK = "link"  # a gap in seq or number, a wrong previous hash: a record deleted, inserted or reordered
    HASH = "hash"  # the record's content no longer gives its hash: edited, moved, author renamed, re-hashed
    ENTRY = "entry"  # a response points to an entry that is not in this register (moved)
    LEGACY = "legacy"  # a plain SHA-256 record outside the sealed prefix written before the keyed chain
    HEAD = "head"  # the last record is not the sealed head: records deleted at the end, or the seal forged


@dataclass(frozen=True)
class VerifyResult:
    valid: bool
    entries: int
    first_broken: int | None  # entry number (for a response: the entry it answers; for a gap: the missing one)
    first_broken_seq: int | None = None
    reason: BreakReason | None = None


@dataclass(frozen=True, slots=True)
class ChainSeal:
    """A keyed statement stored on the register: "the ledger had `seq` records, the last one of entry
    `number` with hash `hash`" (HMAC `mac`). `head` moves with every write; `legacy` pins, once, how many
    records were written with plain SHA-256 before the keyed chain."""

    seq: int
    number: int
    mac: str


def seal_payload(*, register: RegisterIdentity, seq: int, number: int, hash: str) -> bytes:
    return _dump({"register": register.as_dict(), "seq": seq, "number": number, "hash": hash})


def head_seal(key: bytes, *, register: RegisterIdentity, seq: int, number: int, hash: str) -> str:
    """The keyed head: a writer who deletes the last records cannot make a seal for the shorter ledger."""
    return keyed_hash(key, b"register-head:" + seal_payload(register=register, seq=seq, number=number, hash=hash))


def legacy_seal(key: bytes, *, register: RegisterIdentity, seq: int, number: int, hash: str) -> str:
    """The keyed end of the plain-SHA-256 prefix, made once when the keyed chain was introduced."""
    return keyed_hash(key, b"register-legacy:" + seal_payload(register=register, seq=seq, number=number, hash=hash))


@dataclass(frozen=True, slots=True)
class ChainKeys:
    """What a full verification needs besides the records: the key, the register, its seals."""

    key: bytes
    register: RegisterIdentity
    head: ChainSeal | None
    legacy: ChainSeal | None = None


def _recomputed(record: ChainRecord, entries: Mapping[int | str, ChainRecord], keys: ChainKeys | None) -> str | None:
    answered = None
    if record.kind is RecordKind.RESPONSE:
        answered = entries.get(record.entry_id) if record.entry_id is not None else None
        if answered is None and record.entry_id is None:  # plain records built without row ids (tests, exports)
            answered = next((e for e in entries.values() if e.number == record.number), None)
        if answered is None or answered.number != record.number:
            return None
    if record.chain_version == LEGACY_CHAIN_VERSION:
        common = EntryFields(
            register_id=record.register_id,
            seq=record.seq,
            number=record.number,
            author_id=record.author_id,
            submitted_at=record.submitted_at,
            content=record.content,
            prev_hash=record.prev_hash,
        )
        if answered is None:
            return entry_hash(**common)
        return response_hash(**common, entry_hash=answered.hash)
    if record.chain_version != CHAIN_VERSION or keys is None:
        return ""  # an unknown version, or a keyed record checked without the key: never valid
    data = chained_bytes(
        kind=record.kind,
        register=keys.register,
        seq=record.seq,
        number=record.number,
        author_id=record.author_id,
        author_name=record.author_name or "",
        submitted_at=record.submitted_at,
        content=record.content,
        prev_hash=record.prev_hash,
        entry_id=record.entry_id if answered is not None else None,
        entry_hash=answered.hash if answered is not None else None,
    )
    return keyed_hash(keys.key, data)


def _broken(total: int, number: int | None, seq: int, reason: BreakReason) -> VerifyResult:
    return VerifyResult(valid=False, entries=total, first_broken=number, first_broken_seq=seq, reason=reason)


def verify_chain(records: Sequence[ChainRecord], *, keys: ChainKeys | None = None, sealed: bool = True) -> VerifyResult:
    """Recompute the ledger (records in `seq` order) and report the first record that does not hold.

    Detects an edited field, a deleted or inserted record (gap in `seq` or entry `number`, broken link),
    a reordering, and a response moved to another entry. With `keys` (the service always gives them),
    version-2 records are recomputed with the HMAC key, plain SHA-256 records are accepted only inside the
    sealed legacy prefix, and the last record must be the sealed head (`sealed=False` checks a prefix only).
    """
    total = sum(1 for r in records if r.kind is RecordKind.ENTRY)
    prev, next_number = GENESIS_HASH, 1
    entries: dict[int | str, ChainRecord] = {}
    legacy = keys.legacy if keys is not None else None
    for position, record in enumerate(records, start=1):
        gap = record.kind is RecordKind.ENTRY and record.number != next_number
        if gap or record.seq != position or record.prev_hash != prev:
            broken = min(record.number, next_number) if record.kind is RecordKind.ENTRY else record.number
            return _broken(total, broken, position, BreakReason.LINK)
        plain = record.chain_version == LEGACY_CHAIN_VERSION
        if keys is not None and plain and (legacy is None or position > legacy.seq):
            return _broken(total, record.number, position, BreakReason.LEGACY)
        recomputed = _recomputed(record, entries, keys)
        if recomputed is None and record.kind is RecordKind.RESPONSE:
            return _broken(total, record.number, position, BreakReason.ENTRY)
        if recomputed is None or not hmac.compare_digest(recomputed, record.hash.lower()):
            return _broken(total, record.number, position, BreakReason.HASH)
        if keys is not None and legacy is not None and position == legacy.seq:
            expected = legacy_seal(
                keys.key, register=keys.register, seq=position, number=record.number, hash=record.hash
            )
            if legacy.number != record.number or not hmac.compare_digest(expected, legacy.mac.lower()):
                return _broken(total, record.number, position, BreakReason.LEGACY)
        prev = record.hash
        if record.kind is RecordKind.ENTRY:
            entries[record.entry_id if record.entry_id is not None else record.number] = record
            next_number += 1
    if keys is not None and sealed:
        tail = _head_broken(records, keys)
        if tail is not None:
            return tail
    return VerifyResult(valid=True, entries=total, first_broken=None)


def _head_broken(records: Sequence[ChainRecord], keys: ChainKeys) -> VerifyResult | None:
    """What the seals say is missing at the end of an otherwise intact ledger; None when they hold."""
    total = sum(1 for r in records if r.kind is RecordKind.ENTRY)
    if keys.legacy is not None and len(records) < keys.legacy.seq:
        return _broken(total, keys.legacy.number, len(records) + 1, BreakReason.LEGACY)
    last = records[-1] if records else None
    seq, number, hash = (last.seq, last.number, last.hash) if last else (0, 0, GENESIS_HASH)
    head = keys.head
    expected = head_seal(keys.key, register=keys.register, seq=seq, number=number, hash=hash)
    if (
        head is not None
        and head.seq == seq
        and head.number == number
        and hmac.compare_digest(expected, head.mac.lower())
    ):
        return None
    if head is not None and head.seq > seq:  # records deleted at the end: the first missing one
        return _broken(total, min(head.number, number + 1), seq + 1, BreakReason.HEAD)
    return _broken(total, number or None, max(seq, 1), BreakReason.HEAD)


def digest_found(records: Sequence[ChainRecord], *, number: int, hash: str, keys: ChainKeys | None = None) -> bool:
    """Whether a head digest a member kept (entry `number`, `hash`) is still in an intact prefix of the ledger.

    The digest may be the hash of entry `number` or of a response to it (the head when it was noted).
    Deleting or rewriting the tail after that point makes it disappear, which `verify_chain` alone misses.
    """
    wanted = hash.strip().lower()
    for position, record in enumerate(records, start=1):
        if record.number == number and record.hash.lower() == wanted:
            return verify_chain(records[:position], keys=keys, sealed=False).valid
    return False


def format_digest(*, number: int, seq: int, hash: str) -> str:
    """The head digest as printed in notifications, minutes and exports, for members to keep (an HMAC-SHA256
    since the keyed chain; records written before it keep their plain SHA-256)."""
    return f"n° {number} (enregistrement {seq}) — HMAC-SHA256 {hash}"
