"""Working days and register follow-ups (issue 12 items 11, 12): plain SQL accepted by SQLite and PostgreSQL.

- establishment.worked_holidays: keys of the public holidays habitually worked there (jours ouvrables,
  DOMAIN.md §0.10); empty by default (every holiday non-worked).
- register_response.due_on / meeting_on: a `due_date_changed` record (meeting rescheduled, L2315-22).
- register_response.informed_at: when the labour inspector was informed of a persisting DGI disagreement
  (L4132-4).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-06T23:35:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "workdays: establishment.worked_holidays; register_response due_on, meeting_on, informed_at"

STATEMENTS = [
    "ALTER TABLE establishment ADD COLUMN worked_holidays JSON NOT NULL DEFAULT '[]'",
    "ALTER TABLE register_response ADD COLUMN due_on DATE NULL",
    "ALTER TABLE register_response ADD COLUMN meeting_on DATE NULL",
    "ALTER TABLE register_response ADD COLUMN informed_at TIMESTAMPTZ NULL",
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
