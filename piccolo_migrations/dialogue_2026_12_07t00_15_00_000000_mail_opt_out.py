"""Notifications: `notification_opt_out`, one-click unsubscribe (RFC 8058) of addresses without an account from
the agenda mails (issue 13). Plain SQL for SQLite and PostgreSQL (the key column differs by engine)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T00:15:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "notifications: table notification_opt_out"

TABLE = """
CREATE TABLE IF NOT EXISTS notification_opt_out (
    id {key},
    organization INTEGER NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    category VARCHAR(20) NOT NULL,
    address_digest VARCHAR(64) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
)
"""

INDEXES = [
    "CREATE INDEX IF NOT EXISTS notification_opt_out_organization ON notification_opt_out (organization)",
    "CREATE UNIQUE INDEX IF NOT EXISTS notification_opt_out_unique "
    "ON notification_opt_out (organization, category, address_digest)",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="dialogue", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        assert engine is not None
        key = "INTEGER PRIMARY KEY NOT NULL" if engine.engine_type == "sqlite" else "SERIAL PRIMARY KEY"
        await engine.run_ddl(TABLE.format(key=key))
        for statement in INDEXES:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
