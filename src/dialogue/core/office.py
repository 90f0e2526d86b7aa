"""Word-processor exports of the same document model as the PDFs (core/documents.py): OpenDocument text (ODT,
through odfpy) and Office Open XML (DOCX, through python-docx), so a secretary can rework the minutes in
LibreOffice or Word.

Headings are real headings (outline levels 1–3), lists real lists, tables real tables: a screen reader and a
word processor's navigator read the structure, not only the text. User text is written as plain text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final

import docx
from docx.enum.text import WD_BREAK
from odf import teletype
from odf.dc import Title
from odf.meta import InitialCreator
from odf.opendocument import OpenDocumentText
from odf.style import ParagraphProperties, Style, TableColumnProperties, TextProperties
from odf.table import Table as OdfTable
from odf.table import TableCell, TableColumn, TableRow
from odf.text import H, List, ListItem, P

from dialogue.core.documents import Block, BulletList, Paragraph, Section, Signatures, Subheading, Table, french_date

ODT_MEDIA_TYPE: Final = "application/vnd.oasis.opendocument.text"
DOCX_MEDIA_TYPE: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _signature_lines(block: Signatures) -> list[str]:
    lines: list[str] = []
    if block.place or block.on:
        place = f"Fait à {block.place}" if block.place else "Fait"
        lines.append(place + (f", le {french_date(block.on)}" if block.on else ""))
    lines += [f"{signer.replace(chr(10), ' — ')} : signature" for signer in block.signers]
    return lines


# ---------------------------------------------------------------- ODT


class _Odt:
    """An ODT under construction, with the few named styles it uses (LibreOffice shows them by name)."""

    def __init__(self, *, title: str, author: str | None) -> None:
        self.doc = OpenDocumentText()
        self.doc.meta.addElement(_odf_meta("title", title))
        if author:
            self.doc.meta.addElement(_odf_meta("initial-creator", author))
        self.headings = {level: self._heading_style(level) for level in (1, 2, 3)}
        self.muted = self._paragraph_style("Sous-titre", color="#444444")
        self.footer = self._paragraph_style("Pied du document", size="8pt", color="#444444")
        self.cell_head = self._paragraph_style("Titre de colonne", weight="bold")
        cell = Style(name="Cellule", family="table-cell")
        self.doc.automaticstyles.addElement(cell)
        self.column = Style(name="Colonne", family="table-column")
        self.column.addElement(TableColumnProperties(useoptimalcolumnwidth="true"))
        self.doc.automaticstyles.addElement(self.column)

    def _heading_style(self, level: int) -> Style:
        style = Style(name=f"Heading {level}", family="paragraph", defaultoutlinelevel=str(level))
        size = {1: "17pt", 2: "13pt", 3: "11pt"}[level]
        style.addElement(TextProperties(fontsize=size, fontweight="bold"))
        style.addElement(ParagraphProperties(margintop="0.3cm", marginbottom="0.15cm", keepwithnext="always"))
        self.doc.styles.addElement(style)
        return style

    def _paragraph_style(self, name: str, **text: str) -> Style:
        style = Style(name=name, family="paragraph")
        props = {"fontsize": text["size"]} if "size" in text else {}
        if "color" in text:
            props["color"] = text["color"]
        if "weight" in text:
            props["fontweight"] = text["weight"]
        style.addElement(TextProperties(**props))
        self.doc.styles.addElement(style)
        return style

    def heading(self, text: str, level: int) -> None:
        element = H(outlinelevel=level, stylename=self.headings[level])
        teletype.addTextToElement(element, text)
        self.doc.text.addElement(element)

    def paragraph(self, text: str, style: Style | None = None, parent: Any = None) -> None:
        element = P(stylename=style) if style is not None else P()
        teletype.addTextToElement(element, text)
        (parent if parent is not None else self.doc.text).addElement(element)

    def bullets(self, block: BulletList) -> None:
        element = List()
        for number, item in enumerate(block.items, start=block.start):
            entry = ListItem()
            text = f"{number}. {item}" if block.ordered else f"• {item}"
            self.paragraph(("    " * block.level) + text, parent=entry)
            element.addElement(entry)
        self.doc.text.addElement(element)

    def table(self, block: Table) -> None:
        width = len(block.header) if block.header else (len(block.rows[0]) if block.rows else 0)
        if not width:
            return
        element = OdfTable(name=f"Tableau{len(self.doc.text.getElementsByType(OdfTable)) + 1}")
        element.addElement(TableColumn(numbercolumnsrepeated=width, stylename=self.column))
        for values, head in ([(block.header, True)] if block.header else []) + [(r, False) for r in block.rows]:
            row = TableRow()
            for value in values:
                cell = TableCell(valuetype="string")
                self.paragraph(value, style=self.cell_head if head else None, parent=cell)
                row.addElement(cell)
            element.addElement(row)
        self.doc.text.addElement(element)

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.write(out)
        return out.getvalue()


def _odf_meta(name: str, text: str) -> Any:
    element = Title() if name == "title" else InitialCreator()
    element.addText(text)
    return element


def _odt_block(odt: _Odt, block: Block | str) -> None:
    if isinstance(block, str):
        odt.paragraph(block)
    elif isinstance(block, Paragraph):
        odt.paragraph(block.text)
    elif isinstance(block, Subheading):
        odt.heading(block.text, 3)
    elif isinstance(block, BulletList):
        odt.bullets(block)
    elif isinstance(block, Table):
        odt.table(block)
    else:
        for line in _signature_lines(block):
            odt.paragraph(line)


def render_odt(
    *,
    title: str,
    sections: Sequence[Section],
    subtitle: str | None = None,
    footer_text: str | None = None,
    author: str | None = None,
) -> bytes:
    """An OpenDocument text: the title (heading 1), the subtitle, each section under a heading 2, and the footer
    text (status, SHA-256) as the last paragraph."""
    odt = _Odt(title=title, author=author)
    odt.heading(title, 1)
    if subtitle:
        odt.paragraph(subtitle, style=odt.muted)
    for section in sections:
        if section.heading:
            odt.heading(section.heading, 2)
        for block in section.blocks:
            _odt_block(odt, block)
    if footer_text:
        odt.paragraph(footer_text, style=odt.footer)
    return odt.bytes()


# ---------------------------------------------------------------- DOCX


def _docx_text(paragraph: Any, text: str) -> None:
    """Text with its line breaks kept as breaks inside the paragraph."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        if index < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)


def _docx_block(document: Any, block: Block | str) -> None:
    if isinstance(block, str | Paragraph):
        _docx_text(document.add_paragraph(), block if isinstance(block, str) else block.text)
    elif isinstance(block, Subheading):
        document.add_heading(block.text, level=3)
    elif isinstance(block, BulletList):
        style = "List Number" if block.ordered else "List Bullet"
        if block.level:
            style += f" {min(block.level + 1, 3)}"
        for item in block.items:
            _docx_text(document.add_paragraph(style=style), item)
    elif isinstance(block, Table):
        width = len(block.header) if block.header else (len(block.rows[0]) if block.rows else 0)
        if not width:
            return
        rows = ([block.header] if block.header else []) + list(block.rows)
        table = document.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                cell = table.cell(r, c)
                cell.text = value
                if r == 0 and block.header:
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
    else:
        for line in _signature_lines(block):
            document.add_paragraph(line)


def render_docx(
    *,
    title: str,
    sections: Sequence[Section],
    subtitle: str | None = None,
    footer_text: str | None = None,
    author: str | None = None,
    created_at: datetime | None = None,
) -> bytes:
    """A Word document: the title (heading 1), the subtitle, each section under a heading 2; the footer text
    (status, SHA-256) in the page footer and as the last paragraph."""
    document = docx.Document()
    core = document.core_properties
    core.title = title
    core.language = "fr-FR"
    if author:
        core.author = author
    if created_at is not None:
        core.created = created_at
        core.modified = created_at
    document.add_heading(title, level=1)
    if subtitle:
        document.add_paragraph(subtitle, style="Subtitle")
    for section in sections:
        if section.heading:
            document.add_heading(section.heading, level=2)
        for block in section.blocks:
            _docx_block(document, block)
    if footer_text:
        document.sections[0].footer.paragraphs[0].text = footer_text
        document.add_paragraph(footer_text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
