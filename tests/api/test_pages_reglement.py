"""The « Règlement intérieur » tab of the demo CSE's page (L2315-24): the version in force, its document and the
parameters it sets; a body that adopts none (the board) has no tab."""

from __future__ import annotations

from typing import Any

from dialogue.core.clock import local_today
from tests.api.meeting_helpers import cse_id, login
from tests.api.test_pages import HTML, sign_in


async def test_demo_cse_page_links_its_reglement_interieur_tab(client: Any) -> None:
    cse = await cse_id(client, await login(client, "secretaire@demo.example"))
    await sign_in(client, "secretaire@demo.example")
    body_page = await client.get(f"/instances/{cse}", headers=HTML)
    assert body_page.status_code == 200
    assert f'href="/instances/{cse}/reglement-interieur"' in body_page.text
    page = await client.get(f"/instances/{cse}/reglement-interieur", headers=HTML)
    assert page.status_code == 200, page.text
    year = local_today().year
    assert f"Règlement intérieur du CSE ({year - 1})" in page.text
    assert f" 2 avril {year - 1}" in page.text  # a fact of the page: the long form (issue 17)
    assert "Version en vigueur" in page.text and "L2315-30" in page.text


async def test_reglement_page_of_another_organisation_is_404(client: Any) -> None:
    cse = await cse_id(client, await login(client, "secretaire@demo.example"))
    await sign_in(client, "admin@voisine.example")
    page = await client.get(f"/instances/{cse}/reglement-interieur", headers=HTML)
    assert page.status_code == 404
