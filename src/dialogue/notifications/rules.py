"""Pure rules of the notification outbox: categories, retry policy, error classification, identifiers.

No I/O here: the worker and the service pass `now` and random values in, so tests pin them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import aiosmtplib


class Category(StrEnum):
    """Why a message is sent. Convocations (L2315-30) and legal notices cannot be turned off."""

    convocation = "convocation"
    notice = "notice"
    reminder = "reminder"
    digest = "digest"
    #: The agenda communicated to someone who is not convoked (labour inspector, CARSAT, médecin du travail).
    agenda = "agenda"


#: Categories a user account may turn off in its preferences (and by RFC 8058 one-click unsubscribe).
USER_OPTIONAL_CATEGORIES = frozenset({Category.reminder, Category.digest})
#: Categories that carry an unsubscribe: the users' ones, and the agenda sent to recipients without an
#: account, who unsubscribe their address (one-click, RFC 8058) since they have no preferences page.
OPTIONAL_CATEGORIES = USER_OPTIONAL_CATEGORIES | {Category.agenda}


def is_convoked(capacity: str, *, non_participants: Collection[str]) -> bool:
    """Whether a person of the convocation list is convoked, i.e. expected to attend and asked to answer.

    Members (president, titulaires, suppléants, union representatives, guests) are convoked (L2315-30); the
    external recipients of the agenda in `non_participants` are informed, not convoked: the labour inspector and
    the CARSAT agent are sent the agenda (L2315-30) and invited to SSCT meetings (L2314-3 II); the médecin du
    travail is told the SSCT calendar (L2315-27 al. 4). Their invitation says ROLE=NON-PARTICIPANT and
    RSVP=FALSE (RFC 5545 §3.2.16, §3.2.17). The list is a setting (DIALOGUE_MAIL_NON_PARTICIPANT_CAPACITIES,
    default inspection_travail, carsat, medecin_travail): whether the médecin counts as convoked is not settled
    by the text (L2314-3 I has him attend the SSCT items with a consultative voice).
    """
    return capacity not in non_participants


class Status(StrEnum):
    pending = "pending"
    sending = "sending"
    sent = "sent"
    dead = "dead"
    skipped = "skipped"


#: Retry policy (CALENDAR.md §4.5): exponential backoff from 30 s, capped at 1 h, ±20 % jitter.
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=1)
BACKOFF_JITTER = 0.2
#: A message still failing after this many attempts (about a day with the cap) is given up as `dead`.
MAX_ATTEMPTS = 30
#: How long a worker owns a claimed row; a crashed worker's rows are taken again after it.
LEASE = timedelta(minutes=5)


def is_optional(category: Category | str) -> bool:
    return Category(category) in OPTIONAL_CATEGORIES


def backoff_delay(attempts: int, *, jitter: float) -> timedelta:
    """Delay before the next try after `attempts` failed tries; `jitter` in [-1, 1] scales the ±20 %.

    30 s, 1 min, 2 min, 4 min … capped at 1 h, each multiplied by 1 + 0.2 × jitter, so that messages
    failing together (server down) do not all come back in the same second.
    """
    if attempts < 1:
        raise ValueError("attempts starts at 1")
    if not -1.0 <= jitter <= 1.0:
        raise ValueError("jitter must be within [-1, 1]")
    exponent = min(attempts - 1, 20)
    delay: timedelta = min(BACKOFF_BASE * (2**exponent), BACKOFF_MAX)
    return delay * (1 + BACKOFF_JITTER * jitter)


def next_attempt_at(*, now: datetime, attempts: int, jitter: float) -> datetime:
    return now + backoff_delay(attempts, jitter=jitter)


@dataclass(frozen=True, slots=True)
class Failure:
    """An SMTP failure, classified: transient failures are retried, permanent ones end `dead`."""

    permanent: bool
    message: str


def _response_code(error: BaseException) -> int | None:
    code = getattr(error, "code", None)
    return code if isinstance(code, int) and code > 0 else None


def classify_error(error: BaseException) -> Failure:
    """Transient: disconnects, connection errors, timeouts, 4xx replies. Permanent: 5xx, refused recipients
    with 5xx, authentication failure (RFC 5321 §4.2.1: 4yz transient negative, 5yz permanent negative)."""
    text = f"{type(error).__name__}: {error}".strip()
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        codes = [_response_code(r) for r in error.recipients]
        permanent = any(code is not None and code >= 500 for code in codes) or not codes
        return Failure(permanent=permanent, message=text)
    if isinstance(error, aiosmtplib.SMTPAuthenticationError):
        return Failure(permanent=True, message=text)
    if isinstance(
        error,
        aiosmtplib.SMTPServerDisconnected | aiosmtplib.SMTPConnectError | aiosmtplib.SMTPTimeoutError | TimeoutError,
    ):
        return Failure(permanent=False, message=text)
    if isinstance(error, aiosmtplib.SMTPResponseException):
        code = _response_code(error)
        return Failure(permanent=code is not None and code >= 500, message=text)
    if isinstance(error, OSError):
        return Failure(permanent=False, message=text)
    if isinstance(error, aiosmtplib.SMTPException):
        # Protocol surprises (e.g. STARTTLS missing): keep the message and retry; an admin sees the error.
        return Failure(permanent=False, message=text)
    return Failure(permanent=True, message=text)


_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def message_id_for(*, kind: str, dedupe_key: str, domain: str) -> str:
    """`<kind.digest@domain>`: deterministic from the outbox row's unique dedupe key (RFC 5322 §3.6.4),
    so a retry after a crash carries the same Message-ID, and two rows never share one."""
    digest = hashlib.sha256(dedupe_key.encode("utf-8")).hexdigest()[:32]
    return f"<{_UNSAFE.sub('-', kind)}.{digest}@{domain}>"


def meeting_thread_root(*, meeting_id: int, domain: str) -> str:
    """Root Message-ID of the thread of one meeting: no message carries it (each has its own Message-ID);
    every mail about the meeting refers to it in In-Reply-To and References, so clients keep one thread."""
    return f"<meeting-{meeting_id}@{domain}>"


def thread_root(*, topic: str, object_id: int, domain: str) -> str:
    """Root Message-ID of a thread about another object (e.g. `entry-12@…` for a register entry)."""
    return f"<{_UNSAFE.sub('-', topic)}-{object_id}@{domain}>"


# ---------------------------------------------------------------- one-click unsubscribe (RFC 8058)

_TOKEN = re.compile(r"^(\d{1,12})\.([a-z]{1,20})\.([A-Za-z0-9_-]{32})$")


def _signature(*, user_id: int, category: str, key: bytes) -> str:
    mac = hmac.new(key, f"dialogue-unsubscribe:{user_id}:{category}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode("ascii").rstrip("=")[:32]


def unsubscribe_token(*, user_id: int, category: Category, key: bytes) -> str:
    """`{user}.{category}.{signature}`: a stateless, signed token (HMAC-SHA-256, 192 bits kept).

    Stateless so that a link keeps working after its outbox row is purged; it only ever turns one
    optional category off for one user.
    """
    if category not in USER_OPTIONAL_CATEGORIES:
        raise ValueError(f"category {category} cannot be unsubscribed from")
    return f"{user_id}.{category.value}.{_signature(user_id=user_id, category=category.value, key=key)}"


def read_unsubscribe_token(token: str, *, key: bytes) -> tuple[int, Category] | None:
    """(user id, category) of a genuine token; None for anything forged, malformed or not optional."""
    match = _TOKEN.match(token)
    if match is None:
        return None
    user_id, category = int(match.group(1)), match.group(2)
    if category not in {c.value for c in USER_OPTIONAL_CATEGORIES}:
        return None
    expected = _signature(user_id=user_id, category=category, key=key)
    if not hmac.compare_digest(expected, match.group(3)):
        return None
    return user_id, Category(category)


_ADDRESS_TOKEN = re.compile(r"^a(\d{1,12})\.([a-z]{1,20})\.([0-9a-f]{24})\.([A-Za-z0-9_-]{32})$")
#: Categories an address without an account may unsubscribe from.
#: Optional mails an address without an account can stop: the agenda for information, and the reminders an
#: external invitee gets (issue 17).
ADDRESS_OPTIONAL_CATEGORIES = frozenset({Category.agenda, Category.reminder})


def address_digest(email: str) -> str:
    """What an address opt-out keeps of the address: a digest of it (lower case), not the address itself."""
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()[:24]


def _address_signature(*, organization_id: int, category: str, digest: str, key: bytes) -> str:
    message = f"dialogue-unsubscribe-address:{organization_id}:{category}:{digest}".encode()
    mac = hmac.new(key, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode("ascii").rstrip("=")[:32]


def address_unsubscribe_token(*, organization_id: int, email: str, category: Category, key: bytes) -> str:
    """`a{organisation}.{category}.{address digest}.{signature}`: one-click unsubscribe (RFC 8058) of an
    address without an account (e.g. the labour inspector) from one organisation's agenda mails. Signed
    (HMAC-SHA-256), stateless, and it does not carry the address."""
    if category not in ADDRESS_OPTIONAL_CATEGORIES:
        raise ValueError(f"category {category} cannot be unsubscribed from by address")
    digest = address_digest(email)
    signature = _address_signature(organization_id=organization_id, category=category.value, digest=digest, key=key)
    return f"a{organization_id}.{category.value}.{digest}.{signature}"


def read_address_unsubscribe_token(token: str, *, key: bytes) -> tuple[int, Category, str] | None:
    """(organisation id, category, address digest) of a genuine address token; None otherwise."""
    match = _ADDRESS_TOKEN.match(token)
    if match is None:
        return None
    organization_id, category, digest = int(match.group(1)), match.group(2), match.group(3)
    if category not in {c.value for c in ADDRESS_OPTIONAL_CATEGORIES}:
        return None
    expected = _address_signature(organization_id=organization_id, category=category, digest=digest, key=key)
    if not hmac.compare_digest(expected, match.group(4)):
        return None
    return organization_id, Category(category), digest
