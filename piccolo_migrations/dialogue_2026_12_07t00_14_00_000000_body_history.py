"""Audit trail: the body a row concerns (the body's history page) and the L2315-3 confidentiality flag.

Rows written before this migration about an item that is confidential now (agenda items, register entries)
are flagged, so that the audit reader redacts them (`audit.service.list_events`); earlier member changes get
their body, so that they appear in the body's history. Plain SQL accepted by SQLite and PostgreSQL, but for
reading a JSON value (one statement per engine).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T00:14:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "audit_event: body, confidential (L2315-3), flag rows of confidential agenda items and entries"

STATEMENTS = [
    "ALTER TABLE audit_event ADD COLUMN body INTEGER DEFAULT NULL",
    "ALTER TABLE audit_event ADD COLUMN confidential BOOLEAN NOT NULL DEFAULT FALSE",
    "CREATE INDEX IF NOT EXISTS audit_event_body ON audit_event (body)",
    "UPDATE audit_event SET confidential = TRUE WHERE entity = 'agenda_item' AND entity_id IN "
    "(SELECT CAST(id AS VARCHAR(60)) FROM agenda_item WHERE confidential = TRUE)",
    "UPDATE audit_event SET confidential = TRUE WHERE entity = 'register_entry' AND entity_id IN "
    "(SELECT CAST(id AS VARCHAR(60)) FROM register_entry WHERE confidential = TRUE)",
    "UPDATE audit_event SET body = CAST(entity_id AS INTEGER) WHERE entity = 'body'",
]
#: Member rows carry their body in the stored values (`body_id`); reading JSON differs between the engines.
MEMBER_BODY = {
    "sqlite": "UPDATE audit_event SET body = CAST(json_extract(COALESCE(after, before), '$.body_id') AS INTEGER) "
    "WHERE entity = 'member'",
    "postgres": "UPDATE audit_event SET body = CAST(COALESCE(after, before)::jsonb ->> 'body_id' AS INTEGER) "
    "WHERE entity = 'member'",
}


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="dialogue", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        assert engine is not None
        for statement in [*STATEMENTS, MEMBER_BODY[engine.engine_type]]:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
