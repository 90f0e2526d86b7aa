"""Loading a negotiation with the actor's standing, the checks every write shares, its audit and events."""

from __future__ import annotations

from typing import Any

from dialogue.core.actor import Actor
from dialogue.core.errors import Conflict, InvalidState, NotFound
from dialogue.core.events import emit
from dialogue.negotiations.access import Standing, delegates_at, standing, unions_at_table
from dialogue.negotiations.events import (
    NegotiationStatusChanged,
)
from dialogue.negotiations.rules import (
    AgreementKind,
    IllegalNegotiationTransition,
    NegotiationStatus,
    check_negotiation_transition,
    union_key,
)
from dialogue.negotiations.schemas import (
    EMPLOYER,
    STATUS_LABELS,
)
from dialogue.negotiations.tables import (
    Negotiation,
)

ACTIVE = frozenset({NegotiationStatus.OPEN, NegotiationStatus.IN_PROGRESS})


async def load_negotiation(*, actor: Actor, negotiation_id: int) -> tuple[dict[str, Any], Standing]:
    """The negotiation and the actor's standing; NotFound for another organisation's or an unknown one."""
    row = await Negotiation.select().where(Negotiation.id == negotiation_id).first()
    if row is None or row["organization"] != actor.organization_id:
        raise NotFound("Négociation introuvable.")
    who = await standing(actor=actor, organization_id=row["organization"])
    return row, who


def check_transition(current: str, target: NegotiationStatus, *, kind: str = AgreementKind.COMPANY) -> None:
    try:
        check_negotiation_transition(
            current=NegotiationStatus(current), target=target, unilateral=kind == AgreementKind.UNILATERAL
        )
    except IllegalNegotiationTransition as exc:
        raise InvalidState(str(exc), code="illegal_transition") from exc


async def emit_status_changed(row: dict[str, Any], *, actor: Actor, target: NegotiationStatus) -> None:
    await emit(
        NegotiationStatusChanged(
            organization_id=row["organization"],
            actor_user_id=actor.user_id,
            negotiation_id=row["id"],
            table_body_id=row["table_body"],
            title=row["title"],
            previous=row["status"],
            status=target.value,
        )
    )


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
    if party.casefold() in {EMPLOYER, "direction", "employeur"}:
        return EMPLOYER
    if union_key(party) not in unions:
        raise Conflict(
            f"« {party} » n'a pas de délégué à cette table de négociation.",
            code="union_not_at_table",
            field=field,
        )
    return unions[union_key(party)]
