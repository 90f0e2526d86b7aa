"""The pre-filled procès-verbal and its HTML export (L2315-34, D2315-26, L2315-32)."""

from __future__ import annotations

from datetime import datetime

from dialogue.core.clock import PARIS
from dialogue.meetings.drafting import ItemLine, MeetingFacts, PresenceLine, VoteLine, draft_minutes, minutes_html

FACTS = MeetingFacts(
    body_name="CSE de l'Association Les Tilleuls",
    title="Réunion ordinaire — janvier 2027",
    kind="ordinary",
    starts_at=datetime(2027, 1, 12, 14, 0, tzinfo=PARIS),
    ends_at=datetime(2027, 1, 12, 17, 0, tzinfo=PARIS),
    location="Salle du conseil",
    visio_url="https://visio.example/cse",
    president="Philippe Garnier",
    secretary="Camille Lefèvre",
    presence=(
        PresenceLine(name="Philippe Garnier", role="president", status="present"),
        PresenceLine(name="Camille Lefèvre", role="secretary", status="present"),
        PresenceLine(name="Julien Moreau", role="titular", status="replaced"),
        PresenceLine(name="Karim Haddad", role="substitute", status="present", replaces="Julien Moreau"),
        PresenceLine(name="Thomas Girard", role="titular", status="excused"),
    ),
    items=(
        ItemLine(position=1, title="Effectifs", kind="information", presenter="Sandrine Faure"),
        ItemLine(
            position=2,
            title="Plannings <EHPAD>",
            kind="consultation",
            votes=(
                VoteLine(
                    question="Avis favorable ?",
                    secret=False,
                    voters=7,
                    votes_for=5,
                    votes_against=1,
                    abstentions=1,
                    blank=0,
                    required_majority=4,
                    adopted=True,
                    motion="positive",
                    opinion_text="Sous réserve d'un bilan.",
                ),
            ),
        ),
    ),
    voters_on_opinions=2,
)


def test_draft_minutes_lists_presence_agenda_votes_and_the_employer_answers_D2315_26() -> None:
    text = draft_minutes(FACTS)
    assert text.startswith("# Procès-verbal — Réunion ordinaire — janvier 2027")
    assert "le 12 janvier 2027 de 14:00 à 17:00, Salle du conseil ; visioconférence (https://visio.example/cse)" in text
    assert "- **Présents** : Philippe Garnier (président), Camille Lefèvre (secrétaire), " in text
    assert "Karim Haddad (suppléant(e), remplace Julien Moreau)" in text
    assert "- **Remplacés** : Julien Moreau (titulaire)." in text
    assert "- **Excusés** : Thomas Girard (titulaire)." in text
    assert "1. Effectifs (information)" in text
    assert "## 2. Plannings <EHPAD>" in text
    assert "pour 5, contre 1, abstentions 1, blancs 0 (7 votants, majorité requise 4) : résolution **adoptée**" in text
    assert "**avis favorable**. Avis motivé : Sous réserve d'un bilan." in text
    assert "## Décisions motivées de l'employeur" in text


def test_html_export_escapes_user_text_and_shows_the_digest() -> None:
    html = minutes_html(
        facts=FACTS,
        text="# PV\n\n<script>alert(1)</script>",
        status_label="Procès-verbal adopté",
        digest="ab" * 32,
        adopted_on=datetime(2027, 2, 9, 15, 0, tzinfo=PARIS),
    )
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "Adopté le 9 février 2027" in html
    assert "ab" * 32 in html
    assert "<td>Karim Haddad</td><td>suppléant(e)</td><td>présent(e) — remplace Julien Moreau</td>" in html
