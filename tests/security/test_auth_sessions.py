"""Attacks on sessions: reusing a signed-out token, keeping a session after the password changed or the
account was deactivated, on another process (a second app instance sharing the database, nothing in memory)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from dialogue.app import create_app
from dialogue.auth.tables import User
from tests.helpers.problems import assert_problem
from tests.security._auth_helpers import DEMO_PASSWORD, TOKEN_URL, bearer, client_at, sign_in

HTML = {"accept": "text/html"}


@pytest.fixture(scope="module")
def other_app(settings: Any) -> Any:
    """Another server process: its own app instance, the same database."""
    return create_app(settings, manage_engine=False)


@pytest.fixture
async def other(other_app: Any, db: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with client_at(other_app, "192.0.2.99") as c:
        yield c


async def _user_id(email: str) -> int:
    row = await User.select(User.id).where(User.email == email).first()
    assert row is not None
    return int(row["id"])


async def test_signed_out_token_is_refused_everywhere(client: Any, other: Any) -> None:
    token = await sign_in(client, "elu@demo.example")
    kept = await sign_in(client, "elu@demo.example")  # another device of the same person
    assert (await other.get("/api/v1/me", headers=bearer(token))).status_code == 200
    response = await client.delete(TOKEN_URL, headers=bearer(token))
    assert response.status_code == 204
    assert response.content == b""
    for server in (client, other):
        body = assert_problem(await server.get("/api/v1/me", headers=bearer(token)), 401, "unauthenticated")
        assert body["detail"] == "Compte inconnu ou désactivé."
        assert_problem(await server.get("/api/v1/organizations", headers=bearer(token)), 401, "unauthenticated")
        assert_problem(await server.delete(TOKEN_URL, headers=bearer(token)), 401)
    # Only that token ended.
    assert (await other.get("/api/v1/me", headers=bearer(kept))).status_code == 200


async def test_sign_out_needs_a_token(client: Any) -> None:
    assert_problem(await client.delete(TOKEN_URL), 401)


def _csrf(html: str) -> str:
    match = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert match
    return match.group(1)


async def test_page_sign_out_revokes_the_session_cookie(client: Any, other: Any) -> None:
    form = await client.get("/connexion", headers=HTML)
    signed = await client.post(
        "/connexion",
        data={"email": "elu@demo.example", "password": DEMO_PASSWORD, "next": "/", "_csrf_token": _csrf(form.text)},
        headers=HTML,
    )
    assert signed.status_code == 303
    stolen = client.cookies.get("dialogue_session")
    assert stolen
    home = await client.get("/", headers=HTML)
    assert home.status_code == 200
    out = await client.post("/deconnexion", data={"_csrf_token": _csrf(home.text)}, headers=HTML)
    assert out.status_code == 303
    # The cookie copied before sign-out opens nothing, on either process, as a page or as a bearer token.
    other.cookies.set("dialogue_session", stolen)
    replay = await other.get("/", headers=HTML)
    assert replay.status_code == 303
    assert replay.headers["location"].startswith("/connexion")
    assert_problem(await other.get("/api/v1/me", headers=bearer(stolen)), 401)


async def test_password_change_ends_every_session_on_every_process(client: Any, other: Any) -> None:
    first = await sign_in(client, "elu@demo.example")
    second = await sign_in(other, "elu@demo.example")
    page = await other.post(TOKEN_URL, json={"email": "elu@demo.example", "password": DEMO_PASSWORD})
    assert page.status_code == 200
    changed = await client.post(
        "/api/v1/auth/password",
        json={"current_password": DEMO_PASSWORD, "new_password": "a-new-long-passphrase"},
        headers=bearer(first),
    )
    assert changed.status_code == 204, changed.text
    for token in (first, second, page.json()["access_token"]):
        for server in (client, other):
            assert_problem(await server.get("/api/v1/me", headers=bearer(token)), 401)
            assert_problem(await server.get("/api/v1/organizations", headers=bearer(token)), 401)
    assert_problem(await other.post(TOKEN_URL, json={"email": "elu@demo.example", "password": DEMO_PASSWORD}), 401)
    fresh = await sign_in(other, "elu@demo.example", "a-new-long-passphrase")
    me = await client.get("/api/v1/me", headers=bearer(fresh))
    assert me.status_code == 200
    assert me.json()["email"] == "elu@demo.example"


async def test_password_change_needs_the_current_password(client: Any) -> None:
    token = await sign_in(client, "elu@demo.example")
    wrong = await client.post(
        "/api/v1/auth/password",
        json={"current_password": "not-it", "new_password": "a-new-long-passphrase"},
        headers=bearer(token),
    )
    assert_problem(wrong, 403, "wrong_password")
    assert (await client.get("/api/v1/me", headers=bearer(token))).status_code == 200
    short = await client.post(
        "/api/v1/auth/password",
        json={"current_password": DEMO_PASSWORD, "new_password": "short"},
        headers=bearer(token),
    )
    body = assert_problem(short, 422)
    assert any("new_password" in str(error) for error in body["errors"])


async def test_deactivation_ends_every_session_on_every_process(client: Any, other: Any) -> None:
    victim = await sign_in(other, "elu@demo.example")
    admin = await sign_in(client, "admin@demo.example")
    user_id = await _user_id("elu@demo.example")
    response = await client.post(f"/api/v1/users/{user_id}/deactivate", headers=bearer(admin))
    assert response.status_code == 200, response.text
    assert response.json() == {"id": user_id, "is_active": False}
    for server in (client, other):
        assert_problem(await server.get("/api/v1/me", headers=bearer(victim)), 401)
        assert_problem(await server.get("/api/v1/organizations", headers=bearer(victim)), 401)
    assert_problem(await other.post(TOKEN_URL, json={"email": "elu@demo.example", "password": DEMO_PASSWORD}), 401)
    back = await client.post(f"/api/v1/users/{user_id}/reactivate", headers=bearer(admin))
    assert back.json() == {"id": user_id, "is_active": True}
    # Reactivation does not revive the old sessions.
    assert_problem(await other.get("/api/v1/me", headers=bearer(victim)), 401)
    assert (await other.get("/api/v1/me", headers=bearer(await sign_in(other, "elu@demo.example")))).status_code == 200


async def test_only_the_organisations_admin_deactivates(client: Any) -> None:
    user_id = await _user_id("elu@demo.example")
    secretary = await sign_in(client, "secretaire@demo.example")
    assert_problem(await client.post(f"/api/v1/users/{user_id}/deactivate", headers=bearer(secretary)), 403)
    neighbour = await sign_in(client, "admin@voisine.example")
    assert_problem(await client.post(f"/api/v1/users/{user_id}/deactivate", headers=bearer(neighbour)), 404)
    admin = await sign_in(client, "admin@demo.example")
    own = await _user_id("admin@demo.example")
    assert_problem(
        await client.post(f"/api/v1/users/{own}/deactivate", headers=bearer(admin)), 409, "self_deactivation"
    )
    assert_problem(await client.post("/api/v1/users/999999/deactivate", headers=bearer(admin)), 404)


async def test_me_checks_the_session_in_its_one_query(client: Any) -> None:
    """bench/api_overhead.py pins one SQL query per GET /me: the revocation check rides in it."""
    from dialogue.core.db import QUERIES

    token = await sign_in(client, "elu@demo.example")
    before = QUERIES.count
    assert (await client.get("/api/v1/me", headers=bearer(token))).status_code == 200
    assert QUERIES.count - before == 1


async def test_signed_out_token_is_refused_where_the_check_rides_on_the_access_read(client: Any) -> None:
    """Issue 15: on body paths the session check is embedded in the actor's access read (one query, not two);
    a signed-out token is still refused with 401, also for a body that does not exist (not 404)."""
    token = await sign_in(client, "secretaire@demo.example")
    me = (await client.get("/api/v1/me", headers=bearer(token))).json()
    cse = next(m["body_id"] for m in me["memberships"] if m["body_kind"] == "cse")
    registers = (await client.get(f"/api/v1/bodies/{cse}/registers", headers=bearer(token))).json()
    register = registers["items"][0]["id"]
    paths = [
        f"/api/v1/bodies/{cse}/meetings",
        f"/api/v1/bodies/{cse}/registers",
        f"/api/v1/registers/{register}/entries",
        "/api/v1/bodies/999999/meetings",
        "/api/v1/registers/999999/entries",
    ]
    for path in paths[:3]:
        assert (await client.get(path, headers=bearer(token))).status_code == 200, path
    assert (await client.delete(TOKEN_URL, headers=bearer(token))).status_code == 204
    for path in paths:
        body = assert_problem(await client.get(path, headers=bearer(token)), 401, "unauthenticated")
        assert body["detail"] == "Session terminée : reconnectez-vous.", path
