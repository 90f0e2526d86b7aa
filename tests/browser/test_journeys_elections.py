"""CSE elections in a real browser, from the calendar to the elected members: the director opens an election
(through the API, as the organiser's tools would), files the lists, records the count; at each step the election
page shows what the law checks (L2314-4/-5/-6 calendar and PAP, L2314-30 lists, L2314-29 quorum and strikings-out,
R2314-19/-20 seats). Then the demo's 2024 election: its 2nd round and the élus now seated in the CSE. The
journey proclaims nothing (one live server for every journey: the demo CSE's members stay as they are). Every page
is checked by axe-core."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import assert_accessible, sign_in

TITLE = "Élection de parcours navigateur"


def _api(page: Any, base: str) -> tuple[Any, dict[str, str], int]:
    token = page.request.post(
        f"{base}/api/v1/auth/token", data={"email": "direction@demo.example", "password": "demo-password"}
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    me = page.request.get(f"{base}/api/v1/me", headers=headers).json()
    return page.request, headers, int(me["organization_id"])


def _candidate(name: str, sex: str) -> dict[str, str]:
    return {"full_name": name, "sex": sex, "email": name.lower().replace(" ", ".") + "@parcours.example"}


@pytest.mark.timeout(180)
def test_director_follows_an_election_from_calendar_to_elected_members(live_server: str, new_page: Any) -> None:
    director = new_page()
    sign_in(director, live_server, "direction@demo.example")
    api, headers, org = _api(director, live_server)
    created = api.post(
        f"{live_server}/api/v1/organizations/{org}/elections",
        headers=headers,
        data={
            "title": TITLE,
            "headcount": 30,
            "staff_informed_on": "2026-09-01",
            "unions_invited_on": "2026-09-01",
            "pap_first_meeting_on": "2026-09-10",
            "pap_negotiators": ["CFDT", "CGT"],
            "pap_signatories": ["CFDT"],
            "round1_on": "2026-11-05",
            "colleges": [
                {"name": "Collège unique", "category": "ouvriers_employes", "staff": 30, "women": 20, "men": 10}
            ],
        },
    )
    assert created.status == 201, created.text()
    eid = created.json()["id"]

    director.get_by_role("link", name="Élections", exact=True).click()
    assert_accessible(director)
    director.get_by_role("link", name=TITLE).click()
    assert director.get_by_role("heading", level=1).inner_text() == TITLE
    # L2314-5: invited on 1 September for a first meeting on the 10th, less than 15 days.
    assert director.get_by_text("Invitation après le 26/08/2026 (L2314-5).").is_visible()
    # L2314-6: one of the two negotiating unions signed, no majority.
    assert director.get_by_text("Signé par 1 des 2 syndicats ayant négocié : pas la majorité (L2314-6).").is_visible()
    assert_accessible(director)

    refused = api.post(
        f"{live_server}/api/v1/elections/{eid}/lists",
        headers=headers,
        data={
            "college": "Collège unique",
            "kind": "titulaires",
            "union": "CGT",
            "filed_on": "2026-10-01",
            "candidates": [_candidate("Marc Aubert", "M"), _candidate("Luc Berger", "M")],
        },
    )
    assert refused.status == 422
    assert "L2314-30" in refused.json()["detail"]
    lists = {}
    for union, people in [
        ("CFDT", [_candidate("Anne Colas", "F"), _candidate("Hugo Denis", "M")]),
        ("CGT", [_candidate("Marc Aubert", "M"), _candidate("Zoé Fabre", "F")]),
    ]:
        filed = api.post(
            f"{live_server}/api/v1/elections/{eid}/lists",
            headers=headers,
            data={
                "college": "Collège unique",
                "kind": "titulaires",
                "union": union,
                "filed_on": "2026-10-01",
                "candidates": people,
            },
        )
        assert filed.status == 201, filed.text()
        lists[union] = filed.json()["id"]
    director.reload()
    assert director.get_by_role("heading", name="CFDT — Collège unique, Titulaires (tour 1)").is_visible()
    assert director.get_by_text("Anne Colas (F) — protégé jusqu'au 01/04/2027 (L2411-7)").is_visible()
    assert_accessible(director)

    counted = api.post(
        f"{live_server}/api/v1/elections/{eid}/results",
        headers=headers,
        data={
            "college": "Collège unique",
            "kind": "titulaires",
            "registered": 28,
            "voters": 24,
            "blank_null": 2,
            "lists": [
                {"list_id": lists["CFDT"], "ballots": 14, "ratures": {"1": 2}},
                {"list_id": lists["CGT"], "ballots": 8},
            ],
        },
    )
    assert counted.status == 201, counted.text()
    director.reload()
    seats = director.get_by_role("region", name="Répartition des sièges")
    assert "CFDT 1" in seats.inner_text() and "CGT 1" in seats.inner_text()
    elected = director.get_by_role("region", name="Élus").inner_text()
    # CFDT's head of list struck out on 2 ballots of 14 (14 % ≥ 10 %): Hugo Denis takes the seat (L2314-29).
    assert "Hugo Denis" in elected and "Anne Colas" not in elected and "Marc Aubert" in elected
    assert_accessible(director)
    pdf = director.request.get(f"{live_server}/api/v1/elections/{eid}/pv.pdf", headers=headers)
    assert pdf.body().startswith(b"%PDF")

    # The demo's 2024 election: a 2nd round in the 2nd college, and its élus seated in the CSE.
    director.get_by_role("link", name="Élections du CSE").first.click()
    director.get_by_role("link", name="Élections du CSE 2024").click()
    assert director.get_by_text("Quorum non atteint au premier tour (L2314-29)").is_visible()
    elus = director.get_by_role("region", name="Élus")
    assert elus.get_by_role("cell", name="Camille Lefèvre").is_visible()
    assert elus.get_by_role("cell", name="Marc Fontaine").is_visible()
    assert_accessible(director)

    elu = new_page()
    sign_in(elu, live_server, "elu@demo.example")
    elu.get_by_role("link", name="Élections", exact=True).click()
    elu.get_by_role("link", name="Élections du CSE 2024").click()
    assert elu.get_by_role("cell", name="Julien Moreau").first.is_visible()
    assert_accessible(elu)
