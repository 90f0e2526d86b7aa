"""`dialogue ssct-reminders`: emit ActionDue for follow-up actions due soon or overdue (run daily, e.g. by cron)."""

from __future__ import annotations

import argparse
from typing import Any


def cmd_ssct_reminders(args: argparse.Namespace) -> int:
    from dialogue.cli import _run, _settings
    from dialogue.core.clock import local_today
    from dialogue.ssct.service import remind_due_actions

    settings = _settings()
    count = _run(settings, lambda: remind_due_actions(today=local_today(), within_days=args.days))
    print(f"Rappels d'actions SSCT émis : {count}.")  # noqa: T201
    return 0


def register(sub: Any) -> None:
    """Add the sub-command to the `dialogue` parser (cli.EXTRA_COMMANDS)."""
    parser = sub.add_parser("ssct-reminders", help="rappeler les actions de suivi SSCT arrivant à échéance")
    parser.add_argument("--days", type=int, default=7, help="échéances dans les N jours (7 par défaut)")
    parser.set_defaults(func=cmd_ssct_reminders)
