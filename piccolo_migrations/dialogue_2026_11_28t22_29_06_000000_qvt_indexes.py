"""QVT: composite unique indexes Piccolo cannot declare; plain SQL accepted by SQLite and PostgreSQL.

Piccolo runs a migration's raw steps *before* its table steps, so they live in this later migration.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-28T22:29:06:000000"
VERSION = "1.38.0"
DESCRIPTION = "qvt: composite indexes"

STATEMENTS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS qvt_question_barometer_code_uq ON qvt_barometer_question (barometer, code)",
    "CREATE UNIQUE INDEX IF NOT EXISTS qvt_group_barometer_place_uq "
    "ON qvt_barometer_group (barometer, establishment, department)",
    'CREATE UNIQUE INDEX IF NOT EXISTS qvt_wg_member_uq ON qvt_working_group_member (working_group, "user")',
    "CREATE UNIQUE INDEX IF NOT EXISTS qvt_wg_priority_uq ON qvt_working_group_priority (working_group, priority)",
    "CREATE UNIQUE INDEX IF NOT EXISTS qvt_action_priority_uq ON qvt_action_priority (action, priority)",
    "CREATE INDEX IF NOT EXISTS qvt_barometer_org_year_ix ON qvt_barometer (organization, year)",
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
