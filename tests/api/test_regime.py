"""A body's regime through the API and the pages (issue 12 §1-2): attributions by the company's headcount over
time (L2312-1 to L2312-3), seats and hours by the établissement (R2314-1), CSSCT by either (L2315-36)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from dialogue.core.clock import local_today
from tests.api.test_pages import sign_in
from tests.factories import bearer_headers, make_body, make_organization
from tests.helpers.problems import assert_problem

ADMIN = "admin@demo.example"
DIRECTION = "direction@demo.example"
NEIGHBOUR_ADMIN = "admin@voisine.example"


@pytest.fixture
async def small(db: Any, settings: Any) -> tuple[int, int, dict[str, str]]:
    """An association of 60 built by the factories, its CSE and its administrator's headers."""
    org = await make_organization(headcount=60)
    cse = await make_body(org, headcount_at_election=60, titulaires=1)
    return org.id, cse.id, bearer_headers(org.admin, secret=settings.secret_key.get_secret_value())


async def _bodies(client: Any, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    oid = (await client.get("/api/v1/me", headers=headers)).json()["organization_id"]
    items = (await client.get(f"/api/v1/organizations/{oid}/bodies?limit=100", headers=headers)).json()["items"]
    return {b["name"]: b for b in items}


async def test_l2312_1_sessad_cse_of_40_in_an_association_of_320_has_the_50_attributions(
    client: Any, auth: Any
) -> None:
    admin = await auth(ADMIN)
    sessad = (await _bodies(client, admin))["CSE d'établissement du SESSAD Les Lucioles"]
    regime = sessad["regime"]
    assert regime["full_remit"] is True
    assert regime["attributions_headcount"] == 320
    assert regime["perimeter_headcount"] == 40
    assert (regime["titulaires"], regime["delegation_hours_per_month"]) == (2, 10)  # R2314-1, 25-49
    assert regime["cssct_mandatory"] is False  # an établissement distinct of 40 (L2315-36: its own perimeter)
    assert "L2312-1" in regime["basis"] and "R2314-1" in regime["basis"]

    year = local_today().year + 1
    calendar = await client.get(f"/api/v1/bodies/{sessad['id']}/calendar/{year}", headers=admin)
    assert calendar.status_code == 200, calendar.text
    # 300+ company: monthly meetings (L2315-28), 4 of them on SSCT (L2315-27), whatever the establishment's size.
    assert calendar.json()["required_ordinary"] == 12
    assert calendar.json()["required_ssct"] == 4


async def test_l2315_36_establishment_reads_show_company_attributions_and_own_seats(client: Any, auth: Any) -> None:
    admin = await auth(ADMIN)
    oid = (await client.get("/api/v1/me", headers=admin)).json()["organization_id"]
    rows = (await client.get(f"/api/v1/organizations/{oid}/establishments", headers=admin)).json()
    items = rows["items"] if isinstance(rows, dict) else rows
    sessad = next(e for e in items if e["name"].startswith("SESSAD"))
    assert sessad["regime"]["full_remit"] is True
    assert sessad["regime"]["titulaires"] == 2
    ehpad = next(e for e in items if e["name"].startswith("EHPAD"))
    assert (ehpad["regime"]["titulaires"], ehpad["regime"]["delegation_hours_per_month"]) == (9, 21)  # 175-199


async def test_l2312_3_fall_below_50_during_the_mandate_keeps_the_attributions_until_renewal(
    client: Any, small: tuple[int, int, dict[str, str]]
) -> None:
    oid, cse_id, admin = small
    cse = {"id": cse_id}
    today = local_today()
    shrunk = await client.patch(f"/api/v1/organizations/{oid}", json={"headcount": 42}, headers=admin)
    assert shrunk.status_code == 200, shrunk.text
    changed = await client.patch(
        f"/api/v1/bodies/{cse['id']}",
        json={
            "headcount_at_election": 58,
            "mandate_start": str(today - timedelta(days=400)),
            "mandate_end": str(today + timedelta(days=900)),
        },
        headers=admin,
    )
    assert changed.status_code == 200, changed.text
    regime = changed.json()["regime"]
    assert regime["full_remit"] is True
    assert regime["attributions_headcount"] == 58
    assert "L2312-3" in regime["basis"]
    calendar = (await client.get(f"/api/v1/bodies/{cse['id']}/calendar/{today.year + 1}", headers=admin)).json()
    assert calendar["required_ssct"] == 4

    renewed = await client.patch(
        f"/api/v1/bodies/{cse['id']}",
        json={"mandate_start": str(today - timedelta(days=1500)), "mandate_end": str(today - timedelta(days=1))},
        headers=admin,
    )
    assert renewed.status_code == 200, renewed.text
    assert renewed.json()["regime"]["full_remit"] is False
    calendar = (await client.get(f"/api/v1/bodies/{cse['id']}/calendar/{today.year + 1}", headers=admin)).json()
    assert calendar["required_ssct"] == 0
    assert calendar["required_ordinary"] == 12  # monthly under 50 (L2315-21)


async def test_l2312_2_threshold_reached_recently_gives_the_50_attributions_only_after_12_months(
    client: Any, auth: Any
) -> None:
    admin = await auth(NEIGHBOUR_ADMIN)
    oid = (await client.get("/api/v1/me", headers=admin)).json()["organization_id"]
    cse = (await _bodies(client, admin))["CSE de La Voisine"]
    reached = local_today() - timedelta(days=100)
    updated = await client.patch(f"/api/v1/organizations/{oid}", json={"fifty_reached_on": str(reached)}, headers=admin)
    assert updated.status_code == 200, updated.text
    assert updated.json()["regime"]["full_remit"] is False
    assert "L2312-2" in updated.json()["regime"]["basis"]
    body = (await client.get(f"/api/v1/bodies/{cse['id']}", headers=admin)).json()
    assert body["regime"]["full_remit"] is False
    assert body["regime"]["recurrent_consultations"] is False


async def test_mandate_ending_before_it_starts_is_refused_and_nothing_changes(
    client: Any, small: tuple[int, int, dict[str, str]]
) -> None:
    _, cse_id, admin = small
    cse = (await client.get(f"/api/v1/bodies/{cse_id}", headers=admin)).json()
    refused = await client.patch(
        f"/api/v1/bodies/{cse['id']}",
        json={"mandate_start": "2026-03-01", "mandate_end": "2025-03-01"},
        headers=admin,
    )
    assert_problem(refused, 422)
    assert "la fin du mandat doit suivre son début" in refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    after = (await client.get(f"/api/v1/bodies/{cse['id']}", headers=admin)).json()
    assert (after["mandate_start"], after["mandate_end"]) == (cse["mandate_start"], cse["mandate_end"])


async def test_body_page_shows_the_regime_of_the_establishment_cse(client: Any, auth: Any) -> None:
    sessad = (await _bodies(client, await auth(ADMIN)))["CSE d'établissement du SESSAD Les Lucioles"]
    await sign_in(client, DIRECTION)
    page = await client.get(f"/instances/{sessad['id']}")
    assert page.status_code == 200, page.text
    assert "Régime légal" in page.text
    assert "2 titulaires, 10 h par mois chacun" in page.text
    assert "L2312-1" in page.text
