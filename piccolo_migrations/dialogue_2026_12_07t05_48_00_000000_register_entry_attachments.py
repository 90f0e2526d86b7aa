"""Documents attached to a register entry (issue 16: photos or reports, e.g. for a DGI alert): the version and
SHA-256 of each, stored on the entry and hashed into its chained record. Plain SQL for SQLite and PostgreSQL."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T05:48:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "registers: register_entry.attachments (document, version, SHA-256), part of the chained hash"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="dialogue", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        assert engine is not None
        await engine.run_ddl("ALTER TABLE register_entry ADD COLUMN attachments JSON NULL DEFAULT NULL")

    manager.add_raw(run)
    return manager
