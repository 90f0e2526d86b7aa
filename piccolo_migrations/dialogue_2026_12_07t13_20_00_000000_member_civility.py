"""A member's civility (issue 17): `member.civility` (madame, monsieur, or NULL when not given), so that a role
reads « Trésorière » for Isabelle and « Secrétaire adjoint » for Marc. Plain SQL for SQLite and PostgreSQL."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T13:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "member_civility: column member.civility"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="dialogue", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        assert engine is not None
        await engine.run_ddl("ALTER TABLE member ADD COLUMN civility VARCHAR(10) NULL")

    manager.add_raw(run)
    return manager
