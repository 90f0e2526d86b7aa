"""Nominal (per-member) votes from the meeting page: the secretary notes each present member's choice (pour,
contre, abstention), the result follows (L2315-32: abstentions count against), the names are shown under the
vote and written in the minutes; a member without a vote is refused with a reason; another organisation 404."""

from __future__ import annotations

import re
from typing import Any

import pytest

from dialogue.meetings.drafting import VoteLine, vote_sentence
from dialogue.meetings.pages.forms import vote_payload
from tests.api.test_pages import HTML, sign_in
from tests.api.test_pages_meetings import post
from tests.api.test_pages_votes import _form, _held


def test_a_nominal_vote_form_sends_ballots_not_totals() -> None:
    payload = vote_payload(
        {"question": "Q ?", "ballot-3": "for", "ballot-4": "against", "ballot-5": "", "votes_for": "9"}
    )
    assert payload["ballots"] == [{"member_id": 3, "choice": "for"}, {"member_id": 4, "choice": "against"}]
    assert "votes_for" not in payload
    assert vote_payload({"question": "Q ?", "votes_for": "2"})["votes_for"] == "2"


def test_the_minutes_name_who_voted_what_but_never_in_a_secret_ballot() -> None:
    line = {
        "question": "Q",
        "voters": 3,
        "votes_for": 2,
        "votes_against": 0,
        "abstentions": 1,
        "blank": 0,
        "required_majority": 2,
    }
    ballots = (("Léa Dupont", "for"), ("Karim Haddad", "abstention"), ("Julien Morel", "for"))
    sentence = vote_sentence(VoteLine(secret=False, adopted=True, ballots=ballots, **line))
    assert "Vote nominal — pour : Léa Dupont, Julien Morel ; abstention : Karim Haddad." in sentence
    assert "Vote nominal" not in vote_sentence(VoteLine(secret=True, adopted=True, ballots=ballots, **line))


async def test_secretary_records_a_nominal_vote_shown_on_the_page_and_in_the_minutes(
    client: Any, auth: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting, item, people, secretary = await _held(client, auth, monkeypatch)
    assert (await post(client, f"/reunions/{meeting}/presences", _form(people, ""))).status_code == 303
    page = await client.get(f"/reunions/{meeting}", headers=HTML)
    julien, thomas = people["elu@demo.example"], people["thomas.girard@demo.example"]
    assert f'name="vote-{item}.ballot-{julien["id"]}"' in page.text
    assert "Vote nominal (facultatif)" in page.text

    present = [int(m) for m in re.findall(rf'name="vote-{item}\.ballot-(\d+)"', page.text)]
    assert people["drh@demo.example"]["id"] not in present  # a guest of the direction has no vote
    choices = dict.fromkeys(present, "for")
    choices[thomas["id"]] = "against"
    # who may vote on an expert's appointment: the élus, without the president (L2315-32)
    president = people["direction@demo.example"]["id"]
    choices.pop(president, None)
    form = {
        f"vote-{item}.question": "Le comité désigne-t-il le cabinet Syndex ?",
        f"vote-{item}.resolution_kind": "expertise",
        **{f"vote-{item}.ballot-{m}": c for m, c in choices.items()},
    }
    refused = await post(client, f"/points/{item}/votes", {**form, f"vote-{item}.ballot-{president}": "for"})
    assert refused.status_code == 409
    assert "ne peut pas voter" in refused.text
    done = await post(client, f"/points/{item}/votes", form)
    assert done.status_code == 303, done.text

    votes = (await client.get(f"/api/v1/meetings/{meeting}/votes", headers=secretary)).json()["items"]
    (vote,) = votes
    assert vote["votes_for"] == len(choices) - 1 and vote["votes_against"] == 1 and vote["adopted"] is True
    assert {b["member_id"]: b["choice"] for b in vote["ballots"]} == choices
    page = await client.get(f"/reunions/{meeting}", headers=HTML)
    block = page.text[page.text.index(f'id="vote-{vote["id"]}-ballots"') :]
    block = block[: block.index("</div>")]
    assert "Vote nominal" in block and f"Contre (1) : {thomas['full_name']}" in block

    assert (await post(client, f"/reunions/{meeting}/proces-verbal/etablir")).status_code == 303
    minutes = (await client.get(f"/api/v1/meetings/{meeting}/minutes", headers=secretary)).json()
    assert "Vote nominal — pour : " in minutes["text"] and f"contre : {thomas['full_name']}." in minutes["text"]

    await sign_in(client, "admin@voisine.example")
    assert (await post(client, f"/points/{item}/votes", form)).status_code == 404
