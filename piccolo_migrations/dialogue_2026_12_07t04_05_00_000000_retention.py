"""Texts of the CSE (issue 16, branch retention): a document's `kind` (DUERP, PV, accounts…, which selects its
retention), a version's `purged_at` (its bytes deleted from the store once its retention ended; the metadata
stays) and `consultation_id` (the CSE consultation on that version, L4121-3). Plain SQL for SQLite and PostgreSQL.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T04:05:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "retention: document.kind, document_version.purged_at and consultation_id"

STATEMENTS = [
    "ALTER TABLE document ADD COLUMN kind VARCHAR(40) NOT NULL DEFAULT 'other'",
    "ALTER TABLE document_version ADD COLUMN purged_at TIMESTAMPTZ DEFAULT NULL",
    "ALTER TABLE document_version ADD COLUMN consultation_id INTEGER DEFAULT NULL",
    "CREATE INDEX IF NOT EXISTS document_kind ON document (kind)",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="dialogue", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        assert engine is not None
        for statement in STATEMENTS:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
