"""Votes (issue 12): the délégation's own votes, suppléants in the order of L2314-37, presence per agenda item.

- body.president_votes_on_minutes: whether the president votes on the PV's adoption (UNVERIFIED, default yes);
- member.category, member.votes_obtained: professional category and votes obtained at the election (L2314-37);
- attendance.replacement_reason: why another suppléant than the legal one replaces a titulaire (L2314-37);
- attendance.arrived_before_item, attendance.left_after_item: presence per item (DOMAIN.md §0.11).
Plain SQL accepted by SQLite and PostgreSQL.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-06T23:32:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "votes: body.president_votes_on_minutes, member category/votes, attendance reason and per-item presence"

STATEMENTS = [
    "ALTER TABLE body ADD COLUMN president_votes_on_minutes BOOLEAN NOT NULL DEFAULT TRUE",
    "ALTER TABLE member ADD COLUMN category VARCHAR(40) DEFAULT NULL",
    "ALTER TABLE member ADD COLUMN votes_obtained INTEGER DEFAULT NULL",
    "ALTER TABLE attendance ADD COLUMN replacement_reason TEXT DEFAULT NULL",
    "ALTER TABLE attendance ADD COLUMN arrived_before_item INTEGER DEFAULT NULL",
    "ALTER TABLE attendance ADD COLUMN left_after_item INTEGER DEFAULT NULL",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="dialogue", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        assert engine is not None
        for statement in STATEMENTS:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
