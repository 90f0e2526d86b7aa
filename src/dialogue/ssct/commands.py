"""The body of `dialogue ssct-reminders`: the cli parses its arguments and opens the database, then awaits it."""

from __future__ import annotations

from dialogue.core.clock import local_today
from dialogue.ssct.service import remind_due_actions


async def ssct_reminders_command(*, within_days: int) -> int:
    """Emit the reminders of SSCT follow-up actions due within `within_days` (once each), print how many."""
    count = await remind_due_actions(today=local_today(), within_days=within_days)
    print(f"Rappels d'actions SSCT émis : {count}.")  # noqa: T201
    return 0
