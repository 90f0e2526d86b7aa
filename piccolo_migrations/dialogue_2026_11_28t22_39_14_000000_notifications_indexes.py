"""Outbox indexes Piccolo cannot declare (composite); plain SQL accepted by SQLite and PostgreSQL.

The worker claims due rows by (status, next_attempt_at); admins list an organisation's rows by status.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-28T22:39:14:000000"
VERSION = "1.38.0"
DESCRIPTION = "notifications: composite indexes"

STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS outbox_message_due_ix ON outbox_message (status, next_attempt_at)",
    "CREATE INDEX IF NOT EXISTS outbox_message_org_status_ix ON outbox_message (organization, status, id)",
    'CREATE INDEX IF NOT EXISTS calendar_feed_user_ix ON calendar_feed ("user", revoked_at)',
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
