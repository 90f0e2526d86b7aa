"""« Mon agenda » over HTTP: the secret link is shown once, with its warning; revoking stops it at once."""

from __future__ import annotations

import re
from typing import Any

from tests.api.meeting_helpers import cse_id
from tests.api.test_pages import HTML, csrf_from, sign_in


async def post(client: Any, path: str, data: dict[str, Any] | None = None) -> Any:
    page = await client.get("/agenda", headers=HTML)
    return await client.post(path, data={**(data or {}), "_csrf_token": csrf_from(page.text)}, headers=HTML)


async def test_agenda_page_gives_instructions_for_each_calendar_and_the_warning(client: Any) -> None:
    await sign_in(client, "elu@demo.example")
    page = await client.get("/agenda", headers=HTML)
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    for text in (
        "Google Agenda",
        "À partir de l&#39;URL",
        "S&#39;abonner à partir du web",
        "Apple Calendrier",
        "Thunderbird",
        "Toute personne disposant de ce lien peut lire votre agenda",
    ):
        assert text in page.text, text
    assert 'href="/agenda"' in (await client.get("/", headers=HTML)).text


async def test_a_new_link_is_shown_once_then_listed_without_its_secret_and_revoked(client: Any, auth: Any) -> None:
    body = await cse_id(client, await auth("elu@demo.example"))
    await sign_in(client, "elu@demo.example")
    created = await post(client, "/agenda", {"body_id": str(body), "name": "CSE — mes réunions"})
    assert created.status_code == 201
    url = re.search(r'id="feed-https" type="text" readonly value="([^"]+)"', created.text)
    webcal = re.search(r'id="feed-webcal" type="text" readonly value="([^"]+)"', created.text)
    assert url and webcal
    assert url.group(1).startswith("http") and url.group(1).endswith(".ics")
    assert webcal.group(1).startswith("webcal://")
    feed = await client.get("/" + url.group(1).split("://", 1)[1].split("/", 1)[1])
    assert feed.status_code == 200
    assert "BEGIN:VCALENDAR" in feed.text
    listing = await client.get("/agenda", headers=HTML)
    assert "CSE — mes réunions" in listing.text
    token = url.group(1).rsplit("/", 1)[1]
    assert token not in listing.text  # never shown again
    feed_id = re.search(r'action="/agenda/(\d+)/revoquer"', listing.text)
    assert feed_id
    revoked = await post(client, f"/agenda/{feed_id.group(1)}/revoquer")
    assert revoked.status_code == 303
    assert "Le lien a été révoqué" in (await client.get(revoked.headers["location"], headers=HTML)).text
    assert (await client.get("/calendar/" + token)).status_code == 404


async def test_bad_input_and_another_persons_link(client: Any) -> None:
    await sign_in(client, "elu@demo.example")
    bad = await post(client, "/agenda", {"body_id": "abc", "name": "Mon agenda"})
    assert bad.status_code == 422
    assert 'value="Mon agenda"' in bad.text
    assert "Nombre entier attendu." in bad.text
    created = await post(client, "/agenda", {})
    assert created.status_code == 201
    assert "Mes instances – dialogue" in created.text
    listing = await client.get("/agenda", headers=HTML)
    feed_id = re.search(r'action="/agenda/(\d+)/revoquer"', listing.text)
    assert feed_id
    await sign_in(client, "secretaire@demo.example")
    assert (await post(client, f"/agenda/{feed_id.group(1)}/revoquer")).status_code == 404
    await sign_in(client, "admin@voisine.example")
    assert (await post(client, "/agenda", {"body_id": "1"})).status_code == 404
