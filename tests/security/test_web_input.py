"""Bad input and outages (issue 13): ids past the engine's integer range, NUL bytes, an unreachable
PostgreSQL. Each answers a 4xx/503 problem, never a 500, on SQLite and on PostgreSQL. The accounts and registers
are built by the factories."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from dialogue.registers.rules import RegisterKind
from tests.factories import bearer_headers, make_body, make_organization, make_register
from tests.helpers.problems import assert_problem

HUGE_IDS = [2**31, 2**63, 99999999999999999999, 0, -(2**63) - 1]


@dataclass
class World:
    """An organisation's administrator, and the secretary of its CSE with a questions and a DGI register."""

    admin: dict[str, str]
    secretary: dict[str, str]
    registers: dict[RegisterKind, int]


@pytest.fixture
async def world(db: Any, settings: Any) -> World:
    secret = settings.secret_key.get_secret_value()
    org = await make_organization()
    cse = await make_body(org)
    assert cse.secretary is not None
    registers = {kind: (await make_register(cse, kind=kind)).id for kind in (RegisterKind.QUESTIONS, RegisterKind.DGI)}
    return World(bearer_headers(org.admin, secret=secret), bearer_headers(cse.secretary, secret=secret), registers)


@pytest.mark.parametrize("value", HUGE_IDS)
async def test_id_beyond_integer_range_answers_404_on_every_path(client: Any, world: World, value: int) -> None:
    headers = world.admin
    for path in (
        f"/api/v1/meetings/{value}",
        f"/api/v1/bodies/{value}/meetings",
        f"/api/v1/organizations/{value}",
        f"/api/v1/registers/{value}/entries",
        f"/api/v1/entries/{value}",
        f"/api/v1/consultations/{value}",
    ):
        body = assert_problem(await client.get(path, headers=headers), 404)
        assert body["code"] == "not_found", path


async def test_id_beyond_integer_range_on_a_page_answers_404_page(client: Any, world: World) -> None:
    token = world.admin["Authorization"].removeprefix("Bearer ")
    client.cookies.set("dialogue_session", token)
    response = await client.get(f"/instances/{2**63}", headers={"Accept": "text/html"})
    client.cookies.clear()
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")


async def test_largest_id_still_reaches_the_service(client: Any, world: World) -> None:
    """2**31 - 1 is a valid id that names no row: the service's own 404."""
    headers = world.admin
    body = assert_problem(await client.get(f"/api/v1/meetings/{2**31 - 1}", headers=headers), 404)
    assert body["detail"] != "Aucune ressource ne porte cet identifiant."


async def test_id_beyond_integer_range_in_a_json_body_answers_422(client: Any, world: World) -> None:
    """2**31 fits SQLite's integers but not PostgreSQL's: refused before either engine sees it."""
    headers = world.secretary
    for value in (2**31, 2**63, 99999999999999999999):
        body = assert_problem(
            await client.post("/api/v1/me/calendar-feeds", headers=headers, json={"body_id": value}), 422
        )
        assert body["errors"][0]["field"] == "body_id"
        assert "hors des limites" in body["errors"][0]["message"]


@pytest.mark.parametrize("text", ["a\x00b", "\x00", "fin\x00"])
async def test_nul_byte_in_text_answers_422(client: Any, world: World, text: str) -> None:
    headers = world.secretary
    rid = world.registers[RegisterKind.QUESTIONS]
    response = await client.post(f"/api/v1/registers/{rid}/entries", headers=headers, json={"subject": text})
    body = assert_problem(response, 422)
    assert body["errors"] == [
        {"field": "subject", "message": "Le texte contient un caractère NUL (U+0000), interdit.", "source": None}
    ]


async def test_nul_byte_in_a_list_of_texts_answers_422(client: Any, world: World) -> None:
    headers = world.secretary
    rid = world.registers[RegisterKind.DGI]
    fields = {
        "workstations": "Atelier",
        "danger_nature": "Chute",
        "danger_cause": "Sol glissant",
        "exposed_workers": ["Fatou Sy", "Marc\x00Olivier"],
    }
    payload = {"subject": "Danger", "fields": fields}
    body = assert_problem(await client.post(f"/api/v1/registers/{rid}/entries", headers=headers, json=payload), 422)
    assert [e["field"] for e in body["errors"]] == ["fields"]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.filterwarnings("ignore:.*Unable to connect to database")
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
async def test_postgresql_unreachable_answers_503_with_retry_after(
    app: Any, engine: Any, world: World, host: str
) -> None:
    """The app's engine points at a port where nothing listens (the database went away)."""
    from dialogue.core import db
    from dialogue.piccolo_app import APP_CONFIG

    headers = world.admin
    db.bind_engine(
        db.create_engine(f"postgresql://dialogue:secret@{host}:{_closed_port()}/dialogue"),
        tables=APP_CONFIG.table_classes,
    )
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
            api = await c.get("/api/v1/meetings/1", headers=headers)
            c.cookies.set("dialogue_session", headers["Authorization"].removeprefix("Bearer "))
            page = await c.get("/instances/1", headers={"Accept": "text/html"})
            ready = await c.get("/ready")
    finally:
        db.bind_engine(engine, tables=APP_CONFIG.table_classes)
    body = assert_problem(api, 503)
    assert body["code"] == "service_unavailable"
    assert api.headers["retry-after"] == "30"
    assert "Traceback" not in api.text and "5432" not in api.text
    assert page.status_code == 503
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["retry-after"] == "30"
    assert ready.status_code == 503
