"""Pages: the suppléant proposed by L2314-37, a reason for another, arrivals and departures per item, the
délégation's vote without the president (L2315-32)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.api.meeting_helpers import cse_id, travel
from tests.api.test_pages import HTML
from tests.api.test_pages_meetings import agreed_and_convened, in_days, item_ids, members, post


async def _held(client: Any, auth: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int, dict[str, Any], Any]:
    secretary = await auth("secretaire@demo.example")
    body = await cse_id(client, secretary)
    start = in_days(20)
    meeting = await agreed_and_convened(client, body, start, ("Désignation d'un expert",), kind="vote")
    item = (await item_ids(client, meeting, secretary))["Désignation d'un expert"]
    travel(monkeypatch, start + timedelta(minutes=5))
    assert (await post(client, f"/reunions/{meeting}/tenir")).status_code == 303
    return meeting, item, await members(client, body, secretary), secretary


def _form(people: dict[str, dict[str, Any]], absent: str) -> dict[str, str]:
    return {f"status-{m['id']}": "absent" if email == absent else "present" for email, m in people.items()}


async def test_attendance_page_proposes_the_l2314_37_suppleant_and_asks_a_reason_for_another(
    client: Any, auth: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting, _, people, secretary = await _held(client, auth, monkeypatch)
    julien, lea = people["elu@demo.example"], people["lea.dupont@demo.example"]
    assert (await post(client, f"/reunions/{meeting}/presences", _form(people, "elu@demo.example"))).status_code == 303
    page = await client.get(f"/reunions/{meeting}", headers=HTML)
    assert f'id="proposal-{julien["id"]}"' in page.text
    assert "Suppléant proposé (L2314-37) : Karim Haddad" in page.text

    wrong = _form(people, "elu@demo.example")
    wrong[f"status-{julien['id']}"] = "replaced"
    wrong[f"replaces-{lea['id']}"] = str(julien["id"])
    refused = await post(client, f"/reunions/{meeting}/presences", wrong)
    assert refused.status_code == 409
    assert "L2314-37" in refused.text and "Karim Haddad" in refused.text
    assert "indiquez-en la raison" in refused.text

    wrong[f"reason-{lea['id']}"] = "Karim Haddad en formation syndicale"
    assert (await post(client, f"/reunions/{meeting}/presences", wrong)).status_code == 303
    sheet = (await client.get(f"/api/v1/meetings/{meeting}/attendance", headers=secretary)).json()
    line = next(e for e in sheet["entries"] if e["member_id"] == lea["id"])
    assert (line["replaces_member_id"], line["replacement_reason"]) == (
        julien["id"],
        "Karim Haddad en formation syndicale",
    )
    page = await client.get(f"/reunions/{meeting}", headers=HTML)
    assert 'value="Karim Haddad en formation syndicale"' in page.text


async def test_arrival_and_departure_per_item_are_recorded_on_the_page(
    client: Any, auth: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting, _, people, secretary = await _held(client, auth, monkeypatch)
    thomas = people["thomas.girard@demo.example"]
    form = _form(people, "")
    form[f"arrived-{thomas['id']}"] = "1"
    form[f"left-{thomas['id']}"] = "1"
    assert (await post(client, f"/reunions/{meeting}/presences", form)).status_code == 303
    sheet = (await client.get(f"/api/v1/meetings/{meeting}/attendance", headers=secretary)).json()
    line = next(e for e in sheet["entries"] if e["member_id"] == thomas["id"])
    assert (line["arrived_before_item"], line["left_after_item"]) == (1, 1)
    form[f"arrived-{thomas['id']}"] = "2"
    refused = await post(client, f"/reunions/{meeting}/presences", form)
    assert refused.status_code == 422
    assert f'id="f-err-{thomas["id"]}"' in refused.text


async def test_vote_form_says_when_the_president_does_not_vote_L2315_32(
    client: Any, auth: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting, item, people, _ = await _held(client, auth, monkeypatch)
    assert (await post(client, f"/reunions/{meeting}/presences", _form(people, ""))).status_code == 303
    page = await client.get(f"/reunions/{meeting}", headers=HTML)
    assert f'name="vote-{item}.resolution_kind"' in page.text
    assert f'id="delegation-{item}"' not in page.text  # an ordinary deliberation: the president votes
    vote = {
        f"vote-{item}.question": "Le comité désigne-t-il l'expert ?",
        f"vote-{item}.resolution_kind": "expertise",
        f"vote-{item}.votes_for": "4",
        f"vote-{item}.votes_against": "3",
        f"vote-{item}.abstentions": "0",
        f"vote-{item}.blank": "0",
    }
    assert (await post(client, f"/points/{item}/votes", vote)).status_code == 303
    page = await client.get(f"/reunions/{meeting}", headers=HTML)
    assert "Vote de la délégation du personnel : le président ne prend pas part au vote" in page.text
    assert "sur 7 votant(s) ; majorité requise : 4" in page.text
