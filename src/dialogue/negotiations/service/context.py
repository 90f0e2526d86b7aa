"""Loading a negotiation with the actor's standing, the checks every write shares, its audit and events."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

from pydantic import BaseModel

from dialogue.core.actor import Actor
from dialogue.core.clock import utcnow
from dialogue.core.errors import Conflict, InvalidState, NotFound
from dialogue.core.events import emit
from dialogue.negotiations.access import Standing, delegates_at, standing, unions_at_table
from dialogue.negotiations.common import audit_write, field_error
from dialogue.negotiations.events import NegotiationEvent, NegotiationStatusChanged
from dialogue.negotiations.rules import (
    AgreementKind,
    IllegalNegotiationTransition,
    NegotiationStatus,
    check_negotiation_transition,
    union_key,
)
from dialogue.negotiations.schemas import EMPLOYER, STATUS_LABELS
from dialogue.negotiations.tables import Negotiation

ACTIVE = frozenset({NegotiationStatus.OPEN, NegotiationStatus.IN_PROGRESS})
_EMPLOYER_NAMES = frozenset({EMPLOYER, "direction", "employeur"})


class EventSubject(TypedDict):
    """The fields every `NegotiationEvent` carries, read from the negotiation's row."""

    organization_id: int
    actor_user_id: int | None
    negotiation_id: int
    table_body_id: int
    title: str


def about(row: Mapping[str, Any], *, actor: Actor) -> EventSubject:
    return EventSubject(
        organization_id=row["organization"],
        actor_user_id=actor.user_id,
        negotiation_id=row["id"],
        table_body_id=row["table_body"],
        title=row["title"],
    )


async def current_row(negotiation_id: int) -> dict[str, Any]:
    """The negotiation's row as it stands now (after a lock or a write of this transaction)."""
    row = await Negotiation.select().where(Negotiation.id == negotiation_id).first()
    assert row is not None
    return row


async def save_changes(negotiation_id: int, values: dict[Any, Any]) -> None:
    """Write `values` to the negotiation, stamping `updated_at`."""
    await Negotiation.update({**values, Negotiation.updated_at: utcnow()}).where(Negotiation.id == negotiation_id)


async def record_change(
    row: Mapping[str, Any],
    *,
    actor: Actor,
    action: str,
    after: BaseModel | dict[str, Any],
    before: dict[str, Any] | None = None,
    entity: str = "negotiation",
    entity_id: int | None = None,
    event: NegotiationEvent | None = None,
) -> None:
    """The audit row of a write on a negotiation (or on one of its sessions or positions), then its event, both
    in the caller's transaction so that a rolled-back write leaves neither."""
    await audit_write(
        actor=actor,
        organization_id=row["organization"],
        action=action,
        entity=entity,
        entity_id=row["id"] if entity_id is None else entity_id,
        before=before,
        after=after,
    )
    if event is not None:
        await emit(event)


async def load_negotiation(*, actor: Actor, negotiation_id: int) -> tuple[dict[str, Any], Standing]:
    """The negotiation and the actor's standing; NotFound for another organisation's or an unknown one."""
    row = await Negotiation.select().where(Negotiation.id == negotiation_id).first()
    if row is None or row["organization"] != actor.organization_id:
        raise NotFound("Négociation introuvable.")
    who = await standing(actor=actor, organization_id=row["organization"])
    return row, who


async def load_readable(*, actor: Actor, negotiation_id: int) -> tuple[dict[str, Any], Standing]:
    """`load_negotiation` for someone who reads the negotiation's table (403 otherwise)."""
    row, who = await load_negotiation(actor=actor, negotiation_id=negotiation_id)
    who.require_read(row["table_body"])
    return row, who


async def load_managed(*, actor: Actor, negotiation_id: int) -> dict[str, Any]:
    """`load_negotiation` for someone who manages negotiations (the direction; 403 otherwise)."""
    row, who = await load_negotiation(actor=actor, negotiation_id=negotiation_id)
    who.require_manage()
    return row


def check_transition(current: str, target: NegotiationStatus, *, kind: str = AgreementKind.COMPANY) -> None:
    try:
        check_negotiation_transition(
            current=NegotiationStatus(current), target=target, unilateral=kind == AgreementKind.UNILATERAL
        )
    except IllegalNegotiationTransition as exc:
        raise InvalidState(str(exc), code="illegal_transition") from exc


async def emit_status_changed(row: dict[str, Any], *, actor: Actor, target: NegotiationStatus) -> None:
    await emit(NegotiationStatusChanged(**about(row, actor=actor), previous=row["status"], status=target.value))


def require_active(row: dict[str, Any], what: str) -> None:
    status = NegotiationStatus(row["status"])
    if status is NegotiationStatus.PLANNED:
        raise InvalidState(f"Ouvrez d'abord la négociation pour {what}.", code="negotiation_not_open")
    if status not in ACTIVE:
        raise InvalidState(
            f"La négociation est close (« {STATUS_LABELS[status]} ») : impossible de {what}.",
            code="negotiation_concluded",
        )


async def parties_at_table(table_body_id: int) -> dict[str, str]:
    return unions_at_table(await delegates_at(table_body_id=table_body_id))


def check_party(party: str, unions: dict[str, str], *, field: str) -> str:
    """`employer` or a union seated at the table (its name as written there); 409 for another union."""
    if party.casefold() in _EMPLOYER_NAMES:
        return EMPLOYER
    if union_key(party) not in unions:
        raise Conflict(
            f"« {party} » n'a pas de délégué à cette table de négociation.",
            code="union_not_at_table",
            field=field,
        )
    return unions[union_key(party)]


def listed_party(party: str, unions: dict[str, str], *, field: str) -> str:
    """A party named in a list (attendees, final positions): `employer` or a union seated at the table; 422 on
    `field` for another one."""
    if party.casefold() not in _EMPLOYER_NAMES and union_key(party) not in unions:
        raise field_error(f"« {party} » n'a pas de délégué à cette table.", field)
    return check_party(party, unions, field="party")
