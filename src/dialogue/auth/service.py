"""Sign-in with throttling of failed attempts, and the current user's profile."""

from __future__ import annotations

from datetime import datetime, timedelta

from piccolo.querystring import QueryString

from dialogue.auth.schemas import MembershipRead, MeRead, TokenResponse
from dialogue.auth.security import hash_password, issue_token, verify_password
from dialogue.auth.tables import LoginThrottle, User
from dialogue.core.actor import Actor
from dialogue.core.clock import utcnow
from dialogue.core.db import get_engine, transaction
from dialogue.core.errors import Conflict, NotFound, TooManyRequests, Unauthenticated
from dialogue.organizations.tables import Organization
from dialogue.settings import Settings

#: Failed sign-ins tolerated per window, per address and per client; counters live in the
#: database so that every server process sees them.
MAX_FAILURES_PER_EMAIL = 5
MAX_FAILURES_PER_CLIENT = 20
THROTTLE_WINDOW = timedelta(minutes=15)


async def _throttle_state(key: str, now: datetime) -> int:
    row = (
        await LoginThrottle.select(LoginThrottle.failures, LoginThrottle.window_start)
        .where(LoginThrottle.key == key)
        .first()
    )
    if row is None or row["window_start"] + THROTTLE_WINDOW < now:
        return 0
    return int(row["failures"])


async def _record_failure(key: str, now: datetime) -> None:
    async with transaction():
        row = (
            await LoginThrottle.select(LoginThrottle.id, LoginThrottle.window_start)
            .where(LoginThrottle.key == key)
            .first()
        )
        if row is None:
            await LoginThrottle.insert(LoginThrottle(key=key, window_start=now, failures=1))
        elif row["window_start"] + THROTTLE_WINDOW < now:
            await LoginThrottle.update({LoginThrottle.window_start: now, LoginThrottle.failures: 1}).where(
                LoginThrottle.id == row["id"]
            )
        else:
            await LoginThrottle.update({LoginThrottle.failures: LoginThrottle.failures + 1}).where(
                LoginThrottle.id == row["id"]
            )


async def issue_access_token(*, email: str, password: str, client: str, settings: Settings) -> TokenResponse:
    """Check the credentials; 429 after repeated failures for this address or this client."""
    now = utcnow()
    email = email.strip().lower()
    keys = {f"email:{email}": MAX_FAILURES_PER_EMAIL, f"client:{client}": MAX_FAILURES_PER_CLIENT}
    for key, limit in keys.items():
        if await _throttle_state(key, now) >= limit:
            raise TooManyRequests(
                "Trop de tentatives de connexion échouées. Réessayez dans quelques minutes.",
                retry_after=int(THROTTLE_WINDOW.total_seconds()),
            )
    user = (
        await User.select(User.id, User.organization, User.password_hash, User.is_active)
        .where(User.email == email)
        .first()
    )
    ok = verify_password(password, user["password_hash"] if user else None)
    if not ok or user is None or not user["is_active"]:
        for key in keys:
            try:
                await _record_failure(key, now)
            except Exception:  # noqa: S112 - a lost counter race must not turn a 401 into a 500
                continue
        raise Unauthenticated("Adresse ou mot de passe incorrect.")
    await LoginThrottle.delete().where(LoginThrottle.key == f"email:{email}")
    token = issue_token(
        user_id=user["id"],
        organization_id=user["organization"],
        secret=settings.secret_key.get_secret_value(),
        now=now,
        ttl=settings.token_ttl_seconds,
    )
    return TokenResponse(access_token=token, expires_in=settings.token_ttl_seconds)


_ME_SQL = """
SELECT u.id, u.email, u.full_name, u.organization, u.is_org_admin,
       m.id AS member_id, m.body AS body_id, b.name AS body_name, b.kind AS body_kind, m.college, m.role
FROM app_user u
LEFT JOIN member m ON m."user" = u.id
LEFT JOIN body b ON b.id = m.body
WHERE u.id = {} AND u.is_active = {}
ORDER BY m.id
"""


async def me(*, actor: Actor) -> MeRead:
    """The user and their memberships in one query, nothing cached (roles are never stale)."""
    rows = await get_engine().run_querystring(QueryString(_ME_SQL, actor.user_id, True))
    if not rows:
        raise Unauthenticated("Compte inconnu ou désactivé.")
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
