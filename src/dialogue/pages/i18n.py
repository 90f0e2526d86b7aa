"""French first, English available: UI strings are written in French and translated on demand.

The English texts live in a Babel catalog, `dialogue/locale/en/LC_MESSAGES/messages.po`, whose msgids are the
French texts; it is read once, on first use. A French text with no English entry is shown in French.
`scripts/check_catalog.py` (in `make lint`) fails on a string of the code with no entry, or on an unused entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Final, Literal

from babel.messages.pofile import read_po

Lang = Literal["fr", "en"]
LANG_COOKIE = "lang"

#: `<lang>/LC_MESSAGES/messages.po`, inside the package so that it ships with it.
LOCALE_DIR: Final = Path(__file__).resolve().parents[1] / "locale"
#: msgctxt of the body kinds' names: « CSE » alone reads "CSE"; as a kind of body, "Works council (CSE)".
BODY_KIND_CONTEXT: Final = "body kind"

#: A body's kind → its French name (English under `BODY_KIND_CONTEXT` in the catalog).
BODY_KINDS: Final = {
    "cse": "CSE",
    "cse_central": "CSE central",
    "cssct": "CSSCT",
    "board": "Conseil d'administration",
    "direction_committee": "Comité de direction",
    "qvt_steering": "Comité de pilotage QVT",
    "negotiation_table": "Table de négociation",
}


@cache
def catalog(lang: str = "en", context: str | None = None) -> Mapping[str, str]:
    """French text → translation, for one msgctxt (None: the plain UI strings)."""
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as po:
        messages = read_po(po, locale=lang)
    return MappingProxyType(
        {
            m.id: m.string
            for m in messages
            if isinstance(m.id, str) and isinstance(m.string, str) and m.id and m.string and m.context == context
        }
    )


def translate(text: str, lang: Lang) -> str:
    return catalog().get(text, text) if lang == "en" else text


def body_kind_label(kind: str, lang: Lang) -> str:
    french = BODY_KINDS.get(kind)
    if french is None:
        return kind
    return catalog(context=BODY_KIND_CONTEXT)[french] if lang == "en" else french


def pick_lang(value: str | None) -> Lang:
    return "en" if value == "en" else "fr"
