"""Pure HTTP rules of the calendar feed: validators, conditional requests, names (RFC 9110 §8.8, §13).

Calendar clients poll: Apple Calendar revalidates with If-Modified-Since, others with If-None-Match, and a
wrong 304 freezes a subscription (CALENDAR.md H2). These functions take `now` so tests pin time.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

#: Token shape issued by `auth.security.new_secret_token` (256 bits, URL-safe base64): anything else is 404.
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32,128}$")
CACHE_CONTROL = "private, max-age=300"
_SLUG = re.compile(r"[^a-z0-9]+")


def strong_etag(body: bytes) -> str:
    """A strong entity tag over the exact bytes served (RFC 9110 §8.8.3)."""
    return '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


def whole_seconds(moment: datetime) -> datetime:
    """Last-Modified has a one-second resolution (HTTP-date)."""
    return moment.astimezone(UTC).replace(microsecond=0)


def http_date(moment: datetime) -> str:
    """IMF-fixdate, e.g. `Sun, 29 Mar 2026 07:30:00 GMT` (RFC 9110 §5.6.7)."""
    return format_datetime(whole_seconds(moment), usegmt=True)


def parse_http_date(value: str) -> datetime | None:
    """An aware UTC datetime, or None when `value` is not an HTTP-date."""
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None or parsed.tzinfo is None:
        return None
    return parsed.astimezone(UTC)


def _entity_tags(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def _opaque(tag: str) -> str:
    return tag[2:] if tag.startswith("W/") else tag


def is_not_modified(
    *,
    etag: str,
    last_modified: datetime,
    if_none_match: str | None,
    if_modified_since: str | None,
    now: datetime,
) -> bool:
    """Whether a GET/HEAD deserves 304 (RFC 9110 §13.1.2, §13.1.3, §13.2.2).

    If-None-Match, when present, decides alone (weak comparison; `*` matches). Otherwise If-Modified-Since
    applies when it is a valid HTTP-date not in the future: 304 when nothing changed after it.
    """
    if if_none_match is not None:
        if if_none_match == etag:  # the usual revalidation: one tag, ours
            return True
        tags = _entity_tags(if_none_match)
        return "*" in tags or _opaque(etag) in {_opaque(tag) for tag in tags}
    if if_modified_since is None:
        return False
    since = parse_http_date(if_modified_since)
    if since is None or since > now:
        return False
    return whole_seconds(last_modified) <= since


def feed_filename(name: str) -> str:
    """A readable ASCII file name for Content-Disposition: « CSE de l'Association » → `cse-de-l-association.ics`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    slug = _SLUG.sub("-", ascii_name).strip("-")[:60].strip("-")
    return f"{slug or 'calendrier'}.ics"


def content_disposition(name: str) -> str:
    return f'inline; filename="{feed_filename(name)}"'


def meeting_uid(*, meeting_id: int, domain: str) -> str:
    """The meeting's iCalendar UID, never regenerated (CALENDAR.md E1), shared by invitations and feeds."""
    return f"meeting-{meeting_id}@{domain}"
