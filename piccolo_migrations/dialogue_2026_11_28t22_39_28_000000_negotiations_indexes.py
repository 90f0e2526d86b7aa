"""Negotiations and SSCT: composite indexes Piccolo cannot declare; plain SQL accepted by SQLite and PostgreSQL.

Piccolo runs a migration's raw steps *before* its table steps, so these live in their own, later migration.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-28T22:39:28:000000"
VERSION = "1.38.0"
DESCRIPTION = "negotiations and ssct: composite indexes"

STATEMENTS = [
    # L2232-12: a union signs an agreement once.
    "CREATE UNIQUE INDEX IF NOT EXISTS agreement_signature_union_uq ON agreement_signature (negotiation, union_name)",
    "CREATE UNIQUE INDEX IF NOT EXISTS negotiation_session_number_uq ON negotiation_session (negotiation, number)",
    "CREATE UNIQUE INDEX IF NOT EXISTS negotiation_position_seq_uq ON negotiation_position (negotiation, sequence)",
    "CREATE INDEX IF NOT EXISTS negotiation_org_topic_ix ON negotiation (organization, topic, opened_on)",
    "CREATE INDEX IF NOT EXISTS election_result_org_date_ix ON election_result (organization, election_date)",
    "CREATE INDEX IF NOT EXISTS nao_request_org_block_ix ON nao_request (organization, block)",
    "CREATE INDEX IF NOT EXISTS ssct_mission_body_planned_ix ON ssct_mission (body, planned_on)",
    "CREATE INDEX IF NOT EXISTS ssct_accident_body_date_ix ON ssct_serious_accident (body, occurred_on)",
    "CREATE INDEX IF NOT EXISTS ssct_action_status_due_ix ON ssct_action (status, due_on)",
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
