"""Database engine and the one way to open a writing transaction, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
import re
import sqlite3
from collections import deque
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextvars import ContextVar
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

import aiosqlite
from piccolo.engine import sqlite as piccolo_sqlite
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType, dict_factory
from piccolo.querystring import QueryString
from piccolo.table import Table
from piccolo.utils.sql_values import convert_to_sql_value

from dialogue.core.errors import Unauthenticated


class QueryCounter:
    """Counts SQL statements sent, so benchmarks and tests can assert queries per request."""

    def __init__(self) -> None:
        self.count = 0


QUERIES = QueryCounter()


class SessionCheck:
    """A condition the request's statements wait for: its bearer session is still valid (`auth.guards`).

    It costs no statement of its own when the request's first read embeds it (`run_checked`, the actor's
    access to a body); otherwise it runs alone before the first statement, or when the response starts."""

    def __init__(self, condition: QueryString, message: str) -> None:
        self.condition = condition
        self.message = message
        self.result: asyncio.Future[bool] | None = None

    def claim(self) -> bool:
        """Take the check over (True once): the claimer must then `settle` it."""
        if self.result is not None:
            return False
        self.result = asyncio.get_running_loop().create_future()
        return True

    def settle(self, valid: bool) -> None:
        assert self.result is not None
        self.result.set_result(valid)

    async def wait(self) -> None:
        """Raise Unauthenticated when the session ended (after the claimer settled it)."""
        assert self.result is not None
        if not await asyncio.shield(self.result):
            raise Unauthenticated(self.message)


#: The pending check of the current request (set by the bearer guard, reset by the request middleware).
PENDING_CHECK: ContextVar[SessionCheck | None] = ContextVar("pending_check", default=None)


async def _settle_alone(engine: Engine[Any], check: SessionCheck) -> None:
    """Run the check as its own statement (no read embedded it)."""
    valid = False
    try:
        rows = await _unchecked(engine, QueryString("SELECT {} AS ok", check.condition))
        valid = bool(rows and rows[0]["ok"])
    finally:
        check.settle(valid)


async def settle_pending_check(engine: Engine[Any] | None = None) -> None:
    """Before a statement, or when a response starts: the request's session must be valid."""
    check = PENDING_CHECK.get()
    if check is None:
        return
    if check.claim():
        await _settle_alone(engine or get_engine(), check)
    await check.wait()


async def run_checked(querystring: QueryString) -> list[dict[str, Any]]:
    """Run a read, settling the request's pending session check in the same statement (one round trip
    instead of two on the hot paths). A read that finds nothing still settles it, alone."""
    engine = get_engine()
    check = PENDING_CHECK.get()
    if check is None or not check.claim():
        return list(await engine.run_querystring(querystring))
    try:
        rows = await _unchecked(
            engine, QueryString("SELECT q.*, {} AS session_ok FROM ({}) q", check.condition, querystring)
        )
    except BaseException:
        check.settle(False)
        raise
    if rows:
        check.settle(bool(rows[0]["session_ok"]))
    else:
        await _settle_alone(engine, check)
    await check.wait()
    return list(rows)


async def _unchecked(engine: Engine[Any], querystring: QueryString) -> Any:
    """The statement that carries the check itself must not wait for it."""
    if isinstance(engine, DialogueSQLiteEngine | DialoguePostgresEngine):
        return await engine.run_unchecked(querystring)
    return await engine.run_querystring(querystring)


def _int_out(value: bytes) -> int:
    """Piccolo's INTEGER converter (`int(Decimal(text))`, which also takes "1.0") without its Decimal and its
    bytes-or-text wrapper for the plain integers SQLite hands back."""
    try:
        return int(value)
    except ValueError:
        return int(piccolo_sqlite.convert_int_out(value))


def _timestamptz_out(value: bytes) -> datetime:
    return datetime.fromisoformat(value.decode()).replace(tzinfo=UTC)


def _date_out(value: bytes) -> date:
    return date.fromisoformat(value.decode())


def _boolean_out(value: bytes) -> bool:
    return value == b"1"


#: Piccolo's converters of the column types every row carries, as the sqlite3 module calls them (with bytes): the
#: same values for about a third of the calls (its wrapper checks the type and decodes first; ints went through a
#: Decimal). Converting rows was a fifth of a list's CPU on SQLite (issue 15, profiled with py-spy).
for _type, _converter in (
    ("INTEGER", _int_out),
    ("TIMESTAMPTZ", _timestamptz_out),
    ("DATE", _date_out),
    ("BOOLEAN", _boolean_out),
):
    sqlite3.register_converter(_type, _converter)

#: Connections the SQLite engine keeps open (each with its aiosqlite thread), shared by reads and the one writer.
#: Two measured best under 32 concurrent requests (bench/daily.py, quiet machine, 2026-12-07): the threads convert
#: rows in Python and contend for the GIL with the event loop; with 8, the meetings list fell from 0.067× to 0.042×
#: the bare handler and `/me` from 0.37× to 0.26×.
SQLITE_POOL_SIZE = 2
#: Seconds a statement waits for a busy pool before opening an overflow connection.
SQLITE_OVERFLOW_AFTER = 0.5
#: A statement that only reads (`_inline_reader`): a SELECT, or a WITH whose statement is a SELECT is not told
#: apart from a writing one, so only plain SELECTs qualify.
_READ = re.compile(r"\s*SELECT\b", re.IGNORECASE)


class DialogueSQLiteEngine(SQLiteEngine):
    """SQLite with a busy timeout and a query counter.

    Every writing transaction is IMMEDIATE and serialised in-process (STYLE.md: a deferred
    read-then-write transaction fails at once with "database is locked" under concurrency).
    """

    def __init__(self, path: str, *, pool_size: int = SQLITE_POOL_SIZE) -> None:
        super().__init__(path=path, timeout=30)
        self.write_lock = asyncio.Lock()
        self._idle: list[aiosqlite.Connection] = []
        self._pool_size = pool_size
        #: Connections open now (idle or lent), overflow included.
        self._open = 0
        self._waiters: deque[asyncio.Future[aiosqlite.Connection]] = deque()
        #: The connection reads outside a transaction run on, in the event loop's thread (`_inline_reader`);
        #: False once the database turned out not to be in WAL mode (reads then go through the pool).
        self._reader: sqlite3.Connection | Literal[False] | None = None

    async def run_querystring(self, querystring: QueryString, in_pool: bool = False) -> Any:
        await settle_pending_check(self)
        return await self.run_unchecked(querystring, in_pool=in_pool)

    async def run_unchecked(self, querystring: QueryString, in_pool: bool = False) -> Any:
        QUERIES.count += 1
        return await super().run_querystring(querystring, in_pool=in_pool)

    async def _run_in_new_connection(
        self,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: type[Table] | None = None,
    ) -> Any:
        """Statements outside a transaction reuse idle autocommit connections.

        Piccolo opens a connection (and an aiosqlite thread) per statement; reusing a few
        saves that start-up on every read, which dominates short requests. The statement and its rows
        cross to the connection's thread once (`execute_fetchall`), not three times (execute, fetch, close).
        """
        if _READ.match(query):
            reader = self._inline_reader()
            if reader is not None:
                return reader.execute(query, args or []).fetchall()
        connection = await self.checkout()
        healthy = False
        try:
            rows = await connection.execute_fetchall(query, args or [])
            healthy = True
            return rows
        finally:
            await self.checkin(connection, healthy=healthy)

    def _inline_reader(self) -> sqlite3.Connection | None:
        """The connection for reads outside a transaction, run in the event loop's own thread.

        A read of a small SQLite database takes a fraction of a millisecond of CPU, which it costs in any thread;
        sent to an aiosqlite thread, it also cost two thread hops and the GIL handed back and forth with the event
        loop, which under 32 concurrent requests tripled the CPU of a list (issue 15: meetings list 0.08× → 0.13×
        the bare handler, `/me` 0.31× → 0.70×, `bench/daily.py`). Only in WAL mode, where a reader never waits for
        a writer (it reads the last committed state): a rollback-journal database could make it wait, in the
        event loop, for a writer that needs the event loop — its reads stay on the pool's threads."""
        if self._reader is None:
            reader = sqlite3.connect(**{**self.connection_kwargs, "check_same_thread": False})
            if str(reader.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                reader.close()
                self._reader = False
                return None
            reader.row_factory = dict_factory
            reader.execute("PRAGMA foreign_keys = 1")
            reader.execute("PRAGMA query_only = 1")
            self._reader = reader
        return self._reader or None

    async def _run_in_existing_connection(
        self,
        connection: Any,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: type[Table] | None = None,
    ) -> Any:
        """A statement of the current transaction. Piccolo sends `PRAGMA foreign_keys = 1` and sets the row
        factory before each one: `get_connection` already did both for every connection (one thread round trip
        a statement less, issue 15)."""
        return await connection.execute_fetchall(query, args or [])

    async def checkout(self) -> aiosqlite.Connection:
        """An idle autocommit connection; a new one (foreign keys on, row factory set) while fewer than
        `pool_size` are open; else the next one given back.

        Opening a connection starts an aiosqlite thread (several ms of CPU): under 32 concurrent requests a
        pool that opened one whenever none was idle, and closed the extra ones on return, opened one every
        eight statements (issue 15, profiled). Waiting for a connection never deadlocks: after
        `SQLITE_OVERFLOW_AFTER` seconds an overflow connection is opened, and closed when given back.
        """
        if self._idle:
            return self._idle.pop()
        if self._open < self._pool_size:
            return await self._connect()
        waiter: asyncio.Future[aiosqlite.Connection] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            return await asyncio.wait_for(waiter, SQLITE_OVERFLOW_AFTER)
        except TimeoutError:
            return await self._connect()
        finally:
            with contextlib.suppress(ValueError):
                self._waiters.remove(waiter)

    async def _connect(self) -> aiosqlite.Connection:
        self._open += 1
        try:
            return await self.get_connection()
        except BaseException:
            self._open -= 1
            raise

    def _hand_over(self, connection: aiosqlite.Connection) -> bool:
        """Give a returned connection to the first request still waiting in this event loop."""
        loop = asyncio.get_running_loop()
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done() and waiter.get_loop() is loop:
                waiter.set_result(connection)
                return True
        return False

    async def checkin(self, connection: aiosqlite.Connection, *, healthy: bool) -> None:
        """Lend a healthy connection outside any transaction to a waiting request, or keep it for the next
        statement; close any other (and overflow connections nobody waits for)."""
        if healthy and not connection.in_transaction:
            if self._hand_over(connection):
                return
            if self._open <= self._pool_size:
                self._idle.append(connection)
                return
        self._open -= 1
        await connection.close()

    def writing(self) -> SQLiteTransaction:
        """An IMMEDIATE transaction on a reused connection (the caller holds `write_lock`)."""
        return _PooledTransaction(self, transaction_type=TransactionType.immediate)

    async def close_idle(self) -> None:
        if self._reader:
            self._reader.close()
        self._reader = None
        while self._idle:
            self._open -= 1
            await self._idle.pop().close()


class _PooledTransaction(SQLiteTransaction):
    """A writing transaction on one of the engine's idle connections, given back when it ends: Piccolo's own
    opens a connection and its aiosqlite thread per transaction and closes it (≈ 3 ms of CPU a write)."""

    engine: DialogueSQLiteEngine

    async def get_connection(self) -> aiosqlite.Connection:
        return await self.engine.checkout()

    async def begin(self) -> None:
        try:
            await super().begin()  # type: ignore[no-untyped-call]
        except BaseException:
            await self.engine.checkin(self.connection, healthy=False)
            raise

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        if self._parent:
            return exception is None
        healthy = False
        try:
            if exception:
                if not self._rolled_back:
                    await self.rollback()  # type: ignore[no-untyped-call]
            elif not self._committed and not self._rolled_back:
                await self.commit()  # type: ignore[no-untyped-call]
            healthy = True
        finally:
            self.engine.current_transaction.reset(self.context)
            await self.engine.checkin(self.connection, healthy=healthy)
        return exception is None


class DialoguePostgresEngine(PostgresEngine):
    """PostgreSQL with a query counter; the pool is opened by the app's lifespan."""

    async def run_querystring(self, querystring: QueryString, in_pool: bool = True) -> Any:
        await settle_pending_check(self)
        return await self.run_unchecked(querystring, in_pool=in_pool)

    async def run_unchecked(self, querystring: QueryString, in_pool: bool = True) -> Any:
        QUERIES.count += 1
        return await super().run_querystring(querystring, in_pool=in_pool)


#: Prepared statements asyncpg keeps per pooled connection (its default is 100).
STATEMENT_CACHE_SIZE = 16


def create_engine(database_url: str) -> Engine[Any]:
    """Build the engine named by DIALOGUE_DATABASE_URL."""
    if database_url.startswith("sqlite"):
        return DialogueSQLiteEngine(path=unquote(database_url.removeprefix("sqlite://")))
    parts = urlsplit(database_url)
    config: dict[str, Any] = {
        "host": parts.hostname or "localhost",
        "port": parts.port or 5432,
        "user": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "database": parts.path.lstrip("/"),
        # asyncpg keeps 100 prepared statements a connection by default; our hot paths use far fewer, and each
        # cached statement holds memory on both sides for the connection's life (issue 15: flat memory).
        "statement_cache_size": STATEMENT_CACHE_SIZE,
        "server_settings": {
            "idle_in_transaction_session_timeout": "60000",
            "lock_timeout": "20000",
            "timezone": "UTC",
        },
    }
    return DialoguePostgresEngine(config=config)


_engine: Engine[Any] | None = None


def get_engine() -> Engine[Any]:
    """The engine every table is bound to (set by `bind_engine`)."""
    if _engine is None:
        raise RuntimeError("database engine not bound: call bind_engine() first")
    return _engine


def current_engine() -> Engine[Any] | None:
    """The bound engine, if any (piccolo_conf reuses it so migrations share its connections)."""
    return _engine


def bind_engine(engine: Engine[Any], *, tables: Iterable[type[Table]]) -> None:
    """Point `tables` (every table of the app: `piccolo_app.APP_CONFIG.table_classes`) at `engine` (tables
    otherwise look for piccolo_conf). The caller names the tables: core imports no module."""
    global _engine
    _engine = engine
    for table in tables:
        table._meta._db = engine


def is_sqlite(engine: Engine[Any] | None = None) -> bool:
    return (engine or get_engine()).engine_type == "sqlite"


@contextlib.asynccontextmanager
async def transaction() -> AsyncIterator[None]:
    """The service layer's transaction. Nested calls join the outer one (no savepoint)."""
    engine = get_engine()
    if engine.current_transaction.get() is not None:
        yield
        return
    if isinstance(engine, DialogueSQLiteEngine):
        async with engine.write_lock, engine.writing():
            yield
    else:
        async with engine.transaction():
            yield


async def _keep_session(connection: Any) -> None:
    """Pool release without asyncpg's RESET ALL round trip: we never change session state
    (no advisory locks, LISTEN or SET outside a transaction), so the reset query only costs latency."""
    return None


async def start_pool(*, min_size: int, max_size: int) -> None:
    engine = get_engine()
    if isinstance(engine, PostgresEngine) and engine.pool is None:
        await engine.start_connection_pool(min_size=min_size, max_size=max(min_size, max_size), reset=_keep_session)


async def close_pool() -> None:
    engine = get_engine()
    if isinstance(engine, DialogueSQLiteEngine):
        await engine.close_idle()
    if isinstance(engine, PostgresEngine) and engine.pool is not None:
        pool = engine.pool
        engine.pool = None
        try:
            await asyncio.wait_for(pool.close(), timeout=10)
        except TimeoutError:
            pool.terminate()


async def ping() -> bool:
    """True when the database answers a trivial query."""
    try:
        await get_engine().run_querystring(QueryString("SELECT 1"))
    except Exception:
        return False
    return True


async def lock_row(table: type[Table], row_id: int) -> None:
    """Lock one row for the rest of the transaction (PostgreSQL); SQLite's writer lock already serialises."""
    engine = get_engine()
    if not is_sqlite(engine):
        name = table._meta.tablename
        await engine.run_querystring(QueryString(f'SELECT id FROM "{name}" WHERE id = {{}} FOR UPDATE', row_id))  # noqa: S608


@lru_cache(maxsize=256)
def _insert_template(
    table: type[Table], names: tuple[str, ...], returning: str | None, count: int = 1
) -> tuple[str, tuple[Any, ...]]:
    columns = tuple(table._meta.get_column_by_name(name) for name in names)
    quoted = ", ".join(f'"{column._meta.db_column_name}"' for column in columns)
    placeholders = ", ".join([f"({', '.join('{}' for _ in columns)})"] * count)
    sql = f'INSERT INTO "{table._meta.tablename}" ({quoted}) VALUES {placeholders}'  # noqa: S608
    if returning:
        sql += " RETURNING " + ", ".join(f'"{name.strip()}"' for name in returning.split(","))
    return sql, columns


def insert_query(table: type[Table], values: Mapping[str, Any], *, returning: str | None = "id") -> QueryString:
    """A one-row INSERT of `values` (column name -> value) in plain SQL, the values converted as Piccolo's
    own insert converts them (JSON dumped the same way): the same row for a fraction of the CPU Piccolo
    spends instantiating the table and building its query (issue 15: the register's hot path)."""
    return insert_many_query(table, (values,), returning=returning)


def insert_many_query(
    table: type[Table], rows: Sequence[Mapping[str, Any]], *, returning: str | None = "id"
) -> QueryString:
    """`insert_query` for several rows with the same columns, in one statement (`VALUES (…), (…)`), as for
    register entries committed together (`registers.group_commit`). `returning` may name several columns
    ("id, number"): rows come back in no promised order, so the caller matches them by a key it wrote."""
    if not rows:
        raise ValueError("insert_many_query needs at least one row")
    names = tuple(rows[0])
    sql, columns = _insert_template(table, names, returning, len(rows))
    args: list[Any] = []
    for values in rows:
        if tuple(values) != names:
            raise ValueError("insert_many_query: every row has the same columns, in the same order")
        pairs = zip(values.values(), columns, strict=True)
        args.extend(convert_to_sql_value(value=value, column=column) for value, column in pairs)
    return QueryString(sql, *args)
