"""Meetings in calendar feeds: each meeting's VEVENT rendered once per change, stored in `meeting_ics`, and
served by concatenation (the feed source `meetings`).

The meetings module emits an event on every change of a meeting (`MeetingEvent`): the subscriber renders
the VEVENT again in the same transaction. Agenda edits move the meeting's `updated_at` without an event,
so a feed also compares each stored row's `source_key` with the meeting's current one and re-renders the
few that are stale (lazily, once). A meeting keeps one UID for life, shared with its e-mail invitations.

Read-only projection of the meetings tables (one SQL query per feed); the meetings module exposes no
actor-free read service for it, and a calendar feed has no actor.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from piccolo.querystring import QueryString

from dialogue.core import clock
from dialogue.core.clock import PARIS, as_datetime
from dialogue.core.db import get_engine, transaction
from dialogue.feeds.ics import CalAddress, render_event
from dialogue.feeds.rules import meeting_uid
from dialogue.feeds.sources import FeedEvent, FeedRequest, FeedSlice
from dialogue.meetings.drafting import MeetingHeader
from dialogue.meetings.events import MeetingEvent
from dialogue.pages import links

#: Bump when the VEVENT layout changes: every stored text is then rendered again on its next serve.
RENDER_VERSION = "3"
#: Past meetings shown in a feed (months), and how long a cancelled meeting stays after its date (days).
PAST_MONTHS = 6
CANCELLED_KEPT_DAYS = 30
MEETING_KIND_LABELS = {
    "ordinary": "Réunion ordinaire",
    "extraordinary": "Réunion extraordinaire",
    "ssct": "Réunion SSCT",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class AgendaFact:
    title: str
    kind: str
    presenter: str | None
    confidential: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingFacts(MeetingHeader):
    """A meeting as calendars and e-mails show it (UTC instants; agenda: accepted items in order): the head every
    document about a meeting states (`meetings.drafting.MeetingHeader`), then what calendars need."""

    id: int
    body_id: int
    organization_id: int
    status: str
    sequence: int
    cancel_reason: str | None
    created_at: datetime
    updated_at: datetime
    agenda: tuple[AgendaFact, ...] = ()

    @property
    def public_agenda(self) -> list[str]:
        """Agenda titles without confidential items (L2315-3): feeds may end up in third-party calendars."""
        return [item.title for item in self.agenda if not item.confidential]


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderConfig:
    base_url: str
    mail_from: str

    @property
    def domain(self) -> str:
        return self.mail_from.rsplit("@", 1)[1]


# ---------------------------------------------------------------- pure rendering


def source_key(*, updated_at: datetime, sequence: int, status: str, body_name: str, config: RenderConfig) -> str:
    """What a stored VEVENT depends on; agenda edits move the meeting's `updated_at` too."""
    raw = "|".join(
        (
            RENDER_VERSION,
            updated_at.astimezone(UTC).isoformat(),
            str(sequence),
            status,
            body_name,
            config.base_url,
            config.mail_from,
        )
    )
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:40]


def meeting_summary(facts: MeetingFacts) -> str:
    return f"{facts.title} – {facts.body_name}"


def meeting_web_url(base_url: str, meeting_id: int) -> str:
    return f"{base_url}{links.meeting_path(meeting_id)}"


def render_meeting(facts: MeetingFacts, config: RenderConfig) -> str:
    """The feed VEVENT (RFC 5546 PUBLISH: ORGANIZER, no ATTENDEE) of one meeting.

    UID `meeting-<id>@<domain>` for life; DTSTAMP and LAST-MODIFIED from `updated_at` (deterministic);
    SEQUENCE as the meeting counts it (cancelling adds 1); a draft is TENTATIVE; a cancelled meeting
    keeps its place with STATUS:CANCELLED and « ANNULÉ – » before its title (Outlook ignores STATUS).
    """
    cancelled = facts.status == "cancelled"
    notes: list[str] = [MEETING_KIND_LABELS.get(facts.kind, "Réunion") + f" – {facts.body_name}"]
    if cancelled:
        notes.append("Réunion annulée." + (f" Motif : {facts.cancel_reason}" if facts.cancel_reason else ""))
    elif facts.status == "draft":
        notes.append("Réunion en préparation : la convocation n'a pas encore été envoyée.")
    return render_event(
        uid=meeting_uid(meeting_id=facts.id, domain=config.domain),
        dtstamp=facts.updated_at,
        start=facts.starts_at,
        end=facts.ends_at,
        summary=meeting_summary(facts),
        organizer=CalAddress(config.mail_from, f"Secrétariat – {facts.body_name}"),
        sequence=facts.sequence,
        cancelled=cancelled,
        tentative=facts.status == "draft",
        location=facts.location,
        agenda=facts.public_agenda,
        url=meeting_web_url(config.base_url, facts.id),
        visio_url=facts.visio_url,
        notes="\n".join(notes),
        created=facts.created_at,
        last_modified=facts.updated_at,
    )


def window_start(today: date) -> date:
    """The first day a feed shows: `PAST_MONTHS` months before today (same day of month, clamped)."""
    month = today.month - PAST_MONTHS
    year = today.year
    while month < 1:
        month += 12
        year -= 1
    for day in (today.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


# ---------------------------------------------------------------- reads

_FACTS_SQL = """
SELECT m.id, m.body, b.organization, b.name AS body_name, m.title, m.kind, m.starts_at, m.ends_at, m.location,
       m.visio_url, m.status, m.sequence, m.cancel_reason, m.created_at, m.updated_at, m.timezone
FROM meeting m JOIN body b ON b.id = m.body
WHERE m.id IN ({ids})
"""
_AGENDA_SQL = """
SELECT meeting, title, kind, presenter, confidential FROM agenda_item
WHERE meeting IN ({ids}) AND status = 'accepted'
ORDER BY meeting, position, id
"""


def _placeholders(count: int) -> str:
    return ", ".join(["{}"] * count)


async def load_meetings(meeting_ids: Iterable[int]) -> dict[int, MeetingFacts]:
    """Meetings with their body and accepted agenda, in two queries."""
    ids = sorted(set(meeting_ids))
    if not ids:
        return {}
    engine = get_engine()
    rows = await engine.run_querystring(QueryString(_FACTS_SQL.format(ids=_placeholders(len(ids))), *ids))
    items = await engine.run_querystring(QueryString(_AGENDA_SQL.format(ids=_placeholders(len(ids))), *ids))
    agenda: dict[int, list[AgendaFact]] = {}
    for item in items:
        agenda.setdefault(int(item["meeting"]), []).append(
            AgendaFact(
                title=item["title"],
                kind=item["kind"],
                presenter=item["presenter"],
                confidential=bool(item["confidential"]),
            )
        )
    return {
        int(r["id"]): MeetingFacts(
            id=int(r["id"]),
            body_id=int(r["body"]),
            organization_id=int(r["organization"]),
            body_name=r["body_name"],
            title=r["title"],
            kind=r["kind"],
            starts_at=as_datetime(r["starts_at"]),
            ends_at=as_datetime(r["ends_at"]),
            location=r["location"],
            visio_url=r["visio_url"],
            timezone=str(r["timezone"] or ""),
            status=r["status"],
            sequence=int(r["sequence"]),
            cancel_reason=r["cancel_reason"],
            created_at=as_datetime(r["created_at"]),
            updated_at=as_datetime(r["updated_at"]),
            agenda=tuple(agenda.get(int(r["id"]), ())),
        )
        for r in rows
    }


async def load_meeting(meeting_id: int) -> MeetingFacts | None:
    return (await load_meetings([meeting_id])).get(meeting_id)


# ---------------------------------------------------------------- stored VEVENTs

_UPSERT_SQL = """
INSERT INTO meeting_ics (meeting, body, uid, vevent, sequence, source_key, rendered_at)
VALUES ({}, {}, {}, {}, {}, {}, {})
ON CONFLICT (meeting) DO UPDATE SET body = excluded.body, uid = excluded.uid, vevent = excluded.vevent,
    sequence = excluded.sequence, source_key = excluded.source_key, rendered_at = excluded.rendered_at
"""


async def store(facts: MeetingFacts, config: RenderConfig) -> str:
    """Render one meeting and keep its text (in the caller's transaction); returns the VEVENT."""
    vevent = render_meeting(facts, config)
    key = source_key(
        updated_at=facts.updated_at,
        sequence=facts.sequence,
        status=facts.status,
        body_name=facts.body_name,
        config=config,
    )
    await get_engine().run_querystring(
        QueryString(
            _UPSERT_SQL,
            facts.id,
            facts.body_id,
            meeting_uid(meeting_id=facts.id, domain=config.domain),
            vevent,
            facts.sequence,
            key,
            clock.utcnow(),
        )
    )
    return vevent


async def refresh(meeting_ids: Sequence[int], config: RenderConfig) -> dict[int, str]:
    """Render the given meetings again and store them; {meeting id: VEVENT}."""
    facts = await load_meetings(meeting_ids)
    rendered: dict[int, str] = {}
    async with transaction():
        for meeting_id in sorted(facts):
            rendered[meeting_id] = await store(facts[meeting_id], config)
    return rendered


async def on_meeting_event(event: MeetingEvent, *, config: RenderConfig) -> None:
    """Every change of a meeting (created, moved, convened, cancelled, held…): render it once, now, with the
    public URL and sender the composition root binds (`dialogue.bootstrap`)."""
    await refresh([event.meeting_id], config)


# ---------------------------------------------------------------- the feed source

_WINDOW_SQL = """
SELECT m.id, m.starts_at, m.updated_at, m.sequence, m.status, b.name AS body_name, i.source_key, i.vevent
FROM meeting m
JOIN body b ON b.id = m.body
LEFT JOIN meeting_ics i ON i.meeting = m.id
WHERE m.body IN ({bodies}) AND m.starts_at >= {{}} AND (m.status <> 'cancelled' OR m.starts_at >= {{}})
ORDER BY m.starts_at, m.id
"""


def _local_midnight(day: date, tz: Any) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=tz).astimezone(UTC)


async def meetings_source(request: FeedRequest) -> FeedSlice:
    """Meetings of the feed's bodies from `PAST_MONTHS` months ago on, cancelled ones for 30 days after."""
    if not request.body_ids:
        return FeedSlice(events=(), last_modified=None)
    config = RenderConfig(base_url=request.base_url, mail_from=request.organizer.email)
    since = _local_midnight(window_start(request.today), PARIS)
    cancelled_since = _local_midnight(request.today - timedelta(days=CANCELLED_KEPT_DAYS), PARIS)
    sql = _WINDOW_SQL.format(bodies=_placeholders(len(request.body_ids)))
    rows = await get_engine().run_querystring(QueryString(sql, *request.body_ids, since, cancelled_since))
    stale: list[int] = []
    latest: datetime | None = None
    for row in rows:
        updated = as_datetime(row["updated_at"])
        latest = updated if latest is None or updated > latest else latest
        key = source_key(
            updated_at=updated,
            sequence=int(row["sequence"]),
            status=row["status"],
            body_name=row["body_name"],
            config=config,
        )
        if row["vevent"] is None or row["source_key"] != key:
            stale.append(int(row["id"]))
    fresh = await refresh(stale, config) if stale else {}
    events = []
    domain = config.domain
    for row in rows:
        meeting_id = int(row["id"])
        vevent = fresh.get(meeting_id) or row["vevent"]
        if vevent is None:  # deleted meanwhile
            continue
        start = as_datetime(row["starts_at"]).astimezone(UTC).isoformat()
        events.append(FeedEvent(sort_key=(start, meeting_uid(meeting_id=meeting_id, domain=domain)), vevent=vevent))
    return FeedSlice(events=events, last_modified=latest)
