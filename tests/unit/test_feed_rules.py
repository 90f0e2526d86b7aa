"""Calendar feed HTTP rules: strong validators and conditional requests (RFC 9110 §13)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dialogue.feeds.rules import (
    content_disposition,
    feed_filename,
    http_date,
    is_not_modified,
    parse_http_date,
    strong_etag,
)

LAST = datetime(2026, 3, 10, 16, 42, 5, 731000, tzinfo=UTC)
NOW = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)
ETAG = strong_etag(b"BEGIN:VCALENDAR\r\n")


def conditional(inm: str | None = None, ims: str | None = None) -> bool:
    return is_not_modified(etag=ETAG, last_modified=LAST, if_none_match=inm, if_modified_since=ims, now=NOW)


def test_strong_etag_is_quoted_and_depends_on_every_byte() -> None:
    assert ETAG.startswith('"')
    assert ETAG.endswith('"')
    assert not ETAG.startswith("W/")
    assert strong_etag(b"a") != strong_etag(b"b")
    assert strong_etag(b"a") == strong_etag(b"a")


def test_last_modified_is_an_imf_fixdate_in_whole_seconds() -> None:
    assert http_date(LAST) == "Tue, 10 Mar 2026 16:42:05 GMT"
    assert parse_http_date("Tue, 10 Mar 2026 16:42:05 GMT") == LAST.replace(microsecond=0)


@pytest.mark.parametrize(
    ("inm", "ims", "expected"),
    [
        (None, None, False),
        (ETAG, None, True),
        (f"W/{ETAG}", None, True),
        (f'"other", {ETAG}', None, True),
        ("*", None, True),
        ('"other"', None, False),
        # If-None-Match wins over a fresh If-Modified-Since (RFC 9110 §13.2.2).
        ('"other"', "Tue, 10 Mar 2026 16:42:05 GMT", False),
        (ETAG, "Thu, 01 Jan 2015 00:00:00 GMT", True),
        (None, "Tue, 10 Mar 2026 16:42:05 GMT", True),
        (None, "Wed, 11 Mar 2026 08:00:00 GMT", True),
        (None, "Tue, 10 Mar 2026 16:42:04 GMT", False),
        # Malformed or future dates are ignored: full 200.
        (None, "garbage", False),
        (None, "", False),
        (None, "2026-03-11", False),
        (None, "Tue, 10 Mar 2026 16:42:05", False),
        (None, "Fri, 10 Mar 2028 16:42:05 GMT", False),
    ],
)
def test_conditional_get(inm: str | None, ims: str | None, expected: bool) -> None:
    assert conditional(inm, ims) is expected


@pytest.mark.parametrize(
    ("name", "filename"),
    [
        ("CSE de l'Association Les Tilleuls", "cse-de-l-association-les-tilleuls.ics"),
        ("Réunions – Comité « QVT »", "reunions-comite-qvt.ics"),
        ("???", "calendrier.ics"),
        ("x" * 200, "x" * 60 + ".ics"),
    ],
)
def test_feed_filename_is_readable_ascii(name: str, filename: str) -> None:
    assert feed_filename(name) == filename
    assert content_disposition(name) == f'inline; filename="{filename}"'
