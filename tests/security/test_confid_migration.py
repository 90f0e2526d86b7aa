"""Issue 13 — rows written before the L2315-3 audit rule are flagged by the migration, then read redacted."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from dialogue.audit import service as audit
from dialogue.audit.rules import REDACTED
from dialogue.audit.tables import AuditEvent
from dialogue.bodies.tables import Body
from dialogue.core.clock import utcnow
from dialogue.core.db import get_engine
from dialogue.meetings.tables import AgendaItem, Meeting

MIGRATION = Path(__file__).parents[2] / "piccolo_migrations/dialogue_2026_12_07t00_14_00_000000_body_history.py"


def _statements() -> list[str]:
    spec = importlib.util.spec_from_file_location("body_history", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    engine = get_engine()
    return [*module.STATEMENTS[3:], module.MEMBER_BODY[engine.engine_type]]


async def test_l2315_3_old_rows_of_a_confidential_item_are_flagged_and_read_redacted(db: Any) -> None:
    body = await Body.select(Body.id, Body.organization).where(Body.kind == "cse").first()
    assert body is not None
    moment = utcnow()
    meeting = await Meeting.insert(
        Meeting(body=body["id"], title="R", kind="ordinary", starts_at=moment, ends_at=moment, created_at=moment)
    ).returning(Meeting.id)
    item = await AgendaItem.insert(
        AgendaItem(
            meeting=meeting[0]["id"],
            position=1,
            title="Fermeture du site",
            kind="information",
            confidential=True,
            created_at=moment,
            updated_at=moment,
        )
    ).returning(AgendaItem.id)
    item_id = str(item[0]["id"])
    await AuditEvent.insert(  # as written before the rule: text in clear, not flagged, no body
        AuditEvent(
            organization=body["organization"],
            action="create",
            entity="agenda_item",
            entity_id=item_id,
            after={"title": "Fermeture du site", "kind": "information"},
            at=moment,
        ),
        AuditEvent(
            organization=body["organization"],
            action="delete",
            entity="member",
            entity_id="987654",
            before={"body_id": body["id"], "full_name": "Ancien Membre", "role": "titular", "college": "elus"},
            at=moment,
        ),
    )
    for statement in _statements():
        await get_engine().run_ddl(statement)

    rows, _ = await audit.list_events(organization_id=body["organization"], limit=500, offset=0)
    (old,) = [r for r in rows if r["entity"] == "agenda_item" and r["entity_id"] == item_id]
    assert old["confidential"] is True and old["after"] == {"title": REDACTED, "kind": "information"}
    history, _ = await audit.list_events(
        organization_id=body["organization"], entities=("member",), body_id=body["id"], limit=500, offset=0
    )
    assert any(r["entity_id"] == "987654" for r in history)
