"""Pure parts of notifications phase 2: each meeting's feed VEVENT, the feed window, the stored text's key,
the barometer link put in at send time, excerpts and the hourly scheduled notices."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from icalendar import Calendar

from dialogue.core.clock import PARIS
from dialogue.feeds.ics import render_calendar
from dialogue.feeds.meetings import AgendaFact, MeetingFacts, RenderConfig, render_meeting, source_key, window_start
from dialogue.notifications.directory import CONFIDENTIAL_ITEM, excerpt, meeting_mail, recipient_key
from dialogue.notifications.messages import PERSONAL_LINK, Recipient
from dialogue.notifications.worker import SmtpConfig, Worker, personalise
from dialogue.settings import Settings
from tests.helpers.ical_checks import assert_rfc_compliant

CONFIG = RenderConfig(base_url="https://dialogue.tilleuls.example", mail_from="cse@tilleuls.example")
STAMP = datetime(2026, 3, 10, 16, 42, 5, tzinfo=UTC)
FACTS = MeetingFacts(
    id=42,
    body_id=3,
    organization_id=1,
    body_name="CSE de l'Association Les Tilleuls",
    title="Réunion ordinaire – mars 2026",
    kind="ordinary",
    starts_at=datetime(2026, 3, 29, 9, 30, tzinfo=PARIS),
    ends_at=datetime(2026, 3, 29, 12, 0, tzinfo=PARIS),
    location="Salle du conseil, EHPAD Les Tilleuls",
    visio_url="https://visio.tilleuls.example/cse-mars",
    status="convened",
    sequence=1,
    cancel_reason=None,
    created_at=STAMP - timedelta(days=5),
    updated_at=STAMP,
    agenda=(
        AgendaFact(
            title="Budget des activités sociales et culturelles", kind="vote", presenter=None, confidential=False
        ),
        AgendaFact(title="Projet de cession de l'IME", kind="consultation", presenter=None, confidential=True),
    ),
)


def feed_of(*facts: MeetingFacts) -> str:
    return render_calendar(events=[render_meeting(f, CONFIG) for f in facts], name="CSE")


def test_a_meeting_renders_as_a_publish_vevent_with_stable_uid_links_and_no_confidential_item() -> None:
    ics = feed_of(FACTS)
    assert_rfc_compliant(ics, "PUBLISH", sequence=1)
    (event,) = Calendar.from_ical(ics).walk("VEVENT")
    assert str(event["UID"]) == "meeting-42@tilleuls.example"
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2026, 3, 29, 7, 30, tzinfo=UTC)
    assert event.decoded("DTSTAMP") == STAMP == event.decoded("LAST-MODIFIED")
    assert str(event["URL"]) == "https://dialogue.tilleuls.example/reunions/42"
    description = str(event["DESCRIPTION"])
    assert "Budget des activités sociales et culturelles" in description
    assert "https://visio.tilleuls.example/cse-mars" in description
    assert "cession" not in ics
    assert str(event["STATUS"]) == "CONFIRMED"


def test_rendering_is_deterministic_and_the_uid_survives_every_change() -> None:
    assert render_meeting(FACTS, CONFIG) == render_meeting(FACTS, CONFIG)
    moved = replace(FACTS, starts_at=FACTS.starts_at + timedelta(days=2), ends_at=FACTS.ends_at + timedelta(days=2))
    assert render_meeting(moved, CONFIG).split("\r\n")[1] == render_meeting(FACTS, CONFIG).split("\r\n")[1]


def test_a_cancelled_meeting_keeps_its_place_with_status_prefix_and_reason() -> None:
    cancelled = replace(FACTS, status="cancelled", sequence=2, cancel_reason="Président indisponible")
    ics = feed_of(cancelled)
    assert_rfc_compliant(ics, "PUBLISH", sequence=2)
    (event,) = Calendar.from_ical(ics).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]).startswith("ANNULÉ – Réunion ordinaire")
    assert "Président indisponible" in str(event["DESCRIPTION"])


def test_a_draft_meeting_is_tentative() -> None:
    (event,) = Calendar.from_ical(feed_of(replace(FACTS, status="draft", sequence=0))).walk("VEVENT")
    assert str(event["STATUS"]) == "TENTATIVE"


@pytest.mark.parametrize(
    ("today", "first"),
    [
        (date(2026, 11, 28), date(2026, 5, 28)),
        (date(2026, 3, 1), date(2025, 9, 1)),
        (date(2026, 8, 31), date(2026, 2, 28)),
        (date(2024, 8, 31), date(2024, 2, 29)),
    ],
)
def test_the_feed_shows_six_months_of_past_meetings(today: date, first: date) -> None:
    assert window_start(today) == first


def test_the_stored_text_is_rendered_again_when_what_it_shows_changes() -> None:
    base = {"updated_at": STAMP, "sequence": 1, "status": "convened", "body_name": "CSE", "config": CONFIG}
    key = source_key(**base)  # type: ignore[arg-type]
    assert key == source_key(**base)  # type: ignore[arg-type]
    for change in (
        {"updated_at": STAMP + timedelta(seconds=1)},
        {"sequence": 2},
        {"status": "cancelled"},
        {"body_name": "CSE central"},
        {"config": RenderConfig(base_url="https://autre.example", mail_from="cse@tilleuls.example")},
    ):
        assert source_key(**{**base, **change}) != key, change  # type: ignore[arg-type]


def test_e_mails_keep_a_confidential_items_place_but_not_its_title() -> None:
    lines = meeting_mail(FACTS).agenda
    assert [line.title for line in lines] == ["Budget des activités sociales et culturelles", CONFIDENTIAL_ITEM]


def test_the_personal_link_is_put_in_at_send_time_and_a_wiped_one_cannot_be_sent() -> None:
    row: dict[str, Any] = {
        "body_text": f"Votre lien :\n{PERSONAL_LINK}\n",
        "body_html": f'<a href="{PERSONAL_LINK}">Répondre</a>',
        "secret": "https://dialogue.example/barometer/ABCD-EFGH?x=1&y=2",
    }
    text, html = personalise(row)
    assert "https://dialogue.example/barometer/ABCD-EFGH?x=1&y=2" in text
    assert html == '<a href="https://dialogue.example/barometer/ABCD-EFGH?x=1&amp;y=2">Répondre</a>'
    with pytest.raises(ValueError, match="effacé"):
        personalise({**row, "secret": None})
    plain = {"body_text": "Bonjour", "body_html": None, "secret": None}
    assert personalise(plain) == ("Bonjour", None)


def test_excerpts_cut_on_a_word() -> None:
    assert excerpt("Court.") == "Court."
    long = "mot " * 300
    cut = excerpt(long, limit=50)
    assert cut.endswith(" […]") and len(cut) <= 55 and "mo […]" not in cut


def test_dedupe_keys_name_the_account_or_a_digest_of_the_address() -> None:
    assert recipient_key(Recipient(email="a@b.example", user_id=7)) == "u7"
    anonymous = recipient_key(Recipient(email="A@B.example"))
    assert anonymous.startswith("e") and "@" not in anonymous
    assert anonymous == recipient_key(Recipient(email="a@b.example"))


def test_a_looping_worker_runs_the_scheduled_notices_once_an_hour() -> None:
    calls: list[int] = []

    async def scheduled() -> object:
        calls.append(1)
        return "ok"

    worker = Worker(
        settings=Settings(mail_from="cse@demo.example"),
        smtp=SmtpConfig(hostname="127.0.0.1", port=25, use_tls=False),
        scheduled=scheduled,
        schedule_every=timedelta(hours=1),
    )

    async def run() -> list[bool]:
        return [await worker.run_scheduled(), await worker.run_scheduled()]

    assert asyncio.run(run()) == [True, False]
    assert calls == [1]
    worker.schedule_every = timedelta(0)
    assert asyncio.run(worker.run_scheduled()) is True
    assert calls == [1, 1]
