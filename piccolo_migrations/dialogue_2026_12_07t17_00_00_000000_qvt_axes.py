"""A QVT plan by axes (issue 21, part 2): tables `qvt_axis` (axes and transversal themes), `qvt_axis_binome`,
`qvt_axis_group` (a working group's axis, or the support group), `qvt_group_member_profile` (composition),
`qvt_action_axis` (a proposal's axis and themes) and `qvt_action_checklist` (the canvas's recommendations
ticked at adoption). New tables only. Plain SQL for SQLite and PostgreSQL."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T17:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "qvt_axes: plan by axes, binômes, group composition, adoption checklist"

TABLES = [
    """
CREATE TABLE IF NOT EXISTS qvt_axis (
    id {key},
    organization INTEGER NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    body INTEGER NOT NULL REFERENCES body (id) ON DELETE CASCADE,
    kind VARCHAR(20) NOT NULL,
    title VARCHAR(200) NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMPTZ NOT NULL
)""",
    """
CREATE TABLE IF NOT EXISTS qvt_axis_binome (
    id {key},
    axis INTEGER NOT NULL REFERENCES qvt_axis (id) ON DELETE CASCADE,
    "user" INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    side VARCHAR(20) NOT NULL,
    establishment INTEGER NULL REFERENCES establishment (id) ON DELETE SET NULL,
    service VARCHAR(120) NOT NULL DEFAULT ''
)""",
    """
CREATE TABLE IF NOT EXISTS qvt_axis_group (
    id {key},
    working_group INTEGER NOT NULL UNIQUE REFERENCES qvt_working_group (id) ON DELETE CASCADE,
    axis INTEGER NULL REFERENCES qvt_axis (id) ON DELETE SET NULL,
    role VARCHAR(20) NOT NULL DEFAULT 'axis'
)""",
    """
CREATE TABLE IF NOT EXISTS qvt_group_member_profile (
    id {key},
    working_group INTEGER NOT NULL REFERENCES qvt_working_group (id) ON DELETE CASCADE,
    "user" INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    sex VARCHAR(10) NULL,
    establishment INTEGER NULL REFERENCES establishment (id) ON DELETE SET NULL,
    job_family VARCHAR(80) NOT NULL DEFAULT ''
)""",
    """
CREATE TABLE IF NOT EXISTS qvt_action_axis (
    id {key},
    action INTEGER NOT NULL REFERENCES qvt_action_proposal (id) ON DELETE CASCADE,
    axis INTEGER NOT NULL REFERENCES qvt_axis (id) ON DELETE CASCADE,
    role VARCHAR(10) NOT NULL
)""",
    """
CREATE TABLE IF NOT EXISTS qvt_action_checklist (
    id {key},
    action INTEGER NOT NULL UNIQUE REFERENCES qvt_action_proposal (id) ON DELETE CASCADE,
    concrete BOOLEAN NOT NULL DEFAULT FALSE,
    all_staff BOOLEAN NOT NULL DEFAULT FALSE,
    feasible BOOLEAN NOT NULL DEFAULT FALSE,
    checked_by INTEGER NULL REFERENCES app_user (id) ON DELETE SET NULL,
    checked_at TIMESTAMPTZ NOT NULL
)""",
]

STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS qvt_axis_organization ON qvt_axis (organization)",
    "CREATE INDEX IF NOT EXISTS qvt_axis_body ON qvt_axis (body)",
    "CREATE INDEX IF NOT EXISTS qvt_axis_binome_axis ON qvt_axis_binome (axis)",
    'CREATE INDEX IF NOT EXISTS qvt_axis_binome_user ON qvt_axis_binome ("user")',
    "CREATE INDEX IF NOT EXISTS qvt_axis_binome_establishment ON qvt_axis_binome (establishment)",
    "CREATE INDEX IF NOT EXISTS qvt_axis_group_axis ON qvt_axis_group (axis)",
    "CREATE INDEX IF NOT EXISTS qvt_group_member_profile_working_group ON qvt_group_member_profile (working_group)",
    'CREATE INDEX IF NOT EXISTS qvt_group_member_profile_user ON qvt_group_member_profile ("user")',
    "CREATE INDEX IF NOT EXISTS qvt_group_member_profile_establishment ON qvt_group_member_profile (establishment)",
    "CREATE INDEX IF NOT EXISTS qvt_action_axis_action ON qvt_action_axis (action)",
    "CREATE INDEX IF NOT EXISTS qvt_action_axis_axis ON qvt_action_axis (axis)",
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
