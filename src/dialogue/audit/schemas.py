"""The audit trail's shapes: what a write hands over (a snapshot) and what a reader gets back (one row)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

# pydantic reads TypedDicts (the audit page's `Page[AuditEventRow]`) only from typing_extensions before 3.12.
from typing_extensions import TypedDict

#: The state of an entity before or after a write, as the service knows it: stored as JSON (dates as ISO text,
#: anything else unknown as its text), confidential texts redacted first (L2315-3).
Snapshot = Mapping[str, object]


class AuditEventRow(TypedDict):
    """One event of the trail, as `list_events` returns it and the audit API serialises it (same keys)."""

    id: int
    organization: int
    actor: int | None
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    at: datetime
    request_id: str | None
    body_id: int | None
    actor_name: str | None
    confidential: bool
