"""Negotiations (issue 17): the referendum's registered voters, for its turnout (L2232-12, D2232-2 to D2232-6),
and the anonymised version filed with the deposit on TéléAccords (L2231-5-1, D2231-4). Two nullable columns,
plain SQL accepted by SQLite and PostgreSQL."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T13:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "negotiations: referendum_registered, deposit_anonymised_version"

STATEMENTS = [
    "ALTER TABLE negotiation ADD COLUMN referendum_registered INTEGER NULL DEFAULT NULL",
    "ALTER TABLE negotiation ADD COLUMN deposit_anonymised_version VARCHAR(300) NULL DEFAULT NULL",
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
