"""Consultations over HTTP: the deemed negative opinion is final (L2312-16), no deemed opinion below 50 (R2312-6),
no consultation of a CSSCT (L2315-38), the agreed-delay floor (configurable, UNVERIFIED), and the expertise
challenged in court that suspends the delay until the judgment (L2315-86, R2315-49)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from dialogue.core.clock import add_months, local_today
from tests.api.consultation_helpers import SMALL_PRESIDENT, body_of_kind, small_cse
from tests.api.meeting_helpers import cse_id, paris
from tests.factories import bearer_headers, make_body, make_organization
from tests.helpers.clock import FrozenClock
from tests.helpers.problems import assert_problem

YEAR = max(2031, local_today().year + 5)


async def _consultation_breakdown(
    client: Any, headers: dict[str, str], body: int, start: str, end: str
) -> dict[str, float]:
    response = await client.get(f"/api/v1/bodies/{body}/indicators", params={"from": start, "to": end}, headers=headers)
    assert response.status_code == 200, response.text
    items = {item["code"]: item for item in response.json()["items"]}
    breakdown: dict[str, float] = items["consultations_not_deemed_negative"]["breakdown"]
    return breakdown


async def _open(client: Any, headers: dict[str, str], body: int, **payload: Any) -> Any:
    return await client.post(
        f"/api/v1/bodies/{body}/consultations",
        headers=headers,
        json={"subject": "Projet de test", "kind": "ponctual", **payload},
    )


#: A CSE's id and its people's headers (secretary, director, elu, and a neighbour organisation's admin).
Far = tuple[int, dict[str, dict[str, str]]]


@pytest.fixture
async def far(db: Any, settings: Any) -> Far:
    """A CSE built by the factories, whose mandate (to 2035) still runs in YEAR, where the demo's has ended."""
    cse = await make_body(await make_organization(headcount=320), titulaires=1)
    neighbour = await make_organization()
    assert cse.secretary is not None and cse.president is not None
    secret = settings.secret_key.get_secret_value()
    people = {"secretary": cse.secretary, "director": cse.president, "elu": cse.titulaires[0]}
    people["neighbour"] = neighbour.admin
    return cse.id, {role: bearer_headers(person, secret=secret) for role, person in people.items()}


@pytest.fixture
async def people(auth: Any) -> dict[str, dict[str, str]]:
    return {
        "secretary": await auth("secretaire@demo.example"),
        "director": await auth("direction@demo.example"),
        "elu": await auth("elu@demo.example"),
        "neighbour": await auth("admin@voisine.example"),
    }


async def test_l2312_16_a_deemed_negative_opinion_is_final(client: Any, people: dict[str, dict[str, str]]) -> None:
    cse = await cse_id(client, people["secretary"])
    informed = local_today() - timedelta(days=70)
    created = await _open(client, people["secretary"], cse, informed_on=informed.isoformat())
    assert created.status_code == 201, created.text
    read = created.json()
    assert (read["status"], read["opinion"], read["final"]) == ("deemed_negative", "deemed_negative", True)
    assert read["status_label"] == "Avis réputé négatif — définitif (L2312-16)"
    assert read["deadline"] == add_months(informed, 1).isoformat()
    path = f"/api/v1/consultations/{read['id']}"
    for change in (
        {"expert_appointed": True, "expert_name": "Cabinet Tardif"},
        {"informed_on": local_today().isoformat()},
        {"agreed_delay_days": 90},
        {"description": "Simple correction"},
    ):
        refused = await client.patch(path, headers=people["secretary"], json=change)
        body = assert_problem(refused, 409, "consultation_deadline_passed")
        assert "L2312-16" in body["detail"], change
    challenge = await client.post(
        f"{path}/expertise-challenge", headers=people["director"], json={"filed_on": local_today().isoformat()}
    )
    assert "L2312-16" in assert_problem(challenge, 409, "consultation_deadline_passed")["detail"]
    after = (await client.get(path, headers=people["elu"])).json()
    assert (after["status"], after["informed_on"], after["expert_appointed"]) == (
        "deemed_negative",
        informed.isoformat(),
        False,
    )


async def test_l2315_38_a_cssct_is_never_consulted(client: Any, people: dict[str, dict[str, str]]) -> None:
    cssct = await body_of_kind(client, people["director"], "cssct")
    refused = await _open(client, people["director"], cssct, informed_on=local_today().isoformat())
    body = assert_problem(refused, 409, "cssct_not_consulted")
    assert "L2315-38" in body["detail"]
    listing = (await client.get(f"/api/v1/bodies/{cssct}/consultations", headers=people["director"])).json()
    assert listing["total"] == 0


async def test_r2312_6_no_deemed_opinion_under_50(client: Any, auth: Any) -> None:
    body = await small_cse(headcount=30)
    headers = await auth(SMALL_PRESIDENT)
    informed = local_today() - timedelta(days=90)
    created = await _open(client, headers, body, informed_on=informed.isoformat())
    assert created.status_code == 201, created.text
    read = created.json()
    assert (read["status"], read["deadline"], read["days_left"], read["opinion"], read["final"]) == (
        "open",
        None,
        None,
        None,
        False,
    )
    assert read["deemed_opinion_applies"] is False
    assert read["deadline_basis"] == "Pas d'avis réputé rendu en dessous de 50 salariés (R2312-6)"
    updated = await client.patch(
        f"/api/v1/consultations/{read['id']}", headers=headers, json={"description": "Toujours ouverte"}
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["status"] == "open"
    year = local_today().year
    breakdown = await _consultation_breakdown(client, headers, body, f"{year - 1}-01-01", f"{year + 1}-12-31")
    assert (breakdown["avis réputés négatifs"], breakdown["délai en cours"]) == (0.0, 0.0)


async def test_agreed_delay_below_the_floor_is_refused(client: Any, people: dict[str, dict[str, str]]) -> None:
    """L2312-16: an agreed delay must let the CSE give a useful opinion; floor 15 days by default (UNVERIFIED)."""
    cse = await cse_id(client, people["secretary"])
    today = local_today().isoformat()
    short = await _open(client, people["secretary"], cse, informed_on=today, agreed_delay_days=14)
    body = assert_problem(short, 409, "agreed_delay_too_short")
    assert "15 jours" in body["detail"] and "L2312-16" in body["detail"]
    ok = await _open(client, people["secretary"], cse, informed_on=today, agreed_delay_days=15)
    assert ok.status_code == 201, ok.text
    assert ok.json()["deadline"] == (local_today() + timedelta(days=15)).isoformat()
    shortened = await client.patch(
        f"/api/v1/consultations/{ok.json()['id']}", headers=people["secretary"], json={"agreed_delay_days": 10}
    )
    assert_problem(shortened, 409, "agreed_delay_too_short")


async def test_agreed_delay_floor_comes_from_the_settings(
    client: Any, app: Any, people: dict[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        app.state, "settings", app.state.settings.model_copy(update={"consultation_min_agreed_days": 21})
    )
    cse = await cse_id(client, people["secretary"])
    today = local_today().isoformat()
    refused = await _open(client, people["secretary"], cse, informed_on=today, agreed_delay_days=20)
    assert "21 jours" in assert_problem(refused, 409, "agreed_delay_too_short")["detail"]
    accepted = await _open(client, people["secretary"], cse, informed_on=today, agreed_delay_days=21)
    assert accepted.status_code == 201, accepted.text


async def test_l2315_86_a_challenged_expertise_suspends_the_delay_until_the_judgment(
    client: Any, far: Far, frozen_clock: FrozenClock
) -> None:
    cse, people = far
    frozen_clock.set(paris(YEAR, 1, 10, 10))
    created = await _open(
        client,
        people["secretary"],
        cse,
        informed_on=f"{YEAR}-01-05",
        expert_appointed=True,
        expert_name="Cabinet Prévention",
        expert_appointed_on=f"{YEAR}-01-08",
    )
    assert created.status_code == 201, created.text
    cid = created.json()["id"]
    assert created.json()["deadline"] == f"{YEAR}-03-05"  # 2 months with an expert (R2312-6)
    path = f"/api/v1/consultations/{cid}"

    frozen_clock.set(paris(YEAR, 1, 12, 10))
    filed = {"filed_on": f"{YEAR}-01-12"}
    assert_problem(await client.post(f"{path}/expertise-challenge", headers=people["elu"], json=filed), 403)
    assert_problem(await client.post(f"{path}/expertise-challenge", headers=people["secretary"], json=filed), 403)
    assert_problem(await client.post(f"{path}/expertise-challenge", headers=people["neighbour"], json=filed), 404)
    challenged = await client.post(f"{path}/expertise-challenge", headers=people["director"], json=filed)
    assert challenged.status_code == 200, challenged.text
    read = challenged.json()
    assert (read["status"], read["deadline"], read["challenge_filed_on"]) == ("suspended", None, f"{YEAR}-01-12")
    assert "L2315-86" in read["deadline_basis"]
    again = await client.post(f"{path}/expertise-challenge", headers=people["director"], json=filed)
    assert_problem(again, 409, "challenge_already_recorded")
    frozen = await client.patch(path, headers=people["secretary"], json={"expert_appointed_on": f"{YEAR}-01-11"})
    assert_problem(frozen, 409, "expertise_challenged")

    # Long after the two months: still suspended, no deemed opinion (nor in the indicators).
    frozen_clock.set(paris(YEAR, 5, 30, 18))
    assert (await client.get(path, headers=people["elu"])).json()["status"] == "suspended"
    breakdown = await _consultation_breakdown(client, people["director"], cse, f"{YEAR}-01-01", f"{YEAR}-12-31")
    assert breakdown["avis réputés négatifs"] == 0.0
    judgment = {"judgment_on": f"{YEAR}-05-30"}
    assert_problem(await client.post(f"{path}/expertise-judgment", headers=people["elu"], json=judgment), 403)
    resumed = await client.post(f"{path}/expertise-judgment", headers=people["director"], json=judgment)
    assert resumed.status_code == 200, resumed.text
    read = resumed.json()
    # 52 days were left on 12 January (deadline 5 March); they run from the judgment of 30 May.
    assert (read["status"], read["deadline"], read["judgment_on"]) == ("open", f"{YEAR}-07-21", f"{YEAR}-05-30")
    assert "52 jour(s)" in read["deadline_basis"]

    frozen_clock.set(paris(YEAR, 7, 22, 9))
    final = (await client.get(path, headers=people["elu"])).json()
    assert (final["status"], final["final"]) == ("deemed_negative", True)
    breakdown = await _consultation_breakdown(client, people["director"], cse, f"{YEAR}-07-01", f"{YEAR}-07-31")
    assert breakdown["avis réputés négatifs"] == 1.0


async def test_l2315_86_r2315_49_a_challenge_after_ten_days_is_refused(
    client: Any, far: Far, frozen_clock: FrozenClock
) -> None:
    cse, people = far
    frozen_clock.set(paris(YEAR, 2, 1, 10))
    created = await _open(
        client,
        people["secretary"],
        cse,
        informed_on=f"{YEAR}-01-05",
        expert_appointed=True,
        expert_appointed_on=f"{YEAR}-01-10",
    )
    path = f"/api/v1/consultations/{created.json()['id']}"
    late = await client.post(
        f"{path}/expertise-challenge", headers=people["director"], json={"filed_on": f"{YEAR}-01-21"}
    )
    body = assert_problem(late, 409, "challenge_too_late")
    assert "L2315-86" in body["detail"] and "R2315-49" in body["detail"]
    future = await client.post(
        f"{path}/expertise-challenge", headers=people["director"], json={"filed_on": f"{YEAR}-02-02"}
    )
    assert_problem(future, 422, "invalid_input")
    in_time = await client.post(
        f"{path}/expertise-challenge", headers=people["director"], json={"filed_on": f"{YEAR}-01-20"}
    )
    assert in_time.status_code == 200, in_time.text
    early = await client.post(
        f"{path}/expertise-judgment", headers=people["director"], json={"judgment_on": f"{YEAR}-01-19"}
    )
    assert_problem(early, 409, "judgment_before_challenge")


async def test_l2315_86_a_challenge_filed_in_time_but_recorded_after_the_deadline_suspends_it(
    client: Any, far: Far, frozen_clock: FrozenClock
) -> None:
    """The filing date wins: the judge was seized before the expiry, so no opinion was ever deemed (L2315-86)."""
    cse, people = far
    frozen_clock.set(paris(YEAR, 1, 10, 10))
    created = await _open(
        client,
        people["secretary"],
        cse,
        informed_on=f"{YEAR}-01-05",
        expert_appointed=True,
        expert_appointed_on=f"{YEAR}-01-08",
    )
    path = f"/api/v1/consultations/{created.json()['id']}"
    frozen_clock.set(paris(YEAR, 3, 20, 10))  # the two months ended on 5 March
    assert (await client.get(path, headers=people["elu"])).json()["status"] == "deemed_negative"
    recorded = await client.post(
        f"{path}/expertise-challenge", headers=people["director"], json={"filed_on": f"{YEAR}-01-15"}
    )
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["status"] == "suspended"
    after_expiry = await client.post(
        f"{path}/expertise-challenge", headers=people["director"], json={"filed_on": f"{YEAR}-03-10"}
    )
    assert_problem(after_expiry, 409, "challenge_already_recorded")


async def test_l2315_86_a_challenge_filed_after_the_deemed_opinion_cannot_reopen_it(
    client: Any, far: Far, frozen_clock: FrozenClock
) -> None:
    cse, people = far
    frozen_clock.set(paris(YEAR, 3, 1, 10))
    created = await _open(
        client,
        people["secretary"],
        cse,
        informed_on=f"{YEAR}-01-05",
        expert_appointed=True,
        expert_appointed_on=f"{YEAR}-02-28",
    )
    path = f"/api/v1/consultations/{created.json()['id']}"
    frozen_clock.set(paris(YEAR, 3, 20, 10))
    late = await client.post(
        f"{path}/expertise-challenge", headers=people["director"], json={"filed_on": f"{YEAR}-03-07"}
    )
    assert_problem(late, 409, "consultation_deadline_passed")
    assert (await client.get(path, headers=people["elu"])).json()["status"] == "deemed_negative"


async def test_l2315_86_no_expert_no_challenge(client: Any, people: dict[str, dict[str, str]]) -> None:
    cse = await cse_id(client, people["secretary"])
    created = await _open(client, people["secretary"], cse, informed_on=local_today().isoformat())
    path = f"/api/v1/consultations/{created.json()['id']}"
    refused = await client.post(
        f"{path}/expertise-challenge", headers=people["director"], json={"filed_on": local_today().isoformat()}
    )
    assert_problem(refused, 409, "no_expert_to_challenge")
    no_challenge = await client.post(
        f"{path}/expertise-judgment", headers=people["director"], json={"judgment_on": local_today().isoformat()}
    )
    assert_problem(no_challenge, 409, "no_challenge")


async def test_an_expert_appointed_later_is_dated_that_day(client: Any, people: dict[str, dict[str, str]]) -> None:
    cse = await cse_id(client, people["secretary"])
    created = await _open(client, people["secretary"], cse, informed_on=local_today().isoformat())
    assert created.json()["expert_appointed_on"] is None
    path = f"/api/v1/consultations/{created.json()['id']}"
    updated = await client.patch(path, headers=people["secretary"], json={"expert_appointed": True})
    assert updated.status_code == 200, updated.text
    assert updated.json()["expert_appointed_on"] == local_today().isoformat()
    withdrawn = await client.patch(path, headers=people["secretary"], json={"expert_appointed": False})
    assert withdrawn.json()["expert_appointed_on"] is None


async def test_the_demo_has_a_final_deemed_opinion_and_a_suspended_consultation(
    client: Any, people: dict[str, dict[str, str]]
) -> None:
    cse = await cse_id(client, people["elu"])
    items = (await client.get(f"/api/v1/bodies/{cse}/consultations", headers=people["elu"])).json()["items"]
    by_subject = {c["subject"]: c for c in items}
    deemed = by_subject["Vidéoprotection du parking de l'IME"]
    assert (deemed["status"], deemed["final"]) == ("deemed_negative", True)
    suspended = by_subject["Regroupement des services d'accueil de jour"]
    assert (suspended["status"], suspended["deadline"], suspended["judgment_on"]) == ("suspended", None, None)
    listed = await client.get(f"/api/v1/bodies/{cse}/consultations?status=suspended", headers=people["elu"])
    assert [c["subject"] for c in listed.json()["items"]] == ["Regroupement des services d'accueil de jour"]
