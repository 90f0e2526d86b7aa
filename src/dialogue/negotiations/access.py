"""Who may do what with an organisation's negotiations (CONTRACT.md: "open and manage negotiations; record
signatures": the direction; union representatives sign for their union only; gouvernance reads).

Negotiations belong to the organisation, not to one body, so the standing is read over every membership of the
actor, with the same query style as `bodies.access` (always fresh, never from the token).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from piccolo.querystring import QueryString

from dialogue.core.actor import Actor
from dialogue.core.clock import as_date, local_today
from dialogue.core.db import get_engine
from dialogue.core.errors import Forbidden, NotFound
from dialogue.negotiations.rules import union_key

_STANDING_SQL = """
SELECT u.is_org_admin, m.id AS member_id, m.body AS body_id, b.kind, m.role, m.college, m.union_name, m.mandate_end
FROM app_user u
LEFT JOIN member m ON m."user" = u.id
LEFT JOIN body b ON b.id = m.body
WHERE u.id = {} AND u.organization = {} AND u.is_active = {}
"""

_DELEGATES_SQL = """
SELECT m.id, m.union_name, m.mandate_end, u.full_name
FROM member m JOIN app_user u ON u.id = m."user"
WHERE m.body = {} AND m.role = 'union_representative' AND m.union_name IS NOT NULL
ORDER BY m.id
"""


@dataclass(frozen=True, slots=True)
class Seat:
    """A union delegate's seat at a negotiation table."""

    body_id: int
    member_id: int
    union: str


@dataclass(frozen=True, slots=True)
class Delegate:
    member_id: int
    union: str
    full_name: str


@dataclass(frozen=True, slots=True)
class Standing:
    actor: Actor
    organization_id: int
    is_org_admin: bool
    is_direction: bool
    is_gouvernance: bool
    table_bodies: frozenset[int]
    seats: tuple[Seat, ...]

    @property
    def can_manage(self) -> bool:
        """The employer's side (president or direction college) opens and manages negotiations."""
        return self.is_direction

    @property
    def reads_everything(self) -> bool:
        return self.is_direction or self.is_gouvernance or self.is_org_admin

    def can_read(self, table_body_id: int) -> bool:
        return self.reads_everything or table_body_id in self.table_bodies

    def require_read(self, table_body_id: int | None = None) -> Standing:
        allowed = self.reads_everything or (
            bool(self.table_bodies) if table_body_id is None else table_body_id in self.table_bodies
        )
        if not allowed:
            raise Forbidden(
                "Les négociations sont réservées à la direction, aux délégués syndicaux et à la gouvernance."
            )
        return self

    def require_manage(self) -> Standing:
        if not self.can_manage:
            raise Forbidden("Seule la direction ouvre et conduit les négociations.")
        return self

    def unions_at(self, table_body_id: int) -> dict[str, Seat]:
        """The unions this actor represents at one table, by `union_key`."""
        return {union_key(s.union): s for s in self.seats if s.body_id == table_body_id}

    def require_party(self, *, table_body_id: int, party: str) -> None:
        """The direction speaks for any party; a delegate only for their own union."""
        if self.can_manage:
            return
        if union_key(party) not in self.unions_at(table_body_id):
            raise Forbidden("Un délégué syndical n'agit que pour son organisation syndicale.")


async def standing(*, actor: Actor, organization_id: int, today: date | None = None) -> Standing:
    """The actor's standing in `organization_id`; NotFound for another organisation."""
    if organization_id != actor.organization_id:
        raise NotFound("Organisation introuvable.")
    rows = await get_engine().run_querystring(QueryString(_STANDING_SQL, actor.user_id, organization_id, True))
    if not rows:
        raise NotFound("Organisation introuvable.")
    return standing_of(
        actor=actor,
        organization_id=organization_id,
        is_org_admin=bool(rows[0]["is_org_admin"]),
        rows=rows,
        today=today or local_today(),
    )


def standing_of(
    *, actor: Actor, organization_id: int, is_org_admin: bool, rows: Sequence[Mapping[str, Any]], today: date
) -> Standing:
    """The standing from the actor's membership rows (`_STANDING_SQL`'s columns; a row without `member_id`
    is the account alone), wherever they were read (the home page reads them with the session)."""
    day = today
    is_direction = is_gouvernance = False
    tables: set[int] = set()
    seats: list[Seat] = []
    for row in rows:
        if row["member_id"] is None:
            continue
        end = as_date(row["mandate_end"])
        if end is not None and end < day:
            continue
        if row["college"] == "direction" or row["kind"] == "direction_committee":
            is_direction = True
        if row["college"] == "gouvernance":
            is_gouvernance = True
        if row["kind"] == "negotiation_table":
            tables.add(int(row["body_id"]))
            if row["role"] == "union_representative" and row["union_name"]:
                seats.append(
                    Seat(body_id=int(row["body_id"]), member_id=int(row["member_id"]), union=row["union_name"])
                )
    return Standing(
        actor=actor,
        organization_id=organization_id,
        is_org_admin=is_org_admin,
        is_direction=is_direction,
        is_gouvernance=is_gouvernance,
        table_bodies=frozenset(tables),
        seats=tuple(seats),
    )


async def delegates_at(*, table_body_id: int, today: date | None = None) -> list[Delegate]:
    """The union delegates (délégués syndicaux) seated at a negotiation table, mandates in force."""
    day = today or local_today()
    rows = await get_engine().run_querystring(QueryString(_DELEGATES_SQL, table_body_id))
    return [
        Delegate(member_id=int(r["id"]), union=r["union_name"], full_name=r["full_name"])
        for r in rows
        if (end := as_date(r["mandate_end"])) is None or end >= day
    ]


def unions_at_table(delegates: list[Delegate]) -> dict[str, str]:
    """`union_key` → the union's name as written on the table's membership."""
    return {union_key(d.union): d.union for d in delegates}
