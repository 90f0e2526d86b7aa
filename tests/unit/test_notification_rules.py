"""Outbox rules: retry policy, SMTP error classification, identifiers, unsubscribe tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import aiosmtplib
import pytest

from dialogue.feeds.rules import meeting_uid
from dialogue.notifications.rules import (
    BACKOFF_MAX,
    Category,
    backoff_delay,
    classify_error,
    is_optional,
    meeting_thread_root,
    message_id_for,
    next_attempt_at,
    read_unsubscribe_token,
    unsubscribe_token,
)
from dialogue.notifications.worker import SmtpConfig

KEY = b"test-secret-key-not-for-production"


@pytest.mark.parametrize(
    ("attempts", "seconds"),
    [(1, 30), (2, 60), (3, 120), (4, 240), (5, 480), (7, 1920), (8, 3600), (12, 3600), (500, 3600)],
)
def test_backoff_doubles_from_30_seconds_and_caps_at_one_hour(attempts: int, seconds: int) -> None:
    assert backoff_delay(attempts, jitter=0.0) == timedelta(seconds=seconds)


@pytest.mark.parametrize("jitter", [-1.0, -0.5, 0.0, 0.37, 1.0])
def test_backoff_jitter_stays_within_twenty_percent(jitter: float) -> None:
    for attempts in range(1, 15):
        base = backoff_delay(attempts, jitter=0.0)
        delay = backoff_delay(attempts, jitter=jitter)
        assert base * 0.8 <= delay <= base * 1.2
        assert delay <= BACKOFF_MAX * 1.2
    assert backoff_delay(1, jitter=1.0) == timedelta(seconds=36)
    assert backoff_delay(1, jitter=-1.0) == timedelta(seconds=24)


@pytest.mark.parametrize(("attempts", "jitter"), [(0, 0.0), (-1, 0.0), (1, 1.5), (1, -1.01)])
def test_backoff_rejects_impossible_values(attempts: int, jitter: float) -> None:
    with pytest.raises(ValueError):
        backoff_delay(attempts, jitter=jitter)


def test_next_attempt_is_now_plus_the_delay() -> None:
    now = datetime(2026, 3, 29, 7, 0, tzinfo=UTC)
    assert next_attempt_at(now=now, attempts=2, jitter=0.5) == now + timedelta(seconds=66)


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        (aiosmtplib.SMTPServerDisconnected("Connection lost"), False),
        (aiosmtplib.SMTPConnectError("Connection refused"), False),
        (aiosmtplib.SMTPConnectTimeoutError("Timed out connecting"), False),
        (aiosmtplib.SMTPReadTimeoutError("Timed out reading"), False),
        (aiosmtplib.SMTPTimeoutError("Timed out"), False),
        (ConnectionRefusedError(111, "Connection refused"), False),
        (TimeoutError(), False),
        (aiosmtplib.SMTPDataError(451, "4.3.0 Try again later"), False),
        (aiosmtplib.SMTPResponseException(421, "4.7.0 Too many connections"), False),
        (aiosmtplib.SMTPDataError(554, "5.6.0 Message rejected"), True),
        (aiosmtplib.SMTPSenderRefused(550, "5.7.1 Sender rejected", "cse@tilleuls.example"), True),
        (aiosmtplib.SMTPAuthenticationError(535, "5.7.8 Authentication credentials invalid"), True),
        (
            aiosmtplib.SMTPRecipientsRefused(
                [aiosmtplib.SMTPRecipientRefused(550, "5.1.1 User unknown", "x@tilleuls.example")]
            ),
            True,
        ),
        (
            aiosmtplib.SMTPRecipientsRefused(
                [aiosmtplib.SMTPRecipientRefused(450, "4.2.0 Mailbox busy", "x@tilleuls.example")]
            ),
            False,
        ),
        (aiosmtplib.SMTPNotSupported("STARTTLS extension not supported"), False),
    ],
)
def test_smtp_errors_are_classified_transient_or_permanent(error: BaseException, permanent: bool) -> None:
    failure = classify_error(error)
    assert failure.permanent is permanent
    assert type(error).__name__ in failure.message


def test_message_id_is_deterministic_unique_per_key_and_on_our_domain() -> None:
    first = message_id_for(kind="convocation", dedupe_key="convocation:42:17", domain="tilleuls.example")
    assert first == message_id_for(kind="convocation", dedupe_key="convocation:42:17", domain="tilleuls.example")
    assert first != message_id_for(kind="convocation", dedupe_key="convocation:42:18", domain="tilleuls.example")
    assert first.startswith("<convocation.")
    assert first.endswith("@tilleuls.example>")
    assert meeting_thread_root(meeting_id=42, domain="tilleuls.example") == "<meeting-42@tilleuls.example>"
    assert meeting_uid(meeting_id=42, domain="tilleuls.example") == "meeting-42@tilleuls.example"


def test_only_reminders_digests_and_the_agenda_sent_for_information_are_optional() -> None:
    """Issue 13 adds « agenda »: the agenda sent to someone not convoked (L2315-30) carries an unsubscribe."""
    assert [c.value for c in Category if is_optional(c)] == ["reminder", "digest", "agenda"]


def test_unsubscribe_token_round_trips_and_resists_forgery() -> None:
    token = unsubscribe_token(user_id=17, category=Category.reminder, key=KEY)
    assert read_unsubscribe_token(token, key=KEY) == (17, Category.reminder)
    user, category, signature = token.split(".")
    assert read_unsubscribe_token(f"18.{category}.{signature}", key=KEY) is None
    assert read_unsubscribe_token(f"{user}.digest.{signature}", key=KEY) is None
    assert read_unsubscribe_token(f"{user}.convocation.{signature}", key=KEY) is None
    assert read_unsubscribe_token(token, key=b"another key") is None
    for garbage in ("", "x", "17.reminder", "17.reminder.short", token + "x", token.replace(".", "/")):
        assert read_unsubscribe_token(garbage, key=KEY) is None


@pytest.mark.parametrize("category", [Category.convocation, Category.notice])
def test_mandatory_categories_have_no_unsubscribe_token(category: Category) -> None:
    with pytest.raises(ValueError, match="cannot"):
        unsubscribe_token(user_id=17, category=category, key=KEY)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://127.0.0.1:2525", SmtpConfig("127.0.0.1", 2525, False)),
        ("smtp://mail.tilleuls.example", SmtpConfig("mail.tilleuls.example", 25, False)),
        (
            "smtps://cse%40tilleuls.example:p%C3%A2ss@smtp.example:465",
            SmtpConfig("smtp.example", 465, True, "cse@tilleuls.example", "pâss"),
        ),
        ("smtps://relay.example", SmtpConfig("relay.example", 465, True)),
    ],
)
def test_smtp_url_is_parsed(url: str, expected: SmtpConfig) -> None:
    assert SmtpConfig.from_url(url) == expected


@pytest.mark.parametrize("url", ["http://mail.example", "smtp://", "mail.example:25"])
def test_bad_smtp_url_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="smtp"):
        SmtpConfig.from_url(url)
