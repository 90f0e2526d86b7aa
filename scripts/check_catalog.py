"""Fail when the English catalog misses a French UI string, or keeps one no longer used (issue 14 §2, `make lint`).

Missing: a string Babel extracts (`babel.cfg`: `t("…")` in Python and in the templates) with no English entry;
an English page would show it in French. Unused: an entry that is neither extracted nor a string literal of
`src/` or of a template (labels reach `t(…)` through a variable: status names, flash messages, home sections,
`{% set labels = {…} %}`). An entry whose
`{placeholders}` differ from its French text's is wrong too: `.format()` would fail or drop a value.

Run from the repository root: `python scripts/check_catalog.py`.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from jinja2 import Environment, nodes

from dialogue.pages.i18n import LOCALE_DIR

ROOT = Path(__file__).resolve().parents[1]
#: The translating function's name, in Python (`env.t(…)`) and in the templates (`t(…)`).
KEYWORDS = {"t": None}
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def extracted() -> dict[str, list[str]]:
    """French string → where it is used (« templates/pages/home.html.j2:7 »)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        if isinstance(message, str):
            found.setdefault(message, []).append(f"{filename}:{lineno}")
    return found


def literals() -> set[str]:
    """Every string constant of the Python sources and of the templates."""
    found: set[str] = set()
    for path in (ROOT / "src").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    jinja = Environment(autoescape=True)
    for path in (ROOT / "templates").rglob("*.j2"):
        for const in jinja.parse(path.read_text(encoding="utf-8")).find_all(nodes.Const):
            if isinstance(const.value, str):
                found.add(const.value)
    return found


def problems() -> list[str]:
    with (LOCALE_DIR / "en" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        entries = [m for m in read_po(po, locale="en") if m.id]
    english = {m.id for m in entries if m.string and m.context is None}
    found = extracted()
    out = [f"missing English: {text!r} ({', '.join(found[text])})" for text in found if text not in english]
    constants = literals()
    out += [f"unused entry: {m.id!r}" for m in entries if m.id not in found and m.id not in constants]
    out += [
        f"placeholders differ: {m.id!r} → {m.string!r}"
        for m in entries
        if sorted(PLACEHOLDER.findall(m.id)) != sorted(PLACEHOLDER.findall(m.string))
    ]
    out += [f"empty English: {m.id!r}" for m in entries if not m.string]
    return out


def main() -> int:
    found = problems()
    for line in found:
        sys.stderr.write(f"locale/en/LC_MESSAGES/messages.po: {line}\n")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
