"""A consultation informed through the BDESE (issue 16, R2312-5): `consultation_bdese_item` links a consultation
to the BDESE items whose publication informed it, with the publication day counted. Plain SQL for SQLite and
PostgreSQL."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T04:35:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "consultations: table consultation_bdese_item"

TABLE = """
CREATE TABLE IF NOT EXISTS consultation_bdese_item (
    id {key},
    consultation INTEGER NOT NULL REFERENCES consultation (id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL DEFAULT 0,
    published_on DATE NOT NULL,
    linked_by INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    linked_at TIMESTAMPTZ NOT NULL
)
"""

STATEMENTS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS consultation_bdese_item_ux ON consultation_bdese_item (consultation, item_id)",
    "CREATE INDEX IF NOT EXISTS consultation_bdese_item_item_id ON consultation_bdese_item (item_id)",
    "CREATE INDEX IF NOT EXISTS consultation_bdese_item_consultation ON consultation_bdese_item (consultation)",
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
