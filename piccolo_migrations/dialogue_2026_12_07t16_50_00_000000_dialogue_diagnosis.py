"""The tripartite diagnosis of social dialogue (issue 21 §1): tables `dialogue_diagnosis`,
`dialogue_diagnosis_statement`, `dialogue_diagnosis_answer` (one answer per person and statement) and
`dialogue_diagnosis_action`. Plain SQL for SQLite and PostgreSQL."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T16:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "dialogue_diagnosis: campaigns, statements, answers and actions of the tripartite diagnosis"

TABLES = [
    """
CREATE TABLE IF NOT EXISTS dialogue_diagnosis (
    id {key},
    organization INTEGER NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    title VARCHAR(200) NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    status VARCHAR(20) NOT NULL DEFAULT 'draft',
    results_published TIMESTAMPTZ,
    previous INTEGER REFERENCES dialogue_diagnosis (id) ON DELETE SET NULL,
    created_by INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    opened_at TIMESTAMPTZ,
    closed_at TIMESTAMPTZ
)
""",
    """
CREATE TABLE IF NOT EXISTS dialogue_diagnosis_statement (
    id {key},
    diagnosis INTEGER NOT NULL REFERENCES dialogue_diagnosis (id) ON DELETE CASCADE,
    code VARCHAR(40) NOT NULL,
    dimension VARCHAR(20) NOT NULL,
    kind VARCHAR(10) NOT NULL,
    text TEXT NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (diagnosis, code)
)
""",
    """
CREATE TABLE IF NOT EXISTS dialogue_diagnosis_answer (
    id {key},
    diagnosis INTEGER NOT NULL REFERENCES dialogue_diagnosis (id) ON DELETE CASCADE,
    statement INTEGER NOT NULL REFERENCES dialogue_diagnosis_statement (id) ON DELETE CASCADE,
    "user" INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    college VARCHAR(20) NOT NULL,
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (statement, "user")
)
""",
    """
CREATE TABLE IF NOT EXISTS dialogue_diagnosis_action (
    id {key},
    diagnosis INTEGER NOT NULL REFERENCES dialogue_diagnosis (id) ON DELETE CASCADE,
    statement INTEGER REFERENCES dialogue_diagnosis_statement (id) ON DELETE SET NULL,
    title VARCHAR(200) NOT NULL,
    owner INTEGER NOT NULL REFERENCES app_user (id) ON DELETE RESTRICT,
    due_on DATE NOT NULL,
    status VARCHAR(20) NOT NULL DEFAULT 'planned',
    created_by INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL
)
""",
]

STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS dialogue_diagnosis_organization ON dialogue_diagnosis (organization)",
    "CREATE INDEX IF NOT EXISTS dialogue_diagnosis_statement_diagnosis ON dialogue_diagnosis_statement (diagnosis)",
    "CREATE INDEX IF NOT EXISTS dialogue_diagnosis_answer_diagnosis ON dialogue_diagnosis_answer (diagnosis)",
    'CREATE INDEX IF NOT EXISTS dialogue_diagnosis_answer_user ON dialogue_diagnosis_answer ("user")',
    "CREATE INDEX IF NOT EXISTS dialogue_diagnosis_action_diagnosis ON dialogue_diagnosis_action (diagnosis)",
    "CREATE INDEX IF NOT EXISTS dialogue_diagnosis_action_statement ON dialogue_diagnosis_action (statement)",
    "CREATE INDEX IF NOT EXISTS dialogue_diagnosis_action_owner ON dialogue_diagnosis_action (owner)",
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
