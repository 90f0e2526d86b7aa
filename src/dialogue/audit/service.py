"""Audit trail: every write records who, what, when, before and after (append-only).

Confidential items (L2315-3) are protected twice, so that no reader of the trail, API or export, can see
their text: (1) at write time, a row written with `confidential=True` keeps no free text
(`rules.redact_confidential`); (2) at read time, `list_events` also redacts every row of an entity that has
one confidential row, which covers rows written before the item was made confidential (and rows written
before this rule existed, flagged by the migration). Rows are never rewritten.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, cast

from dialogue.audit.rules import redact_confidential
from dialogue.audit.schemas import AuditEventRow, Snapshot
from dialogue.audit.tables import AuditEvent
from dialogue.core.actor import Actor, request_id_var
from dialogue.core.clock import utcnow
from dialogue.core.db import get_engine, insert_many_query, insert_query


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=_default)) if value is not None else None


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def event_row(
    *,
    actor: Actor | None,
    organization_id: int,
    action: str,
    entity: str,
    entity_id: int | str,
    before: Snapshot | None = None,
    after: Snapshot | None = None,
    body_id: int | None = None,
    confidential: bool = False,
    request_id: str | None = None,
) -> dict[str, Any]:
    """The audit row `record` writes, for `record_all` (several written together). `request_id`: the request
    that made the change (default: the current one; a group commit writes for several requests)."""
    stored_before, stored_after = _jsonable(before), _jsonable(after)
    if confidential:
        stored_before, stored_after = redact_confidential(stored_before), redact_confidential(stored_after)
    return {
        "organization": organization_id,
        "actor": actor.user_id if actor else None,
        "action": action,
        "entity": entity,
        "entity_id": str(entity_id),
        "before": stored_before,
        "after": stored_after,
        "at": utcnow(),
        "request_id": request_id if request_id is not None else request_id_var.get(),
        "body": body_id,
        "confidential": confidential,
    }


async def record(
    *,
    actor: Actor | None,
    organization_id: int,
    action: str,
    entity: str,
    entity_id: int | str,
    before: Snapshot | None = None,
    after: Snapshot | None = None,
    body_id: int | None = None,
    confidential: bool = False,
) -> int:
    """Append one audit event, inside the caller's transaction; returns its id.

    `confidential=True` for an item presented as confidential (L2315-3) before or after the change: its
    texts are redacted before they are stored. `body_id` names the body the row concerns (its history).
    """
    row = event_row(
        actor=actor,
        organization_id=organization_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=before,
        after=after,
        body_id=body_id,
        confidential=confidential,
    )
    # Plain SQL (`insert_query`): every write records a row, and Piccolo's insert cost more CPU than the
    # statement itself (issue 15, the register's hot path).
    rows = await get_engine().run_querystring(insert_query(AuditEvent, row))
    return int(rows[0]["id"])


async def record_all(rows: Sequence[dict[str, Any]]) -> None:
    """Append the rows `event_row` built, in one statement, inside the caller's transaction."""
    await get_engine().run_querystring(insert_many_query(AuditEvent, rows, returning=None))


async def _confidential_entities(*, organization_id: int, rows: Iterable[dict[str, Any]]) -> set[tuple[str, str]]:
    """(entity, entity_id) of the given rows that have at least one confidential row in the trail."""
    keys = {(r["entity"], r["entity_id"]) for r in rows}
    if not keys:
        return set()
    flagged = await AuditEvent.select(AuditEvent.entity, AuditEvent.entity_id).where(
        (AuditEvent.organization == organization_id)
        & (AuditEvent.confidential == True)  # noqa: E712
        & (AuditEvent.entity_id.is_in(sorted({k[1] for k in keys})))
    )
    return {(f["entity"], f["entity_id"]) for f in flagged} & keys


async def list_events(
    *,
    organization_id: int,
    limit: int,
    offset: int,
    entity: str | None = None,
    entities: Iterable[str] | None = None,
    body_id: int | None = None,
) -> tuple[list[AuditEventRow], int]:
    """Newest first; every row of a confidential entity comes out redacted (L2315-3), whoever reads."""
    query = AuditEvent.select(
        *[c for c in AuditEvent._meta.columns if c._meta.name not in {"body", "confidential"}],
        AuditEvent.body.as_alias("body_id"),
        AuditEvent.actor.full_name.as_alias("actor_name"),
    ).where(AuditEvent.organization == organization_id)
    count = AuditEvent.count().where(AuditEvent.organization == organization_id)
    if entity:
        query = query.where(AuditEvent.entity == entity)
        count = count.where(AuditEvent.entity == entity)
    if entities is not None:
        names = sorted(set(entities)) or [""]
        query = query.where(AuditEvent.entity.is_in(names))
        count = count.where(AuditEvent.entity.is_in(names))
    if body_id is not None:
        query = query.where(AuditEvent.body == body_id)
        count = count.where(AuditEvent.body == body_id)
    rows = await query.order_by(AuditEvent.id, ascending=False).limit(limit).offset(offset)
    confidential = await _confidential_entities(organization_id=organization_id, rows=rows)
    items = [_event_row(row, confidential=(row["entity"], row["entity_id"]) in confidential) for row in rows]
    return items, await count


def _event_row(row: dict[str, Any], *, confidential: bool) -> AuditEventRow:
    """The selected row, its snapshots decoded (SQLite returns JSON as text) and redacted when confidential."""
    before, after = (json.loads(row[key]) if isinstance(row[key], str) else row[key] for key in ("before", "after"))
    if confidential:
        before, after = redact_confidential(before), redact_confidential(after)
    # The selected columns are the row's keys, in the same order (the API's JSON has not changed).
    return cast(AuditEventRow, {**row, "before": before, "after": after, "confidential": confidential})
