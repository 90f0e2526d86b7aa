"""Opening a register and writing an entry in it: numbered, chained and notified in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Final

from dialogue.audit import service as audit
from dialogue.bodies.access import BodyAccess, body_access
from dialogue.core.actor import Actor
from dialogue.core.db import transaction
from dialogue.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from dialogue.documents import service as documents
from dialogue.integrity import ChainKey
from dialogue.registers import repository as repo
from dialogue.registers.ledger import prepare_entry, seal_new_register
from dialogue.registers.rules import STATUTORY_BODY_KINDS, RegisterKind
from dialogue.registers.schemas import EntryCreate, EntryRead, RegisterCreate, RegisterRead
from dialogue.registers.service import common, group_commit
from dialogue.registers.service.reads import get_register
from dialogue.registers.tables import Register
from dialogue.registers.views import entry_read, local_date

KIND_TITLES: Final[Mapping[RegisterKind, str]] = {
    RegisterKind.QUESTIONS: "Registre des questions des élus et des réponses motivées de l'employeur",
    RegisterKind.DGI: "Registre spécial des dangers graves et imminents",
    RegisterKind.PUBLIC_HEALTH: "Registre des alertes en matière de santé publique et d'environnement",
    RegisterKind.PERSONAL_RIGHTS: "Registre des alertes pour atteinte aux droits des personnes",
    RegisterKind.DIALOGUE: "Registre du dialogue entre les collèges",
}


async def create_register(*, actor: Actor, body_id: int, data: RegisterCreate, chain_key: ChainKey) -> RegisterRead:
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
            created_at=common.now(),
        )
        await register.save()
        saved = await repo.get_register(register.id)
        assert saved is not None
        await seal_new_register(saved, chain_key=chain_key)
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="create",
            entity="register",
            entity_id=register.id,
            after=data.model_dump(mode="json"),
        )
        return await get_register(actor=actor, register_id=register.id)


async def _author_of(*, access: BodyAccess, on_behalf_of: int | None) -> int:
    """The entry's author: the actor, or the élu whose written note the secretary transcribes (L2315-22)."""
    if on_behalf_of is None or on_behalf_of == access.actor.user_id:
        return access.actor.user_id
    if not access.is_secretary:
        common.deny(access, "Seul le secrétaire transcrit au registre la note remise par un autre élu.")
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
    if not common.staff_side(other):
        raise invalid
    return on_behalf_of


async def _attachments(*, actor: Actor, data: EntryCreate) -> tuple[dict[str, Any], ...]:
    """The documents joined to an entry (photos, reports: a DGI alert's, L4132-2), as their current version is
    now: id, version, title, file name and SHA-256, hashed into the chained entry. 422 on `document_ids` for a
    document the author may not see or of another organisation, and for a confidential one on an entry that is
    not (L2315-3: a confidential photo would be shown to every reader of the register)."""
    found: list[dict[str, Any]] = []
    for position, document_id in enumerate(dict.fromkeys(data.document_ids)):
        field = f"document_ids.{position}"
        try:
            document = await documents.current_version(actor=actor, document_id=document_id)
        except NotFound:
            raise InvalidInput(
                "Document introuvable dans l'organisation.", errors=[{"field": field, "message": "document inconnu"}]
            ) from None
        if document.confidential and not data.confidential:
            raise InvalidInput(
                "Un document confidentiel ne se joint qu'à une entrée confidentielle (art. L2315-3).",
                errors=[{"field": field, "message": "document confidentiel"}],
            )
        found.append(
            {
                "document_id": document.id,
                "version": document.version,
                "title": document.title,
                "filename": document.filename,
                "sha256": document.sha256,
            }
        )
    return tuple(found)


async def submit_entry(*, actor: Actor, register_id: int, data: EntryCreate, chain_key: ChainKey) -> EntryRead:
    """Élus, secretary and union representatives write; the direction may not write in their name (403).

    Checks and validation read before the writing transaction (one query brings the register, the actor's
    access, their name and the body's calendar); the transaction (which holds the register's lock) only
    numbers, chains and inserts the entry, its audit row and one event row: the direction's mails are
    rendered by the worker (`notifications.fanout`), so concurrent writers wait for little (issue 15), and
    the submissions that wait for the same register are written together by the next transaction
    (`group_commit`). Six statements for a lone entry on either engine, in plain SQL
    (`tests/api/test_query_counts.py` pins them).
    """
    register, access, calendar, actor_name = await common.register_writing(actor=actor, register_id=register_id)
    common.require_submitter(access)
    author_id = await _author_of(access=access, on_behalf_of=data.on_behalf_of)
    if data.corrects is not None:
        corrected = await repo.entry_by_number(register_id=register_id, number=data.corrects)
        if corrected is not None and corrected["author"] != actor.user_id and not access.is_secretary:
            raise Forbidden("Seuls l'auteur de l'entrée et le secrétaire peuvent y inscrire un additif.")
    attached = await _attachments(actor=actor, data=data)
    prepared_at = common.now()
    new = replace(
        await prepare_entry(register=register, data=data, submitted_at=prepared_at, calendar=calendar),
        attachments=attached,
    )
    name = actor_name if author_id == actor.user_id else await repo.author_name(author_id)
    written = await group_commit.submit(
        group_commit.Submission(
            register=register,
            actor=actor,
            author_id=author_id,
            author_name=name,
            data=data,
            new=new,
            calendar=calendar,
            prepared_on=local_date(prepared_at),
            body_id=access.body_id,
        ),
        chain_key=chain_key,
    )
    row = written.row
    row["author.full_name"] = name
    # A new entry has no response nor addendum yet: its status needs only the calendar, read with the access.
    now = common.now()
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
