"""Sessions that end (issue 13): per-account token version, throttle delays, revoked tokens.

- app_user.token_version: bumped by a password change or a deactivation; every token carries the version it
  was issued under and is refused once it differs (checked on each request, on every process);
- login_throttle.blocked_until: the progressive delay per account / the per-client block;
- revoked_token: tokens signed out before their expiry (jti), purged once expired.
Plain SQL accepted by SQLite and PostgreSQL; only the primary key of the new table differs.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T00:11:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "sessions: app_user.token_version, login_throttle.blocked_until, revoked_token"

COLUMNS = [
    ("app_user", "token_version", "INTEGER NOT NULL DEFAULT 0"),
    ("login_throttle", "blocked_until", "TIMESTAMPTZ NULL DEFAULT NULL"),
]

CREATE_REVOKED_TABLE = """CREATE TABLE IF NOT EXISTS revoked_token (
    id {id},
    jti VARCHAR(64) NOT NULL UNIQUE,
    "user" INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    expires_at TIMESTAMPTZ NOT NULL
)"""

INDEXES = [
    'CREATE INDEX IF NOT EXISTS revoked_token_user ON revoked_token ("user")',
    "CREATE INDEX IF NOT EXISTS revoked_token_expires_at ON revoked_token (expires_at)",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="dialogue", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        assert engine is not None
        sqlite = engine.engine_type == "sqlite"
        for table, column, definition in COLUMNS:
            await engine.run_ddl(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
        primary_key = "INTEGER PRIMARY KEY AUTOINCREMENT" if sqlite else "SERIAL PRIMARY KEY"
        await engine.run_ddl(CREATE_REVOKED_TABLE.format(id=primary_key))
        for statement in INDEXES:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
