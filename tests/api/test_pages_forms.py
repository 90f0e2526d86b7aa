"""Forms and exports over HTTP (issue 17, « Forms and phones »): the minutes in ODT and DOCX read back by their own
libraries, actions not yet possible shown disabled with their reason, the suppléant L2314-37 calls preselected,
the page script served from the application (CSP `script-src 'self'`)."""

from __future__ import annotations

import io
from typing import Any

import docx
from odf import teletype
from odf.opendocument import load
from odf.table import TableCell, TableRow
from odf.text import H

from tests.api.meeting_helpers import cse_id
from tests.api.test_pages import HTML, sign_in


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
