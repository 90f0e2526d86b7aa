"""At 390 × 844 (a phone held upright) no page scrolls sideways (issue 17): tables become cards, forms and the
attendance selects fit. Four demo roles sign in and visit every page linked from their home page and from the
pages that page links to (the main lists), each checked with `scrollWidth <= innerWidth` and axe."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import CHROMIUM, assert_accessible

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
ROLES = (
    "secretaire@demo.example",  # the CSE's secretary
    "direction@demo.example",  # the director, who presides the CSE
    "elu@demo.example",  # an élu
    "president.ca@demo.example",  # the board's president
)
#: Files and feeds, not pages; and links that change something or leave the session.
SKIPPED_SUFFIXES = (".pdf", ".odt", ".docx", ".ics", ".csv", ".json", ".html", ".zip")
SKIPPED_PREFIXES = ("/api/", "/calendar/", "/u/", "/deconnexion", "/schema", "/static/")
#: Enough for every list of a role (home, bodies, meetings, registers, indicators…) without visiting every row.
MAX_PAGES = 30


def _phone_page(browser: Any) -> Any:
    # not is_mobile: Chromium's mobile emulation zooms a too-wide page out (innerWidth grows) and would hide it
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", viewport=PHONE, has_touch=True)
    return context.new_page()


def _sign_in(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/connexion")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill("demo-password")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{base}/")


def _links(page: Any, base: str) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all("main a[href], header a[href]", "els => els.map(e => e.href)")
    found: list[str] = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != base:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if parts.path.endswith(SKIPPED_SUFFIXES) or parts.path.startswith(SKIPPED_PREFIXES):
            continue
        if path not in found:
            found.append(path)
    return found


def _too_wide(page: Any) -> str | None:
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[1] == PHONE["width"]
    if width[0] <= width[1]:
        return None
    culprit = page.evaluate(
        "() => [...document.querySelectorAll('main *, header *')].filter(e => e.getBoundingClientRect().right >"
        " window.innerWidth + 1).slice(-1).map(e => e.tagName + '.' + e.className + ' ' +"
        " (e.textContent || '').trim().slice(0, 40))[0] || ''"
    )
    return f"{width[0]} > {width[1]} ({culprit})"


@pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed")
@pytest.mark.timeout(600)
@pytest.mark.parametrize("email", ROLES)
def test_no_page_scrolls_sideways_at_390_px(live_server: str, browser: Any, email: str) -> None:
    page = _phone_page(browser)
    try:
        _sign_in(page, live_server, email)
        home_links = _links(page, live_server)
        queue = ["/", *home_links]
        seen: set[str] = set()
        problems: list[str] = []
        visited = 0
        while queue and visited < MAX_PAGES:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            response = page.goto(f"{live_server}{path}")
            assert response is not None and response.status < 500, f"{path}: {response and response.status}"
            if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
                continue
            visited += 1
            if (wide := _too_wide(page)) is not None:
                problems.append(f"{path}: {wide}")
            if not problems:  # axe once the layout is right: a wide page is reported first
                assert_accessible(page)
            if path in home_links or path == "/":  # the main lists: follow their links once more
                queue.extend(link for link in _links(page, live_server) if link not in seen)
        assert visited >= 5, f"only {visited} pages visited for {email}"
        assert not problems, "\n".join(problems)
    finally:
        page.context.close()
