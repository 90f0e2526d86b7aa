"""Indicators: indexes for the register queries of the dialogue indicators (issue 7, bench/indicators.py).

"Overdue entries" looks up each entry's first response (MIN(submitted_at) per entry): with
(entry, submitted_at) the lookup is one index probe reading a single index entry, instead of visiting every
response of the entry. Entries are selected per register on their due date (questions due in the period,
entries past due): (register, due_on) serves that range. Plain SQL accepted by SQLite and PostgreSQL.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-28T23:58:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "indicators: register_response (entry, submitted_at), register_entry (register, due_on)"

STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS register_response_entry_submitted_ix ON register_response (entry, submitted_at)",
    "CREATE INDEX IF NOT EXISTS register_entry_register_due_ix ON register_entry (register, due_on)",
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
