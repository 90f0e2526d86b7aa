"""Meetings: composite unique indexes Piccolo cannot declare (plain SQL for SQLite and PostgreSQL).

Raw steps run before table steps inside one migration, so these live in their own, later migration.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-28T22:38:53:000000"
VERSION = "1.38.0"
DESCRIPTION = "meetings: composite indexes"

STATEMENTS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS attendance_meeting_member_uq ON attendance (meeting, member)",
    "CREATE UNIQUE INDEX IF NOT EXISTS agenda_approval_meeting_version_role_uq ON agenda_approval (meeting, version, role)",
    "CREATE INDEX IF NOT EXISTS agenda_item_meeting_position_ix ON agenda_item (meeting, position)",
    "CREATE INDEX IF NOT EXISTS minutes_revision_minutes_revision_ix ON minutes_revision (minutes, revision)",
    "CREATE INDEX IF NOT EXISTS meeting_body_starts_ix ON meeting (body, starts_at)",
    "CREATE INDEX IF NOT EXISTS convocation_meeting_sequence_ix ON convocation (meeting, sequence)",
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
