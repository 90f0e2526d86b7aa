"""Audit trail: every write records who, what, when, before and after (append-only)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from dialogue.audit.tables import AuditEvent
from dialogue.core.actor import Actor, request_id_var
from dialogue.core.clock import utcnow


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=_default)) if value is not None else None


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


async def record(
    *,
    actor: Actor | None,
    organization_id: int,
    action: str,
    entity: str,
    entity_id: int | str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Append one audit event, inside the caller's transaction."""
    await AuditEvent.insert(
        AuditEvent(
            organization=organization_id,
            actor=actor.user_id if actor else None,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            before=_jsonable(before),
            after=_jsonable(after),
            at=utcnow(),
            request_id=request_id_var.get(),
        )
    )


async def list_events(
    *, organization_id: int, limit: int, offset: int, entity: str | None = None
) -> tuple[list[dict[str, Any]], int]:
    query = AuditEvent.select().where(AuditEvent.organization == organization_id)
    count = AuditEvent.count().where(AuditEvent.organization == organization_id)
    if entity:
        query = query.where(AuditEvent.entity == entity)
        count = count.where(AuditEvent.entity == entity)
    rows = await query.order_by(AuditEvent.id, ascending=False).limit(limit).offset(offset)
    for row in rows:
        for key in ("before", "after"):
            if isinstance(row[key], str):
                row[key] = json.loads(row[key])
    return rows, await count
