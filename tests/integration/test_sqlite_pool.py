"""The SQLite engine's connection pool (issue 15): a bounded set of connections, each with its aiosqlite thread,
lent to statements in turn; never more than `pool_size` open under concurrency, overflow only after a wait."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from piccolo.querystring import QueryString

from dialogue.core import db
from dialogue.core.db import DialogueSQLiteEngine


@pytest.fixture
async def pool(tmp_path: Path) -> DialogueSQLiteEngine:
    engine = DialogueSQLiteEngine(path=str(tmp_path / "pool.db"), pool_size=3)
    await engine.run_querystring(QueryString("CREATE TABLE t (n INTEGER)"))
    await engine.run_querystring(QueryString("INSERT INTO t (n) VALUES (1), (2), (3)"))
    return engine


async def test_concurrent_reads_share_the_pool(pool: DialogueSQLiteEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = 0
    connect = pool.get_connection

    async def counting() -> object:
        nonlocal opened
        opened += 1
        return await connect()

    monkeypatch.setattr(pool, "get_connection", counting)
    results = await asyncio.gather(*(pool.run_querystring(QueryString("SELECT SUM(n) AS s FROM t")) for _ in range(40)))
    assert [r[0]["s"] for r in results] == [6] * 40
    # Forty statements at once: at most three connections were opened (one was already idle), none closed.
    assert opened <= 3
    assert pool._open == len(pool._idle) <= 3
    await pool.close_idle()
    assert pool._open == 0


async def test_a_busy_pool_lends_the_next_connection_given_back(pool: DialogueSQLiteEngine) -> None:
    held = [await pool.checkout() for _ in range(3)]
    assert pool._open == 3
    waiting = asyncio.ensure_future(pool.checkout())
    await asyncio.sleep(0)
    assert not waiting.done()
    await pool.checkin(held[0], healthy=True)
    lent = await waiting
    assert lent is held[0]
    assert pool._open == 3
    for connection in (lent, *held[1:]):
        await pool.checkin(connection, healthy=True)
    assert pool._open == len(pool._idle) == 3
    await pool.close_idle()


async def test_overflow_after_the_wait_is_closed_when_given_back(
    pool: DialogueSQLiteEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "SQLITE_OVERFLOW_AFTER", 0.01)
    held = [await pool.checkout() for _ in range(3)]
    extra = await pool.checkout()  # nobody gives one back: an overflow connection, not a deadlock
    assert pool._open == 4
    rows = await extra.execute_fetchall("SELECT COUNT(*) AS c FROM t")
    assert rows[0]["c"] == 3
    await pool.checkin(extra, healthy=True)
    assert pool._open == 3
    for connection in held:
        await pool.checkin(connection, healthy=True)
    assert len(pool._idle) == 3
    await pool.close_idle()


async def test_a_broken_connection_is_closed_not_reused(pool: DialogueSQLiteEngine) -> None:
    connection = await pool.checkout()
    before = pool._open
    await pool.checkin(connection, healthy=False)
    assert pool._open == before - 1
    assert connection not in pool._idle
    await pool.close_idle()
