"""Barometer anonymity (issue 13): late codes flagged, answer rows stored in no order of arrival.

- `qvt_barometer_link.late`: a code created after the campaign opened (existing codes: not late).
- The answer tables (response, answer, comment) keep every row, reinserted in a random order. On SQLite
  they are rebuilt WITHOUT ROWID, so no hidden rowid counts arrivals and rows sit in the order of their
  random keys; on PostgreSQL the rows are deleted and reinserted shuffled, so the heap order (ctid) no
  longer follows arrival. Plain SQL accepted by both engines, in the migration's transaction.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T00:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "qvt: barometer link late flag; answer rows reinserted shuffled (SQLite: WITHOUT ROWID)"

TABLES = ("qvt_barometer_response", "qvt_barometer_answer", "qvt_barometer_comment")
"""Parents first: reinserted in this order, dropped in the reverse one."""

SQLITE_TABLES = {
    "qvt_barometer_response": (
        'CREATE TABLE "qvt_barometer_response" ("id" UUID PRIMARY KEY NOT NULL, '
        '"barometer" INTEGER NOT NULL REFERENCES "qvt_barometer" ("id") ON DELETE CASCADE ON UPDATE CASCADE '
        'DEFAULT null, "establishment" INTEGER REFERENCES "establishment" ("id") ON DELETE RESTRICT '
        "ON UPDATE CASCADE DEFAULT null, \"department\" VARCHAR(120) NOT NULL DEFAULT '', "
        '"staff_category" VARCHAR(40) DEFAULT null) WITHOUT ROWID',
        'CREATE INDEX qvt_barometer_response_barometer ON "qvt_barometer_response" ("barometer")',
    ),
    "qvt_barometer_answer": (
        'CREATE TABLE "qvt_barometer_answer" ("id" UUID PRIMARY KEY NOT NULL, '
        '"response" UUID NOT NULL REFERENCES "qvt_barometer_response" ("id") ON DELETE CASCADE '
        'ON UPDATE CASCADE DEFAULT null, "question" INTEGER NOT NULL REFERENCES "qvt_barometer_question" ("id") '
        'ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "value" INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID',
        'CREATE INDEX qvt_barometer_answer_response ON "qvt_barometer_answer" ("response")',
        'CREATE INDEX qvt_barometer_answer_question ON "qvt_barometer_answer" ("question")',
    ),
    "qvt_barometer_comment": (
        'CREATE TABLE "qvt_barometer_comment" ("id" UUID PRIMARY KEY NOT NULL, '
        '"response" UUID NOT NULL REFERENCES "qvt_barometer_response" ("id") ON DELETE CASCADE '
        "ON UPDATE CASCADE DEFAULT null, \"theme\" VARCHAR(40) NOT NULL DEFAULT '', "
        "\"text\" TEXT NOT NULL DEFAULT '') WITHOUT ROWID",
        'CREATE INDEX qvt_barometer_comment_response ON "qvt_barometer_comment" ("response")',
    ),
}


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="dialogue", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        assert engine is not None
        await engine.run_ddl("ALTER TABLE qvt_barometer_link ADD COLUMN late BOOLEAN NOT NULL DEFAULT FALSE")
        for table in TABLES:
            await engine.run_ddl(f"CREATE TABLE {table}_shuffle AS SELECT * FROM {table}")  # noqa: S608
        if engine.engine_type == "sqlite":
            for table in reversed(TABLES):
                await engine.run_ddl(f"DROP TABLE {table}")
            for table in TABLES:
                for statement in SQLITE_TABLES[table]:
                    await engine.run_ddl(statement)
        else:
            await engine.run_ddl("DELETE FROM qvt_barometer_response")  # answers and comments cascade
        for table in TABLES:
            await engine.run_ddl(f"INSERT INTO {table} SELECT * FROM {table}_shuffle ORDER BY RANDOM()")  # noqa: S608
        for table in reversed(TABLES):
            await engine.run_ddl(f"DROP TABLE {table}_shuffle")

    manager.add_raw(run)
    return manager
