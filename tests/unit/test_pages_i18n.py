"""Every French string a page template translates has its English version in the catalog (French first, English
available). The whole check, Python included and unused entries, is `scripts/check_catalog.py` in `make lint`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dialogue.pages.i18n import body_kind_label, catalog, translate

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
    assert text in catalog(), f"{template}: missing English for {text!r}"


def test_french_is_the_text_and_english_comes_from_the_catalog() -> None:
    assert translate("Accueil", "fr") == "Accueil"
    assert translate("Accueil", "en") == "Home"
    assert translate("Réessayez dans {seconds} s.", "en") == "Try again in {seconds} s."
    assert translate("CSE", "en") == "CSE"


def test_a_french_text_without_english_entry_shows_in_french() -> None:
    assert translate("Texte sans traduction", "en") == "Texte sans traduction"


@pytest.mark.parametrize(
    ("kind", "lang", "label"),
    [
        ("cse", "fr", "CSE"),
        ("cse", "en", "Works council (CSE)"),
        ("board", "en", "Board"),
        ("unknown_kind", "en", "unknown_kind"),
    ],
)
def test_body_kind_names_are_read_in_their_own_context(kind: str, lang: str, label: str) -> None:
    assert body_kind_label(kind, "en" if lang == "en" else "fr") == label
