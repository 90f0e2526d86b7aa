"""Server-rendered pages over HTTP: cookie session, CSRF-protected forms, French first."""

from __future__ import annotations

import re
from typing import Any

from tests.helpers.clock import machine_time

HTML = {"accept": "text/html"}


def csrf_from(html: str) -> str:
    match = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF field in the form"
    return match.group(1)


async def sign_in(client: Any, email: str, next_path: str = "/", *, password: str = "demo-password") -> Any:
    form = await client.get(f"/connexion?next={next_path}", headers=HTML)
    assert form.status_code == 200
    with machine_time():  # the session expires by the machine's clock, even when the test froze time
        return await client.post(
            "/connexion",
            data={"email": email, "password": password, "next": next_path, "_csrf_token": csrf_from(form.text)},
            headers=HTML,
        )


async def test_anonymous_home_redirects_to_sign_in(client: Any) -> None:
    response = await client.get("/", headers=HTML)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/connexion?next=/")


async def test_sign_in_sets_an_httponly_cookie_and_shows_home_in_french(client: Any) -> None:
    response = await sign_in(client, "secretaire@demo.example")
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "dialogue_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie.replace("Lax", "lax")
    home = await client.get("/", headers=HTML)
    assert home.status_code == 200
    assert '<html lang="fr">' in home.text
    assert "Camille Lefèvre" in home.text
    assert "Mes instances" in home.text
    assert "CSE de l&#39;Association Les Tilleuls" in home.text or "CSE de l'Association Les Tilleuls" in home.text


async def test_wrong_password_re_renders_the_form_with_an_error(client: Any) -> None:
    form = await client.get("/connexion", headers=HTML)
    response = await client.post(
        "/connexion",
        data={"email": "elu@demo.example", "password": "nope", "_csrf_token": csrf_from(form.text)},
        headers=HTML,
    )
    assert response.status_code == 401
    assert "Adresse ou mot de passe incorrect." in response.text
    assert "dialogue_session" not in response.headers.get("set-cookie", "")


async def test_form_without_csrf_token_is_refused(client: Any) -> None:
    await client.get("/connexion", headers=HTML)
    response = await client.post(
        "/connexion", data={"email": "elu@demo.example", "password": "demo-password"}, headers=HTML
    )
    assert response.status_code == 403


async def test_open_redirects_are_refused(client: Any) -> None:
    response = await sign_in(client, "elu@demo.example", next_path="//evil.example/")
    assert response.headers["location"] == "/"


async def test_body_page_lists_members_by_college(client: Any, auth: Any) -> None:
    await sign_in(client, "elu@demo.example")
    me = (await client.get("/api/v1/me", headers=await auth("elu@demo.example"))).json()
    cse = next(m for m in me["memberships"] if m["body_kind"] == "cse")
    page = await client.get(f"/instances/{cse['body_id']}", headers=HTML)
    assert page.status_code == 200
    assert "Élus" in page.text
    assert "Direction" in page.text
    assert "rattaché à titre indicatif à Camille Lefèvre" in page.text  # a hint: L2314-37 decides
    assert (
        'Léa Dupont <span class="muted">(CFDT)</span> <span class="muted">— ouvriers et employés, 126 voix' in page.text
    )


async def test_other_organization_body_page_is_404_html(client: Any, auth: Any) -> None:
    neighbour = (await client.get("/api/v1/me", headers=await auth("admin@voisine.example"))).json()
    await sign_in(client, "admin@voisine.example")
    demo_me = (await client.get("/api/v1/me", headers=await auth("secretaire@demo.example"))).json()
    cse = demo_me["memberships"][0]["body_id"]
    response = await client.get(f"/instances/{cse}", headers=HTML)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert neighbour["email"] == "admin@voisine.example"


async def test_english_is_available(client: Any) -> None:
    await sign_in(client, "gouvernance@demo.example")
    home = await client.get("/", headers=HTML)
    switched = await client.post(
        "/langue", data={"lang": "en", "next": "/", "_csrf_token": csrf_from(home.text)}, headers=HTML
    )
    assert switched.status_code == 303
    home = await client.get("/", headers=HTML)
    assert '<html lang="en">' in home.text
    assert "My bodies" in home.text


async def test_sign_out_clears_the_session(client: Any) -> None:
    await sign_in(client, "elu@demo.example")
    home = await client.get("/", headers=HTML)
    out = await client.post("/deconnexion", data={"_csrf_token": csrf_from(home.text)}, headers=HTML)
    assert out.status_code == 303
    assert (await client.get("/", headers=HTML)).status_code == 303
