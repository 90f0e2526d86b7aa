"""CSE elections (issue 19): tables `cse_election` (calendar, PAP), `cse_election_college`, `cse_election_list` and
`cse_election_tally` (the count of each round). Plain SQL for SQLite and PostgreSQL; touches no existing table."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T16:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "cse_elections: tables cse_election, cse_election_college, cse_election_list, cse_election_tally"

TABLES = [
    """
CREATE TABLE IF NOT EXISTS cse_election (
    id {key},
    organization INTEGER NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    body INTEGER REFERENCES body (id) ON DELETE SET NULL,
    establishment INTEGER REFERENCES establishment (id) ON DELETE SET NULL,
    kind VARCHAR(20) NOT NULL,
    title VARCHAR(200) NOT NULL,
    headcount INTEGER NOT NULL,
    staff_informed_on DATE,
    unions_invited_on DATE,
    pap_first_meeting_on DATE,
    pap_signed_on DATE,
    pap_negotiators JSON NOT NULL,
    pap_signatories JSON NOT NULL,
    round1_on DATE,
    round2_on DATE,
    mandate_years INTEGER NOT NULL DEFAULT 4,
    mandate_end DATE,
    proclaimed_on DATE,
    carence_on DATE,
    carence_sent_on DATE,
    result_id INTEGER,
    created_by INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL
)""",
    """
CREATE TABLE IF NOT EXISTS cse_election_college (
    id {key},
    election INTEGER NOT NULL REFERENCES cse_election (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name VARCHAR(60) NOT NULL,
    category VARCHAR(40) NOT NULL,
    staff INTEGER NOT NULL,
    women INTEGER NOT NULL,
    men INTEGER NOT NULL,
    titulaires INTEGER NOT NULL
)""",
    """
CREATE TABLE IF NOT EXISTS cse_election_list (
    id {key},
    college INTEGER NOT NULL REFERENCES cse_election_college (id) ON DELETE CASCADE,
    kind VARCHAR(20) NOT NULL,
    round INTEGER NOT NULL DEFAULT 1,
    union_name VARCHAR(100) NOT NULL,
    filed_on DATE NOT NULL,
    candidates JSON NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
)""",
    """
CREATE TABLE IF NOT EXISTS cse_election_tally (
    id {key},
    college INTEGER NOT NULL REFERENCES cse_election_college (id) ON DELETE CASCADE,
    kind VARCHAR(20) NOT NULL,
    round INTEGER NOT NULL,
    registered INTEGER NOT NULL,
    voters INTEGER NOT NULL,
    blank_null INTEGER NOT NULL,
    list_votes JSON NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
)""",
]

STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS cse_election_organization ON cse_election (organization)",
    "CREATE INDEX IF NOT EXISTS cse_election_college_election ON cse_election_college (election)",
    "CREATE INDEX IF NOT EXISTS cse_election_list_college ON cse_election_list (college)",
    "CREATE UNIQUE INDEX IF NOT EXISTS cse_election_tally_round ON cse_election_tally (college, kind, round)",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="dialogue", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        assert engine is not None
        key = "INTEGER PRIMARY KEY NOT NULL" if engine.engine_type == "sqlite" else "SERIAL PRIMARY KEY"
        for table in TABLES:
            await engine.run_ddl(table.format(key=key))
        for statement in STATEMENTS:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
