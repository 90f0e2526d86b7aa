"""The page « Établissements et représentation syndicale » over HTTP, on the demo association: the établissements
distincts with their basis (L2313-2), the CSE central's composition and six-month meeting (L2316-4, L2316-15) and
the union designations in force (L2143-3, L2314-2, L2316-7); for the direction, the board, the administrators and the
élus of the CSEs (the rule of `establishments/access.py`)."""

from __future__ import annotations

from typing import Any

from dialogue.auth.security import hash_password
from dialogue.auth.tables import User
from tests.api.test_pages import HTML, sign_in

URL = "/organisation/etablissements"


async def test_direction_reads_the_establishments_the_central_and_the_designations(client: Any) -> None:
    await sign_in(client, "direction@demo.example")
    home = await client.get("/", headers=HTML)
    assert f'href="{URL}"' in home.text
    page = await client.get(URL, headers=HTML)
    assert page.status_code == 200, page.text
    text = page.text
    assert "Accord d&#39;entreprise majoritaire (L2313-2)" in text
    assert "CSE central de l&#39;Association Les Tilleuls</h2>" in text
    assert "(L2316-15)" in text
    assert "Composition complète" in text
    assert "CSE d&#39;établissement du SESSAD Les Lucioles" in text
    for kind, article in (
        ("Délégué syndical", "L2143-3"),
        ("Représentant syndical au CSE", "L2314-2"),
        ("Représentant syndical au CSE central", "L2316-7"),
    ):
        assert f'{kind} <span class="muted">({article})</span>' in text
    assert "SUD Santé Sociaux" in text and "CFDT" in text


async def test_the_board_and_the_administrator_read_it_too(client: Any) -> None:
    for email in ("gouvernance@demo.example", "admin@demo.example"):
        await sign_in(client, email)
        page = await client.get(URL, headers=HTML)
        assert page.status_code == 200, (email, page.text)


async def test_a_member_without_a_seat_on_a_cse_is_refused_with_403(client: Any) -> None:
    """A member of the QVT steering committee only (the élus of the CSEs read it: see
    test_establishments_access.py)."""
    await User.update({User.password_hash: hash_password("demo-password", cost="fast")}).where(
        User.email == "referente.qvt@demo.example"
    )
    await sign_in(client, "referente.qvt@demo.example")
    assert (await client.get(URL, headers=HTML)).status_code == 403
    assert f'href="{URL}"' not in (await client.get("/", headers=HTML)).text


async def test_another_organisation_without_a_cse_central_gets_404(client: Any) -> None:
    await sign_in(client, "admin@voisine.example")
    assert (await client.get(URL, headers=HTML)).status_code == 404
