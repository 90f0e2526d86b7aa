"""A small organisation of its own (under 50, never crossed it) with a CSE and its president, for the R2312-6 tests."""

from __future__ import annotations

from typing import Any

from dialogue.auth.security import hash_password
from dialogue.auth.tables import User
from dialogue.bodies.tables import Body, Member
from dialogue.core.clock import utcnow
from dialogue.organizations.tables import Organization

SMALL_PRESIDENT = "presidente@petite.example"


async def small_cse(*, headcount: int = 30) -> int:
    """An association of `headcount` employees, its CSE, and its president (password demo-password)."""
    moment = utcnow()
    org = Organization(name="Petite association", headcount=headcount, created_at=moment)
    await org.save()
    user = User(
        organization=org.id,
        email=SMALL_PRESIDENT,
        full_name="Claire Petit",
        password_hash=hash_password("demo-password", cost="fast"),
        created_at=moment,
    )
    await user.save()
    body = Body(organization=org.id, name="CSE de la Petite association", kind="cse", created_at=moment)
    await body.save()
    await Member(body=body.id, user=user.id, college="direction", role="president", created_at=moment).save()
    return int(body.id)


async def body_of_kind(client: Any, headers: dict[str, str], kind: str) -> int:
    me = (await client.get("/api/v1/me", headers=headers)).json()
    bodies = (await client.get(f"/api/v1/organizations/{me['organization_id']}/bodies", headers=headers)).json()
    return int(next(b["id"] for b in bodies["items"] if b["kind"] == kind))
