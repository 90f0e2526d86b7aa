"""Build notification and invitation e-mails (RFC 5322, RFC 2046, RFC 6047 iMIP, RFC 8058).

Layout for invitations (what Outlook and Gmail read as a meeting request): `multipart/alternative` with
text/plain, text/html, then `text/calendar; charset=utf-8; method=REQUEST|CANCEL` last, without a
Content-Disposition. Message-IDs are deterministic (from the outbox row) so a retried send is recognisably
the same message.

Transfer encoding (RFC 6152, RFC 2045 §6): a body with non-ASCII text goes as `8bit` only to a server that
advertises 8BITMIME (the worker then declares BODY=8BITMIME); otherwise it is quoted-printable, so the
message is 7-bit clean. Lines beyond 998 octets are never sent as 8bit (RFC 5322 §2.1.1).
"""

from __future__ import annotations

import re
from datetime import datetime
from email.charset import Charset
from email.header import Header
from email.headerregistry import Address, BaseHeader, HeaderRegistry, UniqueAddressHeader, UnstructuredHeader
from email.message import EmailMessage
from email.policy import SMTP, EmailPolicy, Policy
from functools import lru_cache
from typing import Literal

__all__ = ["POLICY", "IcsMethod", "build_message", "make_message_id", "transfer_encoding"]

IcsMethod = Literal["REQUEST", "CANCEL"]
_ICS_METHODS = frozenset({"REQUEST", "CANCEL"})

_ID_PART = re.compile(r"^[A-Za-z0-9_-]+$")
_DOMAIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$")
_MSG_ID = re.compile(r"^<[!#$%&'*+/=?^_`{|}~A-Za-z0-9.-]+@[A-Za-z0-9.-]+>$")
_HTTPS_URL = re.compile(r"^https://[!#$%&'()*+,/:;=?@\[\]~A-Za-z0-9._-]+$")


class _OneLineHeader(UnstructuredHeader, BaseHeader):
    """A header written as-is on one line: never folded or RFC 2047-encoded.

    RFC 8058 one-click unsubscribe headers must survive DKIM re-signing, and the default policy would
    otherwise encode a long URL as `=?utf-8?q?...?=`, which no client can follow.
    """

    def fold(self, *, policy: Policy) -> str:
        return f"{self.name}: {self}{policy.linesep}"


@lru_cache(maxsize=512)
def _encoded_words(text: str, name: str, linesep: str) -> str:
    """RFC 2047 encoded-words holding the spaces too (`=?utf-8?q?r=C3=A9ponses_n=C2=B0?=`).

    Python 3.11's folder encodes word by word and leaves the spaces between adjacent encoded-words,
    which decoders must drop (RFC 2047 §6.2): « réponses n° 12 » came back as « réponsesn° 12 ».
    The legacy `email.header.Header` encoder keeps them inside the encoded text.
    """
    return Header(text, "utf-8", header_name=name).encode(linesep=linesep)


class _EncodedUnstructuredHeader(UnstructuredHeader, BaseHeader):
    """Subject: non-ASCII text encoded with spaces preserved (see `_encoded_words`)."""

    def fold(self, *, policy: Policy) -> str:
        value = str(self)
        if value.isascii():
            return super().fold(policy=policy)
        return f"{self.name}: {_encoded_words(value, self.name, policy.linesep)}{policy.linesep}"


@lru_cache(maxsize=512)
def _display_name_word(name: str) -> str:
    """A non-ASCII display name as ONE encoded-word (≤ 75 characters, RFC 2047 §2), shortened with « … »
    if needed: decoders disagree on the space between adjacent encoded-words inside a phrase."""
    charset = Charset("utf-8")
    word = charset.header_encode(name)
    while len(word) > 75 and len(name) > 1:
        name = name[:-2].rstrip() + "…"
        word = charset.header_encode(name)
    return word


class _EncodedAddressHeader(UniqueAddressHeader, BaseHeader):  # type: ignore[misc]  # typeshed: the two bases disagree on init signatures
    """From/To with a non-ASCII display name as one encoded-word, then the address on a folded line."""

    def fold(self, *, policy: Policy) -> str:
        addresses = list(self.addresses)
        if all(address.display_name.isascii() for address in addresses):
            return super().fold(policy=policy)
        rendered = []
        for address in addresses:
            if address.display_name and not address.display_name.isascii():
                name = _display_name_word(address.display_name)
                fits = len(self.name) + len(name) + len(address.addr_spec) + 5 <= 78
                rendered.append(f"{name}{' ' if fits else policy.linesep + ' '}<{address.addr_spec}>")
            else:
                rendered.append(str(address))
        return f"{self.name}: {', '.join(rendered)}{policy.linesep}"


class _CachingHeaderRegistry(HeaderRegistry):
    """The standard registry builds a new header class (`type(...)`) for every header it parses; the
    worker sets ~20 headers per message, so the classes are built once per name instead."""

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, type[BaseHeader]] = {}

    def map_to_type(self, name: str, cls: type[BaseHeader]) -> None:
        super().map_to_type(name, cls)
        self._classes.pop(name.lower(), None)

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        cls = self._classes.get(key)
        if cls is None:
            cls = self._classes[key] = super().__getitem__(name)
        return cls


def _registry() -> HeaderRegistry:
    registry = _CachingHeaderRegistry()
    registry.map_to_type("list-unsubscribe", _OneLineHeader)
    registry.map_to_type("list-unsubscribe-post", _OneLineHeader)
    registry.map_to_type("subject", _EncodedUnstructuredHeader)
    registry.map_to_type("from", _EncodedAddressHeader)
    registry.map_to_type("to", _EncodedAddressHeader)
    return registry


POLICY: EmailPolicy[EmailMessage] = SMTP.clone(header_factory=_registry())
"""SMTP policy (CRLF line endings, 8bit allowed) with one-line List-Unsubscribe headers."""


#: RFC 5322 §2.1.1: at most 998 octets per line, excluding CRLF.
MAX_LINE_OCTETS = 998


def transfer_encoding(text: str, *, eight_bit: bool) -> str:
    """The Content-Transfer-Encoding of a text part (RFC 2045 §6; RFC 6152 for 8bit).

    ASCII with short lines is `7bit`; non-ASCII text is `8bit` when the server accepts 8BITMIME and every
    line fits in 998 octets; anything else is `quoted-printable`, which is 7-bit and keeps line breaks as
    CRLF (a calendar part needs them, RFC 5545 §3.1).
    """
    lines = text.encode("utf-8").splitlines()
    short = all(len(line) <= MAX_LINE_OCTETS for line in lines)
    if short and text.isascii():
        return "7bit"
    if short and eight_bit:
        return "8bit"
    return "quoted-printable"


def make_message_id(kind: str, *ids: int | str, domain: str) -> str:
    """A deterministic Message-ID `<kind.id1.id2@domain>` (RFC 5322 §3.6.4).

    Derive it from the outbox row (e.g. `make_message_id("convocation", "m42", "u17", "s0", domain=...)`)
    so that a retry after a crash reuses it; never reuse one for a different message.
    """
    parts = [kind, *(str(part) for part in ids)]
    for part in parts:
        if not _ID_PART.match(part):
            raise ValueError(f"Message-ID parts are [A-Za-z0-9_-]+, got {part!r}")
    if not _DOMAIN.match(domain):
        raise ValueError(f"not a domain name: {domain!r}")
    return f"<{'.'.join(parts)}@{domain}>"


def _check_message_id(value: str, what: str) -> str:
    if not _MSG_ID.match(value):
        raise ValueError(f"{what}: not a Message-ID in angle brackets: {value!r}")
    return value


def build_message(
    *,
    from_addr: str,
    from_name: str | None,
    to_addr: str,
    subject: str,
    text: str,
    html: str | None,
    ics: str | None,
    ics_method: IcsMethod | None,
    message_id: str,
    in_reply_to: str | None,
    references: list[str],
    list_unsubscribe_url: str | None,
    date: datetime,
    to_name: str | None = None,
    eight_bit: bool = True,
) -> EmailMessage:
    """Build one message for one recipient (RFC 5322; iMIP RFC 6047 §2.4 when `ics` is given).

    The calendar part's `method=` equals the METHOD in `ics` (IANA text/calendar). List-Unsubscribe and
    `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058) are added only with an https URL:
    optional categories only, never legally required convocations. `eight_bit` says whether the server
    advertised 8BITMIME; without it every part is 7-bit (quoted-printable when it holds non-ASCII text).
    """
    if date.tzinfo is None or date.utcoffset() is None:
        raise ValueError("date: naive datetime; pass an aware datetime")
    if (ics is None) != (ics_method is None):
        raise ValueError("ics and ics_method go together")
    if ics is not None and ics_method is not None:
        if ics_method not in _ICS_METHODS:
            raise ValueError(f"ics_method must be REQUEST or CANCEL, got {ics_method!r}")
        if f"\r\nMETHOD:{ics_method}\r\n" not in ics:
            raise ValueError(f"the calendar must carry METHOD:{ics_method} (CRLF lines) to match the MIME method")
        if html is None:
            raise ValueError("an invitation needs an HTML part before the calendar part")

    message = EmailMessage(policy=POLICY)
    message["From"] = Address(display_name=from_name or "", addr_spec=from_addr)
    message["To"] = Address(display_name=to_name or "", addr_spec=to_addr)
    message["Subject"] = subject
    message["Date"] = date
    message["Message-ID"] = _check_message_id(message_id, "message_id")
    if in_reply_to is not None:
        message["In-Reply-To"] = _check_message_id(in_reply_to, "in_reply_to")
    if references:
        message["References"] = " ".join(_check_message_id(ref, "references") for ref in references)
    if list_unsubscribe_url is not None:
        if not _HTTPS_URL.match(list_unsubscribe_url) or len(list_unsubscribe_url) > 900:
            raise ValueError(f"list_unsubscribe_url must be a short https URL: {list_unsubscribe_url!r}")
        message["List-Unsubscribe"] = f"<{list_unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"

    message.set_content(text, subtype="plain", charset="utf-8", cte=transfer_encoding(text, eight_bit=eight_bit))
    if html is not None:
        message.add_alternative(html, subtype="html", charset="utf-8", cte=transfer_encoding(html, eight_bit=eight_bit))
    if ics is not None and ics_method is not None:
        # Gives `text/calendar; charset="utf-8"; method="REQUEST"` (quoting is equivalent, RFC 2045 §5.1)
        # and no Content-Disposition: an attachment disposition makes Gmail show a file, not an invitation.
        message.add_alternative(
            ics,
            subtype="calendar",
            charset="utf-8",
            params={"method": ics_method},
            cte=transfer_encoding(ics, eight_bit=eight_bit),
        )
    return message
