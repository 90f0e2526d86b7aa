"""Two processes write in one register at the same time: each has its own engine and pool (and, on SQLite,
its own in-process writer lock), so only the database serialises them, the register's row lock on PostgreSQL
(`SELECT … FOR UPDATE`), the IMMEDIATE transaction on SQLite. The numbers stay 1..N without gap nor duplicate
and the chain verifies (issue 15: a deployment runs several uvicorn processes)."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from dialogue.auth.tables import User
from tests.api.test_register_concurrency import _fresh_register

pytestmark = pytest.mark.committed

ROOT = Path(__file__).resolve().parents[2]
PER_PROCESS = 40


async def _writer(url: str, register_id: int, organization_id: int, tag: str, users: list[int]) -> Any:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.helpers.register_writer",
        url,
        str(register_id),
        str(organization_id),
        tag,
        str(PER_PROCESS),
        *map(str, users),
        cwd=ROOT,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_two_processes_submitting_at_once_keep_one_gap_free_verified_chain(
    committed_client: Any, auth: Any, settings: Any
) -> None:
    client = committed_client
    rid = await _fresh_register(client, auth)
    emails = ("secretaire@demo.example", "nadia.benali@demo.example", "tresorier@demo.example")
    users = await User.select(User.id, User.organization).where(User.email.is_in(list(emails)))
    ids, organization_id = [u["id"] for u in users], users[0]["organization"]
    writers = [await _writer(settings.database_url, rid, organization_id, tag, ids) for tag in ("A", "B")]
    for writer in writers:
        assert writer.stdout is not None
        line = await asyncio.wait_for(writer.stdout.readline(), timeout=180)
        if line != b"ready\n":
            assert writer.stderr is not None
            pytest.fail(f"writer did not start: {line!r} {(await writer.stderr.read()).decode()[-3000:]}")
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write(b"go\n")
        await writer.stdin.drain()
    outputs = [await asyncio.wait_for(writer.communicate(), timeout=300) for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], [err.decode()[-3000:] for _, err in outputs]
    given = [json.loads(out.decode().strip().splitlines()[-1]) for out, _ in outputs]

    assert sorted(given[0] + given[1]) == list(range(1, 2 * PER_PROCESS + 1))
    if not settings.database_url.startswith("sqlite"):
        # The row lock queues waiters in order: the two processes' numbers interleave. (SQLite's busy handler
        # polls, so one process may well write all its entries before the other gets the lock.)
        assert min(given[1]) < max(given[0]) and min(given[0]) < max(given[1])
    verify = (await client.get(f"/api/v1/registers/{rid}/verify", headers=await auth(emails[0]))).json()
    assert (verify["valid"], verify["entries"], verify["first_broken"]) == (True, 2 * PER_PROCESS, None)
    assert verify["head"]["seq"] == 2 * PER_PROCESS
