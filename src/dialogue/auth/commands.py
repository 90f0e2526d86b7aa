"""The body of `dialogue createuser`: the cli parses its arguments (and asks for the password) and opens the
database, then awaits it."""

from __future__ import annotations

import sys

from dialogue.auth.service import create_user
from dialogue.core.errors import DomainError


async def createuser_command(
    *,
    email: str,
    full_name: str | None,
    password: str | None,
    organization_name: str,
    headcount: int,
    is_org_admin: bool,
    cost: str,
) -> int:
    """Create the account (and its organisation when new); a refusal is printed, with exit code 1."""
    try:
        user_id = await create_user(
            email=email,
            full_name=full_name or email.split("@", 1)[0],
            password=password,
            organization_name=organization_name,
            headcount=headcount,
            is_org_admin=is_org_admin,
            cost=cost,
        )
    except DomainError as exc:
        print(f"dialogue createuser: {exc.detail}", file=sys.stderr)  # noqa: T201
        return 1
    print(f"Compte créé (id {user_id}).")  # noqa: T201
    return 0
