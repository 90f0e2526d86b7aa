"""Negotiations over HTTP: the director's acceptance path, every bad input of the issue, permissions, isolation."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from dialogue.core.clock import local_today
from dialogue.negotiations.schemas import Topic
from tests.api.negotiation_helpers import RESULTS, Negotiators, build_negotiators
from tests.api.test_foundation import org_id
from tests.factories import make_negotiation
from tests.helpers.clock import FrozenClock
from tests.helpers.problems import assert_problem

#: The day every test runs on (the clock is frozen there): the 2024 election is in force, last year's égalité
#: negotiation opened more than 12 months ago.
TODAY = date(2026, 12, 1)


@pytest.fixture
async def world(settings: Any, frozen_clock: FrozenClock) -> Negotiators:
    frozen_clock.set(TODAY)
    return await build_negotiators(secret=settings.secret_key.get_secret_value())


def _direction(world: Negotiators) -> tuple[dict[str, str], int]:
    return world.auth("direction"), world.organization_id


async def _last_years_equality(world: Negotiators) -> None:
    """Last year's égalité / QVCT negotiation, opened on 15 September (the base of the NAO calendar)."""
    await make_negotiation(world.table, topic=Topic.egalite_qvct, opened_on=date(TODAY.year - 1, 9, 15))


async def _open_nao(client: Any, headers: dict[str, str], oid: int, **extra: Any) -> dict[str, Any]:
    created = await client.post(
        f"/api/v1/organizations/{oid}/negotiations", headers=headers, json={"topic": "remuneration", **extra}
    )
    assert created.status_code == 201, created.text
    if created.json()["status"] == "open":
        return dict(created.json())
    opened = await client.post(
        f"/api/v1/negotiations/{created.json()['id']}/status", headers=headers, json={"status": "open"}
    )
    assert opened.status_code == 200, opened.text
    return dict(opened.json())


async def _session(client: Any, headers: dict[str, str], nid: int, day: date, **extra: Any) -> Any:
    return await client.post(
        f"/api/v1/negotiations/{nid}/sessions",
        headers=headers,
        json={"starts_at": f"{day.isoformat()}T14:00:00+01:00", "location": "Siège", **extra},
    )


async def test_director_records_results_opens_the_nao_and_sees_validity_reach_the_majority(
    client: Any, world: Negotiators
) -> None:
    """Acceptance (issue 5): results, NAO on pay, two sessions, signatures at 34 % then 58 % (L2232-12)."""
    headers, oid = _direction(world)
    recorded = await client.post(f"/api/v1/organizations/{oid}/election-results", headers=headers, json=RESULTS)
    assert recorded.status_code == 201, recorded.text
    scores = {s["union"]: s for s in recorded.json()["scores"]}
    assert scores["CFDT"]["weight_percent"] == 34.0
    assert scores["SUD Santé Sociaux"]["weight_percent"] == 24.0
    assert scores["UNSA"]["representative"] is False
    assert recorded.json()["in_force"] is True
    assert "UNSA" not in recorded.json()["representative_unions"]

    nao = await _open_nao(client, headers, oid)
    assert nao["status"] == "open"
    assert nao["year"] == TODAY.year
    assert nao["title"].startswith(f"NAO {TODAY.year}")
    nid = nao["id"]
    first = await _session(client, headers, nid, TODAY, attendees=[{"name": "Nathalie Perrot", "party": "CFDT"}])
    assert first.status_code == 201, first.text
    second = await _session(client, headers, nid, TODAY + timedelta(days=14))
    assert second.status_code == 201
    assert [first.json()["number"], second.json()["number"]] == [1, 2]
    assert (await client.get(f"/api/v1/negotiations/{nid}", headers=headers)).json()["status"] == "in_progress"

    cfdt = await client.post(f"/api/v1/negotiations/{nid}/signatures", headers=headers, json={"union": "CFDT"})
    assert cfdt.status_code == 201, cfdt.text
    assert cfdt.json()["signatories_weight_percent"] == 34.0
    negotiation = (await client.get(f"/api/v1/negotiations/{nid}", headers=headers)).json()
    assert negotiation["status"] == "agreement_signed"
    assert negotiation["validity"] == "referendum_possible"
    assert negotiation["stage"] == "awaiting_referendum"

    sud = await client.post(
        f"/api/v1/negotiations/{nid}/signatures", headers=headers, json={"union": "sud santé sociaux"}
    )
    assert sud.status_code == 201, sud.text
    assert sud.json()["union"] == "SUD Santé Sociaux"
    negotiation = (await client.get(f"/api/v1/negotiations/{nid}", headers=headers)).json()
    assert negotiation["signatories_weight_percent"] == 58.0
    assert negotiation["validity"] == "valid"
    assert negotiation["stage"] == "awaiting_deposit"
    assert negotiation["in_force"] is False
    listed = (await client.get(f"/api/v1/organizations/{oid}/negotiations?year={TODAY.year}", headers=headers)).json()
    assert nid in {n["id"] for n in listed["items"]}


async def test_deposit_then_agrement_puts_a_non_profit_agreement_in_force_l314_6_casf(
    client: Any, world: Negotiators
) -> None:
    headers, oid = _direction(world)
    nid = (await _open_nao(client, headers, oid, opened_on=(TODAY - timedelta(days=30)).isoformat()))["id"]
    day = (TODAY - timedelta(days=10)).isoformat()
    for union in ("CFDT", "CGT"):
        response = await client.post(
            f"/api/v1/negotiations/{nid}/signatures", headers=headers, json={"union": union, "signed_on": day}
        )
        assert response.status_code == 201, response.text
    deposited = await client.post(
        f"/api/v1/negotiations/{nid}/deposit",
        headers=headers,
        json={"deposited_on": (TODAY - timedelta(days=8)).isoformat(), "reference": "T06926000123"},
    )
    assert deposited.status_code == 200, deposited.text
    assert deposited.json()["stage"] == "awaiting_agrement"
    assert deposited.json()["agrement"]["required"] is True
    granted = await client.post(
        f"/api/v1/negotiations/{nid}/agrement",
        headers=headers,
        json={
            "submitted_on": (TODAY - timedelta(days=7)).isoformat(),
            "decision": "granted",
            "decided_on": (TODAY - timedelta(days=1)).isoformat(),
        },
    )
    assert granted.status_code == 200, granted.text
    assert granted.json()["stage"] == "in_force"
    assert granted.json()["in_force"] is True
    assert_problem(
        await client.post(
            f"/api/v1/negotiations/{nid}/agrement",
            headers=headers,
            json={"decision": "refused", "decided_on": TODAY.isoformat()},
        ),
        409,
    )


# ------------------------------------------------------------------------------------ bad input of the issue


async def test_signature_by_a_union_not_at_the_table_is_409(client: Any, world: Negotiators) -> None:
    headers, oid = _direction(world)
    nid = (await _open_nao(client, headers, oid))["id"]
    body = assert_problem(
        await client.post(f"/api/v1/negotiations/{nid}/signatures", headers=headers, json={"union": "UNSA"}), 409
    )
    assert body["code"] == "union_not_at_table"
    negotiation = (await client.get(f"/api/v1/negotiations/{nid}", headers=headers)).json()
    assert negotiation["signatures"] == []
    assert negotiation["status"] == "open"


async def test_the_same_union_signing_twice_is_409(client: Any, world: Negotiators) -> None:
    headers, oid = _direction(world)
    nid = (await _open_nao(client, headers, oid))["id"]
    ok = await client.post(f"/api/v1/negotiations/{nid}/signatures", headers=headers, json={"union": "CGT"})
    assert ok.status_code == 201
    body = assert_problem(
        await client.post(f"/api/v1/negotiations/{nid}/signatures", headers=headers, json={"union": " cgt "}), 409
    )
    assert body["code"] == "already_signed"
    assert len((await client.get(f"/api/v1/negotiations/{nid}/signatures", headers=headers)).json()["items"]) == 1


@pytest.mark.parametrize(
    ("college_patch", "field"),
    [
        ({"votes_cast": 100}, "colleges[0].union_votes"),
        ({"union_votes": [{"union": "CFDT", "votes": 50, "percent": 60}]}, "colleges[0].union_votes[0].percent"),
        ({"union_votes": [{"union": "CFDT", "votes": 500}]}, "colleges[0].union_votes[0].votes"),
        ({"registered": 450, "voters": 500}, "colleges[0].voters"),
        ({"registered": 600, "voters": 300}, "colleges[0].votes_cast"),
        (
            {"union_votes": [{"union": "CFDT", "votes": 5}, {"union": "cfdt", "votes": 5}]},
            "colleges[0].union_votes[1].union",
        ),
        ({"union_votes": [{"union": "CFDT", "votes": -5}]}, "colleges.0.union_votes.0.votes"),
    ],
    ids=[
        "sum-over-cast",
        "percent-mismatch",
        "votes-over-cast",
        "voters-over-registered",
        "cast-over-voters",
        "duplicate-union",
        "negative",
    ],
)
async def test_election_figures_that_do_not_add_up_are_422_naming_the_field(
    client: Any, world: Negotiators, college_patch: dict[str, Any], field: str
) -> None:
    headers, oid = _direction(world)
    before = (await client.get(f"/api/v1/organizations/{oid}/election-results", headers=headers)).json()["total"]
    payload: dict[str, Any] = {
        "election_date": "2024-03-05",
        "colleges": [
            {
                "name": "Unique",
                "votes_cast": 400,
                "union_votes": [{"union": "CFDT", "votes": 250}, {"union": "CGT", "votes": 140}],
            }
        ],
    }
    payload["colleges"][0].update(college_patch)
    body = assert_problem(
        await client.post(f"/api/v1/organizations/{oid}/election-results", headers=headers, json=payload), 422
    )
    assert field in {e["field"] for e in body["errors"]}, body
    after = (await client.get(f"/api/v1/organizations/{oid}/election-results", headers=headers)).json()["total"]
    assert after == before


async def test_election_in_the_future_or_without_votes_is_422(client: Any, world: Negotiators) -> None:
    headers, oid = _direction(world)
    future = {**RESULTS, "election_date": (TODAY + timedelta(days=3)).isoformat()}
    body = assert_problem(
        await client.post(f"/api/v1/organizations/{oid}/election-results", headers=headers, json=future), 422
    )
    assert "election_date" in {e["field"] for e in body["errors"]}
    empty = {
        "election_date": "2024-03-05",
        "colleges": [{"name": "Unique", "votes_cast": 0, "union_votes": [{"union": "CFDT", "votes": 0}]}],
    }
    body = assert_problem(
        await client.post(f"/api/v1/organizations/{oid}/election-results", headers=headers, json=empty), 422
    )
    assert "colleges" in {e["field"] for e in body["errors"]}


async def test_a_referendum_below_the_30_percent_threshold_is_409(client: Any, world: Negotiators) -> None:
    headers, oid = _direction(world)
    nid = (await _open_nao(client, headers, oid))["id"]
    fo = await client.post(f"/api/v1/negotiations/{nid}/signatures", headers=headers, json={"union": "FO"})
    assert fo.json()["validity"] == "not_valid"
    body = assert_problem(
        await client.post(
            f"/api/v1/negotiations/{nid}/referendum", headers=headers, json={"requested_by": "signatories"}
        ),
        409,
    )
    assert body["code"] == "referendum_not_possible"
    assert "30 %" in body["detail"]
    assert (await client.get(f"/api/v1/negotiations/{nid}", headers=headers)).json()["referendum"][
        "requested_on"
    ] is None


async def test_a_referendum_before_any_signature_is_409(client: Any, world: Negotiators) -> None:
    headers, oid = _direction(world)
    nid = (await _open_nao(client, headers, oid))["id"]
    assert_problem(
        await client.post(f"/api/v1/negotiations/{nid}/referendum", headers=headers, json={"requested_by": "employer"}),
        409,
    )


async def test_referendum_between_30_and_50_percent_validates_the_agreement_l2232_12(
    client: Any, world: Negotiators
) -> None:
    headers, oid = _direction(world)
    nid = (await _open_nao(client, headers, oid))["id"]
    await client.post(f"/api/v1/negotiations/{nid}/signatures", headers=headers, json={"union": "CFDT"})
    requested = await client.post(
        f"/api/v1/negotiations/{nid}/referendum", headers=headers, json={"requested_by": "signatories"}
    )
    assert requested.status_code == 200, requested.text
    timeline = requested.json()["referendum"]
    assert timeline["further_signatures_until"] == (TODAY + timedelta(days=8)).isoformat()
    assert timeline["consultation_by"] is not None
    # The employer may not ask during the signatories' month (L2232-12): already requested anyway → 409.
    assert_problem(
        await client.post(f"/api/v1/negotiations/{nid}/referendum", headers=headers, json={"requested_by": "employer"}),
        409,
    )
    result = await client.post(
        f"/api/v1/negotiations/{nid}/referendum/result",
        headers=headers,
        json={"held_on": TODAY.isoformat(), "votes_for": 212, "votes_against": 148},
    )
    assert result.status_code == 200, result.text
    assert result.json()["validity"] == "valid"
    assert result.json()["referendum"]["approved"] is True


async def test_employer_referendum_request_inside_the_signatories_month_is_409(client: Any, world: Negotiators) -> None:
    headers, oid = _direction(world)
    nid = (await _open_nao(client, headers, oid))["id"]
    await client.post(f"/api/v1/negotiations/{nid}/signatures", headers=headers, json={"union": "CGT"})
    await client.post(f"/api/v1/negotiations/{nid}/signatures", headers=headers, json={"union": "FO"})
    body = assert_problem(
        await client.post(f"/api/v1/negotiations/{nid}/referendum", headers=headers, json={"requested_by": "employer"}),
        409,
    )
    assert body["code"] == "referendum_window"


# ------------------------------------------------------------------------------------ workflow and other inputs


async def test_illegal_status_transitions_are_409(client: Any, world: Negotiators) -> None:
    headers, oid = _direction(world)
    created = await client.post(
        f"/api/v1/organizations/{oid}/negotiations", headers=headers, json={"topic": "egalite_qvct"}
    )
    nid = created.json()["id"]
    assert created.json()["status"] == "planned"
    assert_problem(
        await client.post(f"/api/v1/negotiations/{nid}/status", headers=headers, json={"status": "in_progress"}), 409
    )
    # Sessions and signatures need an opened negotiation.
    assert_problem(await _session(client, headers, nid, TODAY), 409)
    assert_problem(
        await client.post(f"/api/v1/negotiations/{nid}/signatures", headers=headers, json={"union": "CFDT"}), 409
    )
    body = assert_problem(
        await client.post(f"/api/v1/negotiations/{nid}/status", headers=headers, json={"status": "abandoned"}), 422
    )
    assert "reason" in {e["field"] for e in body["errors"]}
    abandoned = await client.post(
        f"/api/v1/negotiations/{nid}/status",
        headers=headers,
        json={"status": "abandoned", "reason": "Reportée après la fusion des établissements"},
    )
    assert abandoned.status_code == 200
    assert abandoned.json()["status"] == "abandoned"
    assert_problem(
        await client.post(f"/api/v1/negotiations/{nid}/status", headers=headers, json={"status": "open"}), 409
    )


async def test_disagreement_records_final_positions_and_unilateral_measures_l2242_5(
    client: Any, world: Negotiators
) -> None:
    headers, oid = _direction(world)
    nid = (await _open_nao(client, headers, oid))["id"]
    assert (await _session(client, headers, nid, TODAY)).status_code == 201
    payload = {
        "final_positions": [
            {"party": "employer", "position": "Titres-restaurant à 8 €."},
            {"party": "CGT", "position": "Prime de 600 € pour tous."},
        ],
        "unilateral_measures": "Titres-restaurant portés à 8 € au 1er avril.",
    }
    bad = {**payload, "final_positions": [{"party": "UNSA", "position": "x"}]}
    body = assert_problem(await client.post(f"/api/v1/negotiations/{nid}/disagreement", headers=headers, json=bad), 422)
    assert "final_positions[0].party" in {e["field"] for e in body["errors"]}
    recorded = await client.post(f"/api/v1/negotiations/{nid}/disagreement", headers=headers, json=payload)
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["status"] == "disagreement_recorded"
    assert recorded.json()["disagreement"]["final_positions"][1]["party"] == "CGT"
    assert_problem(
        await client.post(f"/api/v1/negotiations/{nid}/signatures", headers=headers, json={"union": "CFDT"}), 409
    )
    deposited = await client.post(
        f"/api/v1/negotiations/{nid}/deposit", headers=headers, json={"deposited_on": TODAY.isoformat()}
    )
    assert deposited.status_code == 200


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"topic": "other"}, "subject"),
        ({"topic": "salaires"}, "topic"),
        ({"topic": "remuneration", "opened_on": "2999-01-01"}, "opened_on"),
        ({"topic": "remuneration", "table_body_id": 999999}, "table_body_id"),
        ({"topic": "remuneration", "method_agreement_id": 999999}, "method_agreement_id"),
        ({"topic": "remuneration", "colour": "red"}, "colour"),
    ],
)
async def test_bad_negotiations_are_422_naming_the_field(
    client: Any, world: Negotiators, payload: dict[str, Any], field: str
) -> None:
    headers, oid = _direction(world)
    body = assert_problem(
        await client.post(f"/api/v1/organizations/{oid}/negotiations", headers=headers, json=payload), 422
    )
    assert field in {e["field"] for e in body["errors"]}


async def test_gepp_is_refused_below_300_employees_l2242_2(client: Any, world: Negotiators) -> None:
    headers, oid = _direction(world)
    await client.patch(f"/api/v1/organizations/{oid}", headers=world.auth("admin"), json={"headcount": 280})
    body = assert_problem(
        await client.post(f"/api/v1/organizations/{oid}/negotiations", headers=headers, json={"topic": "gepp"}), 422
    )
    assert "topic" in {e["field"] for e in body["errors"]}
    schedule = (await client.get(f"/api/v1/organizations/{oid}/nao-schedule", headers=headers)).json()
    assert [b["block"] for b in schedule["blocks"]] == ["remuneration", "egalite_qvct"]


async def test_positions_are_kept_in_order_per_party(client: Any, world: Negotiators) -> None:
    headers, oid = _direction(world)
    nid = (await _open_nao(client, headers, oid))["id"]
    session = (await _session(client, headers, nid, TODAY)).json()
    for party, content in [("CGT", "Prime de 600 €"), ("employer", "Titres-restaurant à 8 €"), ("CFDT", "9 €")]:
        response = await client.post(
            f"/api/v1/negotiations/{nid}/positions",
            headers=headers,
            json={"party": party, "content": content, "session_id": session["id"]},
        )
        assert response.status_code == 201, response.text
    positions = (await client.get(f"/api/v1/negotiations/{nid}/positions", headers=headers)).json()["items"]
    assert [(p["sequence"], p["party"]) for p in positions] == [(1, "CGT"), (2, "employer"), (3, "CFDT")]
    assert_problem(
        await client.post(
            f"/api/v1/negotiations/{nid}/positions", headers=headers, json={"party": "UNSA", "content": "x"}
        ),
        409,
    )


# ------------------------------------------------------------------------------------ permissions and isolation


async def test_a_delegate_signs_for_their_union_only(client: Any, world: Negotiators) -> None:
    headers, oid = _direction(world)
    nid = (await _open_nao(client, headers, oid))["id"]
    cgt = world.auth("cgt")
    assert_problem(
        await client.post(f"/api/v1/negotiations/{nid}/signatures", headers=cgt, json={"union": "CFDT"}), 403
    )
    signed = await client.post(f"/api/v1/negotiations/{nid}/signatures", headers=cgt, json={"union": "CGT"})
    assert signed.status_code == 201, signed.text
    assert signed.json()["signatory_name"] == "Rachid Amrani"
    assert signed.json()["signatory_member_id"] is not None
    # A delegate reads but does not manage.
    assert (await client.get(f"/api/v1/negotiations/{nid}", headers=cgt)).status_code == 200
    assert_problem(
        await client.post(f"/api/v1/organizations/{oid}/negotiations", headers=cgt, json={"topic": "remuneration"}), 403
    )


@pytest.mark.parametrize("who", ["secretary", "elu"])
async def test_cse_members_neither_manage_nor_read_negotiations(client: Any, world: Negotiators, who: str) -> None:
    headers, oid = _direction(world)
    nid = (await _open_nao(client, headers, oid))["id"]
    other = world.auth(who)
    assert_problem(await client.get(f"/api/v1/negotiations/{nid}", headers=other), 403)
    assert_problem(
        await client.post(f"/api/v1/negotiations/{nid}/signatures", headers=other, json={"union": "CFDT"}), 403
    )
    assert_problem(await client.post(f"/api/v1/organizations/{oid}/election-results", headers=other, json=RESULTS), 403)


async def test_gouvernance_reads_but_does_not_act(client: Any, world: Negotiators) -> None:
    headers, oid = _direction(world)
    nid = (await _open_nao(client, headers, oid))["id"]
    board = world.auth("gouvernance")
    assert (await client.get(f"/api/v1/negotiations/{nid}", headers=board)).status_code == 200
    assert (await client.get(f"/api/v1/organizations/{oid}/negotiations", headers=board)).status_code == 200
    assert (await client.get(f"/api/v1/organizations/{oid}/nao-schedule", headers=board)).status_code == 200
    assert_problem(
        await client.post(f"/api/v1/negotiations/{nid}/status", headers=board, json={"status": "in_progress"}), 403
    )
    assert_problem(await _session(client, board, nid, TODAY), 403)


async def test_another_organisation_gets_404_everywhere(client: Any, world: Negotiators) -> None:
    headers, oid = _direction(world)
    nid = (await _open_nao(client, headers, oid))["id"]
    election = (await client.get(f"/api/v1/organizations/{oid}/election-results", headers=headers)).json()["items"][0]
    neighbour = world.auth("neighbour")
    for path in (
        f"/api/v1/negotiations/{nid}",
        f"/api/v1/negotiations/{nid}/sessions",
        f"/api/v1/negotiations/{nid}/signatures",
        f"/api/v1/organizations/{oid}/negotiations",
        f"/api/v1/organizations/{oid}/election-results",
        f"/api/v1/organizations/{oid}/nao-schedule",
        f"/api/v1/election-results/{election['id']}",
    ):
        assert_problem(await client.get(path, headers=neighbour), 404)
    assert_problem(
        await client.post(f"/api/v1/negotiations/{nid}/signatures", headers=neighbour, json={"union": "CFDT"}), 404
    )
    assert_problem(await client.get("/api/v1/negotiations/999999", headers=headers), 404)


# ------------------------------------------------------------------------------------ demo, calendar, requests


async def test_demo_director_view(client: Any, auth: Any) -> None:
    """The demo's own data as its director sees it (this test is about the demo: it uses the demo's accounts)."""
    headers = await auth("direction@demo.example")
    oid = await org_id(client, headers)
    today = local_today()
    results = (await client.get(f"/api/v1/organizations/{oid}/election-results", headers=headers)).json()["items"]
    demo = next(r for r in results if r["election_date"] == "2024-03-05")
    assert demo["representative_unions"] == ["CFDT", "CGT", "SUD Santé Sociaux", "FO"]
    items = (await client.get(f"/api/v1/organizations/{oid}/negotiations", headers=headers)).json()["items"]
    by_topic = {n["topic"]: n for n in items}
    assert by_topic["remuneration"]["status"] == "in_progress"
    assert by_topic["remuneration"]["sessions_count"] == 2
    assert by_topic["egalite_qvct"]["validity"] == "valid"
    assert by_topic["egalite_qvct"]["signatories_weight_percent"] == 58.0
    assert by_topic["gepp"]["in_force"] is True
    schedule = (await client.get(f"/api/v1/organizations/{oid}/nao-schedule", headers=headers)).json()
    blocks = {b["block"]: b for b in schedule["blocks"]}
    assert set(blocks) == {"remuneration", "egalite_qvct", "gepp"}
    assert blocks["remuneration"]["next_due_on"] == f"{today.year + 1}-01-13"
    assert blocks["gepp"]["periodicity_years"] == 3


async def test_union_request_after_twelve_months_is_tracked_l2242_13(client: Any, world: Negotiators) -> None:
    headers, oid = _direction(world)
    await _last_years_equality(world)
    sud = world.auth("sud")
    schedule = (await client.get(f"/api/v1/organizations/{oid}/nao-schedule", headers=headers)).json()
    equality = next(b for b in schedule["blocks"] if b["block"] == "egalite_qvct")
    may_from = date.fromisoformat(equality["union_may_request_from"])
    early = (may_from - timedelta(days=1)).isoformat()
    body = assert_problem(
        await client.post(
            f"/api/v1/organizations/{oid}/nao-requests",
            headers=sud,
            json={"block": "egalite_qvct", "union": "SUD Santé Sociaux", "requested_on": early},
        ),
        409,
    )
    assert body["code"] == "nao_request_too_early"
    assert may_from <= TODAY
    request = await client.post(
        f"/api/v1/organizations/{oid}/nao-requests",
        headers=sud,
        json={"block": "egalite_qvct", "union": "SUD Santé Sociaux", "requested_on": may_from.isoformat()},
    )
    assert request.status_code == 201, request.text
    assert request.json()["forward_by"] == (may_from + timedelta(days=8)).isoformat()
    assert request.json()["convene_by"] == (may_from + timedelta(days=15)).isoformat()
    rid = request.json()["id"]
    assert_problem(await client.post(f"/api/v1/nao-requests/{rid}/forward", headers=sud, json={}), 403)
    forwarded = await client.post(f"/api/v1/nao-requests/{rid}/forward", headers=headers, json={})
    assert forwarded.status_code == 200
    convened = await client.post(f"/api/v1/nao-requests/{rid}/convene", headers=headers, json={})
    assert convened.status_code == 200
    assert convened.json()["convened_on"] == TODAY.isoformat()
    # UNSA is not representative: it cannot require the negotiation.
    body = assert_problem(
        await client.post(
            f"/api/v1/organizations/{oid}/nao-requests",
            headers=headers,
            json={"block": "remuneration", "union": "UNSA"},
        ),
        409,
    )
    assert body["code"] == "union_not_representative"


async def test_method_agreement_over_four_years_is_422_and_a_valid_one_sets_the_periodicity(
    client: Any, world: Negotiators
) -> None:
    headers, oid = _direction(world)
    await _last_years_equality(world)
    body = assert_problem(
        await client.post(
            f"/api/v1/organizations/{oid}/method-agreements",
            headers=headers,
            json={
                "title": "Accord de méthode",
                "starts_on": "2025-01-01",
                "duration_years": 5,
                "periodicity_years": {"egalite_qvct": 6},
            },
        ),
        422,
    )
    assert {"duration_years", "periodicity_years.egalite_qvct"} <= {e["field"] for e in body["errors"]}
    created = await client.post(
        f"/api/v1/organizations/{oid}/method-agreements",
        headers=headers,
        json={
            "title": "Accord de méthode sur l'agenda social",
            "signed_on": f"{TODAY.year - 1}-06-30",
            "starts_on": f"{TODAY.year - 1}-07-01",
            "duration_years": 4,
            "periodicity_years": {"egalite_qvct": 3},
        },
    )
    assert created.status_code == 201, created.text
    assert created.json()["in_force"] is True
    schedule = (await client.get(f"/api/v1/organizations/{oid}/nao-schedule", headers=headers)).json()
    equality = next(b for b in schedule["blocks"] if b["block"] == "egalite_qvct")
    assert equality["periodicity_years"] == 3
    assert equality["periodicity_source"] == "method_agreement"
    assert equality["next_due_on"] == f"{TODAY.year + 2}-09-15"


async def test_openapi_documents_the_negotiation_and_ssct_paths(client: Any) -> None:
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    for path in (
        "/api/v1/organizations/{organization_id}/negotiations",
        "/api/v1/negotiations/{negotiation_id}",
        "/api/v1/organizations/{organization_id}/election-results",
        "/api/v1/organizations/{organization_id}/nao-schedule",
        "/api/v1/bodies/{body_id}/ssct-missions",
        "/api/v1/ssct-missions/{mission_id}",
        "/api/v1/bodies/{body_id}/ssct-obligations",
    ):
        assert path in paths, path
