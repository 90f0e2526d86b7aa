"""The PV de carence as a document of its own (issue 19, L2314-8, L2314-9; cerfa 15248): on `cse_election`, the
reason of the carence, the date it was made known to the staff, the establishment's SIRET and the labour
inspector's address it is sent to, and who requested the election and when (the 6-month wait of L2314-8).
Plain SQL for SQLite and PostgreSQL."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T19:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "election_carence: carence reason, publication, SIRET, inspector, request on cse_election"

COLUMNS = (
    "carence_reason VARCHAR(30) NULL",
    "carence_published_on DATE NULL",
    "siret VARCHAR(14) NULL",
    "inspector VARCHAR(300) NULL",
    "requested_by VARCHAR(100) NULL",
    "requested_on DATE NULL",
)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="dialogue", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        assert engine is not None
        for column in COLUMNS:
            await engine.run_ddl(f"ALTER TABLE cse_election ADD COLUMN {column}")

    manager.add_raw(run)
    return manager
