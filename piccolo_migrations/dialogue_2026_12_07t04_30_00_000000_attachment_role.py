"""The role of a negotiation's document (issue 16): `document_attachment.role` (draft, signed, anonymised: the
signed agreement and its anonymised version for deposit, L2231-5-1). Plain SQL for SQLite and PostgreSQL."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T04:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "attachment_role: column document_attachment.role"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="dialogue", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        assert engine is not None
        await engine.run_ddl("ALTER TABLE document_attachment ADD COLUMN role VARCHAR(20) NULL")

    manager.add_raw(run)
    return manager
