"""Registers: the unique indexes that keep numbering gap-free and duplicate-free as a last guard.

The service already serialises writers per register (row lock on PostgreSQL, the writer lock on SQLite);
these indexes make a duplicate number or ledger position impossible whatever path wrote it.
Plain SQL accepted by SQLite and PostgreSQL, in a migration after the one creating the tables.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-28T22:28:56:000000"
VERSION = "1.38.0"
DESCRIPTION = "registers: composite unique indexes"

STATEMENTS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS register_body_kind_uq ON register (body, kind)",
    "CREATE UNIQUE INDEX IF NOT EXISTS register_entry_number_uq ON register_entry (register, number)",
    "CREATE UNIQUE INDEX IF NOT EXISTS register_entry_seq_uq ON register_entry (register, seq)",
    "CREATE UNIQUE INDEX IF NOT EXISTS register_response_seq_uq ON register_response (register, seq)",
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
