"""Register rules: kinds and their mandatory fields, the tamper-evident chain, due dates, computed statuses.

Pure functions only: no database, no clock; callers pass `today` (and the Alsace-Moselle flag for holidays).

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
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Final, TypedDict, Unpack
from zoneinfo import ZoneInfo

from dialogue.core.clock import FRENCH_MONTHS, FRENCH_WEEKDAYS, add_months
from dialogue.core.workdays import NO_WORKED_HOLIDAYS, add_jours_ouvrables, deadline_warning, subtract_jours_ouvrables

GENESIS_HASH: Final = "0" * 64


class RegisterKind(StrEnum):
    QUESTIONS = "questions"  # L2315-22 (< 50)
    DGI = "dgi"  # L4132-2, D4132-1
    PUBLIC_HEALTH = "public_health"  # L4133-1, D4133-1
    PERSONAL_RIGHTS = "personal_rights"  # L2312-59
    DIALOGUE = "dialogue"  # free register, no statutory form


class FieldType(StrEnum):
    TEXT = "text"  # non-blank string, at most MAX_FIELD_TEXT characters
    NAMES = "names"  # non-empty list of non-blank strings (at most MAX_NAMES, each at most MAX_NAME_LENGTH)
    REF = "ref"  # an id: positive int or non-blank string
    ID = "id"  # a positive integer id (e.g. a meeting of the meetings module)
    DATE = "date"  # an ISO date (YYYY-MM-DD) or a date


#: Longest text a register field (or an entry's body) may hold: a long letter, not a document dump.
MAX_FIELD_TEXT: Final = 20_000
MAX_NAMES: Final = 500
MAX_NAME_LENGTH: Final = 200


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: FieldType
    required: bool = True


#: Kind-specific fields, beyond the common subject/body; the article says why each is there.
REQUIRED_FIELDS: Final[Mapping[RegisterKind, tuple[FieldSpec, ...]]] = {
    # L2315-22: the written note of questions, handed before a given meeting: its date sets the deadlines;
    # the meeting's id is optional until the meetings module links questions to its meetings.
    RegisterKind.QUESTIONS: (
        FieldSpec("question", FieldType.TEXT),
        FieldSpec("meeting_on", FieldType.DATE),
        FieldSpec("meeting_id", FieldType.ID, required=False),
    ),
    # D4132-1: workstations concerned, nature and cause of the danger, names of the exposed workers.
    RegisterKind.DGI: (
        FieldSpec("workstations", FieldType.TEXT),
        FieldSpec("danger_nature", FieldType.TEXT),
        FieldSpec("danger_cause", FieldType.TEXT),
        FieldSpec("exposed_workers", FieldType.NAMES),
    ),
    # D4133-1: products or processes, "le cas échéant" the potential consequences (optional), any other
    # useful information.
    RegisterKind.PUBLIC_HEALTH: (
        FieldSpec("products_or_processes", FieldType.TEXT),
        FieldSpec("possible_consequences", FieldType.TEXT, required=False),
        FieldSpec("other_information", FieldType.TEXT, required=False),
    ),
    # L2312-59: the facts (infringement of rights, health, freedoms) and the persons concerned.
    RegisterKind.PERSONAL_RIGHTS: (FieldSpec("facts", FieldType.TEXT), FieldSpec("persons_concerned", FieldType.NAMES)),
    RegisterKind.DIALOGUE: (),
}


def parse_field_date(value: object) -> date | None:
    """A DATE field's value as a date (None when it is not one): a date, or an ISO "YYYY-MM-DD" string."""
    if isinstance(value, datetime):
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _valid_value(value: object, kind: FieldType) -> bool:
    if kind is FieldType.TEXT:
        return isinstance(value, str) and bool(value.strip()) and len(value) <= MAX_FIELD_TEXT
    if kind is FieldType.NAMES:
        return (
            isinstance(value, list | tuple)
            and 0 < len(value) <= MAX_NAMES
            and all(isinstance(item, str) and item.strip() and len(item) <= MAX_NAME_LENGTH for item in value)
        )
    if kind is FieldType.DATE:
        return parse_field_date(value) is not None
    if isinstance(value, bool):
        return False
    if kind is FieldType.ID:
        return isinstance(value, int) and 0 < value < 2**31
    return (isinstance(value, int) and value > 0) or (isinstance(value, str) and bool(value.strip()))


def invalid_entry_fields(*, kind: RegisterKind, fields: Mapping[str, object]) -> list[str]:
    """Names of missing, invalid or unknown kind-specific fields, in declaration order (empty when valid).

    The API answers 422 naming them: the statutory content of each register is mandatory (D4132-1, D4133-1).
    """
    specs = REQUIRED_FIELDS[kind]
    bad = [
        spec.name
        for spec in specs
        if (spec.name in fields and fields[spec.name] is not None and not _valid_value(fields[spec.name], spec.type))
        or (spec.required and fields.get(spec.name) is None)
    ]
    known = {spec.name for spec in specs}
    return bad + sorted(name for name in fields if name not in known)


# ---------------------------------------------------------------------------------------------- hash chain


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


# ---------------------------------------------------------------------------------------------- due dates


def question_submission_deadline(
    *, meeting_on: date, alsace_moselle: bool = False, worked_holidays: frozenset[str] = NO_WORKED_HOLIDAYS
) -> date:
    """Last day to hand in the written questions: 2 jours ouvrables before the meeting (L2315-22); a holiday
    habitually worked in the establishment is a jour ouvrable."""
    return subtract_jours_ouvrables(meeting_on, 2, alsace_moselle=alsace_moselle, worked_holidays=worked_holidays)


def is_question_late(
    *,
    submitted_on: date,
    meeting_on: date,
    alsace_moselle: bool = False,
    worked_holidays: frozenset[str] = NO_WORKED_HOLIDAYS,
) -> bool:
    """True when the note came after the 2-jours-ouvrables limit (L2315-22; allowed only if exceptional)."""
    deadline = question_submission_deadline(
        meeting_on=meeting_on, alsace_moselle=alsace_moselle, worked_holidays=worked_holidays
    )
    return submitted_on > deadline


def question_answer_due_on(
    *, meeting_on: date, alsace_moselle: bool = False, worked_holidays: frozenset[str] = NO_WORKED_HOLIDAYS
) -> date:
    """The employer answers in writing at the latest 6 jours ouvrables after the meeting (L2315-22); a holiday
    habitually worked in the establishment is a jour ouvrable."""
    return add_jours_ouvrables(meeting_on, 6, alsace_moselle=alsace_moselle, worked_holidays=worked_holidays)


def due_on_warning(due_on: date | None, *, alsace_moselle: bool = False) -> str | None:
    """A due date on a Sunday or a public holiday stays where it is (no text extends it): the warning shown."""
    return None if due_on is None else deadline_warning(due_on, alsace_moselle=alsace_moselle)


def dgi_investigation_due_on(*, alerted_on: date) -> date:
    """The employer investigates a DGI alert immediately with the member who raised it (L4132-2): same day."""
    return alerted_on


def dgi_cse_meeting_due_by(*, disagreement_at: datetime) -> datetime:
    """On disagreement the CSE is convened urgently, within 24 hours at most (L4132-3); counted in UTC (DST)."""
    if disagreement_at.utcoffset() is None:
        raise ValueError("horodatage sans fuseau : seules les dates-heures avec fuseau sont acceptées")
    return disagreement_at.astimezone(UTC) + timedelta(hours=24)


_WEEKDAYS: Final = FRENCH_WEEKDAYS
_MONTHS: Final = FRENCH_MONTHS


def local_deadline_text(moment: datetime, *, tz: ZoneInfo) -> str:
    """The 24-hour DGI limit (L4132-3) as people read it: local time with its zone, never bare UTC."""
    if moment.utcoffset() is None:
        raise ValueError("horodatage sans fuseau : seules les dates-heures avec fuseau sont acceptées")
    local = moment.astimezone(tz)
    day = "1er" if local.day == 1 else str(local.day)
    offset = local.strftime("%z")
    return (
        f"{_WEEKDAYS[local.weekday()]} {day} {_MONTHS[local.month - 1]} {local.year} à {local.hour} h "
        f"{local.minute:02d} (heure locale, {tz.key}, UTC{offset[:3]}:{offset[3:]})"
    )


def public_health_follow_up_due_on(*, alerted_on: date) -> date:
    """Without follow-up within 1 month the author may refer to the préfet (L4133-3, partially verified)."""
    return add_months(alerted_on, 1)


def may_refer_to_prefet(
    *, alerted_on: date, followed_up_on: date | None, disagreement: bool = False, today: date
) -> bool:
    """Referral to the préfet: on disagreement about the merits, or no follow-up within the month (L4133-3)."""
    if disagreement:
        return True
    due = public_health_follow_up_due_on(alerted_on=alerted_on)
    return today > due and (followed_up_on is None or followed_up_on > due)


def personal_rights_investigation_due_on(*, alerted_on: date) -> date:
    """The employer investigates "sans délai" with the member (L2312-59): same day."""
    return alerted_on


def entry_due_on(
    *,
    kind: RegisterKind,
    submitted_on: date,
    meeting_on: date | None = None,
    alsace_moselle: bool = False,
    worked_holidays: frozenset[str] = NO_WORKED_HOLIDAYS,
) -> date | None:
    """The date an entry of `kind` must be acted upon; None for the free `dialogue` register."""
    if kind is RegisterKind.QUESTIONS:
        if meeting_on is None:
            raise ValueError("Une question au registre (L2315-22) doit indiquer la réunion à laquelle elle se rapporte")
        return question_answer_due_on(
            meeting_on=meeting_on, alsace_moselle=alsace_moselle, worked_holidays=worked_holidays
        )
    if kind is RegisterKind.DGI:
        return dgi_investigation_due_on(alerted_on=submitted_on)
    if kind is RegisterKind.PUBLIC_HEALTH:
        return public_health_follow_up_due_on(alerted_on=submitted_on)
    if kind is RegisterKind.PERSONAL_RIGHTS:
        return personal_rights_investigation_due_on(alerted_on=submitted_on)
    return None


# ---------------------------------------------------------------------------------------------- statuses


class EntryStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    OVERDUE = "overdue"
    CLOSED = "closed"


def entry_status(*, due_on: date | None, answered_at: date | None, closed_at: date | None, today: date) -> EntryStatus:
    """Computed, never typed in: an unanswered entry becomes overdue by itself the day after `due_on`.

    `answered_at` / `closed_at` only count by presence (dates or datetimes); `today` is the local date.
    """
    if closed_at is not None:
        return EntryStatus.CLOSED
    if answered_at is not None:
        return EntryStatus.ANSWERED
    if due_on is not None and today > due_on:
        return EntryStatus.OVERDUE
    return EntryStatus.OPEN


def is_answer_late(*, due_on: date | None, answered_on: date) -> bool:
    """An answer given after `due_on` stays late once given (6 jours ouvrables, L2315-22); local dates."""
    return due_on is not None and answered_on > due_on


class DgiState(StrEnum):
    ALERTED = "alerted"
    INVESTIGATING = "investigating"
    MEASURES_TAKEN = "measures_taken"
    DISAGREEMENT = "disagreement"
    INSPECTOR_INFORMED = "inspector_informed"
    CLOSED = "closed"


#: L4132-2 (joint enquiry, measures), L4132-3 (disagreement → CSE within 24 h, which may then agree on measures),
#: L4132-4 (the disagreement persists after that meeting → the employer informs the labour inspector at once,
#: who may act: formal notice, référé; the measures then follow).
DGI_TRANSITIONS: Final[Mapping[DgiState, frozenset[DgiState]]] = {
    DgiState.ALERTED: frozenset({DgiState.INVESTIGATING}),
    DgiState.INVESTIGATING: frozenset({DgiState.MEASURES_TAKEN, DgiState.DISAGREEMENT}),
    DgiState.DISAGREEMENT: frozenset({DgiState.MEASURES_TAKEN, DgiState.INSPECTOR_INFORMED, DgiState.CLOSED}),
    DgiState.INSPECTOR_INFORMED: frozenset({DgiState.MEASURES_TAKEN, DgiState.CLOSED}),
    DgiState.MEASURES_TAKEN: frozenset({DgiState.CLOSED}),
    DgiState.CLOSED: frozenset(),
}

_DGI_LABELS: Final[Mapping[DgiState, str]] = {
    DgiState.ALERTED: "alerte",
    DgiState.INVESTIGATING: "enquête en cours",
    DgiState.MEASURES_TAKEN: "mesures prises",
    DgiState.DISAGREEMENT: "désaccord",
    DgiState.INSPECTOR_INFORMED: "inspection du travail saisie",
    DgiState.CLOSED: "clos",
}


class IllegalDgiTransition(ValueError):
    """A DGI alert cannot move this way (L4132-2 to L4132-4)."""

    def __init__(self, current: DgiState, target: DgiState) -> None:
        self.current, self.target = current, target
        super().__init__(
            f"Transition impossible pour une alerte DGI : « {_DGI_LABELS[current]} » → « {_DGI_LABELS[target]} » "
            "(procédure des articles L4132-2 à L4132-4 : enquête immédiate, puis mesures ou désaccord)"
        )


def check_dgi_transition(*, current: DgiState, target: DgiState) -> None:
    """Raise `IllegalDgiTransition` unless `current → target` is in `DGI_TRANSITIONS`."""
    if target not in DGI_TRANSITIONS[current]:
        raise IllegalDgiTransition(current, target)


class Side(StrEnum):
    """Who records a step of a DGI alert: the employer's side or the staff representatives' side."""

    EMPLOYER = "employer"  # the president and the direction (L4132-2: the employer investigates and acts)
    STAFF = "staff"  # élus, secretary, union representatives (the member who raised the alert, L4131-2)


#: L4132-2: the employer investigates (jointly) and takes the measures, and so records those steps and the
#: closing; L4132-3: a disagreement "sur la réalité du danger ou la façon de le faire cesser" may come from
#: either side.
DGI_STEP_SIDES: Final[Mapping[DgiState, frozenset[Side]]] = {
    DgiState.INVESTIGATING: frozenset({Side.EMPLOYER}),
    DgiState.MEASURES_TAKEN: frozenset({Side.EMPLOYER}),
    DgiState.DISAGREEMENT: frozenset({Side.EMPLOYER, Side.STAFF}),
    DgiState.INSPECTOR_INFORMED: frozenset({Side.EMPLOYER}),  # L4132-4: "l'employeur saisit immédiatement"
    DgiState.CLOSED: frozenset({Side.EMPLOYER}),
}


def may_record_dgi_step(*, target: DgiState, side: Side) -> bool:
    """Whether `side` may record the move to `target` (L4132-2, L4132-3); nobody records "alerted" twice."""
    return side in DGI_STEP_SIDES.get(target, frozenset())


def current_dgi_state(steps: Sequence[DgiState]) -> DgiState:
    """The state of a DGI alert after its recorded steps, in ledger order (none yet: alerted)."""
    return steps[-1] if steps else DgiState.ALERTED


def inspector_information_due(*, state: DgiState | None, meeting_due_by: datetime | None, now: datetime) -> bool:
    """L4132-4: once the CSE meeting of L4132-3 (within 24 hours) is past and the disagreement still stands
    (no measures agreed, not closed), the employer must inform the labour inspector at once."""
    return state is DgiState.DISAGREEMENT and meeting_due_by is not None and now >= meeting_due_by


def check_inspector_informed_at(*, informed_at: datetime, disagreement_at: datetime, now: datetime) -> None:
    """The date the inspector was informed (L4132-4) lies between the disagreement and now; ValueError else."""
    if informed_at.utcoffset() is None:
        raise ValueError("horodatage sans fuseau : seules les dates-heures avec fuseau sont acceptées")
    if informed_at > now:
        raise ValueError("L'information de l'inspecteur du travail ne peut être datée dans le futur (L4132-4).")
    if informed_at < disagreement_at:
        raise ValueError("L'inspecteur du travail est informé d'un désaccord persistant, donc après lui (L4132-4).")


# ---------------------------------------------------------------------------------------------- ledger content


class ResponseAction(StrEnum):
    """What a record appended after an entry does."""

    ANSWER = "answer"  # the employer's reasoned answer (L2315-22) or follow-up (L4133-1)
    DGI_STEP = "dgi_step"  # a step of a DGI alert (L4132-2 to L4132-4)
    CLOSE = "close"  # the representatives consider the entry settled
    DUE_DATE_CHANGED = "due_date_changed"  # the meeting a question is for moved: its due date follows (L2315-22)


def entry_content(
    *,
    subject: str,
    body: str,
    fields: Mapping[str, object],
    confidential: bool,
    confidentiality_reason: str | None,
    corrects: int | None,
    meeting_id: int | None,
    meeting_on: date | None,
    due_on: date | None,
    late_submission: bool,
) -> dict[str, object]:
    """What an entry's hash covers besides its ledger position: everything shown about it, as stored.

    The due date is fixed at submission (with the holidays known then) and hashed, so it cannot be moved.
    """
    return {
        "subject": subject,
        "body": body,
        "fields": dict(fields),
        "confidential": confidential,
        "confidentiality_reason": confidentiality_reason,
        "corrects": corrects,
        "meeting_id": meeting_id,
        "meeting_on": meeting_on,
        "due_on": due_on,
        "late_submission": late_submission,
    }


def response_content(
    *,
    action: ResponseAction,
    body: str,
    dgi_state: DgiState | None,
    meeting_due_by: datetime | None,
    due_on: date | None = None,
    meeting_on: date | None = None,
    informed_at: datetime | None = None,
) -> dict[str, object]:
    """What a response's hash covers besides its ledger position (L4132-3's 24-hour limit included).

    The later keys appear only on the records that carry them (a due-date change, L2315-22; the inspector
    informed, L4132-4), so records written before they existed hash exactly as they did.
    """
    content: dict[str, object] = {
        "action": action.value,
        "body": body,
        "dgi_state": dgi_state.value if dgi_state else None,
        "meeting_due_by": meeting_due_by,
    }
    if action is ResponseAction.DUE_DATE_CHANGED:
        content.update(due_on=due_on, meeting_on=meeting_on)
    if informed_at is not None:
        content["informed_at"] = informed_at
    return content


def rescheduled_question_due_on(
    *,
    current_meeting_on: date | None,
    new_meeting_on: date,
    alsace_moselle: bool = False,
    worked_holidays: frozenset[str] = NO_WORKED_HOLIDAYS,
) -> date | None:
    """The new due date of a question whose meeting moved to `new_meeting_on` (6 jours ouvrables after it,
    L2315-22); None when the meeting day did not change (nothing to record)."""
    if current_meeting_on == new_meeting_on:
        return None
    return question_answer_due_on(
        meeting_on=new_meeting_on, alsace_moselle=alsace_moselle, worked_holidays=worked_holidays
    )


def format_digest(*, number: int, seq: int, hash: str) -> str:
    """The head digest as printed in notifications, minutes and exports, for members to keep (an HMAC-SHA256
    since the keyed chain; records written before it keep their plain SHA-256)."""
    return f"n° {number} (enregistrement {seq}) — HMAC-SHA256 {hash}"


# ---------------------------------------------------------------------------------------------- reminders


class DeadlineAlert(StrEnum):
    NEAR = "near"
    OVERDUE = "overdue"


def deadline_alert(
    *, due_on: date | None, status: EntryStatus, today: date, near_days: int = 2
) -> DeadlineAlert | None:
    """For reminders: an open entry due within `near_days` calendar days is near, past its due date overdue."""
    if near_days < 0:
        raise ValueError(f"near_days doit être positif ou nul, reçu {near_days}")
    if due_on is None or status in {EntryStatus.ANSWERED, EntryStatus.CLOSED}:
        return None
    if today > due_on:
        return DeadlineAlert.OVERDUE
    if (due_on - today).days <= near_days:
        return DeadlineAlert.NEAR
    return None
