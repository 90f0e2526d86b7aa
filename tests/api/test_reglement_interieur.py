"""The règlement intérieur of a CSE over HTTP (L2315-24): an adoption links a document of kind
`reglement_interieur` and, when given, the adopted vote of the body (majority of the members present, L2315-32);
its parameters are applied to the body, whose PATCH of them is then refused, and the convening rule reads them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from dialogue.audit.tables import AuditEvent
from dialogue.core.clock import utcnow
from dialogue.meetings.tables import AgendaItem, Vote
from tests.api.meeting_helpers import add_item, agree_agenda, new_meeting, paris, travel
from tests.factories import BodyWorld, bearer_headers, make_body, make_meeting, make_organization
from tests.helpers.document_stores import document_store, s3_endpoint  # noqa: F401
from tests.helpers.problems import assert_problem

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"% filler line\n" * 200 + b"%%EOF\n"
PARAMETERS = {"agenda_notice_days": 5, "president_votes_on_minutes": False, "visio_max_per_year": 4}


@dataclass
class World:
    cse: BodyWorld
    other: BodyWorld
    director: dict[str, str]
    secretary: dict[str, str]
    elu: dict[str, str]
    admin: dict[str, str]
    neighbour: dict[str, str]
    neighbour_cse: BodyWorld


@pytest.fixture
async def world(db: Any, settings: Any, monkeypatch: pytest.MonkeyPatch) -> World:
    travel(monkeypatch, paris(2026, 12, 1, 9))
    org = await make_organization()
    cse = await make_body(org, titulaires=1)
    other = await make_body(org, titulaires=0)
    neighbour_cse = await make_body(await make_organization(), titulaires=0)
    assert cse.president is not None and cse.secretary is not None
    secret = settings.secret_key.get_secret_value()
    return World(
        cse=cse,
        other=other,
        director=bearer_headers(cse.president, secret=secret),
        secretary=bearer_headers(cse.secretary, secret=secret),
        elu=bearer_headers(cse.titulaires[0], secret=secret),
        admin=bearer_headers(org.admin, secret=secret),
        neighbour=bearer_headers(neighbour_cse.org.admin, secret=secret),
        neighbour_cse=neighbour_cse,
    )


async def _upload(client: httpx.AsyncClient, org_id: int, headers: dict[str, str], kind: str) -> int:
    files = {"file": ("ri.pdf", PDF, "application/pdf")}
    data = {"title": "Règlement intérieur", "kind": kind}
    response = await client.post(f"/api/v1/organizations/{org_id}/documents", headers=headers, files=files, data=data)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def _vote(world: BodyWorld, *, adopted: bool = True, kind: str = "interne") -> int:
    """A vote recorded on the first item of a meeting of `world` (rows built directly: the vote's own rules are
    tested with the meetings)."""
    meeting = await make_meeting(world, starts_at=paris(2026, 11, 20))
    item = await AgendaItem.select(AgendaItem.id).where(AgendaItem.meeting == meeting.id).first()
    assert item is not None
    counts = {"votes_for": 2, "votes_against": 0} if adopted else {"votes_for": 0, "votes_against": 2}
    rows = await Vote.insert(
        Vote(
            meeting=meeting.id,
            agenda_item=item["id"],
            question="Adoption du règlement intérieur",
            resolution_kind=kind,
            voters=2,
            abstentions=0,
            blank=0,
            required_majority=2,
            adopted=adopted,
            recorded_at=utcnow(),
            **counts,
        )
    ).returning(Vote.id)
    return int(rows[0]["id"])


def _adoption(document_id: int, vote_id: int | None = None, **parameters: Any) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "version": 1,
        "adopted_on": "2026-11-20",
        "vote_id": vote_id,
        "parameters": {**PARAMETERS, **parameters},
    }


@pytest.mark.usefixtures("document_store")
async def test_l2315_24_adoption_recorded_and_applied_to_the_body(client: httpx.AsyncClient, world: World) -> None:
    doc = await _upload(client, world.cse.org.id, world.director, "reglement_interieur")
    vote = await _vote(world.cse)
    url = f"/api/v1/bodies/{world.cse.id}/reglement-interieur"
    response = await client.post(url, headers=world.secretary, json=_adoption(doc, vote))
    assert response.status_code == 201, response.text
    state = response.json()
    assert state["in_force"]["document_id"] == doc
    assert (state["in_force"]["adopted_on"], state["in_force"]["vote_id"]) == ("2026-11-20", vote)
    assert state["in_force"]["parameters"] == {**PARAMETERS, "minutes_delay_days": None}
    assert [h["id"] for h in state["history"]] == [state["in_force"]["id"]]
    body = (await client.get(f"/api/v1/bodies/{world.cse.id}", headers=world.elu)).json()
    assert (body["agenda_notice_days"], body["president_votes_on_minutes"]) == (5, False)
    read = await client.get(url, headers=world.elu)
    assert read.status_code == 200
    assert read.json() == state
    actions = await AuditEvent.select(AuditEvent.action).where(AuditEvent.body == world.cse.id)
    assert {"reglement_interieur.adopted", "reglement_interieur.applied"} <= {a["action"] for a in actions}


@pytest.mark.usefixtures("document_store")
async def test_a_later_version_replaces_the_former(client: httpx.AsyncClient, world: World) -> None:
    doc = await _upload(client, world.cse.org.id, world.director, "reglement_interieur")
    url = f"/api/v1/bodies/{world.cse.id}/reglement-interieur"
    assert (await client.post(url, headers=world.director, json=_adoption(doc))).status_code == 201
    later = {**_adoption(doc, agenda_notice_days=8), "adopted_on": "2026-11-27"}
    state = (await client.post(url, headers=world.director, json=later)).json()
    assert state["in_force"]["parameters"]["agenda_notice_days"] == 8
    assert [h["adopted_on"] for h in state["history"]] == ["2026-11-27", "2026-11-20"]


@pytest.mark.usefixtures("document_store")
async def test_refusals_of_the_text_and_the_vote(client: httpx.AsyncClient, world: World) -> None:
    url = f"/api/v1/bodies/{world.cse.id}/reglement-interieur"
    other_kind = await _upload(client, world.cse.org.id, world.director, "accord")
    body = assert_problem(await client.post(url, headers=world.secretary, json=_adoption(other_kind)), 422)
    assert [e["field"] for e in body["errors"]] == ["document_id"]
    foreign = await _upload(client, world.neighbour_cse.org.id, world.neighbour, "reglement_interieur")
    body = assert_problem(await client.post(url, headers=world.secretary, json=_adoption(foreign)), 422)
    assert [e["field"] for e in body["errors"]] == ["document_id"]
    doc = await _upload(client, world.cse.org.id, world.director, "reglement_interieur")
    for vote in (await _vote(world.other), await _vote(world.cse, adopted=False), await _vote(world.cse, kind="avis")):
        body = assert_problem(await client.post(url, headers=world.secretary, json=_adoption(doc, vote)), 422)
        assert [e["field"] for e in body["errors"]] == ["vote_id"]
    body = assert_problem(
        await client.post(url, headers=world.secretary, json=_adoption(doc, agenda_notice_days=2)), 422
    )
    assert [e["field"] for e in body["errors"]] == ["parameters.agenda_notice_days"]
    future = {**_adoption(doc), "adopted_on": "2026-12-10"}
    assert_problem(await client.post(url, headers=world.secretary, json=future), 422)
    assert (await client.get(url, headers=world.secretary)).json() == {"in_force": None, "history": []}


@pytest.mark.usefixtures("document_store")
async def test_only_the_secretary_or_the_president_records(client: httpx.AsyncClient, world: World) -> None:
    doc = await _upload(client, world.cse.org.id, world.director, "reglement_interieur")
    url = f"/api/v1/bodies/{world.cse.id}/reglement-interieur"
    assert_problem(await client.post(url, headers=world.elu, json=_adoption(doc)), 403, "forbidden")
    assert_problem(await client.post(url, headers=world.admin, json=_adoption(doc)), 403, "forbidden")
    assert_problem(await client.post(url, headers=world.neighbour, json=_adoption(doc)), 404, "not_found")
    assert_problem(await client.get(url, headers=world.neighbour), 404, "not_found")


@pytest.mark.usefixtures("document_store")
async def test_l2315_24_patch_of_a_parameter_refused_once_an_ri_is_in_force(
    client: httpx.AsyncClient, world: World
) -> None:
    body_url = f"/api/v1/bodies/{world.cse.id}"
    before = await client.patch(body_url, headers=world.admin, json={"agenda_notice_days": 4})
    assert before.status_code == 200, before.text
    doc = await _upload(client, world.cse.org.id, world.director, "reglement_interieur")
    url = f"/api/v1/bodies/{world.cse.id}/reglement-interieur"
    assert (await client.post(url, headers=world.secretary, json=_adoption(doc))).status_code == 201
    for change in ({"agenda_notice_days": 6}, {"president_votes_on_minutes": True}):
        problem = assert_problem(await client.patch(body_url, headers=world.admin, json=change), 409)
        assert problem["code"] == "fixed_by_reglement_interieur"
        assert "L2315-24" in problem["detail"] and "fixé par le règlement intérieur en vigueur" in problem["detail"]
    renamed = await client.patch(body_url, headers=world.admin, json={"name": "CSE renommé"})
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["agenda_notice_days"] == 5


@pytest.mark.usefixtures("document_store")
async def test_l2315_30_convocation_4_days_before_is_late_with_an_ri_of_5_days(
    client: httpx.AsyncClient, world: World
) -> None:
    doc = await _upload(client, world.cse.org.id, world.director, "reglement_interieur")
    url = f"/api/v1/bodies/{world.cse.id}/reglement-interieur"
    assert (await client.post(url, headers=world.secretary, json=_adoption(doc))).status_code == 201
    meeting = await new_meeting(client, world.secretary, world.cse.id, paris(2026, 12, 5))
    await add_item(client, world.secretary, meeting["id"], title="Point", kind="information")
    await agree_agenda(client, world.secretary, world.director, meeting["id"])
    response = await client.post(f"/api/v1/meetings/{meeting['id']}/convene", headers=world.secretary, json={})
    assert_problem(response, 409, "late_convocation")
