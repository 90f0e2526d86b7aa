"""Mailed account links: pure functions, time passed in.

No article of law: the references are NIST SP 800-63B §6.1.2.3 (a recovery secret is random, single-use and
expires), OWASP's Forgot Password cheat sheet (same answer whether the address has an account or not; the
token stored hashed; the sessions ended once the password is reset)."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final


class Purpose(StrEnum):
    invitation = "invitation"
    reset = "reset"


#: How long a link works: an hour to reset a forgotten password, a week to answer an invitation.
LIFETIME: Final = {Purpose.reset: timedelta(hours=1), Purpose.invitation: timedelta(days=7)}

#: 32 random bytes, URL-safe: 43 characters.
TOKEN_BYTES: Final = 32
_TOKEN: Final = re.compile(r"[A-Za-z0-9_-]{43}")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    """What the database keeps of a link: its SHA-256 (a 256-bit random secret needs no slow hash)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def well_formed(token: str) -> bool:
    """A token the app could have issued (43 URL-safe characters): anything else is refused before any query."""
    return _TOKEN.fullmatch(token) is not None


def expires_at(purpose: Purpose, now: datetime) -> datetime:
    return now + LIFETIME[purpose]


def usable(*, expires: datetime, used: datetime | None, now: datetime) -> bool:
    """A link works once, and only before it expires."""
    return used is None and now < expires
