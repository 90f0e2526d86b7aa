"""Agrément per establishment and NAO scope (DOMAIN.md §0.8, §0.9).

- establishment: `cpom`, `cpom_signed_on` (L313-12 IV ter, L313-12-2 CASF: no agrément L314-6 under a CPOM);
- negotiation: `kind` (company / establishment agreement, unilateral decision) and `establishment` (its scope);
- election_result: `establishment` (an establishment's election) and `categorial_unions` (L2122-2);
- election_union_votes: `common_list`, the split declared for a common list (L2122-3);
- union_section: the unions' sections syndicales (L2142-1), which bring the NAO obligations (L2242-1).
Plain SQL accepted by SQLite and PostgreSQL; only the primary key of the new table differs.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-06T23:34:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "agrément per establishment (CPOM), agreement kind and scope, union sections, common lists"

COLUMNS = [
    ("establishment", "cpom", "BOOLEAN NOT NULL DEFAULT FALSE"),
    ("establishment", "cpom_signed_on", "DATE NULL DEFAULT NULL"),
    ("negotiation", "kind", "VARCHAR(30) NOT NULL DEFAULT 'company_agreement'"),
    ("negotiation", "establishment", "INTEGER NULL DEFAULT NULL REFERENCES establishment (id) ON DELETE RESTRICT"),
    ("election_result", "establishment", "INTEGER NULL DEFAULT NULL REFERENCES establishment (id) ON DELETE CASCADE"),
    ("election_result", "categorial_unions", "JSON NULL DEFAULT NULL"),
    ("election_union_votes", "common_list", "JSON NULL DEFAULT NULL"),
]

UNION_SECTION = """CREATE TABLE IF NOT EXISTS union_section (
    id {id},
    organization INTEGER NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    union_name VARCHAR(100) NOT NULL DEFAULT '',
    formed_on DATE NOT NULL,
    ended_on DATE NULL DEFAULT NULL,
    notes TEXT NOT NULL DEFAULT '',
    created_by INTEGER NULL DEFAULT NULL REFERENCES app_user (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL
)"""

INDEXES = [
    "CREATE INDEX IF NOT EXISTS union_section_organization ON union_section (organization)",
    "CREATE INDEX IF NOT EXISTS negotiation_establishment_ix ON negotiation (establishment)",
    "CREATE INDEX IF NOT EXISTS election_result_establishment_ix ON election_result (establishment)",
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
        await engine.run_ddl(UNION_SECTION.format(id=primary_key))
        for statement in INDEXES:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
