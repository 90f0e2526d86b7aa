"""BDESE (issue 16): `bdese_item`, `bdese_access`, `bdese_agreement`. `document_id` is a plain indexed integer
(the documents module comes alongside). Plain SQL for SQLite and PostgreSQL (the key column differs by engine)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T03:05:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "bdese: tables bdese_item, bdese_access, bdese_agreement"

TABLES = [
    """
CREATE TABLE IF NOT EXISTS bdese_item (
    id {key},
    organization INTEGER NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    theme VARCHAR(40) NOT NULL,
    sub_theme VARCHAR(60),
    year INTEGER NOT NULL,
    status VARCHAR(20) NOT NULL,
    title VARCHAR(300) NOT NULL,
    figures JSON,
    text TEXT,
    document_id INTEGER,
    economic_alert BOOLEAN NOT NULL DEFAULT FALSE,
    confidential_until DATE,
    confidentiality_reason TEXT,
    created_by INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    published_at TIMESTAMPTZ,
    published_by INTEGER REFERENCES app_user (id) ON DELETE SET NULL
)
""",
    """
CREATE TABLE IF NOT EXISTS bdese_access (
    id {key},
    organization INTEGER NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    "user" INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    action VARCHAR(20) NOT NULL,
    item_id INTEGER,
    theme VARCHAR(40),
    year INTEGER,
    at TIMESTAMPTZ NOT NULL
)
""",
    """
CREATE TABLE IF NOT EXISTS bdese_agreement (
    id {key},
    organization INTEGER NOT NULL UNIQUE REFERENCES organization (id) ON DELETE CASCADE,
    reference VARCHAR(300) NOT NULL,
    themes JSON NOT NULL,
    recorded_by INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    recorded_at TIMESTAMPTZ NOT NULL
)
""",
]

INDEXES = [
    "CREATE INDEX IF NOT EXISTS bdese_item_organization_year ON bdese_item (organization, year)",
    "CREATE INDEX IF NOT EXISTS bdese_item_year ON bdese_item (year)",
    "CREATE INDEX IF NOT EXISTS bdese_item_document_id ON bdese_item (document_id)",
    "CREATE INDEX IF NOT EXISTS bdese_item_organization ON bdese_item (organization)",
    "CREATE INDEX IF NOT EXISTS bdese_access_organization_at ON bdese_access (organization, at)",
    'CREATE INDEX IF NOT EXISTS bdese_access_user ON bdese_access ("user")',
    "CREATE INDEX IF NOT EXISTS bdese_access_at ON bdese_access (at)",
    "CREATE INDEX IF NOT EXISTS bdese_access_organization ON bdese_access (organization)",
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
