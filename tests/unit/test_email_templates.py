"""Every message kind renders in French (text and HTML), builds valid MIME, and carries a valid iTIP
calendar where it should (checked by icalendar, vobject, our RFC 5546 tables and ical.js)."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable
from dataclasses import replace
from email.message import EmailMessage
from typing import Any

import pytest

from dialogue.notifications import messages
from dialogue.notifications.messages import RenderedMail
from dialogue.notifications.mime import POLICY, build_message
from dialogue.notifications.rendering import hour, long_date
from dialogue.notifications.rules import Category, message_id_for
from tests.helpers import notification_data as data
from tests.helpers.ical_checks import assert_rfc_compliant

CASES: dict[str, Callable[[], RenderedMail]] = {
    "convocation": lambda: messages.render_convocation(data.CTX, data.convocation(), data.RECIPIENT),
    "update": lambda: messages.render_update(data.CTX, data.update(), data.RECIPIENT),
    "cancellation": lambda: messages.render_cancellation(data.CTX, data.cancellation(), data.RECIPIENT),
    "reminder": lambda: messages.render_reminder(data.CTX, data.reminder(), data.RECIPIENT),
    "minutes_published": lambda: messages.render_minutes_published(data.CTX, data.minutes_published(), data.RECIPIENT),
    "register_entry_submitted": lambda: messages.render_register_entry_submitted(
        data.CTX, data.entry(), data.DIRECTION
    ),
    "answer_posted": lambda: messages.render_answer_posted(data.CTX, data.answer(), data.RECIPIENT),
    "deadline_near": lambda: messages.render_deadline(data.CTX, data.deadline(), data.DIRECTION),
    "deadline_overdue": lambda: messages.render_deadline(
        data.CTX, data.deadline(today=data.date(2026, 4, 10)), data.DIRECTION
    ),
    "consultation_deadline": lambda: messages.render_consultation_deadline(
        data.CTX, data.consultation_deadline(), data.RECIPIENT
    ),
}
EXPECTED_SUBJECTS = {
    "convocation": "Convocation : [CSE de l'Association Les Tilleuls] Réunion du 29/03",
    "update": "Modifié : [CSE de l'Association Les Tilleuls] Réunion du 02/04",
    "cancellation": "Annulé : [CSE de l'Association Les Tilleuls] Réunion du 29/03",
    "reminder": "Rappel : [CSE de l'Association Les Tilleuls] Réunion du 29/03",
    "minutes_published": "PV publié : [CSE de l'Association Les Tilleuls] Réunion du 29/03",
    "register_entry_submitted": (
        "[CSE de l'Association Les Tilleuls] Registre des questions et réponses n° 12 : "
        "Remplacement des congés maternité à l'IME"
    ),
    "answer_posted": (
        "Réponse : [CSE de l'Association Les Tilleuls] Registre des questions et réponses n° 12 : "
        "Remplacement des congés maternité à l'IME"
    ),
    "deadline_near": (
        "[CSE de l'Association Les Tilleuls] Échéance le 08/04 : réponse motivée à la question n° 12 du registre"
    ),
    "deadline_overdue": (
        "[CSE de l'Association Les Tilleuls] En retard depuis le 08/04 : "
        "réponse motivée à la question n° 12 du registre"
    ),
    "consultation_deadline": (
        "[CSE de l'Association Les Tilleuls] Avis attendu avant le 02/04 : "
        "Réorganisation des plannings de nuit de l'EHPAD"
    ),
}
ICS_METHODS = {"convocation": "REQUEST", "update": "REQUEST", "cancellation": "CANCEL"}


def mime(mail: RenderedMail, recipient: Any = data.RECIPIENT, unsubscribe: str | None = None) -> EmailMessage:
    root = mail.thread_root
    built = build_message(
        from_addr=data.CTX.mail_from,
        from_name=mail.sender_name,
        to_addr=recipient.email,
        to_name=recipient.name,
        subject=mail.subject,
        text=mail.text,
        html=mail.html,
        ics=mail.ics,
        ics_method=mail.ics_method,
        message_id=message_id_for(kind=mail.kind, dedupe_key=f"{mail.kind}:1", domain=data.CTX.domain),
        in_reply_to=root,
        references=[root] if root else [],
        list_unsubscribe_url=unsubscribe,
        date=data.STAMP,
    )
    parsed = email.message_from_bytes(built.as_bytes(policy=POLICY), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


@pytest.mark.parametrize("kind", sorted(CASES))
def test_every_kind_renders_french_text_and_html_and_valid_mime(kind: str) -> None:
    mail = CASES[kind]()
    assert mail.kind == kind
    assert mail.subject == EXPECTED_SUBJECTS[kind]
    assert "\n" not in mail.subject
    assert mail.text.startswith("Bonjour ")
    assert "\n\n\n" not in mail.text
    assert mail.html.startswith("<!DOCTYPE html>")
    assert '<html lang="fr">' in mail.html
    assert "{{" not in mail.text + mail.html
    message = mime(mail)
    parts = [p.get_content_type() for p in message.iter_parts()]
    expected = ["text/plain", "text/html"] + (["text/calendar"] if kind in ICS_METHODS else [])
    assert parts == expected
    assert message["Subject"] == mail.subject
    assert message["From"].addresses[0].addr_spec == data.CTX.mail_from


def test_html_escapes_user_text_but_plain_text_keeps_it() -> None:
    mail = CASES["convocation"]()
    assert "« prime Ségur » &amp; primes de nuit &lt;non versées&gt;" in mail.html
    assert "<non versées>" not in mail.html
    assert "« prime Ségur » & primes de nuit <non versées>" in mail.text


def test_update_keeps_the_uid_with_a_higher_sequence_in_the_meeting_thread() -> None:
    convocation, update = CASES["convocation"](), CASES["update"]()
    assert update.thread_root == convocation.thread_root
    assert update.ics is not None
    assert_rfc_compliant(update.ics, "REQUEST", sequence=1)
    assert "UID:meeting-42@tilleuls.example" in update.ics
    assert "dimanche 29 mars 2026 à 9 h 30" in update.text
    assert "jeudi 2 avril 2026, de 14 h à 17 h" in update.text
    message = mime(update)
    assert message["In-Reply-To"] == "<meeting-42@tilleuls.example>"
    assert message["References"] == "<meeting-42@tilleuls.example>"


@pytest.mark.parametrize("render", [messages.render_update, messages.render_cancellation])
def test_updates_and_cancellations_need_a_bumped_sequence(render: Callable[..., RenderedMail]) -> None:
    stale = data.update() if render is messages.render_update else data.cancellation()
    with pytest.raises(ValueError, match="SEQUENCE"):
        render(data.CTX, replace(stale, meeting=data.meeting(sequence=0)), data.RECIPIENT)


def test_reminder_is_optional_threaded_and_can_carry_one_click_unsubscribe() -> None:
    mail = CASES["reminder"]()
    assert mail.category == Category.reminder
    assert mail.ics is None
    assert "a lieu demain" in mail.text
    url = "https://dialogue.tilleuls.example/u/17.reminder.abcdefghijklmnopqrstuvwxyz012345"
    message = mime(mail, unsubscribe=url)
    assert message["List-Unsubscribe"] == f"<{url}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["In-Reply-To"] == "<meeting-42@tilleuls.example>"


@pytest.mark.parametrize("kind", ["minutes_published", "register_entry_submitted", "answer_posted", "deadline_near"])
def test_legal_notices_are_mandatory(kind: str) -> None:
    assert CASES[kind]().category == Category.notice


def test_minutes_published_cites_l2315_35_and_links_the_minutes() -> None:
    mail = CASES["minutes_published"]()
    assert "L2315-35" in mail.text
    assert "https://dialogue.tilleuls.example/reunions/42/proces-verbal" in mail.text
    assert "lundi 27 avril 2026" in mail.text


def test_register_entry_goes_to_the_direction_in_its_own_thread_and_the_answer_follows() -> None:
    submitted, answered = CASES["register_entry_submitted"](), CASES["answer_posted"]()
    assert submitted.thread_root == "<entry-311@tilleuls.example>"
    assert answered.thread_root == submitted.thread_root
    assert "Bonjour Philippe Garnier" in submitted.text
    assert "mercredi 8 avril 2026" in submitted.text
    assert "Deux contrats à durée déterminée" in answered.text


def test_deadlines_count_days_and_switch_to_overdue() -> None:
    near = CASES["deadline_near"]()
    assert "dans 2 jours, le mercredi 8 avril 2026" in near.text
    assert "L2315-22" in near.text
    tomorrow = messages.render_deadline(data.CTX, data.deadline(today=data.date(2026, 4, 7)), data.DIRECTION)
    assert "Échéance légale demain" in tomorrow.text
    overdue = CASES["deadline_overdue"]()
    assert overdue.kind == "deadline_overdue"
    assert "dépassée de 2 jours" in overdue.text


def test_consultation_deadline_explains_the_deemed_negative_opinion() -> None:
    mail = CASES["consultation_deadline"]()
    assert "dans 7 jours" in mail.text
    assert "L2312-16" in mail.text
    assert "R2312-6" in mail.text
    assert "lundi 2 mars 2026" in mail.text


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (data.datetime(2026, 3, 1, 8, 0, tzinfo=data.UTC), ("dimanche 1er mars 2026", "9 h")),
        (data.datetime(2026, 10, 25, 13, 5, tzinfo=data.UTC), ("dimanche 25 octobre 2026", "14 h 05")),
    ],
)
def test_french_dates_and_hours(moment: Any, text: tuple[str, str]) -> None:
    assert (long_date(moment), hour(moment)) == text


def test_substitute_and_late_convocations_say_why() -> None:
    late = replace(data.convocation(), late_reason="Accident du travail grave à l'IME (L2315-27)", is_substitute=True)
    mail = messages.render_convocation(data.CTX, late, data.RECIPIENT)
    assert "L2315-30" in mail.text
    assert "Accident du travail grave" in mail.text
    assert "L2314-1" in mail.text


def test_long_french_subject_and_sender_name_keep_their_spaces_on_the_wire() -> None:
    mail = CASES["register_entry_submitted"]()
    long_sender = replace(mail, sender_name="Secrétariat – CSE de l'Association Les Tilleuls à Villeurbanne et Vaulx")
    raw = mime(long_sender).as_bytes(policy=POLICY)
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert head.isascii()
    assert all(len(line) <= 78 for line in head.split(b"\r\n"))
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Subject"] == mail.subject  # « réponses n° 12 », not « réponsesn° 12 »
    name = parsed["From"].addresses[0].display_name
    assert name.startswith("Secrétariat – CSE de l'Association")
    assert "  " not in name
    assert parsed["To"].addresses[0].display_name == "Julien Moreau"


def test_a_meeting_in_another_zone_is_mailed_at_its_own_hours_with_the_zone_named() -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    fort_de_france = ZoneInfo("America/Martinique")
    convocation = data.convocation(
        starts_at=datetime(2026, 12, 8, 14, 0, tzinfo=fort_de_france),
        ends_at=datetime(2026, 12, 8, 16, 0, tzinfo=fort_de_france),
        timezone="America/Martinique",
    )
    mail = messages.render_convocation(data.CTX, convocation, data.RECIPIENT)
    assert "mardi 8 décembre 2026, de 14 h à 16 h (heure de Martinique)" in mail.text
    assert "de 14 h à 16 h (heure de Martinique)" in mail.html
    paris = messages.render_convocation(data.CTX, data.convocation(), data.RECIPIENT)
    assert "heure de" not in paris.text
