"""One server process under a mixed load for a few minutes: does its memory stay flat? (issue 15)

The load cycles, over keep-alive connections, through what people do all day: `GET /api/v1/me`, the CSE's
meetings list, the questions register's entries, the home page, a calendar feed, and register submissions.
The run prints the process's resident memory (RSS, from /proc) after the warm-up and at the end, and the
growth between them (target: < 20 MB over 10 minutes).

Run: `python bench/memory.py` (SQLite, 3 minutes), `python bench/memory.py --minutes 10` (the full measure),
`scripts/with-postgres.sh python bench/memory.py` (PostgreSQL).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, os.path.dirname(__file__))

from _harness import database_url_for, get_json, prepare, read_response, server_process, tmpdir, token

CONNECTIONS = int(os.environ.get("BENCH_MEMORY_CONNECTIONS", "8"))
TARGET_MB = 20.0


def rss_mb(pid: int) -> float:
    """Resident set size of `pid` in MB (VmRSS of /proc/<pid>/status)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def _request(method: str, path: str, headers: dict[str, str], body: dict[str, Any] | None = None) -> bytes:
    payload = json.dumps(body).encode() if body is not None else b""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"] + [f"{k}: {v}" for k, v in headers.items()]
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


def mix(port: int) -> list[tuple[str, bytes]]:
    """(label, raw request) of the mixed load, as the secretary of the demo's CSE."""
    secret = token(port, "secretaire@demo.example")
    bearer = {"Authorization": f"Bearer {secret}"}
    cookie = {"Cookie": f"dialogue_session={secret}", "Accept": "text/html"}
    me: Any = get_json(port, "/api/v1/me", bearer)
    cse = next(m["body_id"] for m in me["memberships"] if m["role"] == "secretary")
    registers: Any = get_json(port, f"/api/v1/bodies/{cse}/registers", bearer)
    questions = next(r["id"] for r in registers["items"] if r["kind"] == "questions")
    dialogue = next(r["id"] for r in registers["items"] if r["kind"] == "dialogue")
    feed: Any = get_json(port, "/api/v1/me/calendar-feeds", bearer, method="POST", body={"name": "Banc mémoire"})
    entry = {"subject": "Demande de banc mémoire", "body": "Planning, effectifs et remplacements du mois."}
    return [
        ("me", _request("GET", "/api/v1/me", bearer)),
        ("meetings list", _request("GET", f"/api/v1/bodies/{cse}/meetings", bearer)),
        ("register entries", _request("GET", f"/api/v1/registers/{questions}/entries", bearer)),
        ("home page", _request("GET", "/", cookie)),
        ("feed", _request("GET", urlsplit(feed["url"]).path, {})),
        ("register submission", _request("POST", f"/api/v1/registers/{dialogue}/entries", bearer, entry)),
    ]


@dataclass
class Tally:
    requests: int = 0
    statuses: dict[tuple[str, int], int] = field(default_factory=dict)


async def _client(port: int, requests: list[tuple[str, bytes]], start: int, stop_at: float, tally: Tally) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for label, raw in itertools.islice(itertools.cycle(requests), start, None):
            if time.monotonic() >= stop_at:
                return
            writer.write(raw)
            status = await read_response(reader)
            tally.requests += 1
            tally.statuses[(label, status)] = tally.statuses.get((label, status), 0) + 1
    finally:
        writer.close()


def run_load(port: int, requests: list[tuple[str, bytes]], seconds: float) -> Tally:
    """Every connection cycles through the mix (each from a different point) for `seconds`."""
    tally = Tally()

    async def run() -> None:
        stop_at = time.monotonic() + seconds
        await asyncio.gather(*(_client(port, requests, i, stop_at, tally) for i in range(CONNECTIONS)))

    asyncio.run(run())
    return tally


def bench(engine: str, minutes: float, warmup_seconds: float) -> float:
    url = database_url_for(engine, tmpdir())
    prepare(url)
    with server_process(url) as (port, pid):
        requests = mix(port)
        started = rss_mb(pid)
        warm = run_load(port, requests, warmup_seconds)
        after_warmup = rss_mb(pid)
        print(f"engine={engine}: {CONNECTIONS} keep-alive connections, one process (pid {pid})")
        print(f"  RSS at start            {started:8.1f} MB")
        print(f"  RSS after {warmup_seconds:.0f} s warm-up  {after_warmup:8.1f} MB ({warm.requests} requests)")
        total = Tally()
        samples: list[float] = []
        remaining = minutes * 60
        step = 30.0
        begin = time.monotonic()
        while remaining > 0:
            part = run_load(port, requests, min(step, remaining))
            total.requests += part.requests
            for key, count in part.statuses.items():
                total.statuses[key] = total.statuses.get(key, 0) + count
            remaining -= step
            samples.append(rss_mb(pid))
        elapsed = time.monotonic() - begin
        end = samples[-1]
    growth = end - after_warmup
    rate = total.requests / elapsed
    print(f"  RSS at the end           {end:8.1f} MB after {elapsed / 60:.1f} min, {rate:.0f} req/s")
    print("  RSS every 30 s (MB)     ", " ".join(f"{s:.1f}" for s in samples))
    print(f"  growth after warm-up     {growth:+8.1f} MB (target < {TARGET_MB:.0f} MB)")
    unexpected = {k: v for k, v in total.statuses.items() if k[1] not in (200, 201)}
    print(f"  {total.requests} requests; statuses other than 200/201: {unexpected or 'none'}")
    return growth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3.0, help="load after the warm-up (10 for the full measure)")
    parser.add_argument("--warmup", type=float, default=30.0, help="seconds of load before the first measure")
    parser.add_argument(
        "--engine",
        choices=["sqlite", "postgresql"],
        default="postgresql" if os.environ.get("DIALOGUE_TEST_DATABASE_URL") else "sqlite",
        help="default: PostgreSQL under scripts/with-postgres.sh, else SQLite",
    )
    args = parser.parse_args()
    bench(args.engine, args.minutes, args.warmup)


if __name__ == "__main__":
    main()
