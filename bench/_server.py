"""The benchmark server: the real app plus a bare handler and a query counter, in one process."""

from __future__ import annotations

import sys

import uvicorn
from litestar import get

from dialogue.app import app_factory
from dialogue.core.db import QUERIES


@get("/bench/bare", sync_to_thread=False)
def bare() -> dict[str, str]:
    return {"status": "ok"}


@get("/bench/queries", sync_to_thread=False)
def queries() -> dict[str, int]:
    return {"count": QUERIES.count}


def main() -> None:
    app = app_factory()
    app.register(bare)
    app.register(queries)
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
