"""Who may do what with an organisation's elections: the direction and the organisation's admins organise them;
the élus, the union representatives and the gouvernance read them; another organisation sees nothing (404)."""

from __future__ import annotations

from dataclasses import dataclass

from piccolo.querystring import QueryString

from dialogue.core.actor import Actor
from dialogue.core.clock import as_date, local_today
from dialogue.core.db import get_engine
from dialogue.core.errors import Forbidden, NotFound

_SQL = """
SELECT u.is_org_admin, m.college, m.role, m.mandate_end, b.kind
FROM app_user u
LEFT JOIN member m ON m."user" = u.id
LEFT JOIN body b ON b.id = m.body
WHERE u.id = {} AND u.organization = {} AND u.is_active = {}
"""


@dataclass(frozen=True, slots=True)
class ElectionAccess:
    can_organise: bool
    can_read: bool

    def require_read(self) -> ElectionAccess:
        if not self.can_read:
            raise Forbidden("Les élections sont réservées à la direction, aux élus et aux organisations syndicales.")
        return self

    def require_organise(self) -> ElectionAccess:
        if not self.can_organise:
            raise Forbidden("Seuls la direction et les administrateurs organisent les élections.")
        return self


async def election_access(*, actor: Actor, organization_id: int) -> ElectionAccess:
    if organization_id != actor.organization_id:
        raise NotFound("Organisation introuvable.")
    rows = await get_engine().run_querystring(QueryString(_SQL, actor.user_id, organization_id, True))
    if not rows:
        raise NotFound("Organisation introuvable.")
    today = local_today()
    organise = bool(rows[0]["is_org_admin"])
    read = organise
    for row in rows:
        if row["college"] is None:
            continue
        end = as_date(row["mandate_end"])
        if end is not None and end < today:
            continue
        if row["college"] == "direction" or row["kind"] == "direction_committee":
            organise = read = True
        if row["college"] in {"elus", "gouvernance"} or row["role"] == "union_representative":
            read = True
    return ElectionAccess(can_organise=organise, can_read=read)
