"""Every demo role follows every link it is shown: no 5xx, no 404, no link to a page it may not open (issue 17)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.test_pages import sign_in
from tests.helpers.crawl import crawl

ROLES = [
    "secretaire@demo.example",
    "direction@demo.example",
    "elu@demo.example",
    "gouvernance@demo.example",
    "admin@demo.example",
    "cgt.ds@demo.example",
    "drh@demo.example",
]


@pytest.mark.timeout(900)  # some 60 pages a role; a crawl reads every one of them
@pytest.mark.parametrize("email", ROLES)
async def test_every_link_a_role_is_shown_opens(client: Any, email: str) -> None:
    signed = await sign_in(client, email)
    assert signed.status_code == 303, signed.text
    report = await crawl(client)
    assert report.ok, "\n".join(report.failures)
    pages = [p for p, status in report.pages.items() if status == 200]
    assert len(pages) >= 5, pages
    print(f"{email}: {len(pages)} pages, {len(report.post_targets)} form targets")
