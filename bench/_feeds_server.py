"""Benchmark server for calendar feeds: the real app, a bare handler, and a fake feed source holding
N pre-rendered meetings (the meetings module registers the real one after merge).

Usage: _feeds_server.py PORT EVENTS cache|nocache
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

import uvicorn
from litestar import get

from dialogue.app import create_app
from dialogue.feeds import service, sources
from dialogue.feeds.ics import CalAddress, render_event

STAMP = datetime(2026, 3, 10, 16, 42, 5, tzinfo=UTC)
ORGANIZER = CalAddress("cse@demo.example", "Secrétariat du CSE")


@get("/bench/bare", sync_to_thread=False)
def bare() -> dict[str, str]:
    return {"status": "ok"}


def prerendered(count: int) -> list[sources.FeedEvent]:
    """What the meetings module stores: one VEVENT per meeting, rendered once per change."""
    events = []
    first = datetime(2016, 1, 12, 8, 30, tzinfo=UTC)
    for n in range(count):
        start = first + timedelta(days=7 * n)
        uid = f"meeting-{n}@demo.example"
        vevent = render_event(
            uid=uid,
            dtstamp=STAMP,
            start=start,
            end=start + timedelta(hours=2, minutes=30),
            summary=f"Réunion ordinaire du CSE n° {n}",
            organizer=ORGANIZER,
            sequence=n % 3,
            location="Salle du conseil, EHPAD Les Tilleuls, 12 rue des Acacias, Villeurbanne",
            agenda=[
                "Approbation du procès-verbal de la réunion précédente",
                "Information-consultation sur les orientations stratégiques",
                "Budget des activités sociales et culturelles",
                "Questions diverses des élus",
            ],
            url=f"https://dialogue.example/meetings/{n}",
            created=STAMP,
            last_modified=STAMP,
        )
        events.append(sources.FeedEvent(sort_key=(start.isoformat(), uid), vevent=vevent))
    return events


def main() -> None:
    port, count, cache = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "cache"
    if not cache:
        service.CACHE_SECONDS = 0.0
    events = prerendered(count)

    async def bench_source(request: sources.FeedRequest) -> sources.FeedSlice:
        return sources.FeedSlice(events=events if request.body_ids else [], last_modified=STAMP)

    sources.register_source("bench", bench_source)
    app = create_app()
    app.register(bare)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
