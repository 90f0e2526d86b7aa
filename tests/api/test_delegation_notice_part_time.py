"""Delegation hours over HTTP, session 7 (DOMAIN.md §10): a month outside the mandate is an empty statement, not a
404; cumulated hours need a notice mailed to the employer 8 days before (R2315-5); a part-timer takes at most a
third of his working time (L3123-14); commission meetings are deducted beyond the R2315-7 annual total, CSSCT and
plenary meetings never."""

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

MANDATE = (date(2026, 11, 1), date(2030, 10, 31))


@dataclass
class World:
    cse: BodyWorld
    elu: Person
    elu_member: int
    leaving_member: int
    headers: dict[str, dict[str, str]]


async def _member_id(world: BodyWorld, person: Person) -> int:
    row = await Member.select(Member.id).where((Member.body == world.id) & (Member.user == person.id)).first()
    assert row is not None
    return int(row["id"])


async def _world(settings: Any, headcount: int) -> World:
    org = await make_organization(headcount=headcount)
    cse = await make_body(org, titulaires=1, mandate=MANDATE)
    leaving, _ = await add_member(cse, role="titular", mandate=(date(2026, 11, 1), date(2027, 1, 31)))
    assert cse.president is not None and cse.secretary is not None
    secret = settings.secret_key.get_secret_value()
    (elu,) = cse.titulaires
    return World(
        cse=cse,
        elu=elu,
        elu_member=await _member_id(cse, elu),
        leaving_member=await _member_id(cse, leaving),
        headers={
            "elu": bearer_headers(elu, secret=secret),
            "leaving": bearer_headers(leaving, secret=secret),
            "director": bearer_headers(cse.president, secret=secret),
        },
    )


@pytest.fixture
async def world(db: Any, settings: Any, monkeypatch: pytest.MonkeyPatch) -> World:
    travel(monkeypatch, paris(2026, 12, 3, 10))
    return await _world(settings, 120)


async def _declare(client: httpx.AsyncClient, w: World, who: str, member: int, **body: Any) -> httpx.Response:
    return await client.post(f"/api/v1/members/{member}/delegation-hours", headers=w.headers[who], json=body)


async def _mine(client: httpx.AsyncClient, w: World, who: str, member: int, month: str) -> dict[str, Any]:
    response = await client.get(
        f"/api/v1/members/{member}/delegation-hours", params={"month": month}, headers=w.headers[who]
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_month_outside_the_mandate_is_an_empty_statement(client: httpx.AsyncClient, world: World) -> None:
    """L2315-7: hours belong to the mandate; before its start and after its end the month is empty (« hors mandat »),
    not missing: the page's navigation and the API agree."""
    after = await _mine(client, world, "leaving", world.leaving_member, "2027-03")
    statement = after["statement"]
    assert (statement["credit"], statement["used"], statement["balance"], statement["outside_mandate"]) == (
        0,
        0,
        0,
        True,
    )
    assert "hors mandat" in statement["explanation"]
    assert [m["month"] for m in after["months"]] == ["2027-01", "2027-02", "2027-03"]
    assert [m["outside_mandate"] for m in after["months"]] == [False, True, True]
    assert after["months"][0]["credit"] == 21
    before = (await _mine(client, world, "elu", world.elu_member, "2026-10"))["statement"]
    assert (before["credit"], before["outside_mandate"]) == (0, True)
    during = (await _mine(client, world, "leaving", world.leaving_member, "2026-12"))["statement"]
    assert (during["credit"], during["outside_mandate"], during["explanation"]) == (21, False, None)
    # the director reads it too; another member's line is still refused to an élu
    assert (await _mine(client, world, "director", world.leaving_member, "2027-03"))["statement"]["outside_mandate"]
    assert_problem(
        await client.get(
            f"/api/v1/members/{world.leaving_member}/delegation-hours",
            params={"month": "2027-03"},
            headers=world.headers["elu"],
        ),
        403,
    )


async def test_cumulated_hours_need_a_notice_mailed_8_days_before(
    client: httpx.AsyncClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R2315-5: November's 21 h are carried to December; using them needs the employer informed 8 days before."""
    travel(monkeypatch, paris(2026, 11, 20, 10))
    late = await _declare(client, world, "elu", world.elu_member, on="2026-11-25", hours=5, kind="notice")
    assert assert_problem(late, 409, "delegation_notice")["article"] == "R2315-5"
    too_many = await _declare(client, world, "elu", world.elu_member, on="2026-12-01", hours=30, kind="notice")
    assert assert_problem(too_many, 409, "delegation_cap")["article"] == "R2315-5"
    notice = await _declare(client, world, "elu", world.elu_member, on="2026-12-01", hours=5, kind="notice")
    assert notice.status_code == 201, notice.text
    assert (notice.json()["kind"], notice.json()["notified_on"], notice.json()["month"]) == (
        "notice",
        "2026-11-20",
        "2026-12",
    )
    mails = await OutboxMessage.select(OutboxMessage.recipient_email, OutboxMessage.subject).where(
        OutboxMessage.kind == "delegation_carried_notice"
    )
    assert world.cse.president is not None
    assert [m["recipient_email"] for m in mails] == [world.cse.president.email]
    assert "5 h" in mails[0]["subject"]

    travel(monkeypatch, paris(2026, 12, 3, 10))
    assert (await _declare(client, world, "elu", world.elu_member, on="2026-12-01", hours=21)).status_code == 201
    assert (await _declare(client, world, "elu", world.elu_member, on="2026-12-02", hours=5)).status_code == 201
    refused = await _declare(client, world, "elu", world.elu_member, on="2026-12-02", hours=1)
    body = assert_problem(refused, 409, "delegation_notice")
    assert body["article"] == "R2315-5" and "R2315-5" in body["detail"]
    kept = await DelegationRecord.select(DelegationRecord.kind, DelegationRecord.article).where(
        (DelegationRecord.member == world.elu_member) & (DelegationRecord.kind == "refusal")
    )
    assert {"kind": "refusal", "article": "R2315-5"} in kept
    mine = await _mine(client, world, "elu", world.elu_member, "2026-12")
    assert (mine["statement"]["carried_used"], mine["statement"]["noticed"], mine["statement"]["used"]) == (5, 5, 26)
    assert "notice" in [r["kind"] for r in mine["records"]]
    # a notice cannot be corrected (it was mailed): a new notice is given instead
    fix = await _declare(
        client,
        world,
        "elu",
        world.elu_member,
        on="2026-12-01",
        hours=2,
        kind="correction",
        corrects_id=notice.json()["id"],
    )
    assert_problem(fix, 422)


async def test_a_part_timer_uses_at_most_a_third_of_his_working_time(client: httpx.AsyncClient, world: World) -> None:
    """L3123-14: 45 h of work a month → 15 h at most during working time; the credit (21 h) is not reduced and the
    balance may be used outside working hours."""
    profile = await client.post(
        f"/api/v1/members/{world.elu_member}/delegation-profile",
        headers=world.headers["director"],
        json={"monthly_working_hours": 45, "basis": "Contrat à temps partiel du 1er mars 2026"},
    )
    assert profile.status_code == 200, profile.text
    assert (profile.json()["credit"], profile.json()["monthly_working_time"], profile.json()["part_time_limit"]) == (
        21,
        45,
        15,
    )
    assert (await _declare(client, world, "elu", world.elu_member, on="2026-12-01", hours=14)).status_code == 201
    refused = await _declare(client, world, "elu", world.elu_member, on="2026-12-02", hours=2)
    assert assert_problem(refused, 409, "delegation_part_time")["article"] == "L3123-14"
    outside = await _declare(
        client, world, "elu", world.elu_member, on="2026-12-02", hours=2, outside_working_time=True
    )
    assert outside.status_code == 201, outside.text
    assert outside.json()["outside_working_time"] is True
    statement = (await _mine(client, world, "elu", world.elu_member, "2026-12"))["statement"]
    assert (statement["used"], statement["during_work"], statement["credit"]) == (16, 14, 21)
    # time not deducted (L2315-11) is no use of the credit
    meeting = await _declare(
        client, world, "elu", world.elu_member, on="2026-12-02", hours=3, time_kind="employer_meeting"
    )
    assert meeting.status_code == 201, meeting.text
    bad = await _declare(
        client, world, "elu", world.elu_member, on="2026-12-10", hours=2, kind="notice", outside_working_time=True
    )
    assert_problem(bad, 422)


async def test_commission_meetings_beyond_30_hours_a_year_are_deducted(
    client: httpx.AsyncClient, db: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R2315-7: 400 employees → commission meetings not deducted up to 30 h a year, deducted beyond; CSSCT meetings
    and plenaries never deducted (DOMAIN.md §10 default)."""
    travel(monkeypatch, paris(2026, 12, 3, 10))
    w = await _world(settings, 400)
    for hours, kind in (
        (28, "commission_meeting"),
        (4, "commission_meeting"),
        (5, "cssct_meeting"),
        (3, "employer_meeting"),
    ):
        response = await _declare(client, w, "elu", w.elu_member, on="2026-12-01", hours=hours, time_kind=kind)
        assert response.status_code == 201, response.text
        assert response.json()["deducted"] is False
    statement = (await _mine(client, w, "elu", w.elu_member, "2026-12"))["statement"]
    assert (
        statement["used"],
        statement["not_deducted"],
        statement["meetings_capped"],
        statement["meetings_deducted"],
    ) == (
        2,
        38,
        32,
        2,
    )
    assert statement["credit"] == 22 and statement["balance"] == 20 + 22  # November carried, 2 h deducted


async def test_below_300_commission_meetings_are_never_deducted(client: httpx.AsyncClient, world: World) -> None:
    """R2315-7 sets no total under 300 employees (UNVERIFIED default: no cap)."""
    response = await _declare(
        client, world, "elu", world.elu_member, on="2026-12-01", hours=40, time_kind="commission_meeting"
    )
    assert response.status_code == 201, response.text
    statement = (await _mine(client, world, "elu", world.elu_member, "2026-12"))["statement"]
    assert (statement["used"], statement["not_deducted"], statement["meetings_deducted"]) == (0, 40, 0)
