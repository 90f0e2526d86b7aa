"""Small helpers every negotiations service uses: field errors, dates that cannot be future, JSON columns, the
audit row of a write."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from piccolo.table import Table
from pydantic import BaseModel

from dialogue.audit import service as audit
from dialogue.core.actor import Actor
from dialogue.core.errors import InvalidInput
from dialogue.organizations import service as organizations


def field_error(detail: str, field: str, message: str | None = None) -> InvalidInput:
    """A 422 naming the field at fault."""
    return InvalidInput(detail, errors=[{"field": field, "message": message or detail}])


def not_future(day: date, *, field: str, today: date) -> date:
    """`day`, unless it is after `today` (a fact is recorded once it happened)."""
    if day > today:
        raise field_error("Cette date ne peut être future.", field)
    return day


def loads(value: Any) -> Any:
    """JSON columns come back as text on both engines."""
    return json.loads(value) if isinstance(value, str) else value


async def headcount_of(*, actor: Actor, organization_id: int) -> int:
    return (await organizations.get_organization(actor=actor, organization_id=organization_id)).headcount


async def audit_write(
    *,
    actor: Actor,
    organization_id: int,
    entity: str,
    entity_id: int,
    after: BaseModel | dict[str, Any],
    action: str = "create",
    before: dict[str, Any] | None = None,
) -> None:
    """The audit row of a write, in the caller's transaction; an input model is recorded as its JSON."""
    await audit.record(
        actor=actor,
        organization_id=organization_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=before,
        after=after.model_dump(mode="json") if isinstance(after, BaseModel) else after,
    )


async def insert_audited(row: Table, *, actor: Actor, organization_id: int, entity: str, data: BaseModel) -> None:
    """Insert `row` with the audit row of its creation, whose input `data` is the whole record."""
    await row.save()
    row_id = int(getattr(row, row._meta.primary_key._meta.name))
    await audit_write(actor=actor, organization_id=organization_id, entity=entity, entity_id=row_id, after=data)
