"""Delegation hours (issue 18): tables `delegation_record` (append-only uses, transfers, corrections, refusals) and
`delegation_profile` (agreed hours, forfait-jours). Plain SQL for SQLite and PostgreSQL."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T16:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "delegation_hours: tables delegation_record, delegation_profile"

RECORD = """
CREATE TABLE IF NOT EXISTS delegation_record (
    id {key},
    organization INTEGER NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    body INTEGER NOT NULL REFERENCES body (id) ON DELETE CASCADE,
    member INTEGER NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    kind VARCHAR(20) NOT NULL,
    day DATE NOT NULL,
    month VARCHAR(7) NOT NULL,
    minutes INTEGER NOT NULL,
    time_kind VARCHAR(30) NOT NULL DEFAULT 'delegation',
    to_member INTEGER NULL REFERENCES member (id) ON DELETE CASCADE,
    corrects INTEGER NULL,
    subject VARCHAR(300) NULL,
    exceptional_reason TEXT NULL,
    article VARCHAR(20) NULL,
    detail TEXT NULL,
    notified_on DATE NULL,
    recorded_by INTEGER NOT NULL REFERENCES app_user (id) ON DELETE RESTRICT,
    recorded_at TIMESTAMPTZ NOT NULL
)
"""

PROFILE = """
CREATE TABLE IF NOT EXISTS delegation_profile (
    id {key},
    member INTEGER NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    agreed_titulaire_hours INTEGER NULL,
    agreed_extra_hours INTEGER NOT NULL DEFAULT 0,
    forfait_jours BOOLEAN NOT NULL DEFAULT FALSE,
    basis VARCHAR(300) NULL,
    recorded_by INTEGER NOT NULL REFERENCES app_user (id) ON DELETE RESTRICT,
    recorded_at TIMESTAMPTZ NOT NULL
)
"""

STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS delegation_record_organization ON delegation_record (organization)",
    "CREATE INDEX IF NOT EXISTS delegation_record_body_month ON delegation_record (body, month)",
    "CREATE INDEX IF NOT EXISTS delegation_record_member ON delegation_record (member)",
    "CREATE INDEX IF NOT EXISTS delegation_record_to_member ON delegation_record (to_member)",
    "CREATE INDEX IF NOT EXISTS delegation_record_corrects ON delegation_record (corrects)",
    "CREATE INDEX IF NOT EXISTS delegation_profile_member ON delegation_profile (member)",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="dialogue", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        assert engine is not None
        key = "INTEGER PRIMARY KEY NOT NULL" if engine.engine_type == "sqlite" else "SERIAL PRIMARY KEY"
        await engine.run_ddl(RECORD.format(key=key))
        await engine.run_ddl(PROFILE.format(key=key))
        for statement in STATEMENTS:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
