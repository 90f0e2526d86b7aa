"""The convocation letter and the attendance sheet read back by poppler's pdftotext (a subprocess)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime

import pytest

from dialogue.core.clock import PARIS
from dialogue.meetings.printables import (
    AgendaLine,
    ConvocationLetter,
    Person,
    PrintedMeeting,
    attendance_sheet_pdf,
    convocation_pdf,
)
from tests.unit.test_meetings_printables import Annex as _Annex

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) absent")

HEADER = PrintedMeeting(
    organization="Association Les Tilleuls",
    body_name="CSE des Tilleuls",
    title="Réunion de janvier",
    kind="extraordinary",
    starts_at=datetime(2027, 1, 12, 14, 0, tzinfo=PARIS),
    ends_at=datetime(2027, 1, 12, 17, 30, tzinfo=PARIS),
    location="Salle du conseil",
    visio_url="https://visio.example/cse",
    draft=False,
)


def _text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return " ".join(out.decode().split())


def test_convocation_letter_agenda_annexes_recipients() -> None:
    letter = ConvocationLetter(
        header=HEADER,
        delay="L'ordre du jour est communiqué au moins 3 jours avant la séance (art. L2315-30).",
        agenda_basis="L'ordre du jour a été arrêté conjointement (art. L2315-29).",
        president="Sandrine Faure",
        secretary="Léa Dupont",
        joint=True,
        agenda=[
            AgendaLine(position=1, title="Point sur les effectifs", kind="information", vote_expected=False),
            AgendaLine(
                position=2, title="Secret", kind="consultation", vote_expected=True, confidential=True, hidden=True
            ),
        ],
        annexes=[_Annex("Note de présentation", "note.pdf", 1, "0123456789abcdef" * 4, False)],
        recipients=[
            Person(name="Sandrine Faure", role="president", label="Président"),
            Person(name="Léa Dupont", role="secretary", label="Secrétaire"),
            Person(name="Karim Haddad", role="substitute", label="Suppléant"),
            Person(name="Nadia Benali", role="union_representative", label="Représentant syndical", union="CGT"),
            Person(name="Dr Hugo Lemaire", role="medecin_travail", label="Médecin du travail"),
        ],
        dated=date(2027, 1, 5),
    )
    text = _text(convocation_pdf(letter, sees_confidential=False))
    assert "Convocation à la réunion extraordinaire du mardi 12 janvier 2027" in text
    assert "le mardi 12 janvier 2027, de 14 h à 17 h 30, Salle du conseil ; en visioconférence" in text
    assert "À Association Les Tilleuls, le 5 janvier 2027" in text
    assert "(art. L2315-30)" in text and "(art. L2315-29)" in text
    assert "1. Point sur les effectifs — Information" in text
    assert "2. Point confidentiel (art. L2315-3) — Consultation, vote prévu" in text
    assert "Secret" not in text
    assert "note.pdf" in text and "0123456789abcdef" in text and "0123456789abcdef0" not in text
    assert "Membres titulaires, convoqués • Léa Dupont (Secrétaire)" in text
    assert "Membres suppléants, pour information (art. L2314-1) • Karim Haddad (Suppléant)" in text
    assert "Nadia Benali (Représentant syndical, CGT)" in text
    assert "Invités • Dr Hugo Lemaire (Médecin du travail)" in text
    assert "Le président, pour l'employeur" in text and "Le secrétaire, pour l'ordre du jour" in text


def test_attendance_sheet_breaks_pages_and_repeats_the_table_header() -> None:
    people = [Person(name=f"Membre {n:02d}", role="titular", label="Titulaire", college="Élus") for n in range(40)]
    pdf = attendance_sheet_pdf(HEADER, people)
    pages = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    sheets = [" ".join(p.split()) for p in pages.split("\f") if p.strip()]
    assert len(sheets) >= 3
    for sheet in sheets:
        assert "Signature" in sheet and "Arrivée" in sheet and "Départ" in sheet  # header on every page
        assert "Feuille d'émargement — CSE des Tilleuls — Réunion de janvier — 12/01/2027" in sheet
    text = " ".join(sheets)
    assert "Feuille d'émargement — CSE des Tilleuls" in text
    assert "aucun quorum" in text and "L2315-32" in text
    assert all(f"Membre {n:02d}" in text for n in range(40))
