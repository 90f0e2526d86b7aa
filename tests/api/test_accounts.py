"""Accounts reached by mail (issue 17): « Mot de passe oublié », invitations, the single-use link that sets a
password, and « Se déconnecter partout ». A real aiosmtpd server receives the mails; both engines."""

from __future__ import annotations

import random
import re
from datetime import timedelta
from email.message import EmailMessage
from typing import Any

import pytest

from dialogue.accounts.rules import token_digest
from dialogue.accounts.tables import AccountToken
from dialogue.core.clock import utcnow
from dialogue.notifications.tables import OutboxMessage
from dialogue.notifications.worker import SmtpConfig, Worker
from tests.factories import PASSWORD, bearer_headers, make_organization, make_user
from tests.helpers.smtp import SmtpServer, smtp_server

__all__ = ["smtp_server"]

NEW_PASSWORD = "un cheval bleu dans la prairie"
LINK = re.compile(r"https?://[^\s\"<>]+/mot-de-passe/([A-Za-z0-9_-]{43})")


async def deliver(settings: Any, server: SmtpServer) -> list[EmailMessage]:
    """Run the worker once against the real SMTP server; the messages it received so far."""
    smtp = SmtpConfig(hostname="127.0.0.1", port=server.port, use_tls=False, timeout=5)
    worker = Worker(settings=settings, smtp=smtp, clock=lambda: utcnow() + timedelta(minutes=1), rand=random.Random(3))
    await worker.run_once()
    return server.sink.messages


def link_in(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    found = LINK.search(body.get_content())
    assert found, body.get_content()
    return found.group(1)


async def sign_in_api(client: Any, email: str, password: str) -> int:
    return int((await client.post("/api/v1/auth/token", json={"email": email, "password": password})).status_code)


async def test_forgotten_password_mails_a_single_use_link_and_says_nothing_of_unknown_addresses(
    client: Any, settings: Any, smtp_server: SmtpServer
) -> None:
    org = await make_organization()
    person = await make_user(org, full_name="Nadia Benali")
    session = bearer_headers(person, secret=settings.secret_key.get_secret_value())
    assert (await client.get("/api/v1/me", headers=session)).status_code == 200

    known = await client.post("/api/v1/auth/password-reset", json={"email": person.email.upper()})
    unknown = await client.post("/api/v1/auth/password-reset", json={"email": "personne@nulle-part.example"})
    assert known.status_code == unknown.status_code == 202
    assert known.content == unknown.content

    (mail,) = await deliver(settings, smtp_server)
    assert mail["To"].addresses[0].addr_spec == person.email
    assert "mot de passe" in str(mail["Subject"]).lower()
    token = link_in(mail)
    stored = await AccountToken.select().where(AccountToken.token_hash == token_digest(token)).first()
    assert stored is not None and stored["purpose"] == "reset"
    assert not await AccountToken.exists().where(AccountToken.token_hash == token), "only the digest is stored"
    assert not await OutboxMessage.exists().where(OutboxMessage.secret.is_not_null()), "link wiped once sent"
    assert token not in (await OutboxMessage.select(OutboxMessage.body_text).first() or {}).get("body_text", "")

    short = await client.post(f"/api/v1/auth/password-reset/{token}", json={"password": "court"})
    assert short.status_code == 422
    done = await client.post(f"/api/v1/auth/password-reset/{token}", json={"password": NEW_PASSWORD})
    assert done.status_code == 204
    again = await client.post(f"/api/v1/auth/password-reset/{token}", json={"password": NEW_PASSWORD + "!"})
    assert again.status_code == 410
    assert again.headers["content-type"].startswith("application/problem+json")

    assert (await client.get("/api/v1/me", headers=session)).status_code == 401, "every session ended"
    assert await sign_in_api(client, person.email, PASSWORD) == 401
    assert await sign_in_api(client, person.email, NEW_PASSWORD) == 200


async def test_a_newer_link_cancels_the_older_an_expired_or_invented_one_is_refused(
    client: Any, settings: Any, smtp_server: SmtpServer
) -> None:
    org = await make_organization()
    person = await make_user(org)
    for _ in range(2):
        assert (await client.post("/api/v1/auth/password-reset", json={"email": person.email})).status_code == 202
    first, second = (link_in(m) for m in await deliver(settings, smtp_server))
    assert first != second
    assert (
        await client.post(f"/api/v1/auth/password-reset/{first}", json={"password": NEW_PASSWORD})
    ).status_code == 410
    await AccountToken.update({AccountToken.expires_at: utcnow() - timedelta(seconds=1)}).where(
        AccountToken.token_hash == token_digest(second)
    )
    assert (
        await client.post(f"/api/v1/auth/password-reset/{second}", json={"password": NEW_PASSWORD})
    ).status_code == 410
    invented = "A" * 43
    assert (
        await client.post(f"/api/v1/auth/password-reset/{invented}", json={"password": NEW_PASSWORD})
    ).status_code == 404
    assert (await client.post("/api/v1/auth/password-reset/x", json={"password": NEW_PASSWORD})).status_code == 404
    assert await sign_in_api(client, person.email, PASSWORD) == 200


async def test_reset_requests_are_throttled_like_sign_in(client: Any) -> None:
    statuses = [
        (await client.post("/api/v1/auth/password-reset", json={"email": "rafale@nulle-part.example"})).status_code
        for _ in range(7)
    ]
    assert statuses[:5] == [202] * 5
    assert statuses[-1] == 429
    assert (await client.post("/api/v1/auth/password-reset", json={"email": "pas-une-adresse"})).status_code == 422


async def test_an_admin_invites_a_person_who_sets_a_password_and_signs_in(
    client: Any, settings: Any, smtp_server: SmtpServer
) -> None:
    org = await make_organization(name="Association Les Tilleuls (test)")
    admin = bearer_headers(org.admin, secret=settings.secret_key.get_secret_value())
    invited = await client.post(
        f"/api/v1/organizations/{org.id}/invitations",
        json={"email": "Claire.Morel@tilleuls.example", "full_name": "Claire Morel"},
        headers=admin,
    )
    assert invited.status_code == 201, invited.text
    account = invited.json()
    assert account["email"] == "claire.morel@tilleuls.example"
    assert account["has_password"] is False and account["is_active"] is True
    duplicate = await client.post(
        f"/api/v1/organizations/{org.id}/invitations",
        json={"email": "claire.morel@tilleuls.example", "full_name": "Claire Morel"},
        headers=admin,
    )
    assert duplicate.status_code == 409

    resent = await client.post(f"/api/v1/users/{account['id']}/invitation", headers=admin)
    assert resent.status_code == 200
    first, second = await deliver(settings, smtp_server)
    assert "Association Les Tilleuls (test)" in str(first["Subject"])
    assert "Admin Association Les Tilleuls (test)" in first.get_body(preferencelist=("plain",)).get_content()
    assert (
        await client.post(f"/api/v1/auth/password-reset/{link_in(first)}", json={"password": NEW_PASSWORD})
    ).status_code == 410, "the resent invitation cancels the first link"
    assert (
        await client.post(f"/api/v1/auth/password-reset/{link_in(second)}", json={"password": NEW_PASSWORD})
    ).status_code == 204
    assert await sign_in_api(client, "claire.morel@tilleuls.example", NEW_PASSWORD) == 200
    listed = await client.get(f"/api/v1/organizations/{org.id}/users", headers=admin)
    assert {a["email"]: a["has_password"] for a in listed.json()}["claire.morel@tilleuls.example"] is True
    again = await client.post(f"/api/v1/users/{account['id']}/invitation", headers=admin)
    assert again.status_code == 409


async def test_invitations_belong_to_the_organisations_admins(client: Any, settings: Any) -> None:
    org, other = await make_organization(), await make_organization()
    secret = settings.secret_key.get_secret_value()
    member = bearer_headers(await make_user(org), secret=secret)
    stranger = bearer_headers(other.admin, secret=secret)
    payload = {"email": "x@tilleuls.example", "full_name": "X"}
    assert (
        await client.post(f"/api/v1/organizations/{org.id}/invitations", json=payload, headers=member)
    ).status_code == 403
    assert (
        await client.post(f"/api/v1/organizations/{org.id}/invitations", json=payload, headers=stranger)
    ).status_code == 404
    assert (await client.get(f"/api/v1/organizations/{org.id}/users", headers=member)).status_code == 403
    assert (await client.get(f"/api/v1/organizations/{org.id}/users", headers=stranger)).status_code == 404
    assert (await client.post(f"/api/v1/users/{org.admin.id}/invitation", headers=stranger)).status_code == 404
    assert (await client.post(f"/api/v1/users/{org.admin.id}/invitation", headers=member)).status_code == 403


async def test_sign_out_everywhere_ends_every_session_of_the_account_only(client: Any, settings: Any) -> None:
    org = await make_organization()
    secret = settings.secret_key.get_secret_value()
    person, neighbour = await make_user(org), await make_user(org)
    phone, laptop = bearer_headers(person, secret=secret), bearer_headers(person, secret=secret, ttl=7200)
    other = bearer_headers(neighbour, secret=secret)
    assert (await client.delete("/api/v1/me/sessions", headers=phone)).status_code == 204
    assert (await client.get("/api/v1/me", headers=phone)).status_code == 401
    assert (await client.get("/api/v1/me", headers=laptop)).status_code == 401
    assert (await client.get("/api/v1/me", headers=other)).status_code == 200
    assert await sign_in_api(client, person.email, PASSWORD) == 200


@pytest.mark.parametrize("path", ["/api/v1/auth/password-reset", "/api/v1/auth/password-reset/" + "A" * 43])
async def test_bad_bodies_are_problems(client: Any, path: str) -> None:
    answer = await client.post(path, content=b"{", headers={"content-type": "application/json"})
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("application/problem+json")
