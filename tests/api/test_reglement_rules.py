"""The règlement intérieur's parameters feed the meetings rules (issue 16 "Texts of the CSE", L2315-24), each with
its article: the visio limit (L2315-4: without an agreement, at most 3 meetings by visio-conference a calendar
year, 409 beyond; the number agreed, carried by the RI, replaces it) and the PV delay (L2315-34: the delay set by
agreement replaces D2315-26's 15 days, not the 3 days of L1233-30)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from dialogue.meetings.rules.visio import LEGAL_VISIO_MEETINGS_PER_YEAR, visio_limit, visio_refusal
from dialogue.meetings.schemas import MinutesCreate
from dialogue.meetings.service import minutes
from tests.api.meeting_helpers import new_meeting, paris
from tests.api.test_reglement_interieur import _upload
from tests.factories import BodyWorld, bearer_headers, make_body, make_held_meeting, make_organization
from tests.helpers.clock import FrozenClock
from tests.helpers.document_stores import document_store, s3_endpoint  # noqa: F401
from tests.helpers.keys import TEST_CHAIN_KEY
from tests.helpers.problems import assert_problem

VISIO = "https://visio.example/cse"


@pytest.fixture
async def cse(db: Any, frozen_clock: FrozenClock) -> BodyWorld:
    frozen_clock.set(paris(2026, 12, 1, 9))
    return await make_body(await make_organization(headcount=320), titulaires=1)


def _headers(person: Any, settings: Any) -> dict[str, str]:
    return bearer_headers(person, secret=settings.secret_key.get_secret_value())


async def _adopt(client: httpx.AsyncClient, cse: BodyWorld, settings: Any, **parameters: Any) -> None:
    """The RI adopted on 20 November 2026 with `parameters` (agenda notice 3 days unless given)."""
    assert cse.president is not None and cse.secretary is not None
    doc = await _upload(client, cse.org.id, _headers(cse.president, settings), "reglement_interieur")
    payload = {
        "document_id": doc,
        "version": 1,
        "adopted_on": "2026-11-20",
        "parameters": {"agenda_notice_days": 3, **parameters},
    }
    response = await client.post(
        f"/api/v1/bodies/{cse.id}/reglement-interieur", headers=_headers(cse.secretary, settings), json=payload
    )
    assert response.status_code == 201, response.text


async def _visio(client: httpx.AsyncClient, cse: BodyWorld, settings: Any, month: int, year: int = 2027) -> Any:
    assert cse.president is not None
    start = paris(year, month, 10)
    payload = {
        "title": f"Réunion du {start:%d/%m/%Y}",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=2)).isoformat(),
        "location": "",
        "visio_url": VISIO,
    }
    return await client.post(
        f"/api/v1/bodies/{cse.id}/meetings", headers=_headers(cse.president, settings), json=payload
    )


def test_l2315_4_three_meetings_by_visio_without_agreement() -> None:
    assert LEGAL_VISIO_MEETINGS_PER_YEAR == 3 and visio_limit(None) == 3 and visio_limit(6) == 6
    assert visio_refusal(already=2, agreed=None, year=2027) is None
    refusal = visio_refusal(already=3, agreed=None, year=2027)
    assert refusal is not None and "L2315-4" in refusal and "trois réunions par année civile" in refusal
    agreed = visio_refusal(already=6, agreed=6, year=2027)
    assert agreed is not None and "fixé par accord" in agreed
    assert visio_refusal(already=0, agreed=0, year=2027) is not None


async def test_l2315_4_a_fourth_meeting_by_visio_in_a_year_without_agreement_is_409(
    client: httpx.AsyncClient, cse: BodyWorld, settings: Any
) -> None:
    for month in (1, 3, 5):
        created = await _visio(client, cse, settings, month)
        assert created.status_code == 201, created.text
    fourth = await _visio(client, cse, settings, 7)
    body = assert_problem(fourth, 409, "visio_limit_reached")
    assert "L2315-4" in body["detail"] and "Déjà 3 réunion(s) en visioconférence en 2027" in body["detail"]
    next_year = await _visio(client, cse, settings, 1, year=2028)
    assert next_year.status_code == 201, next_year.text
    assert cse.president is not None
    in_person = await new_meeting(client, _headers(cse.president, settings), cse.id, paris(2027, 9, 10))
    moved = await client.patch(
        f"/api/v1/meetings/{in_person['id']}", headers=_headers(cse.president, settings), json={"visio_url": VISIO}
    )
    assert "L2315-4" in assert_problem(moved, 409, "visio_limit_reached")["detail"]


@pytest.mark.usefixtures("document_store")
async def test_l2315_4_the_number_agreed_in_the_reglement_interieur_applies(
    client: httpx.AsyncClient, cse: BodyWorld, settings: Any
) -> None:
    await _adopt(client, cse, settings, visio_max_per_year=4)
    for month in (1, 3, 5, 7):
        created = await _visio(client, cse, settings, month)
        assert created.status_code == 201, created.text
    fifth = await _visio(client, cse, settings, 9)
    body = assert_problem(fifth, 409, "visio_limit_reached")
    assert "fixé par accord (repris au règlement intérieur) est de 4" in body["detail"] and "L2315-4" in body["detail"]


@pytest.mark.usefixtures("document_store")
async def test_l2315_34_the_pv_delay_agreed_in_the_reglement_interieur_sets_the_due_date(
    client: httpx.AsyncClient, cse: BodyWorld, settings: Any, frozen_clock: FrozenClock
) -> None:
    await _adopt(client, cse, settings, minutes_delay_days=8)
    held, _ = await make_held_meeting(cse, frozen_clock, starts_at=paris(2026, 12, 3))
    assert cse.secretary is not None
    await minutes.create_minutes(
        actor=cse.secretary.actor, meeting_id=held.id, data=MinutesCreate(), chain_key=TEST_CHAIN_KEY
    )
    read = await client.get(f"/api/v1/meetings/{held.id}/minutes", headers=_headers(cse.secretary, settings))
    assert read.status_code == 200, read.text
    assert read.json()["due_on"] == (date(2026, 12, 3) + timedelta(days=8)).isoformat()
    assert read.json()["due_basis"].startswith("L2315-34 (délai fixé par accord, repris au règlement intérieur) : 8")


async def test_d2315_26_without_an_agreed_delay_the_pv_is_due_in_15_days(
    client: httpx.AsyncClient, cse: BodyWorld, settings: Any, frozen_clock: FrozenClock
) -> None:
    held, _ = await make_held_meeting(cse, frozen_clock, starts_at=paris(2026, 12, 3))
    assert cse.secretary is not None
    await minutes.create_minutes(
        actor=cse.secretary.actor, meeting_id=held.id, data=MinutesCreate(), chain_key=TEST_CHAIN_KEY
    )
    read = (await client.get(f"/api/v1/meetings/{held.id}/minutes", headers=_headers(cse.secretary, settings))).json()
    assert read["due_on"] == "2026-12-18" and read["due_basis"] == "D2315-26 : 15 jour(s) après la réunion"
