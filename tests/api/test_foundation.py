"""The foundation over HTTP: auth, isolation, errors in problem+json, audit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from dialogue.auth.security import issue_token
from dialogue.core.clock import utcnow
from tests.helpers.problems import assert_problem

DEMO_ACCOUNTS = {
    "secretaire@demo.example": "secretary",
    "direction@demo.example": "president",
    "elu@demo.example": "titular",
    "gouvernance@demo.example": "guest",
    "admin@demo.example": None,
}


async def org_id(client: Any, headers: dict[str, str]) -> int:
    return int((await client.get("/api/v1/me", headers=headers)).json()["organization_id"])


async def test_health_and_ready_answer(client: Any) -> None:
    assert (await client.get("/health")).json() == {"status": "ok"}
    assert (await client.get("/ready")).status_code == 200


async def test_openapi_schema_is_served(client: Any) -> None:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    assert "/api/v1/auth/token" in schema["paths"]


@pytest.mark.parametrize("email", sorted(DEMO_ACCOUNTS))
async def test_demo_accounts_log_in_and_see_their_roles(client: Any, email: str) -> None:
    response = await client.post("/api/v1/auth/token", json={"email": email, "password": "demo-password"})
    assert response.status_code == 200, response.text
    token = response.json()
    assert token["token_type"] == "bearer"
    assert token["expires_in"] > 0
    me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token['access_token']}"})
    assert me.status_code == 200
    body = me.json()
    assert body["email"] == email
    roles = {m["role"] for m in body["memberships"]}
    expected = DEMO_ACCOUNTS[email]
    if expected:
        assert expected in roles
    else:
        assert body["is_org_admin"] is True


async def test_login_is_case_insensitive_on_email(client: Any) -> None:
    response = await client.post(
        "/api/v1/auth/token", json={"email": "Secretaire@Demo.Example", "password": "demo-password"}
    )
    assert response.status_code == 200


async def test_wrong_password_is_401_then_429_after_repeated_failures(client: Any) -> None:
    payload = {"email": "elu@demo.example", "password": "wrong"}
    for _ in range(5):
        assert_problem(await client.post("/api/v1/auth/token", json=payload), 401)
    body = assert_problem(await client.post("/api/v1/auth/token", json=payload), 429)
    assert body["code"] == "too_many_requests"
    # Even the right password is refused while the address is throttled.
    ok = {"email": "elu@demo.example", "password": "demo-password"}
    response = await client.post("/api/v1/auth/token", json=ok)
    assert_problem(response, 429)
    assert "retry-after" in response.headers


async def test_unknown_email_is_401_without_saying_so(client: Any) -> None:
    body = assert_problem(
        await client.post("/api/v1/auth/token", json={"email": "nobody@demo.example", "password": "x"}), 401
    )
    assert body["detail"] == "Adresse ou mot de passe incorrect."


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": "Basic abc"},
        {"Authorization": "Bearer " + issue_token(user_id=1, organization_id=1, secret="forged", now=utcnow(), ttl=60)},
    ],
    ids=["missing", "garbage", "wrong-scheme", "forged"],
)
async def test_missing_or_forged_tokens_are_401(client: Any, headers: dict[str, str]) -> None:
    assert_problem(await client.get("/api/v1/me", headers=headers), 401)


async def test_expired_token_is_401(client: Any, settings: Any) -> None:
    token = issue_token(
        user_id=1,
        organization_id=1,
        secret=settings.secret_key.get_secret_value(),
        now=utcnow() - timedelta(hours=10),
        ttl=60,
    )
    assert_problem(await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}), 401)


async def test_malformed_json_is_400(client: Any) -> None:
    response = await client.post(
        "/api/v1/auth/token", content=b'{"email": "x@y.fr", "password":', headers={"content-type": "application/json"}
    )
    assert_problem(response, 400)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email": 12, "password": "x"}, "email"),
        ({"email": "sans-arobase", "password": "x"}, "email"),
        ({"email": "a@b.fr", "password": "x", "admin": True}, "admin"),
        ({"email": "a@b.fr"}, "password"),
        ({"email": "a@b.fr", "password": ""}, "password"),
    ],
    ids=["wrong-type", "no-at", "unknown-field", "missing", "empty"],
)
async def test_bad_login_input_is_422_naming_the_field(client: Any, payload: dict[str, Any], field: str) -> None:
    body = assert_problem(await client.post("/api/v1/auth/token", json=payload), 422)
    assert field in {e["field"] for e in body["errors"]}


async def test_unknown_route_and_wrong_method_are_problems(client: Any, auth: Any) -> None:
    headers = await auth("admin@demo.example")
    assert_problem(await client.get("/api/v1/does-not-exist", headers=headers), 404)
    assert_problem(await client.delete("/api/v1/me", headers=headers), 405)


async def test_ten_megabyte_body_is_refused(client: Any, auth: Any) -> None:
    headers = await auth("admin@demo.example")
    oid = await org_id(client, headers)
    response = await client.patch(
        f"/api/v1/organizations/{oid}", headers=headers, json={"name": "x" * (10 * 1024 * 1024)}
    )
    assert_problem(response, 413)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"headcount": -5}, "headcount"),
        ({"headcount": 10**12}, "headcount"),
        ({"headcount": "beaucoup"}, "headcount"),
        ({"name": ""}, "name"),
        ({"name": "x" * 5000}, "name"),
    ],
)
async def test_bad_organization_updates_are_422_and_change_nothing(
    client: Any, auth: Any, payload: dict[str, Any], field: str
) -> None:
    headers = await auth("admin@demo.example")
    oid = await org_id(client, headers)
    before = (await client.get(f"/api/v1/organizations/{oid}", headers=headers)).json()
    body = assert_problem(await client.patch(f"/api/v1/organizations/{oid}", headers=headers, json=payload), 422)
    assert field in {e["field"] for e in body["errors"]}
    assert (await client.get(f"/api/v1/organizations/{oid}", headers=headers)).json() == before


async def test_headcount_selects_the_regime(client: Any, auth: Any) -> None:
    headers = await auth("admin@demo.example")
    oid = await org_id(client, headers)
    org = (await client.get(f"/api/v1/organizations/{oid}", headers=headers)).json()
    assert org["headcount"] == 320
    assert org["regime"]["code"] == "300_plus"
    assert org["regime"]["cssct_mandatory"] is True
    org = (await client.patch(f"/api/v1/organizations/{oid}", headers=headers, json={"headcount": 49})).json()
    assert org["regime"]["code"] == "11_49"
    assert org["regime"]["full_remit"] is False


async def test_only_admins_update_the_organization(client: Any, auth: Any) -> None:
    headers = await auth("secretaire@demo.example")
    oid = await org_id(client, headers)
    assert_problem(await client.patch(f"/api/v1/organizations/{oid}", headers=headers, json={"headcount": 10}), 403)


async def test_other_organization_is_404_everywhere(client: Any, auth: Any) -> None:
    neighbour = await auth("admin@voisine.example")
    demo = await auth("admin@demo.example")
    demo_org = await org_id(client, demo)
    demo_bodies = (await client.get(f"/api/v1/organizations/{demo_org}/bodies", headers=demo)).json()["items"]
    cse = demo_bodies[0]["id"]
    assert_problem(await client.get(f"/api/v1/organizations/{demo_org}", headers=neighbour), 404)
    assert_problem(await client.get(f"/api/v1/organizations/{demo_org}/bodies", headers=neighbour), 404)
    assert_problem(await client.get(f"/api/v1/bodies/{cse}", headers=neighbour), 404)
    assert_problem(await client.get(f"/api/v1/bodies/{cse}/members", headers=neighbour), 404)
    assert_problem(
        await client.post(
            f"/api/v1/bodies/{cse}/members",
            headers=neighbour,
            json={"email": "intrus@voisine.example", "college": "elus", "role": "titular"},
        ),
        404,
    )
    assert_problem(await client.get("/api/v1/bodies/999999", headers=demo), 404)


async def _cse(client: Any, headers: dict[str, str]) -> dict[str, Any]:
    oid = await org_id(client, headers)
    bodies = (await client.get(f"/api/v1/organizations/{oid}/bodies", headers=headers)).json()["items"]
    return next(b for b in bodies if b["kind"] == "cse")


async def test_admin_creates_body_and_members_with_validation(client: Any, auth: Any) -> None:
    admin = await auth("admin@demo.example")
    oid = await org_id(client, admin)
    body = await client.post(
        f"/api/v1/organizations/{oid}/bodies",
        headers=admin,
        json={"name": "CSE d'établissement IME", "kind": "cse", "ordinary_meetings_per_year": 8},
    )
    assert body.status_code == 201, body.text
    body_id = body.json()["id"]
    assert_problem(
        await client.post(f"/api/v1/organizations/{oid}/bodies", headers=admin, json={"name": "X", "kind": "soviet"}),
        422,
    )
    assert_problem(
        await client.post(
            f"/api/v1/organizations/{oid}/bodies",
            headers=admin,
            json={"name": "X", "kind": "cse", "ordinary_meetings_per_year": 4},
        ),
        422,
    )
    titular = await client.post(
        f"/api/v1/bodies/{body_id}/members",
        headers=admin,
        json={
            "email": "Nouvelle.Elue@demo.example",
            "full_name": "Nouvelle Élue",
            "college": "elus",
            "role": "titular",
        },
    )
    assert titular.status_code == 201, titular.text
    assert titular.json()["email"] == "nouvelle.elue@demo.example"
    tid = titular.json()["id"]
    # The same person twice: 409.
    again = await client.post(
        f"/api/v1/bodies/{body_id}/members",
        headers=admin,
        json={"email": "nouvelle.elue@DEMO.example", "college": "elus", "role": "titular"},
    )
    assert_problem(again, 409)
    first = await client.post(
        f"/api/v1/bodies/{body_id}/members",
        headers=admin,
        json={"email": "suppleant1@demo.example", "college": "elus", "role": "substitute", "substitute_for": tid},
    )
    assert first.status_code == 201, first.text
    second = await client.post(
        f"/api/v1/bodies/{body_id}/members",
        headers=admin,
        json={"email": "suppleant2@demo.example", "college": "elus", "role": "substitute", "substitute_for": tid},
    )
    assert_problem(second, 409)
    # President must be in the direction college.
    assert_problem(
        await client.post(
            f"/api/v1/bodies/{body_id}/members",
            headers=admin,
            json={"email": "x@demo.example", "college": "elus", "role": "president"},
        ),
        422,
    )
    # Unknown enum, bad date, user of another organisation.
    assert_problem(
        await client.post(
            f"/api/v1/bodies/{body_id}/members",
            headers=admin,
            json={"email": "y@demo.example", "college": "x", "role": "titular"},
        ),
        422,
    )
    assert_problem(
        await client.post(
            f"/api/v1/bodies/{body_id}/members",
            headers=admin,
            json={"email": "y@demo.example", "college": "elus", "role": "titular", "mandate_start": "18/03/2024"},
        ),
        422,
    )
    neighbour_admin = (await client.get("/api/v1/me", headers=await auth("admin@voisine.example"))).json()["id"]
    assert_problem(
        await client.post(
            f"/api/v1/bodies/{body_id}/members",
            headers=admin,
            json={"user_id": neighbour_admin, "college": "elus", "role": "titular"},
        ),
        404,
    )
    assert_problem(
        await client.post(
            f"/api/v1/bodies/{body_id}/members",
            headers=admin,
            json={"email": "admin@voisine.example", "college": "elus", "role": "titular"},
        ),
        409,
    )
    members = (await client.get(f"/api/v1/bodies/{body_id}/members", headers=admin)).json()
    assert members["total"] == 2


async def test_sql_looking_strings_are_stored_verbatim(client: Any, auth: Any) -> None:
    admin = await auth("admin@demo.example")
    oid = await org_id(client, admin)
    name = "Robert'); DROP TABLE body;--"
    created = await client.post(
        f"/api/v1/organizations/{oid}/bodies", headers=admin, json={"name": name, "kind": "board"}
    )
    assert created.status_code == 201
    fetched = await client.get(f"/api/v1/bodies/{created.json()['id']}", headers=admin)
    assert fetched.json()["name"] == name
    assert (await client.get(f"/api/v1/organizations/{oid}/bodies", headers=admin)).status_code == 200


async def test_members_read_their_body_but_only_admins_manage_it(client: Any, auth: Any) -> None:
    elu = await auth("elu@demo.example")
    cse = await _cse(client, elu)
    members = await client.get(f"/api/v1/bodies/{cse['id']}/members", headers=elu)
    assert members.status_code == 200
    roles = {m["role"] for m in members.json()["items"]}
    assert {"president", "secretary", "titular", "substitute", "union_representative"} <= roles
    assert_problem(
        await client.post(
            f"/api/v1/bodies/{cse['id']}/members",
            headers=elu,
            json={"email": "z@demo.example", "college": "elus", "role": "titular"},
        ),
        403,
    )
    board_member = await auth("gouvernance@demo.example")
    assert_problem(await client.get(f"/api/v1/bodies/{cse['id']}/members", headers=board_member), 403)


async def test_every_write_is_audited_and_audit_is_admin_only(client: Any, auth: Any) -> None:
    admin = await auth("admin@demo.example")
    oid = await org_id(client, admin)
    await client.patch(f"/api/v1/organizations/{oid}", headers=admin, json={"headcount": 321})
    audit = await client.get(f"/api/v1/organizations/{oid}/audit", headers=admin)
    assert audit.status_code == 200
    event = audit.json()["items"][0]
    assert event["action"] == "update"
    assert event["entity"] == "organization"
    assert event["before"] == {"headcount": 320}
    assert event["after"] == {"headcount": 321}
    assert event["actor"] is not None
    assert event["at"]
    assert_problem(
        await client.get(f"/api/v1/organizations/{oid}/audit", headers=await auth("direction@demo.example")), 403
    )


async def test_unexpected_error_is_500_problem_with_request_id(client: Any, auth: Any, monkeypatch: Any) -> None:
    from dialogue.auth import service

    async def broken(**_: Any) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(service, "me", broken)
    response = await client.get("/api/v1/me", headers=await auth("admin@demo.example"))
    body = assert_problem(response, 500)
    assert body["request_id"] == response.headers["x-request-id"]
    assert "secret internal detail" not in response.text
