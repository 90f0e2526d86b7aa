"""GET /api/v1/me against a bare Litestar handler on the same server, in the same run.

Prints requests/second of both, their ratio, and SQL queries per /me request.
Targets (issue 2): ratio >= 0.2 on PostgreSQL, at most 2 queries per request.
Run: `python bench/api_overhead.py` (SQLite) and `scripts/with-postgres.sh python bench/api_overhead.py`.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from _harness import database_url_for, get_json, load, prepare, server, tmpdir, token


def main() -> None:
    engine = "postgresql" if os.environ.get("DIALOGUE_TEST_DATABASE_URL") else "sqlite"
    url = database_url_for(engine, tmpdir())
    prepare(url)
    with server(url) as port:
        headers = {"Authorization": f"Bearer {token(port, 'secretaire@demo.example')}"}
        load(port, "/bench/bare", seconds=1)  # warm-up
        load(port, "/api/v1/me", headers=headers, seconds=1)
        bare = load(port, "/bench/bare")
        before = get_json(port, "/bench/queries")
        me = load(port, "/api/v1/me", headers=headers)
        after = get_json(port, "/bench/queries")
        assert isinstance(before, dict) and isinstance(after, dict)
        per_request = (after["count"] - before["count"]) / max(me.requests, 1)
    assert set(me.statuses) == {200}, me.statuses
    print(f"engine={engine}")
    print(f"  bare handler   : {bare.rps:8.0f} req/s")
    print(f"  GET /api/v1/me : {me.rps:8.0f} req/s")
    print(f"  ratio me/bare  : {me.rps / bare.rps:8.2f}  (target >= 0.20 on PostgreSQL)")
    print(f"  SQL queries per /me request: {per_request:.2f}  (target <= 2)")


if __name__ == "__main__":
    main()
