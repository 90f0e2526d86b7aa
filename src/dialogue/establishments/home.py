"""What the multi-establishment company adds to the home page of the direction and the board: « Établissements »,
the CSE central's next meeting due (L2316-15) and, for each establishment CSE, its consultations without an opinion
— across every establishment, read in one query."""

from __future__ import annotations

from typing import Final

from piccolo.querystring import QueryString

from dialogue.core import clock
from dialogue.core.db import get_engine
from dialogue.establishments.rules import central_meeting_alert
from dialogue.pages.registry import HomeContext, HomeSection, TodoItem

#: Who sees the section: the employer's side and the board (gouvernance).
VIEWERS: Final = frozenset({"direction", "gouvernance"})

_SQL = """
SELECT b.id, b.name, b.kind, b.mandate_start, b.created_at,
  (SELECT COUNT(*) FROM consultation c WHERE c.body = b.id AND c.opinion IS NULL) AS without_opinion,
  (SELECT MAX(m.starts_at) FROM meeting m WHERE m.body = b.id AND m.status IN ({}, {})) AS last_meeting
FROM body b
WHERE b.organization = {} AND b.kind IN ({}, {})
ORDER BY b.kind DESC, b.name, b.id
"""


async def establishments_home(context: HomeContext) -> HomeSection | None:
    """« Établissements » for the direction and the board of a company with a CSE central (L2316-1); nothing (and
    no query) for anyone else."""
    if not any(m.college in VIEWERS for m in context.me.memberships):
        return None
    rows = await get_engine().run_querystring(
        QueryString(_SQL, "held", "closed", context.actor.organization_id, "cse", "cse_central")
    )
    if not any(r["kind"] == "cse_central" for r in rows):
        return None
    direction = any(m.college == "direction" for m in context.me.memberships)
    today = clock.local_today()
    items: list[TodoItem] = [
        TodoItem(
            label="Établissements distincts, CSE central et désignations syndicales",
            url="/organisation/etablissements",
        )
    ]
    for row in rows:
        url = f"/instances/{row['id']}" if direction else "/indicateurs"
        if row["kind"] == "cse_central":
            last = row["last_meeting"]
            alert = central_meeting_alert(
                last_meeting_on=clock.to_date(last) if last is not None else None,
                since=clock.as_date(row["mandate_start"]) or clock.to_date(row["created_at"]),
                today=today,
            )
            items.append(
                TodoItem(
                    label=f"{row['name']} — {alert.message}",
                    url=url,
                    urgent=alert.overdue,
                    status=("En retard", "status-alert") if alert.overdue else None,
                )
            )
            continue
        pending = int(row["without_opinion"])
        consultations = "aucune consultation sans avis" if pending == 0 else f"{pending} consultation(s) sans avis"
        items.append(
            TodoItem(
                label=f"{row['name']} — {consultations}",
                url=f"{url}/consultations" if direction else url,
            )
        )
    return HomeSection(title="Établissements", empty_text="Aucun établissement distinct.", items=items)
