"""Attached documents (issue 16): `document_attachment` (a document on an agenda item, a meeting or a
consultation, with the day it was communicated) and `consultation.informed_on_override_reason` (an information
date set by hand no longer follows the documents, R2312-5). Plain SQL for SQLite and PostgreSQL."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T04:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "attachments: table document_attachment, column consultation.informed_on_override_reason"

TABLE = """
CREATE TABLE IF NOT EXISTS document_attachment (
    id {key},
    document INTEGER NOT NULL REFERENCES document (id) ON DELETE RESTRICT,
    target_kind VARCHAR(20) NOT NULL DEFAULT 'agenda_item',
    target_id INTEGER NOT NULL DEFAULT 0,
    attached_by INTEGER NOT NULL REFERENCES app_user (id) ON DELETE RESTRICT,
    attached_at TIMESTAMPTZ NOT NULL,
    version INTEGER,
    communicated_on DATE
)
"""

STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS document_attachment_document ON document_attachment (document)",
    "CREATE UNIQUE INDEX IF NOT EXISTS document_attachment_target_ux "
    "ON document_attachment (document, target_kind, target_id)",
    "CREATE INDEX IF NOT EXISTS document_attachment_target ON document_attachment (target_kind, target_id)",
    "ALTER TABLE consultation ADD COLUMN informed_on_override_reason TEXT",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="dialogue", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        assert engine is not None
        key = "INTEGER PRIMARY KEY NOT NULL" if engine.engine_type == "sqlite" else "SERIAL PRIMARY KEY"
        await engine.run_ddl(TABLE.format(key=key))
        for statement in STATEMENTS:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
