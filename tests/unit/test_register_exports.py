"""Printable registers: pagination, CSV safety and French labels (pure renderers, no database)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest

from dialogue.registers.exports import PrintedRegister, paginate, render_csv, render_html, status_line
from dialogue.registers.rules import DgiState, EntryStatus, ResponseAction
from dialogue.registers.schemas import EntryRead, ResponseRead

AT = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)


def _response(number: int, seq: int) -> ResponseRead:
    return ResponseRead(
        id=seq,
        entry_id=number,
        number=number,
        seq=seq,
        action=ResponseAction.ANSWER,
        body="Réponse motivée",
        dgi_state=None,
        meeting_due_by=None,
        author_id=2,
        author_name="Philippe Garnier",
        submitted_at=AT,
        late=False,
        prev_hash="a" * 64,
        hash="b" * 64,
    )


def _entry(number: int, seq: int, *, body: str = "Texte", responses: list[ResponseRead] | None = None) -> EntryRead:
    return EntryRead(
        id=number,
        register_id=1,
        number=number,
        seq=seq,
        subject=f"Demande {number}",
        body=body,
        fields={"question": "Q ?", "meeting_on": "2026-07-10", "meeting_id": None},
        submitted_at=AT,
        author_id=3,
        author_name="Julien Moreau",
        due_on=date(2026, 7, 18),
        status=EntryStatus.OPEN,
        dgi_state=None,
        meeting_id=None,
        meeting_on=date(2026, 7, 10),
        late_submission=False,
        meeting_due_by=None,
        may_refer_to_prefet=None,
        confidential=False,
        confidentiality_reason=None,
        redacted=False,
        corrects=None,
        corrected_by=[],
        answered_at=None,
        closed_at=None,
        responses=responses or [],
        prev_hash="0" * 64,
        hash="c" * 64,
    )


def test_every_entry_is_on_exactly_one_page_and_a_long_one_gets_its_own() -> None:
    entries = [_entry(1, 1), _entry(2, 2, body="x" * 10_000), _entry(3, 3), _entry(4, 4)]
    pages = paginate(entries, budget=3200)
    assert [[e.number for e in page] for page in pages] == [[1], [2], [3, 4]]


def test_an_empty_register_still_prints_one_page() -> None:
    assert paginate([]) == [[]]


def test_csv_rows_follow_the_ledger_order_entries_and_answers_interleaved() -> None:
    entries = [_entry(1, 1, responses=[_response(1, 3)]), _entry(2, 2)]
    rows = list(csv.reader(io.StringIO(render_csv(entries).lstrip("\ufeff")), delimiter=";"))
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [("1", "entrée", "1"), ("2", "entrée", "2"), ("3", "answer", "1")]
    assert "Réunion du : 10 juillet 2026" in rows[1][7]


@pytest.mark.parametrize("dangerous", ["=1+1", "+33 6", "-2", "@SUM(A1)"])
def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(dangerous: str) -> None:
    text = render_csv([_entry(1, 1, body=dangerous)])
    assert f"'{dangerous}" in text


def test_status_line_speaks_french_and_cites_the_articles() -> None:
    entry = _entry(1, 1).model_copy(
        update={
            "status": EntryStatus.OVERDUE,
            "dgi_state": DgiState.DISAGREEMENT,
            "meeting_due_by": datetime(2026, 3, 29, 9, 0, tzinfo=UTC),
            "late_submission": True,
        }
    )
    line = status_line(entry)
    assert line.startswith("Statut : en retard — échéance le 18 juillet 2026 — étape : désaccord")
    assert "CSE à réunir avant le 29/03/2026 à 11:00 (L4132-3)" in line
    assert "(L2315-22)" in line


def test_html_escapes_user_text_and_numbers_every_page() -> None:
    entries = [_entry(n, n, body="<img src=x onerror=alert(1)> " * 200) for n in range(1, 5)]
    html = render_html(
        PrintedRegister(
            title="Registre",
            body_name="CSE",
            legal_basis="L2315-22",
            entries=entries,
            digest="n° 4 (enregistrement 4) — SHA-256 " + "c" * 64,
            valid=False,
            first_broken=3,
            printed_at=AT,
            last_write=AT,
        )
    )
    assert "<img" not in html
    assert "chaîne rompue" in html
    assert "à l'entrée n° 3" in html or "à l&#39;entrée n° 3" in html
    for page in range(1, 5):
        assert f"Page {page} / 4" in html
    assert html.count("SHA-256 " + "c" * 64) >= 4
