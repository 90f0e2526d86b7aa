"""The external invitee's personal link (issue 17, L2314-3): signed, scoped to one invitee and one meeting, expiring
30 days after the meeting; an altered expiry reads as forged, not as expired. The invitee's calendar ATTENDEE
is told, not asked (RFC 5545 §3.2.16-17), and the printed barometer codes carry a QR code each."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import zlib
from datetime import UTC, datetime, timedelta

import pytest

from dialogue.feeds.ics import CalAddress, render_calendar, render_event
from dialogue.meetings.rules.invitation_links import (
    LinkState,
    expiry_for,
    invitation_token,
    read_invitation_token,
)
from dialogue.qvt import exports
from dialogue.qvt.schemas import InvitationCode, InvitationsRead
from tests.helpers.ical_checks import assert_rfc_compliant

KEY = b"k" * 32
ENDS = datetime(2026, 12, 14, 16, tzinfo=UTC)
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def test_a_link_reads_back_its_invitee_and_meeting_until_30_days_after_the_meeting() -> None:
    expires = expiry_for(ENDS)
    assert expires == datetime(2027, 1, 13, 16, tzinfo=UTC)
    token = invitation_token(invitee_id=7, meeting_id=42, expires_at=expires, key=KEY)
    assert read_invitation_token(token, key=KEY, now=NOW) == (LinkState.valid, 7, 42)
    assert read_invitation_token(token, key=KEY, now=expires - timedelta(seconds=1))[0] is LinkState.valid
    assert read_invitation_token(token, key=KEY, now=expires) == (LinkState.expired, 7, 42)


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t.replace(".m42.", ".m43."),
        lambda t: t.replace("i7.", "i8."),
        lambda t: t.replace(".e", ".e9", 1),
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
        lambda t: t + "A",
        lambda t: "",
        lambda t: "i7.m42.e1.短い",
    ],
    ids=["other-meeting", "other-invitee", "later-expiry", "signature", "longer", "empty", "garbage"],
)
def test_an_edited_link_is_forged_and_names_nobody(edit: object) -> None:
    token = invitation_token(invitee_id=7, meeting_id=42, expires_at=expiry_for(ENDS), key=KEY)
    assert callable(edit)
    assert read_invitation_token(edit(token), key=KEY, now=NOW) == (LinkState.forged, 0, 0)


def test_another_key_or_no_key_opens_nothing() -> None:
    token = invitation_token(invitee_id=7, meeting_id=42, expires_at=expiry_for(ENDS), key=KEY)
    assert read_invitation_token(token, key=b"x" * 32, now=NOW)[0] is LinkState.forged
    assert read_invitation_token(token, key=b"", now=NOW)[0] is LinkState.forged
    with pytest.raises(ValueError, match="secret key"):
        invitation_token(invitee_id=7, meeting_id=42, expires_at=expiry_for(ENDS), key=b"")


def test_an_external_invitee_is_an_optional_participant_not_asked_to_answer() -> None:
    event = render_event(
        uid="meeting-42@demo.example",
        dtstamp=NOW,
        start=ENDS - timedelta(hours=2),
        end=ENDS,
        summary="Réunion extraordinaire – CSE",
        organizer=CalAddress("cse@demo.example", "Secrétariat – CSE"),
        sequence=0,
        attendee=CalAddress("h.marchand@alinea-expertise.example", "Hugo Marchand", rsvp=False),
    )
    ics = render_calendar(events=[event], name="CSE", method="REQUEST")
    assert_rfc_compliant(ics, "REQUEST")
    (line,) = [line for line in ics.replace("\r\n ", "").split("\r\n") if line.startswith("ATTENDEE")]
    assert "ROLE=OPT-PARTICIPANT" in line and "RSVP=FALSE" in line
    assert "RSVP=TRUE" not in ics and "NEEDS-ACTION" not in line


def test_the_codes_pdf_has_one_sheet_per_code_with_the_french_address() -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is needed to read the PDF back")
    codes = [
        InvitationCode(
            establishment="EHPAD Les Tilleuls",
            department="Équipe de nuit",
            code=f"ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-234{i}",
            url=f"https://dialogue.example/barometer/ABCDEFGHJKMNPQRSTVWXYZ01234{i}",
        )
        for i in range(3)
    ]
    sheet = InvitationsRead(barometer_id=1, created=3, printed=3, emailed=0, codes=codes, notice="")
    pdf = exports.invitations_pdf(
        sheet, title="Baromètre QVT 2026", year=2026, entry_url="https://dialogue.example/barometre"
    )
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    pages = [p for p in text.decode().split("\f") if p.strip()]
    assert len(pages) == 3
    for page, code in zip(pages, codes, strict=True):
        assert code.code in page
        assert "https://dialogue.example/barometre" in page and "saisissez" in page
        assert "EHPAD Les Tilleuls — Équipe de nuit" in page
    drawn = b""
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            drawn += zlib.decompress(stream)
    assert drawn.count(b" re") >= 3 * 100  # each sheet draws its QR code's modules as filled rectangles
