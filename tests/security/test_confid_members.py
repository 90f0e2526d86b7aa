"""Issue 13 — an organisation admin cannot seat itself, and every change of a body's members is seen.

Attack: the admin (who manages bodies but does not act in a body's name) adds its own account to the CSE as
president or secretary, or changes the role of a seat it holds, and nobody in the body notices. Now: 403 and
nothing stored; any addition, change or removal of a member is notified to the body's president and
secretary (outbox) and listed on the body's history page, visible to its members.
"""

from __future__ import annotations

from typing import Any

from dialogue.audit.tables import AuditEvent
from dialogue.auth.tables import User
from dialogue.bodies.tables import Member
from dialogue.core.clock import utcnow
from dialogue.notifications.tables import OutboxMessage
from tests.api.meeting_helpers import cse_id, members
from tests.api.test_pages import HTML, sign_in
from tests.helpers.problems import assert_problem

SELF = "self_appointment"


async def _me(client: Any, headers: dict[str, str]) -> dict[str, Any]:
    return dict((await client.get("/api/v1/me", headers=headers)).json())


async def _counts() -> tuple[int, int, int]:
    return await Member.count(), await AuditEvent.count(), await OutboxMessage.count()


async def _board_recipients(client: Any, headers: dict[str, str], body: int) -> set[str]:
    seats = await members(client, headers, body)
    return {email for email, m in seats.items() if m["role"] in {"president", "secretary", "deputy_secretary"}}


async def _member_change_mails(since: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await (
        OutboxMessage.select(OutboxMessage.recipient_email, OutboxMessage.subject, OutboxMessage.body_text)
        .where((OutboxMessage.kind == "member_changed") & (OutboxMessage.id > since))
        .order_by(OutboxMessage.id)
    )
    return rows


async def _last_outbox_id() -> int:
    row = await OutboxMessage.select(OutboxMessage.id).order_by(OutboxMessage.id, ascending=False).first()
    return int(row["id"]) if row else 0


async def test_admin_cannot_give_itself_a_seat_by_id_or_by_address(client: Any, auth: Any) -> None:
    admin = await auth("admin@demo.example")
    me = await _me(client, admin)
    cse = await cse_id(client, await auth("secretaire@demo.example"))
    before = await _counts()
    for who in ({"user_id": me["id"]}, {"email": "Admin@Demo.Example"}):
        response = await client.post(
            f"/api/v1/bodies/{cse}/members", headers=admin, json={**who, "college": "elus", "role": "titular"}
        )
        problem = assert_problem(response, 403, SELF)
        assert "administrateur de l'organisation ne peut pas s'attribuer un siège" in problem["detail"]
    assert await _counts() == before  # no seat, no audit row, no message


async def test_admin_cannot_change_its_own_seat_but_another_admin_can(client: Any, auth: Any) -> None:
    admin = await auth("admin@demo.example")
    me = await _me(client, admin)
    cse = await cse_id(client, await auth("secretaire@demo.example"))
    other = User(
        organization=me["organization_id"],
        email="admin2@demo.example",
        full_name="Second Administrateur",
        is_org_admin=True,
        created_at=utcnow(),
    )
    await other.save()
    second = await auth("admin2@demo.example")
    seated = await client.post(
        f"/api/v1/bodies/{cse}/members",
        headers=second,
        json={"user_id": me["id"], "college": "gouvernance", "role": "guest"},
    )
    assert seated.status_code == 201, seated.text
    seat = seated.json()

    before = await _counts()
    for change in ({"role": "secretary", "college": "elus"}, {"mandate_end": "2031-12-31"}):
        assert_problem(await client.patch(f"/api/v1/members/{seat['id']}", headers=admin, json=change), 403, SELF)
    assert await _counts() == before
    row = await Member.select(Member.role, Member.mandate_end).where(Member.id == seat["id"]).first()
    assert row == {"role": "guest", "mandate_end": None}

    removed = await client.delete(f"/api/v1/members/{seat['id']}", headers=second)
    assert removed.status_code == 204, removed.text


async def test_every_member_change_is_mailed_to_president_and_secretary(client: Any, auth: Any) -> None:
    admin = await auth("admin@demo.example")
    cse = await cse_id(client, await auth("secretaire@demo.example"))
    board = await _board_recipients(client, admin, cse)
    assert {"direction@demo.example", "secretaire@demo.example"} <= board

    mark = await _last_outbox_id()
    added = await client.post(
        f"/api/v1/bodies/{cse}/members",
        headers=admin,
        json={
            "email": "nouvel.elu@demo.example",
            "full_name": "Nadia Nouvel",
            "college": "elus",
            "role": "substitute",
            "union_name": "CGT",
        },
    )
    assert added.status_code == 201, added.text
    mails = await _member_change_mails(mark)
    assert {m["recipient_email"] for m in mails} == board
    assert len(mails) == len(board)
    first = mails[0]
    assert first["subject"].endswith("Composition de l'instance : ajout d'un membre (Nadia Nouvel)")
    assert "Siège attribué : suppléant (Élus), CGT" in first["body_text"]
    admin_name = (await _me(client, admin))["full_name"]
    assert f"{admin_name} a modifié la composition de l'instance" in first["body_text"]

    mark = await _last_outbox_id()
    changed = await client.patch(
        f"/api/v1/members/{added.json()['id']}",
        headers=admin,
        json={"role": "titular", "mandate_end": "2030-06-30"},
    )
    assert changed.status_code == 200, changed.text
    mails = await _member_change_mails(mark)
    assert {m["recipient_email"] for m in mails} == board
    assert "Rôle : suppléant → titulaire" in mails[0]["body_text"]
    assert "Fin du mandat : — → 30/06/2030" in mails[0]["body_text"]

    mark = await _last_outbox_id()
    assert (await client.delete(f"/api/v1/members/{added.json()['id']}", headers=admin)).status_code == 204
    mails = await _member_change_mails(mark)
    assert {m["recipient_email"] for m in mails} == board
    assert "Siège retiré : titulaire (Élus), CGT, mandat jusqu'au 30/06/2030" in mails[0]["body_text"]


async def test_a_secretary_who_loses_the_seat_is_told_too(client: Any, auth: Any) -> None:
    admin = await auth("admin@demo.example")
    cse = await cse_id(client, await auth("secretaire@demo.example"))
    seats = await members(client, admin, cse)
    secretary = seats["secretaire@demo.example"]
    mark = await _last_outbox_id()
    assert (await client.delete(f"/api/v1/members/{secretary['id']}", headers=admin)).status_code == 204
    recipients = {m["recipient_email"] for m in await _member_change_mails(mark)}
    assert {"secretaire@demo.example", "direction@demo.example"} <= recipients


async def test_member_changes_appear_on_the_body_history_for_its_members(client: Any, auth: Any) -> None:
    admin = await auth("admin@demo.example")
    admin_name = (await _me(client, admin))["full_name"]
    cse = await cse_id(client, await auth("secretaire@demo.example"))
    added = await client.post(
        f"/api/v1/bodies/{cse}/members",
        headers=admin,
        json={"email": "historique@demo.example", "full_name": "Hugo Historique", "college": "elus", "role": "titular"},
    )
    assert added.status_code == 201, added.text
    patched = await client.patch(
        f"/api/v1/members/{added.json()['id']}", headers=admin, json={"role": "substitute", "mandate_end": "2029-01-31"}
    )
    assert patched.status_code == 200, patched.text

    history = await client.get(f"/api/v1/bodies/{cse}/history", headers=await auth("elu@demo.example"))
    assert history.status_code == 200, history.text
    latest = history.json()["items"][:2]
    assert [c["action"] for c in latest] == ["update", "create"]
    assert all(c["member_name"] == "Hugo Historique" and c["actor_name"] == admin_name for c in latest)
    assert latest[1]["lines"] == ["Siège attribué : titulaire (Élus)"]
    assert latest[0]["lines"] == ["Rôle : titulaire → suppléant", "Fin du mandat : — → 31/01/2029"]

    await sign_in(client, "elu@demo.example")
    page = await client.get(f"/instances/{cse}/historique", headers=HTML)
    assert page.status_code == 200
    assert "Historique des membres" in page.text
    assert "Hugo Historique" in page.text and "Siège attribué : titulaire (Élus)" in page.text
    assert admin_name in page.text and "Rôle : titulaire → suppléant" in page.text
    body_page = await client.get(f"/instances/{cse}", headers=HTML)
    assert f'href="/instances/{cse}/historique"' in body_page.text


async def test_history_is_404_to_another_organisation(client: Any, auth: Any) -> None:
    cse = await cse_id(client, await auth("secretaire@demo.example"))
    assert_problem(await client.get(f"/api/v1/bodies/{cse}/history", headers=await auth("admin@voisine.example")), 404)


async def test_history_is_refused_to_someone_outside_the_body(client: Any, auth: Any) -> None:
    cse = await cse_id(client, await auth("secretaire@demo.example"))
    outsider = await auth("gouvernance@demo.example")
    assert all(m["body_id"] != cse for m in (await _me(client, outsider))["memberships"])
    assert_problem(await client.get(f"/api/v1/bodies/{cse}/history", headers=outsider), 403)
