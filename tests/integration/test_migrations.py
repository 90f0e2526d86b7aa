"""`dialogue migrate` applies on this engine, twice without change, and the tables match the code."""

from __future__ import annotations

from typing import Any

from piccolo.apps.migrations.commands.forwards import run_forwards

from dialogue.piccolo_app import APP_CONFIG


async def test_migrations_are_idempotent(engine: Any) -> None:
    result = await run_forwards(app_name="all")
    assert result.success


async def test_every_table_exists_and_is_queryable(engine: Any) -> None:
    for table in APP_CONFIG.table_classes:
        assert await table.count() >= 0, table


async def test_demo_is_idempotent(engine: Any, settings: Any) -> None:
    from dialogue.demo.service import load_demo

    assert "rien à faire" in await load_demo(settings=settings)
