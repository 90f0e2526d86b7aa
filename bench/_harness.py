"""Benchmark harness: a real uvicorn server in a subprocess and a lean keep-alive HTTP load generator.

Ratios are measured in one run on the same server: the bare handler is registered next to the
real routes, so both paths share the process, the event loop and the machine's state.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def database_url_for(engine: str, tmp: Path) -> str:
    if engine == "sqlite":
        return f"sqlite:///{tmp / 'bench.db'}"
    base = os.environ.get("DIALOGUE_TEST_DATABASE_URL") or os.environ.get("DIALOGUE_DATABASE_URL", "")
    if not base.startswith("postgres"):
        raise SystemExit("PostgreSQL benchmark needs DIALOGUE_TEST_DATABASE_URL (run under scripts/with-postgres.sh)")
    import asyncpg

    name = f"dialogue_bench_{os.getpid()}"

    async def create() -> None:
        conn = await asyncpg.connect(base)
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await conn.execute(f'CREATE DATABASE "{name}"')
        await conn.close()

    asyncio.run(create())
    return base.rpartition("/")[0] + "/" + name


def bench_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DIALOGUE_DATABASE_URL=database_url,
        DIALOGUE_SECRET_KEY="bench-secret-key-0123456789abcdef0123456789",
        DIALOGUE_PASSWORD_HASH_COST="fast",
        DIALOGUE_LOG_LEVEL="WARNING",
        DIALOGUE_DB_POOL_MIN="4",
        DIALOGUE_DB_POOL_MAX="10",
    )
    return env


def prepare(database_url: str) -> None:
    env = bench_env(database_url)
    for args in (["migrate", "--quiet"], ["demo"]):
        subprocess.run([PYTHON, "-m", "dialogue.cli", *args], env=env, check=True, capture_output=True, cwd=ROOT)


@contextlib.contextmanager
def server(database_url: str, *, workers: int = 1) -> Iterator[int]:
    """Serve the app plus /bench/bare and /bench/queries on a free port (one process, or `workers`)."""
    with server_process(database_url, workers=workers) as (port, _):
        yield port


@contextlib.contextmanager
def server_process(database_url: str, *, workers: int = 1) -> Iterator[tuple[int, int]]:
    """`server`, yielding (port, pid): the pid lets a benchmark read the process's memory."""
    port = free_port()
    env = bench_env(database_url)
    proc = subprocess.Popen(
        [PYTHON, str(ROOT / "bench" / "_server.py"), str(port), str(workers)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        # A loaded machine may need a minute to import the app: wait, and never run against a dead port.
        deadline = time.monotonic() + float(os.environ.get("BENCH_START_SECONDS", "180"))
        while True:
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            if proc.poll() is not None:
                raise SystemExit(proc.stderr.read().decode() if proc.stderr else "server died")
            if time.monotonic() > deadline:
                raise SystemExit(f"server not listening on port {port} after BENCH_START_SECONDS")
            time.sleep(0.1)
        yield port, proc.pid
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
        if proc.poll() is None:
            proc.kill()


@dataclass
class LoadResult:
    requests: int
    seconds: float
    statuses: dict[int, int]
    latencies: list[float] = field(default_factory=list)

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else 0.0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


async def read_response(reader: asyncio.StreamReader) -> int:
    """Read one HTTP/1.1 response (Content-Length or chunked) and return its status."""
    status = int((await reader.readline()).split()[1])
    length, chunked = 0, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "transfer-encoding" and "chunked" in value:
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readline()).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status


async def _connection(
    port: int, request: bytes, stop_at: float, counts: dict[int, int], done: list[int], latencies: list[float]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < stop_at:
            sent = time.perf_counter()
            writer.write(request)
            status = await read_response(reader)
            latencies.append(time.perf_counter() - sent)
            counts[status] = counts.get(status, 0) + 1
            done[0] += 1
    finally:
        writer.close()


def load(
    port: int, path: str, *, headers: dict[str, str] | None = None, seconds: float = 3.0, connections: int = 16
) -> LoadResult:
    """Hammer one path with keep-alive connections for `seconds`; returns requests/second."""
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1"] + [f"{k}: {v}" for k, v in (headers or {}).items()]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    counts: dict[int, int] = {}
    done = [0]
    latencies: list[float] = []

    async def run() -> float:
        start = time.perf_counter()
        stop_at = start + seconds
        clients = [_connection(port, request, stop_at, counts, done, latencies) for _ in range(connections)]
        await asyncio.gather(*clients)
        return time.perf_counter() - start

    elapsed = asyncio.run(run())
    return LoadResult(requests=done[0], seconds=elapsed, statuses=counts, latencies=latencies)


def get_json(
    port: int,
    path: str,
    headers: dict[str, str] | None = None,
    method: str = "GET",
    body: dict[str, object] | None = None,
) -> object:
    import urllib.request

    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method, headers=headers or {})
    if data is not None:
        req.add_header("content-type", "application/json")
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


def token(port: int, email: str) -> str:
    answer = get_json(port, "/api/v1/auth/token", method="POST", body={"email": email, "password": "demo-password"})
    assert isinstance(answer, dict)
    return str(answer["access_token"])


def tmpdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="dialogue-bench-"))


def each_engine(script: str, measure: Callable[[str], Coroutine[Any, Any, None]]) -> None:
    """Run `measure(database_url)` on SQLite, and on PostgreSQL under scripts/with-postgres.sh, each engine in its own
    process (Piccolo caches its configured engine per process): the script calls itself with the engine's name."""
    if len(sys.argv) > 1:
        with tempfile.TemporaryDirectory() as tmp:
            asyncio.run(measure(database_url_for(sys.argv[1], Path(tmp))))
        return
    engines = ["sqlite"]
    if os.environ.get("DIALOGUE_TEST_DATABASE_URL", "").startswith("postgres"):
        engines.append("postgresql")
    for engine in engines:
        subprocess.run([sys.executable, script, engine], check=True)
    if len(engines) == 1:
        print("PostgreSQL : lancez sous scripts/with-postgres.sh pour le mesurer aussi.")
