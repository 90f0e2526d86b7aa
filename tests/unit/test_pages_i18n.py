"""Every French string a page template translates has its English version (French first, English available)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dialogue.pages.i18n import EN

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "pages"
LITERAL = re.compile(r"""\bt\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\)""")


def _literals() -> list[tuple[str, str]]:
    found = []
    for path in sorted(TEMPLATES.rglob("*.j2")):
        for match in LITERAL.finditer(path.read_text(encoding="utf-8")):
            text = (match.group(1) or match.group(2) or "").replace("\\'", "'")
            found.append((path.relative_to(TEMPLATES).as_posix(), text))
    return found


@pytest.mark.parametrize(("template", "text"), _literals(), ids=lambda v: str(v)[:40])
def test_template_string_has_an_english_translation(template: str, text: str) -> None:
    assert text in EN, f"{template}: missing English for {text!r}"
