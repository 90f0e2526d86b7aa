"""The answers appended after an entry: the employer's reasoned answer (L2315-22), the steps of a DGI alert
(L4132-2 to L4132-4) and the closing by the representatives; each chained and notified in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from dialogue.audit import service as audit
from dialogue.bodies.access import BodyAccess
from dialogue.core.actor import Actor
from dialogue.core.clock import as_date
from dialogue.core.db import transaction
from dialogue.core.errors import InvalidInput, InvalidState
from dialogue.core.events import emit
from dialogue.integrity import ChainKey
from dialogue.registers import repository as repo
from dialogue.registers.events import DgiDisagreement, ResponsePosted
from dialogue.registers.ledger import append_response
from dialogue.registers.rules import (
    DgiState,
    IllegalDgiTransition,
    RegisterKind,
    ResponseAction,
    Side,
    check_dgi_transition,
    check_inspector_informed_at,
    dgi_cse_meeting_due_by,
    is_answer_late,
    may_record_dgi_step,
)
from dialogue.registers.schemas import CloseCreate, DgiStepCreate, EntryStateRead, ResponseCreate
from dialogue.registers.service import common
from dialogue.registers.views import History, entry_history, entry_reads, head_read, local_date


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
    chain_key: ChainKey,
) -> EntryStateRead:
    response_id, head = await append_response(
        entry=entry,
        author_id=actor.user_id,
        action=action,
        body=body,
        submitted_at=submitted_at,
        chain_key=chain_key,
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
    base = common.event_base(register=register, entry=entry, head=head, actor_user_id=actor.user_id)
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
        await emit(
            DgiDisagreement(
                **base,
                response_id=response_id,
                recorded_at=submitted_at,
                meeting_due_by=meeting_due_by,
                reason=body,
            )
        )
    read = (await entry_reads([entry], register=register, access=access, now=common.now()))[0]
    new_head = head_read(head)
    assert new_head is not None
    return EntryStateRead(entry=read, head=new_head)


async def _open_entry(*, actor: Actor, entry_id: int) -> tuple[dict[str, Any], dict[str, Any], BodyAccess, History]:
    entry, register, access = await common.entry_access(actor=actor, entry_id=entry_id)
    access.require_read()
    history = entry_history(RegisterKind(register["kind"]), (await repo.responses_for([entry_id])).get(entry_id, []))
    return entry, register, access, history


async def post_response(*, actor: Actor, entry_id: int, data: ResponseCreate, chain_key: ChainKey) -> EntryStateRead:
    """The employer's reasoned answer (L2315-22), by the president or a direction member; never by an élu."""
    async with transaction():
        entry, register, access, history = await _open_entry(actor=actor, entry_id=entry_id)
        common.require_answerer(access)
        if history.closed_at is not None:
            raise InvalidState("Cette entrée est close : inscrivez une nouvelle entrée au registre.")
        return await _respond(
            actor=actor,
            entry=entry,
            register=register,
            access=access,
            action=ResponseAction.ANSWER,
            body=data.body,
            submitted_at=common.now(),
            chain_key=chain_key,
        )


async def record_dgi_step(*, actor: Actor, entry_id: int, data: DgiStepCreate, chain_key: ChainKey) -> EntryStateRead:
    """Move a DGI alert on (L4132-2 enquiry and measures; L4132-3 disagreement → CSE within 24 hours; L4132-4
    disagreement persisting → the employer informs the labour inspector, dated by `informed_at`)."""
    async with transaction():
        entry, register, access, history = await _open_entry(actor=actor, entry_id=entry_id)
        if register["kind"] != RegisterKind.DGI:
            raise InvalidState("Les étapes d'enquête ne concernent que le registre des dangers graves et imminents.")
        if common.staff_side(access):
            side = Side.STAFF
        elif common.employer_side(access):
            side = Side.EMPLOYER
        else:
            common.deny(access, "Seuls les élus et la direction suivent une alerte DGI.")
        if not may_record_dgi_step(target=data.state, side=side):
            common.deny(
                access, "Cette étape appartient à l'employeur : il procède à l'enquête et prend les mesures (L4132-2)."
            )
        assert history.dgi_state is not None
        try:
            check_dgi_transition(current=history.dgi_state, target=data.state)
        except IllegalDgiTransition as exc:
            raise InvalidState(str(exc), code="dgi_transition") from None
        now = common.now()
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
            chain_key=chain_key,
        )


async def close_entry(*, actor: Actor, entry_id: int, data: CloseCreate, chain_key: ChainKey) -> EntryStateRead:
    """The representatives settle an entry (its author or the secretary); a DGI alert closes by its steps."""
    async with transaction():
        entry, register, access, history = await _open_entry(actor=actor, entry_id=entry_id)
        if register["kind"] == RegisterKind.DGI:
            raise InvalidState("Une alerte DGI se clôt par ses étapes (POST /api/v1/entries/{id}/dgi-transitions).")
        if not (common.staff_side(access) and (entry["author"] == actor.user_id or access.is_secretary)):
            common.deny(access, "Seuls l'auteur de l'entrée et le secrétaire peuvent la clore.")
        if history.closed_at is not None:
            raise InvalidState("Cette entrée est déjà close.")
        return await _respond(
            actor=actor,
            entry=entry,
            register=register,
            access=access,
            action=ResponseAction.CLOSE,
            body=data.body,
            submitted_at=common.now(),
            chain_key=chain_key,
        )
