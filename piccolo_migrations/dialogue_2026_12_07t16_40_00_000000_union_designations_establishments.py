"""Union side and multi-establishment company (issue 19): tables `union_designation` (DS, RS au CSE, RS au CSE
central), `negotiation_without_delegate` (L2232-21 to L2232-26), `establishment_scope` (L2313-2 to L2313-5) and
`consultation_link` (R2312-6 II). Plain SQL for SQLite and PostgreSQL."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T16:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "union_designations_establishments: union designations, routes without DS, establishments, links"

TABLES = [
    """
CREATE TABLE IF NOT EXISTS union_designation (
    id {key},
    organization INTEGER NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    establishment INTEGER REFERENCES establishment (id) ON DELETE SET NULL,
    body INTEGER REFERENCES body (id) ON DELETE SET NULL,
    kind VARCHAR(30) NOT NULL,
    union_name VARCHAR(100) NOT NULL,
    "user" INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    person_name VARCHAR(200) NOT NULL,
    basis VARCHAR(30) NOT NULL,
    basis_label TEXT NOT NULL DEFAULT '',
    electoral_college VARCHAR(60),
    personal_votes INTEGER,
    college_votes_cast INTEGER,
    fallback_reason VARCHAR(30),
    renounced_on DATE,
    election_result INTEGER REFERENCES election_result (id) ON DELETE SET NULL,
    designated_on DATE NOT NULL,
    notified_on DATE,
    ended_on DATE,
    created_by INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL
)
""",
    """
CREATE TABLE IF NOT EXISTS negotiation_without_delegate (
    id {key},
    negotiation INTEGER NOT NULL UNIQUE REFERENCES negotiation (id) ON DELETE CASCADE,
    route VARCHAR(30) NOT NULL,
    mandating_unions {json} NOT NULL DEFAULT '[]',
    staff INTEGER,
    communicated_on DATE,
    consulted_on DATE,
    votes_for INTEGER,
    votes_against INTEGER,
    signatories_votes INTEGER,
    votes_cast INTEGER,
    recorded_by INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    recorded_at TIMESTAMPTZ NOT NULL
)
""",
    """
CREATE TABLE IF NOT EXISTS establishment_scope (
    id {key},
    organization INTEGER NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    basis VARCHAR(30) NOT NULL,
    decided_on DATE NOT NULL,
    reference VARCHAR(200) NOT NULL DEFAULT '',
    negotiation_attempted_on DATE,
    titulaires_for INTEGER,
    titulaires INTEGER,
    agreement_with_all_unions BOOLEAN NOT NULL DEFAULT FALSE,
    perimeters {json} NOT NULL DEFAULT '[]',
    notes TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL
)
""",
    """
CREATE TABLE IF NOT EXISTS consultation_link (
    id {key},
    central_consultation INTEGER NOT NULL REFERENCES consultation (id) ON DELETE CASCADE,
    establishment_consultation INTEGER NOT NULL UNIQUE REFERENCES consultation (id) ON DELETE CASCADE,
    transmitted_on DATE,
    created_by INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL
)
""",
]

STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS union_designation_organization ON union_designation (organization)",
    'CREATE INDEX IF NOT EXISTS union_designation_user ON union_designation ("user")',
    "CREATE INDEX IF NOT EXISTS establishment_scope_organization ON establishment_scope (organization)",
    "CREATE INDEX IF NOT EXISTS consultation_link_central ON consultation_link (central_consultation)",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="dialogue", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        assert engine is not None
        sqlite = engine.engine_type == "sqlite"
        key = "INTEGER PRIMARY KEY NOT NULL" if sqlite else "SERIAL PRIMARY KEY"
        json = "TEXT" if sqlite else "JSON"
        for table in TABLES:
            await engine.run_ddl(table.format(key=key, json=json))
        for statement in STATEMENTS:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
