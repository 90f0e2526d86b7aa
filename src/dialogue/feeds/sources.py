"""The feed source registry: modules plug their calendar items into personal feeds.

A source is an async function receiving a `FeedRequest` (who, which bodies, today) and returning a
`FeedSlice`: pre-rendered VEVENT texts (render each item once per change with `feeds.ics` and store the
text; never render per request) plus the latest change instant of what it returned or removed.

The composition root (`dialogue.bootstrap`) installs two: meetings (each meeting's VEVENT stored per change;
cancelled ones kept ~30 days with STATUS:CANCELLED) and legal deadlines (all-day events). A source must:
- return only items of `request.body_ids`, and never confidential ones (L2315-3);
- make `last_modified` move forward whenever its output changes, deletions and window exits included;
- call `feeds.service.invalidate(organization_id=…)` after a change that emits no domain event.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from dialogue.feeds.ics import CalAddress


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedRequest:
    user_id: int
    organization_id: int
    body_ids: tuple[int, ...]
    today: date
    base_url: str
    organizer: CalAddress


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedEvent:
    """One stored VEVENT (CRLF lines, `BEGIN:VEVENT` … `END:VEVENT\\r\\n`) and its place in the feed.

    `sort_key` orders the feed deterministically, e.g. (start in UTC ISO form, UID).
    """

    sort_key: tuple[str, str]
    vevent: str


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedSlice:
    events: Sequence[FeedEvent]
    last_modified: datetime | None


FeedSource = Callable[[FeedRequest], Awaitable[FeedSlice]]

_sources: dict[str, FeedSource] = {}


def replace_sources(table: Mapping[str, FeedSource]) -> None:
    """Install the composition root's sources (`dialogue.bootstrap`) in place of the current ones."""
    _sources.clear()
    _sources.update(table)


def register_source(name: str, source: FeedSource) -> None:
    """Add (or replace) the source called `name`; sources run in name order."""
    _sources[name] = source


def unregister_source(name: str) -> None:
    _sources.pop(name, None)


def registered_sources() -> list[tuple[str, FeedSource]]:
    return sorted(_sources.items())
