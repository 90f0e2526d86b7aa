"""The règlement intérieur's visio limit (L2315-4) and PV delay (D2315-26) copied onto the body, as its agenda
notice already is, so that the meetings rules read them (issue 16 "Texts of the CSE"); filled from the RI in
force. Plain SQL for SQLite and PostgreSQL."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T05:47:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "bodies: visio_max_per_year and minutes_delay_days set by the règlement intérieur"

COLUMNS = ("visio_max_per_year", "minutes_delay_days")


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="dialogue", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        assert engine is not None
        for column in COLUMNS:
            await engine.run_ddl(f"ALTER TABLE body ADD COLUMN {column} INTEGER NULL DEFAULT NULL")
            await engine.run_ddl(
                f"UPDATE body SET {column} = (SELECT r.{column} FROM reglement_interieur r "  # noqa: S608
                "WHERE r.id = body.reglement_interieur_id) WHERE reglement_interieur_id IS NOT NULL"
            )

    manager.add_raw(run)
    return manager
