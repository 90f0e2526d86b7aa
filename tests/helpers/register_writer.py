"""A separate process that writes in one register through the service, for the cross-process test
(`tests/api/test_register_processes.py`): its own engine and pool, its own in-process writer lock.

    python -m tests.helpers.register_writer DATABASE_URL REGISTER_ID ORGANIZATION_ID TAG COUNT USER_ID...

It binds the engine, says `ready` on stdout, waits for a line on stdin (so that both processes start
together), submits COUNT entries concurrently (authors taken in turn from USER_ID…), and prints the numbers it
was given as one JSON line.
"""

from __future__ import annotations

import asyncio
import json
import sys

from dialogue.bootstrap import bootstrap
from dialogue.core import db
from dialogue.core.actor import Actor
from dialogue.piccolo_app import APP_CONFIG
from dialogue.registers import service
from dialogue.registers.schemas import EntryCreate
from dialogue.settings import Settings
from tests.helpers.keys import TEST_CHAIN_KEY, TEST_SECRET_KEY


async def main(url: str, register_id: int, organization_id: int, tag: str, count: int, users: list[int]) -> None:
    bootstrap(Settings(database_url=url, secret_key=TEST_SECRET_KEY))
    db.bind_engine(db.create_engine(url), tables=APP_CONFIG.table_classes)
    await db.start_pool(min_size=2, max_size=8)
    try:

        async def one(i: int) -> int:
            actor = Actor(user_id=users[i % len(users)], organization_id=organization_id)
            data = EntryCreate(subject=f"Demande {tag}-{i}", body=f"Demande du processus {tag}, n° {i}")
            entry = await service.submit_entry(
                actor=actor, register_id=register_id, data=data, chain_key=TEST_CHAIN_KEY
            )
            return entry.number

        print("ready", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        numbers = await asyncio.gather(*(one(i) for i in range(count)))
        print(json.dumps(numbers), flush=True)
    finally:
        await db.close_pool()


if __name__ == "__main__":
    url, register_id, organization_id, tag, count, *users = sys.argv[1:]
    asyncio.run(main(url, int(register_id), int(organization_id), tag, int(count), [int(u) for u in users]))
