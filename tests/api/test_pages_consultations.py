"""Consultation pages: the final deemed opinion (L2312-16), the expertise challenged in court and the judgment
(L2315-86), no deemed opinion below 50 (R2312-6), the CSSCT refused (L2315-38), the agreed-delay floor."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from dialogue.core.clock import local_today
from tests.api.consultation_helpers import SMALL_PRESIDENT, body_of_kind, small_cse
from tests.api.meeting_helpers import cse_id
from tests.api.test_pages import HTML, sign_in
from tests.api.test_pages_meetings import post


async def test_consultations_page_shows_final_and_suspended_states_and_records_the_judgment(
    client: Any, auth: Any
) -> None:
    headers = await auth("direction@demo.example")
    body = await cse_id(client, headers)
    items = (await client.get(f"/api/v1/bodies/{body}/consultations", headers=headers)).json()["items"]
    suspended = next(c for c in items if c["status"] == "suspended")

    await sign_in(client, "elu@demo.example")
    page = await client.get(f"/instances/{body}/consultations", headers=HTML)
    assert page.status_code == 200
    assert "Avis réputé négatif — définitif (L2312-16)" in page.text
    assert "Délai suspendu (L2315-86)" in page.text
    assert "Expertise contestée en justice le" in page.text and "jugement attendu" in page.text
    assert f'action="/consultations/{suspended["id"]}/jugement"' not in page.text
    refused = await post(
        client, f"/consultations/{suspended['id']}/jugement", {"judgment_on": local_today().isoformat()}
    )
    assert refused.status_code == 403

    await sign_in(client, "direction@demo.example")
    page = await client.get(f"/instances/{body}/consultations", headers=HTML)
    assert f'action="/consultations/{suspended["id"]}/jugement"' in page.text
    early = await post(client, f"/consultations/{suspended['id']}/jugement", {"judgment_on": "2000-01-01"})
    assert early.status_code == 409
    assert "L2315-86" in early.text
    done = await post(client, f"/consultations/{suspended['id']}/jugement", {"judgment_on": local_today().isoformat()})
    assert done.status_code == 303
    assert done.headers["location"] == f"/instances/{body}/consultations?fait=jugement"
    page = await client.get(done.headers["location"], headers=HTML)
    assert "Le jugement est enregistré : le délai reprend pour les jours qui restaient." in page.text
    assert "jugement notifié le" in page.text


async def test_the_director_records_a_challenge_from_the_page(client: Any, auth: Any) -> None:
    headers = await auth("direction@demo.example")
    body = await cse_id(client, headers)
    designated = local_today() - timedelta(days=2)
    created = await client.post(
        f"/api/v1/bodies/{body}/consultations",
        headers=headers,
        json={
            "subject": "Nouveau logiciel de planification",
            "kind": "ponctual",
            "informed_on": (local_today() - timedelta(days=5)).isoformat(),
            "expert_appointed": True,
            "expert_appointed_on": designated.isoformat(),
        },
    )
    assert created.status_code == 201, created.text
    cid = created.json()["id"]
    await sign_in(client, "direction@demo.example")
    late = await post(
        client, f"/consultations/{cid}/contestation", {"filed_on": (designated - timedelta(days=1)).isoformat()}
    )
    assert late.status_code == 409
    filed = await post(client, f"/consultations/{cid}/contestation", {"filed_on": local_today().isoformat()})
    assert filed.status_code == 303
    page = await client.get(filed.headers["location"], headers=HTML)
    assert "La contestation de l&#39;expertise est enregistrée" in page.text
    assert f'action="/consultations/{cid}/jugement"' in page.text


async def test_pages_refuse_a_cssct_consultation_and_a_short_agreed_delay(client: Any, auth: Any) -> None:
    headers = await auth("direction@demo.example")
    cssct = await body_of_kind(client, headers, "cssct")
    cse = await cse_id(client, headers)
    await sign_in(client, "direction@demo.example")
    today = local_today().isoformat()
    refused = await post(
        client,
        f"/instances/{cssct}/consultations",
        {"subject": "Plan de prévention", "kind": "ponctual", "informed_on": today},
    )
    assert refused.status_code == 409
    assert "L2315-38" in refused.text
    short = await post(
        client,
        f"/instances/{cse}/consultations",
        {"subject": "Horaires d'hiver", "kind": "ponctual", "informed_on": today, "agreed_delay_days": "8"},
    )
    assert short.status_code == 409
    assert "15 jours" in short.text and 'value="Horaires d&#39;hiver"' in short.text


async def test_under_50_the_page_says_no_deemed_opinion(client: Any) -> None:
    body = await small_cse(headcount=30)
    await sign_in(client, SMALL_PRESIDENT)
    old = (local_today() - timedelta(days=80)).isoformat()
    opened = await post(
        client,
        f"/instances/{body}/consultations",
        {"subject": "Horaires du standard", "kind": "ponctual", "informed_on": old},
    )
    assert opened.status_code == 303
    page = await client.get(f"/instances/{body}/consultations", headers=HTML)
    assert "Pas d&#39;avis réputé rendu en dessous de 50 salariés (R2312-6)" in page.text
    assert "Avis réputé négatif" not in page.text
