"""The `dialogue` command: serve, migrate, demo, worker, createuser."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from dialogue.settings import Settings, SettingsError, get_settings, secret_key_problem


def _settings() -> Settings:
    try:
        return get_settings()
    except SettingsError as exc:
        print(exc, file=sys.stderr)  # noqa: T201
        raise SystemExit(2) from None


def _run(settings: Settings, job: Callable[[], Awaitable[Any]], *, wired: bool = False) -> Any:
    """Run `job` with the database pool open. `wired`: with the subscribers, deferred fan-out and feed sources
    of `dialogue.bootstrap` installed (worker, notify-due, ssct-reminders: their events reach their subscribers).
    The chain key is built here once, to warn when it is ephemeral; the jobs derive it from the same settings."""
    from dialogue.bootstrap import bootstrap
    from dialogue.core import db
    from dialogue.integrity import process_key
    from dialogue.piccolo_app import APP_CONFIG

    process_key(settings)
    if wired:
        bootstrap(settings)

    async def main() -> Any:
        db.bind_engine(db.create_engine(settings.database_url), tables=APP_CONFIG.table_classes)
        await db.start_pool(min_size=1, max_size=4)
        try:
            return await job()
        finally:
            await db.close_pool()

    return asyncio.run(main())


async def run_migrations(settings: Settings, *, quiet: bool = False) -> None:
    """Apply every pending Piccolo migration (idempotent), then SQLite's persistent PRAGMAs."""
    os.environ["PICCOLO_CONF"] = "dialogue.piccolo_conf"
    import contextlib
    import io

    from piccolo.apps.migrations.commands.forwards import run_forwards

    from dialogue.core.db import get_engine
    from dialogue.integrity import key_of, lent_to_migrations

    out = io.StringIO()
    # The keyed-chain migration seals existing registers and minutes with the key of these settings.
    with lent_to_migrations(key_of(settings)), contextlib.redirect_stdout(out) if quiet else contextlib.nullcontext():
        result = await run_forwards(app_name="all")
    if not result.success:
        raise RuntimeError(f"migration failed: {result.message}")
    if settings.is_sqlite:
        from piccolo.querystring import QueryString

        await get_engine().run_querystring(QueryString("PRAGMA journal_mode=WAL"))


def cmd_migrate(args: argparse.Namespace) -> int:
    settings = _settings()
    _run(settings, lambda: run_migrations(settings, quiet=args.quiet))
    print("Migrations appliquées.")  # noqa: T201
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    settings = _settings()
    from dialogue.demo.service import load_demo
    from dialogue.documents import storage

    storage.bind(settings.documents_storage_url)
    summary = _run(settings, lambda: load_demo(settings=settings))
    print(summary)  # noqa: T201
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    settings = _settings()
    if settings.is_sqlite and args.workers > 1:
        print(  # noqa: T201
            "dialogue serve: SQLite means one server process; use PostgreSQL (DIALOGUE_DATABASE_URL) for --workers > 1",
            file=sys.stderr,
        )
        return 2
    problem = secret_key_problem(settings, host=args.host, workers=args.workers)
    if problem is not None:
        print(f"dialogue serve: {problem}", file=sys.stderr)  # noqa: T201
        return 2
    import uvicorn

    trusted = ",".join(str(network) for network in settings.trusted_proxies)
    uvicorn.run(
        "dialogue.app:app_factory",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=settings.log_level.lower(),
        # X-Forwarded-* only from DIALOGUE_TRUSTED_PROXIES (none by default); the app applies the same rule.
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or None,
        access_log=False,  # our own access log redacts secret tokens in paths (web/deps.py)
    )
    return 0


def cmd_createuser(args: argparse.Namespace) -> int:
    settings = _settings()
    from dialogue.auth.commands import createuser_command

    password = args.password
    if password is None and not args.no_password:
        password = getpass.getpass("Mot de passe : ")
    code: int = _run(
        settings,
        lambda: createuser_command(
            email=args.email,
            full_name=args.name,
            password=password,
            organization_name=args.organization,
            headcount=args.headcount,
            is_org_admin=args.admin,
            cost=settings.password_hash_cost,
        ),
    )
    return code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dialogue",
        description="dialogue : le dialogue social des associations sanitaires, sociales et médico-sociales.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="servir l'application HTTP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="processus serveurs (PostgreSQL uniquement au-delà de 1)")
    serve.set_defaults(func=cmd_serve)

    migrate = sub.add_parser("migrate", help="appliquer les migrations de la base (idempotent)")
    migrate.add_argument("--quiet", action="store_true")
    migrate.set_defaults(func=cmd_migrate)

    demo = sub.add_parser("demo", help="charger les données de démonstration (idempotent)")
    demo.set_defaults(func=cmd_demo)

    createuser = sub.add_parser("createuser", help="créer un compte (et son organisation si elle est nouvelle)")
    createuser.add_argument("--email", required=True)
    createuser.add_argument("--name", help="nom complet")
    createuser.add_argument("--organization", required=True, help="nom de l'organisation (créée si absente)")
    createuser.add_argument("--headcount", type=int, default=0, help="effectif, si l'organisation est créée")
    createuser.add_argument("--admin", action="store_true", help="administrateur de l'organisation")
    createuser.add_argument("--password", help="mot de passe (sinon demandé)")
    createuser.add_argument("--no-password", action="store_true", help="compte sans mot de passe (invitation)")
    createuser.set_defaults(func=cmd_createuser)

    for register in EXTRA_COMMANDS:
        register(sub)
    return parser


# ---------------------------------------------------------------- commands of the modules
# The command lines of the worker, the scheduled notices and the SSCT reminders are parsed here, in the composition
# root; their bodies live beside the module that owns them (`<module>/commands.py`), which the cli awaits with the
# database open (and, for the worker and notify-due, the bootstrap table installed).


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date attendue au format AAAA-MM-JJ, reçu {value!r}") from None


def cmd_notify_due(args: argparse.Namespace) -> int:
    settings = _settings()
    from dialogue.notifications.commands import notify_due_command

    code: int = _run(settings, lambda: notify_due_command(settings=settings, today=args.today), wired=True)
    return code


def register_notify_due(sub: Any) -> None:
    """Adds `dialogue notify-due [--today YYYY-MM-DD]`."""
    parser = sub.add_parser(
        "notify-due", help="mettre en file les rappels de réunion et les échéances légales du jour (idempotent)"
    )
    parser.add_argument("--today", type=_day, default=None, help="jour de référence AAAA-MM-JJ (défaut : aujourd'hui)")
    parser.set_defaults(func=cmd_notify_due)


def cmd_worker(args: argparse.Namespace) -> int:
    settings = _settings()
    from dialogue.notifications.commands import worker_command

    code: int = _run(
        settings,
        lambda: worker_command(settings=settings, once=args.once, batch_size=args.batch_size, poll_seconds=args.poll),
        wired=True,
    )
    return code


def register_worker(sub: Any) -> None:
    """Adds `dialogue worker [--once]`."""
    parser = sub.add_parser("worker", help="envoyer les notifications en attente (file d'envoi)")
    parser.add_argument("--once", action="store_true", help="vider la file puis s'arrêter")
    parser.add_argument("--batch-size", type=int, default=50, help="messages par connexion SMTP")
    parser.add_argument("--poll", type=float, default=5.0, help="secondes entre deux passages (sans --once)")
    parser.set_defaults(func=cmd_worker)


def cmd_ssct_reminders(args: argparse.Namespace) -> int:
    settings = _settings()
    from dialogue.ssct.commands import ssct_reminders_command

    code: int = _run(settings, lambda: ssct_reminders_command(within_days=args.days), wired=True)
    return code


def register_ssct_reminders(sub: Any) -> None:
    """Add the sub-command to the `dialogue` parser."""
    parser = sub.add_parser("ssct-reminders", help="rappeler les actions de suivi SSCT arrivant à échéance")
    parser.add_argument("--days", type=int, default=7, help="échéances dans les N jours (7 par défaut)")
    parser.set_defaults(func=cmd_ssct_reminders)


def cmd_purge(args: argparse.Namespace) -> int:
    settings = _settings()
    from dialogue.documents import storage
    from dialogue.documents.commands import purge_command

    storage.bind(settings.documents_storage_url)
    code: int = _run(
        settings,
        lambda: purge_command(
            settings=settings, dry_run=args.dry_run, today=args.today, organization_id=args.organization
        ),
    )
    return code


def register_purge(sub: Any) -> None:
    """Adds `dialogue purge [--dry-run] [--today YYYY-MM-DD] [--organization ID]` (branch retention)."""
    parser = sub.add_parser("purge", help="effacer les versions de documents dont la durée de conservation a pris fin")
    parser.add_argument("--dry-run", action="store_true", help="lister seulement, sans rien effacer")
    parser.add_argument("--today", type=_day, default=None, help="jour de référence AAAA-MM-JJ (défaut : aujourd'hui)")
    parser.add_argument("--organization", type=int, default=None, help="une seule organisation (son id)")
    parser.set_defaults(func=cmd_purge)


#: Sub-commands of the modules, declared here (nothing registers itself at import time).
EXTRA_COMMANDS: list[Callable[[Any], None]] = [
    register_ssct_reminders,
    register_worker,
    register_notify_due,
    register_purge,
]


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
