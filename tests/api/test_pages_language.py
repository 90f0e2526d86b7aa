"""French pages stay French (issue 17): a crawl of the pages each demo role is shown finds no English status
word, no code name and no API path; the English mode (language switch) translates them."""

from __future__ import annotations

import html as html_lib
import re
from collections import deque
from datetime import datetime, time, timedelta
from typing import Any
from urllib.parse import urldefrag, urlsplit
from zoneinfo import ZoneInfo

import pytest

from dialogue.core.clock import local_today
from dialogue.pages.formatting import long_date
from dialogue.pages.i18n import translate
from tests.api.meeting_helpers import cse_id, new_meeting
from tests.api.test_pages import HTML, csrf_from, sign_in

ROLES = (
    "secretaire@demo.example",
    "direction@demo.example",
    "elu@demo.example",
    "gouvernance@demo.example",
    "admin@demo.example",
)

LINK = re.compile(r'href="([^"#][^"]*)"')
SKIP = re.compile(r"\.(ics|pdf|csv|odt|docx|svg|png|json)$|/telecharger|/export|/fichier|/flux|/deconnexion")


def visible_text(page: str) -> str:
    """What a reader sees: the body without tags, scripts, styles or attributes."""
    body = page.split("<body", 1)[-1]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", body))


def shape(path: str) -> str:
    """`/reunions/12/proces-verbal` → `/reunions/N/proces-verbal`: pages built by the same template."""
    return re.sub(r"/\d+", "/N", path)


async def crawl(client: Any, per_shape: int = 2) -> dict[str, str]:
    """The pages reachable from the home page by GET links (same site, not the API, query strings left out),
    at most `per_shape` of each shape (two meetings stand for all of them), by path."""
    seen: dict[str, str] = {}
    shapes: dict[str, int] = {}
    queue = deque(["/"])
    while queue:
        path = queue.popleft()
        if path in seen or shapes.get(shape(path), 0) >= per_shape:
            continue
        shapes[shape(path)] = shapes.get(shape(path), 0) + 1
        response = await client.get(path, headers=HTML)
        if response.status_code != 200 or "text/html" not in response.headers.get("content-type", ""):
            seen[path] = ""
            continue
        seen[path] = response.text
        for href in LINK.findall(response.text):
            parts = urlsplit(urldefrag(html_lib.unescape(href))[0])
            target = parts.path
            if parts.netloc or not parts.path.startswith("/") or parts.path.startswith("/api/"):
                continue
            if SKIP.search(parts.path):
                continue
            if target not in seen:
                queue.append(target)
    return {path: text for path, text in seen.items() if text}


#: Codes of the statuses and outcomes the pages show: none of them may reach a French page's text.
ENGLISH_STATUS = re.compile(
    r"\b(valid|not_valid|referendum_possible|held|convened|cancelled|draft|investigating|inspector_informed|"
    r"measures_taken|alerted|in_progress|done|pending|overdue|on_time|late_acknowledged|unanswered|"
    r"agreement_signed|disagreement_recorded|deemed_negative|warning|alert|unknown|ok|Not Found|"
    r"Method Not Allowed|Forbidden|CSRF)\b"
)
API_PATH = "/api/v1"


@pytest.mark.parametrize("email", ROLES)
async def test_no_french_page_a_role_can_reach_shows_an_english_status_or_an_api_path(client: Any, email: str) -> None:
    await sign_in(client, email)
    pages = await crawl(client)
    assert len(pages) > 20  # the crawl did follow the menus, the bodies and their tabs
    leaks = {
        path: sorted({m.group(0) for m in ENGLISH_STATUS.finditer(visible_text(page))})
        for path, page in pages.items()
        if ENGLISH_STATUS.search(visible_text(page))
    }
    assert leaks == {}
    assert [path for path, page in pages.items() if API_PATH in visible_text(page)] == []


def lang_switch(page: str) -> bool:
    """The header's language form, with its CSRF field: it works from this page."""
    return 'action="/langue"' in page and 'name="_csrf_token"' in page and 'name="next"' in page


async def test_not_found_page_is_french_with_the_signed_in_header_and_a_working_language_switch(client: Any) -> None:
    await sign_in(client, "secretaire@demo.example")
    page = await client.get("/cette-page-n-existe-pas", headers=HTML)
    assert page.status_code == 404
    text = visible_text(page.text)
    assert "Introuvable" in text and "Cette page n'existe pas" in text
    assert "Not Found" not in text
    assert "Camille Lefèvre" in text and "Mon agenda" in text  # the normal header: who, and the menu
    assert lang_switch(page.text)
    switched = await client.post(
        "/langue",
        data={"lang": "en", "next": "/cette-page-n-existe-pas", "_csrf_token": csrf_from(page.text)},
        headers=HTML,
    )
    assert switched.status_code == 303
    english = await client.get(switched.headers["location"], headers=HTML)
    assert english.status_code == 404
    assert '<html lang="en">' in english.text
    assert "This page does not exist" in english.text and "Not found" in english.text
    assert "Introuvable" not in english.text


async def test_method_not_allowed_and_csrf_failure_pages_are_french(client: Any) -> None:
    await sign_in(client, "elu@demo.example")
    home = await client.get("/", headers=HTML)
    not_allowed = await client.delete("/agenda", headers=HTML)
    assert not_allowed.status_code == 405
    assert "Cette adresse n'accepte pas cette action." in visible_text(not_allowed.text)
    assert "Method Not Allowed" not in not_allowed.text
    refused = await client.post("/langue", data={"lang": "en", "_csrf_token": "forged"}, headers=HTML)
    assert refused.status_code == 403
    text = visible_text(refused.text)
    assert "Le formulaire a expiré" in text and "CSRF" not in text
    assert lang_switch(refused.text) and "Mon agenda" in text
    assert csrf_from(home.text)


async def test_an_unexpected_error_gives_a_french_page_to_a_browser_and_problem_json_to_the_api(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dialogue.pages import controllers

    async def broken(**_: Any) -> Any:
        raise RuntimeError("boom")

    await sign_in(client, "secretaire@demo.example")
    monkeypatch.setattr(controllers.bodies_service, "list_members", broken)  # the API's members list
    monkeypatch.setattr(controllers.bodies_service, "body_with_members", broken)  # the body page's one read
    page = await client.get("/instances/1", headers=HTML)
    assert page.status_code == 500
    assert "Erreur interne" in page.text and "Une erreur inattendue s'est produite." in visible_text(page.text)
    assert "boom" not in page.text and lang_switch(page.text)
    api = await client.get("/api/v1/bodies/1/members", headers=await _bearer(client))
    assert api.status_code == 500
    assert api.headers["content-type"].startswith("application/problem+json")
    assert api.json()["code"] == "internal_error"


async def _bearer(client: Any) -> dict[str, str]:
    """The API with the session's token (the cookie carries the same signed token)."""
    return {"Authorization": f"Bearer {client.cookies.get('dialogue_session')}"}


async def test_a_known_woman_reads_as_tresoriere_and_the_admin_sets_the_civility_through_the_api(
    client: Any, auth: Any
) -> None:
    admin = await auth("admin@demo.example")
    me = (await client.get("/api/v1/me", headers=await auth("secretaire@demo.example"))).json()
    cse = next(m["body_id"] for m in me["memberships"] if m["body_kind"] == "cse")
    members = (await client.get(f"/api/v1/bodies/{cse}/members", headers=admin)).json()["items"]
    isabelle = next(m for m in members if m["full_name"] == "Isabelle Roux")
    assert (isabelle["civility"], isabelle["role_label"]) == ("madame", "Trésorière")
    president = next(m for m in members if m["role"] == "president")
    assert (president["civility"], president["role_label"]) == ("monsieur", "Président")
    await sign_in(client, "secretaire@demo.example")
    page = visible_text((await client.get(f"/instances/{cse}", headers=HTML)).text)
    assert "Trésorière" in page and "Trésorier " not in page
    # The admin records a civility: the role agrees; an unknown one is refused (422, the field named).
    marc = next(m for m in members if m["full_name"] == "Marc Fontaine")
    changed = await client.patch(f"/api/v1/members/{marc['id']}", json={"civility": "madame"}, headers=admin)
    assert changed.status_code == 200
    assert (changed.json()["civility"], changed.json()["role_label"]) == ("madame", "Titulaire")
    moved = await client.patch(f"/api/v1/members/{isabelle['id']}", json={"civility": "monsieur"}, headers=admin)
    assert moved.json()["role_label"] == "Trésorier"
    refused = await client.patch(f"/api/v1/members/{marc['id']}", json={"civility": "mx"}, headers=admin)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["civility"]


async def test_a_meeting_page_reads_its_time_in_its_own_zone_and_names_it(client: Any, auth: Any) -> None:
    """A Martinique meeting from 14 h to 16 h, local time: the page says so, with one date format."""
    secretary = await auth("secretaire@demo.example")
    body = await cse_id(client, secretary)
    martinique = ZoneInfo("America/Martinique")
    start = datetime.combine(local_today() + timedelta(days=40), time(14, 0), martinique)
    meeting = await new_meeting(
        client, secretary, body, start, timezone="America/Martinique", ends_at=(start + timedelta(hours=2)).isoformat()
    )
    await sign_in(client, "secretaire@demo.example")
    page = visible_text((await client.get(f"/reunions/{meeting['id']}", headers=HTML)).text)
    day = long_date(start.date())
    assert f"{day}, de 14 h 00 à 16 h 00 (heure de Martinique)" in " ".join(page.split())


def french_vocabulary() -> set[str]:
    """The words of the vocabularies these pages label with: statuses, indicators, outcomes, units (French)."""
    from dialogue.indicators.catalog import ALL_SPECS, SINGULAR
    from dialogue.indicators.pages import OUTCOME_LABELS
    from dialogue.indicators.rules import STATUS_LABELS

    words = {spec.label for spec in ALL_SPECS} | set(OUTCOME_LABELS.values()) | set(STATUS_LABELS.values())
    words |= set(SINGULAR) | {"Introuvable", "Statut", "Objectif", "Évolution"}
    return {w for w in words if w != translate(w, "en")}  # « n.d. » → "n/a"; "actions" is the same word


@pytest.mark.parametrize("email", ["direction@demo.example", "secretaire@demo.example"])
async def test_english_mode_translates_statuses_indicators_and_units(client: Any, email: str) -> None:
    await sign_in(client, email)
    client.cookies.set("lang", "en")
    pages = await crawl(client)
    assert all('<html lang="en">' in page for page in pages.values())
    alternatives = "|".join(sorted(map(re.escape, french_vocabulary()), key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])({alternatives})(?![\w-])")
    # Where these vocabularies are shown: the indicator pages (other pages carry French data: titles, notes).
    shown = {path: " ".join(visible_text(page).split()) for path, page in pages.items() if "indicateurs" in path}
    assert len(shown) > 10
    leaks = {path: sorted(set(pattern.findall(text))) for path, text in shown.items() if pattern.search(text)}
    assert leaks == {}


async def test_the_treasurer_reads_her_role_agreed_on_her_home_and_in_me(client: Any, auth: Any) -> None:
    headers = await auth("tresorier@demo.example")
    me = (await client.get("/api/v1/me", headers=headers)).json()
    treasurer = [m for m in me["memberships"] if m["role"] == "treasurer"]
    assert treasurer and treasurer[0]["civility"] == "madame"
    await sign_in(client, "tresorier@demo.example")
    home = await client.get("/", headers=HTML)
    assert "Trésorière" in home.text and "Trésorier(e)" not in home.text
