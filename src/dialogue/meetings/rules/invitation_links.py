"""The personal link of an external invitee (L2314-3: médecin du travail, inspection du travail, CARSAT, outside
experts): read-only access to one meeting's convocation and documents, without an account.

Stateless and signed (HMAC-SHA-256 over the invitee, the meeting and the expiry, with a key of its own derived
from the secret key): a forged or altered link is refused, a link of one meeting opens no other, and it expires
some time after the meeting (the minutes and annexes stay with the members)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Final

#: How long after the meeting's end the link still opens (to find the documents again after the meeting).
VALID_AFTER_MEETING: Final = timedelta(days=30)
_TOKEN: Final = re.compile(r"^i(\d{1,12})\.m(\d{1,12})\.e(\d{1,12})\.([A-Za-z0-9_-]{43})$")


class LinkState(StrEnum):
    valid = "valid"
    forged = "forged"
    expired = "expired"


def expiry_for(meeting_ends_at: datetime) -> datetime:
    """The link opens until 30 days after the meeting's end (UTC, to the second)."""
    return (meeting_ends_at.astimezone(UTC) + VALID_AFTER_MEETING).replace(microsecond=0)


def _signature(*, invitee_id: int, meeting_id: int, expires: int, key: bytes) -> str:
    purpose_key = hmac.new(key, b"dialogue/external-invitee-link/v1", hashlib.sha256).digest()
    message = f"{invitee_id}.{meeting_id}.{expires}".encode("ascii")
    mac = hmac.new(purpose_key, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode("ascii").rstrip("=")


def invitation_token(*, invitee_id: int, meeting_id: int, expires_at: datetime, key: bytes) -> str:
    """`i{invitee}.m{meeting}.e{expiry epoch}.{signature}`: the personal link's last path segment."""
    if not key:
        raise ValueError("a secret key is needed to sign an invitation link")
    expires = int(expires_at.timestamp())
    signature = _signature(invitee_id=invitee_id, meeting_id=meeting_id, expires=expires, key=key)
    return f"i{invitee_id}.m{meeting_id}.e{expires}.{signature}"


def read_invitation_token(token: str, *, key: bytes, now: datetime) -> tuple[LinkState, int, int]:
    """(state, invitee id, meeting id): forged (shape or signature wrong: ids are then 0), expired, or valid.

    The signature is checked before the expiry, so an altered expiry reads as forged, not as expired."""
    match = _TOKEN.match(token)
    if match is None or not key:
        return LinkState.forged, 0, 0
    invitee_id, meeting_id, expires = int(match.group(1)), int(match.group(2)), int(match.group(3))
    expected = _signature(invitee_id=invitee_id, meeting_id=meeting_id, expires=expires, key=key)
    if not hmac.compare_digest(expected, match.group(4)):
        return LinkState.forged, 0, 0
    if now.timestamp() >= expires:
        return LinkState.expired, invitee_id, meeting_id
    return LinkState.valid, invitee_id, meeting_id
