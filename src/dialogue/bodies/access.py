"""Who may do what in a body (CONTRACT.md, "Who may do what"): one query, always fresh."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from piccolo.querystring import QueryString

from dialogue.auth.service import IS_DIRECTION_SQL
from dialogue.bodies.schemas import TITULAR_ROLES, College, Role
from dialogue.core.actor import Actor
from dialogue.core.clock import local_today
from dialogue.core.db import run_checked
from dialogue.core.errors import Forbidden, NotFound

#: Columns a query selects (aliases `b` body, `u` user, `m` member, with `ACCESS_JOINS`) to build the actor's
#: `BodyAccess` with `access_of`; other modules join them to their own row to read it in the same query.
ACCESS_COLUMNS: Final = f"""b.id, b.organization, b.kind, b.name, b.establishment, u.is_org_admin,
       m.id AS member_id, m.role, m.college, m.mandate_end,
       {IS_DIRECTION_SQL}"""
#: The joins that go with `ACCESS_COLUMNS`; their two placeholders take the actor's user id and `True`.
ACCESS_JOINS: Final = """JOIN app_user u ON u.id = {} AND u.organization = b.organization AND u.is_active = {}
LEFT JOIN member m ON m.body = b.id AND m."user" = u.id"""
_ACCESS_SQL = f"SELECT {ACCESS_COLUMNS}\nFROM body b\n{ACCESS_JOINS}\n"
_ONE_SQL = _ACCESS_SQL + "WHERE b.id = {}"
_MANY_SQL = _ACCESS_SQL + "WHERE b.id IN ({})"


@dataclass(frozen=True, slots=True)
class BodyAccess:
    """The actor's standing in one body of their organisation."""

    actor: Actor
    body_id: int
    organization_id: int
    establishment_id: int | None
    kind: str
    name: str
    member_id: int | None
    role: Role | None
    college: College | None
    is_org_admin: bool
    is_direction: bool

    @property
    def is_member(self) -> bool:
        return self.role is not None

    @property
    def is_president(self) -> bool:
        return self.role == Role.president

    @property
    def is_secretary(self) -> bool:
        """The secretary, or the deputy standing in for them."""
        return self.role in {Role.secretary, Role.deputy_secretary}

    @property
    def is_elu(self) -> bool:
        return self.role in TITULAR_ROLES or self.role == Role.substitute

    @property
    def is_union_representative(self) -> bool:
        return self.role == Role.union_representative

    @property
    def can_read(self) -> bool:
        return self.is_member or self.is_org_admin or self.is_direction

    @property
    def sees_confidential(self) -> bool:
        """L2315-3: confidential items only for the body's members and the direction."""
        return self.is_member or self.is_direction

    @property
    def runs_meetings(self) -> bool:
        """President and secretary create, reschedule, cancel, convene and record (CONTRACT.md)."""
        return self.is_president or self.is_secretary

    def require_read(self) -> BodyAccess:
        if not self.can_read:
            raise Forbidden("Vous n'êtes pas membre de cette instance.")
        return self

    def require(self, allowed: bool, message: str) -> BodyAccess:
        if not self.can_read:
            raise Forbidden("Vous n'êtes pas membre de cette instance.")
        if not allowed:
            raise Forbidden(message)
        return self


async def body_access(*, actor: Actor, body_id: int, today: date | None = None) -> BodyAccess:
    """Load the actor's access to a body; NotFound when it is unknown or of another organisation."""
    rows = await run_checked(QueryString(_ONE_SQL, actor.user_id, True, body_id))
    if not rows:
        raise NotFound("Instance introuvable.")
    return access_of(actor, rows[0], today=today or local_today())


async def body_accesses(*, actor: Actor, body_ids: Iterable[int], today: date | None = None) -> dict[int, BodyAccess]:
    """The actor's access to several bodies in one query; bodies unknown or of another organisation are left out."""
    ids = sorted(set(body_ids))
    if not ids:
        return {}
    sql = _MANY_SQL.format("{}", "{}", ", ".join("{}" for _ in ids))
    rows = await run_checked(QueryString(sql, actor.user_id, True, *ids))
    day = today or local_today()
    found: dict[int, BodyAccess] = {}
    for row in rows:
        if row["id"] not in found:
            found[row["id"]] = access_of(actor, row, today=day)
    return found


def access_of(actor: Actor, row: Mapping[str, Any], *, today: date) -> BodyAccess:
    """The access of a row holding `ACCESS_COLUMNS` (the first row when the actor holds several seats)."""
    role: Role | None = Role(row["role"]) if row["role"] else None
    college: College | None = College(row["college"]) if row["college"] else None
    mandate_end = row["mandate_end"]
    if isinstance(mandate_end, str):
        mandate_end = date.fromisoformat(mandate_end)
    if mandate_end is not None and mandate_end < today:
        role, college = None, None
    return BodyAccess(
        actor=actor,
        body_id=row["id"],
        organization_id=row["organization"],
        establishment_id=row["establishment"],
        kind=row["kind"],
        name=row["name"],
        member_id=row["member_id"] if role else None,
        role=role,
        college=college,
        is_org_admin=bool(row["is_org_admin"]),
        is_direction=bool(row["is_direction"]) or college == College.direction,
    )
