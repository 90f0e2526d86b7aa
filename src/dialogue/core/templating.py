"""One Jinja environment for pages, mails and documents (issue 14 §2).

One loader on `templates/` (copied next to `src/` in the Docker image), one set of filters and globals. Each use
differs only in what its output must be, and renders through an overlay of the one environment
(`Environment.overlay` shares the loader, filters and globals; each overlay gets its own template cache, since a
template compiles differently under other whitespace rules):

| use | autoescape | undefined | whitespace | why |
| --- | --- | --- | --- | --- |
| `page` (Litestar) | yes | lenient | as written | server-rendered pages, Litestar's defaults |
| `mail_text` | no | strict | trim, lstrip, final newline kept | a text/plain body is not HTML |
| `mail_html` | yes | strict | trim, lstrip, final newline kept | user text (an agenda title) never becomes markup |
| `document` | yes | strict | trim, lstrip | QVT pages served outside Litestar; names relative to `templates/pages/` |
| `register_print` | yes | lenient | trim | the printable register, a template held in `registers/exports.py` |

Strict undefined makes a template that refers to a missing field fail its test.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from functools import cache
from pathlib import Path
from typing import Any, Final, Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from dialogue.core.clock import FRENCH_MONTHS, FRENCH_WEEKDAYS, PARIS

#: templates/ at the repository root.
TEMPLATES_DIR: Final = Path(__file__).resolve().parents[3] / "templates"

Use = Literal["page", "mail_text", "mail_html", "document", "register_print"]

#: Jinja's default cache size: an overlay given its own cache never reuses a template compiled for another use.
_CACHE_SIZE: Final = 400
_MAIL: Final[dict[str, Any]] = {
    "undefined": StrictUndefined,
    "keep_trailing_newline": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
}
#: What each use changes in the page environment.
_OVERLAYS: Final[dict[str, dict[str, Any]]] = {
    "mail_text": {**_MAIL, "autoescape": False},
    "mail_html": _MAIL,
    "document": {
        "undefined": StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "loader": FileSystemLoader(str(TEMPLATES_DIR / "pages")),
    },
    "register_print": {"trim_blocks": True},
}


def _local(moment: datetime, tz: tzinfo) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime in an e-mail: pass aware datetimes")
    return moment.astimezone(tz)


def long_date(value: date | datetime, tz: tzinfo = PARIS) -> str:
    """« dimanche 29 mars 2026 »."""
    day = _local(value, tz).date() if isinstance(value, datetime) else value
    first = "1er" if day.day == 1 else str(day.day)
    return f"{FRENCH_WEEKDAYS[day.weekday()]} {first} {FRENCH_MONTHS[day.month - 1]} {day.year}"


def hour(value: datetime, tz: tzinfo = PARIS) -> str:
    """« 9 h 30 », « 14 h »."""
    local = _local(value, tz)
    return f"{local.hour} h {local.minute:02d}" if local.minute else f"{local.hour} h"


def short_date(value: date | datetime, tz: tzinfo = PARIS) -> str:
    """« 29/03 » (subject stem)."""
    day = _local(value, tz).date() if isinstance(value, datetime) else value
    return f"{day.day:02d}/{day.month:02d}"


def numeric_date(value: date | datetime, tz: tzinfo = PARIS) -> str:
    """« 29/03/2026 »."""
    day = _local(value, tz).date() if isinstance(value, datetime) else value
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


@cache
def environment(use: Use = "page") -> Environment:
    """The environment for one use; `page` is the one environment, the others are overlays of it."""
    if use != "page":
        return environment("page").overlay(cache_size=_CACHE_SIZE, **_OVERLAYS[use])
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True)
    env.filters.update(long_date=long_date, hour=hour, short_date=short_date, numeric_date=numeric_date)
    return env
