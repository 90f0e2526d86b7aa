"""Test harness: one event loop, a real database (SQLite file, or the PostgreSQL that
scripts/with-postgres.sh started), migrations once, demo data once, and a rolled-back
transaction around each test. The app is driven in the test's own loop through
httpx.ASGITransport (STYLE.md: Litestar's TestClient runs another loop)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from piccolo.querystring import QueryString
from piccolo.table import sort_table_classes

from tests.helpers.clock import FrozenClock

TEST_PG_URL = os.environ.get("DIALOGUE_TEST_DATABASE_URL")
ENGINE_NAME = "postgresql" if TEST_PG_URL else "sqlite"


def _prepare_database_url(tmp_dir: Path) -> str:
    if not TEST_PG_URL:
        return f"sqlite:///{tmp_dir / 'test.db'}"
    base, _, _ = TEST_PG_URL.rpartition("/")
    name = f"dialogue_test_{os.getpid()}"

    async def create() -> None:
        conn = await asyncpg.connect(TEST_PG_URL)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    asyncio.run(create())
    return f"{base}/{name}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _prepare_database_url(tmp_path_factory.mktemp("db"))


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from dialogue.settings import Settings, get_settings
    from tests.helpers.keys import TEST_SECRET_KEY

    os.environ["DIALOGUE_DATABASE_URL"] = database_url
    os.environ["PICCOLO_CONF"] = "dialogue.piccolo_conf"
    get_settings.cache_clear()
    return Settings(
        database_url=database_url,
        secret_key=TEST_SECRET_KEY,
        password_hash_cost="fast",
        base_url="http://testserver",
        mail_from="cse@demo.example",
        db_pool_min=2,
        db_pool_max=20,
        storage_url=tmp_path_factory.mktemp("documents").as_uri(),
    )


@pytest.fixture(scope="session")
async def engine(settings: Any) -> AsyncIterator[Any]:
    from dialogue.cli import run_migrations
    from dialogue.core import db
    from dialogue.piccolo_app import APP_CONFIG

    engine = db.create_engine(settings.database_url)
    db.bind_engine(engine, tables=APP_CONFIG.table_classes)
    await run_migrations(settings, quiet=True)
    await db.start_pool(min_size=settings.db_pool_min, max_size=settings.db_pool_max)
    await load_demo_data(settings)
    yield engine
    await db.close_pool()


#: `DIALOGUE_TEST_WITHOUT_DEMO=1` leaves the demo out: a file whose tests build their own data (tests/factories.py)
#: passes without it, which is how a conversion away from the demo is checked.
WITHOUT_DEMO = os.environ.get("DIALOGUE_TEST_WITHOUT_DEMO") == "1"


async def load_demo_data(settings: Any) -> None:
    from dialogue.demo.service import load_demo
    from dialogue.documents import storage

    storage.bind(settings.documents_storage_url)
    if not WITHOUT_DEMO:
        await load_demo(settings=settings)


async def empty_all_tables() -> None:
    from dialogue.core.db import get_engine, is_sqlite
    from dialogue.piccolo_app import APP_CONFIG

    tables = sort_table_classes(list(APP_CONFIG.table_classes))
    engine = get_engine()
    if is_sqlite(engine):
        for table in reversed(tables):
            await engine.run_querystring(QueryString(f'DELETE FROM "{table._meta.tablename}"'))
    else:
        names = ", ".join(f'"{t._meta.tablename}"' for t in tables)
        await engine.run_querystring(QueryString(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture
async def db(engine: Any) -> AsyncIterator[Any]:
    """A transaction around the test, rolled back at the end: nothing a test writes survives it."""
    txn = engine.transaction()
    await txn.__aenter__()
    try:
        yield txn
    finally:
        try:
            await txn.rollback()
        finally:
            if engine.engine_type == "sqlite":
                await txn.connection.close()
            elif engine.pool is not None:
                await engine.pool.release(txn.connection)
            else:
                await txn.connection.close()
            engine.current_transaction.set(None)


@pytest.fixture
async def committed_db(engine: Any, settings: Any) -> AsyncIterator[Any]:
    """No wrapping transaction (for concurrency tests); every table is emptied and the demo reloaded after."""
    engine.current_transaction.set(None)
    try:
        yield engine
    finally:
        engine.current_transaction.set(None)
        await empty_all_tables()
        await load_demo_data(settings)


@pytest.fixture(scope="session")
def app(settings: Any) -> Any:
    from dialogue.app import create_app

    return create_app(settings, manage_engine=False)


def _client(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


@pytest.fixture
async def client(app: Any, db: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with _client(app) as c:
        yield c


@pytest.fixture
async def committed_client(app: Any, committed_db: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with _client(app) as c:
        yield c


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> FrozenClock:
    """`frozen_clock.set(date(2026, 3, 1))` or `.set(aware_datetime)`: every module's "now" and "today" move."""
    return FrozenClock(monkeypatch)


@pytest.fixture
def auth(settings: Any) -> Callable[[str], Awaitable[dict[str, str]]]:
    """`await auth("secretaire@demo.example")` → Authorization headers for that demo account."""
    from dialogue.auth.security import issue_token
    from dialogue.auth.tables import User
    from dialogue.core.clock import system_now

    async def headers(email: str) -> dict[str, str]:
        user = await User.select(User.id, User.organization).where(User.email == email).first()
        assert user is not None, f"no demo account {email}"
        token = issue_token(
            user_id=user["id"],
            organization_id=user["organization"],
            secret=settings.secret_key.get_secret_value(),
            now=system_now(),  # tokens are checked against the machine's clock, even when a test froze time
            ttl=3600,
        )
        return {"Authorization": f"Bearer {token}"}

    return headers


def pytest_report_header(config: pytest.Config) -> str:
    return f"dialogue test database engine: {ENGINE_NAME}"


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    passed = len(terminalreporter.stats.get("passed", []))
    failed = len(terminalreporter.stats.get("failed", [])) + len(terminalreporter.stats.get("error", []))
    terminalreporter.write_line(f"dialogue: {passed} tests passed, {failed} failed on {ENGINE_NAME}")
