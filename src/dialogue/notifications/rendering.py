"""Jinja2 environments for `templates/email/<kind>.{subject,txt,html}.j2` (French first).

HTML templates are autoescaped (user text such as an agenda title cannot inject markup); text templates
are not. Undefined variables raise, so a template that refers to a missing field fails its test.
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from dialogue.core.clock import FRENCH_MONTHS, FRENCH_WEEKDAYS, PARIS

#: templates/ at the repository root (copied next to src/ in the Docker image).
TEMPLATES_DIR: Final = Path(__file__).resolve().parents[3] / "templates"

_BLANK_LINES: Final = re.compile(r"\n[ \t]*(?:\n[ \t]*)+\n")
_DAYS: Final = FRENCH_WEEKDAYS
_MONTHS: Final = FRENCH_MONTHS


def _local(moment: datetime, tz: tzinfo) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime in an e-mail: pass aware datetimes")
    return moment.astimezone(tz)


def long_date(value: date | datetime, tz: tzinfo = PARIS) -> str:
    """« dimanche 29 mars 2026 »."""
    day = _local(value, tz).date() if isinstance(value, datetime) else value
    first = "1er" if day.day == 1 else str(day.day)
    return f"{_DAYS[day.weekday()]} {first} {_MONTHS[day.month - 1]} {day.year}"


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


def _environment(*, html: bool) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=html,  # noqa: S701 - text/plain bodies are not HTML; HTML templates are autoescaped
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(long_date=long_date, hour=hour, short_date=short_date, numeric_date=numeric_date)
    return env


@lru_cache(maxsize=2)
def environment(*, html: bool) -> Environment:
    return _environment(html=html)


def render(kind: str, **context: Any) -> tuple[str, str, str]:
    """(subject, text, html) of `templates/email/<kind>.*.j2`; the subject is one line."""
    text_env = environment(html=False)
    subject = " ".join(text_env.get_template(f"email/{kind}.subject.j2").render(**context).split())
    text = _BLANK_LINES.sub("\n\n", text_env.get_template(f"email/{kind}.txt.j2").render(**context)).strip() + "\n"
    html = environment(html=True).get_template(f"email/{kind}.html.j2").render(**context)
    return subject, text, html
