"""Attacks on mailed account links (issue 17): a link read from a database copy or the outbox, a link reused
or used by a deactivated account, an address probed through « Mot de passe oublié », an invitation sent in
another organisation's name. Both engines."""

from __future__ import annotations

from typing import Any

from dialogue.accounts import service as accounts
from dialogue.accounts.rules import token_digest
from dialogue.accounts.tables import AccountToken
from dialogue.auth import service as auth_service
from dialogue.notifications.messages import PERSONAL_LINK
from dialogue.notifications.tables import OutboxMessage
from tests.factories import bearer_headers, make_organization, make_user
from tests.helpers.problems import assert_problem

PASSWORD = "une phrase de passe assez longue"


async def _link(email: str) -> str:
    """The link the outbox holds for `email` (in `secret` until sent: never in the stored text)."""
    row = (
        await OutboxMessage.select(OutboxMessage.secret, OutboxMessage.body_text, OutboxMessage.body_html)
        .where(OutboxMessage.recipient_email == email)
        .order_by(OutboxMessage.id, ascending=False)
        .first()
    )
    assert row is not None and row["secret"]
    assert PERSONAL_LINK in row["body_text"] and row["secret"] not in row["body_text"]
    assert row["secret"] not in (row["body_html"] or "")
    return str(row["secret"]).rsplit("/", 1)[1]


async def test_the_database_keeps_only_a_digest_of_the_link(client: Any, settings: Any) -> None:
    person = await make_user(await make_organization())
    await accounts.request_password_reset(email=person.email, client="198.51.100.7", settings=settings)
    token = await _link(person.email)
    rows = await AccountToken.select(AccountToken.token_hash)
    assert token_digest(token) in {r["token_hash"] for r in rows}
    assert token not in {r["token_hash"] for r in rows}
    answer = await client.post(f"/api/v1/auth/password-reset/{token_digest(token)[:43]}", json={"password": PASSWORD})
    assert_problem(answer, 404)


async def test_a_deactivated_account_gets_no_mail_and_its_link_stops_working(client: Any, settings: Any) -> None:
    org = await make_organization()
    person = await make_user(org)
    await accounts.request_password_reset(email=person.email, client="198.51.100.8", settings=settings)
    token = await _link(person.email)
    await auth_service.set_user_active(actor=org.admin.actor, user_id=person.id, active=False)
    assert_problem(await client.post(f"/api/v1/auth/password-reset/{token}", json={"password": PASSWORD}), 410)
    before = await OutboxMessage.count().where(OutboxMessage.recipient_email == person.email)
    answer = await client.post("/api/v1/auth/password-reset", json={"email": person.email})
    assert answer.status_code == 202
    assert await OutboxMessage.count().where(OutboxMessage.recipient_email == person.email) == before
    signed = await client.post("/api/v1/auth/token", json={"email": person.email, "password": PASSWORD})
    assert signed.status_code == 401


async def test_using_a_link_cancels_every_other_link_of_the_account(client: Any, settings: Any) -> None:
    org = await make_organization()
    admin = bearer_headers(org.admin, secret=settings.secret_key.get_secret_value())
    invited = await client.post(
        f"/api/v1/organizations/{org.id}/invitations",
        json={"email": "yann.le-goff@tilleuls.example", "full_name": "Yann Le Goff"},
        headers=admin,
    )
    assert invited.status_code == 201
    invitation = await _link("yann.le-goff@tilleuls.example")
    await accounts.request_password_reset(
        email="yann.le-goff@tilleuls.example", client="198.51.100.9", settings=settings
    )
    reset = await _link("yann.le-goff@tilleuls.example")
    assert (await client.post(f"/api/v1/auth/password-reset/{reset}", json={"password": PASSWORD})).status_code == 204
    assert_problem(await client.post(f"/api/v1/auth/password-reset/{invitation}", json={"password": "x" * 12}), 410)
    assert_problem(await client.post(f"/api/v1/auth/password-reset/{reset}", json={"password": "y" * 12}), 410)
    signed = await client.post(
        "/api/v1/auth/token", json={"email": "yann.le-goff@tilleuls.example", "password": PASSWORD}
    )
    assert signed.status_code == 200


async def test_an_admin_cannot_invite_into_or_resend_for_another_organisation(client: Any, settings: Any) -> None:
    org, other = await make_organization(), await make_organization()
    stranger = bearer_headers(other.admin, secret=settings.secret_key.get_secret_value())
    pending = await accounts.invite(
        actor=org.admin.actor,
        organization_id=org.id,
        email="pending@tilleuls.example",
        full_name="En attente",
        is_org_admin=False,
        settings=settings,
    )
    count = await OutboxMessage.count()
    assert_problem(await client.post(f"/api/v1/users/{pending.id}/invitation", headers=stranger), 404)
    payload = {"email": "intrus@tilleuls.example", "full_name": "Intrus", "is_org_admin": True}
    answer = await client.post(f"/api/v1/organizations/{org.id}/invitations", json=payload, headers=stranger)
    assert_problem(answer, 404)
    assert await OutboxMessage.count() == count
    assert await auth_service.account_by_email(email="intrus@tilleuls.example") is None
