"""Pure rules of the document space: what a file is (from its content), the size limit, byte ranges, and who
may read, see confidential documents, upload and read the access log.

L2315-3 (C. trav.): « Les membres de la délégation du personnel du comité social et économique et les
représentants syndicaux sont tenus à une obligation de discrétion à l'égard des informations revêtant un
caractère confidentiel et présentées comme telles par l'employeur. » A confidential document is therefore shown
to the employer (the direction) and to the CSE's members and union representatives only.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from typing import Final

import puremagic

PDF: Final = "application/pdf"
PNG: Final = "image/png"
JPEG: Final = "image/jpeg"
CSV: Final = "text/csv"
ODF_TYPES: Final = frozenset(
    {
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
    }
)
OOXML_BY_FOLDER: Final = {
    b"word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    b"xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    b"ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
ALLOWED_TYPES: Final = frozenset({PDF, PNG, JPEG, CSV, *ODF_TYPES, *OOXML_BY_FOLDER.values()})
#: Bytes read before the type is decided (the zip entries naming an office document come first).
SNIFF_BYTES: Final = 64 * 1024
_LOCAL_HEADER: Final = b"PK\x03\x04"
_CSV_DELIMITERS: Final = (";", ",", "\t")
_ALLOWED_BY_PUREMAGIC: Final = frozenset({PDF, PNG, JPEG})
ACCESS_KINDS: Final = ("download", "first_view")
#: Bodies whose members are "la délégation du personnel du CSE" (L2315-3).
CSE_KINDS: Final = frozenset({"cse", "cse_central", "cssct"})
#: The CSE's office (bureau), which reads the access log with the direction.
OFFICE_ROLES: Final = frozenset({"president", "secretary", "deputy_secretary", "treasurer"})


def _zip_entries(head: bytes) -> list[tuple[bytes, bytes]]:
    """(name, stored data start) of the zip local headers found in `head`, in order (data only when stored)."""
    entries: list[tuple[bytes, bytes]] = []
    at = 0
    while at + 30 <= len(head) and head[at : at + 4] == _LOCAL_HEADER:
        method, _, _, _, compressed, _, name_len, extra_len = struct.unpack("<HHHIIIHH", head[at + 8 : at + 30])
        name = head[at + 30 : at + 30 + name_len]
        data_at = at + 30 + name_len + extra_len
        data = head[data_at : data_at + min(compressed, 200)] if method == 0 else b""
        entries.append((name, data))
        if compressed == 0 and method != 0:
            break  # sizes in a data descriptor: the next header cannot be located
        at = data_at + compressed
    return entries


def zip_document_type(head: bytes) -> str | None:
    """ODF (ISO/IEC 26300: a first, stored `mimetype` entry) or OOXML (ISO/IEC 29500: a `[Content_Types].xml`
    entry and a `word/`, `xl/` or `ppt/` part) from the zip's first local headers; None for any other zip."""
    entries = _zip_entries(head)
    if entries and entries[0][0] == b"mimetype":
        declared = entries[0][1].decode("ascii", "replace").strip()
        return declared if declared in ODF_TYPES else None
    names = [name for name, _ in entries]
    if b"[Content_Types].xml" not in names and b"[Content_Types].xml" not in head:
        return None
    for folder, media_type in OOXML_BY_FOLDER.items():
        if any(name.startswith(folder) for name in names) or re.search(
            rb"PK\x03\x04.{26}" + re.escape(folder), head, re.S
        ):
            return media_type
    return None


def _text(head: bytes, *, complete: bool) -> str | None:
    if b"\x00" in head:
        return None
    body = head if complete else head[: head.rfind(b"\n") + 1] or head
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return body.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def looks_like_csv(head: bytes, *, complete: bool) -> bool:
    """Text (no NUL byte, UTF-8 or Windows-1252) whose first lines split on one delimiter (`;`, `,` or tab)
    into the same number of fields, at least two (RFC 4180, with the `;` French spreadsheets write)."""
    text = _text(head, complete=complete)
    if text is None:
        return False
    if any(ord(c) < 32 and c not in "\r\n\t" for c in text):
        return False
    lines = [line for line in text.splitlines() if line.strip()][:20]
    if not lines:
        return False
    for delimiter in _CSV_DELIMITERS:
        counts = {line.count(delimiter) for line in lines}
        if len(counts) == 1 and counts.pop() >= 1:
            return True
    return False


def sniff_media_type(head: bytes, *, complete: bool) -> str | None:
    """The allowed media type of a file from its first bytes (`complete`: `head` is the whole file), or None.
    PDF, PNG and JPEG by their signatures (puremagic), ODF and OOXML by their zip entries, CSV by a text check;
    the file name and the type the client declares are never trusted."""
    if head.startswith(_LOCAL_HEADER):
        return zip_document_type(head)
    try:
        found = puremagic.from_string(head, mime=True) if head else ""
    except puremagic.PureError:
        found = ""
    if found in _ALLOWED_BY_PUREMAGIC and head.startswith((b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        return str(found)
    return CSV if looks_like_csv(head, complete=complete) else None


def limit_bytes(max_upload_mb: int) -> int:
    """The upload limit in bytes (DIALOGUE_MAX_UPLOAD_MB, in mebibytes)."""
    return max_upload_mb * 1024 * 1024


def over_limit(size: int, *, max_upload_mb: int) -> bool:
    return size > limit_bytes(max_upload_mb)


_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class UnsatisfiableRange(ValueError):
    """RFC 9110 §15.5.17: no part of the range lies within the representation (416)."""


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The single byte range `(first, last)` (inclusive) asked by a `Range` header (RFC 9110 §14.1.2), None to
    send the whole file (no header, another unit, several ranges or a malformed one: §14.2 lets the server
    ignore it). Raises UnsatisfiableRange when the range starts past the end."""
    if not header:
        return None
    match = _RANGE.match(header.strip())
    if match is None:
        return None
    first, last = match.groups()
    if not first:
        if not last or int(last) == 0:
            raise UnsatisfiableRange(header)
        return max(0, size - int(last)), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if start >= size:
        raise UnsatisfiableRange(header)
    if end < start:
        return None
    return start, min(end, size - 1)


@dataclass(frozen=True, slots=True)
class Seat:
    """One current membership of the actor: the body's kind, the college and the role."""

    body_kind: str
    college: str | None
    role: str | None


@dataclass(frozen=True, slots=True)
class Standing:
    """The actor's standing in their organisation, for the document space."""

    is_org_admin: bool
    seats: tuple[Seat, ...]

    @property
    def is_direction(self) -> bool:
        return any(s.college == "direction" or s.body_kind == "direction_committee" for s in self.seats)

    @property
    def may_read(self) -> bool:
        """The organisation's documents: anyone holding a seat in a body, the direction, the admins."""
        return self.is_org_admin or bool(self.seats)

    @property
    def sees_confidential(self) -> bool:
        """L2315-3: the employer and the CSE's delegation (members, union representatives), not guests nor the
        board, nor an admin without a seat."""
        return self.is_direction or any(s.body_kind in CSE_KINDS and s.role not in {None, "guest"} for s in self.seats)

    @property
    def may_upload(self) -> bool:
        """The direction, the organisation's admins and the CSE's secretary (or deputy secretary)."""
        return (
            self.is_direction
            or self.is_org_admin
            or any(
                s.body_kind in {"cse", "cse_central"} and s.role in {"secretary", "deputy_secretary"}
                for s in self.seats
            )
        )

    @property
    def reads_access_log(self) -> bool:
        """The direction, the admins and the CSE's office (president, secretary, deputy, treasurer)."""
        return (
            self.is_direction
            or self.is_org_admin
            or any(s.body_kind in {"cse", "cse_central"} and s.role in OFFICE_ROLES for s in self.seats)
        )
