"""Mails from `templates/email/<kind>.{subject,txt,html}.j2` (French first), through the one Jinja environment.

HTML templates are autoescaped (user text such as an agenda title cannot inject markup); text templates
are not. Undefined variables raise, so a template that refers to a missing field fails its test.
"""

from __future__ import annotations

import re
from typing import Any, Final

from dialogue.core.templating import environment as _environment
from dialogue.core.templating import hour, long_date, numeric_date, short_date

__all__ = ["hour", "long_date", "numeric_date", "render", "short_date"]

_BLANK_LINES: Final = re.compile(r"\n[ \t]*(?:\n[ \t]*)+\n")


def render(kind: str, **context: Any) -> tuple[str, str, str]:
    """(subject, text, html) of `templates/email/<kind>.*.j2`; the subject is one line."""
    text_env = _environment("mail_text")
    subject = " ".join(text_env.get_template(f"email/{kind}.subject.j2").render(**context).split())
    text = _BLANK_LINES.sub("\n\n", text_env.get_template(f"email/{kind}.txt.j2").render(**context)).strip() + "\n"
    html = _environment("mail_html").get_template(f"email/{kind}.html.j2").render(**context)
    return subject, text, html
