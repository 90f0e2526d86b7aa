"""Who reads and writes the multi-establishment company, role by role, route by route (`establishments/access.py`):
the direction, the board and the admins read the établissements distincts and the CSE central; so do the élus of
the CSE central and of each establishment CSE (L2313-3, R2313-1, L2316-4); the tree of opinions is read by the
readers of the central consultation and the élus of the establishment CSEs consulted (R2312-6 II). The page
« Établissements » answers as the API does."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dialogue.auth.security import hash_password
from dialogue.auth.tables import User
from tests.api.test_foundation import org_id
from tests.api.test_pages import HTML, sign_in
from tests.helpers.problems import assert_problem

DIRECTION = "direction@demo.example"
CENTRAL = "CSE central de l'Association Les Tilleuls"
PROJECT = "Regroupement des fonctions support"

#: email → expected status of (scopes, cse-central, tree of opinions); the pages answer the same.
READS: dict[str, tuple[int, int, int]] = {
    "direction@demo.example": (200, 200, 200),
    "admin@demo.example": (200, 200, 200),
    "gouvernance@demo.example": (200, 200, 403),  # the board reads figures, not a CSE's consultations
    "elu@demo.example": (200, 200, 200),  # titulaire of the CSE central
    "lea.dupont@demo.example": (200, 200, 200),  # suppléante of Les Tilleuls' CSE only (consulted)
    "samir.khelifi@demo.example": (200, 200, 200),  # suppléant of the SESSAD's CSE only (consulted)
    "cgt.ds@demo.example": (200, 200, 200),  # union representative to Les Tilleuls' CSE (L2314-2)
    "referente.qvt@demo.example": (403, 403, 403),  # seated on the QVT steering committee only
    "president.ca@demo.example": (200, 200, 403),  # board member
    "admin@voisine.example": (404, 404, 404),
}


async def _with_password(email: str) -> None:
    """Give a demo account the demo password (rolled back with the test) so that it signs in to the pages."""
    await User.update({User.password_hash: hash_password("demo-password", cost="fast")}).where(User.email == email)


async def _demo(client: Any, auth: Any) -> tuple[int, int]:
    """The demo organisation's id and the CSE central's consultation on the demo project."""
    headers = await auth(DIRECTION)
    oid = await org_id(client, headers)
    bodies = (await client.get(f"/api/v1/organizations/{oid}/bodies", headers=headers)).json()["items"]
    (central,) = [b["id"] for b in bodies if b["kind"] == "cse_central"]
    items = (await client.get(f"/api/v1/bodies/{central}/consultations", headers=headers)).json()["items"]
    (consultation,) = [c["id"] for c in items if c["subject"].startswith(PROJECT)]
    return oid, int(consultation)


@pytest.mark.parametrize("email", list(READS))
async def test_each_role_reads_as_the_rule_says_on_the_api_and_the_pages(client: Any, auth: Any, email: str) -> None:
    oid, consultation = await _demo(client, auth)
    headers = await auth(email)
    scopes_status, central_status, tree_status = READS[email]

    scopes = await client.get(f"/api/v1/organizations/{oid}/establishment-scopes", headers=headers)
    central = await client.get(f"/api/v1/organizations/{oid}/cse-central", headers=headers)
    tree = await client.get(f"/api/v1/consultations/{consultation}/establishment-opinions", headers=headers)
    for response, status in ((scopes, scopes_status), (central, central_status), (tree, tree_status)):
        if status == 200:
            assert response.status_code == 200, (email, response.request.url, response.text)
        else:
            assert_problem(response, status)
    if scopes_status == 200:
        assert [s["basis"] for s in scopes.json()["items"]] == ["company_agreement"]
    if central_status == 200:
        assert central.json()["name"] == CENTRAL
        assert len(central.json()["establishments"]) == 2
    if tree_status == 200:
        assert len(tree.json()["establishments"]) == 2

    await _with_password(email)
    await sign_in(client, email)
    page = await client.get("/organisation/etablissements", headers=HTML)
    tree_page = await client.get(f"/consultations/{consultation}/avis-des-etablissements", headers=HTML)
    expected_page = central_status if email != "admin@voisine.example" else 404  # their own organisation: no central
    assert (page.status_code, tree_page.status_code) == (expected_page, tree_status), email
    if expected_page == 200:
        assert "CSE central de l&#39;Association Les Tilleuls</h2>" in page.text
    if tree_status == 200:
        assert "CSE d&#39;établissement du SESSAD Les Lucioles" in tree_page.text


async def test_the_page_shows_the_designations_only_to_their_readers(client: Any) -> None:
    """The union designations keep their own rule (direction, board, delegates): an élu reads the rest."""
    await sign_in(client, "elu@demo.example")
    page = await client.get("/organisation/etablissements", headers=HTML)
    assert page.status_code == 200, page.text
    assert "Composition complète" in page.text
    assert "Désignations syndicales en vigueur" not in page.text
    await sign_in(client, DIRECTION)
    page = await client.get("/organisation/etablissements", headers=HTML)
    assert "Désignations syndicales en vigueur" in page.text


async def test_the_tree_page_links_only_the_consultations_the_reader_opens(client: Any, auth: Any) -> None:
    """An élu of Les Tilleuls' CSE reads the whole tree but opens only their own CSE's consultation (the service says
    which, the page follows)."""
    _, consultation = await _demo(client, auth)
    tree = (
        await client.get(f"/api/v1/consultations/{consultation}/establishment-opinions", headers=await auth(DIRECTION))
    ).json()
    ids = {e["body_name"]: e["consultation_id"] for e in tree["establishments"]}
    await _with_password("lea.dupont@demo.example")
    await sign_in(client, "lea.dupont@demo.example")
    page = await client.get(f"/consultations/{consultation}/avis-des-etablissements", headers=HTML)
    assert page.status_code == 200, page.text
    own = ids["CSE de l'Association Les Tilleuls"]
    other = ids["CSE d'établissement du SESSAD Les Lucioles"]
    assert f'href="/consultations/{own}"' in page.text
    assert f'href="/consultations/{other}"' not in page.text
    assert "Consulter aussi" not in page.text


async def test_a_past_mandate_reads_nothing(client: Any, auth: Any) -> None:
    """Mandate ended: the élu of the SESSAD's CSE no longer reads the company (403)."""
    from dialogue.bodies.tables import Member

    oid, consultation = await _demo(client, auth)
    user = await User.select(User.id).where(User.email == "samir.khelifi@demo.example").first()
    assert user is not None
    await Member.update({Member.mandate_end: date(2020, 1, 1)}).where(Member.user == user["id"])
    headers = await auth("samir.khelifi@demo.example")
    assert_problem(await client.get(f"/api/v1/organizations/{oid}/cse-central", headers=headers), 403)
    tree = f"/api/v1/consultations/{consultation}/establishment-opinions"
    assert_problem(await client.get(tree, headers=headers), 403)


# ------------------------------------------------------------------------------------ writes


@pytest.mark.parametrize(
    ("email", "status"),
    [
        ("direction@demo.example", 403),
        ("gouvernance@demo.example", 403),
        ("elu@demo.example", 403),
        ("secretaire@demo.example", 403),
        ("admin@voisine.example", 404),
    ],
)
async def test_only_the_admins_record_the_establishments(client: Any, auth: Any, email: str, status: int) -> None:
    """L2313-2 to L2313-5: the decision is recorded by the organisation's admins."""
    oid, _ = await _demo(client, auth)
    decision = {
        "basis": "employer_decision",
        "decided_on": "2026-11-02",
        "negotiation_attempted_on": "2026-10-01",
        "perimeters": [{"name": "Siège"}, {"name": "SESSAD"}],
    }
    url = f"/api/v1/organizations/{oid}/establishment-scopes"
    assert_problem(await client.post(url, json=decision, headers=await auth(email)), status)


@pytest.mark.parametrize(
    ("email", "status"),
    [
        ("gouvernance@demo.example", 403),
        ("elu@demo.example", 403),
        ("manon.leroy@demo.example", 403),  # titulaire of the central, secretary of the SESSAD only
        ("admin@demo.example", 403),  # admins manage bodies, they do not act in a body's name
        ("admin@voisine.example", 404),
    ],
)
async def test_only_the_centrals_president_and_secretary_link(client: Any, auth: Any, email: str, status: int) -> None:
    oid, consultation = await _demo(client, auth)
    bodies = (await client.get(f"/api/v1/organizations/{oid}/bodies", headers=await auth(DIRECTION))).json()
    tilleuls = next(b["id"] for b in bodies["items"] if b["name"] == "CSE de l'Association Les Tilleuls")
    url = f"/api/v1/consultations/{consultation}/establishment-opinions"
    assert_problem(await client.post(url, json={"body_id": tilleuls}, headers=await auth(email)), status)


@pytest.mark.parametrize(
    ("email", "status"),
    [
        ("gouvernance@demo.example", 403),
        ("elu@demo.example", 403),  # titulaire, not an officer
        ("samir.khelifi@demo.example", 403),
        ("admin@voisine.example", 404),
    ],
)
async def test_only_the_establishments_president_and_secretary_transmit(
    client: Any, auth: Any, email: str, status: int
) -> None:
    _, consultation = await _demo(client, auth)
    tree = (
        await client.get(f"/api/v1/consultations/{consultation}/establishment-opinions", headers=await auth(DIRECTION))
    ).json()
    sessad = next(e["consultation_id"] for e in tree["establishments"] if "SESSAD" in e["body_name"])
    url = f"/api/v1/consultations/{sessad}/transmit"
    assert_problem(await client.post(url, json={}, headers=await auth(email)), status)
