"""Browser hygiene (issue 13): security headers on every answer, no-store when signed in, HSTS over
https only, no inline script in any template, and Markdown that never loads another site's images."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx

from dialogue.core.documents import markdown_to_html
from dialogue.web.hygiene import CONTENT_SECURITY_POLICY

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _assert_common(response: httpx.Response) -> None:
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "unsafe-inline" not in response.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-frame-options"] == "DENY"


async def test_sign_in_page_sends_security_headers_and_may_be_cached(client: Any) -> None:
    response = await client.get("/connexion")
    assert response.status_code == 200
    _assert_common(response)
    assert "cache-control" not in response.headers
    assert "strict-transport-security" not in response.headers


async def test_signed_in_page_is_not_stored(client: Any, auth: Any) -> None:
    token = (await auth("secretaire@demo.example"))["Authorization"].removeprefix("Bearer ")
    client.cookies.set("dialogue_session", token)
    response = await client.get("/")
    client.cookies.clear()
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    _assert_common(response)
    assert response.headers["cache-control"] == "no-store"


async def test_api_answer_with_a_token_is_not_stored(client: Any, auth: Any) -> None:
    response = await client.get("/api/v1/me", headers=await auth("elu@demo.example"))
    assert response.status_code == 200
    _assert_common(response)
    assert response.headers["cache-control"] == "no-store"


async def test_unknown_path_and_errors_carry_the_headers(client: Any) -> None:
    response = await client.get("/nulle-part", headers={"Accept": "text/html"})
    assert response.status_code == 404
    _assert_common(response)
    problem = await client.get("/api/v1/me")
    assert problem.status_code == 401
    _assert_common(problem)


async def test_hsts_only_when_the_request_came_over_https(app: Any, db: Any) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as secure:
        over_https = await secure.get("/connexion")
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as plain:
        over_http = await plain.get("/connexion")
    assert over_https.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    assert "strict-transport-security" not in over_http.headers


def test_no_template_carries_an_inline_script_or_event_handler() -> None:
    """CSP allows scripts from the site's own files only: inline code would be blocked (and is a risk)."""
    offenders = []
    for path in TEMPLATES.rglob("*.j2"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text, re.IGNORECASE):
            offenders.append(f"{path.name}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", text, re.IGNORECASE):
            offenders.append(f"{path.name}: inline event handler")
        if "javascript:" in text.lower():
            offenders.append(f"{path.name}: javascript: URL")
    assert offenders == []


def test_markdown_drops_images_from_other_sites() -> None:
    html = markdown_to_html(
        "![pixel](https://tracker.example/p.png) ![proto](//tracker.example/p.png) ![data](data:image/png;base64,AAAA)"
    )
    assert "<img" not in html
    assert "tracker.example" not in html
    assert html.count('class="image-removed"') == 3
    assert "[pixel]" in html


def test_markdown_keeps_the_services_own_documents_as_images() -> None:
    html = markdown_to_html("![Plan d'évacuation](/api/v1/documents/12/content)")
    assert html == '<p><img src="/api/v1/documents/12/content" alt="Plan d\'évacuation" /></p>\n'


def test_markdown_reference_images_from_other_sites_are_dropped_too() -> None:
    html = markdown_to_html("![logo][l]\n\n[l]: http://tracker.example/logo.png")
    assert "<img" not in html
    assert "tracker.example" not in html
    assert '<span class="image-removed">[logo]</span>' in html
