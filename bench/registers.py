"""Concurrent submissions to one register: entries/second on SQLite and PostgreSQL, measured in one run.

Every submission locks the register, takes the next number, chains the SHA-256 hash and inserts, so this is
the register's write ceiling. The run then checks the register is intact: numbers 1..N without gap nor
duplicate and `verify` valid.

Run: `python bench/registers.py` (SQLite only) or `scripts/with-postgres.sh python bench/registers.py`
(SQLite, then PostgreSQL, in the same run). `--workers N` serves PostgreSQL from N uvicorn processes (each
with its own pool; the register's row lock serialises writers across processes); SQLite stays in one
process, whose in-process writer lock is how it serialises. `--help` lists the other options.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from dataclasses import dataclass

sys.path.insert(0, os.path.dirname(__file__))

from _harness import database_url_for, get_json, prepare, server_process, tmpdir, token

ENTRIES = int(os.environ.get("BENCH_REGISTER_ENTRIES", "600"))
CONNECTIONS = int(os.environ.get("BENCH_REGISTER_CONNECTIONS", "16"))


@dataclass
class WriteResult:
    entries: int
    seconds: float
    statuses: dict[int, int]
    numbers: list[int]

    @property
    def per_second(self) -> float:
        return self.entries / self.seconds


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    status = int((await reader.readline()).split()[1])
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return status, await reader.readexactly(length) if length else b""


def post_concurrently(port: int, path: str, headers: dict[str, str], total: int, connections: int) -> WriteResult:
    """POST `total` entries over `connections` keep-alive connections; returns the rate and assigned numbers."""
    queue: asyncio.Queue[int] = asyncio.Queue()
    statuses: dict[int, int] = {}
    numbers: list[int] = []

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while True:
                try:
                    i = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                body = json.dumps(
                    {"subject": f"Demande {i}", "body": f"Demande de banc d'essai n° {i} : planning, effectifs."}
                ).encode()
                head = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
                head += [f"Content-Length: {len(body)}"] + [f"{k}: {v}" for k, v in headers.items()]
                writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
                status, payload = await _read_response(reader)
                statuses[status] = statuses.get(status, 0) + 1
                if status == 201:
                    numbers.append(int(json.loads(payload)["number"]))
        finally:
            writer.close()

    async def run() -> float:
        for i in range(total):
            queue.put_nowait(i)
        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        return time.perf_counter() - start

    seconds = asyncio.run(run())
    return WriteResult(entries=len(numbers), seconds=seconds, statuses=statuses, numbers=numbers)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of the server process and its children (the uvicorn workers), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")

    def own(stat: str) -> float:
        fields = stat.rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / tick

    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rpartition(")")[2].split()[1])
        if int(entry) == pid or ppid == pid:
            total += own(stat)
    return total


def bench(engine: str, *, workers: int = 1) -> float:
    url = database_url_for(engine, tmpdir())
    prepare(url)
    with server_process(url, workers=workers) as (port, pid):
        headers = {"Authorization": f"Bearer {token(port, 'secretaire@demo.example')}"}
        me = get_json(port, "/api/v1/me", headers)
        assert isinstance(me, dict)
        cse = next(m["body_id"] for m in me["memberships"] if m["role"] == "secretary")
        listing = get_json(port, f"/api/v1/bodies/{cse}/registers", headers)
        assert isinstance(listing, dict)
        register = next(r for r in listing["items"] if r["kind"] == "dialogue")
        path = f"/api/v1/registers/{register['id']}/entries"
        before = int(register["entries"])
        post_concurrently(port, path, headers, total=50, connections=CONNECTIONS)  # warm-up
        cpu_before = _cpu_seconds(pid)
        result = post_concurrently(port, path, headers, total=ENTRIES, connections=CONNECTIONS)
        cpu_ms = (_cpu_seconds(pid) - cpu_before) * 1000 / ENTRIES
        verify = get_json(port, f"/api/v1/registers/{register['id']}/verify", headers)
        assert isinstance(verify, dict)
    assert set(result.statuses) == {201}, result.statuses
    expected = list(range(before + 51, before + 51 + ENTRIES))
    assert sorted(result.numbers) == expected, "numbers are not consecutive"
    assert verify["valid"] and verify["entries"] == before + 50 + ENTRIES, verify
    print(f"engine={engine} server processes={workers}")
    print(f"  {ENTRIES} concurrent submissions over {CONNECTIONS} connections: {result.per_second:8.0f} entries/s")
    print(f"  server CPU per submission: {cpu_ms:.2f} ms (one core's ceiling: {1000 / cpu_ms:.0f}/s)")
    print(
        f"  numbers {expected[0]}..{expected[-1]} without gap nor duplicate;",
        f"verify valid over {verify['records']} records",
    )
    return result.per_second


def main() -> None:
    global ENTRIES, CONNECTIONS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=1, help="uvicorn processes serving PostgreSQL (default 1)")
    parser.add_argument("--entries", type=int, default=ENTRIES, help=f"submissions measured (default {ENTRIES})")
    parser.add_argument("--connections", type=int, default=CONNECTIONS, help=f"keep-alive connections ({CONNECTIONS})")
    parser.add_argument("--skip-sqlite", action="store_true", help="measure PostgreSQL only")
    args = parser.parse_args()
    ENTRIES, CONNECTIONS = args.entries, args.connections
    rates: dict[str, float] = {}
    if not args.skip_sqlite:
        rates["sqlite"] = bench("sqlite")
    if os.environ.get("DIALOGUE_TEST_DATABASE_URL"):
        rates["postgresql"] = bench("postgresql", workers=args.workers)
    if "sqlite" in rates and "postgresql" in rates:
        print(f"PostgreSQL / SQLite: {rates['postgresql'] / rates['sqlite']:.2f}")
    if not os.environ.get("DIALOGUE_TEST_DATABASE_URL"):
        print("PostgreSQL skipped: run under scripts/with-postgres.sh to measure both engines in one run")


if __name__ == "__main__":
    main()
