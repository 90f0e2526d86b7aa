"""The bodies of `dialogue notify-due` and `dialogue worker`: the cli parses their arguments, builds the settings,
runs the bootstrap and opens the database, then awaits one of these (each prints its summary, returns the exit
code)."""

from __future__ import annotations

import asyncio
import signal
import sys
from datetime import date

from dialogue.notifications.due import notify_due
from dialogue.notifications.fanout import fan_out_pending
from dialogue.notifications.worker import SmtpConfig, Worker, pending_count
from dialogue.settings import Settings


async def notify_due_command(*, settings: Settings, today: date | None) -> int:
    """Queue the day's scheduled notices (idempotent); warn when no worker could send them."""
    summary = await notify_due(settings=settings, today=today)
    print(f"Avis programmés mis en file : {summary}.")  # noqa: T201
    if settings.smtp_url is None:
        print("DIALOGUE_SMTP_URL n'est pas configuré : `dialogue worker` ne pourra pas les envoyer.", file=sys.stderr)  # noqa: T201
    return 0


async def worker_command(*, settings: Settings, once: bool, batch_size: int, poll_seconds: float) -> int:
    """Send the outbox (once, or until SIGINT/SIGTERM). Without SMTP nothing is sent, but the deferred events are
    rendered so the outbox shows what waits; the exit code is then 2."""
    if settings.smtp_url is None:
        await fan_out_pending()
        waiting = await pending_count()
        print(  # noqa: T201
            "dialogue worker : DIALOGUE_SMTP_URL n'est pas configuré ; aucun message n'est envoyé "
            f"({waiting} en attente, conservés dans la file).",
            file=sys.stderr,
        )
        return 2
    smtp = SmtpConfig.from_settings(settings)

    async def scheduled() -> object:
        return await notify_due(settings=settings)

    worker = Worker(settings=settings, smtp=smtp, batch_size=batch_size, scheduled=scheduled)
    if once:
        summary = await worker.run_once()
        print(f"File d'envoi vidée : {summary}.")  # noqa: T201
        return 0
    print(f"dialogue worker : envoi via {smtp.hostname}:{smtp.port} (Ctrl-C pour arrêter).")  # noqa: T201
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await worker.run_forever(stop=stop, poll_seconds=poll_seconds)
    return 0
