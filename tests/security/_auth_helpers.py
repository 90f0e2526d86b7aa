"""Helpers of the sign-in and session attacks (tests/security/test_auth_*.py)."""

from __future__ import annotations

from typing import Any

import httpx

TOKEN_URL = "/api/v1/auth/token"
DEMO_PASSWORD = "demo-password"


def client_at(app: Any, ip: str) -> httpx.AsyncClient:
    """An HTTP client whose TCP peer address is `ip` (the app driven in the test's own loop)."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(ip, 40000)), base_url="http://testserver")


async def sign_in(client: httpx.AsyncClient, email: str, password: str = DEMO_PASSWORD) -> str:
    response = await client.post(TOKEN_URL, json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
