"""Server time per page: median (and 95th percentile) over N sequential requests, one keep-alive connection.

Each page is asked for as a signed-in browser would (session cookie, Accept: text/html) on a real uvicorn
server with the demo data; requests are sequential so the figure is the time the server spends on one page,
plus a loopback round trip (the bare handler's time is printed as the floor to subtract).

Run: `python bench/pages.py` (SQLite) or `scripts/with-postgres.sh python bench/pages.py` (SQLite, then
PostgreSQL). BENCH_PAGES_N sets the number of requests per page (default 200).
"""

from __future__ import annotations

import http.client
import os
import statistics
import sys
import time
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))

from _harness import database_url_for, get_json, prepare, server, tmpdir, token

N = int(os.environ.get("BENCH_PAGES_N", "200"))


def _timings(port: int, path: str, headers: dict[str, str], n: int) -> tuple[list[float], int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times: list[float] = []
    status = 0
    try:
        for _ in range(n + 5):
            start = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            times.append((time.perf_counter() - start) * 1000)
            status = response.status
    finally:
        conn.close()
    return times[5:], status  # the first requests warm caches (templates, connections)


def _pages(port: int, api: dict[str, str]) -> list[tuple[str, str, str]]:
    """(label, account, path) of the pages people open most."""
    me: Any = get_json(port, "/api/v1/me", api)
    cse = next(m["body_id"] for m in me["memberships"] if m["body_kind"] == "cse")
    qvt = next((m["body_id"] for m in me["memberships"] if m["body_kind"] == "qvt_steering"), None)
    registers: Any = get_json(port, f"/api/v1/bodies/{cse}/registers", api)
    questions = next(r["id"] for r in registers["items"] if r["kind"] == "questions")
    entries: Any = get_json(port, f"/api/v1/registers/{questions}/entries", api)
    pages = [
        ("accueil (secrétaire)", "secretaire@demo.example", "/"),
        ("accueil (direction)", "direction@demo.example", "/"),
        ("instance (CSE)", "secretaire@demo.example", f"/instances/{cse}"),
        ("registres du CSE", "secretaire@demo.example", f"/instances/{cse}/registres"),
        ("registre des questions", "secretaire@demo.example", f"/registres/{questions}"),
        ("entrée du registre", "secretaire@demo.example", f"/entrees/{entries['items'][0]['id']}"),
        ("intégrité du registre", "secretaire@demo.example", f"/registres/{questions}/integrite"),
    ]
    meeting = _first_meeting(port, api, cse)
    if meeting is not None:
        pages.append(("réunions du CSE", "secretaire@demo.example", f"/instances/{cse}/reunions"))
        pages.append(("réunion", "secretaire@demo.example", meeting))
        pages.append(("réunion (élu)", "elu@demo.example", meeting))
        pages.append(("procès-verbal", "secretaire@demo.example", f"{meeting}/proces-verbal"))
        pages.append(("calendrier annuel", "secretaire@demo.example", f"/instances/{cse}/calendrier"))
        pages.append(("consultations", "secretaire@demo.example", f"/instances/{cse}/consultations"))
    pages.append(("mon agenda", "elu@demo.example", "/agenda"))
    if qvt is not None:
        pages.append(("démarche QVT", "secretaire@demo.example", f"/instances/{qvt}/qvt"))
    pages.append(("négociations", "direction@demo.example", "/negociations"))
    return pages


def _first_meeting(port: int, api: dict[str, str], cse: int) -> str | None:
    """The page of the demo CSE's first meeting (held, with its minutes)."""
    try:
        listing: Any = get_json(port, f"/api/v1/bodies/{cse}/meetings", api)
    except Exception:
        return None
    items = listing.get("items") or []
    return f"/reunions/{items[0]['id']}" if items else None


def bench(engine: str) -> None:
    url = database_url_for(engine, tmpdir())
    prepare(url)
    with server(url) as port:
        tokens: dict[str, str] = {}

        def headers_for(email: str) -> dict[str, str]:
            if email not in tokens:
                tokens[email] = token(port, email)
            return {"Cookie": f"dialogue_session={tokens[email]}", "Accept": "text/html"}

        api = {"Authorization": f"Bearer {token(port, 'secretaire@demo.example')}"}
        floor, _ = _timings(port, "/health", {}, N)
        print(f"\n{engine}: {N} requêtes séquentielles par page (ms ; plancher /health {statistics.median(floor):.2f})")
        print(f"{'page':<28}{'statut':>7}{'médiane':>10}{'p95':>10}")
        for label, email, path in _pages(port, api):
            times, status = _timings(port, path, headers_for(email), N)
            p95 = statistics.quantiles(times, n=20)[-1]
            print(f"{label:<28}{status:>7}{statistics.median(times):>10.2f}{p95:>10.2f}")


def main() -> None:
    bench("sqlite")
    if os.environ.get("DIALOGUE_TEST_DATABASE_URL"):
        bench("postgresql")


if __name__ == "__main__":
    main()
