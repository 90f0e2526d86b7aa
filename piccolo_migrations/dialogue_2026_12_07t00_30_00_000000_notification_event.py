"""Notifications: `notification_event`, events whose e-mails the worker renders and fans out (issue 15: a
register submission writes one row under its lock instead of one rendered mail per recipient). Plain SQL for
SQLite and PostgreSQL (the key column differs by engine)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T00:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "notifications: table notification_event"

TABLE = """
CREATE TABLE IF NOT EXISTS notification_event (
    id {key},
    organization INTEGER NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    kind VARCHAR(60) NOT NULL,
    payload TEXT NOT NULL,
    status VARCHAR(10) NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    last_error TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    processed_at TIMESTAMPTZ
)
"""

INDEXES = [
    "CREATE INDEX IF NOT EXISTS notification_event_organization ON notification_event (organization)",
    "CREATE INDEX IF NOT EXISTS notification_event_status ON notification_event (status)",
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
