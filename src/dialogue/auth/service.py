"""Sign-in with an atomic, shared throttle; sessions that end (sign-out, password change, deactivation);
the current user's profile."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from piccolo.querystring import QueryString

from dialogue.audit import service as audit
from dialogue.auth.rules import (
    Attempt,
    ThrottlePolicy,
    ThrottleState,
    reserve_account_attempt,
    reserve_client_attempt,
)
from dialogue.auth.schemas import MembershipRead, MeRead, TokenResponse, UserStateRead
from dialogue.auth.security import TokenClaims, hash_password, issue_token, verify_password
from dialogue.auth.tables import LoginThrottle, RevokedToken, User
from dialogue.core.actor import Actor
from dialogue.core.clock import utcnow
from dialogue.core.db import get_engine, is_sqlite, transaction
from dialogue.core.errors import Conflict, Forbidden, NotFound, TooManyRequests, Unauthenticated
from dialogue.organizations import service as organizations_service
from dialogue.organizations.tables import Organization
from dialogue.settings import Settings

_LOCK_SQL = "SELECT failures, window_start, blocked_until FROM login_throttle WHERE key = {}"
_CREATE_SQL = "INSERT INTO login_throttle (key, window_start, failures) VALUES ({}, {}, 0) ON CONFLICT (key) DO NOTHING"


def throttle_policy(settings: Settings) -> ThrottlePolicy:
    return ThrottlePolicy(
        account_max_delay=timedelta(seconds=settings.signin_max_delay_seconds),
        client_max_failures=settings.signin_client_max_failures,
    )


async def _locked_state(key: str, now: datetime) -> ThrottleState:
    """The counter row of `key`, created if absent and locked until the transaction ends (PostgreSQL:
    FOR UPDATE; SQLite: the IMMEDIATE transaction already holds the database's write lock)."""
    engine = get_engine()
    await engine.run_querystring(QueryString(_CREATE_SQL, key, now))
    suffix = "" if is_sqlite(engine) else " FOR UPDATE"
    rows = await engine.run_querystring(QueryString(_LOCK_SQL + suffix, key))
    row = rows[0]
    return ThrottleState(
        failures=int(row["failures"]), window_start=row["window_start"], blocked_until=row["blocked_until"]
    )


async def _reserve_attempt(*, email_key: str, client_key: str, now: datetime, policy: ThrottlePolicy) -> None:
    """Check and count one password evaluation, atomically for every process sharing the database.

    The attempt is counted as a failure before the password is checked, in the same locked transaction as
    the check: 16 parallel guesses for one address get at most 5 evaluations. A refusal rolls back.
    """
    rules: dict[str, Any] = {client_key: reserve_client_attempt, email_key: reserve_account_attempt}
    async with transaction():
        for key in sorted(rules):  # one lock order everywhere: no deadlock between two sign-ins
            attempt: Attempt = rules[key](await _locked_state(key, now), now, policy)
            if not attempt.allowed:
                raise TooManyRequests(
                    "Trop de tentatives de connexion échouées. Réessayez dans quelques instants.",
                    retry_after=attempt.retry_after,
                )
            await LoginThrottle.update(
                {
                    LoginThrottle.failures: attempt.state.failures,
                    LoginThrottle.window_start: attempt.state.window_start,
                    LoginThrottle.blocked_until: attempt.state.blocked_until,
                }
            ).where(LoginThrottle.key == key)


async def check_password(*, password: str, password_hash: str | None) -> bool:
    """argon2 runs in a worker thread: it would otherwise stall every request of the process."""
    return await asyncio.to_thread(verify_password, password, password_hash)


async def issue_access_token(*, email: str, password: str, client: str, settings: Settings) -> TokenResponse:
    """Check the credentials; 429 while this address or this client must wait (Retry-After says how long)."""
    now = utcnow()
    email = email.strip().lower()
    email_key, client_key = f"email:{email}", f"client:{client}"
    await _reserve_attempt(email_key=email_key, client_key=client_key, now=now, policy=throttle_policy(settings))
    user = (
        await User.select(User.id, User.organization, User.password_hash, User.is_active, User.token_version)
        .where(User.email == email)
        .first()
    )
    ok = await check_password(password=password, password_hash=user["password_hash"] if user else None)
    if not ok or user is None or not user["is_active"]:
        raise Unauthenticated("Adresse ou mot de passe incorrect.")
    await LoginThrottle.delete().where(LoginThrottle.key.is_in([email_key, client_key]))
    token = issue_token(
        user_id=user["id"],
        organization_id=user["organization"],
        secret=settings.secret_key.get_secret_value(),
        now=now,
        ttl=settings.token_ttl_seconds,
        version=int(user["token_version"]),
    )
    return TokenResponse(access_token=token, expires_in=settings.token_ttl_seconds)


_SESSION_SQL = """
EXISTS (SELECT 1 FROM app_user u
        WHERE u.id = {} AND u.organization = {} AND u.is_active = {} AND u.token_version = {}
          AND NOT EXISTS (SELECT 1 FROM revoked_token r WHERE r.jti = {}))
"""


def session_condition(*, session: TokenClaims) -> QueryString:
    """The token's account is active, its sessions were not ended since, and the token was not signed out:
    a boolean SQL expression, embedded in the request's first read (`core.db.run_checked`) or run alone:
    one indexed lookup, so revocation holds at once on every process."""
    return QueryString(_SESSION_SQL, session.user_id, session.organization_id, True, session.version, session.jti)


async def sign_out(*, session: TokenClaims) -> None:
    """Revoke this token (API sign-out, page sign-out); expired revocations are purged on the way."""
    now = utcnow()
    async with transaction():
        await RevokedToken.delete().where(RevokedToken.expires_at < now)
        if not await RevokedToken.exists().where(RevokedToken.jti == session.jti):
            await RevokedToken.insert(
                RevokedToken(
                    jti=session.jti,
                    user=session.user_id,
                    expires_at=datetime.fromtimestamp(session.expires_at, tz=now.tzinfo),
                )
            )


async def end_all_sessions(*, user_id: int) -> None:
    """Every token of the account stops working at its next request, on every process (inside the
    caller's transaction): password change, deactivation, password reset."""
    await User.update({User.token_version: User.token_version + 1}).where(User.id == user_id)


async def change_password(
    *, actor: Actor, current_password: str, new_password: str, client: str, settings: Settings
) -> None:
    """Change one's own password; every session of the account ends (this one too), on every process.
    The current password is checked under the same throttle as sign-in."""
    user = (
        await User.select(User.email, User.password_hash)
        .where((User.id == actor.user_id) & (User.is_active == True))  # noqa: E712
        .first()
    )
    if user is None:
        raise Unauthenticated("Compte inconnu ou désactivé.")
    email_key, client_key = f"email:{user['email']}", f"client:{client}"
    await _reserve_attempt(email_key=email_key, client_key=client_key, now=utcnow(), policy=throttle_policy(settings))
    if not await check_password(password=current_password, password_hash=user["password_hash"]):
        raise Forbidden("Mot de passe actuel incorrect.", code="wrong_password")
    if new_password == current_password:
        raise Conflict("Le nouveau mot de passe doit différer de l'actuel.", code="same_password")
    new_hash = await asyncio.to_thread(hash_password, new_password, cost=settings.password_hash_cost)
    async with transaction():
        await LoginThrottle.delete().where(LoginThrottle.key.is_in([email_key, client_key]))
        await User.update({User.password_hash: new_hash}).where(User.id == actor.user_id)
        await end_all_sessions(user_id=actor.user_id)
        await audit.record(
            actor=actor,
            organization_id=actor.organization_id,
            action="change_password",
            entity="user",
            entity_id=actor.user_id,
            after={"sessions": "ended"},
        )


async def set_user_active(*, actor: Actor, user_id: int, active: bool) -> UserStateRead:
    """Deactivate (every session ends at once) or reactivate an account of one's organisation: org admins only.
    An admin cannot deactivate their own account (the organisation would lose its way in)."""
    async with transaction():
        await organizations_service.require_org_admin(actor=actor, organization_id=actor.organization_id)
        row = (
            await User.select(User.id, User.is_active)
            .where((User.id == user_id) & (User.organization == actor.organization_id))
            .first()
        )
        if row is None:
            raise NotFound("Compte introuvable.")
        if user_id == actor.user_id and not active:
            raise Conflict("Un administrateur ne peut pas désactiver son propre compte.", code="self_deactivation")
        if bool(row["is_active"]) != active:
            await User.update({User.is_active: active}).where(User.id == user_id)
            if not active:
                await end_all_sessions(user_id=user_id)
            await audit.record(
                actor=actor,
                organization_id=actor.organization_id,
                action="deactivate" if not active else "reactivate",
                entity="user",
                entity_id=user_id,
                before={"is_active": bool(row["is_active"])},
                after={"is_active": active},
            )
        return UserStateRead(id=user_id, is_active=active)


_ME_SQL = """
SELECT u.id, u.email, u.full_name, u.organization, u.is_org_admin,
       m.id AS member_id, m.body AS body_id, b.name AS body_name, b.kind AS body_kind, m.college, m.role, m.civility
FROM app_user u
LEFT JOIN member m ON m."user" = u.id
LEFT JOIN body b ON b.id = m.body
WHERE u.id = {} AND u.is_active = {}
"""
#: `_ME_SQL` with what `bodies.access.access_of` and `negotiations.access.standing_of` read of each membership.
#: Whether user `u` sits for the direction in body `b`'s organisation: the direction college of any body, or the
#: direction committee. One fragment, read by `bodies.access` and by the home page's profile.
IS_DIRECTION_SQL = """EXISTS (SELECT 1 FROM member m2 JOIN body b2 ON b2.id = m2.body
               WHERE m2."user" = u.id AND b2.organization = b.organization
                 AND (m2.college = 'direction' OR b2.kind = 'direction_committee')) AS is_direction"""
_PROFILE_SQL = (
    """
SELECT u.id, u.email, u.full_name, u.organization, u.is_org_admin,
       m.id AS member_id, m.body AS body_id, b.name AS body_name, b.kind AS body_kind, m.college, m.role, m.civility,
       b.organization AS body_organization, b.establishment, m.mandate_end, m.union_name,
       """
    + IS_DIRECTION_SQL
    + """
FROM app_user u
LEFT JOIN member m ON m."user" = u.id
LEFT JOIN body b ON b.id = m.body
WHERE u.id = {} AND u.is_active = {}
"""
)
_ME_SESSION_SQL = """
  AND u.organization = {} AND u.token_version = {} AND NOT EXISTS (SELECT 1 FROM revoked_token r WHERE r.jti = {})
"""


async def me(*, actor: Actor, session: TokenClaims | None = None) -> MeRead:
    """The user and their memberships in one query, nothing cached (roles are never stale).
    With `session`, the same query checks that the token is still valid (GET /me, every page)."""
    return _me_of(await _me_rows(_ME_SQL, actor=actor, session=session))


@dataclass(frozen=True, slots=True)
class Profile:
    """`me`, and each membership as its row (the names of `bodies.access.ACCESS_COLUMNS` plus `body_id` and
    `union_name`): the home page's sections judge access and standing from it instead of reading it again."""

    me: MeRead
    seats: tuple[Mapping[str, Any], ...]


async def profile(*, actor: Actor, session: TokenClaims | None = None) -> Profile:
    """`me` with the memberships' mandates, unions and the actor's direction standing, in the same one query."""
    rows = await _me_rows(_PROFILE_SQL, actor=actor, session=session)
    seats = tuple(
        {
            **r,
            "id": r["body_id"],
            "organization": r["body_organization"],
            "name": r["body_name"],
            "kind": r["body_kind"],
        }
        for r in rows
        if r["member_id"] is not None
    )
    return Profile(me=_me_of(rows), seats=seats)


async def _me_rows(sql: str, *, actor: Actor, session: TokenClaims | None) -> list[Mapping[str, Any]]:
    if session is None:
        query = QueryString(sql + " ORDER BY m.id", actor.user_id, True)
    else:
        query = QueryString(
            sql + _ME_SESSION_SQL + " ORDER BY m.id",
            actor.user_id,
            True,
            session.organization_id,
            session.version,
            session.jti,
        )
    rows: list[Mapping[str, Any]] = await get_engine().run_querystring(query)
    if not rows:
        raise Unauthenticated("Compte inconnu ou désactivé.")
    return rows


def _me_of(rows: list[Mapping[str, Any]]) -> MeRead:
    user = rows[0]
    return MeRead(
        id=user["id"],
        email=user["email"],
        full_name=user["full_name"],
        organization_id=user["organization"],
        is_org_admin=bool(user["is_org_admin"]),
        memberships=[
            MembershipRead(
                member_id=r["member_id"],
                body_id=r["body_id"],
                body_name=r["body_name"],
                body_kind=r["body_kind"],
                college=r["college"],
                role=r["role"],
                civility=r["civility"],
            )
            for r in rows
            if r["member_id"] is not None
        ],
    )


async def create_user(
    *,
    email: str,
    full_name: str,
    password: str | None,
    organization_id: int | None = None,
    organization_name: str | None = None,
    headcount: int = 0,
    is_org_admin: bool = False,
    cost: str = "default",
) -> int:
    """Create an account (CLI `dialogue createuser`), creating its organisation when named and new."""
    async with transaction():
        if organization_id is None:
            if not organization_name:
                raise NotFound("Organisation introuvable.")
            org = await Organization.select(Organization.id).where(Organization.name == organization_name).first()
            if org is None:
                created = Organization(name=organization_name, headcount=headcount, created_at=utcnow())
                await created.save()
                organization_id = int(created.id)
            else:
                organization_id = int(org["id"])
        elif not await Organization.exists().where(Organization.id == organization_id):
            raise NotFound("Organisation introuvable.")
        email = email.strip().lower()
        if await User.exists().where(User.email == email):
            raise Conflict("Un compte existe déjà avec cette adresse.", code="email_taken")
        user = User(
            organization=organization_id,
            email=email,
            full_name=full_name,
            password_hash=hash_password(password, cost=cost) if password else None,
            is_org_admin=is_org_admin,
            created_at=utcnow(),
        )
        await user.save()
        return int(user.id)


async def reserve_reset_request(*, email: str, client: str, settings: Settings) -> None:
    """« Mot de passe oublié » is throttled like sign-in, on its own counters (per address, per client):
    429 with Retry-After past the free requests, whether the address has an account or not."""
    email = email.strip().lower()
    await _reserve_attempt(
        email_key=f"reset-email:{email}",
        client_key=f"reset-client:{client}",
        now=utcnow(),
        policy=throttle_policy(settings),
    )


@dataclass(frozen=True, slots=True)
class Account:
    """An account as its organisation's admins see it (never its password hash)."""

    id: int
    organization_id: int
    email: str
    full_name: str
    is_org_admin: bool
    is_active: bool
    has_password: bool
    created_at: datetime


def _account(row: Mapping[str, Any]) -> Account:
    return Account(
        id=int(row["id"]),
        organization_id=int(row["organization"]),
        email=str(row["email"]),
        full_name=str(row["full_name"]),
        is_org_admin=bool(row["is_org_admin"]),
        is_active=bool(row["is_active"]),
        has_password=bool(row["password_hash"]),
        created_at=row["created_at"],
    )


_ACCOUNT_COLUMNS = (
    User.id,
    User.organization,
    User.email,
    User.full_name,
    User.is_org_admin,
    User.is_active,
    User.password_hash,
    User.created_at,
)


async def accounts_of(*, organization_id: int) -> list[Account]:
    """Every account of the organisation, by name (the caller checked that the actor administers it)."""
    rows = await User.select(*_ACCOUNT_COLUMNS).where(User.organization == organization_id).order_by(User.full_name)
    return [_account(r) for r in rows]


async def account_by_email(*, email: str) -> Account | None:
    row = await User.select(*_ACCOUNT_COLUMNS).where(User.email == email.strip().lower()).first()
    return _account(row) if row else None


async def account_by_id(*, user_id: int) -> Account | None:
    row = await User.select(*_ACCOUNT_COLUMNS).where(User.id == user_id).first()
    return _account(row) if row else None


async def set_password(*, user_id: int, password: str, settings: Settings) -> None:
    """Set an account's password from a mailed link (inside the caller's transaction); every session ends
    and the sign-in counters of the address are cleared."""
    new_hash = await asyncio.to_thread(hash_password, password, cost=settings.password_hash_cost)
    row = await User.select(User.email).where(User.id == user_id).first()
    await User.update({User.password_hash: new_hash}).where(User.id == user_id)
    await end_all_sessions(user_id=user_id)
    if row is not None:
        await LoginThrottle.delete().where(LoginThrottle.key == f"email:{row['email']}")
