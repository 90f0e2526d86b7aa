"""Document export: safe Markdown, and A4 PDFs whose French text, footer and page numbers really print."""

from __future__ import annotations

import re
import zlib
from datetime import UTC, date, datetime

import pytest

from dialogue.core.documents import (
    FONTS_DIR,
    BulletList,
    Paragraph,
    Section,
    Signatures,
    Subheading,
    Table,
    french_date,
    markdown_to_html,
    markdown_to_pdf_sections,
    render_pdf,
    signatures_block,
)

FRENCH = "Procès-verbal « réunion » : l’œuvre sociale coûte 12 € — Zoé, Noël, ça évolue"
DIGEST = "Empreinte du registre : " + "3f" * 32

# ---------------------------------------------------------------- a tiny text extractor
# fpdf2 writes glyph ids, not characters; each embedded font maps them back through its ToUnicode CMap.
# Reading that map proves the text is really in the file, whatever tools the machine has.


def _objects(pdf: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj\s(.*?)endobj", pdf, re.S)}


def _stream(body: bytes) -> bytes:
    match = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S)
    assert match is not None
    data = match.group(1)
    return zlib.decompress(data) if b"/FlateDecode" in body.split(b"stream")[0] else data


def _cmap(data: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = int(dst, 16)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(first + offset)
    return mapping


def _literal(raw: bytes) -> bytes:
    out = bytearray()
    i = 0
    escapes = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
    while i < len(raw):
        c = raw[i]
        if c == 0x5C:  # backslash
            nxt = raw[i + 1]
            if nxt in escapes:
                out.append(escapes[nxt])
                i += 2
            elif 0x30 <= nxt <= 0x37:
                digits = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
                assert digits is not None
                out.append(int(digits.group(0), 8))
                i += 1 + len(digits.group(0))
            else:
                out.append(nxt)
                i += 2
        else:
            out.append(c)
            i += 1
    return bytes(out)


def _ref(body: bytes, key: bytes) -> int:
    match = re.search(rb"/" + key + rb" (\d+) 0 R", body)
    assert match is not None, key
    return int(match.group(1))


def extract_pages(pdf: bytes) -> list[str]:
    """Text of each page, one line per text object."""
    objects = _objects(pdf)
    kids = re.search(rb"/Kids \[(.*?)\]", objects[1], re.S)
    assert kids is not None
    pages: list[str] = []
    for page_ref in re.findall(rb"(\d+) 0 R", kids.group(1)):
        page = objects[int(page_ref)]
        fonts = {
            name.decode(): _cmap(_stream(objects[_ref(objects[int(font_ref)], b"ToUnicode")]))
            for name, font_ref in re.findall(rb"/(F\d+) (\d+) 0 R", objects[_ref(page, b"Resources")])
        }
        lines: list[str] = []
        cmap: dict[int, str] = {}
        for text_object in re.findall(rb"BT(.*?)ET", _stream(objects[_ref(page, b"Contents")]), re.S):
            line = []
            for font, literal in re.findall(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) ?Tj", text_object, re.S):
                if font:
                    cmap = fonts[font.decode()]
                    continue
                raw = _literal(literal)
                line.append(
                    "".join(cmap.get(int.from_bytes(raw[j : j + 2], "big"), "?") for j in range(0, len(raw), 2))
                )
            if line:
                lines.append("".join(line))
        pages.append("\n".join(lines))
    return pages


def flat(text: str) -> str:
    """Lines joined by single spaces: wrapped titles still match."""
    return " ".join(text.split())


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def attendance_table(rows: int) -> Table:
    return Table(
        header=("Nom", "Qualité", "Collège", "Présence"),
        rows=tuple((f"Élu n° {i}", "Titulaire", "Élus", "présent·e") for i in range(rows)),
        col_widths=(40, 25, 20, 15),
    )


# ---------------------------------------------------------------- Markdown to HTML


def test_markdown_script_is_escaped_not_rendered() -> None:
    html = markdown_to_html("Bonjour <script>alert('x')</script>\n\n<div onclick=\"x()\">clic</div>")
    assert "<script" not in html
    assert "<div" not in html
    assert "&lt;script&gt;" in html


def test_markdown_javascript_link_is_not_a_link() -> None:
    html = markdown_to_html("[clic](javascript:alert(1))")
    assert 'href="javascript' not in html


@pytest.mark.parametrize(
    ("md", "expected"),
    [
        ("# Ordre du jour", "<h1>Ordre du jour</h1>"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "<table>"),
        ("- un\n- deux", "<li>un</li>"),
        ("l’été « CSE » & co", "l’été « CSE » &amp; co"),
    ],
)
def test_markdown_renders_commonmark_and_tables(md: str, expected: str) -> None:
    assert expected in markdown_to_html(md)


# ---------------------------------------------------------------- PDF


def test_pdf_is_a_pdf_with_french_text_footer_and_page_numbers() -> None:
    pdf = render_pdf(
        title=FRENCH,
        subtitle="Comité social et économique — séance du 3 mars 2025",
        sections=[Section(heading="Présents", blocks=(attendance_table(120),))],
        footer_text=DIGEST,
        created_at=datetime(2025, 3, 3, 9, tzinfo=UTC),
    )
    assert pdf.startswith(b"%PDF")
    pages = extract_pages(pdf)
    count = page_count(pdf)
    assert count == len(pages) >= 3
    assert FRENCH in flat(pages[0])
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} / {count}" in text
        assert DIGEST in text
        assert "Nom" in text  # the table header repeats on every page
    assert "Élu n° 119" in pages[-1]


def test_pdf_keeps_every_french_character() -> None:
    special = "é è ê à ù ç ô î ï ë É È Ç Œ œ æ € « » ’ – — … °"
    pdf = render_pdf(title="Caractères", sections=[Section(heading="Texte", blocks=(special,))])
    assert special in extract_pages(pdf)[0]


def test_pdf_is_deterministic_with_a_fixed_creation_date() -> None:
    kwargs = {
        "title": "Registre",
        "sections": [Section(heading="Entrées", blocks=("Une entrée.",))],
        "created_at": datetime(2025, 1, 1, tzinfo=UTC),
    }
    assert render_pdf(**kwargs) == render_pdf(**kwargs)  # type: ignore[arg-type]


def test_pdf_refuses_a_naive_creation_date() -> None:
    with pytest.raises(ValueError, match="fuseau"):
        render_pdf(title="x", sections=[], created_at=datetime(2025, 1, 1))


def test_pdf_text_is_not_interpreted_as_markup() -> None:
    text = "**pas gras** __pas italique__ --pas souligné-- <b>balise</b>"
    assert text in extract_pages(render_pdf(title="Brut", sections=[Section(heading="", blocks=(text,))]))[0]


def test_pdf_renders_every_block_kind() -> None:
    sections = [
        Section(
            heading="Déroulé",
            blocks=(
                Paragraph("Ouverture de la séance.\nDeuxième ligne."),
                Subheading("Point 1 : budget des œuvres sociales"),
                BulletList(items=("premier", "second"), ordered=True, start=3),
                BulletList(items=("imbriqué",), level=1),
                attendance_table(2),
            ),
        ),
        Section(
            heading="Signatures",
            blocks=(
                signatures_block(
                    signers=["Le président", "La secrétaire", "Le trésorier"], place="Lyon", on=date(2025, 3, 1)
                ),
            ),
        ),
    ]
    text = "\n".join(extract_pages(render_pdf(title="PV", sections=sections)))
    for expected in (
        "Deuxième ligne.",
        "Point 1 : budget des œuvres sociales",
        "3.",
        "4.",
        "•",
        "imbriqué",
        "Le trésorier",
    ):
        assert expected in text
    assert "Fait à Lyon, le 1er mars 2025" in text


def test_table_rows_must_match_the_header() -> None:
    with pytest.raises(ValueError, match="colonnes"):
        Table(header=("a", "b"), rows=(("1",),))


def test_signatures_block_needs_a_signer() -> None:
    with pytest.raises(ValueError, match="signataire"):
        signatures_block(signers=[])
    assert signatures_block(signers=["Le président"]) == Signatures(signers=("Le président",))


@pytest.mark.parametrize(("day", "text"), [(date(2025, 3, 1), "1er mars 2025"), (date(2024, 8, 15), "15 août 2024")])
def test_french_date(day: date, text: str) -> None:
    assert french_date(day) == text


def test_fonts_and_their_licence_are_shipped() -> None:
    assert (FONTS_DIR / "DejaVuSans.ttf").is_file()
    assert (FONTS_DIR / "DejaVuSans-Bold.ttf").is_file()
    assert (FONTS_DIR / "LICENSE-DejaVu.txt").is_file()


# ---------------------------------------------------------------- Markdown to PDF sections


MINUTES = """Préambule sans titre.

# Procès-verbal

Séance ouverte à 9 h 30 par **le président**.

## Point 1 : l’œuvre sociale

### Débat

- premier point
- second point
  1. sous-point a
  2. sous-point b
- troisième point

| Nom | Présent |
|-----|---------|
| Zoé | oui |

Voir [le site](https://example.org) <script>alert(1)</script>

```
code brut
```
"""


def test_markdown_minutes_become_sections() -> None:
    sections = markdown_to_pdf_sections(MINUTES, default_heading="Introduction")
    assert [s.heading for s in sections] == ["Introduction", "Procès-verbal", "Point 1 : l’œuvre sociale"]
    assert sections[0].blocks == (Paragraph("Préambule sans titre."),)
    assert sections[1].blocks == (Paragraph("Séance ouverte à 9 h 30 par le président."),)
    assert sections[2].blocks == (
        Subheading("Débat"),
        BulletList(items=("premier point", "second point")),
        BulletList(items=("sous-point a", "sous-point b"), ordered=True, level=1),
        BulletList(items=("troisième point",), start=3),
        Table(header=("Nom", "Présent"), rows=(("Zoé", "oui"),)),
        Paragraph("Voir le site (https://example.org) <script>alert(1)</script>"),
        Paragraph("code brut"),
    )


def test_markdown_minutes_print() -> None:
    pdf = render_pdf(title="PV", sections=markdown_to_pdf_sections(MINUTES))
    text = "\n".join(extract_pages(pdf))
    assert "Point 1 : l’œuvre sociale" in text
    assert "<script>alert(1)</script>" in text  # printed as harmless text
