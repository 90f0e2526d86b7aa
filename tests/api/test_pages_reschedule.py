"""Rescheduling a meeting from its page (`/reunions/{id}/reporter`) and through the API: a reason is required,
the ICS SEQUENCE goes up, the convened members are told (an `update` mail with the reason), the history keeps
it; only the president and the secretary may, another organisation sees 404."""

from __future__ import annotations

from typing import Any

from dialogue.notifications.tables import OutboxMessage
from tests.api.meeting_helpers import cse_id
from tests.api.test_pages import HTML, sign_in
from tests.api.test_pages_meetings import agreed_and_convened, in_days, plan, post


def _form(start: Any, **extra: str) -> dict[str, str]:
    return {
        "day": start.date().isoformat(),
        "start": "09:30",
        "end": "12:00",
        "location": "Salle Les Mimosas, bâtiment B",
        "visio_url": "",
        **extra,
    }


async def test_reschedule_page_needs_a_reason_then_moves_the_meeting_and_tells_the_members(
    client: Any, auth: Any
) -> None:
    secretary = await auth("secretaire@demo.example")
    body = await cse_id(client, secretary)
    meeting = await agreed_and_convened(client, body, in_days(40), ("Point d'information",))
    before = (await client.get(f"/api/v1/meetings/{meeting}", headers=secretary)).json()
    mails_before = await OutboxMessage.count().where(OutboxMessage.kind == "update")

    page = await client.get(f"/reunions/{meeting}", headers=HTML)
    assert f'href="/reunions/{meeting}/reporter"' in page.text
    form_page = await client.get(f"/reunions/{meeting}/reporter", headers=HTML)
    assert form_page.status_code == 200
    assert "Reporter la réunion" in form_page.text and 'value="Salle du conseil, siège"' in form_page.text

    refused = await post(client, f"/reunions/{meeting}/reporter", _form(in_days(45)))
    assert refused.status_code == 422
    assert "Motif du report" in refused.text and "Ce champ est obligatoire." in refused.text
    assert 'value="Salle Les Mimosas, bâtiment B"' in refused.text
    unchanged = (await client.get(f"/api/v1/meetings/{meeting}", headers=secretary)).json()
    assert unchanged["sequence"] == before["sequence"]

    done = await post(
        client, f"/reunions/{meeting}/reporter", _form(in_days(45), reason="Le directeur est en déplacement au siège")
    )
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"/reunions/{meeting}?fait=reportee#historique"
    moved = (await client.get(f"/api/v1/meetings/{meeting}", headers=secretary)).json()
    assert moved["sequence"] == before["sequence"] + 1
    assert moved["location"] == "Salle Les Mimosas, bâtiment B"
    assert moved["starts_at"].startswith(in_days(45).date().isoformat())
    page = await client.get(f"/reunions/{meeting}?fait=reportee", headers=HTML)
    assert "La réunion a été reportée" in page.text
    assert "Réunion reportée" in page.text and "Le directeur est en déplacement au siège" in page.text
    mails = await OutboxMessage.select(OutboxMessage.body_text).where(OutboxMessage.kind == "update")
    assert len(mails) > mails_before
    assert any("Le directeur est en déplacement au siège" in m["body_text"] for m in mails)


async def test_api_reschedule_requires_a_reason_and_keeps_the_place_when_left_out(client: Any, auth: Any) -> None:
    secretary = await auth("secretaire@demo.example")
    body = await cse_id(client, secretary)
    await sign_in(client, "secretaire@demo.example")
    meeting = await plan(client, body, in_days(60))
    start = in_days(62)
    payload = {"starts_at": start.isoformat(), "ends_at": start.replace(hour=17).isoformat()}
    missing = await client.post(f"/api/v1/meetings/{meeting}/reschedule", json=payload, headers=secretary)
    assert missing.status_code == 422
    assert missing.headers["content-type"].startswith("application/problem+json")
    done = await client.post(
        f"/api/v1/meetings/{meeting}/reschedule", json={**payload, "reason": "Salle indisponible"}, headers=secretary
    )
    assert done.status_code == 200, done.text
    assert done.json()["location"] == "Salle du conseil, siège"
    assert done.json()["sequence"] == 1
    history = (await client.get(f"/api/v1/meetings/{meeting}/history", headers=secretary)).json()["items"]
    assert any(h["kind"] == "rescheduled" and h["reason"] == "Salle indisponible" for h in history)
    elu = await auth("elu@demo.example")
    refused = await client.post(
        f"/api/v1/meetings/{meeting}/reschedule", json={**payload, "reason": "Je préfère"}, headers=elu
    )
    assert refused.status_code == 403


async def test_only_the_president_and_the_secretary_reschedule_and_another_organisation_sees_404(
    client: Any, auth: Any
) -> None:
    body = await cse_id(client, await auth("secretaire@demo.example"))
    await sign_in(client, "secretaire@demo.example")
    meeting = await plan(client, body, in_days(70))
    await sign_in(client, "elu@demo.example")
    page = await client.get(f"/reunions/{meeting}", headers=HTML)
    assert f"/reunions/{meeting}/reporter" not in page.text
    assert (await client.get(f"/reunions/{meeting}/reporter", headers=HTML)).status_code == 403
    refused = await post(client, f"/reunions/{meeting}/reporter", _form(in_days(72), reason="Je préfère jeudi"))
    assert refused.status_code == 403
    await sign_in(client, "admin@voisine.example")
    assert (await client.get(f"/reunions/{meeting}/reporter", headers=HTML)).status_code == 404
    assert (await post(client, f"/reunions/{meeting}/reporter", _form(in_days(72), reason="Autre"))).status_code == 404
