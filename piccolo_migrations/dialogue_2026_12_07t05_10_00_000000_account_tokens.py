"""Account links (issue 17): table `account_token`, the single-use links mailed to set a password after an
invitation or a « Mot de passe oublié » (only their SHA-256 is kept). Plain SQL for SQLite and PostgreSQL."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T05:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "account_tokens: table account_token"

TABLE = """
CREATE TABLE IF NOT EXISTS account_token (
    id {key},
    "user" INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    purpose VARCHAR(20) NOT NULL,
    token_hash VARCHAR(64) NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ
)
"""

STATEMENTS = [
    'CREATE INDEX IF NOT EXISTS account_token_user ON account_token ("user")',
    "CREATE INDEX IF NOT EXISTS account_token_expires_at ON account_token (expires_at)",
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
