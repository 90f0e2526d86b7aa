"""CSE budgets (issue 18, L2315-61, L2312-81): tables `cse_budget` (one per body and year, unique), `budget_forecast`
and `budget_transaction` (the operating and ASC ledgers, amounts in cents). Plain SQL for SQLite and PostgreSQL."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T16:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "budgets: cse_budget, budget_forecast, budget_transaction"

TABLES = [
    """
CREATE TABLE IF NOT EXISTS cse_budget (
    id {key},
    body INTEGER NOT NULL REFERENCES body (id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    headcount INTEGER NOT NULL DEFAULT 0,
    payroll_mass_cents BIGINT NOT NULL DEFAULT 0,
    payroll_document INTEGER REFERENCES document (id) ON DELETE RESTRICT,
    operating_rate_bp INTEGER NOT NULL DEFAULT 0,
    operating_grant_cents BIGINT NOT NULL DEFAULT 0,
    asc_contribution_cents BIGINT NOT NULL DEFAULT 0,
    asc_by_agreement BOOLEAN NOT NULL DEFAULT FALSE,
    asc_agreement_reference VARCHAR(300),
    cse_employees INTEGER NOT NULL DEFAULT 0,
    balance_sheet_cents BIGINT,
    expert_fees_paid_on DATE,
    approved_on DATE,
    approval_meeting_id INTEGER,
    approval_vote_id INTEGER,
    treasurer_signed_by INTEGER REFERENCES app_user (id) ON DELETE RESTRICT,
    treasurer_signed_at TIMESTAMPTZ,
    secretary_signed_by INTEGER REFERENCES app_user (id) ON DELETE RESTRICT,
    secretary_signed_at TIMESTAMPTZ,
    created_by INTEGER NOT NULL REFERENCES app_user (id) ON DELETE RESTRICT,
    created_at TIMESTAMPTZ NOT NULL
)
""",
    """
CREATE TABLE IF NOT EXISTS budget_forecast (
    id {key},
    budget INTEGER NOT NULL REFERENCES cse_budget (id) ON DELETE CASCADE,
    ledger VARCHAR(10) NOT NULL,
    category VARCHAR(40) NOT NULL,
    amount_cents BIGINT NOT NULL DEFAULT 0
)
""",
    """
CREATE TABLE IF NOT EXISTS budget_transaction (
    id {key},
    budget INTEGER NOT NULL REFERENCES cse_budget (id) ON DELETE CASCADE,
    ledger VARCHAR(10) NOT NULL,
    booked_on DATE NOT NULL,
    amount_cents BIGINT NOT NULL,
    label VARCHAR(300) NOT NULL,
    category VARCHAR(40) NOT NULL,
    receipt_document INTEGER REFERENCES document (id) ON DELETE RESTRICT,
    transfer_id INTEGER,
    vote_id INTEGER,
    bank_label VARCHAR(300),
    reconciled_at TIMESTAMPTZ,
    recorded_by INTEGER NOT NULL REFERENCES app_user (id) ON DELETE RESTRICT,
    recorded_at TIMESTAMPTZ NOT NULL
)
""",
]

STATEMENTS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS cse_budget_body_year ON cse_budget (body, year)",
    "CREATE INDEX IF NOT EXISTS budget_forecast_budget ON budget_forecast (budget)",
    "CREATE INDEX IF NOT EXISTS budget_transaction_budget ON budget_transaction (budget, ledger, booked_on)",
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
