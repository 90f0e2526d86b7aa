"""Regime per mandate (issue 12): the day the company reached 50 (L2312-2) and each body's mandate with the
company headcount at its election (L2312-3). Plain SQL accepted by SQLite and PostgreSQL."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-06T23:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "regime: organization.fifty_reached_on; body.headcount_at_election, mandate_start, mandate_end"

STATEMENTS = [
    "ALTER TABLE organization ADD COLUMN fifty_reached_on DATE NULL DEFAULT NULL",
    "ALTER TABLE body ADD COLUMN headcount_at_election INTEGER NULL DEFAULT NULL",
    "ALTER TABLE body ADD COLUMN mandate_start DATE NULL DEFAULT NULL",
    "ALTER TABLE body ADD COLUMN mandate_end DATE NULL DEFAULT NULL",
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
