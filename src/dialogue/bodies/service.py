"""Bodies and members: organisation admins manage them, members read them."""

from __future__ import annotations

from typing import Any, Final

from piccolo.querystring import QueryString

from dialogue.audit import service as audit
from dialogue.auth.tables import User
from dialogue.bodies.access import BodyAccess, body_access
from dialogue.bodies.events import MemberChanged
from dialogue.bodies.history import describe_member_change, member_name
from dialogue.bodies.regime import REGIME_COLUMNS, REGIME_JOINS, regime_of, regimes_of_bodies
from dialogue.bodies.reglement import refuse_fields_set_by_reglement
from dialogue.bodies.schemas import (
    TITULAR_ROLES,
    BodyCreate,
    BodyRead,
    BodyRegimeRead,
    BodyUpdate,
    College,
    MemberChangeRead,
    MemberCreate,
    MemberRead,
    MemberUpdate,
    Role,
    role_label,
)
from dialogue.bodies.tables import Body, Member
from dialogue.core.actor import Actor
from dialogue.core.clock import local_today, utcnow
from dialogue.core.db import get_engine, transaction
from dialogue.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from dialogue.core.events import emit
from dialogue.core.regime import BodyRegime
from dialogue.organizations.service import actor_is_org_admin, require_org_admin
from dialogue.organizations.tables import Establishment

#: Which college each role belongs to (the president is the employer, L2315-23; élus are staff).
ROLE_COLLEGES: dict[Role, frozenset[College]] = {
    Role.president: frozenset({College.direction}),
    Role.union_representative: frozenset({College.elus}),
    Role.substitute: frozenset({College.elus}),
    Role.guest: frozenset(College),
    **{role: frozenset({College.elus}) for role in TITULAR_ROLES},
}
#: Roles a body holds at most once.
SINGLE_ROLES = frozenset({Role.president, Role.secretary, Role.deputy_secretary, Role.treasurer})


def _regime_read(regime: BodyRegime) -> BodyRegimeRead:
    return BodyRegimeRead(
        attributions_headcount=regime.attributions.headcount,
        perimeter_headcount=regime.seats.headcount,
        full_remit=regime.full_remit,
        recurrent_consultations=regime.recurrent_consultations,
        cssct_mandatory=regime.cssct_mandatory,
        titulaires=regime.seats.titulaires,
        delegation_hours_per_month=regime.seats.delegation_hours_per_month,
        basis=regime.basis,
    )


def _body_read(row: dict[str, Any], regime: BodyRegime) -> BodyRead:
    return BodyRead(
        id=row["id"],
        organization_id=row["organization"],
        establishment_id=row["establishment"],
        name=row["name"],
        kind=row["kind"],
        ordinary_meetings_per_year=row["ordinary_meetings_per_year"],
        agenda_notice_days=row["agenda_notice_days"],
        headcount_at_election=row["headcount_at_election"],
        mandate_start=row["mandate_start"],
        mandate_end=row["mandate_end"],
        regime=_regime_read(regime),
        president_votes_on_minutes=row["president_votes_on_minutes"],
        created_at=row["created_at"],
    )


async def _body_reads(rows: list[dict[str, Any]]) -> list[BodyRead]:
    regimes = await regimes_of_bodies([r["id"] for r in rows], today=local_today())
    return [_body_read(r, regimes[r["id"]]) for r in rows]


async def list_bodies(*, actor: Actor, organization_id: int, limit: int, offset: int) -> tuple[list[BodyRead], int]:
    """Admins see every body; others see the bodies they belong to (the direction sees all)."""
    is_admin = await actor_is_org_admin(actor=actor, organization_id=organization_id)
    query = Body.select().where(Body.organization == organization_id)
    count = Body.count().where(Body.organization == organization_id)
    if not is_admin:
        memberships = await Member.select(Member.body, Member.college).where(Member.user == actor.user_id)
        direction = any(m["college"] == College.direction for m in memberships)
        if not direction:
            ids = [m["body"] for m in memberships] or [-1]
            query = query.where(Body.id.is_in(ids))
            count = count.where(Body.id.is_in(ids))
    rows = await query.order_by(Body.id).limit(limit).offset(offset)
    return await _body_reads(rows), await count


#: A body's row and its regime's columns in one statement (issue 15: was a select, then the regime's).
_BODY_SQL: Final = f"SELECT b.*, {REGIME_COLUMNS} FROM body b {REGIME_JOINS} WHERE b.id = {{}}"  # noqa: S608


async def _body_read_of(body_id: int) -> BodyRead:
    """The read of a body the caller already knows exists (its access was just loaded)."""
    rows = await get_engine().run_querystring(QueryString(_BODY_SQL, body_id))
    assert rows, body_id
    return _body_read(rows[0], regime_of(rows[0], today=local_today()))


async def get_body(*, actor: Actor, body_id: int) -> BodyRead:
    (await body_access(actor=actor, body_id=body_id)).require_read()
    return await _body_read_of(body_id)


async def body_with_members(*, actor: Actor, body_id: int) -> tuple[BodyRead, list[MemberRead]]:
    """The body's page: the body and its members, its access checked once (3 queries, issue 15)."""
    (await body_access(actor=actor, body_id=body_id)).require_read()
    body = await _body_read_of(body_id)
    return body, await _members_of(body_id)


async def create_body(*, actor: Actor, organization_id: int, data: BodyCreate) -> BodyRead:
    async with transaction():
        await require_org_admin(actor=actor, organization_id=organization_id)
        if data.establishment_id is not None:
            exists = await Establishment.exists().where(
                (Establishment.id == data.establishment_id) & (Establishment.organization == organization_id)
            )
            if not exists:
                raise NotFound("Établissement introuvable.")
        _check_meetings_override(data.ordinary_meetings_per_year)
        body = Body(
            organization=organization_id,
            establishment=data.establishment_id,
            name=data.name,
            kind=data.kind.value,
            ordinary_meetings_per_year=data.ordinary_meetings_per_year,
            agenda_notice_days=data.agenda_notice_days,
            headcount_at_election=data.headcount_at_election,
            mandate_start=data.mandate_start,
            mandate_end=data.mandate_end,
            president_votes_on_minutes=data.president_votes_on_minutes,
            created_at=utcnow(),
        )
        await body.save()
        await audit.record(
            actor=actor,
            organization_id=organization_id,
            action="create",
            entity="body",
            entity_id=body.id,
            after=data.model_dump(mode="json"),
            body_id=body.id,
        )
        return await get_body(actor=actor, body_id=body.id)


def _check_meetings_override(value: int | None) -> None:
    """L2312-19: an agreement may set the number of ordinary meetings, never below 6 a year."""
    if value is not None and value < 6:
        raise InvalidInput(
            "Un accord ne peut prévoir moins de 6 réunions ordinaires par an (art. L2312-19 du Code du travail).",
            errors=[{"field": "ordinary_meetings_per_year", "message": "au moins 6 (L2312-19)"}],
        )


async def update_body(*, actor: Actor, body_id: int, data: BodyUpdate) -> BodyRead:
    async with transaction():
        access = await body_access(actor=actor, body_id=body_id)
        if not access.is_org_admin:
            raise Forbidden("Réservé aux administrateurs de l'organisation.")
        changes: dict[Any, Any] = data.model_dump(exclude_unset=True)
        _check_meetings_override(changes.get("ordinary_meetings_per_year"))
        if "mandate_start" in changes or "mandate_end" in changes:
            stored = await Body.select(Body.mandate_start, Body.mandate_end).where(Body.id == body_id).first()
            assert stored is not None
            start = changes.get("mandate_start", stored["mandate_start"])
            end = changes.get("mandate_end", stored["mandate_end"])
            if start is not None and end is not None and end <= start:
                raise InvalidInput(
                    "La fin du mandat doit suivre son début.",
                    errors=[{"field": "mandate_end", "message": "postérieure au début du mandat"}],
                )
        if "president_votes_on_minutes" in changes and changes["president_votes_on_minutes"] is None:
            raise InvalidInput(
                "Indiquez si le président vote l'adoption du procès-verbal (oui ou non).",
                errors=[{"field": "president_votes_on_minutes", "message": "vrai ou faux"}],
            )
        await refuse_fields_set_by_reglement(body_id=body_id, fields=changes)
        if changes:
            before = await Body.select(*[getattr(Body, k) for k in changes]).where(Body.id == body_id).first()
            await Body.update(changes).where(Body.id == body_id)
            await audit.record(
                actor=actor,
                organization_id=access.organization_id,
                action="update",
                entity="body",
                entity_id=body_id,
                before=before,
                after=changes,
                body_id=body_id,
            )
        return await get_body(actor=actor, body_id=body_id)


_MEMBER_COLUMNS = (
    Member.id,
    Member.body,
    Member.user,
    Member.user.full_name,
    Member.user.email,
    Member.college,
    Member.role,
    Member.union_name,
    Member.electoral_college,
    Member.category,
    Member.votes_obtained,
    Member.civility,
    Member.substitute_for,
    Member.mandate_start,
    Member.mandate_end,
)


#: `_MEMBER_COLUMNS` in plain SQL, for the body page and the members list: Piccolo built this select with its join
#: for more CPU than the statement costs (issue 15: a quarter of the body page on SQLite, profiled).
_MEMBERS_SQL: Final = (
    'SELECT m.id, m.body, m."user", u.full_name AS "user.full_name", u.email AS "user.email", m.college, m.role, '
    "m.union_name, m.electoral_college, m.category, m.votes_obtained, m.civility, m.substitute_for, "
    'm.mandate_start, m.mandate_end FROM member m LEFT JOIN app_user u ON u.id = m."user" '
    "WHERE m.body = {} ORDER BY m.id"
)


async def _members_of(body_id: int) -> list[MemberRead]:
    rows = await get_engine().run_querystring(QueryString(_MEMBERS_SQL, body_id))
    return [_member_read(r) for r in rows]


def _member_read(row: dict[str, Any]) -> MemberRead:
    return MemberRead(
        id=row["id"],
        body_id=row["body"],
        user_id=row["user"],
        full_name=row["user.full_name"],
        email=row["user.email"],
        college=row["college"],
        role=row["role"],
        union_name=row["union_name"],
        electoral_college=row["electoral_college"],
        category=row["category"],
        votes_obtained=row["votes_obtained"],
        civility=row["civility"],
        role_label=role_label(row["role"], row["civility"]),
        substitute_for=row["substitute_for"],
        mandate_start=row["mandate_start"],
        mandate_end=row["mandate_end"],
    )


async def list_members(*, actor: Actor, body_id: int) -> list[MemberRead]:
    (await body_access(actor=actor, body_id=body_id)).require_read()
    return await _members_of(body_id)


async def _get_member(member_id: int) -> MemberRead:
    row = await Member.select(*_MEMBER_COLUMNS).where(Member.id == member_id).first()
    if row is None:
        raise NotFound("Membre introuvable.")
    return _member_read(row)


async def _resolve_user(*, access: BodyAccess, data: MemberCreate) -> int:
    if data.user_id is not None:
        row = (
            await User.select(User.id)
            .where((User.id == data.user_id) & (User.organization == access.organization_id))
            .first()
        )
        if row is None:
            raise NotFound("Utilisateur introuvable.")
        return int(row["id"])
    assert data.email is not None
    email = data.email.lower()
    row = await User.select(User.id, User.organization).where(User.email == email).first()
    if row is not None:
        if row["organization"] != access.organization_id:
            raise Conflict(
                "Cette adresse est déjà utilisée par un compte d'une autre organisation.", code="email_taken"
            )
        return int(row["id"])
    user = User(
        organization=access.organization_id,
        email=email,
        full_name=data.full_name or email.split("@", 1)[0],
        password_hash=None,
        created_at=utcnow(),
    )
    await user.save()
    return int(user.id)


async def _check_member_rules(
    *, body_id: int, role: Role, college: College, substitute_for: int | None, exclude_member: int | None = None
) -> None:
    if college not in ROLE_COLLEGES[role]:
        raise InvalidInput(
            f"Le rôle « {role.value} » n'appartient pas au collège « {college.value} ».",
            errors=[{"field": "college", "message": f"incompatible avec le rôle {role.value}"}],
        )
    if role in SINGLE_ROLES:
        query = Member.exists().where((Member.body == body_id) & (Member.role == role.value))
        if exclude_member is not None:
            query = query.where(Member.id != exclude_member)
        if await query:
            raise Conflict(f"L'instance a déjà un membre au rôle « {role.value} ».", code="role_taken")
    if substitute_for is not None:
        titular = (
            await Member.select(Member.role).where((Member.id == substitute_for) & (Member.body == body_id)).first()
        )
        if titular is None:
            raise NotFound("Titulaire introuvable dans cette instance.")
        if titular["role"] not in {r.value for r in TITULAR_ROLES}:
            raise InvalidInput(
                "Un suppléant est rattaché à un élu titulaire (L2314-1).",
                errors=[{"field": "substitute_for", "message": "ce membre n'est pas titulaire"}],
            )
        taken = Member.exists().where(Member.substitute_for == substitute_for)
        if exclude_member is not None:
            taken = taken.where(Member.id != exclude_member)
        if await taken:
            raise Conflict("Ce titulaire a déjà un suppléant rattaché.", code="titular_has_substitute")


async def add_member(*, actor: Actor, body_id: int, data: MemberCreate, elected: bool = False) -> MemberRead:
    """`elected`: the proclamation of an election (elections module, which authorised its organiser) writes the
    élus; otherwise an organisation admin adds members."""
    async with transaction():
        access = await body_access(actor=actor, body_id=body_id)
        if not (access.is_org_admin or elected):
            raise Forbidden("Réservé aux administrateurs de l'organisation.")
        user_id = await _resolve_user(access=access, data=data)
        _refuse_self_appointment(access=access, user_id=user_id)
        if await Member.exists().where((Member.body == body_id) & (Member.user == user_id)):
            raise Conflict("Cette personne est déjà membre de l'instance.", code="already_member")
        await _check_member_rules(
            body_id=body_id, role=data.role, college=data.college, substitute_for=data.substitute_for
        )
        member = Member(
            body=body_id,
            user=user_id,
            college=data.college.value,
            role=data.role.value,
            union_name=data.union_name,
            electoral_college=data.electoral_college,
            category=data.category.value if data.category else None,
            votes_obtained=data.votes_obtained,
            civility=data.civility.value if data.civility else None,
            substitute_for=data.substitute_for,
            mandate_start=data.mandate_start,
            mandate_end=data.mandate_end,
            created_at=utcnow(),
        )
        await member.save()
        created = await _get_member(member.id)
        await _record_member_change(access=access, action="create", member_id=member.id, after=created)
        return created


async def _member_access(*, actor: Actor, member_id: int) -> tuple[BodyAccess, MemberRead]:
    row = await Member.select(Member.body).where(Member.id == member_id).first()
    if row is None:
        raise NotFound("Membre introuvable.")
    access = await body_access(actor=actor, body_id=row["body"])
    return access, await _get_member(member_id)


async def body_of_member(*, actor: Actor, member_id: int) -> int:
    """The body a member sits in, for one who may read it (404 for another organisation's member)."""
    access, _ = await _member_access(actor=actor, member_id=member_id)
    access.require_read()
    return access.body_id


async def update_member(*, actor: Actor, member_id: int, data: MemberUpdate) -> MemberRead:
    async with transaction():
        access, before = await _member_access(actor=actor, member_id=member_id)
        if not access.is_org_admin:
            raise Forbidden("Réservé aux administrateurs de l'organisation.")
        _refuse_self_appointment(access=access, user_id=before.user_id)
        changes = data.model_dump(exclude_unset=True)
        role = Role(changes.get("role", before.role))
        college = College(changes.get("college", before.college))
        substitute_for = changes.get("substitute_for", before.substitute_for)
        if substitute_for is not None and role != Role.substitute:
            raise InvalidInput(
                "Seul un suppléant est rattaché à un titulaire.",
                errors=[{"field": "substitute_for", "message": "réservé au rôle substitute"}],
            )
        await _check_member_rules(
            body_id=access.body_id, role=role, college=college, substitute_for=substitute_for, exclude_member=member_id
        )
        start = changes.get("mandate_start", before.mandate_start)
        end = changes.get("mandate_end", before.mandate_end)
        if start and end and end < start:
            raise InvalidInput(
                "Fin de mandat avant son début.", errors=[{"field": "mandate_end", "message": "avant le début"}]
            )
        if changes:
            await Member.update({getattr(Member, k): v for k, v in changes.items()}).where(Member.id == member_id)
        after = await _get_member(member_id)
        if after != before:
            await _record_member_change(access=access, action="update", member_id=member_id, before=before, after=after)
        return after


async def remove_member(*, actor: Actor, member_id: int) -> None:
    async with transaction():
        access, before = await _member_access(actor=actor, member_id=member_id)
        if not access.is_org_admin:
            raise Forbidden("Réservé aux administrateurs de l'organisation.")
        await Member.update({Member.substitute_for: None}).where(Member.substitute_for == member_id)
        await Member.delete().where(Member.id == member_id)
        await _record_member_change(access=access, action="delete", member_id=member_id, before=before)


def _refuse_self_appointment(*, access: BodyAccess, user_id: int) -> None:
    """Organisation admins manage bodies but do not act in a body's name (CONTRACT.md): an admin may not
    give its own account a seat, nor change the seat it holds; another admin has to."""
    if access.is_org_admin and user_id == access.actor.user_id:
        raise Forbidden(
            "Un administrateur de l'organisation ne peut pas s'attribuer un siège ni modifier son propre rôle "
            "dans une instance : un autre administrateur doit le faire.",
            code="self_appointment",
        )


async def _record_member_change(
    *,
    access: BodyAccess,
    action: str,
    member_id: int,
    before: MemberRead | None = None,
    after: MemberRead | None = None,
) -> None:
    """Audit row (the body's history) and event (notice to the body's president and secretary)."""
    seat = after or before
    assert seat is not None
    before_values = before.model_dump(mode="json") if before else None
    after_values = after.model_dump(mode="json") if after else None
    audit_id = await audit.record(
        actor=access.actor,
        organization_id=access.organization_id,
        action=action,
        entity="member",
        entity_id=member_id,
        before=before_values,
        after=after_values,
        body_id=access.body_id,
    )
    await emit(
        MemberChanged(
            organization_id=access.organization_id,
            actor_user_id=access.actor.user_id,
            body_id=access.body_id,
            member_id=member_id,
            member_name=member_name(before_values, after_values),
            member_user_id=seat.user_id,
            previous_role=before.role.value if before else None,
            action=action,
            lines=tuple(describe_member_change(action, before_values, after_values)),
            audit_id=audit_id,
        )
    )


async def list_member_changes(
    *, actor: Actor, body_id: int, limit: int, offset: int
) -> tuple[list[MemberChangeRead], int]:
    """The body's history of member changes (who, when, what), for whoever reads the body."""
    access = (await body_access(actor=actor, body_id=body_id)).require_read()
    rows, total = await audit.list_events(
        organization_id=access.organization_id, entities=("member",), body_id=body_id, limit=limit, offset=offset
    )
    items = [
        MemberChangeRead(
            id=row["id"],
            at=row["at"],
            actor_id=row["actor"],
            actor_name=row["actor_name"],
            action=row["action"],
            member_id=int(row["entity_id"]),
            member_name=member_name(row["before"], row["after"]),
            lines=describe_member_change(row["action"], row["before"], row["after"]),
        )
        for row in rows
    ]
    return items, total
