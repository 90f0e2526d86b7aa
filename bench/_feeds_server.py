"""Benchmark server for calendar feeds: the real app (real feed sources: stored meeting VEVENTs and legal
deadlines) plus a bare handler, in one process.

Usage: _feeds_server.py PORT cache|nocache
"""

from __future__ import annotations

import sys

import uvicorn
from litestar import get

from dialogue.app import app_factory
from dialogue.feeds import service


@get("/bench/bare", sync_to_thread=False)
def bare() -> dict[str, str]:
    return {"status": "ok"}


def main() -> None:
    port, cache = int(sys.argv[1]), sys.argv[2] == "cache"
    if not cache:
        service.CACHE_SECONDS = 0.0
    app = app_factory()
    app.register(bare)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
