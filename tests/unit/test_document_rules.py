"""Pure rules of the document space: types from the content, byte ranges (RFC 9110), the size limit, and who
reads confidential documents (L2315-3), uploads and reads the access log."""

from __future__ import annotations

import io
import zipfile

import pytest

from dialogue.documents.rules import (
    CSV,
    JPEG,
    PDF,
    PNG,
    Seat,
    Standing,
    UnsatisfiableRange,
    over_limit,
    parse_range,
    sniff_media_type,
)


def _zip(first: tuple[str, bytes], *rest: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(first[0], first[1], compress_type=zipfile.ZIP_STORED)
        for name, data in rest:
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", PDF),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20, PNG),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 20, JPEG),
        ("Nom;Prénom;Collège\nDupont;Léa;1er\n".encode(), CSV),
        ("Nom;Prénom\nDupont;Léa\n".encode("cp1252"), CSV),
        (b"a,b,c\n1,2,3\n", CSV),
        (b"MZ\x90\x00\x03\x00\x00\x00", None),
        (b"<html><body>x</body></html>", None),
        (b"une ligne\nune autre; avec\n", None),
    ],
)
def test_type_is_read_from_the_content(head: bytes, expected: str | None) -> None:
    assert sniff_media_type(head, complete=True) == expected


def test_odf_by_its_first_stored_mimetype_entry() -> None:
    ods = _zip(("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", b"<x/>"))
    assert sniff_media_type(ods, complete=True) == "application/vnd.oasis.opendocument.spreadsheet"
    fake = _zip(("mimetype", b"application/x-evil"), ("content.xml", b"<x/>"))
    assert sniff_media_type(fake, complete=True) is None


def test_ooxml_by_content_types_and_its_main_folder() -> None:
    docx = _zip(("[Content_Types].xml", b"<Types/>"), ("_rels/.rels", b"<r/>"), ("word/document.xml", b"<w/>"))
    pptx = _zip(("[Content_Types].xml", b"<Types/>"), ("ppt/presentation.xml", b"<p/>"))
    assert sniff_media_type(docx, complete=True).endswith("wordprocessingml.document")  # type: ignore[union-attr]
    assert sniff_media_type(pptx, complete=True).endswith("presentationml.presentation")  # type: ignore[union-attr]
    assert sniff_media_type(_zip(("notes.txt", b"x")), complete=True) is None


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("bytes=0-9", (0, 9)),
        ("bytes=90-", (90, 99)),
        ("bytes=-10", (90, 99)),
        ("bytes=50-500", (50, 99)),
        ("bytes=9-3", None),
        ("items=0-9", None),
        ("bytes=0-1,5-6", None),
    ],
)
def test_rfc9110_14_1_2_single_byte_ranges(header: str | None, expected: tuple[int, int] | None) -> None:
    assert parse_range(header, 100) == expected


@pytest.mark.parametrize("header", ["bytes=100-", "bytes=150-200", "bytes=-0"])
def test_rfc9110_15_5_17_range_past_the_end_is_unsatisfiable(header: str) -> None:
    with pytest.raises(UnsatisfiableRange):
        parse_range(header, 100)


def test_size_limit_in_mebibytes() -> None:
    assert not over_limit(25 * 1024 * 1024, max_upload_mb=25)
    assert over_limit(25 * 1024 * 1024 + 1, max_upload_mb=25)


DIRECTION = Seat(body_kind="cse", college="direction", role="president")
SECRETARY = Seat(body_kind="cse", college="elus", role="secretary")
TREASURER = Seat(body_kind="cse", college="elus", role="treasurer")
TITULAR = Seat(body_kind="cse", college="elus", role="titular")
UNION_REP = Seat(body_kind="cse", college="elus", role="union_representative")
BOARD = Seat(body_kind="board", college="gouvernance", role="guest")
CSE_GUEST = Seat(body_kind="cse", college=None, role="guest")


def _who(*seats: Seat, admin: bool = False) -> Standing:
    return Standing(is_org_admin=admin, seats=seats)


def test_l2315_3_confidential_for_the_employer_the_cse_members_and_union_representatives() -> None:
    assert _who(DIRECTION).sees_confidential
    assert _who(TITULAR).sees_confidential
    assert _who(UNION_REP).sees_confidential
    assert _who(Seat(body_kind="cssct", college="elus", role="titular")).sees_confidential


def test_l2315_3_not_for_the_board_a_guest_nor_an_admin_without_seat() -> None:
    assert not _who(BOARD).sees_confidential
    assert not _who(CSE_GUEST).sees_confidential
    assert not _who(admin=True).sees_confidential
    assert _who(BOARD).may_read


def test_uploaders_are_the_direction_the_admins_and_the_cse_secretary() -> None:
    assert _who(DIRECTION).may_upload
    assert _who(admin=True).may_upload
    assert _who(SECRETARY).may_upload
    assert not _who(TITULAR).may_upload
    assert not _who(BOARD).may_upload
    assert not _who(Seat(body_kind="cssct", college="elus", role="secretary")).may_upload


def test_access_log_for_the_direction_the_admins_and_the_cse_office() -> None:
    assert _who(DIRECTION).reads_access_log
    assert _who(admin=True).reads_access_log
    assert _who(SECRETARY).reads_access_log
    assert _who(TREASURER).reads_access_log
    assert not _who(TITULAR).reads_access_log
    assert not _who(BOARD).reads_access_log


def test_without_any_seat_nothing_is_readable() -> None:
    assert not _who().may_read
