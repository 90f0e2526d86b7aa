"""Who is acting: taken from the verified bearer token, fresh rights are read from the database."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)


@dataclass(frozen=True, slots=True)
class Actor:
    """The authenticated user of a request (token claims only: roles are always re-read)."""

    user_id: int
    organization_id: int
