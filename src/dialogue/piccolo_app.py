"""One Piccolo app collecting every module's tables; migrations live in ../../piccolo_migrations."""

from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

MIGRATIONS_FOLDER = Path(__file__).resolve().parents[2] / "piccolo_migrations"

TABLE_MODULES = [
    "dialogue.organizations.tables",
    "dialogue.auth.tables",
    "dialogue.bodies.tables",
    "dialogue.audit.tables",
    "dialogue.registers.tables",
    "dialogue.qvt.tables",
    "dialogue.negotiations.tables",
    "dialogue.ssct.tables",
    "dialogue.consultations.tables",
    "dialogue.meetings.tables",
    "dialogue.notifications.tables",
    "dialogue.feeds.tables",
    "dialogue.indicators.tables",
    "dialogue.documents.tables",
    "dialogue.bdese.tables",
    "dialogue.reglement.tables",
    "dialogue.accounts.tables",
    "dialogue.elections.tables",
    "dialogue.diagnosis.tables",
    "dialogue.establishments.tables",
    "dialogue.delegation.tables",
    "dialogue.budgets.tables",
    "dialogue.qvt.step_tables",
    "dialogue.networks.tables",
]

APP_CONFIG = AppConfig(
    app_name="dialogue",
    migrations_folder_path=str(MIGRATIONS_FOLDER),
    table_classes=table_finder(modules=TABLE_MODULES, exclude_imported=True),
    migration_dependencies=[],
    commands=[],
)
