"""API shapes for mailed account links, invitations and the organisation's accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from dialogue.core.schemas import Email, InputModel, Name, ReadModel

NewPassword = Annotated[str, StringConstraints(min_length=12, max_length=1024)]


class PasswordResetRequest(InputModel):
    """« Mot de passe oublié »: the answer is 202 whatever the address."""

    email: Email


class PasswordResetConfirm(InputModel):
    """The new password, at least 12 characters (NIST SP 800-63B §5.1.1.2 asks 8 at least)."""

    password: NewPassword


class InvitationCreate(InputModel):
    email: Email
    full_name: Name
    is_org_admin: bool = Field(default=False, description="Administre l'organisation (instances, membres, comptes)")


class AccountRead(ReadModel):
    id: int
    email: str
    full_name: str
    is_org_admin: bool
    is_active: bool
    has_password: bool = Field(description="Faux tant que l'invité n'a pas choisi son mot de passe")
    created_at: datetime
