"""Realistic French data for every notification kind (a CSE of a medico-social association)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from dialogue.core.clock import PARIS
from dialogue.notifications.messages import (
    AgendaLine,
    AnswerPostedData,
    CancellationData,
    ConsultationDeadlineData,
    ConvocationData,
    DeadlineData,
    MailContext,
    MeetingMail,
    MinutesPublishedData,
    Recipient,
    RegisterEntryData,
    ReminderData,
    UpdateData,
)

CTX = MailContext(base_url="https://dialogue.tilleuls.example", mail_from="cse@tilleuls.example")
BODY = "CSE de l'Association Les Tilleuls"
RECIPIENT = Recipient(email="julien.moreau@tilleuls.example", name="Julien Moreau", user_id=17)
DIRECTION = Recipient(email="philippe.garnier@tilleuls.example", name="Philippe Garnier", user_id=3)
STAMP = datetime(2026, 3, 10, 16, 42, 5, tzinfo=UTC)

AGENDA = (
    AgendaLine(title="Approbation du procès-verbal de la réunion du 24 février", kind="vote"),
    AgendaLine(
        title="Projet de réorganisation des plannings de nuit de l'EHPAD",
        kind="consultation",
        presenter="Sandrine Faure, DRH",
    ),
    AgendaLine(title="Budget des activités sociales et culturelles 2026 : 12 500 €", kind="vote"),
    AgendaLine(title="Questions des élus : « prime Ségur » & primes de nuit <non versées>", kind="question"),
)


def meeting(**overrides: object) -> MeetingMail:
    values: dict[str, object] = {
        "meeting_id": 42,
        "body_name": BODY,
        "title": "Réunion ordinaire du CSE – mars 2026",
        "kind": "ordinary",
        "starts_at": datetime(2026, 3, 29, 9, 30, tzinfo=PARIS),
        "ends_at": datetime(2026, 3, 29, 12, 0, tzinfo=PARIS),
        "location": "Salle du conseil, EHPAD Les Tilleuls, 12 rue des Acacias, Villeurbanne",
        "visio_url": "https://visio.tilleuls.example/cse-mars?pin=4821",
        "agenda": AGENDA,
        "sequence": 0,
        "updated_at": STAMP,
        "created_at": STAMP - timedelta(days=5),
        "secretary_name": "Camille Lefèvre",
        "president_name": "Philippe Garnier",
    }
    values.update(overrides)
    return MeetingMail(**values)  # type: ignore[arg-type]


def convocation(**overrides: object) -> ConvocationData:
    return ConvocationData(meeting=meeting(**overrides), convened_by="Camille Lefèvre, secrétaire du CSE")


def update() -> UpdateData:
    moved = meeting(
        sequence=1,
        starts_at=datetime(2026, 4, 2, 14, 0, tzinfo=PARIS),
        ends_at=datetime(2026, 4, 2, 17, 0, tzinfo=PARIS),
        updated_at=STAMP + timedelta(days=2),
    )
    return UpdateData(
        meeting=moved,
        changes=["Date : jeudi 2 avril 2026 à 14 h (au lieu du dimanche 29 mars à 9 h 30)"],
        previous_starts_at=datetime(2026, 3, 29, 9, 30, tzinfo=PARIS),
    )


def cancellation() -> CancellationData:
    return CancellationData(
        meeting=meeting(sequence=2, updated_at=STAMP + timedelta(days=3)),
        reason="Indisponibilité de la présidence ; une nouvelle date sera proposée par le secrétariat.",
        cancelled_by="Camille Lefèvre, secrétaire du CSE",
    )


def reminder() -> ReminderData:
    return ReminderData(meeting=meeting())


def minutes_published() -> MinutesPublishedData:
    return MinutesPublishedData(
        meeting=meeting(),
        published_at=datetime(2026, 4, 28, 10, 5, tzinfo=UTC),
        published_by="Camille Lefèvre",
        adopted_on=date(2026, 4, 27),
    )


def entry() -> RegisterEntryData:
    return RegisterEntryData(
        entry_id=311,
        register_kind="questions",
        body_name=BODY,
        number=12,
        subject="Remplacement des congés maternité à l'IME",
        excerpt="Les élus demandent comment seront remplacées les deux éducatrices en congé maternité à partir de mai.",
        submitted_by="Julien Moreau",
        submitted_at=datetime(2026, 3, 12, 8, 15, tzinfo=UTC),
        due_on=date(2026, 4, 8),
    )


def answer() -> AnswerPostedData:
    return AnswerPostedData(
        entry=entry(),
        answered_by="Philippe Garnier, directeur général",
        answered_at=datetime(2026, 3, 20, 15, 0, tzinfo=UTC),
        excerpt="Deux contrats à durée déterminée seront signés à compter du 4 mai ; l'annonce est publiée.",
    )


def deadline(*, today: date = date(2026, 4, 6)) -> DeadlineData:
    return DeadlineData(
        key="entry-311-answer",
        body_name=BODY,
        what="réponse motivée à la question n° 12 du registre",
        action="Répondre par écrit dans le registre des questions.",
        due_on=date(2026, 4, 8),
        today=today,
        article="art. L2315-22 du Code du travail (6 jours ouvrables après la réunion)",
        path="/entrees/311",
    )


def consultation_deadline() -> ConsultationDeadlineData:
    return ConsultationDeadlineData(
        body_id=3,
        consultation_id=7,
        body_name=BODY,
        subject="Réorganisation des plannings de nuit de l'EHPAD",
        informed_on=date(2026, 3, 2),
        deadline=date(2026, 4, 2),
        today=date(2026, 3, 26),
    )


__all__ = ["AGENDA", "BODY", "CTX", "DIRECTION", "RECIPIENT", "STAMP", "replace"]
