"""Registers: numbered, append-only, hash-chained entries and the answers the law requires.

Writers of one register are serialised (row lock on PostgreSQL; the in-process writer lock and IMMEDIATE
transactions on SQLite): each takes the next number and ledger position, chains the hash and inserts in
one transaction; the unique indexes (register, number) and (register, seq) are the last guard. Nothing
here updates or deletes an entry or a response: corrections are addenda (`corrects`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final, NoReturn

from dialogue.audit import service as audit
from dialogue.bodies.access import BodyAccess, access_of, body_access
from dialogue.core.actor import Actor
from dialogue.core.clock import as_date, local_today, utcnow
from dialogue.core.db import transaction
from dialogue.core.errors import Conflict, Forbidden, InvalidInput, InvalidState, NotFound
from dialogue.core.events import emit
from dialogue.integrity import chain_key
from dialogue.registers import exports
from dialogue.registers import repository as repo
from dialogue.registers.events import DgiDisagreement, EntrySubmitted, ResponsePosted
from dialogue.registers.ledger import append_entry, append_response, chain_keys, prepare_entry, seal_new_register
from dialogue.registers.repository import Head
from dialogue.registers.rules import (
    DgiState,
    IllegalDgiTransition,
    RegisterKind,
    ResponseAction,
    Side,
    check_dgi_transition,
    check_inspector_informed_at,
    dgi_cse_meeting_due_by,
    digest_found,
    format_digest,
    is_answer_late,
    may_record_dgi_step,
    verify_chain,
)
from dialogue.registers.schemas import (
    CloseCreate,
    DgiStepCreate,
    EntryCreate,
    EntryRead,
    EntryStateRead,
    RegisterCreate,
    RegisterRead,
    ResponseCreate,
    VerifyRead,
)
from dialogue.registers.tables import Register
from dialogue.registers.views import (
    CONFIDENTIAL_SUBJECT,
    LEGAL_BASIS,
    History,
    entry_history,
    entry_read,
    entry_reads,
    head_read,
    local_date,
    register_read,
)

log = logging.getLogger("dialogue.registers")

KIND_TITLES: Final[Mapping[RegisterKind, str]] = {
    RegisterKind.QUESTIONS: "Registre des questions des élus et des réponses motivées de l'employeur",
    RegisterKind.DGI: "Registre spécial des dangers graves et imminents",
    RegisterKind.PUBLIC_HEALTH: "Registre des alertes en matière de santé publique et d'environnement",
    RegisterKind.PERSONAL_RIGHTS: "Registre des alertes pour atteinte aux droits des personnes",
    RegisterKind.DIALOGUE: "Registre du dialogue entre les collèges",
}
#: Bodies that hold the statutory registers: the CSE (and its central CSE and CSSCT); `dialogue` fits any body.
STATUTORY_BODY_KINDS: Final = frozenset({"cse", "cse_central", "cssct"})


def _now() -> datetime:
    return utcnow()


def _today() -> date:
    return local_date(_now())


# ------------------------------------------------------------------------------------------------ access


async def _register_reading(
    *, actor: Actor, register_id: int
) -> tuple[dict[str, Any], BodyAccess, repo.HolidayCalendar]:
    """The register, the actor's access to its body and the body's calendar, in one query."""
    found = await repo.register_with_access(user_id=actor.user_id, register_id=register_id)
    if found is None:
        raise NotFound("Registre introuvable.")
    register, access_row, calendar = found
    return register, access_of(actor, access_row, today=local_today()), calendar


async def _register_access(*, actor: Actor, register_id: int) -> tuple[dict[str, Any], BodyAccess]:
    register, access, _ = await _register_reading(actor=actor, register_id=register_id)
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


async def list_registers(*, actor: Actor, body_id: int, limit: int, offset: int) -> tuple[list[RegisterRead], int]:
    """The registers of a body, each with its number of entries and its head digest."""
    (await body_access(actor=actor, body_id=body_id)).require_read()
    rows, total = await repo.registers_of_body(body_id=body_id, limit=limit, offset=offset)
    counts = await repo.entry_counts(r["id"] for r in rows)
    return [register_read(r, entries=counts.get(r["id"], 0), head=await repo.head(r["id"])) for r in rows], total


async def get_register(*, actor: Actor, register_id: int) -> RegisterRead:
    register, access = await _register_access(actor=actor, register_id=register_id)
    access.require_read()
    counts = await repo.entry_counts([register_id])
    return register_read(register, entries=counts.get(register_id, 0), head=await repo.head(register_id))


async def list_entries(*, actor: Actor, register_id: int, limit: int, offset: int) -> tuple[list[EntryRead], int]:
    """Entries in number order; a confidential one is shown redacted to readers outside the body (L2315-3)."""
    register, access, calendar = await _register_reading(actor=actor, register_id=register_id)
    access.require_read()
    rows, corrections, total = await repo.entries_page(register_id=register_id, limit=limit, offset=offset)
    reads = await entry_reads(
        rows, register=register, access=access, now=_now(), calendar=calendar, corrections=corrections
    )
    return reads, total


async def get_entry(*, actor: Actor, entry_id: int) -> EntryRead:
    row, register, access = await _entry_access(actor=actor, entry_id=entry_id)
    access.require_read()
    if row["confidential"] and not access.sees_confidential:
        raise Forbidden("Entrée confidentielle : réservée aux membres de l'instance et à la direction (L2315-3).")
    return (await entry_reads([row], register=register, access=access, now=_now()))[0]


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
        saved = await repo.get_register(register.id)
        assert saved is not None
        await seal_new_register(saved)
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="create",
            entity="register",
            entity_id=register.id,
            after=data.model_dump(mode="json"),
        )
        return await get_register(actor=actor, register_id=register.id)


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


async def _author_of(*, access: BodyAccess, on_behalf_of: int | None) -> int:
    """The entry's author: the actor, or the élu whose written note the secretary transcribes (L2315-22)."""
    if on_behalf_of is None or on_behalf_of == access.actor.user_id:
        return access.actor.user_id
    if not access.is_secretary:
        _deny(access, "Seul le secrétaire transcrit au registre la note remise par un autre élu.")
    invalid = InvalidInput(
        "La note transcrite doit émaner d'un élu ou d'un représentant syndical de l'instance.",
        errors=[{"field": "on_behalf_of", "message": "ni élu ni représentant syndical de cette instance"}],
    )
    try:
        other = await body_access(
            actor=Actor(user_id=on_behalf_of, organization_id=access.organization_id), body_id=access.body_id
        )
    except NotFound:
        raise invalid from None
    if not _staff_side(other):
        raise invalid
    return on_behalf_of


async def submit_entry(*, actor: Actor, register_id: int, data: EntryCreate) -> EntryRead:
    """Élus, secretary and union representatives write; the direction may not write in their name (403).

    Checks and validation read before the writing transaction; the transaction (which holds the register's
    lock) only numbers, chains and inserts the entry, its audit row and one event row: the direction's mails
    are rendered by the worker (`notifications.fanout`), so concurrent writers wait for little (issue 15).
    """
    register, access = await _register_access(actor=actor, register_id=register_id)
    _require_submitter(access)
    author_id = await _author_of(access=access, on_behalf_of=data.on_behalf_of)
    if data.corrects is not None:
        corrected = await repo.entry_by_number(register_id=register_id, number=data.corrects)
        if corrected is not None and corrected["author"] != actor.user_id and not access.is_secretary:
            raise Forbidden("Seuls l'auteur de l'entrée et le secrétaire peuvent y inscrire un additif.")
    prepared_at = _now()
    new = await prepare_entry(register=register, data=data, submitted_at=prepared_at)
    name = await repo.author_name(author_id)
    async with transaction():
        submitted_at = _now()
        if local_date(submitted_at) != local_date(prepared_at):  # midnight passed while validating
            new = await prepare_entry(register=register, data=data, submitted_at=submitted_at)
        row, head = await append_entry(
            register_id=register_id, author_id=author_id, new=new, submitted_at=submitted_at, author_name=name
        )
        entry_id, number = row["id"], row["number"]
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="submit",
            entity="register_entry",
            entity_id=entry_id,
            after={
                "register_id": register_id,
                "number": number,
                "author_id": author_id,
                "seq": head.seq,
                "hash": head.hash,
            },
            body_id=access.body_id,
            confidential=data.confidential,
        )
        await emit(
            EntrySubmitted(
                **_event_base(register=register, entry=row, head=head, actor_user_id=actor.user_id),
                author_user_id=author_id,
                submitted_at=submitted_at,
                due_on=new.due_on,
                corrects=new.corrects,
                late_submission=new.late_submission,
            )
        )
    row["author.full_name"] = name
    # A new entry has no response nor addendum yet: only the calendar is read (for its status).
    calendar = await repo.holiday_calendar(register["body"])
    now = _now()
    return entry_read(
        row,
        kind=RegisterKind(register["kind"]),
        responses=[],
        corrected_by=[],
        access=access,
        today=local_date(now),
        now=now,
        alsace_moselle=calendar.alsace_moselle,
    )


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
    informed_at: datetime | None = None,
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
        informed_at=informed_at,
    )
    after: dict[str, Any] = {"response_id": response_id, "dgi_state": dgi_state, "seq": head.seq, "hash": head.hash}
    if informed_at is not None:
        after["informed_at"] = informed_at.isoformat()
    await audit.record(
        actor=actor,
        organization_id=access.organization_id,
        action=action.value,
        entity="register_entry",
        entity_id=entry["id"],
        after=after,
        body_id=access.body_id,
        confidential=bool(entry["confidential"]),
    )
    base = _event_base(register=register, entry=entry, head=head, actor_user_id=actor.user_id)
    due_on = as_date(entry["due_on"])
    late = action is not ResponseAction.CLOSE and is_answer_late(due_on=due_on, answered_on=local_date(submitted_at))
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
    read = (await entry_reads([entry], register=register, access=access, now=_now()))[0]
    new_head = head_read(head)
    assert new_head is not None
    return EntryStateRead(entry=read, head=new_head)


async def _open_entry(*, actor: Actor, entry_id: int) -> tuple[dict[str, Any], dict[str, Any], BodyAccess, History]:
    entry, register, access = await _entry_access(actor=actor, entry_id=entry_id)
    access.require_read()
    history = entry_history(RegisterKind(register["kind"]), (await repo.responses_for([entry_id])).get(entry_id, []))
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
    """Move a DGI alert on (L4132-2 enquiry and measures; L4132-3 disagreement → CSE within 24 hours; L4132-4
    disagreement persisting → the employer informs the labour inspector, dated by `informed_at`)."""
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
        informed_at = None
        if data.state is DgiState.INSPECTOR_INFORMED:
            informed_at = data.informed_at or now
            disagreement_at = await repo.first_disagreement_at(entry_id)
            assert disagreement_at is not None  # the transition table only reaches this step after a disagreement
            try:
                check_inspector_informed_at(informed_at=informed_at, disagreement_at=disagreement_at, now=now)
            except ValueError as exc:
                raise InvalidInput(str(exc), errors=[{"field": "informed_at", "message": str(exc)}]) from None
        return await _respond(
            actor=actor,
            entry=entry,
            register=register,
            access=access,
            action=ResponseAction.DGI_STEP,
            body=data.body,
            dgi_state=data.state,
            meeting_due_by=due_by,
            informed_at=informed_at,
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
    register, access = await _register_access(actor=actor, register_id=register_id)
    access.require_read()
    return await check_register(register, number=number, hash=hash)


async def check_register(
    register: Mapping[str, Any], *, number: int | None = None, hash: str | None = None
) -> VerifyRead:
    """Verify a register (no access check: for `verify_register` and the weekly head-digest mail)."""
    records = await repo.ledger(register["id"])
    keys = chain_keys(register)
    result = verify_chain(records, keys=keys)
    last = records[-1] if records else None
    head = Head(seq=last.seq, number=last.number, hash=last.hash) if last else None
    found = None
    if number is not None and hash is not None:
        found = digest_found(records, number=number, hash=hash, keys=keys)
    if not result.valid:
        log.warning(
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
        key_fingerprint=chain_key().fingerprint,
        checked_at=_now(),
    )


async def changed_registers(*, since: datetime) -> list[tuple[dict[str, Any], VerifyRead]]:
    """Registers written since `since`, each with its full verification (for the weekly head-digest mail)."""
    return [(row, await check_register(row)) for row in await repo.registers_written_since(since)]


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
    rows = await repo.all_entries(register_id)
    entries = await entry_reads(rows, register=register, access=access, now=_now())
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
