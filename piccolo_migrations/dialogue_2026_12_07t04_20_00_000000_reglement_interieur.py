"""Règlement intérieur (issue 16, L2315-24): table `reglement_interieur` (one row per adoption of a version, with
the parameters it sets) and `body.reglement_interieur_id` (the version in force, whose parameters the body
carries). Plain SQL for SQLite and PostgreSQL."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T04:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "reglement_interieur: table reglement_interieur, column body.reglement_interieur_id"

TABLE = """
CREATE TABLE IF NOT EXISTS reglement_interieur (
    id {key},
    body INTEGER NOT NULL REFERENCES body (id) ON DELETE CASCADE,
    document INTEGER NOT NULL REFERENCES document (id) ON DELETE RESTRICT,
    document_version INTEGER NOT NULL DEFAULT 1,
    adopted_on DATE NOT NULL,
    vote_id INTEGER,
    agenda_notice_days INTEGER NOT NULL DEFAULT 3,
    president_votes_on_minutes BOOLEAN NOT NULL DEFAULT TRUE,
    visio_max_per_year INTEGER,
    minutes_delay_days INTEGER,
    recorded_by INTEGER NOT NULL REFERENCES app_user (id) ON DELETE RESTRICT,
    recorded_at TIMESTAMPTZ NOT NULL
)
"""

STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS reglement_interieur_body ON reglement_interieur (body)",
    "ALTER TABLE body ADD COLUMN reglement_interieur_id INTEGER",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="dialogue", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        assert engine is not None
        key = "INTEGER PRIMARY KEY NOT NULL" if engine.engine_type == "sqlite" else "SERIAL PRIMARY KEY"
        await engine.run_ddl(TABLE.format(key=key))
        for statement in STATEMENTS:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
