"""QVT approach steps (issue 21 §3): `qvt_trinome_seat`, `qvt_step`, `qvt_experiment`. Plain SQL for SQLite and
PostgreSQL (the key column differs by engine)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T17:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "qvt: tables qvt_trinome_seat, qvt_step, qvt_experiment"

TABLES = [
    """
CREATE TABLE IF NOT EXISTS qvt_trinome_seat (
    id {key},
    organization INTEGER NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    body INTEGER NOT NULL REFERENCES body (id) ON DELETE CASCADE,
    "user" INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    side VARCHAR(30) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
)
""",
    """
CREATE TABLE IF NOT EXISTS qvt_step (
    id {key},
    organization INTEGER NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    body INTEGER NOT NULL REFERENCES body (id) ON DELETE CASCADE,
    kind VARCHAR(20) NOT NULL,
    started_on DATE,
    planned_end_on DATE,
    completed_on DATE,
    checklist JSON NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    benefits TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMPTZ NOT NULL
)
""",
    """
CREATE TABLE IF NOT EXISTS qvt_experiment (
    id {key},
    organization INTEGER NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    body INTEGER NOT NULL REFERENCES body (id) ON DELETE CASCADE,
    title VARCHAR(200) NOT NULL,
    format VARCHAR(30) NOT NULL,
    scope VARCHAR(200) NOT NULL DEFAULT '',
    started_on DATE NOT NULL,
    follow_up_done_on DATE,
    follow_up_notes TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL
)
""",
]

INDEXES = [
    'CREATE UNIQUE INDEX IF NOT EXISTS qvt_trinome_seat_body_user_side ON qvt_trinome_seat (body, "user", side)',
    "CREATE INDEX IF NOT EXISTS qvt_trinome_seat_organization ON qvt_trinome_seat (organization)",
    'CREATE INDEX IF NOT EXISTS qvt_trinome_seat_user ON qvt_trinome_seat ("user")',
    "CREATE UNIQUE INDEX IF NOT EXISTS qvt_step_body_kind ON qvt_step (body, kind)",
    "CREATE INDEX IF NOT EXISTS qvt_step_organization ON qvt_step (organization)",
    "CREATE INDEX IF NOT EXISTS qvt_experiment_body ON qvt_experiment (body)",
    "CREATE INDEX IF NOT EXISTS qvt_experiment_organization ON qvt_experiment (organization)",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="dialogue", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        assert engine is not None
        key = "INTEGER PRIMARY KEY NOT NULL" if engine.engine_type == "sqlite" else "SERIAL PRIMARY KEY"
        for table in TABLES:
            await engine.run_ddl(table.format(key=key))
        for statement in INDEXES:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
