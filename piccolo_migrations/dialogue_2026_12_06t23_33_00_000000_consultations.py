"""Consultations: the expert's designation date (R2315-49) and the employer's court challenge of the expertise, which
suspends the consultation delays until the judgment (L2315-86). Plain SQL accepted by SQLite and PostgreSQL."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-06T23:33:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "consultations: expert_appointed_on, challenge_filed_on, judgment_on"

COLUMNS = ("expert_appointed_on", "challenge_filed_on", "judgment_on")


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="dialogue", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        assert engine is not None
        for column in COLUMNS:
            await engine.run_ddl(f"ALTER TABLE consultation ADD COLUMN {column} DATE NULL DEFAULT NULL")

    manager.add_raw(run)
    return manager
