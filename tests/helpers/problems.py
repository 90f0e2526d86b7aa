"""The one check of an error answer: the exact status, the contract's problem format, the stable code."""

from __future__ import annotations

from typing import Any

PROBLEM = "application/problem+json"


def assert_problem(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """`response` is a problem (RFC 9457) with exactly `status` (and `code` when given); returns its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    assert {"type", "title", "status", "detail"} <= body.keys(), body
    assert body["status"] == status, body
    assert "Traceback" not in response.text
    if code is not None:
        assert body["code"] == code, body
    return body
