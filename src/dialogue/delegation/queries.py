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
         AS forfait_jours,
       (SELECT p.monthly_working_minutes FROM delegation_profile p WHERE p.member = m.id ORDER BY p.id DESC LIMIT 1)
         AS monthly_working_minutes
FROM member m JOIN app_user u ON u.id = m."user" JOIN body b ON b.id = m.body
WHERE m.body = {}
ORDER BY u.full_name, m.id
"""

_RECORDS_SQL = """
SELECT r.id, r.body, r.member, r.kind, r.day, r.month, r.minutes, r.time_kind, r.to_member, r.corrects,
       r.subject, r.exceptional_reason, r.article, r.detail, r.notified_on, r.recorded_at,
       r.outside_working_time
FROM delegation_record r
WHERE r.body = {} AND r.month <= {}
ORDER BY r.id
"""


#: Monthly sums per member, in one row per (member, month): uses deducted, not deducted (L2315-11), exceptional,
#: meetings under the R2315-7 annual cap (the kinds are parameters: `rules.capped_meeting_kinds`), deducted uses
#: outside working time (L3123-14), hours given, hours received. Records in a correction chain are left to
#: `_CHAINS_SQL` (their value is the last correction's, applied as a difference): a 30-member CSE over a year reads
#: a few hundred rows, not every record.
_TOTALS_SQL = """
SELECT r.member AS member, r.month AS month,
       SUM(CASE WHEN r.kind = 'use' AND r.time_kind = 'delegation' THEN r.minutes ELSE 0 END) AS used,
       SUM(CASE WHEN r.kind = 'use' AND r.time_kind <> 'delegation' AND r.time_kind NOT IN ({}, {})
                THEN r.minutes ELSE 0 END) AS not_deducted,
       SUM(CASE WHEN r.kind = 'use' AND r.time_kind = 'delegation' AND r.exceptional_reason IS NOT NULL
                THEN r.minutes ELSE 0 END) AS exceptional,
       SUM(CASE WHEN r.kind = 'use' AND r.time_kind IN ({}, {}) THEN r.minutes ELSE 0 END) AS capped,
       SUM(CASE WHEN r.kind = 'use' AND r.time_kind = 'delegation' AND r.outside_working_time
                THEN r.minutes ELSE 0 END) AS outside_work,
       SUM(CASE WHEN r.kind = 'transfer' THEN r.minutes ELSE 0 END) AS given,
       0 AS received
FROM delegation_record r
WHERE r.body = {} AND r.month >= {} AND r.month <= {} AND r.kind IN ('use', 'transfer')
GROUP BY r.member, r.month
UNION ALL
SELECT r.to_member AS member, r.month AS month, 0, 0, 0, 0, 0, 0, SUM(r.minutes) AS received
FROM delegation_record r
WHERE r.body = {} AND r.month >= {} AND r.month <= {} AND r.kind = 'transfer'
GROUP BY r.to_member, r.month
"""

#: Records in a correction chain (corrected ones and the corrections), few: their value is computed in Python and
#: the difference with what `_TOTALS_SQL` summed is added.
_CHAINS_SQL = """
SELECT r.id, r.member, r.kind, r.month, r.minutes, r.time_kind, r.to_member, r.corrects, r.exceptional_reason,
       r.outside_working_time
FROM delegation_record r
WHERE r.body = {} AND r.month >= {} AND r.month <= {}
  AND (r.kind = 'correction'
       OR r.id IN (SELECT c.corrects FROM delegation_record c WHERE c.body = {} AND c.kind = 'correction'))
ORDER BY r.id
"""

_MEMBER_RECORDS_SQL = """
SELECT r.id, r.body, r.member, r.kind, r.day, r.month, r.minutes, r.time_kind, r.to_member, r.corrects,
       r.subject, r.exceptional_reason, r.article, r.detail, r.notified_on, r.recorded_at,
       r.outside_working_time
FROM delegation_record r
WHERE r.body = {} AND (r.member = {} OR r.to_member = {}) AND r.month >= {} AND r.month <= {}
ORDER BY r.id
"""


_NOTICES_SQL = """
SELECT r.notified_on, r.minutes
FROM delegation_record r
WHERE r.body = {} AND r.member = {} AND r.month = {} AND r.kind = 'notice'
ORDER BY r.id
"""


async def totals(
    body_id: int, *, first_month: str, last_month: str, capped_kinds: tuple[str, str]
) -> list[dict[str, Any]]:
    """`capped_kinds`: the two time kinds counted against the R2315-7 annual cap (the same one twice if one)."""
    args = (body_id, first_month, last_month)
    return await run_checked(QueryString(_TOTALS_SQL, *capped_kinds, *capped_kinds, *args, *args))


async def notices(body_id: int, member_id: int, month: str) -> list[dict[str, Any]]:
    """The member's notices of cumulated hours for `month` (R2315-5)."""
    return await run_checked(QueryString(_NOTICES_SQL, body_id, member_id, month))


async def chains(body_id: int, *, first_month: str, last_month: str) -> list[dict[str, Any]]:
    return await run_checked(QueryString(_CHAINS_SQL, body_id, first_month, last_month, body_id))


async def member_records(body_id: int, member_id: int, *, first_month: str, last_month: str) -> list[dict[str, Any]]:
    return await run_checked(QueryString(_MEMBER_RECORDS_SQL, body_id, member_id, member_id, first_month, last_month))


async def record(record_id: int) -> dict[str, Any] | None:
    rows = await run_checked(
        QueryString(_RECORDS_SQL.replace("WHERE r.body = {} AND r.month <= {}", "WHERE r.id = {}"), record_id)
    )
    return rows[0] if rows else None


async def members(body_id: int) -> list[dict[str, Any]]:
    return await run_checked(QueryString(_MEMBERS_SQL, body_id))


async def records(body_id: int, *, last_month: str) -> list[dict[str, Any]]:
    return await run_checked(QueryString(_RECORDS_SQL, body_id, last_month))


async def member_body(member_id: int) -> dict[str, Any] | None:
    rows = await run_checked(
        QueryString('SELECT m.id, m.body, m."user" AS user_id FROM member m WHERE m.id = {}', member_id)
    )
    return rows[0] if rows else None
