"""The meeting printables, pure rendering: delays (L2315-30, L2316-17), the joint agenda (L2315-29), confidential
items and annexes (L2315-3), the attendance sheet's rows and its rule without quorum (L2315-32)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dialogue.core.clock import PARIS
from dialogue.meetings.printables import (
    CONFIDENTIAL,
    CONFIDENTIAL_ANNEX,
    QUORUM_MENTION,
    AgendaLine,
    Person,
    agenda_basis_sentence,
    agenda_line_text,
    annex_row,
    attendance_rows,
    delay_sentence,
    hour,
    long_day,
)


@dataclass(frozen=True)
class Annex:
    """An annex as the documents module gives it."""

    title: str
    filename: str
    version: int
    sha256: str
    confidential: bool


def test_l2315_30_cse_agenda_three_days_before() -> None:
    sentence = delay_sentence(article="L2315-30", days=3, urgency_article=None)
    assert sentence == (
        "L'ordre du jour est communiqué au moins 3 jours avant la séance, comme le prévoit l'article L2315-30 du "
        "Code du travail."
    )


def test_l2316_17_cse_central_eight_days_before() -> None:
    assert "au moins 8 jours" in delay_sentence(article="L2316-17", days=8, urgency_article=None)
    assert "l'article L2316-17" in delay_sentence(article="L2316-17", days=8, urgency_article=None)


def test_reglement_interieur_delay_and_l4132_3_urgency() -> None:
    assert delay_sentence(article="règlement intérieur", days=5, urgency_article=None).endswith(
        "comme le prévoit le règlement intérieur."
    )
    urgent = delay_sentence(article="L2315-30", days=3, urgency_article="L4132-3")
    assert urgent == "Réunion d'urgence convoquée sans délai de prévenance (art. L4132-3 du Code du travail)."
    assert "Aucun délai légal" in delay_sentence(article=None, days=None, urgency_article=None)


def test_l2315_29_joint_agenda_and_plein_droit_sentences() -> None:
    joint = agenda_basis_sentence(basis="joint_agenda", article="L2315-29")
    assert joint == (
        "L'ordre du jour a été arrêté conjointement par le président et le secrétaire (art. L2315-29 du Code du "
        "travail)."
    )
    assert "(art. L2315-29 al. 2 du Code du travail)" in agenda_basis_sentence(
        basis="plein_droit", article="L2315-29 al. 2"
    )
    assert "pas encore arrêté" in agenda_basis_sentence(basis=None, article="L2316-17")


def test_l2315_3_confidential_item_shown_as_such_to_who_may_not_see_it() -> None:
    line = AgendaLine(position=1, title="Plan social", kind="consultation", vote_expected=True, confidential=True)
    assert agenda_line_text(line) == (
        "Plan social — Consultation, vote prévu, informations confidentielles (art. L2315-3)"
    )
    hidden = AgendaLine(
        position=1, title="Plan social", kind="consultation", vote_expected=True, confidential=True, hidden=True
    )
    assert agenda_line_text(hidden) == f"{CONFIDENTIAL} — Consultation, vote prévu"


def test_l2315_3_confidential_annex_hidden_sha256_shortened() -> None:
    annex = Annex(title="Comptes", filename="comptes.pdf", version=2, sha256="ab" * 32, confidential=True)
    assert annex_row(annex, sees_confidential=True) == ("Comptes", "comptes.pdf", "v2", "ab" * 8)
    assert annex_row(annex, sees_confidential=False) == (CONFIDENTIAL_ANNEX, "—", "v2", "ab" * 8)


def test_attendance_rows_seat_and_signature_box() -> None:
    people = [
        Person(name="Anne", role="president", label="Président", college="Direction"),
        Person(name="Bruno", role="secretary", label="Secrétaire", college="1er collège", union="CFDT"),
        Person(name="Chloé", role="substitute", label="Suppléant", college="Élus"),
        Person(name="Dr Lemaire", role="medecin_travail", label="Médecin du travail"),
    ]
    rows = attendance_rows(people)
    assert [r[2] for r in rows] == ["Président", "Titulaire", "Suppléant", "Invité"]
    assert rows[1][1] == "1er collège, Secrétaire, CFDT"
    assert all(r[3:] == ("", "", "\n\n") for r in rows)


def test_l2315_32_no_quorum_majority_of_members_present() -> None:
    assert "aucun quorum" in QUORUM_MENTION and "L2315-32" in QUORUM_MENTION


def test_french_day_and_hour() -> None:
    start = datetime(2027, 1, 12, 14, 0, tzinfo=PARIS)
    assert long_day(start.date()) == "mardi 12 janvier 2027"
    assert (hour(start), hour(start.replace(hour=9, minute=30))) == ("14 h", "9 h 30")
