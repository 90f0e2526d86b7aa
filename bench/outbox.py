"""Outbox delivery benchmark (issue 6): messages/second from the outbox to a local SMTP server.

Enqueues N convocations (text, HTML and a METHOD:REQUEST calendar part each) in one transaction, then
lets one worker drain them to an aiosmtpd server on 127.0.0.1, reusing one SMTP connection per batch.
Target: ≥ 200 messages/second. Run: `python bench/outbox.py` (SQLite) or under scripts/with-postgres.sh.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from _harness import database_url_for, free_port, prepare, tmpdir
from tests.helpers import notification_data

from dialogue.core import db
from dialogue.core.clock import utcnow
from dialogue.notifications.messages import MailContext, Recipient, render_convocation
from dialogue.notifications.service import enqueue
from dialogue.notifications.worker import SmtpConfig, Worker
from dialogue.organizations.tables import Organization
from dialogue.piccolo_app import APP_CONFIG
from dialogue.settings import Settings

MESSAGES = 2_000
BATCH = 200


async def run(url: str, port: int) -> tuple[int, float, float]:
    settings = Settings(database_url=url, mail_from="cse@demo.example", base_url="https://dialogue.example")
    db.bind_engine(db.create_engine(url), tables=APP_CONFIG.table_classes)
    await db.start_pool(min_size=2, max_size=4)
    try:
        org = await Organization.select(Organization.id).where(Organization.name == "Association Les Tilleuls").first()
        assert org is not None
        ctx = MailContext(base_url=settings.base_url, mail_from=settings.mail_from)
        start = time.perf_counter()
        async with db.transaction():
            for n in range(MESSAGES):
                recipient = Recipient(email=f"membre{n}@tilleuls.example", name=f"Membre n° {n}")
                mail = render_convocation(ctx, notification_data.convocation(meeting_id=1000 + n // 20), recipient)
                await enqueue(
                    organization_id=org["id"],
                    recipient=recipient,
                    mail=mail,
                    dedupe_key=f"bench:{n}",
                    settings=settings,
                )
        enqueued = time.perf_counter() - start

        worker = Worker(
            settings=settings,
            smtp=SmtpConfig(hostname="127.0.0.1", port=port, use_tls=False),
            clock=lambda: utcnow(),
            batch_size=BATCH,
        )
        start = time.perf_counter()
        cpu_start = time.process_time()
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.enable()
            summary = await worker.run_once()
            profile.disable()
            pstats.Stats(profile).sort_stats("cumtime").print_stats(40)
        else:
            summary = await worker.run_once()
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
    finally:
        await db.close_pool()
    assert summary.sent == MESSAGES, summary
    print(f"  enqueue (render + insert, one transaction): {MESSAGES / enqueued:8.0f} messages/s")
    return summary.sent, elapsed, cpu


def main() -> None:
    engine = "postgresql" if os.environ.get("DIALOGUE_TEST_DATABASE_URL") else "sqlite"
    url = database_url_for(engine, tmpdir())
    prepare(url)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, os.path.join(os.path.dirname(__file__), "_smtp_sink.py"), str(port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        assert server.stdout.readline().strip() == "ready"
        print(f"engine={engine}")
        sent, elapsed, cpu = asyncio.run(run(url, port))
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=30)
    counts = dict(item.split("=") for item in out.split())
    assert int(counts["messages"]) == sent, counts
    print(f"  delivery to aiosmtpd on 127.0.0.1         : {sent / elapsed:8.0f} messages/s  (target >= 200)")
    load_average = os.getloadavg()[0]
    print(
        f"  worker CPU per message                    : {cpu / sent * 1000:8.2f} ms  (load average {load_average:.1f})"
    )
    print(
        f"  SMTP connections: {counts['sessions']} for {sent} messages (batches of {BATCH}); "
        f"{int(counts['bytes']) / sent / 1024:.1f} KiB per message"
    )


if __name__ == "__main__":
    main()
