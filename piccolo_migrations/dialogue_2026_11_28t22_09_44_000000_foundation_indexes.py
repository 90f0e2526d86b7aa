"""Composite indexes Piccolo cannot declare; plain SQL accepted by SQLite and PostgreSQL.

Piccolo runs a migration's raw steps *before* its table steps, so raw SQL on new tables
lives in its own, later migration.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-28T22:09:44:000000"
VERSION = "1.38.0"
DESCRIPTION = "foundation: composite indexes"

STATEMENTS = [
    'CREATE UNIQUE INDEX IF NOT EXISTS member_body_user_uq ON member (body, "user")',
    "CREATE INDEX IF NOT EXISTS audit_event_org_at_ix ON audit_event (organization, at)",
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
