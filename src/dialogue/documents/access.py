"""The actor's standing in their organisation for the document space: one query, always fresh (never the token)."""

from __future__ import annotations

from datetime import date

from piccolo.querystring import QueryString

from dialogue.core.actor import Actor
from dialogue.core.clock import as_date, local_today
from dialogue.core.db import get_engine
from dialogue.core.errors import NotFound
from dialogue.documents.rules import Seat, Standing

_STANDING_SQL = """
SELECT u.is_org_admin, b.kind, m.role, m.college, m.mandate_end
FROM app_user u
LEFT JOIN member m ON m."user" = u.id
LEFT JOIN body b ON b.id = m.body AND b.organization = u.organization
WHERE u.id = {} AND u.organization = {} AND u.is_active = {}
"""


async def standing(*, actor: Actor, organization_id: int, today: date | None = None) -> Standing:
    """The actor's standing in `organization_id` (current mandates only); NotFound for another organisation."""
    if organization_id != actor.organization_id:
        raise NotFound("Organisation introuvable.")
    rows = await get_engine().run_querystring(QueryString(_STANDING_SQL, actor.user_id, organization_id, True))
    if not rows:
        raise NotFound("Organisation introuvable.")
    day = today or local_today()
    seats = tuple(
        Seat(body_kind=row["kind"], college=row["college"], role=row["role"])
        for row in rows
        if row["kind"] is not None and ((end := as_date(row["mandate_end"])) is None or end >= day)
    )
    return Standing(is_org_admin=bool(rows[0]["is_org_admin"]), seats=seats)
