"""Meetings: convening basis and statutory urgency on `meeting`; the 15-day SSCT notice (L2315-27 al. 4) as its
own table `ssct_meeting_notice`. Plain SQL for SQLite and PostgreSQL (the key column differs by engine)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-06T23:31:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "meetings: meeting.convened_basis, meeting.urgency, table ssct_meeting_notice"

COLUMNS = [
    "ALTER TABLE meeting ADD COLUMN convened_basis VARCHAR(30) DEFAULT NULL",
    "ALTER TABLE meeting ADD COLUMN urgency VARCHAR(30) DEFAULT NULL",
]

NOTICE_TABLE = """
CREATE TABLE IF NOT EXISTS ssct_meeting_notice (
    id {key},
    meeting INTEGER NOT NULL UNIQUE REFERENCES meeting (id) ON DELETE CASCADE,
    recipients JSON NOT NULL DEFAULT '[]',
    due_on DATE NOT NULL,
    sent_on DATE DEFAULT NULL,
    sent_by INTEGER DEFAULT NULL REFERENCES app_user (id) ON DELETE SET NULL,
    note TEXT DEFAULT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
)
"""


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="dialogue", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        assert engine is not None
        key = "INTEGER PRIMARY KEY NOT NULL" if engine.engine_type == "sqlite" else "SERIAL PRIMARY KEY"
        for statement in COLUMNS:
            await engine.run_ddl(statement)
        await engine.run_ddl(NOTICE_TABLE.format(key=key))

    manager.add_raw(run)
    return manager
