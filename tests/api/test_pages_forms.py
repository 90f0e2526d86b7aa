"""Forms and exports over HTTP (issue 17, « Forms and phones »): the minutes in ODT and DOCX read back by their own
libraries, actions not yet possible shown disabled with their reason, the suppléant L2314-37 calls preselected,
the page script served from the application (CSP `script-src 'self'`)."""

from __future__ import annotations

import html
import io
import re
from datetime import timedelta
from typing import Any

import docx
import pytest
from odf import teletype
from odf.opendocument import load
from odf.table import TableCell, TableRow
from odf.text import H

from tests.api.meeting_helpers import cse_id, travel
from tests.api.test_pages import HTML, sign_in
from tests.api.test_pages_meetings import add_item, agreed_and_convened, in_days, members, plan, post


def _unescape(text: str) -> str:
    return html.unescape(text)


async def _adopted_meeting_with_votes(client: Any, headers: dict[str, str]) -> tuple[int, list[dict[str, Any]]]:
    """A demo meeting whose minutes are adopted and whose session recorded votes."""
    body = await cse_id(client, headers)
    listing = (await client.get(f"/api/v1/bodies/{body}/meetings?limit=100", headers=headers)).json()["items"]
    for meeting in listing:
        if meeting["minutes"]["status"] not in ("adopted", "published"):
            continue
        votes = (await client.get(f"/api/v1/meetings/{meeting['id']}/votes", headers=headers)).json()
        votes = votes["items"] if isinstance(votes, dict) else votes
        if votes:
            return int(meeting["id"]), votes
    raise AssertionError("the demo has no adopted minutes with votes")


async def test_minutes_export_in_odt_and_docx_keeps_headings_votes_and_the_seal(client: Any, auth: Any) -> None:
    """The PV for a word processor (L2315-34): its headings as headings, the votes of the session (L2315-32) in a
    table, the attendance list, and the SHA-256 of the adopted text."""
    secretary = await auth("secretaire@demo.example")
    meeting, votes = await _adopted_meeting_with_votes(client, secretary)
    pv = (await client.get(f"/api/v1/meetings/{meeting}/minutes", headers=secretary)).json()
    await sign_in(client, "elu@demo.example")
    page = await client.get(f"/reunions/{meeting}/proces-verbal", headers=HTML)
    assert f'href="/reunions/{meeting}/proces-verbal.odt"' in page.text
    assert f'href="/reunions/{meeting}/proces-verbal.docx"' in page.text

    odt = await client.get(f"/reunions/{meeting}/proces-verbal.odt", headers=HTML)
    assert odt.status_code == 200
    assert odt.headers["content-type"] == "application/vnd.oasis.opendocument.text"
    assert ".odt" in odt.headers["content-disposition"]
    document = load(io.BytesIO(odt.content))
    headings = [(h.getAttribute("outlinelevel"), teletype.extractText(h)) for h in document.getElementsByType(H)]
    assert headings[0][0] == "1" and headings[0][1].startswith("Procès-verbal — ")
    titles = [text for _, text in headings]
    assert "Présences" in titles and "Votes enregistrés en séance" in titles and "Liste de présence" in titles
    rows = [
        [teletype.extractText(c) for c in r.getElementsByType(TableCell)] for r in document.getElementsByType(TableRow)
    ]
    assert ["Point", "Question", "Pour", "Contre", "Abstentions et blancs", "Résultat"] in rows
    for vote in votes:
        row = next(r for r in rows if len(r) == 6 and r[1].startswith(vote["question"]))
        assert row[2] == str(vote["votes_for"]) and row[3] == str(vote["votes_against"])
        assert row[5].startswith("adoptée" if vote["adopted"] else "rejetée")
    text = teletype.extractText(document.text)
    assert f"SHA-256 {pv['sha256']}" in text

    word = await client.get(f"/reunions/{meeting}/proces-verbal.docx", headers=HTML)
    assert word.status_code == 200
    assert word.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    wdoc = docx.Document(io.BytesIO(word.content))
    assert wdoc.core_properties.title.startswith("Procès-verbal — ")
    levels = [(p.style.name, p.text) for p in wdoc.paragraphs if p.style and p.style.name.startswith("Heading")]
    assert levels[0][0] == "Heading 1"
    assert ("Heading 2", "Votes enregistrés en séance") in levels and ("Heading 2", "Présences") in levels
    vote_table = next(t for t in wdoc.tables if t.rows[0].cells[0].text == "Point")
    questions = [row.cells[1].text for row in vote_table.rows[1:]]
    assert all(any(q.startswith(v["question"]) for q in questions) for v in votes)
    assert any(p.text.endswith(f"SHA-256 {pv['sha256']}") for p in wdoc.paragraphs)
    assert f"SHA-256 {pv['sha256']}" in wdoc.sections[0].footer.paragraphs[0].text

    await sign_in(client, "admin@voisine.example")
    for suffix in ("odt", "docx"):
        assert (await client.get(f"/reunions/{meeting}/proces-verbal.{suffix}", headers=HTML)).status_code == 404


def _select(html: str, select_id: str) -> str:
    match = re.search(rf'<select id="{select_id}".*?</select>', html, re.S)
    assert match, select_id
    return match.group(0)


async def test_convene_and_approve_are_shown_disabled_with_their_reason_until_both_approve(
    client: Any, auth: Any
) -> None:
    """« Convoquer » before the agenda is agreed (L2315-29) is a disabled button whose reason names who has not
    approved yet; once both have, the convocation form replaces it."""
    body = await cse_id(client, await auth("secretaire@demo.example"))
    await sign_in(client, "secretaire@demo.example")
    meeting = await plan(client, body, in_days(30))
    empty = (await client.get(f"/reunions/{meeting}", headers=HTML)).text
    assert '<button type="button" disabled aria-describedby="convoquer-raison">Convoquer</button>' in empty
    assert "L'ordre du jour est vide : inscrivez au moins un point avant de convoquer." in _unescape(empty)
    assert 'aria-describedby="approuver-raison"' in empty
    assert f'action="/reunions/{meeting}/convoquer"' not in empty

    assert (await add_item(client, meeting, "Bilan social")).status_code == 303
    waiting = _unescape((await client.get(f"/reunions/{meeting}", headers=HTML)).text)
    assert "doit d'abord être approuvé par le président et le secrétaire (art. L2315-29)." in waiting
    assert "En attente : le président, le secrétaire." in waiting
    assert 'aria-describedby="approuver-raison"' not in waiting  # the agenda has an item: approving is possible
    assert (await post(client, f"/reunions/{meeting}/approuver")).status_code == 303
    assert "En attente : le président." in _unescape((await client.get(f"/reunions/{meeting}", headers=HTML)).text)
    refused = await post(client, f"/reunions/{meeting}/convoquer")  # the service refuses it all the same
    assert refused.status_code == 409

    await sign_in(client, "direction@demo.example")
    assert (await post(client, f"/reunions/{meeting}/approuver")).status_code == 303
    await sign_in(client, "secretaire@demo.example")
    agreed = (await client.get(f"/reunions/{meeting}", headers=HTML)).text
    assert 'id="convoquer-raison"' not in agreed
    assert f'action="/reunions/{meeting}/convoquer"' in agreed


async def test_minutes_actions_not_yet_possible_are_disabled_and_the_law_s_supplant_is_preselected(
    client: Any, auth: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before the meeting is held the PV cannot be established; a draft PV cannot be put to adoption nor
    circulated (D2315-26, L2315-35); an absent titulaire's suppléant of the same list is preselected (L2314-37)."""
    secretary = await auth("secretaire@demo.example")
    body = await cse_id(client, secretary)
    start = in_days(20)
    meeting = await agreed_and_convened(client, body, start, ("Plan de formation",), kind="information")
    before = _unescape((await client.get(f"/reunions/{meeting}/proces-verbal", headers=HTML)).text)
    assert 'aria-describedby="etablir-raison">Établir le procès-verbal</button>' in before
    assert "une fois la réunion tenue" in before
    held_early = _unescape((await client.get(f"/reunions/{meeting}", headers=HTML)).text)
    assert 'aria-describedby="ouvrir-raison"' in held_early

    travel(monkeypatch, start + timedelta(minutes=5))
    assert (await post(client, f"/reunions/{meeting}/tenir")).status_code == 303
    people = await members(client, body, secretary)
    titular = next(m for m in people.values() if m["role"] == "titular")
    substitute = next(
        m for m in people.values() if m["role"] == "substitute" and m["union_name"] == titular["union_name"]
    )
    sheet = {f"status-{m['id']}": "present" for m in people.values() if m["role"] != "substitute" and m is not titular}
    sheet[f"status-{titular['id']}"] = "absent"
    president = next(m for m in people.values() if m["role"] == "president")
    wrong = {**sheet, f"status-{substitute['id']}": "present", f"replaces-{substitute['id']}": str(president["id"])}
    refused = await post(client, f"/reunions/{meeting}/presences", wrong)
    assert refused.status_code == 422
    assert f'<a href="#f-replaces-{substitute["id"]}">{substitute["full_name"]} — Remplace</a>' in refused.text
    assert (await post(client, f"/reunions/{meeting}/presences", sheet)).status_code == 303
    page = (await client.get(f"/reunions/{meeting}", headers=HTML)).text
    replaces = _select(page, f"f-replaces-{substitute['id']}")
    assert f'<option value="{titular["id"]}" selected>' in replaces
    assert f'aria-describedby="f-proposed-{substitute["id"]}"' in replaces
    assert "Présélectionné : le suppléant que la loi appelle (L2314-37)." in _unescape(page)

    assert (await post(client, f"/reunions/{meeting}/proces-verbal/etablir")).status_code == 303
    draft = _unescape((await client.get(f"/reunions/{meeting}/proces-verbal", headers=HTML)).text)
    assert 'aria-describedby="adoption-raison">Inscrire l\'adoption</button>' in draft
    assert "doit d'abord être transmis à l'employeur et aux membres (art. D2315-26)" in draft
    assert 'aria-describedby="diffuser-raison">Diffuser le procès-verbal adopté</button>' in draft
    assert "data-markdown-toolbar hidden" in draft and 'aria-controls="f-text"' in draft
    assert (await post(client, f"/reunions/{meeting}/proces-verbal/transmettre")).status_code == 303
    travel(monkeypatch, start - timedelta(days=1))  # back before the meeting to plan the next one
    later = await plan(client, body, start + timedelta(days=14), title="Réunion suivante")
    sent = _unescape((await client.get(f"/reunions/{meeting}/proces-verbal", headers=HTML)).text)
    assert 'id="adoption-raison"' not in sent
    assert f'<option value="{later}"' in _select(sent, "f-target-meeting-id")
    assert 'aria-describedby="diffuser-raison"' in sent  # still not adopted


async def test_the_page_script_is_served_by_the_application_and_every_page_loads_it(client: Any) -> None:
    script = await client.get("/static/dialogue.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith(("application/javascript", "text/javascript"))
    assert "aria-invalid" in script.text and "data-markdown-toolbar" in script.text
    sign_in_page = await client.get("/connexion", headers=HTML)
    assert '<script src="/static/dialogue.js" defer></script>' in sign_in_page.text
    assert "script-src 'self'" in sign_in_page.headers["content-security-policy"]
