"""The benchmark server: the real app plus a bare handler and a query counter, in one process (or several).

`python bench/_server.py PORT [WORKERS]`: WORKERS > 1 runs that many uvicorn processes on the port (each with
its own pool, as a deployment behind one socket would); `/bench/queries` then counts one process's queries.
"""

from __future__ import annotations

import os
import sys

import uvicorn
from litestar import Litestar, get

from dialogue.app import create_app
from dialogue.core.db import QUERIES
from dialogue.settings import get_settings


@get("/bench/bare", sync_to_thread=False)
def bare() -> dict[str, str]:
    return {"status": "ok"}


@get("/bench/queries", sync_to_thread=False)
def queries() -> dict[str, int]:
    return {"count": QUERIES.count}


def build() -> Litestar:
    """The app with the two benchmark routes (uvicorn's factory, once per worker process)."""
    app = create_app(get_settings())
    app.register(bare)
    app.register(queries)
    return app


def main() -> None:
    port = int(sys.argv[1])
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    if workers == 1:
        uvicorn.run(build(), host="127.0.0.1", port=port, log_level="warning", access_log=False)
        return
    uvicorn.run(
        "_server:build",
        factory=True,
        workers=workers,
        # A loaded machine may take longer than uvicorn's 5 s to import the app in a worker: wait for it.
        timeout_worker_healthcheck=300,
        app_dir=os.path.dirname(os.path.abspath(__file__)),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
    )


if __name__ == "__main__":
    main()
