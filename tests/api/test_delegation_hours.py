"""Delegation hours over HTTP (CONTRACT.md, Additions; DOMAIN.md §10): an élu declares for himself, shares hours
with the employer told by mail (R2315-6), is refused with the article beyond the caps (R2315-5), corrects by a new
record; the secretary and the direction read the body's month and its CSV; another organisation gets 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pytest

from dialogue.bodies.tables import Member
from dialogue.delegation.tables import DelegationRecord
from dialogue.notifications.tables import OutboxMessage
from tests.api.meeting_helpers import paris, travel
from tests.factories import BodyWorld, Person, add_member, bearer_headers, make_body, make_organization
from tests.helpers.problems import assert_problem

#: The mandate began in November: December carries what November left (R2315-5).
MANDATE = (date(2026, 11, 1), date(2030, 10, 31))


@dataclass
class World:
    cse: BodyWorld
    elu: Person
    elu_member: int
    colleague_member: int
    substitute_member: int
    headers: dict[str, dict[str, str]]


async def _member_id(world: BodyWorld, person: Person) -> int:
    row = await Member.select(Member.id).where((Member.body == world.id) & (Member.user == person.id)).first()
    assert row is not None
    return int(row["id"])


@pytest.fixture
async def world(db: Any, settings: Any, monkeypatch: pytest.MonkeyPatch) -> World:
    travel(monkeypatch, paris(2026, 12, 3, 10))
    org = await make_organization(headcount=120)
    cse = await make_body(org, titulaires=2, mandate=MANDATE)
    substitute, _ = await add_member(cse, role="substitute", mandate=MANDATE)
    neighbour = await make_body(await make_organization(), titulaires=1)
    assert cse.president is not None and cse.secretary is not None and neighbour.secretary is not None
    secret = settings.secret_key.get_secret_value()
    elu, colleague = cse.titulaires
    return World(
        cse=cse,
        elu=elu,
        elu_member=await _member_id(cse, elu),
        colleague_member=await _member_id(cse, colleague),
        substitute_member=await _member_id(cse, substitute),
        headers={
            "elu": bearer_headers(elu, secret=secret),
            "colleague": bearer_headers(colleague, secret=secret),
            "secretary": bearer_headers(cse.secretary, secret=secret),
            "director": bearer_headers(cse.president, secret=secret),
            "neighbour": bearer_headers(neighbour.secretary, secret=secret),
        },
    )


async def _declare(client: httpx.AsyncClient, w: World, who: str, member: int, **body: Any) -> httpx.Response:
    return await client.post(f"/api/v1/members/{member}/delegation-hours", headers=w.headers[who], json=body)


async def _announce(
    client: httpx.AsyncClient, w: World, monkeypatch: pytest.MonkeyPatch, *, hours: float, on: str = "2026-12-01"
) -> None:
    """R2315-5: the élu announced on 20 November the cumulated hours he uses from `on` (back to 3 December after)."""
    travel(monkeypatch, paris(2026, 11, 20, 10))
    response = await _declare(client, w, "elu", w.elu_member, on=on, hours=hours, kind="notice")
    travel(monkeypatch, paris(2026, 12, 3, 10))
    assert response.status_code == 201, response.text


async def _line(client: httpx.AsyncClient, w: World, member: int, month: str = "2026-12") -> dict[str, Any]:
    response = await client.get(
        f"/api/v1/bodies/{w.cse.id}/delegation-hours", params={"month": month}, headers=w.headers["secretary"]
    )
    assert response.status_code == 200, response.text
    return next(item for item in response.json()["items"] if item["member_id"] == member)


async def test_an_elu_declares_a_use_and_the_month_shows_it(client: httpx.AsyncClient, world: World) -> None:
    """R2314-1: 120 employees → 21 h a month; the use is deducted from the balance."""
    response = await _declare(client, world, "elu", world.elu_member, on="2026-12-02", hours=3.5, object="Tournée")
    assert response.status_code == 201, response.text
    assert response.json()["hours"] == 3.5 and response.json()["kind"] == "use"
    line = await _line(client, world, world.elu_member)
    assert (line["credit"], line["used"], line["balance"], line["carried_over"]) == (21, 3.5, 38.5, 21)


async def test_time_of_l2315_11_is_recorded_but_not_deducted(client: httpx.AsyncClient, world: World) -> None:
    response = await _declare(
        client, world, "elu", world.elu_member, on="2026-12-01", hours=3, time_kind="employer_meeting"
    )
    assert response.status_code == 201, response.text
    line = await _line(client, world, world.elu_member)
    assert (line["used"], line["not_deducted"], line["balance"]) == (0, 3, 42)


async def test_beyond_one_and_a_half_credit_is_409_with_the_article_and_the_refusal_is_kept(
    client: httpx.AsyncClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R2315-5: at most 1.5 × 21 h = 31.5 h in one month, even with hours carried from November (announced)."""
    assert (await _declare(client, world, "elu", world.elu_member, on="2026-11-10", hours=1)).status_code == 201
    await _announce(client, world, monkeypatch, hours=10)
    assert (await _declare(client, world, "elu", world.elu_member, on="2026-12-01", hours=30)).status_code == 201
    refused = await _declare(client, world, "elu", world.elu_member, on="2026-12-02", hours=2)
    body = assert_problem(refused, 409, "delegation_cap")
    assert body["article"] == "R2315-5" and "R2315-5" in body["detail"]
    kept = await DelegationRecord.select(DelegationRecord.kind, DelegationRecord.article).where(
        DelegationRecord.member == world.elu_member
    )
    assert {"kind": "refusal", "article": "R2315-5"} in kept
    # exceptional circumstances, with their reason, pass and show beyond the credit
    ok = await _declare(
        client, world, "elu", world.elu_member, on="2026-12-02", hours=2, exceptional_reason="Accident grave sur site"
    )
    assert ok.status_code == 201, ok.text
    line = await _line(client, world, world.elu_member)
    assert (line["used"], line["carried_over"], line["beyond_credit"], line["balance"]) == (32, 20, 0, 9)


async def test_a_transfer_mails_the_employer_and_caps_the_receiver(client: httpx.AsyncClient, world: World) -> None:
    """R2315-6: the employer is informed in writing 8 days before; the receiver holds at most 31.5 h."""
    early = await _declare(
        client,
        world,
        "elu",
        world.elu_member,
        on="2026-12-10",
        hours=4,
        kind="transfer",
        to_member_id=world.substitute_member,
    )
    assert assert_problem(early, 409, "delegation_cap")["article"] == "R2315-6"
    given = await _declare(
        client,
        world,
        "elu",
        world.elu_member,
        on="2026-12-11",
        hours=6,
        kind="transfer",
        to_member_id=world.substitute_member,
    )
    assert given.status_code == 201, given.text
    assert (await _line(client, world, world.elu_member))["given"] == 6
    assert (await _line(client, world, world.substitute_member))["received"] == 6
    mails = await OutboxMessage.select(OutboxMessage.recipient_email, OutboxMessage.subject).where(
        OutboxMessage.kind == "delegation_transfer_notice"
    )
    assert world.cse.president is not None
    assert [m["recipient_email"] for m in mails] == [world.cse.president.email]
    assert "6 h" in mails[0]["subject"]
    # the colleague gives 21 h too: the substitute would hold 27 h, under 31.5 h; one more hour of the elu: 28 h ok,
    # but 15 h more would make 42 h > 31.5 h
    too_much = await _declare(
        client,
        world,
        "elu",
        world.elu_member,
        on="2026-12-11",
        hours=15,
        kind="transfer",
        to_member_id=world.colleague_member,
    )
    assert assert_problem(too_much, 409, "delegation_cap")["article"] == "R2315-6"


async def test_a_correction_is_a_new_record_and_replaces_the_value(client: httpx.AsyncClient, world: World) -> None:
    first = await _declare(client, world, "elu", world.elu_member, on="2026-12-02", hours=5)
    fixed = await _declare(
        client,
        world,
        "elu",
        world.elu_member,
        on="2026-12-02",
        hours=2,
        kind="correction",
        corrects_id=first.json()["id"],
    )
    assert fixed.status_code == 201, fixed.text
    assert fixed.json()["corrects_id"] == first.json()["id"]
    assert (await _line(client, world, world.elu_member))["used"] == 2
    rows = await DelegationRecord.count().where(DelegationRecord.member == world.elu_member)
    assert rows == 2


async def test_an_elu_declares_only_for_himself(client: httpx.AsyncClient, world: World) -> None:
    response = await _declare(client, world, "colleague", world.elu_member, on="2026-12-02", hours=1)
    assert_problem(response, 403, "forbidden")
    director = await _declare(client, world, "director", world.elu_member, on="2026-12-02", hours=1)
    assert_problem(director, 403, "forbidden")


async def test_another_organisation_gets_404(client: httpx.AsyncClient, world: World) -> None:
    assert_problem(await _declare(client, world, "neighbour", world.elu_member, on="2026-12-02", hours=1), 404)
    table = await client.get(f"/api/v1/bodies/{world.cse.id}/delegation-hours", headers=world.headers["neighbour"])
    assert_problem(table, 404)
    csv = await client.get(f"/api/v1/bodies/{world.cse.id}/delegation-hours.csv", headers=world.headers["neighbour"])
    assert_problem(csv, 404)


async def test_the_direction_reads_the_table_and_an_elu_only_his_line(client: httpx.AsyncClient, world: World) -> None:
    director = await client.get(f"/api/v1/bodies/{world.cse.id}/delegation-hours", headers=world.headers["director"])
    assert director.status_code == 200
    assert director.json()["total"] == 4  # secretary, two titulaires, the substitute
    elu = await client.get(f"/api/v1/bodies/{world.cse.id}/delegation-hours", headers=world.headers["elu"])
    assert [item["member_id"] for item in elu.json()["items"]] == [world.elu_member]
    assert_problem(
        await client.get(f"/api/v1/bodies/{world.cse.id}/delegation-hours.csv", headers=world.headers["elu"]), 403
    )


async def test_the_csv_has_one_line_per_member_and_month(client: httpx.AsyncClient, world: World) -> None:
    assert (await _declare(client, world, "elu", world.elu_member, on="2026-11-04", hours=2)).status_code == 201
    response = await client.get(
        f"/api/v1/bodies/{world.cse.id}/delegation-hours.csv", params={"year": 2026}, headers=world.headers["secretary"]
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text.strip().split("\r\n")
    assert lines[0].startswith("month;member_id;name;role;credit;used;received;given;carried_over;balance")
    assert len(lines) == 1 + 12 * 4
    november = next(line for line in lines if line.startswith(f"2026-11;{world.elu_member};"))
    assert ";21;2;0;0;0;19;" in november
    december = next(line for line in lines if line.startswith(f"2026-12;{world.elu_member};"))
    assert ";21;0;0;0;19;40;" in december
    march = next(line for line in lines if line.startswith(f"2026-03;{world.elu_member};"))
    assert ";0;0;0;0;0;0;" in march  # before the mandate: no credit


async def test_bad_input_is_422(client: httpx.AsyncClient, world: World) -> None:
    assert_problem(await _declare(client, world, "elu", world.elu_member, on="2026-12-02", hours=0.3), 422)
    assert_problem(
        await _declare(client, world, "elu", world.elu_member, on="2026-12-02", hours=1, kind="transfer"), 422
    )
    assert_problem(await _declare(client, world, "elu", world.elu_member, on="2026-12-25", hours=1), 422)
    bad_month = await client.get(
        f"/api/v1/bodies/{world.cse.id}/delegation-hours",
        params={"month": "2026-13"},
        headers=world.headers["secretary"],
    )
    assert_problem(bad_month, 422)


async def test_nearly_used_balance_is_mailed_once(
    client: httpx.AsyncClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under a fifth of what December still allows (42 h available, 31.5 h at most: R2315-5)."""
    await _announce(client, world, monkeypatch, hours=8)
    for day in ("2026-12-01", "2026-12-02", "2026-12-03"):
        assert (
            await _declare(client, world, "elu", world.elu_member, on=day, hours=14 if day < "2026-12-03" else 1)
        ).status_code == 201
    mails = await OutboxMessage.select(OutboxMessage.recipient_email).where(
        OutboxMessage.kind == "delegation_balance_low"
    )
    assert [m["recipient_email"] for m in mails] == [world.elu.email]


async def test_the_agreed_profile_raises_the_credit_and_counts_half_days(
    client: httpx.AsyncClient, world: World
) -> None:
    """L2314-7 (agreement), R2315-3 (forfait-jours: half-days of 4 h)."""
    response = await client.post(
        f"/api/v1/members/{world.elu_member}/delegation-profile",
        headers=world.headers["director"],
        json={"agreed_extra_hours": 4, "forfait_jours": True, "basis": "Accord du 3 mars 2026"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["credit"] == 25
    assert (await _declare(client, world, "elu", world.elu_member, on="2026-12-02", hours=5)).status_code == 201
    assert (await _line(client, world, world.elu_member))["half_days"] == 2
    refused = await client.post(
        f"/api/v1/members/{world.elu_member}/delegation-profile",
        headers=world.headers["elu"],
        json={"agreed_extra_hours": 40},
    )
    assert_problem(refused, 403)


async def test_the_indicator_counts_the_hours_deducted(client: httpx.AsyncClient, world: World) -> None:
    """« Heures de délégation utilisées »: deducted hours after corrections; L2315-11 time apart."""
    first = await _declare(client, world, "elu", world.elu_member, on="2026-12-01", hours=4)
    await _declare(
        client,
        world,
        "elu",
        world.elu_member,
        on="2026-12-01",
        hours=3,
        kind="correction",
        corrects_id=first.json()["id"],
    )
    await _declare(client, world, "colleague", world.colleague_member, on="2026-12-02", hours=2.5)
    await _declare(client, world, "elu", world.elu_member, on="2026-12-02", hours=2, time_kind="dgi")
    response = await client.get(
        f"/api/v1/bodies/{world.cse.id}/indicators",
        params={"from": "2026-12-01", "to": "2026-12-31"},
        headers=world.headers["secretary"],
    )
    assert response.status_code == 200, response.text
    item = next(i for i in response.json()["items"] if i["code"] == "delegation_hours_used")
    assert (item["value"], item["unit"], item["label"]) == (5.5, "heures", "Heures de délégation utilisées")
