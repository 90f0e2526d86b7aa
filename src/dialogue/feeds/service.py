"""Personal calendar feeds: create, list and revoke secret URLs, and serve them to calendar clients.

A feed is assembled from the registered sources (`feeds.sources`) by concatenating stored VEVENTs, so
serving 1,000 events costs a string join and a hash. A short in-process cache (a few seconds, far below
the `max-age=300` we announce) makes revalidations cheap; domain events of the organisation, feed
revocation and `invalidate()` clear it at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from piccolo.querystring import QueryString

from dialogue.audit import service as audit
from dialogue.auth.security import new_secret_token, token_digest
from dialogue.bodies.access import body_access
from dialogue.core.actor import Actor
from dialogue.core.clock import as_date, local_today, utcnow
from dialogue.core.db import get_engine, transaction
from dialogue.core.errors import Conflict, Forbidden, NotFound
from dialogue.core.events import DomainEvent, emit
from dialogue.feeds import sources
from dialogue.feeds.events import CalendarFeedIssued, CalendarFeedRevoked
from dialogue.feeds.ics import CalAddress, render_calendar
from dialogue.feeds.rules import (
    CACHE_CONTROL,
    TOKEN_PATTERN,
    content_disposition,
    http_date,
    strong_etag,
    whole_seconds,
)
from dialogue.feeds.schemas import CalendarFeedCreate, CalendarFeedCreated, CalendarFeedRead
from dialogue.feeds.tables import CalendarFeed
from dialogue.settings import Settings

#: Seconds a served feed is reused by this process before being assembled again.
CACHE_SECONDS = 5.0
CACHE_MAX_ENTRIES = 10_000
#: Active feeds per user (one per body plus an "all" feed is the normal use).
MAX_FEEDS_PER_USER = 20
WARNING = (
    "Toute personne disposant de ce lien peut lire votre agenda : ne le partagez pas. "
    "Vous pouvez le révoquer à tout moment ; il cesse aussi de fonctionner à la fin de votre mandat."
)


@dataclass(frozen=True, slots=True)
class ServedFeed:
    body: bytes
    etag: str
    last_modified: datetime
    name: str
    #: Validators and caching headers, encoded once per content (the 304 path only copies them).
    headers: tuple[tuple[bytes, bytes], ...] = ()

    @classmethod
    def build(cls, *, body: bytes, last_modified: datetime, name: str) -> ServedFeed:
        etag = strong_etag(body)
        headers = (
            (b"etag", etag.encode("ascii")),
            (b"last-modified", http_date(last_modified).encode("ascii")),
            (b"cache-control", CACHE_CONTROL.encode("ascii")),
            (b"content-disposition", content_disposition(name).encode("ascii")),
            (b"x-content-type-options", b"nosniff"),
        )
        return cls(body=body, etag=etag, last_modified=last_modified, name=name, headers=headers)


@dataclass(slots=True)
class _Entry:
    feed: ServedFeed
    feed_id: int
    organization_id: int
    expires_at: float


class FeedCache:
    """Token → served feed, for `CACHE_SECONDS` (process memory only; the database keeps digests).
    `monotonic` is injectable for tests."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.monotonic = monotonic
        self._entries: dict[str, _Entry] = {}

    def get(self, token: str) -> ServedFeed | None:
        entry = self._entries.get(token)
        if entry is None:
            return None
        if entry.expires_at <= self.monotonic():
            self._entries.pop(token, None)
            return None
        return entry.feed

    def put(self, token: str, *, feed: ServedFeed, feed_id: int, organization_id: int) -> None:
        if len(self._entries) >= CACHE_MAX_ENTRIES:
            self._entries.clear()
        self._entries[token] = _Entry(feed, feed_id, organization_id, self.monotonic() + CACHE_SECONDS)

    def invalidate(self, *, organization_id: int | None = None, feed_id: int | None = None) -> None:
        if organization_id is None and feed_id is None:
            self._entries.clear()
            return
        for token, entry in list(self._entries.items()):
            if entry.organization_id == organization_id or entry.feed_id == feed_id:
                del self._entries[token]


CACHE = FeedCache()


def invalidate(*, organization_id: int | None = None) -> None:
    """Sources call this after a change that emitted no domain event (None: every organisation)."""
    CACHE.invalidate(organization_id=organization_id)


async def drop_cached_feeds(event: DomainEvent) -> None:
    """Any domain event of an organisation may change what its feeds show: drop them from the cache
    (subscribed to every event in `dialogue.bootstrap`)."""
    CACHE.invalidate(organization_id=event.organization_id)


# ---------------------------------------------------------------- managing feeds


def _urls(settings: Settings, token: str) -> tuple[str, str]:
    url = f"{settings.base_url}/calendar/{token}.ics"
    return url, "webcal://" + url.split("://", 1)[1]


def _feed_read(row: dict[str, Any]) -> CalendarFeedRead:
    return CalendarFeedRead(id=row["id"], body_id=row["body"], name=row["name"], created_at=row["created_at"])


async def create_feed(*, actor: Actor, data: CalendarFeedCreate, settings: Settings) -> CalendarFeedCreated:
    """A new secret URL (256-bit token, only its SHA-256 stored), for every body or one the user sits in."""
    async with transaction():
        if data.body_id is not None:
            access = await body_access(actor=actor, body_id=data.body_id)
            if not access.is_member:
                raise Forbidden("Vous n'êtes pas membre de cette instance : pas d'agenda à publier.")
            default_name = access.name
        else:
            default_name = "Mes instances – dialogue"
        active = await CalendarFeed.count().where(
            (CalendarFeed.user == actor.user_id) & CalendarFeed.revoked_at.is_null()
        )
        if active >= MAX_FEEDS_PER_USER:
            raise Conflict(
                f"Vous avez déjà {MAX_FEEDS_PER_USER} liens d'agenda actifs : révoquez-en un d'abord.",
                code="too_many_feeds",
            )
        token = new_secret_token()
        feed = CalendarFeed(
            organization=actor.organization_id,
            user=actor.user_id,
            body=data.body_id,
            name=data.name or default_name,
            token_digest=token_digest(token),
            created_at=utcnow(),
        )
        await feed.save()
        await audit.record(
            actor=actor,
            organization_id=actor.organization_id,
            action="create",
            entity="calendar_feed",
            entity_id=feed.id,
            after={"body_id": data.body_id, "name": feed.name},
        )
        await emit(
            CalendarFeedIssued(
                organization_id=actor.organization_id,
                actor_user_id=actor.user_id,
                feed_id=feed.id,
                user_id=actor.user_id,
                body_id=data.body_id,
            )
        )
        url, webcal_url = _urls(settings, token)
        return CalendarFeedCreated(
            id=feed.id,
            body_id=data.body_id,
            name=feed.name,
            created_at=feed.created_at,
            url=url,
            webcal_url=webcal_url,
            warning=WARNING,
        )


async def list_feeds(*, actor: Actor) -> list[CalendarFeedRead]:
    rows = (
        await CalendarFeed.select(CalendarFeed.id, CalendarFeed.body, CalendarFeed.name, CalendarFeed.created_at)
        .where((CalendarFeed.user == actor.user_id) & CalendarFeed.revoked_at.is_null())
        .order_by(CalendarFeed.id)
    )
    return [_feed_read(r) for r in rows]


async def revoke_feed(*, actor: Actor, feed_id: int) -> None:
    """The URL stops working at once (404); another user's feed is unknown (404)."""
    async with transaction():
        row = (
            await CalendarFeed.select(CalendarFeed.id, CalendarFeed.name)
            .where(
                (CalendarFeed.id == feed_id) & (CalendarFeed.user == actor.user_id) & CalendarFeed.revoked_at.is_null()
            )
            .first()
        )
        if row is None:
            raise NotFound("Lien d'agenda introuvable.")
        await CalendarFeed.update({CalendarFeed.revoked_at: utcnow()}).where(CalendarFeed.id == feed_id)
        await audit.record(
            actor=actor,
            organization_id=actor.organization_id,
            action="revoke",
            entity="calendar_feed",
            entity_id=feed_id,
            before={"name": row["name"]},
        )
        await emit(
            CalendarFeedRevoked(
                organization_id=actor.organization_id,
                actor_user_id=actor.user_id,
                feed_id=feed_id,
                user_id=actor.user_id,
            )
        )
    CACHE.invalidate(feed_id=feed_id)


# ---------------------------------------------------------------- serving


#: One round trip: the feed, its owner (active, same organisation) and the owner's memberships.
_FEED_SQL = """
SELECT f.id, f.organization, f."user", f.body, f.name, f.content_etag, f.content_changed_at, f.created_at,
       m.body AS member_body, m.mandate_end
FROM calendar_feed f
JOIN app_user u ON u.id = f."user" AND u.organization = f.organization AND u.is_active = {}
LEFT JOIN member m ON m."user" = f."user"
     AND m.body IN (SELECT b.id FROM body b WHERE b.organization = f.organization)
WHERE f.token_digest = {} AND f.revoked_at IS NULL
ORDER BY m.body
"""


def _as_datetime(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _current_bodies(rows: list[dict[str, Any]], today: date) -> tuple[int, ...]:
    """Bodies the user sits in today (a mandate that ended no longer counts)."""
    current: list[int] = []
    for row in rows:
        if row["member_body"] is None:
            continue
        end = as_date(row["mandate_end"])
        if end is None or end >= today:
            current.append(int(row["member_body"]))
    return tuple(current)


async def _track_change(
    *, feed_id: int, etag: str, previous: datetime | None, sources_changed: datetime, now: datetime
) -> datetime:
    """Record when a new content was first served: Last-Modified then moves forward even when the change
    was a removal that no source timestamp reflects (RFC 9110 §8.8.2)."""
    changed_at = max(whole_seconds(now), whole_seconds(sources_changed))
    if previous is not None and changed_at <= whole_seconds(previous):
        changed_at = whole_seconds(previous) + timedelta(seconds=1)
    async with transaction():
        await CalendarFeed.update({CalendarFeed.content_etag: etag, CalendarFeed.content_changed_at: changed_at}).where(
            CalendarFeed.id == feed_id
        )
    return changed_at


async def serve_feed(*, token: str, settings: Settings, now: datetime | None = None) -> ServedFeed | None:
    """The feed's exact bytes and validators, or None (unknown, revoked, or membership ended: 404)."""
    cached = CACHE.get(token)
    if cached is not None:
        return cached
    if not TOKEN_PATTERN.match(token):
        return None
    digest = token_digest(token)
    rows = await get_engine().run_querystring(QueryString(_FEED_SQL, True, digest))
    if not rows:
        return None
    feed = rows[0]
    now = now or utcnow()
    today = local_today(settings.tz)
    bodies = _current_bodies(rows, today)
    if feed["body"] is not None:
        if feed["body"] not in bodies:
            return None
        bodies = (int(feed["body"]),)
    request = sources.FeedRequest(
        user_id=int(feed["user"]),
        organization_id=int(feed["organization"]),
        body_ids=bodies,
        today=today,
        base_url=settings.base_url,
        organizer=CalAddress(settings.mail_from, "dialogue"),
    )
    events: list[sources.FeedEvent] = []
    stamps: list[datetime] = []
    created_at = _as_datetime(feed["created_at"])
    assert created_at is not None
    stamps.append(created_at)
    for _name, source in sources.registered_sources():
        part = await source(request)
        events.extend(part.events)
        if part.last_modified is not None:
            stamps.append(part.last_modified)
    events.sort(key=lambda e: e.sort_key)
    description = "Réunions et échéances légales de vos instances (dialogue). Lien personnel : ne le partagez pas."
    text = render_calendar(events=[e.vevent for e in events], name=feed["name"], description=description)
    body = text.encode("utf-8")
    etag = strong_etag(body)
    changed_at = _as_datetime(feed["content_changed_at"])
    if etag != feed["content_etag"]:
        changed_at = await _track_change(
            feed_id=feed["id"], etag=etag, previous=changed_at, sources_changed=max(stamps), now=now
        )
    if changed_at is not None:
        stamps.append(changed_at)
    served = ServedFeed.build(body=body, last_modified=whole_seconds(max(stamps)), name=feed["name"])
    CACHE.put(token, feed=served, feed_id=int(feed["id"]), organization_id=int(feed["organization"]))
    return served
