"""Documents (issue 16): upload and download of a 200 MB file on both stores (local directory, S3 on a moto
server process), printing MB/s and the server's RSS growth (goal < 30 MB: streamed, not buffered), then 100
parallel downloads of a 5 MB file.

Run: `python bench/documents.py` (SQLite) and `scripts/with-postgres.sh python bench/documents.py`.
BENCH_DOCUMENTS_MB (default 200) sets the size of the large file.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

import httpx
from _harness import database_url_for, free_port, get_json, prepare, server_process, tmpdir, token
from memory import rss_mb

BIG_MB = int(os.environ.get("BENCH_DOCUMENTS_MB", "200"))
SMALL_MB = 5
PARALLEL = 100
BUCKET = "dialogue-bench"


class PeakRss:
    """The highest RSS of a process while the block runs, sampled every 20 ms."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0.0, threading.Event()

    def __enter__(self) -> PeakRss:
        self.start = rss_mb(self.pid)
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.02)

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def growth(self) -> float:
        return max(0.0, self.peak - self.start)


def _make_file(path: Path, megabytes: int) -> None:
    block = os.urandom(1024 * 1024)
    with path.open("wb") as out:
        out.write(b"%PDF-1.7\n")
        for _ in range(megabytes):
            out.write(block)


async def _download(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> int:
    size = 0
    async with client.stream("GET", url, headers=headers) as response:
        response.raise_for_status()
        async for chunk in response.aiter_bytes(256 * 1024):
            size += len(chunk)
    return size


async def _run(port: int, pid: int, bearer: dict[str, str], big: Path, small: Path, label: str) -> None:
    me = get_json(port, "/api/v1/me", bearer)
    assert isinstance(me, dict)
    base = f"http://127.0.0.1:{port}"
    org = me["organization_id"]
    async with httpx.AsyncClient(base_url=base, timeout=600) as client:
        with big.open("rb") as handle, PeakRss(pid) as up:
            start = time.perf_counter()
            response = await client.post(
                f"/api/v1/organizations/{org}/documents", headers=bearer, files={"file": ("gros.pdf", handle)}
            )
            up_s = time.perf_counter() - start
        response.raise_for_status()
        doc = response.json()
        with PeakRss(pid) as down:
            start = time.perf_counter()
            size = await _download(client, f"/api/v1/documents/{doc['id']}/content", bearer)
            down_s = time.perf_counter() - start
        assert size == doc["size"]
        mb = size / 1024 / 1024
        print(f"  {label}: upload {mb:.0f} MB {mb / up_s:7.1f} MB/s, RSS +{up.growth:.1f} MB")
        print(f"  {label}: download {mb:.0f} MB {mb / down_s:7.1f} MB/s, RSS +{down.growth:.1f} MB")
        with small.open("rb") as handle:
            response = await client.post(
                f"/api/v1/organizations/{org}/documents", headers=bearer, files={"file": ("petit.pdf", handle)}
            )
        response.raise_for_status()
        url = f"/api/v1/documents/{response.json()['id']}/content"
    limits = httpx.Limits(max_connections=PARALLEL, max_keepalive_connections=PARALLEL)
    async with httpx.AsyncClient(base_url=base, timeout=600, limits=limits) as client:
        with PeakRss(pid) as par:
            start = time.perf_counter()
            sizes = await asyncio.gather(*(_download(client, url, bearer) for _ in range(PARALLEL)))
            elapsed = time.perf_counter() - start
    total = sum(sizes) / 1024 / 1024
    print(
        f"  {label}: {PARALLEL} parallel downloads of {SMALL_MB} MB in {elapsed:.2f} s, "
        f"{total / elapsed:.1f} MB/s, RSS +{par.growth:.1f} MB"
    )


def _moto() -> tuple[object, dict[str, str]]:
    import boto3
    from moto.server import ThreadedMotoServer

    port = free_port()
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    moto.start()
    env = {
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_REGION": "eu-west-3",
        "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}",
    }
    os.environ.update(env)
    boto3.client("s3", endpoint_url=env["AWS_ENDPOINT_URL"], region_name="eu-west-3").create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
    )
    return moto, env


def main() -> None:
    tmp = tmpdir()
    engine = "postgresql" if os.environ.get("DIALOGUE_TEST_DATABASE_URL") else "sqlite"
    database_url = database_url_for(engine, tmp)
    prepare(database_url)
    big, small = tmp / "big.pdf", tmp / "small.pdf"
    _make_file(big, BIG_MB)
    _make_file(small, SMALL_MB)
    os.environ["DIALOGUE_MAX_UPLOAD_MB"] = str(BIG_MB + 10)
    moto, _ = _moto()
    stores = [("local", (tmp / "store").as_uri()), ("S3 (moto)", f"s3://{BUCKET}/bench")]
    try:
        for label, url in stores:
            os.environ["DIALOGUE_STORAGE_URL"] = url
            with server_process(database_url) as (port, pid):
                bearer = {"Authorization": f"Bearer {token(port, 'direction@demo.example')}"}
                asyncio.run(_run(port, pid, bearer, big, small, f"{engine}, {label}"))
    finally:
        moto.stop()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
