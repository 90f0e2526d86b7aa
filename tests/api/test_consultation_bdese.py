"""A consultation informed through the BDESE (issue 16; R2312-5: the delay runs from the communication of the
information or from the notice that it is in the BDESE): linking a published item moves `informed_on` to its
publication day, publishing with a consultation links in the same step, an unpublished item or another
organisation's is refused, a date set by hand with a reason stays, and a later publication moves nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pytest

from tests.api.meeting_helpers import cse_id
from tests.factories import BodyWorld, bearer_headers, make_body, make_organization
from tests.helpers.clock import FrozenClock
from tests.helpers.problems import assert_problem


@dataclass
class World:
    cse: BodyWorld
    secretary: dict[str, str]
    director: dict[str, str]
    elu: dict[str, str]
    neighbour: dict[str, str]
    neighbour_org: int


@pytest.fixture
async def world(db: Any, settings: Any, frozen_clock: FrozenClock) -> World:
    frozen_clock.set(date(2026, 2, 20))
    cse = await make_body(await make_organization(headcount=320), titulaires=1)
    neighbour = await make_organization(headcount=120)
    assert cse.secretary is not None and cse.president is not None
    secret = settings.secret_key.get_secret_value()
    return World(
        cse=cse,
        secretary=bearer_headers(cse.secretary, secret=secret),
        director=bearer_headers(cse.president, secret=secret),
        elu=bearer_headers(cse.titulaires[0], secret=secret),
        neighbour=bearer_headers(neighbour.admin, secret=secret),
        neighbour_org=neighbour.id,
    )


async def _item(client: httpx.AsyncClient, headers: dict[str, str], org: int) -> int:
    payload = {
        "theme": "investissements",
        "year": 2025,
        "title": "Effectifs par contrat",
        "figures": {"CDI": 280, "CDD": 40},
    }
    response = await client.post(f"/api/v1/organizations/{org}/bdese/items", headers=headers, json=payload)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def _publish(
    client: httpx.AsyncClient, headers: dict[str, str], org: int, item: int, **options: Any
) -> httpx.Response:
    return await client.post(
        f"/api/v1/organizations/{org}/bdese/items/{item}/publish", headers=headers, json=options or None
    )


async def _consultation(client: httpx.AsyncClient, world: World) -> int:
    response = await client.post(
        f"/api/v1/bodies/{world.cse.id}/consultations",
        headers=world.secretary,
        json={"subject": "Politique sociale 2025", "kind": "ponctual", "informed_on": "2026-02-20"},
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def _consultation_state(client: httpx.AsyncClient, world: World, consultation: int) -> tuple[str, str]:
    body = (await client.get(f"/api/v1/consultations/{consultation}", headers=world.secretary)).json()
    return body["informed_on"], body["deadline"]


async def test_r2312_5_an_item_published_on_2_march_starts_the_delay_on_2_march(
    client: httpx.AsyncClient, world: World, frozen_clock: FrozenClock
) -> None:
    """R2312-5: the notice that the information is in the BDESE (2 March) starts the delay, not the link."""
    org = world.cse.org.id
    consultation = await _consultation(client, world)
    item = await _item(client, world.director, org)
    frozen_clock.set(date(2026, 3, 2))
    assert (await _publish(client, world.director, org, item)).status_code == 200
    frozen_clock.set(date(2026, 3, 4))
    url = f"/api/v1/consultations/{consultation}/bdese-items"
    linked = await client.post(url, headers=world.secretary, json={"item_id": item})
    assert linked.status_code == 201, linked.text
    body = linked.json()
    assert (body["item_id"], body["published_on"], body["consultation_informed_on"]) == (
        item,
        "2026-03-02",
        "2026-03-02",
    )
    assert (body["theme"], body["title"], body["confidential"]) == ("investissements", "Effectifs par contrat", False)
    assert await _consultation_state(client, world, consultation) == ("2026-03-02", "2026-04-02")
    listed = (await client.get(url, headers=world.elu)).json()
    assert (listed["total"], [i["item_id"] for i in listed["items"]]) == (1, [item])
    assert_problem(await client.post(url, headers=world.secretary, json={"item_id": item}), 409, "bdese_item_linked")

    frozen_clock.set(date(2026, 3, 10))
    assert (await _publish(client, world.director, org, item)).status_code == 200
    assert await _consultation_state(client, world, consultation) == ("2026-03-02", "2026-04-02")


async def test_r2312_5_publishing_with_a_consultation_links_it_in_the_same_step(
    client: httpx.AsyncClient, world: World, frozen_clock: FrozenClock
) -> None:
    org = world.cse.org.id
    consultation = await _consultation(client, world)
    item = await _item(client, world.director, org)
    frozen_clock.set(date(2026, 3, 2))
    published = await _publish(client, world.director, org, item, consultation_id=consultation)
    assert published.status_code == 200, published.text
    assert published.json()["published_at"] is not None
    assert await _consultation_state(client, world, consultation) == ("2026-03-02", "2026-04-02")
    listed = (await client.get(f"/api/v1/consultations/{consultation}/bdese-items", headers=world.secretary)).json()
    assert [(i["item_id"], i["published_on"]) for i in listed["items"]] == [(item, "2026-03-02")]
    again = await _publish(client, world.director, org, item, consultation_id=consultation)
    assert_problem(again, 409, "bdese_item_linked")


async def test_r2312_5_no_publication_no_start_an_unpublished_item_is_422(
    client: httpx.AsyncClient, world: World
) -> None:
    consultation = await _consultation(client, world)
    item = await _item(client, world.director, world.cse.org.id)
    url = f"/api/v1/consultations/{consultation}/bdese-items"
    body = assert_problem(await client.post(url, headers=world.secretary, json={"item_id": item}), 422)
    assert body["code"] == "bdese_item_unpublished" and "R2312-5" in body["detail"]
    assert await _consultation_state(client, world, consultation) == ("2026-02-20", "2026-03-20")
    assert (await client.get(url, headers=world.secretary)).json()["total"] == 0


async def test_another_organisations_item_is_422_and_its_consultation_404(
    client: httpx.AsyncClient, world: World
) -> None:
    consultation = await _consultation(client, world)
    foreign = await _item(client, world.neighbour, world.neighbour_org)
    assert (await _publish(client, world.neighbour, world.neighbour_org, foreign)).status_code == 200
    url = f"/api/v1/consultations/{consultation}/bdese-items"
    assert_problem(
        await client.post(url, headers=world.secretary, json={"item_id": foreign}), 422, "bdese_item_unknown"
    )
    assert_problem(await client.post(url, headers=world.neighbour, json={"item_id": foreign}), 404)
    assert_problem(await client.get(url, headers=world.neighbour), 404)
    own = await _item(client, world.neighbour, world.neighbour_org)
    refused = await _publish(client, world.neighbour, world.neighbour_org, own, consultation_id=consultation)
    assert_problem(refused, 404)
    read = await client.get(f"/api/v1/organizations/{world.neighbour_org}/bdese/items/{own}", headers=world.neighbour)
    assert read.json()["published_at"] is None


async def test_only_who_runs_the_consultation_links_an_item(client: httpx.AsyncClient, world: World) -> None:
    consultation = await _consultation(client, world)
    item = await _item(client, world.director, world.cse.org.id)
    assert (await _publish(client, world.director, world.cse.org.id, item)).status_code == 200
    url = f"/api/v1/consultations/{consultation}/bdese-items"
    assert_problem(await client.post(url, headers=world.elu, json={"item_id": item}), 403)


async def test_informed_on_set_by_hand_with_a_reason_stays_and_a_bare_date_is_refused(
    client: httpx.AsyncClient, world: World, frozen_clock: FrozenClock
) -> None:
    org = world.cse.org.id
    consultation = await _consultation(client, world)
    item = await _item(client, world.director, org)
    frozen_clock.set(date(2026, 3, 2))
    assert (await _publish(client, world.director, org, item, consultation_id=consultation)).status_code == 200
    frozen_clock.set(date(2026, 3, 6))
    patch_url = f"/api/v1/consultations/{consultation}"
    bare = await client.patch(patch_url, headers=world.secretary, json={"informed_on": "2026-03-05"})
    assert [e["field"] for e in assert_problem(bare, 422)["errors"]] == ["informed_on_reason"]
    reason = "Les comptes annexes n'ont été remis que le 5 mars"
    kept = await client.patch(
        patch_url, headers=world.secretary, json={"informed_on": "2026-03-05", "informed_on_reason": reason}
    )
    assert kept.status_code == 200, kept.text
    other = await _item(client, world.director, org)
    assert (await _publish(client, world.director, org, other, consultation_id=consultation)).status_code == 200
    assert await _consultation_state(client, world, consultation) == ("2026-03-05", "2026-04-05")


async def test_the_demo_social_policy_consultation_is_informed_through_the_bdese(
    client: httpx.AsyncClient, auth: Any
) -> None:
    secretary = await auth("secretaire@demo.example")
    body = await cse_id(client, secretary)
    listed = (await client.get(f"/api/v1/bodies/{body}/consultations?limit=100", headers=secretary)).json()["items"]
    social = next(c for c in listed if c["kind"] == "social_policy")
    linked = (await client.get(f"/api/v1/consultations/{social['id']}/bdese-items", headers=secretary)).json()
    assert linked["total"] == 1
    assert linked["items"][0]["published_on"] == social["informed_on"]
    assert linked["items"][0]["theme"] == "investissements"
