"""Closing a campaign: by the direction or by its date, rewriting every answer row (no order of arrival survives)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from dialogue.audit import service as audit
from dialogue.core.actor import Actor
from dialogue.core.clock import utcnow
from dialogue.core.db import get_engine, lock_row, transaction
from dialogue.core.events import emit
from dialogue.qvt.barometer.reads import (
    effective_status,
    invited_and_respondents,
    shown_respondents,
)
from dialogue.qvt.events import BarometerClosed
from dialogue.qvt.tables import (
    Barometer,
)

_RESHUFFLE = (
    "CREATE TEMP TABLE baro_shuffle_r AS SELECT * FROM qvt_barometer_response WHERE barometer = {id}",
    "CREATE TEMP TABLE baro_shuffle_a AS SELECT a.* FROM qvt_barometer_answer a "
    "JOIN qvt_barometer_response r ON r.id = a.response WHERE r.barometer = {id}",
    "CREATE TEMP TABLE baro_shuffle_c AS SELECT c.* FROM qvt_barometer_comment c "
    "JOIN qvt_barometer_response r ON r.id = c.response WHERE r.barometer = {id}",
    "DELETE FROM qvt_barometer_response WHERE barometer = {id}",
    "INSERT INTO qvt_barometer_response SELECT * FROM baro_shuffle_r ORDER BY RANDOM()",
    "INSERT INTO qvt_barometer_answer SELECT * FROM baro_shuffle_a ORDER BY RANDOM()",
    "INSERT INTO qvt_barometer_comment SELECT * FROM baro_shuffle_c ORDER BY RANDOM()",
    "DROP TABLE baro_shuffle_c",
    "DROP TABLE baro_shuffle_a",
    "DROP TABLE baro_shuffle_r",
    "UPDATE qvt_barometer_link SET used = used WHERE barometer = {id}",
)
"""Closing reinserts every answer row of the campaign in a random order, in one transaction: the storage
order (SQLite's key order, PostgreSQL's ctid) and the transaction ids (xmin) no longer follow arrival.
The id is an integer from our own row, written into the text because PostgreSQL takes no parameter in
CREATE TABLE AS."""


async def close_and_reshuffle(row: Mapping[str, Any], *, actor_user_id: int | None, closed_at: datetime) -> None:
    """Close and rewrite every answer row in one transaction (no per-answer transaction id survives)."""
    barometer_id = row["id"]
    await Barometer.update({Barometer.status: "closed", Barometer.closed_at: closed_at}).where(
        Barometer.id == barometer_id
    )
    engine = get_engine()
    for statement in _RESHUFFLE:
        await engine.run_ddl(statement.format(id=int(barometer_id)))
    invited, counted = await invited_and_respondents(barometer_id)
    respondents = shown_respondents(counted, status="closed", min_group_size=row["min_group_size"])
    await audit.record(
        actor=Actor(user_id=actor_user_id, organization_id=row["organization"]) if actor_user_id else None,
        organization_id=row["organization"],
        action="close",
        entity="qvt_barometer",
        entity_id=barometer_id,
        before={"status": "open"},
        after={"status": "closed", "respondents": respondents, "invited": invited},
    )
    await emit(
        BarometerClosed(
            organization_id=row["organization"],
            actor_user_id=actor_user_id,
            barometer_id=barometer_id,
            title=row["title"],
            body_id=row["body"],
            respondents=respondents,
            invited=invited,
        )
    )


async def settle(row: dict[str, Any]) -> dict[str, Any]:
    """Close for real a campaign whose date has passed (deemed outcomes happen by themselves)."""
    if row["status"] == "open" and effective_status(row, now=utcnow()) == "closed":
        async with transaction():
            await lock_row(Barometer, row["id"])
            current = await Barometer.select(Barometer.status).where(Barometer.id == row["id"]).first()
            if current is not None and current["status"] == "open":
                await close_and_reshuffle(row, actor_user_id=None, closed_at=row["closes_at"])
        fresh = await Barometer.select().where(Barometer.id == row["id"]).first()
        assert fresh is not None
        return fresh
    return row
