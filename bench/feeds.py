"""Calendar feed benchmark (issue 6), on real meetings.

For 10, 100, 1,000 and 10,000 meetings of one body (each with a four-item agenda), it prints:
- the one-off cost of rendering every meeting's VEVENT and storing it (`meeting_ics`), as the meetings'
  events do once per change;
- the assembly of the feed from the stored texts (the real `meetings` and `deadlines` sources, sort,
  join, ETag) through the whole uncached `serve_feed` (token and membership query included);
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
from datetime import UTC, datetime, timedelta

sys.path.insert(0, os.path.dirname(__file__))

from _harness import PYTHON, ROOT, bench_env, database_url_for, free_port, load, prepare, tmpdir

from dialogue.auth.security import new_secret_token, token_digest
from dialogue.core.clock import utcnow
from dialogue.settings import Settings

SIZES = (10, 100, 1_000, 10_000)
ROUNDS = 4
AGENDA = (
    ("Approbation du procès-verbal de la réunion précédente", "vote"),
    ("Information-consultation sur les orientations stratégiques", "consultation"),
    ("Budget des activités sociales et culturelles : 12 500 €", "vote"),
    ("Questions des élus", "question"),
)


async def _with_db(url: str, job):  # type: ignore[no-untyped-def]
    from dialogue.core import db
    from dialogue.piccolo_app import APP_CONFIG

    db.bind_engine(db.create_engine(url), tables=APP_CONFIG.table_classes)
    await db.start_pool(min_size=1, max_size=2)
    try:
        return await job()
    finally:
        await db.close_pool()


async def create_body_with_meetings(url: str, count: int) -> tuple[str, float]:
    """A body « Bench N » with N meetings (one a day from five months ago), its secretary's feed token,
    and the seconds spent rendering and storing every VEVENT once."""
    from dialogue.auth.tables import User
    from dialogue.bodies.tables import Body, Member
    from dialogue.core.db import transaction
    from dialogue.feeds import meetings as feed_meetings
    from dialogue.feeds.tables import CalendarFeed
    from dialogue.meetings.tables import AgendaItem, Meeting

    async def job() -> tuple[str, float]:
        user = await User.select(User.id, User.organization).where(User.email == "secretaire@demo.example").first()
        assert user is not None
        now = utcnow()
        first = (now - timedelta(days=150)).replace(hour=8, minute=30, second=0, microsecond=0)
        async with transaction():
            body = Body(
                organization=user["organization"],
                name=f"CSE d'établissement – bench {count}",
                kind="cse",
                created_at=now,
            )
            await body.save()
            await Member.insert(Member(body=body.id, user=user["id"], college="elus", role="secretary", created_at=now))
            ids: list[int] = []
            for start in range(0, count, 500):
                batch = [
                    Meeting(
                        body=body.id,
                        title=f"Réunion ordinaire n° {n + 1}",
                        kind="ordinary",
                        starts_at=first + timedelta(days=n),
                        ends_at=first + timedelta(days=n, hours=2, minutes=30),
                        timezone="Europe/Paris",
                        location="Salle du conseil, EHPAD Les Tilleuls, 12 rue des Acacias, Villeurbanne",
                        status="convened" if n % 7 else "cancelled",
                        sequence=1 + n % 3,
                        agenda_version=1,
                        created_at=now,
                        updated_at=now,
                    )
                    for n in range(start, min(start + 500, count))
                ]
                inserted = await Meeting.insert(*batch).returning(Meeting.id)
                ids.extend(int(r["id"]) for r in inserted)
            items = [
                AgendaItem(meeting=mid, position=p, title=t, kind=k, status="accepted", created_at=now, updated_at=now)
                for mid in ids
                for p, (t, k) in enumerate(AGENDA, 1)
            ]
            for start in range(0, len(items), 1000):
                await AgendaItem.insert(*items[start : start + 1000])
            token = new_secret_token()
            await CalendarFeed.insert(
                CalendarFeed(
                    organization=user["organization"],
                    user=user["id"],
                    body=body.id,
                    name=f"Bench {count}",
                    token_digest=token_digest(token),
                    created_at=now,
                )
            )
        config = feed_meetings.RenderConfig(base_url="http://localhost:8000", mail_from="cse@demo.example")
        started = time.perf_counter()
        for start in range(0, len(ids), 1000):
            await feed_meetings.refresh(ids[start : start + 1000], config)
        return token, time.perf_counter() - started

    result: tuple[str, float] = await _with_db(url, job)
    return result


async def serve_ms(url: str, token: str, repeat: int = 10) -> tuple[float, int, int]:
    """The whole uncached serving path, in process: (best ms, events, bytes)."""
    from dialogue.feeds import service
    from dialogue.notifications import subscribers

    settings = Settings(database_url=url, mail_from="cse@demo.example", base_url="http://localhost:8000")
    subscribers.register(settings)

    async def job() -> tuple[float, int, int]:
        first = await service.serve_feed(token=token, settings=settings)  # content tracking write, once
        assert first is not None
        best = float("inf")
        for _ in range(repeat):
            service.invalidate()
            start = time.perf_counter()
            served = await service.serve_feed(token=token, settings=settings)
            best = min(best, time.perf_counter() - start)
            assert served is not None and served.body == first.body
        return best * 1000, first.body.count(b"BEGIN:VEVENT"), len(first.body)

    result: tuple[float, int, int] = await _with_db(url, job)
    return result


@contextlib.contextmanager
def feed_server(url: str, *, cache: bool) -> Iterator[int]:
    port = free_port()
    env = bench_env(url) | {"DIALOGUE_BASE_URL": "http://localhost:8000", "DIALOGUE_MAIL_FROM": "cse@demo.example"}
    proc = subprocess.Popen(
        [PYTHON, str(ROOT / "bench" / "_feeds_server.py"), str(port), "cache" if cache else "nocache"],
        env=env,
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
    with feed_server(url, cache=cache) as port:
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
    print(f"engine={engine}  ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)")
    tokens: dict[int, str] = {}
    print("rendering each meeting's VEVENT once and storing it (meeting_ics), as on its change events:")
    for count in SIZES:
        token, seconds = asyncio.run(create_body_with_meetings(url, count))
        tokens[count] = token
        print(f"  {count:>6} meetings: {seconds * 1000:9.1f} ms  ({seconds * 1e6 / count:6.1f} µs per meeting)")
    print("feed assembly from stored VEVENTs, uncached serve_feed (token + memberships, meetings and deadlines")
    print("sources, sort, join, ETag), best of 10:")
    for count in SIZES:
        ms, events, size = asyncio.run(serve_ms(url, tokens[count]))
        target = "  (target < 50 ms)" if count == 1_000 else ""
        print(f"  {count:>6} meetings: {ms:8.2f} ms  {events:>6} VEVENTs  {size / 1024:8.0f} KiB{target}")

    for cache in (True, False):
        bare, ok, not_modified = http_ratios(url, tokens[100], cache=cache)
        label = "feed cache 5 s" if cache else "feed cache off"
        print(f"HTTP, 100 meetings, {label}:")
        print(f"  bare handler : {bare:8.0f} req/s")
        print(f"  200 path     : {ok:8.0f} req/s   ratio {ok / bare:5.2f}  (target >= 0.20)")
        print(f"  304 path     : {not_modified:8.0f} req/s   ratio {not_modified / bare:5.2f}  (target >= 0.90)")


if __name__ == "__main__":
    main()
