"""The SQLite engine's connection pool (issue 15): a bounded set of connections, each with its aiosqlite thread,
lent to statements in turn; never more than `pool_size` open under concurrency, overflow only after a wait."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from piccolo.querystring import QueryString

from dialogue.core import db
from dialogue.core.db import DialogueSQLiteEngine


def _count_connections(engine: DialogueSQLiteEngine, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """[connections the engine opens from now on] (each one starts an aiosqlite thread)."""
    opened = [0]
    connect = engine.get_connection

    async def counting() -> object:
        opened[0] += 1
        return await connect()

    monkeypatch.setattr(engine, "get_connection", counting)
    return opened


@pytest.fixture
async def pool(tmp_path: Path) -> DialogueSQLiteEngine:
    engine = DialogueSQLiteEngine(path=str(tmp_path / "pool.db"), pool_size=3)
    await engine.run_querystring(QueryString("CREATE TABLE t (n INTEGER)"))
    await engine.run_querystring(QueryString("INSERT INTO t (n) VALUES (1), (2), (3)"))
    return engine


async def test_concurrent_reads_share_the_pool(pool: DialogueSQLiteEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = _count_connections(pool, monkeypatch)
    results = await asyncio.gather(*(pool.run_querystring(QueryString("SELECT SUM(n) AS s FROM t")) for _ in range(40)))
    assert [r[0]["s"] for r in results] == [6] * 40
    # Forty statements at once: at most three connections were opened (one was already idle), none closed.
    assert opened[0] <= 3
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


@pytest.fixture
async def wal(tmp_path: Path) -> DialogueSQLiteEngine:
    engine = DialogueSQLiteEngine(path=str(tmp_path / "wal.db"), pool_size=2)
    await engine.run_querystring(QueryString("PRAGMA journal_mode=WAL"))
    await engine.run_querystring(QueryString("CREATE TABLE t (n INTEGER, at TIMESTAMP, on_day DATE)"))
    await engine.run_querystring(
        QueryString("INSERT INTO t (n, at, on_day) VALUES (1, '2026-12-07 21:00:00', '2026-12-07'), (2, NULL, NULL)")
    )
    return engine


async def test_in_wal_mode_reads_run_in_the_event_loops_thread_and_convert_as_the_pool_does(
    wal: DialogueSQLiteEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 15: no aiosqlite thread for a read outside a transaction (the pool's threads are for writes)."""
    opened = _count_connections(wal, monkeypatch)
    lent_before = (wal._open, len(wal._idle))
    select = QueryString("SELECT n, at, on_day FROM t ORDER BY n")
    results = await asyncio.gather(*(wal.run_querystring(select) for _ in range(20)))
    assert opened == [0] and (wal._open, len(wal._idle)) == lent_before
    async with wal.write_lock, wal.writing():
        in_transaction = await wal.run_querystring(select)  # the same read on a pooled connection
    assert all(rows == in_transaction for rows in results)
    assert in_transaction[0]["n"] == 1 and in_transaction[1]["at"] is None
    assert type(results[0][0]["at"]) is type(in_transaction[0]["at"])
    await wal.close_idle()


async def test_in_wal_mode_a_read_never_waits_for_a_writer_and_sees_the_last_commit(
    wal: DialogueSQLiteEngine,
) -> None:
    count = QueryString("SELECT COUNT(*) AS c FROM t")
    async with wal.write_lock, wal.writing():
        await wal.run_querystring(QueryString("INSERT INTO t (n) VALUES (3)"))
        # The writer's transaction is open on a pooled connection; a request's read is answered at once, in the
        # event loop's thread, with the committed rows (two), not the writer's uncommitted third.
        reader = wal._inline_reader()
        assert reader is not None
        assert reader.execute("SELECT COUNT(*) AS c FROM t").fetchone()["c"] == 2
    assert (await wal.run_querystring(count))[0]["c"] == 3
    await wal.close_idle()


async def test_writes_outside_a_transaction_and_rollback_journal_reads_keep_the_pool(
    wal: DialogueSQLiteEngine, pool: DialogueSQLiteEngine
) -> None:
    """A statement that is not a plain SELECT never runs in the event loop's thread, and the reader refuses to
    write; a database not in WAL mode keeps every statement on the pool's threads."""
    reader = wal._inline_reader()
    assert reader is not None
    with pytest.raises(Exception, match="readonly"):
        reader.execute("INSERT INTO t (n) VALUES (9)")
    await wal.run_querystring(QueryString("INSERT INTO t (n) VALUES (4)"))
    assert (await wal.run_querystring(QueryString("SELECT MAX(n) AS m FROM t")))[0]["m"] == 4
    assert pool._inline_reader() is None
    assert (await pool.run_querystring(QueryString("SELECT SUM(n) AS s FROM t")))[0]["s"] == 6
    assert pool._open >= 1
    await wal.close_idle()
    await pool.close_idle()
