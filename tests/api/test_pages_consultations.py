"""Consultation pages: the final deemed opinion (L2312-16), the expertise challenged in court and the judgment
(L2315-86), no deemed opinion below 50 (R2312-6), the CSSCT refused (L2315-38), the agreed-delay floor; a
consultation's page with the information given, to whom and when, and where its `informed_on` comes from
(R2312-5)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx

from dialogue.core.clock import local_today
from tests.api.consultation_helpers import SMALL_PRESIDENT, body_of_kind, small_cse
from tests.api.meeting_helpers import cse_id
from tests.api.test_attachments import World, _convene, _meeting_with_item, _upload, local_store, world  # noqa: F401
from tests.api.test_pages import HTML, sign_in
from tests.api.test_pages_meetings import post
from tests.helpers.clock import FrozenClock
from tests.helpers.pages import sign_in_as


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


async def _open(client: httpx.AsyncClient, world: World, subject: str) -> int:  # noqa: F811
    response = await client.post(
        f"/api/v1/bodies/{world.cse.id}/consultations",
        headers=world.secretary,
        json={"subject": subject, "kind": "ponctual", "informed_on": "2026-02-20"},
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def test_consultation_page_shows_the_documents_given_with_the_convocation_of_2_march_and_to_whom(
    client: httpx.AsyncClient,
    world: World,  # noqa: F811
    frozen_clock: FrozenClock,
) -> None:
    """R2312-5: the delay runs from the communication of the information; the page shows what was given (title,
    version, SHA-256), the day (the convocation of 2 March) and the members convoked with it."""
    consultation = await _open(client, world, "Réorganisation du service de nuit")
    doc = await _upload(client, world.director, world.cse.org.id, "Projet de réorganisation")
    meeting, item = await _meeting_with_item(
        client, world, title="Réorganisation", kind="consultation", consultation_id=consultation
    )
    url = f"/api/v1/agenda-items/{item}/documents"
    assert (await client.post(url, headers=world.secretary, json={"document_id": doc["id"]})).status_code == 201
    frozen_clock.set(date(2026, 3, 2))
    await _convene(client, world, meeting)
    assert world.cse.titulaires
    await sign_in_as(client, world.cse.titulaires[0])

    listing = await client.get(f"/instances/{world.cse.id}/consultations", headers=HTML)
    assert f'<a href="/consultations/{consultation}">Réorganisation du service de nuit</a>' in listing.text
    page = await client.get(f"/consultations/{consultation}", headers=HTML)
    assert page.status_code == 200, page.text
    assert '<h2 id="informations-communiquees">Informations communiquées</h2>' in page.text
    assert "lundi 2 mars 2026 —\n    suit la communication des documents du lundi 2 mars 2026 (R2312-5)" in page.text
    assert f'<a href="/documents/{doc["id"]}">Projet de réorganisation</a>' in page.text
    assert f'<abbr class="mono" title="{doc["sha256"]}">{doc["sha256"][:12]}…</abbr>' in page.text
    assert "<td>1</td>" in page.text and "<td>lundi 2 mars 2026</td>" in page.text
    convoked = len(world.cse.members) + 1  # the guest is convoked too
    assert f"<summary>{convoked} membre(s) convoqué(s) — convocation de la réunion « " in page.text
    for person in world.cse.members:
        assert f"<li>{person.full_name} <span" in page.text
    assert f'<a href="/reunions/{meeting}">Voir la réunion' in page.text


async def test_consultation_page_shows_informed_on_set_by_hand_with_its_reason(
    client: httpx.AsyncClient,
    world: World,  # noqa: F811
    frozen_clock: FrozenClock,
) -> None:
    """A document attached to the consultation itself is given to the members that day; a date set by hand keeps
    its reason on the page."""
    consultation = await _open(client, world, "Horaires d'été")
    doc = await _upload(client, world.director, world.cse.org.id, "Note d'information")
    frozen_clock.set(date(2026, 3, 5))
    url = f"/api/v1/consultations/{consultation}/documents"
    assert (await client.post(url, headers=world.director, json={"document_id": doc["id"]})).status_code == 201
    reason = "Note remise en main propre le 3 mars"
    kept = await client.patch(
        f"/api/v1/consultations/{consultation}",
        headers=world.secretary,
        json={"informed_on": "2026-03-03", "informed_on_reason": reason},
    )
    assert kept.status_code == 200, kept.text
    assert world.cse.secretary is not None
    await sign_in_as(client, world.cse.secretary)
    page = await client.get(f"/consultations/{consultation}", headers=HTML)
    assert page.status_code == 200, page.text
    assert f"mardi 3 mars 2026 —\n    fixée à la main : {reason}" in page.text
    assert "<td>jeudi 5 mars 2026</td>" in page.text
    assert "mis à disposition des membres sur la consultation" in page.text


async def test_the_secretary_attaches_a_document_from_the_consultation_page_and_an_elu_may_not(
    client: httpx.AsyncClient,
    world: World,  # noqa: F811
    frozen_clock: FrozenClock,
) -> None:
    """R2312-5: a document attached to the consultation is communicated to the members that day; only the
    president and the secretary attach (403 for an élu); twice is refused (409), an unreadable choice too (422)."""
    consultation = await _open(client, world, "Télétravail des équipes support")
    doc = await _upload(client, world.director, world.cse.org.id, "Charte du télétravail")
    frozen_clock.set(date(2026, 3, 4))
    action = f'action="/consultations/{consultation}/documents"'

    assert world.cse.titulaires
    await sign_in_as(client, world.cse.titulaires[0])
    page = await client.get(f"/consultations/{consultation}", headers=HTML)
    assert page.status_code == 200 and action not in page.text
    refused = await post(client, f"/consultations/{consultation}/documents", {"document_id": str(doc["id"])})
    assert refused.status_code == 403

    assert world.cse.secretary is not None
    await sign_in_as(client, world.cse.secretary)
    page = await client.get(f"/consultations/{consultation}", headers=HTML)
    assert action in page.text
    assert '<label for="f-document-id">Document à joindre <span class="muted">(obligatoire)</span></label>' in page.text
    assert f'<option value="{doc["id"]}">Charte du télétravail (version 1)</option>' in page.text

    unreadable = await post(client, f"/consultations/{consultation}/documents", {"document_id": "abc"})
    assert unreadable.status_code == 422
    assert '<p class="field-error" id="f-document-id-error">Nombre entier attendu.</p>' in unreadable.text

    done = await post(client, f"/consultations/{consultation}/documents", {"document_id": str(doc["id"])})
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"/consultations/{consultation}?fait=document#informations-communiquees"
    page = await client.get(done.headers["location"], headers=HTML)
    assert "Le document est joint : il est communiqué aux membres ce jour (R2312-5)." in page.text
    assert f'<a href="/documents/{doc["id"]}">Charte du télétravail</a>' in page.text
    assert "<td>mercredi 4 mars 2026</td>" in page.text
    assert "mis à disposition des membres sur la consultation" in page.text

    twice = await post(client, f"/consultations/{consultation}/documents", {"document_id": str(doc["id"])})
    assert twice.status_code == 409
    assert "Le formulaire n&#39;a pas été enregistré.</strong> Ce document est déjà joint." in twice.text
