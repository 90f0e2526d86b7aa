"""Registers: numbered, append-only, hash-chained entries and the answers the law requires.

Writers of one register are serialised (row lock on PostgreSQL; the in-process writer lock and IMMEDIATE
transactions on SQLite): each takes the next number and ledger position, chains the hash and inserts in
one transaction; the unique indexes (register, number) and (register, seq) are the last guard. Nothing
here updates or deletes an entry or a response: corrections are addenda (`corrects`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final, NoReturn

from dialogue.audit import service as audit
from dialogue.bodies.access import BodyAccess, body_access
from dialogue.core.actor import Actor
from dialogue.core.clock import to_local, utcnow
from dialogue.core.db import lock_row, transaction
from dialogue.core.errors import Conflict, Forbidden, InvalidInput, InvalidState, NotFound
from dialogue.core.events import emit
from dialogue.registers import exports
from dialogue.registers import repository as repo
from dialogue.registers.events import (
    DgiDisagreement,
    EntryDeadlineNear,
    EntryOverdue,
    EntrySubmitted,
    RegisterEvent,
    ResponsePosted,
)
from dialogue.registers.repository import Head, as_date, as_json_dict
from dialogue.registers.rules import (
    GENESIS_HASH,
    REQUIRED_FIELDS,
    DeadlineAlert,
    DgiState,
    EntryStatus,
    FieldType,
    IllegalDgiTransition,
    RegisterKind,
    ResponseAction,
    Side,
    check_dgi_transition,
    current_dgi_state,
    deadline_alert,
    dgi_cse_meeting_due_by,
    digest_found,
    entry_content,
    entry_due_on,
    entry_hash,
    entry_status,
    format_digest,
    invalid_entry_fields,
    is_answer_late,
    is_question_late,
    may_record_dgi_step,
    parse_field_date,
    response_content,
    response_hash,
    verify_chain,
)
from dialogue.registers.schemas import (
    CloseCreate,
    DgiStepCreate,
    EntryCreate,
    EntryRead,
    EntryStateRead,
    HeadRead,
    RegisterCreate,
    RegisterRead,
    ResponseCreate,
    ResponseRead,
    VerifyRead,
)
from dialogue.registers.tables import Register

KIND_TITLES: Final[Mapping[RegisterKind, str]] = {
    RegisterKind.QUESTIONS: "Registre des questions des élus et des réponses motivées de l'employeur",
    RegisterKind.DGI: "Registre spécial des dangers graves et imminents",
    RegisterKind.PUBLIC_HEALTH: "Registre des alertes en matière de santé publique et d'environnement",
    RegisterKind.PERSONAL_RIGHTS: "Registre des alertes pour atteinte aux droits des personnes",
    RegisterKind.DIALOGUE: "Registre du dialogue entre les collèges",
}
LEGAL_BASIS: Final[Mapping[RegisterKind, str]] = {
    RegisterKind.QUESTIONS: "Code du travail, art. L2315-22",
    RegisterKind.DGI: "Code du travail, art. L4132-2 à L4132-4 et D4132-1, D4132-2",
    RegisterKind.PUBLIC_HEALTH: "Code du travail, art. L4133-1 à L4133-3 et D4133-1 à D4133-3",
    RegisterKind.PERSONAL_RIGHTS: "Code du travail, art. L2312-59",
    RegisterKind.DIALOGUE: "Registre libre (règlement intérieur de l'instance)",
}
#: Bodies that hold the statutory registers: the CSE (and its central CSE and CSSCT); `dialogue` fits any body.
STATUTORY_BODY_KINDS: Final = frozenset({"cse", "cse_central", "cssct"})
#: Question fields kept in their own columns (the meetings module links them), not in `fields`.
_QUESTION_COLUMNS: Final = ("meeting_on", "meeting_id")
CONFIDENTIAL_SUBJECT: Final = "Entrée confidentielle (L2315-3)"


def _now() -> datetime:
    return utcnow()


def _local_date(moment: datetime) -> date:
    return to_local(moment).date()


# ------------------------------------------------------------------------------------------------ access


async def _register_access(*, actor: Actor, register_id: int) -> tuple[dict[str, Any], BodyAccess]:
    register = await repo.get_register(register_id)
    if register is None:
        raise NotFound("Registre introuvable.")
    try:
        access = await body_access(actor=actor, body_id=register["body"])
    except NotFound:
        raise NotFound("Registre introuvable.") from None
    return register, access


async def _entry_access(*, actor: Actor, entry_id: int) -> tuple[dict[str, Any], dict[str, Any], BodyAccess]:
    row = await repo.entry(entry_id)
    if row is None:
        raise NotFound("Entrée introuvable.")
    try:
        register, access = await _register_access(actor=actor, register_id=row["register"])
    except NotFound:
        raise NotFound("Entrée introuvable.") from None
    return row, register, access


def _staff_side(access: BodyAccess) -> bool:
    """Élus (titulaires, suppléants, secretary, treasurer) and union representatives write in the register."""
    return access.is_elu or access.is_union_representative


def _employer_side(access: BodyAccess) -> bool:
    """The president (the employer, L2315-23) and the direction members answer for the employer."""
    return not _staff_side(access) and (access.is_president or access.is_direction)


def _deny(access: BodyAccess, message: str) -> NoReturn:
    """403 with `message` for a reader of the body; 403 "not a member" for anyone else of the organisation."""
    access.require_read()
    raise Forbidden(message)


def _require_submitter(access: BodyAccess) -> None:
    if _staff_side(access):
        return
    if _employer_side(access):
        _deny(
            access,
            "La direction ne peut pas inscrire d'entrée au nom des élus : le registre recueille les demandes "
            "des représentants du personnel et les réponses de l'employeur (L2315-22).",
        )
    _deny(access, "Seuls les élus, le secrétaire et les représentants syndicaux inscrivent au registre.")


def _require_answerer(access: BodyAccess) -> None:
    if _staff_side(access):
        _deny(access, "Un élu ne répond pas au registre : la réponse motivée appartient à l'employeur (L2315-22).")
    if not _employer_side(access):
        _deny(access, "Seuls le président et les membres de la direction répondent au registre.")


# ------------------------------------------------------------------------------------------------ reads


def _head_read(head: Head | None) -> HeadRead | None:
    if head is None:
        return None
    return HeadRead(
        number=head.number,
        seq=head.seq,
        hash=head.hash,
        digest=format_digest(number=head.number, seq=head.seq, hash=head.hash),
    )


def _register_read(row: Mapping[str, Any], *, entries: int, head: Head | None) -> RegisterRead:
    kind = RegisterKind(row["kind"])
    return RegisterRead(
        id=row["id"],
        organization_id=row["organization"],
        body_id=row["body"],
        kind=kind,
        title=row["title"],
        legal_basis=LEGAL_BASIS[kind],
        created_at=row["created_at"],
        entries=entries,
        head=_head_read(head),
    )


@dataclass(frozen=True, slots=True)
class _History:
    """What the responses appended after an entry say about it (statuses are computed, never stored)."""

    answered_at: datetime | None
    closed_at: datetime | None
    dgi_state: DgiState | None
    meeting_due_by: datetime | None


def _history(kind: RegisterKind, responses: Sequence[Mapping[str, Any]]) -> _History:
    answered_at = closed_at = meeting_due_by = None
    steps: list[DgiState] = []
    for response in responses:
        action = ResponseAction(response["action"])
        if action in {ResponseAction.ANSWER, ResponseAction.DGI_STEP} and answered_at is None:
            answered_at = response["submitted_at"]
        if action is ResponseAction.CLOSE:
            closed_at = response["submitted_at"]
        if action is ResponseAction.DGI_STEP:
            steps.append(DgiState(response["dgi_state"]))
            if steps[-1] is DgiState.CLOSED:
                closed_at = response["submitted_at"]
            if response["meeting_due_by"] is not None:
                meeting_due_by = response["meeting_due_by"]
    dgi_state = current_dgi_state(steps) if kind is RegisterKind.DGI else None
    return _History(answered_at=answered_at, closed_at=closed_at, dgi_state=dgi_state, meeting_due_by=meeting_due_by)


def _status(row: Mapping[str, Any], history: _History, today: date) -> EntryStatus:
    return entry_status(
        due_on=as_date(row["due_on"]), answered_at=history.answered_at, closed_at=history.closed_at, today=today
    )


def _response_read(row: Mapping[str, Any], *, due_on: date | None) -> ResponseRead:
    action = ResponseAction(row["action"])
    late = action is not ResponseAction.CLOSE and is_answer_late(
        due_on=due_on, answered_on=_local_date(row["submitted_at"])
    )
    return ResponseRead(
        id=row["id"],
        entry_id=row["entry"],
        number=row["number"],
        seq=row["seq"],
        action=action,
        body=row["body"],
        dgi_state=DgiState(row["dgi_state"]) if row["dgi_state"] else None,
        meeting_due_by=row["meeting_due_by"],
        author_id=row["author"],
        author_name=row["author.full_name"],
        submitted_at=row["submitted_at"],
        late=late,
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )


def _entry_read(
    row: Mapping[str, Any],
    *,
    kind: RegisterKind,
    responses: Sequence[Mapping[str, Any]],
    corrected_by: Sequence[int],
    access: BodyAccess,
    today: date,
) -> EntryRead:
    history = _history(kind, responses)
    due_on = as_date(row["due_on"])
    meeting_on = as_date(row["meeting_on"])
    redacted = bool(row["confidential"]) and not access.sees_confidential
    fields = as_json_dict(row["fields"])
    if kind is RegisterKind.QUESTIONS:
        fields["meeting_on"] = meeting_on.isoformat() if meeting_on else None
        fields["meeting_id"] = row["meeting_id"]
    return EntryRead(
        id=row["id"],
        register_id=row["register"],
        number=row["number"],
        seq=row["seq"],
        subject=CONFIDENTIAL_SUBJECT if redacted else row["subject"],
        body="" if redacted else row["body"],
        fields={} if redacted else fields,
        submitted_at=row["submitted_at"],
        author_id=None if redacted else row["author"],
        author_name=None if redacted else row["author.full_name"],
        due_on=due_on,
        status=_status(row, history, today),
        dgi_state=history.dgi_state,
        meeting_id=None if redacted else row["meeting_id"],
        meeting_on=None if redacted else meeting_on,
        late_submission=bool(row["late_submission"]),
        meeting_due_by=history.meeting_due_by,
        confidential=bool(row["confidential"]),
        confidentiality_reason=row["confidentiality_reason"],
        redacted=redacted,
        corrects=row["corrects"],
        corrected_by=list(corrected_by),
        answered_at=history.answered_at,
        closed_at=history.closed_at,
        responses=[] if redacted else [_response_read(r, due_on=due_on) for r in responses],
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )


async def _entry_reads(
    rows: Sequence[Mapping[str, Any]], *, register: Mapping[str, Any], access: BodyAccess
) -> list[EntryRead]:
    kind = RegisterKind(register["kind"])
    responses = await repo.responses_for(r["id"] for r in rows)
    corrections = await repo.corrections_for(register_id=register["id"], numbers=(r["number"] for r in rows))
    today = _local_date(_now())
    return [
        _entry_read(
            row,
            kind=kind,
            responses=responses.get(row["id"], []),
            corrected_by=corrections.get(row["number"], []),
            access=access,
            today=today,
        )
        for row in rows
    ]


async def list_registers(*, actor: Actor, body_id: int, limit: int, offset: int) -> tuple[list[RegisterRead], int]:
    """The registers of a body, each with its number of entries and its head digest."""
    (await body_access(actor=actor, body_id=body_id)).require_read()
    rows, total = await repo.registers_of_body(body_id=body_id, limit=limit, offset=offset)
    counts = await repo.entry_counts(r["id"] for r in rows)
    return [_register_read(r, entries=counts.get(r["id"], 0), head=await repo.head(r["id"])) for r in rows], total


async def get_register(*, actor: Actor, register_id: int) -> RegisterRead:
    register, access = await _register_access(actor=actor, register_id=register_id)
    access.require_read()
    counts = await repo.entry_counts([register_id])
    return _register_read(register, entries=counts.get(register_id, 0), head=await repo.head(register_id))


async def list_entries(*, actor: Actor, register_id: int, limit: int, offset: int) -> tuple[list[EntryRead], int]:
    """Entries in number order; a confidential one is shown redacted to readers outside the body (L2315-3)."""
    register, access = await _register_access(actor=actor, register_id=register_id)
    access.require_read()
    rows, total = await repo.entries_page(register_id=register_id, limit=limit, offset=offset)
    return await _entry_reads(rows, register=register, access=access), total


async def get_entry(*, actor: Actor, entry_id: int) -> EntryRead:
    row, register, access = await _entry_access(actor=actor, entry_id=entry_id)
    access.require_read()
    if row["confidential"] and not access.sees_confidential:
        raise Forbidden("Entrée confidentielle : réservée aux membres de l'instance et à la direction (L2315-3).")
    return (await _entry_reads([row], register=register, access=access))[0]


# ------------------------------------------------------------------------------------------------ writes


async def create_register(*, actor: Actor, body_id: int, data: RegisterCreate) -> RegisterRead:
    """Open a register of `kind` for a body (one per kind); by its president, secretary or an org admin."""
    async with transaction():
        access = await body_access(actor=actor, body_id=body_id)
        access.require(
            access.runs_meetings or access.is_org_admin,
            "Seuls le président, le secrétaire ou un administrateur ouvrent un registre.",
        )
        if data.kind is not RegisterKind.DIALOGUE and access.kind not in STATUTORY_BODY_KINDS:
            raise InvalidInput(
                f"Le registre « {data.kind.value} » est tenu par le CSE (ou sa CSSCT), pas par cette instance.",
                errors=[{"field": "kind", "message": "registre légal réservé au CSE, au CSE central et à la CSSCT"}],
            )
        if await repo.register_of_kind(body_id=body_id, kind=data.kind.value) is not None:
            raise Conflict("Cette instance tient déjà un registre de ce type.", code="register_exists")
        register = Register(
            organization=access.organization_id,
            body=body_id,
            kind=data.kind.value,
            title=data.title or KIND_TITLES[data.kind],
            created_by=actor.user_id,
            created_at=_now(),
        )
        await register.save()
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="create",
            entity="register",
            entity_id=register.id,
            after=data.model_dump(mode="json"),
        )
        return await get_register(actor=actor, register_id=register.id)


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


async def prepare_entry(*, register: Mapping[str, Any], data: EntryCreate, submitted_at: datetime) -> NewEntry:
    """Validate the statutory mentions and compute the due date (L2315-22, L4132-2, L4133-3, L2312-59)."""
    kind = RegisterKind(register["kind"])
    fields = _checked_fields(kind, data.fields)
    if kind is RegisterKind.DIALOGUE and not data.body.strip():
        raise InvalidInput(
            "Le texte de la demande est obligatoire.", errors=[{"field": "body", "message": "texte obligatoire"}]
        )
    submitted_on = _local_date(submitted_at)
    alsace = await repo.alsace_moselle(register["body"])
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
        and is_question_late(submitted_on=submitted_on, meeting_on=meeting_on, alsace_moselle=alsace)
    )
    due_on = entry_due_on(kind=kind, submitted_on=submitted_on, meeting_on=meeting_on, alsace_moselle=alsace)
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


async def append_entry(
    *, register_id: int, author_id: int, new: NewEntry, submitted_at: datetime
) -> tuple[int, int, Head]:
    """Lock the register, take the next number and position, chain the hash, insert. → (id, number, head)."""
    await lock_row(Register, register_id)
    top = await repo.head(register_id)
    seq = (top.seq if top else 0) + 1
    number = await repo.last_entry_number(register_id) + 1
    prev_hash = top.hash if top else GENESIS_HASH
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
    )
    digest = entry_hash(
        register_id=register_id,
        seq=seq,
        number=number,
        author_id=author_id,
        submitted_at=submitted_at,
        content=content,
        prev_hash=prev_hash,
    )
    entry_id = await repo.insert_entry(
        {
            "register": register_id,
            "seq": seq,
            "number": number,
            "author": author_id,
            "submitted_at": submitted_at,
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
            "prev_hash": prev_hash,
            "hash": digest,
        }
    )
    return entry_id, number, Head(seq=seq, number=number, hash=digest)


async def append_response(
    *,
    entry: Mapping[str, Any],
    author_id: int,
    action: ResponseAction,
    body: str,
    submitted_at: datetime,
    dgi_state: DgiState | None = None,
    meeting_due_by: datetime | None = None,
) -> tuple[int, Head]:
    """Append an answer, a DGI step or a closing after `entry`, chained to the head and to the entry's hash."""
    register_id = int(entry["register"])
    await lock_row(Register, register_id)
    top = await repo.head(register_id)
    seq = (top.seq if top else 0) + 1
    prev_hash = top.hash if top else GENESIS_HASH
    digest = response_hash(
        register_id=register_id,
        seq=seq,
        number=entry["number"],
        entry_hash=entry["hash"],
        author_id=author_id,
        submitted_at=submitted_at,
        content=response_content(action=action, body=body, dgi_state=dgi_state, meeting_due_by=meeting_due_by),
        prev_hash=prev_hash,
    )
    response_id = await repo.insert_response(
        {
            "register": register_id,
            "entry": entry["id"],
            "seq": seq,
            "number": entry["number"],
            "author": author_id,
            "submitted_at": submitted_at,
            "action": action.value,
            "body": body,
            "dgi_state": dgi_state.value if dgi_state else None,
            "meeting_due_by": meeting_due_by,
            "prev_hash": prev_hash,
            "hash": digest,
        }
    )
    return response_id, Head(seq=seq, number=int(entry["number"]), hash=digest)


def _event_base(
    *, register: Mapping[str, Any], entry: Mapping[str, Any], head: Head, actor_user_id: int | None
) -> dict[str, Any]:
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


async def submit_entry(*, actor: Actor, register_id: int, data: EntryCreate) -> EntryRead:
    """Élus, secretary and union representatives write; the direction may not write in their name (403)."""
    async with transaction():
        register, access = await _register_access(actor=actor, register_id=register_id)
        _require_submitter(access)
        if data.corrects is not None:
            corrected = await repo.entry_by_number(register_id=register_id, number=data.corrects)
            if corrected is not None and corrected["author"] != actor.user_id and not access.is_secretary:
                raise Forbidden("Seuls l'auteur de l'entrée et le secrétaire peuvent y inscrire un additif.")
        submitted_at = _now()
        new = await prepare_entry(register=register, data=data, submitted_at=submitted_at)
        entry_id, number, head = await append_entry(
            register_id=register_id, author_id=actor.user_id, new=new, submitted_at=submitted_at
        )
        row = await repo.entry(entry_id)
        assert row is not None
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="submit",
            entity="register_entry",
            entity_id=entry_id,
            after={"register_id": register_id, "number": number, "seq": head.seq, "hash": head.hash},
        )
        await emit(
            EntrySubmitted(
                **_event_base(register=register, entry=row, head=head, actor_user_id=actor.user_id),
                author_user_id=actor.user_id,
                submitted_at=submitted_at,
                due_on=new.due_on,
                corrects=new.corrects,
                late_submission=new.late_submission,
            )
        )
        return (await _entry_reads([row], register=register, access=access))[0]


async def _respond(
    *,
    actor: Actor,
    entry: Mapping[str, Any],
    register: Mapping[str, Any],
    access: BodyAccess,
    action: ResponseAction,
    body: str,
    dgi_state: DgiState | None = None,
    meeting_due_by: datetime | None = None,
    submitted_at: datetime,
) -> EntryStateRead:
    response_id, head = await append_response(
        entry=entry,
        author_id=actor.user_id,
        action=action,
        body=body,
        submitted_at=submitted_at,
        dgi_state=dgi_state,
        meeting_due_by=meeting_due_by,
    )
    await audit.record(
        actor=actor,
        organization_id=access.organization_id,
        action=action.value,
        entity="register_entry",
        entity_id=entry["id"],
        after={"response_id": response_id, "dgi_state": dgi_state, "seq": head.seq, "hash": head.hash},
    )
    base = _event_base(register=register, entry=entry, head=head, actor_user_id=actor.user_id)
    due_on = as_date(entry["due_on"])
    late = action is not ResponseAction.CLOSE and is_answer_late(due_on=due_on, answered_on=_local_date(submitted_at))
    await emit(
        ResponsePosted(
            **base,
            response_id=response_id,
            action=action.value,
            dgi_state=dgi_state.value if dgi_state else None,
            entry_author_user_id=entry["author"],
            submitted_at=submitted_at,
            late=late,
        )
    )
    if meeting_due_by is not None:
        await emit(DgiDisagreement(**base, response_id=response_id, meeting_due_by=meeting_due_by, reason=body))
    read = (await _entry_reads([entry], register=register, access=access))[0]
    head_read = _head_read(head)
    assert head_read is not None
    return EntryStateRead(entry=read, head=head_read)


async def _open_entry(*, actor: Actor, entry_id: int) -> tuple[dict[str, Any], dict[str, Any], BodyAccess, _History]:
    entry, register, access = await _entry_access(actor=actor, entry_id=entry_id)
    access.require_read()
    history = _history(RegisterKind(register["kind"]), (await repo.responses_for([entry_id])).get(entry_id, []))
    return entry, register, access, history


async def post_response(*, actor: Actor, entry_id: int, data: ResponseCreate) -> EntryStateRead:
    """The employer's reasoned answer (L2315-22), by the president or a direction member; never by an élu."""
    async with transaction():
        entry, register, access, history = await _open_entry(actor=actor, entry_id=entry_id)
        _require_answerer(access)
        if history.closed_at is not None:
            raise InvalidState("Cette entrée est close : inscrivez une nouvelle entrée au registre.")
        return await _respond(
            actor=actor,
            entry=entry,
            register=register,
            access=access,
            action=ResponseAction.ANSWER,
            body=data.body,
            submitted_at=_now(),
        )


async def record_dgi_step(*, actor: Actor, entry_id: int, data: DgiStepCreate) -> EntryStateRead:
    """Move a DGI alert on (L4132-2 enquiry and measures; L4132-3 disagreement → CSE within 24 hours)."""
    async with transaction():
        entry, register, access, history = await _open_entry(actor=actor, entry_id=entry_id)
        if register["kind"] != RegisterKind.DGI:
            raise InvalidState("Les étapes d'enquête ne concernent que le registre des dangers graves et imminents.")
        if _staff_side(access):
            side = Side.STAFF
        elif _employer_side(access):
            side = Side.EMPLOYER
        else:
            _deny(access, "Seuls les élus et la direction suivent une alerte DGI.")
        if not may_record_dgi_step(target=data.state, side=side):
            _deny(
                access, "Cette étape appartient à l'employeur : il procède à l'enquête et prend les mesures (L4132-2)."
            )
        assert history.dgi_state is not None
        try:
            check_dgi_transition(current=history.dgi_state, target=data.state)
        except IllegalDgiTransition as exc:
            raise InvalidState(str(exc), code="dgi_transition") from None
        now = _now()
        due_by = dgi_cse_meeting_due_by(disagreement_at=now) if data.state is DgiState.DISAGREEMENT else None
        return await _respond(
            actor=actor,
            entry=entry,
            register=register,
            access=access,
            action=ResponseAction.DGI_STEP,
            body=data.body,
            dgi_state=data.state,
            meeting_due_by=due_by,
            submitted_at=now,
        )


async def close_entry(*, actor: Actor, entry_id: int, data: CloseCreate) -> EntryStateRead:
    """The representatives settle an entry (its author or the secretary); a DGI alert closes by its steps."""
    async with transaction():
        entry, register, access, history = await _open_entry(actor=actor, entry_id=entry_id)
        if register["kind"] == RegisterKind.DGI:
            raise InvalidState("Une alerte DGI se clôt par ses étapes (POST /api/v1/entries/{id}/dgi-transitions).")
        if not (_staff_side(access) and (entry["author"] == actor.user_id or access.is_secretary)):
            _deny(access, "Seuls l'auteur de l'entrée et le secrétaire peuvent la clore.")
        if history.closed_at is not None:
            raise InvalidState("Cette entrée est déjà close.")
        return await _respond(
            actor=actor,
            entry=entry,
            register=register,
            access=access,
            action=ResponseAction.CLOSE,
            body=data.body,
            submitted_at=_now(),
        )


# ------------------------------------------------------------------------------------------------ integrity


async def verify_register(
    *, actor: Actor, register_id: int, number: int | None = None, hash: str | None = None
) -> VerifyRead:
    """Recompute the whole chain; with a kept digest, say whether it is still in an intact prefix."""
    if (number is None) != (hash is None):
        missing = "hash" if hash is None else "number"
        raise InvalidInput(
            "Une empreinte se vérifie avec son numéro et son hash.",
            errors=[{"field": missing, "message": "à fournir avec " + ("number" if missing == "hash" else "hash")}],
        )
    _, access = await _register_access(actor=actor, register_id=register_id)
    access.require_read()
    records = await repo.ledger(register_id)
    result = verify_chain(records)
    last = records[-1] if records else None
    head = Head(seq=last.seq, number=last.number, hash=last.hash) if last else None
    found = digest_found(records, number=number, hash=hash) if number is not None and hash is not None else None
    return VerifyRead(
        valid=result.valid,
        entries=result.entries,
        first_broken=result.first_broken,
        first_broken_seq=result.first_broken_seq,
        records=len(records),
        head=_head_read(head),
        digest_found=found,
        checked_at=_now(),
    )


@dataclass(frozen=True, slots=True)
class RegisterExport:
    """A rendered export and the file name it is served under."""

    content: bytes
    filename: str


@dataclass(frozen=True, slots=True)
class _Snapshot:
    register: Mapping[str, Any]
    body_name: str
    entries: list[EntryRead]
    verify: VerifyRead

    @property
    def digest(self) -> str:
        return self.verify.head.digest if self.verify.head else "registre vide, aucune empreinte"

    def filename(self, extension: str) -> str:
        return f"registre-{self.register['kind']}-{self.register['id']}.{extension}"

    def last_write(self) -> datetime:
        created: datetime = self.register["created_at"]
        moments = [created] + [e.submitted_at for e in self.entries]
        moments += [r.submitted_at for e in self.entries for r in e.responses]
        return max(moments)


async def _snapshot(*, actor: Actor, register_id: int) -> _Snapshot:
    """Everything a printed register shows; confidential entries redacted for readers outside the body."""
    register, access = await _register_access(actor=actor, register_id=register_id)
    access.require_read()
    entries = await _entry_reads(await repo.all_entries(register_id), register=register, access=access)
    verify = await verify_register(actor=actor, register_id=register_id)
    return _Snapshot(register=register, body_name=access.name, entries=entries, verify=verify)


async def export_csv(*, actor: Actor, register_id: int) -> RegisterExport:
    """The ledger as CSV, one row per record, hashes included (to re-verify outside the application)."""
    snapshot = await _snapshot(actor=actor, register_id=register_id)
    return RegisterExport(
        content=exports.render_csv(snapshot.entries).encode("utf-8"), filename=snapshot.filename("csv")
    )


async def export_html(*, actor: Actor, register_id: int) -> RegisterExport:
    """The printable register: numbered pages with the chain digest on each (D4132-1, D4133-1)."""
    s = await _snapshot(actor=actor, register_id=register_id)
    html = exports.render_html(
        title=s.register["title"],
        body_name=s.body_name,
        legal_basis=LEGAL_BASIS[RegisterKind(s.register["kind"])],
        entries=s.entries,
        digest=s.digest,
        valid=s.verify.valid,
        first_broken=s.verify.first_broken,
        printed_at=s.verify.checked_at,
    )
    return RegisterExport(content=html.encode("utf-8"), filename=s.filename("html"))


async def export_pdf(*, actor: Actor, register_id: int) -> RegisterExport:
    """The register as an A4 PDF: "Page X / Y" and the chain digest in every page's footer."""
    s = await _snapshot(actor=actor, register_id=register_id)
    pdf = exports.render_register_pdf(
        title=s.register["title"],
        body_name=s.body_name,
        legal_basis=LEGAL_BASIS[RegisterKind(s.register["kind"])],
        entries=s.entries,
        digest=s.digest,
        valid=s.verify.valid,
        first_broken=s.verify.first_broken,
        printed_at=s.verify.checked_at,
        created_at=s.last_write(),
    )
    return RegisterExport(content=pdf, filename=s.filename("pdf"))


# ------------------------------------------------------------------------------------------------ reminders


@dataclass(frozen=True, slots=True)
class DueEntry:
    """An entry whose due date falls in the asked window, with its computed status (for the worker)."""

    entry_id: int
    organization_id: int
    body_id: int
    register_id: int
    register_kind: str
    register_title: str
    number: int
    subject: str
    confidential: bool
    due_on: date
    status: EntryStatus
    alert: DeadlineAlert | None


async def entries_due_between(
    *,
    start: date,
    end: date,
    today: date | None = None,
    organization_id: int | None = None,
    near_days: int = 2,
    include_settled: bool = False,
) -> list[DueEntry]:
    """Entries due in [start, end] still awaiting the direction (open or overdue), in due-date order.

    For the notifications worker: `alert` says whether the deadline is near or passed on `today`.
    """
    today = today or _local_date(_now())
    rows = await repo.open_entries_due(start=start, end=end, organization_id=organization_id)
    responses = await repo.responses_for(r["id"] for r in rows)
    found: list[DueEntry] = []
    for row in rows:
        kind = RegisterKind(row["register.kind"])
        status = _status(row, _history(kind, responses.get(row["id"], [])), today)
        if not include_settled and status in {EntryStatus.ANSWERED, EntryStatus.CLOSED}:
            continue
        due_on = as_date(row["due_on"])
        assert due_on is not None
        found.append(
            DueEntry(
                entry_id=row["id"],
                organization_id=row["register.organization"],
                body_id=row["register.body"],
                register_id=row["register"],
                register_kind=kind.value,
                register_title=row["register.title"],
                number=row["number"],
                subject=CONFIDENTIAL_SUBJECT if row["confidential"] else row["subject"],
                confidential=bool(row["confidential"]),
                due_on=due_on,
                status=status,
                alert=deadline_alert(due_on=due_on, status=status, today=today, near_days=near_days),
            )
        )
    return found


async def deadline_events(
    *, today: date, near_days: int = 2, overdue_since: date | None = None, organization_id: int | None = None
) -> list[RegisterEvent]:
    """Reminder events for a daily run: due within `near_days`, or overdue since `overdue_since` (yesterday)."""
    since = overdue_since or date.fromordinal(today.toordinal() - 1)
    end = date.fromordinal(today.toordinal() + near_days)
    due = await entries_due_between(
        start=since, end=end, today=today, organization_id=organization_id, near_days=near_days
    )
    heads: dict[int, Head | None] = {}
    events: list[RegisterEvent] = []
    for item in due:
        if item.alert is None:
            continue
        if item.register_id not in heads:
            heads[item.register_id] = await repo.head(item.register_id)
        head = heads[item.register_id]
        assert head is not None
        common: dict[str, Any] = {
            "organization_id": item.organization_id,
            "body_id": item.body_id,
            "register_id": item.register_id,
            "register_kind": item.register_kind,
            "register_title": item.register_title,
            "entry_id": item.entry_id,
            "number": item.number,
            "subject": item.subject,
            "confidential": item.confidential,
            "head_number": head.number,
            "head_seq": head.seq,
            "head_hash": head.hash,
            "digest": format_digest(number=head.number, seq=head.seq, hash=head.hash),
            "due_on": item.due_on,
        }
        events.append(EntryOverdue(**common) if item.alert is DeadlineAlert.OVERDUE else EntryDeadlineNear(**common))
    return events
