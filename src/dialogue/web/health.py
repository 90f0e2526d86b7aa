"""Liveness and readiness (CONTRACT.md)."""

from __future__ import annotations

from litestar import Response, get
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE

from dialogue.core.db import ping


@get("/health", tags=["santé"], summary="Le processus répond", sync_to_thread=False)
def health() -> dict[str, str]:
    return {"status": "ok"}


@get("/ready", tags=["santé"], summary="La base de données répond")
async def ready() -> Response[dict[str, str]]:
    if await ping():
        return Response({"status": "ready"}, status_code=HTTP_200_OK)
    return Response({"status": "unavailable"}, status_code=HTTP_503_SERVICE_UNAVAILABLE)
