"""Calendar feed benchmark (issue 6).

Prints:
- assembly time of a feed from 10, 100, 1,000 and 10,000 pre-rendered meetings (join + hash, what a
  request costs when the cache is cold), and the full uncached `serve_feed` (token and membership
  query, sources, assembly) on the same database;
- requests/second of the 200 and 304 paths of `GET /calendar/{token}.ics` (100 meetings) relative to a
  bare Litestar handler on the same server in the same run, with the few-second feed cache (production)
  and without it.
Targets: 1,000 meetings < 50 ms; 304 ≥ 0.9× and 200 (100 meetings) ≥ 0.2× the bare handler.
Run: `python bench/feeds.py` (SQLite) or `scripts/with-postgres.sh python bench/feeds.py`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

sys.path.insert(0, os.path.dirname(__file__))

from _feeds_server import prerendered
from _harness import PYTHON, ROOT, bench_env, database_url_for, free_port, load, prepare, tmpdir

from dialogue.auth.security import new_secret_token, token_digest
from dialogue.core.clock import utcnow
from dialogue.feeds import service, sources
from dialogue.feeds.ics import render_calendar
from dialogue.feeds.rules import strong_etag
from dialogue.settings import Settings

SIZES = (10, 100, 1_000, 10_000)
ROUNDS = 4


def assembly_ms(count: int, repeat: int = 20) -> float:
    events = prerendered(count)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        ordered = sorted(events, key=lambda e: e.sort_key)
        body = render_calendar(events=[e.vevent for e in ordered], name="CSE de l'Association Les Tilleuls").encode()
        strong_etag(body)
        best = min(best, time.perf_counter() - start)
    return best * 1000


async def create_feed(url: str) -> str:
    """A feed for the demo secretary, created directly in the database (its token is shown once)."""
    from dialogue.auth.tables import User
    from dialogue.core import db
    from dialogue.feeds.tables import CalendarFeed

    db.bind_engine(db.create_engine(url))
    await db.start_pool(min_size=1, max_size=2)
    try:
        user = await User.select(User.id, User.organization).where(User.email == "secretaire@demo.example").first()
        assert user is not None
        token = new_secret_token()
        await CalendarFeed.insert(
            CalendarFeed(
                organization=user["organization"],
                user=user["id"],
                name="CSE de l'Association Les Tilleuls",
                token_digest=token_digest(token),
                created_at=utcnow(),
            )
        )
        return token
    finally:
        await db.close_pool()


async def serve_ms(url: str, token: str, count: int, repeat: int = 10) -> float:
    """The whole uncached serving path, in process: one query, the source, assembly and hash."""
    from dialogue.core import db

    events = prerendered(count)

    async def source(request: sources.FeedRequest) -> sources.FeedSlice:
        return sources.FeedSlice(events=events, last_modified=None)

    db.bind_engine(db.create_engine(url))
    await db.start_pool(min_size=1, max_size=2)
    sources.register_source("bench", source)
    settings = Settings(database_url=url, mail_from="cse@demo.example")
    try:
        await service.serve_feed(token=token, settings=settings)  # content tracking write, once
        best = float("inf")
        for _ in range(repeat):
            service.invalidate()
            start = time.perf_counter()
            served = await service.serve_feed(token=token, settings=settings)
            best = min(best, time.perf_counter() - start)
            assert served is not None
        return best * 1000
    finally:
        sources.unregister_source("bench")
        await db.close_pool()


@contextlib.contextmanager
def feed_server(url: str, count: int, *, cache: bool) -> Iterator[int]:
    port = free_port()
    proc = subprocess.Popen(
        [PYTHON, str(ROOT / "bench" / "_feeds_server.py"), str(port), str(count), "cache" if cache else "nocache"],
        env=bench_env(url),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            if proc.poll() is not None:
                raise SystemExit(proc.stderr.read().decode() if proc.stderr else "server died")
            time.sleep(0.1)
        yield port
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
        if proc.poll() is None:
            proc.kill()


def etag_of(port: int, path: str) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
        assert response.status == 200
        assert response.headers["content-type"].startswith("text/calendar")
        return str(response.headers["etag"])


def http_ratios(url: str, token: str, *, cache: bool) -> tuple[float, float, float]:
    path = f"/calendar/{token}.ics"
    with feed_server(url, 100, cache=cache) as port:
        etag = etag_of(port, path)
        load(port, "/bench/bare", seconds=1)  # warm-up
        load(port, path, seconds=1)
        totals = {"bare": [0, 0.0], "200": [0, 0.0], "304": [0, 0.0]}
        # Interleaved short rounds: a shared, busy machine drifts; each path sees the same conditions.
        for _ in range(ROUNDS):
            for key, target, headers in (
                ("bare", "/bench/bare", None),
                ("200", path, None),
                ("304", path, {"If-None-Match": etag}),
            ):
                result = load(port, target, headers=headers, seconds=1.0)
                expected = {"bare": 200, "200": 200, "304": 304}[key]
                assert set(result.statuses) == {expected}, (key, result.statuses)
                totals[key][0] += result.requests
                totals[key][1] += result.seconds
    bare, ok, not_modified = (totals[k][0] / totals[k][1] for k in ("bare", "200", "304"))
    return bare, ok, not_modified


def main() -> None:
    engine = "postgresql" if os.environ.get("DIALOGUE_TEST_DATABASE_URL") else "sqlite"
    url = database_url_for(engine, tmpdir())
    prepare(url)
    token = asyncio.run(create_feed(url))

    print(f"engine={engine}")
    print("feed assembly from pre-rendered meetings (sort + join + ETag), best of 20:")
    for count in SIZES:
        target = "  (target < 50 ms)" if count == 1_000 else ""
        print(f"  {count:>6} meetings: {assembly_ms(count):8.2f} ms{target}")
    print("uncached serve_feed (one query for token and memberships, source, assembly, ETag), best of 10:")
    for count in SIZES:
        print(f"  {count:>6} meetings: {asyncio.run(serve_ms(url, token, count)):8.2f} ms")

    for cache in (True, False):
        bare, ok, not_modified = http_ratios(url, token, cache=cache)
        label = f"feed cache {service.CACHE_SECONDS:g} s" if cache else "feed cache off"
        print(f"HTTP, 100 meetings, {label}:")
        print(f"  bare handler : {bare:8.0f} req/s")
        print(f"  200 path     : {ok:8.0f} req/s   ratio {ok / bare:5.2f}  (target >= 0.20)")
        print(f"  304 path     : {not_modified:8.0f} req/s   ratio {not_modified / bare:5.2f}  (target >= 0.90)")


if __name__ == "__main__":
    main()
