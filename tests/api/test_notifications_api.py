"""The outbox for organisation admins, notification preferences, and RFC 8058 one-click unsubscribe."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dialogue.audit.tables import AuditEvent
from dialogue.auth.tables import User
from dialogue.core import events
from dialogue.notifications import messages
from dialogue.notifications.events import NotificationPreferencesChanged, OutboxMessageRetried
from dialogue.notifications.messages import MailContext, Recipient
from dialogue.notifications.rules import Category, unsubscribe_token
from dialogue.notifications.service import enqueue
from dialogue.notifications.tables import NotificationPreference, OutboxMessage
from tests.api.test_foundation import org_id
from tests.helpers import notification_data as data
from tests.helpers.problems import assert_problem

CTX = MailContext(base_url="http://testserver", mail_from="cse@demo.example")


async def user(email: str) -> Recipient:
    row = await User.select(User.id, User.full_name, User.organization).where(User.email == email).first()
    assert row is not None
    return Recipient(email=email, name=row["full_name"], user_id=row["id"])


async def queue_two(client: Any, auth: Any) -> tuple[int, list[int]]:
    """One sent convocation and one dead minutes notice, in the demo organisation."""
    settings = client._transport.app.state.settings  # the app's own, as its subscribers would use
    organization = await org_id(client, await auth("admin@demo.example"))
    elu = await user("elu@demo.example")
    ids = []
    for key, mail in (
        ("convocation:42:elu", messages.render_convocation(CTX, data.convocation(), elu)),
        ("minutes:42:elu", messages.render_minutes_published(CTX, data.minutes_published(), elu)),
    ):
        stored = await enqueue(
            organization_id=organization, recipient=elu, mail=mail, dedupe_key=key, settings=settings
        )
        assert stored is not None
        ids.append(stored.id)
    await OutboxMessage.update({OutboxMessage.status: "sent"}).where(OutboxMessage.id == ids[0])
    await OutboxMessage.update(
        {OutboxMessage.status: "dead", OutboxMessage.attempts: 1, OutboxMessage.last_error: "550 5.1.1 inconnu"}
    ).where(OutboxMessage.id == ids[1])
    return organization, ids


# ---------------------------------------------------------------- outbox (admins)


async def test_admin_lists_the_outbox_and_filters_dead_messages(client: Any, auth: Any) -> None:
    organization, (sent_id, dead_id) = await queue_two(client, auth)
    headers = await auth("admin@demo.example")
    everything = await client.get(f"/api/v1/organizations/{organization}/outbox", headers=headers)
    assert everything.status_code == 200, everything.text
    assert {item["id"] for item in everything.json()["items"]} >= {sent_id, dead_id}
    dead = (await client.get(f"/api/v1/organizations/{organization}/outbox?status=dead", headers=headers)).json()
    assert {item["status"] for item in dead["items"]} == {"dead"}
    assert dead["total"] == len(dead["items"]) == 2  # ours and the demo's bounced notice
    item = next(item for item in dead["items"] if item["id"] == dead_id)
    assert item["last_error"] == "550 5.1.1 inconnu"
    assert item["recipient_email"] == "elu@demo.example"
    assert item["subject"].startswith("PV publié : ")
    assert "body_text" not in item


@pytest.mark.parametrize("email", ["secretaire@demo.example", "direction@demo.example", "elu@demo.example"])
async def test_only_org_admins_see_the_outbox(client: Any, auth: Any, email: str) -> None:
    organization, _ = await queue_two(client, auth)
    response = await client.get(f"/api/v1/organizations/{organization}/outbox", headers=await auth(email))
    assert_problem(response, 403)


async def test_another_organisations_outbox_is_404(client: Any, auth: Any) -> None:
    organization, (_, dead_id) = await queue_two(client, auth)
    neighbour = await auth("admin@voisine.example")
    assert_problem(await client.get(f"/api/v1/organizations/{organization}/outbox", headers=neighbour), 404)
    assert_problem(await client.post(f"/api/v1/outbox/{dead_id}/retry", headers=neighbour), 404)


@pytest.mark.parametrize("query", ["status=lost", "limit=0", "limit=abc", "offset=-1"])
async def test_bad_outbox_filters_are_4xx_naming_the_field(client: Any, auth: Any, query: str) -> None:
    organization, _ = await queue_two(client, auth)
    response = await client.get(
        f"/api/v1/organizations/{organization}/outbox?{query}", headers=await auth("admin@demo.example")
    )
    body = assert_problem(response, 422)
    assert query.split("=")[0] in response.text
    assert body["status"] == response.status_code


async def test_admin_retries_a_dead_message(client: Any, auth: Any) -> None:
    _, (sent_id, dead_id) = await queue_two(client, auth)
    headers = await auth("admin@demo.example")
    response = await client.post(f"/api/v1/outbox/{dead_id}/retry", headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "pending"
    assert response.json()["attempts"] == 0
    assert response.json()["last_error"] == "550 5.1.1 inconnu"  # kept until the next outcome
    body = assert_problem(await client.post(f"/api/v1/outbox/{sent_id}/retry", headers=headers), 409)
    assert body["code"] == "already_sent"
    assert_problem(await client.post("/api/v1/outbox/999999/retry", headers=headers), 404)
    assert_problem(await client.post(f"/api/v1/outbox/{dead_id}/retry", headers=await auth("elu@demo.example")), 403)
    trail = await AuditEvent.select(AuditEvent.action, AuditEvent.before).where(
        (AuditEvent.entity == "outbox_message") & (AuditEvent.entity_id == str(dead_id))
    )
    assert [t["action"] for t in trail] == ["retry"]
    before = trail[0]["before"]
    assert (json.loads(before) if isinstance(before, str) else before)["status"] == "dead"


# ---------------------------------------------------------------- preferences


async def test_preferences_default_to_everything_on(client: Any, auth: Any) -> None:
    response = await client.get("/api/v1/me/notification-preferences", headers=await auth("elu@demo.example"))
    assert response.status_code == 200
    body = response.json()
    assert body["reminders"] is True
    assert body["digests"] is True
    assert any("convocations" in item for item in body["always_sent"])


async def test_user_turns_reminders_off_and_on_again(client: Any, auth: Any) -> None:
    headers = await auth("elu@demo.example")
    off = await client.patch("/api/v1/me/notification-preferences", json={"reminders": False}, headers=headers)
    assert off.status_code == 200, off.text
    assert (off.json()["reminders"], off.json()["digests"]) == (False, True)
    assert (await client.get("/api/v1/me/notification-preferences", headers=headers)).json()["reminders"] is False
    on = await client.patch("/api/v1/me/notification-preferences", json={"reminders": True}, headers=headers)
    assert on.json()["reminders"] is True
    other = await client.get("/api/v1/me/notification-preferences", headers=await auth("secretaire@demo.example"))
    assert other.json()["updated_at"] is None


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"convocations": False}, "convocations"),
        ({"legal_notices": False}, "legal_notices"),
        ({"reminders": "peut-être"}, "reminders"),
        ({"newsletter": False}, "newsletter"),
    ],
)
async def test_mandatory_or_bad_preferences_are_refused_naming_the_field(
    client: Any, auth: Any, payload: dict[str, Any], field: str
) -> None:
    headers = await auth("elu@demo.example")
    response = await client.patch("/api/v1/me/notification-preferences", json=payload, headers=headers)
    body = assert_problem(response, 422)
    assert any(field in error["field"] for error in body["errors"]), body
    assert (await client.get("/api/v1/me/notification-preferences", headers=headers)).json()["reminders"] is True


async def test_preferences_need_authentication(client: Any) -> None:
    assert_problem(await client.get("/api/v1/me/notification-preferences"), 401)
    assert_problem(await client.patch("/api/v1/me/notification-preferences", json={"reminders": False}), 401)


# ---------------------------------------------------------------- one-click unsubscribe (RFC 8058)


def token_for(settings: Any, user_id: int, category: Category = Category.reminder) -> str:
    return unsubscribe_token(user_id=user_id, category=category, key=settings.secret_key.get_secret_value().encode())


async def reminders_on(user_id: int) -> bool:
    row = await NotificationPreference.select().where(NotificationPreference.user == user_id).first()
    return row is None or bool(row["reminders"])


async def test_get_only_shows_a_confirmation_and_post_unsubscribes_without_a_session(
    client: Any, settings: Any
) -> None:
    elu = await user("elu@demo.example")
    assert elu.user_id is not None
    token = token_for(settings, elu.user_id)

    page = await client.get(f"/u/{token}")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "elu@demo.example" in page.text
    assert 'method="post"' in page.text
    assert await reminders_on(elu.user_id)  # a link scanner's GET changes nothing

    done = await client.post(
        f"/u/{token}",
        content="List-Unsubscribe=One-Click",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert done.status_code == 200, done.text
    assert "ne recevrez plus les rappels" in done.text
    assert not await reminders_on(elu.user_id)
    again = await client.post(f"/u/{token}")
    assert again.status_code == 200
    assert not await reminders_on(elu.user_id)


async def test_digests_token_turns_off_digests_only(client: Any, settings: Any) -> None:
    elu = await user("elu@demo.example")
    assert elu.user_id is not None
    assert (await client.post(f"/u/{token_for(settings, elu.user_id, Category.digest)}")).status_code == 200
    row = await NotificationPreference.select().where(NotificationPreference.user == elu.user_id).first()
    assert row is not None
    assert (row["reminders"], row["digests"]) == (True, False)


@pytest.mark.parametrize("method", ["get", "post"])
async def test_forged_or_malformed_unsubscribe_links_are_404(client: Any, settings: Any, method: str) -> None:
    elu = await user("elu@demo.example")
    assert elu.user_id is not None
    genuine = token_for(settings, elu.user_id)
    forged = f"{elu.user_id + 1}.{genuine.split('.', 1)[1]}"
    for token in (forged, "nimportequoi", genuine[:-1] + ("A" if genuine[-1] != "A" else "B")):
        response = await getattr(client, method)(f"/u/{token}")
        assert response.status_code == 404
        assert "invalide" in response.text
    assert await reminders_on(elu.user_id)


async def test_preference_changes_and_retries_emit_domain_events(client: Any, auth: Any, settings: Any) -> None:
    seen: list[Any] = []

    async def collect(event: Any) -> None:
        seen.append(event)

    events.subscribe(NotificationPreferencesChanged, collect)
    events.subscribe(OutboxMessageRetried, collect)
    try:
        _, (_, dead_id) = await queue_two(client, auth)
        headers = await auth("elu@demo.example")
        await client.patch("/api/v1/me/notification-preferences", json={"digests": False}, headers=headers)
        await client.post(f"/api/v1/outbox/{dead_id}/retry", headers=await auth("admin@demo.example"))
        elu = await user("elu@demo.example")
        assert elu.user_id is not None
        await client.post(f"/u/{token_for(settings, elu.user_id)}")
    finally:
        events._subscribers[NotificationPreferencesChanged].remove(collect)
        events._subscribers[OutboxMessageRetried].remove(collect)
    assert [type(e).__name__ for e in seen] == [
        "NotificationPreferencesChanged",
        "OutboxMessageRetried",
        "NotificationPreferencesChanged",
    ]
    assert seen[0].changes == {"digests": False}
    assert seen[1].outbox_id == dead_id
    assert seen[1].previous_status == "dead"
    assert seen[2].changes == {"reminders": False}
    assert seen[2].actor_user_id is None  # the one-click link acts without a session
