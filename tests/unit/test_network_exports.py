"""The printed experience sheet of a network (issue 20): French text kept whole, the sheet's landmarks and sections
in order, no person's name added, and stable file names for the pooling bundle."""

from __future__ import annotations

from datetime import UTC, datetime

from dialogue.networks.exports import sheet_filename, sheet_pdf, sheet_sections, slug
from dialogue.networks.rules import REMOVED
from dialogue.networks.schemas import SheetRead
from tests.unit.test_documents import extract_pages, flat


def sheet(**changes: object) -> SheetRead:
    values: dict[str, object] = {
        "id": 12,
        "network_id": 3,
        "organization_id": 7,
        "organization_name": "Association Les Tilleuls",
        "title": "Accueil des nouveaux à l'EHPAD : « vis mon travail »",
        "theme": "relations",
        "theme_label": "Relations de travail",
        "establishment_type": "EHPAD",
        "content": {
            "problem": "Les nouveaux arrivants quittent l'équipe de nuit après trois semaines.",
            "proposal": f"Binôme d'accueil avec {REMOVED}, cadre de santé ; œuvre commune.",
            "lessons_learned": "Prévoir le temps du tuteur dans le planning — dès l'été.",
            "priorities": ["Accueil des nouveaux", "Plannings"],
        },
        "status": "published",
        "missing_approvals": [],
        "published_at": datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
    }
    values.update(changes)
    return SheetRead.model_validate(values)


def test_the_sections_give_the_landmarks_then_the_sheet_s_sections_in_order() -> None:
    sections = sheet_sections(sheet(), network_name="Cluster QVT Bretagne Sud")
    assert [s.heading for s in sections] == [
        "Repères",
        "Priorités du comité",
        "Problème constaté",
        "Action menée",
        "Enseignements",
    ]
    landmarks = sections[0].blocks[0].items  # type: ignore[union-attr]
    assert landmarks == (
        "Organisation : Association Les Tilleuls",
        "Type d'établissement : EHPAD",
        "Thème : Relations de travail",
        "Réseau : Cluster QVT Bretagne Sud",
        "Date de publication : 1er mars 2026",
    )


def test_the_pdf_reads_in_french_and_names_nobody() -> None:
    pdf = sheet_pdf(sheet(), network_name="Cluster QVT Bretagne Sud")
    assert pdf.startswith(b"%PDF")
    text = flat("\n".join(extract_pages(pdf)))
    for expected in (
        "Fiche de retour d'expérience — Accueil des nouveaux à l'EHPAD : « vis mon travail »",
        "Association Les Tilleuls — Cluster QVT Bretagne Sud",
        "Type d'établissement : EHPAD",
        "Thème : Relations de travail",
        "Date de publication : 1er mars 2026",
        "Accueil des nouveaux",
        "Les nouveaux arrivants quittent l'équipe de nuit après trois semaines.",
        f"Binôme d'accueil avec {REMOVED}, cadre de santé ; œuvre commune.",
        "Prévoir le temps du tuteur dans le planning — dès l'été.",
        "les noms des personnes en ont été retirés",
    ):
        assert expected in text, expected
    assert "Calendrier" not in text  # a section without text is left out


def test_the_same_sheet_gives_the_same_bytes_and_a_stable_file_name() -> None:
    assert sheet_pdf(sheet(), network_name="R") == sheet_pdf(sheet(), network_name="R")
    assert sheet_filename(sheet()) == "fiche-00012-accueil-des-nouveaux-a-l-ehpad-vis-mon-travail.pdf"
    assert slug("« »") == "fiche"
