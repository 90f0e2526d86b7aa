"""Who may read and act in a QVT steering committee, and the checks every write shares.

Who may do what (CONTRACT.md, and the tripartite steering committee of the Anact method):
- read: the committee's members, the direction, the organisation's admins;
- contribute (priorities, groups, sessions, proposals): the committee's members and the direction;
- adopt or reject a proposal: the committee's president or the direction (the employer commits means);
- start and evaluate an adopted action: the same, or the action's owner.
"""

from __future__ import annotations

from typing import Any

from piccolo.columns import Column
from piccolo.table import Table

from dialogue.auth.tables import User
from dialogue.bodies.access import BodyAccess, body_access
from dialogue.bodies.schemas import BodyKind
from dialogue.core.actor import Actor
from dialogue.core.errors import Conflict, InvalidInput, NotFound
from dialogue.organizations.tables import Establishment
from dialogue.qvt.schemas import PersonRead
from dialogue.qvt.tables import QvtPriority, QvtWorkingGroup


async def steering_access(*, actor: Actor, body_id: int) -> BodyAccess:
    """The actor's access to a QVT steering committee; other kinds of body are refused (409)."""
    access = await body_access(actor=actor, body_id=body_id)
    if access.kind != BodyKind.qvt_steering.value:
        access.require_read()
        raise Conflict(
            "Cette instance n'est pas un comité de pilotage QVT (type qvt_steering).", code="not_qvt_steering"
        )
    return access


def can_contribute(access: BodyAccess) -> bool:
    return access.is_member or access.is_direction


def can_decide(access: BodyAccess) -> bool:
    return access.is_president or access.is_direction


def require_contributor(access: BodyAccess) -> None:
    access.require(can_contribute(access), "Réservé aux membres du comité de pilotage QVT et à la direction.")


async def steering_row(
    *, actor: Actor, table: type[Table], row_id: int, missing: str
) -> tuple[BodyAccess, dict[str, Any]]:
    """A row of a committee's table (priority, group, session, action) and the actor's access to its committee."""
    row = await table.select().where(table._meta.primary_key == row_id).first()
    if row is None:
        raise NotFound(missing)
    return await steering_access(actor=actor, body_id=row["body"]), row


async def _check_ids(
    table: type[Table], scope: Column, scope_id: int, ids: list[int], *, field: str, message: str, detail: str
) -> None:
    """Every id names a row of `table` within the scope (organisation or committee), else 422 naming the missing."""
    if not ids:
        return
    rows = await table.select(table._meta.primary_key).where((table._meta.primary_key.is_in(ids)) & (scope == scope_id))
    missing = sorted(set(ids) - {r["id"] for r in rows})
    if missing:
        raise InvalidInput(message, errors=[{"field": field, "message": f"{detail} : {', '.join(map(str, missing))}"}])


async def _check_one(
    table: type[Table], scope: Column, scope_id: int, row_id: int | None, *, field: str, message: str
) -> None:
    """An optional reference names a row of `table` within the scope, else 422."""
    if row_id is None:
        return
    if not await table.exists().where((table._meta.primary_key == row_id) & (scope == scope_id)):
        raise InvalidInput(message, errors=[{"field": field, "message": "introuvable"}])


async def check_users(organization_id: int, user_ids: list[int], field: str) -> None:
    await _check_ids(
        User,
        User.organization,
        organization_id,
        user_ids,
        field=field,
        message="Personne inconnue dans l'organisation.",
        detail="compte introuvable",
    )


async def check_priorities(body_id: int, priority_ids: list[int], field: str) -> None:
    await _check_ids(
        QvtPriority,
        QvtPriority.body,
        body_id,
        priority_ids,
        field=field,
        message="Priorité inconnue pour ce comité de pilotage.",
        detail="introuvable",
    )


async def check_establishment(organization_id: int, establishment_id: int | None, field: str) -> None:
    await _check_one(
        Establishment,
        Establishment.organization,
        organization_id,
        establishment_id,
        field=field,
        message="Établissement inconnu dans l'organisation.",
    )


async def check_working_group(body_id: int, working_group_id: int | None, field: str) -> None:
    await _check_one(
        QvtWorkingGroup,
        QvtWorkingGroup.body,
        body_id,
        working_group_id,
        field=field,
        message="Groupe de travail inconnu.",
    )


async def people_by_id(user_ids: list[int]) -> dict[int, PersonRead]:
    if not user_ids:
        return {}
    rows = await User.select(User.id, User.full_name).where(User.id.is_in(sorted(set(user_ids))))
    return {r["id"]: PersonRead(id=r["id"], full_name=r["full_name"]) for r in rows}


async def set_links(
    table: type[Table], owner_column: Column, owner_id: int, other_column: Column, ids: list[int]
) -> None:
    """Replace the rows of a link table (group members, group priorities, action priorities) of one owner."""
    await table.delete().where(owner_column == owner_id)
    if ids:
        values: list[dict[str, Any]] = [{owner_column._meta.name: owner_id, other_column._meta.name: i} for i in ids]
        await table.insert(*[table(**row) for row in values])
