"""Shared steps for the meetings API tests: time travel, log-in, a meeting taken to a given state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest

from dialogue.bodies.schemas import BodyKind, College, Role
from dialogue.core.clock import PARIS
from tests.factories import BodyWorld, Person, add_member, bearer_headers, make_body, make_organization
from tests.helpers.clock import FrozenClock, machine_time


def fields(body: dict[str, Any]) -> set[str]:
    return {e["field"] for e in body.get("errors", [])}


def travel(monkeypatch: pytest.MonkeyPatch, when: datetime) -> None:
    """Freeze every clock at `when` (the `frozen_clock` seam, undone when the test ends)."""
    FrozenClock(monkeypatch).set(when)


def paris(y: int, m: int, d: int, h: int = 14, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=PARIS)


async def login(client: Any, email: str) -> dict[str, str]:
    with machine_time():  # the token expires by the machine's clock, even when the test froze time
        response = await client.post("/api/v1/auth/token", json={"email": email, "password": "demo-password"})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def cse_id(client: Any, headers: dict[str, str]) -> int:
    me = (await client.get("/api/v1/me", headers=headers)).json()
    oid = me["organization_id"]
    bodies = (await client.get(f"/api/v1/organizations/{oid}/bodies", headers=headers)).json()["items"]
    return int(next(b["id"] for b in bodies if b["kind"] == "cse"))


async def members(client: Any, headers: dict[str, str], body: int) -> dict[str, dict[str, Any]]:
    items = (await client.get(f"/api/v1/bodies/{body}/members", headers=headers)).json()["items"]
    return {m["email"]: m for m in items}


async def new_meeting(client: Any, headers: dict[str, str], body: int, start: datetime, **extra: Any) -> dict[str, Any]:
    payload = {
        "title": extra.pop("title", "Réunion de test"),
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=3)).isoformat(),
        "location": "Salle du conseil",
        **extra,
    }
    response = await client.post(f"/api/v1/bodies/{body}/meetings", headers=headers, json=payload)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def add_item(client: Any, headers: dict[str, str], meeting: int, **item: Any) -> dict[str, Any]:
    response = await client.post(f"/api/v1/meetings/{meeting}/agenda-items", headers=headers, json=item)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def agree_agenda(client: Any, secretary: dict[str, str], director: dict[str, str], meeting: int) -> None:
    for headers in (secretary, director):
        response = await client.post(f"/api/v1/meetings/{meeting}/agenda/approve", headers=headers)
        assert response.status_code == 200, response.text
    assert response.json()["agreed"] is True


class Setup:
    """The demo CSE with its secretary and director logged in, time frozen on 1 December 2026."""

    def __init__(self, client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        self.client = client
        self.monkeypatch = monkeypatch
        self.secretary: dict[str, str] = {}
        self.director: dict[str, str] = {}
        self.elu: dict[str, str] = {}
        self.cse = 0
        self.members: dict[str, dict[str, Any]] = {}

    async def start(self, now: datetime | None = None) -> Setup:
        travel(self.monkeypatch, now or paris(2026, 12, 1, 9))
        self.secretary = await login(self.client, "secretaire@demo.example")
        self.director = await login(self.client, "direction@demo.example")
        self.elu = await login(self.client, "elu@demo.example")
        self.cse = await cse_id(self.client, self.secretary)
        self.members = await members(self.client, self.secretary, self.cse)
        return self

    async def start_on(self, world: BodyWorld, *, secret: str, now: datetime) -> Setup:
        """The same steps on a body built by the factories: its secretary, president and first titulaire."""
        assert world.secretary is not None and world.president is not None
        travel(self.monkeypatch, now)
        self.secretary = bearer_headers(world.secretary, secret=secret)
        self.director = bearer_headers(world.president, secret=secret)
        self.elu = bearer_headers(world.titulaires[0], secret=secret)
        self.cse = world.id
        self.members = await members(self.client, self.secretary, self.cse)
        return self

    def member(self, email: str) -> int:
        return int(self.members[email]["id"])

    async def convened(
        self, start: datetime, *, kind: str = "vote", item: dict[str, Any] | None = None, **extra: Any
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """A meeting at `start` with one item of `kind` (or `item`), agreed and convened."""
        meeting = await new_meeting(self.client, self.secretary, self.cse, start, **extra)
        fields = item or {"title": "Point soumis au vote", "kind": kind}
        item = await add_item(self.client, self.secretary, meeting["id"], **fields)
        await agree_agenda(self.client, self.secretary, self.director, meeting["id"])
        response = await self.client.post(
            f"/api/v1/meetings/{meeting['id']}/convene",
            headers=self.secretary,
            json={"acknowledge_late": True, "late_reason": "réunion de test"},
        )
        assert response.status_code == 200, response.text
        return response.json(), item

    async def held(
        self,
        start: datetime,
        *,
        kind: str = "vote",
        item: dict[str, Any] | None = None,
        absent: tuple[str, ...] = (),
        **extra: Any,
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """A convened meeting whose day has come, everyone present but `absent`, marked held."""
        meeting, item = await self.convened(start, kind=kind, item=item, **extra)
        travel(self.monkeypatch, start)
        entries = [
            {"member_id": m["id"], "status": "absent" if email in absent or m["role"] == "substitute" else "present"}
            for email, m in self.members.items()
        ]
        response = await self.client.put(
            f"/api/v1/meetings/{meeting['id']}/attendance", headers=self.secretary, json={"entries": entries}
        )
        assert response.status_code == 200, response.text
        response = await self.client.post(f"/api/v1/meetings/{meeting['id']}/hold", headers=self.secretary)
        assert response.status_code == 200, response.text
        return response.json(), item


async def large_cse(
    client: Any, monkeypatch: pytest.MonkeyPatch, *, secret: str, now: datetime
) -> tuple[Setup, BodyWorld]:
    """A CSE of 320 employees built by the factories (a president, a secretary, 6 more titulaires, 2 suppléants),
    its people ready as a `Setup`, the clock at `now`."""
    org = await make_organization(headcount=320)
    cse = await make_body(org, headcount_at_election=320, titulaires=6, substitutes=2)
    return await Setup(client, monkeypatch).start_on(cse, secret=secret, now=now), cse


@dataclass
class Built:
    """A `large_cse` as a `Setup`, with the people the role tests tell apart."""

    setup: Setup
    cse: BodyWorld
    union_representative: Person
    outsider: Person  # a guest of the board only
    neighbour: Person  # another organisation's administrator
    secret: str

    def headers(self, person: Person) -> dict[str, str]:
        return bearer_headers(person, secret=self.secret)


async def built_cse(client: Any, monkeypatch: pytest.MonkeyPatch, *, secret: str) -> Built:
    """A `large_cse` on 1 December 2026 with a CGT union representative, a board of the same organisation with a
    guest of its own, and a neighbouring organisation (the factory counterpart of `Setup.start` on the demo)."""
    demo, cse = await large_cse(client, monkeypatch, secret=secret, now=paris(2026, 12, 1, 9))
    union_representative, _ = await add_member(cse, role=Role.union_representative, union_name="CGT")
    board = await make_body(cse.org, kind=BodyKind.board, president=False, secretary=False, titulaires=0)
    outsider, _ = await add_member(board, role=Role.guest, college=College.gouvernance)
    neighbour = (await make_organization()).admin
    demo.members = await members(client, demo.secretary, cse.id)
    return Built(demo, cse, union_representative, outsider, neighbour, secret)
