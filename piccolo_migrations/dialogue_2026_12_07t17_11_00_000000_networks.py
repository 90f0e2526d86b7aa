"""Networks of establishments (issue 20): `network`, `network_facilitator`, `network_membership`,
`network_participant`, `network_session`, `network_attendance`, `network_sheet`, `network_contribution`.
Plain SQL for SQLite and PostgreSQL (the key column differs by engine)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T17:11:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "networks: networks, facilitators, memberships, trinôme, sessions, sheets, benchmark contributions"

TABLES = [
    """
CREATE TABLE IF NOT EXISTS network (
    id {key},
    host INTEGER NOT NULL REFERENCES organization (id) ON DELETE RESTRICT,
    name VARCHAR(200) NOT NULL,
    kind VARCHAR(20) NOT NULL,
    region VARCHAR(120) NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL
)
""",
    """
CREATE TABLE IF NOT EXISTS network_facilitator (
    id {key},
    network INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
    "user" INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE
)
""",
    """
CREATE TABLE IF NOT EXISTS network_membership (
    id {key},
    network INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
    organization INTEGER NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    status VARCHAR(20) NOT NULL,
    establishment_type VARCHAR(60) NOT NULL DEFAULT '',
    steering_body_id INTEGER,
    invited_at TIMESTAMPTZ NOT NULL,
    invited_by INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    joined_at TIMESTAMPTZ,
    left_at TIMESTAMPTZ
)
""",
    """
CREATE TABLE IF NOT EXISTS network_participant (
    id {key},
    membership INTEGER NOT NULL REFERENCES network_membership (id) ON DELETE CASCADE,
    "user" INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    side VARCHAR(30) NOT NULL
)
""",
    """
CREATE TABLE IF NOT EXISTS network_session (
    id {key},
    network INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
    kind VARCHAR(20) NOT NULL,
    organization INTEGER REFERENCES organization (id) ON DELETE CASCADE,
    title VARCHAR(200) NOT NULL,
    held_on DATE NOT NULL,
    place VARCHAR(200) NOT NULL DEFAULT '',
    themes JSON NOT NULL,
    agenda TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    document_ids JSON NOT NULL,
    created_by INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL
)
""",
    """
CREATE TABLE IF NOT EXISTS network_attendance (
    id {key},
    session INTEGER NOT NULL REFERENCES network_session (id) ON DELETE CASCADE,
    organization INTEGER NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    attendees INTEGER NOT NULL
)
""",
    """
CREATE TABLE IF NOT EXISTS network_sheet (
    id {key},
    network INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
    organization INTEGER NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    action_id INTEGER NOT NULL,
    title VARCHAR(200) NOT NULL,
    theme VARCHAR(40) NOT NULL DEFAULT '',
    establishment_type VARCHAR(60) NOT NULL DEFAULT '',
    content JSON NOT NULL,
    status VARCHAR(20) NOT NULL,
    approvals JSON NOT NULL,
    created_by INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    published_at TIMESTAMPTZ,
    withdrawn_at TIMESTAMPTZ
)
""",
    """
CREATE TABLE IF NOT EXISTS network_contribution (
    id {key},
    network INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
    organization INTEGER NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    barometer_id INTEGER,
    year INTEGER NOT NULL,
    themes JSON NOT NULL,
    indicators JSON NOT NULL,
    status VARCHAR(20) NOT NULL,
    published_by INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    published_at TIMESTAMPTZ NOT NULL,
    withdrawn_at TIMESTAMPTZ
)
""",
]

INDEXES = [
    "CREATE INDEX IF NOT EXISTS network_host ON network (host)",
    'CREATE UNIQUE INDEX IF NOT EXISTS network_facilitator_network_user ON network_facilitator (network, "user")',
    'CREATE INDEX IF NOT EXISTS network_facilitator_user ON network_facilitator ("user")',
    "CREATE UNIQUE INDEX IF NOT EXISTS network_membership_network_org ON network_membership (network, organization)",
    "CREATE INDEX IF NOT EXISTS network_membership_organization ON network_membership (organization)",
    "CREATE INDEX IF NOT EXISTS network_membership_invited_by ON network_membership (invited_by)",
    "CREATE INDEX IF NOT EXISTS network_participant_membership ON network_participant (membership)",
    'CREATE INDEX IF NOT EXISTS network_participant_user ON network_participant ("user")',
    "CREATE INDEX IF NOT EXISTS network_session_network ON network_session (network, held_on)",
    "CREATE INDEX IF NOT EXISTS network_session_organization ON network_session (organization)",
    "CREATE INDEX IF NOT EXISTS network_session_created_by ON network_session (created_by)",
    "CREATE INDEX IF NOT EXISTS network_attendance_session ON network_attendance (session)",
    "CREATE INDEX IF NOT EXISTS network_attendance_organization ON network_attendance (organization)",
    "CREATE INDEX IF NOT EXISTS network_sheet_network ON network_sheet (network, status)",
    "CREATE INDEX IF NOT EXISTS network_sheet_organization ON network_sheet (organization)",
    "CREATE INDEX IF NOT EXISTS network_sheet_created_by ON network_sheet (created_by)",
    "CREATE INDEX IF NOT EXISTS network_contribution_network ON network_contribution (network, status)",
    "CREATE INDEX IF NOT EXISTS network_contribution_organization ON network_contribution (organization)",
    "CREATE INDEX IF NOT EXISTS network_contribution_published_by ON network_contribution (published_by)",
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
