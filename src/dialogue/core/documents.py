"""Document export: Markdown to safe HTML, and printable A4 PDFs (minutes, registers, attendance lists).

User text is never trusted: Markdown renders with raw HTML disabled, and PDF text is drawn as plain text
(fpdf2's own markup is off). DejaVu Sans is embedded so French text (é, œ, €, « », ’) prints everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from dialogue.core.clock import FRENCH_MONTHS

FONTS_DIR: Final = Path(__file__).parent / "fonts"
FONT_FAMILY: Final = "DejaVu"
_MONTHS: Final = FRENCH_MONTHS

# CommonMark, raw HTML off (user text cannot inject markup), GFM tables on. Links keep markdown-it's
# default validation, which refuses javascript:, vbscript:, file: and non-image data: URLs.
_MARKDOWN: Final[MarkdownIt] = MarkdownIt("commonmark", {"html": False}).enable("table")


def is_own_image(src: str) -> bool:
    """Only the service's own documents may be shown as images: a same-site path ("/api/v1/documents/…"),
    never another host (a tracker would learn who read the minutes, and when) nor a data: URL."""
    return src.startswith("/") and not src.startswith("//") and "\\" not in src


def _render_image(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    if is_own_image(str(token.attrGet("src") or "")):
        return str(self.image(tokens, idx, options, env))
    alt = self.renderInlineAsText(token.children or [], options, env)
    return f'<span class="image-removed">[{escapeHtml(alt or "image")}]</span>'


_MARKDOWN.add_render_rule("image", _render_image)


def markdown_to_html(md: str) -> str:
    """Render user Markdown to HTML; any HTML written by the user comes out escaped, as text."""
    return str(_MARKDOWN.render(md))


# ---------------------------------------------------------------- document model


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Running text; line breaks ("\\n") are kept."""

    text: str


@dataclass(frozen=True, slots=True)
class Subheading:
    """A heading inside a section (Markdown ### and below)."""

    text: str


@dataclass(frozen=True, slots=True)
class BulletList:
    """A list; `level` indents nested lists, `start` continues an ordered list's numbering."""

    items: tuple[str, ...]
    ordered: bool = False
    start: int = 1
    level: int = 0


@dataclass(frozen=True, slots=True)
class Table:
    """A table such as an attendance list; the header repeats on every page the table spans."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    col_widths: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        width = len(self.header) if self.header else (len(self.rows[0]) if self.rows else 0)
        if any(len(row) != width for row in self.rows):
            raise ValueError("toutes les lignes du tableau doivent avoir le même nombre de colonnes")
        if self.col_widths is not None and len(self.col_widths) != width:
            raise ValueError("une largeur par colonne est attendue")


@dataclass(frozen=True, slots=True)
class Signatures:
    """Signature boxes, two per row, under an optional "Fait à …, le …" line."""

    signers: tuple[str, ...]
    place: str | None = None
    on: date | None = None


Block = Paragraph | Subheading | BulletList | Table | Signatures


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of the document; plain strings in `blocks` are paragraphs."""

    heading: str
    blocks: tuple[Block | str, ...] = ()


def french_date(day: date) -> str:
    """A date written out in French, e.g. "1er mars 2025"."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {_MONTHS[day.month - 1]} {day.year}"


def signatures_block(*, signers: Sequence[str], place: str | None = None, on: date | None = None) -> Signatures:
    """Signature boxes for e.g. the president and the secretary under adopted minutes."""
    if not signers:
        raise ValueError("au moins un signataire est attendu")
    return Signatures(signers=tuple(signers), place=place, on=on)


# ---------------------------------------------------------------- PDF


class _Document(FPDF):
    """FPDF with our footer: the given text (e.g. the register chain digest) and "Page X / Y"."""

    def __init__(self, *, footer_text: str | None) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer_text
        self.add_font(FONT_FAMILY, "", str(FONTS_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT_FAMILY, "B", str(FONTS_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(left=20, top=20, right=20)
        self.set_auto_page_break(auto=True, margin=28)
        self.alias_nb_pages("{nb}")

    def footer(self) -> None:
        self.set_y(-22)
        self.set_font(FONT_FAMILY, "", 7.5)
        self.set_text_color(80, 80, 80)
        if self.footer_text:
            self.multi_cell(0, 3.5, self.footer_text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_y(-10)
        self.set_font(FONT_FAMILY, "", 8)
        self.cell(0, 4, f"Page {self.page_no()} / {{nb}}", align="R")
        self.set_text_color(0, 0, 0)


_LINE: Final = 5.2


def _paragraph(pdf: _Document, text: str) -> None:
    pdf.set_font(FONT_FAMILY, "", 10.5)
    pdf.multi_cell(0, _LINE, text, align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def _subheading(pdf: _Document, text: str) -> None:
    if pdf.will_page_break(20):
        pdf.add_page()
    pdf.ln(1)
    pdf.set_font(FONT_FAMILY, "B", 11)
    pdf.multi_cell(0, 6, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _bullets(pdf: _Document, block: BulletList) -> None:
    pdf.set_font(FONT_FAMILY, "", 10.5)
    indent = 4 + 6 * block.level
    marker_w = 8 if block.ordered else 5
    for number, item in enumerate(block.items, start=block.start):
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(marker_w, _LINE, f"{number}." if block.ordered else "•")
        pdf.multi_cell(pdf.epw - indent - marker_w, _LINE, item, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _table(pdf: _Document, block: Table) -> None:
    pdf.set_font(FONT_FAMILY, "", 9.5)
    rows = ([block.header] if block.header else []) + list(block.rows)
    if not rows:
        return
    with pdf.table(
        col_widths=block.col_widths,
        first_row_as_headings=bool(block.header),
        headings_style=FontFace(emphasis="BOLD", fill_color=(232, 232, 232)),
        line_height=_LINE,
        text_align="LEFT",
        width=pdf.epw,
        padding=1.2,
    ) as table:
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.ln(3)


_BOX_H: Final = 32.0
_BOX_GAP: Final = 8.0


def _signatures_height(block: Signatures) -> float:
    rows = -(-len(block.signers) // 2)
    return rows * (_BOX_H + _BOX_GAP) + (10 if block.place or block.on else 0)


def _signatures(pdf: _Document, block: Signatures) -> None:
    box_h, gap = _BOX_H, _BOX_GAP
    box_w = (pdf.epw - gap) / 2
    if pdf.will_page_break(_signatures_height(block)):
        pdf.add_page()
    pdf.set_font(FONT_FAMILY, "", 10.5)
    if block.place or block.on:
        place = f"Fait à {block.place}" if block.place else "Fait"
        when = f", le {french_date(block.on)}" if block.on else ""
        pdf.multi_cell(0, _LINE, place + when, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(3)
    for index, signer in enumerate(block.signers):
        column = index % 2
        if column == 0 and index:
            pdf.set_y(pdf.get_y() + box_h + gap)
        x = pdf.l_margin + column * (box_w + gap)
        y = pdf.get_y()
        pdf.rect(x, y, box_w, box_h)
        pdf.set_xy(x + 2, y + 2)
        pdf.set_font(FONT_FAMILY, "B", 10)
        pdf.multi_cell(box_w - 4, _LINE, signer, align="L")
        pdf.set_xy(x + 2, y + box_h - 7)
        pdf.set_font(FONT_FAMILY, "", 8)
        pdf.set_text_color(80, 80, 80)
        pdf.cell(box_w - 4, 5, "Signature")
        pdf.set_text_color(0, 0, 0)
        pdf.set_xy(pdf.l_margin, y)
    pdf.set_y(pdf.get_y() + box_h + gap)


def _block(pdf: _Document, block: Block | str) -> None:
    if isinstance(block, str):
        _paragraph(pdf, block)
    elif isinstance(block, Paragraph):
        _paragraph(pdf, block.text)
    elif isinstance(block, Subheading):
        _subheading(pdf, block.text)
    elif isinstance(block, BulletList):
        _bullets(pdf, block)
    elif isinstance(block, Table):
        _table(pdf, block)
    else:
        _signatures(pdf, block)


def render_pdf(
    *,
    title: str,
    sections: Sequence[Section],
    subtitle: str | None = None,
    footer_text: str | None = None,
    author: str | None = None,
    created_at: datetime | None = None,
) -> bytes:
    """An A4 PDF: title, subtitle, sections; `footer_text` and "Page X / Y" on every page.

    Pass `created_at` (aware) to get the same bytes for the same input, e.g. for a register export
    whose digest is published.
    """
    pdf = _Document(footer_text=footer_text)
    pdf.set_title(title)
    pdf.set_lang("fr-FR")
    pdf.set_creator("dialogue")
    if author:
        pdf.set_author(author)
    if created_at is not None:
        if created_at.tzinfo is None:
            raise ValueError("created_at doit être une date-heure avec fuseau")
        pdf.set_creation_date(created_at)
    pdf.add_page()
    pdf.set_font(FONT_FAMILY, "B", 17)
    pdf.multi_cell(0, 8, title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if subtitle:
        pdf.set_font(FONT_FAMILY, "", 11.5)
        pdf.set_text_color(70, 70, 70)
        pdf.multi_cell(0, 6, subtitle, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0, 0, 0)
    pdf.ln(4)
    for section in sections:
        if section.heading:
            first = section.blocks[0] if section.blocks else None
            keep_with_next = _signatures_height(first) if isinstance(first, Signatures) else 0
            if pdf.will_page_break(25 + keep_with_next):
                pdf.add_page()
            pdf.start_section(section.heading, level=0)
            pdf.set_font(FONT_FAMILY, "B", 13)
            pdf.multi_cell(0, 7, section.heading, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1.5)
        for index, block in enumerate(section.blocks):
            _block(pdf, block)
            following = section.blocks[index + 1] if index + 1 < len(section.blocks) else None
            if isinstance(block, BulletList) and not isinstance(following, BulletList):
                pdf.ln(2)  # nested lists are separate blocks: space only after the whole list
        pdf.ln(2)
    return bytes(pdf.output())


# ---------------------------------------------------------------- Markdown → PDF sections


def _inline_text(token: Token) -> str:
    """Plain text of an inline token: emphasis dropped, links followed by their address."""
    out: list[str] = []
    link_stack: list[tuple[str, int]] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "image":
            out.append(child.content)
        elif child.type == "link_open":
            link_stack.append((str(child.attrGet("href") or ""), len(out)))
        elif child.type == "link_close" and link_stack:
            href, start = link_stack.pop()
            if href and href != "".join(out[start:]) and not href.startswith("mailto:"):
                out.append(f" ({href})")
    return "".join(out).strip()


@dataclass
class _OpenList:
    ordered: bool
    start: int
    level: int
    items: list[str]


def markdown_to_pdf_sections(md: str, *, default_heading: str = "") -> list[Section]:
    """Turn Markdown minutes into sections: # and ## start a section, ### and below are subheadings.

    Paragraphs, bullet and numbered lists (nested ones indented), tables, code and quotes are kept as text.
    """
    tokens = _MARKDOWN.parse(md)
    sections: list[Section] = []
    heading = default_heading
    blocks: list[Block | str] = []
    lists: list[_OpenList] = []
    table_header: tuple[str, ...] = ()
    table_rows: list[tuple[str, ...]] = []
    row: list[str] = []
    in_thead = False

    def flush_list(open_list: _OpenList) -> None:
        if open_list.items:
            blocks.append(
                BulletList(
                    items=tuple(open_list.items),
                    ordered=open_list.ordered,
                    start=open_list.start,
                    level=open_list.level,
                )
            )
            open_list.start += len(open_list.items)
            open_list.items = []

    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "heading_open":
            text = _inline_text(tokens[index + 1])
            if token.tag in ("h1", "h2"):
                if heading or blocks:
                    sections.append(Section(heading=heading, blocks=tuple(blocks)))
                heading, blocks = text, []
            else:
                blocks.append(Subheading(text))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            if lists:
                flush_list(lists[-1])
            start = int(str(token.attrGet("start") or 1))
            lists.append(_OpenList(ordered=kind == "ordered_list_open", start=start, level=len(lists), items=[]))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            flush_list(lists.pop())
        elif kind == "list_item_open" and lists:
            lists[-1].items.append("")
        elif kind == "thead_open":
            in_thead = True
        elif kind == "thead_close":
            in_thead = False
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            if in_thead:
                table_header = tuple(row)
            else:
                table_rows.append(tuple(row))
        elif kind == "table_close":
            blocks.append(Table(header=table_header, rows=tuple(table_rows)))
            table_header, table_rows = (), []
        elif kind == "inline":
            previous = tokens[index - 1].type if index else ""
            if previous == "heading_open":
                continue
            text = _inline_text(token)
            if previous in ("th_open", "td_open"):
                row.append(text)
            elif lists and lists[-1].items:
                current = lists[-1].items[-1]
                lists[-1].items[-1] = f"{current}\n{text}" if current else text
            elif text:
                blocks.append(Paragraph(text))
        elif kind in ("fence", "code_block"):
            blocks.append(Paragraph(token.content.rstrip("\n")))
    if heading or blocks:
        sections.append(Section(heading=heading, blocks=tuple(blocks)))
    return sections
