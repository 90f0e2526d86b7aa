"""Documents (issue 16): `document`, `document_version` (a new version never erases an old one) and
`document_access` (downloads and first views). No file bytes here: `storage_key` names the object in the
store. Plain SQL for SQLite and PostgreSQL (the key and big-integer columns differ by engine)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T03:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "documents: tables document, document_version, document_access"

TABLES = [
    """
CREATE TABLE IF NOT EXISTS document (
    id {key},
    organization INTEGER NOT NULL REFERENCES organization (id) ON DELETE RESTRICT,
    title VARCHAR(300) NOT NULL DEFAULT '',
    confidential BOOLEAN NOT NULL DEFAULT FALSE,
    created_by INTEGER NOT NULL REFERENCES app_user (id) ON DELETE RESTRICT,
    created_at TIMESTAMPTZ NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
)
""",
    """
CREATE TABLE IF NOT EXISTS document_version (
    id {key},
    document INTEGER NOT NULL REFERENCES document (id) ON DELETE RESTRICT,
    version INTEGER NOT NULL DEFAULT 1,
    filename VARCHAR(255) NOT NULL DEFAULT '',
    media_type VARCHAR(120) NOT NULL DEFAULT '',
    size BIGINT NOT NULL DEFAULT 0,
    sha256 VARCHAR(64) NOT NULL DEFAULT '',
    storage_key VARCHAR(200) NOT NULL DEFAULT '',
    uploaded_by INTEGER NOT NULL REFERENCES app_user (id) ON DELETE RESTRICT,
    uploaded_at TIMESTAMPTZ NOT NULL
)
""",
    """
CREATE TABLE IF NOT EXISTS document_access (
    id {key},
    document INTEGER NOT NULL REFERENCES document (id) ON DELETE RESTRICT,
    version INTEGER NOT NULL DEFAULT 1,
    "user" INTEGER NOT NULL REFERENCES app_user (id) ON DELETE RESTRICT,
    kind VARCHAR(20) NOT NULL DEFAULT 'download',
    at TIMESTAMPTZ NOT NULL
)
""",
]

INDEXES = [
    "CREATE INDEX IF NOT EXISTS document_organization ON document (organization)",
    "CREATE UNIQUE INDEX IF NOT EXISTS document_version_document_version_ux ON document_version (document, version)",
    "CREATE INDEX IF NOT EXISTS document_access_document ON document_access (document, at)",
    'CREATE INDEX IF NOT EXISTS document_access_first_view ON document_access (document, "user", kind)',
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
