"""Links in emails and calendar events open real pages (not API paths, not 404s)."""

from __future__ import annotations

import re

import pytest

from dialogue.app import create_app
from dialogue.pages import links
from dialogue.settings import Settings


@pytest.fixture(scope="module")
def page_routes() -> list[re.Pattern[str]]:
    app = create_app(Settings(database_url="sqlite:////tmp/dialogue-links.db"))
    patterns = []
    for route in app.routes:
        if route.path.startswith(("/api/", "/schema")):
            continue
        regex = re.sub(r"\{[^}:]+:int\}", r"\\d+", route.path)
        regex = re.sub(r"\{[^}:]+:str\}", r"[^/]+", regex)
        patterns.append(re.compile(f"^{regex}$"))
    return patterns


@pytest.mark.parametrize(
    "path",
    [
        links.meeting_path(42),
        links.minutes_path(42),
        links.entry_path(7),
        links.consultations_path(3),
        links.body_history_path(5),
        links.HOME_PATH,
        links.PREFERENCES_PATH,
        links.password_link_path("A" * 43),
    ],
)
def test_every_link_is_a_page_route(page_routes: list[re.Pattern[str]], path: str) -> None:
    assert any(p.match(path) for p in page_routes), path
