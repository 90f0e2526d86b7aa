"""The paths people open every day, under load, against a bare handler in the same run (issue 15).

One uvicorn process (bench/_server.py) with the demo data; for each path, `CONNECTIONS` keep-alive
connections hammer it for `SECONDS`; prints req/s, the median latency, SQL queries per request and the
ratio to the bare Litestar handler registered in the same process, measured right before and right after
each path (the mean of the two: on a shared machine the bare rate swings within a run).

Run: `python bench/daily.py` (SQLite) and `scripts/with-postgres.sh python bench/daily.py` (PostgreSQL).
BENCH_DAILY_SECONDS (default 3) and BENCH_DAILY_CONNECTIONS (default 32) tune the load.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))

from _harness import LoadResult, database_url_for, get_json, load, prepare, server, tmpdir, token

SECONDS = float(os.environ.get("BENCH_DAILY_SECONDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_DAILY_CONNECTIONS", "32"))
#: Comma-separated words: only the paths whose label contains one of them (e.g. `me,indicators`); all when empty.
ONLY = [word.strip().lower() for word in os.environ.get("BENCH_DAILY_ONLY", "").split(",") if word.strip()]


def _paths(port: int, bearer: dict[str, str], cookie: dict[str, str]) -> list[tuple[str, str, dict[str, str]]]:
    """(label, path, headers) of the hot paths named by issue 15."""
    me: Any = get_json(port, "/api/v1/me", bearer)
    cse = next(m["body_id"] for m in me["memberships"] if m["body_kind"] == "cse")
    registers: Any = get_json(port, f"/api/v1/bodies/{cse}/registers", bearer)
    questions = next(r["id"] for r in registers["items"] if r["kind"] == "questions")
    return [
        ("GET /api/v1/me", "/api/v1/me", bearer),
        ("meetings list (CSE)", f"/api/v1/bodies/{cse}/meetings", bearer),
        ("register entries list", f"/api/v1/registers/{questions}/entries", bearer),
        ("consultations list (CSE)", f"/api/v1/bodies/{cse}/consultations", bearer),
        ("home page /", "/", cookie),
        ("body page /instances/{id}", f"/instances/{cse}", cookie),
        ("CSE indicators", f"/api/v1/bodies/{cse}/indicators", bearer),
    ]


def _names(label: str, word: str) -> bool:
    """Whether `word` is a whole word of `label` (`me` names « GET /api/v1/me », not « meetings »)."""
    return re.search(rf"\b{re.escape(word)}\b", label.lower()) is not None


def _measure(port: int, path: str, headers: dict[str, str]) -> tuple[LoadResult, float]:
    load(port, path, headers=headers, seconds=min(1.0, SECONDS), connections=CONNECTIONS)  # warm-up
    before: Any = get_json(port, "/bench/queries")
    result = load(port, path, headers=headers, seconds=SECONDS, connections=CONNECTIONS)
    after: Any = get_json(port, "/bench/queries")
    return result, (after["count"] - before["count"]) / max(result.requests, 1)


def bench(engine: str) -> None:
    url = database_url_for(engine, tmpdir())
    prepare(url)
    with server(url) as port:
        secret = token(port, "secretaire@demo.example")
        bearer = {"Authorization": f"Bearer {secret}"}
        cookie = {"Cookie": f"dialogue_session={secret}", "Accept": "text/html"}
        paths = [p for p in _paths(port, bearer, cookie) if not ONLY or any(_names(p[0], w) for w in ONLY)]
        print(f"\n{engine}: {CONNECTIONS} keep-alive connections, {SECONDS:g} s per path, one process")
        print(f"{'path':<28}{'req/s':>9}{'p50 ms':>9}{'queries':>9}{'bare/s':>9}{'ratio':>9}")
        for label, path, headers in paths:
            # On a shared machine the bare handler's rate swings between runs: measure it right before and
            # right after each path, and divide by their mean.
            before, _ = _measure(port, "/bench/bare", {})
            result, queries = _measure(port, path, headers)
            after, _ = _measure(port, "/bench/bare", {})
            assert set(result.statuses) == {200}, (label, result.statuses)
            bare = (before.rps + after.rps) / 2
            ratio = result.rps / bare
            print(f"{label:<28}{result.rps:>9.0f}{result.p50_ms:>9.2f}{queries:>9.2f}{bare:>9.0f}{ratio:>9.3f}")


def main() -> None:
    bench("postgresql" if os.environ.get("DIALOGUE_TEST_DATABASE_URL") else "sqlite")


if __name__ == "__main__":
    main()
