"""Reads of delegation hours: the body's members and records in two queries (the statement is computed in Python
by `rules.statements`)."""

from __future__ import annotations

from typing import Any

from piccolo.querystring import QueryString

from dialogue.core.db import run_checked

_MEMBERS_SQL = """
SELECT m.id, m."user" AS user_id, m.role, m.college, m.mandate_start, m.mandate_end, u.full_name, u.email,
       b.mandate_start AS body_mandate_start,
       (SELECT p.agreed_titulaire_hours FROM delegation_profile p WHERE p.member = m.id ORDER BY p.id DESC LIMIT 1)
         AS agreed_titulaire_hours,
       (SELECT p.agreed_extra_hours FROM delegation_profile p WHERE p.member = m.id ORDER BY p.id DESC LIMIT 1)
         AS agreed_extra_hours,
       (SELECT p.forfait_jours FROM delegation_profile p WHERE p.member = m.id ORDER BY p.id DESC LIMIT 1)
         AS forfait_jours
FROM member m JOIN app_user u ON u.id = m."user" JOIN body b ON b.id = m.body
WHERE m.body = {}
ORDER BY u.full_name, m.id
"""

_RECORDS_SQL = """
SELECT r.id, r.body, r.member, r.kind, r.day, r.month, r.minutes, r.time_kind, r.to_member, r.corrects,
       r.subject, r.exceptional_reason, r.article, r.detail, r.notified_on, r.recorded_at
FROM delegation_record r
WHERE r.body = {} AND r.month <= {}
ORDER BY r.id
"""


async def members(body_id: int) -> list[dict[str, Any]]:
    return await run_checked(QueryString(_MEMBERS_SQL, body_id))


async def records(body_id: int, *, last_month: str) -> list[dict[str, Any]]:
    return await run_checked(QueryString(_RECORDS_SQL, body_id, last_month))


async def member_body(member_id: int) -> dict[str, Any] | None:
    rows = await run_checked(
        QueryString('SELECT m.id, m.body, m."user" AS user_id FROM member m WHERE m.id = {}', member_id)
    )
    return rows[0] if rows else None
