"""Meetings: the column `meeting.pv_case` becomes `meeting.minutes_case` (issue 14, one vocabulary: `minutes`,
not `pv`). The stored values (general, licenciement_economique_collectif, redressement_liquidation_judiciaire) do
not change. Plain SQL accepted by SQLite (>= 3.25) and PostgreSQL."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T02:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "meetings: rename meeting.pv_case to meeting.minutes_case"

STATEMENTS = ["ALTER TABLE meeting RENAME COLUMN pv_case TO minutes_case"]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="dialogue", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        assert engine is not None
        for statement in STATEMENTS:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
