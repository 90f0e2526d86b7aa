"""API shapes for authentication and the current user."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from pydantic import StringConstraints

from dialogue.core.schemas import Email, InputModel, ReadModel


class TokenRequest(InputModel):
    email: Email
    password: Annotated[str, StringConstraints(min_length=1, max_length=1024)]


class TokenResponse(ReadModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int


class MembershipRead(msgspec.Struct, frozen=True):
    """A body the user sits in, with their college and role (msgspec: /me is a hot path)."""

    member_id: int
    body_id: int
    body_name: str
    body_kind: str
    college: str
    role: str
    #: « madame » or « monsieur » when known: roles then read « Trésorière » (issue 17).
    civility: str | None = None


class MeRead(msgspec.Struct, frozen=True):
    id: int
    email: str
    full_name: str
    organization_id: int
    is_org_admin: bool
    memberships: list[MembershipRead]


class PasswordChange(InputModel):
    """Change one's own password: every session of the account ends, this one included."""

    current_password: Annotated[str, StringConstraints(min_length=1, max_length=1024)]
    new_password: Annotated[str, StringConstraints(min_length=12, max_length=1024)]


class UserStateRead(ReadModel):
    """An account's state after deactivation or reactivation."""

    id: int
    is_active: bool
