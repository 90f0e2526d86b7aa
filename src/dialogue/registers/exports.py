"""Printable registers: CSV (one row per ledger record), paginated HTML and PDF.

Every printed page carries its number and the chain's head digest (D4132-1 and D4133-1 ask for numbered
pages; the digest lets a reader of the paper check later that the electronic register was not rewritten).
Pure functions of an export snapshot; user text is escaped (HTML) or drawn as plain text (PDF).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

from dialogue.core.clock import to_local
from dialogue.core.documents import BulletList, Paragraph, Section, Subheading, french_date, render_pdf
from dialogue.core.templating import environment
from dialogue.registers.rules import DGI_STEP_LABELS, EntryStatus, ResponseAction
from dialogue.registers.schemas import EntryRead, ResponseRead

STATUS_LABELS: Final = {
    EntryStatus.OPEN: "en attente de réponse",
    EntryStatus.ANSWERED: "répondu",
    EntryStatus.OVERDUE: "en retard",
    EntryStatus.CLOSED: "clos",
}
DGI_LABELS: Final = DGI_STEP_LABELS
ACTION_LABELS: Final = {
    ResponseAction.ANSWER: "Réponse de l'employeur",
    ResponseAction.DGI_STEP: "Étape de l'alerte",
    ResponseAction.CLOSE: "Clôture",
}
FIELD_LABELS: Final = {
    "question": "Question",
    "meeting_on": "Réunion du",
    "meeting_id": "Réunion (identifiant)",
    "workstations": "Postes de travail concernés",
    "danger_nature": "Nature du danger",
    "danger_cause": "Cause du danger",
    "exposed_workers": "Salariés exposés",
    "products_or_processes": "Produits ou procédés en cause",
    "possible_consequences": "Conséquences éventuelles",
    "other_information": "Autres informations utiles",
    "facts": "Faits",
    "persons_concerned": "Personnes concernées",
}
_PAGE_BUDGET: Final = 3200  # characters of entry text per printed HTML page (A4, 10.5 pt)


def when(moment: datetime) -> str:
    """ "12/03/2026 à 14:05" in the organisation's zone."""
    return to_local(moment).strftime("%d/%m/%Y à %H:%M")


def field_lines(entry: EntryRead) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    for name, value in entry.fields.items():
        if value is None:
            continue
        if isinstance(value, list):
            text = ", ".join(str(v) for v in value)
        elif name == "meeting_on":
            text = french_date(date.fromisoformat(str(value)))
        else:
            text = str(value)
        lines.append((FIELD_LABELS.get(name, name), text))
    for a in entry.attachments:
        lines.append(("Pièce jointe", f"{a.title} ({a.filename}, version {a.version}, SHA-256 {a.sha256})"))
    return lines


def status_line(entry: EntryRead) -> str:
    parts = [f"Statut : {STATUS_LABELS[entry.status]}"]
    if entry.due_on:
        parts.append(f"échéance le {french_date(entry.due_on)}")
    if entry.dgi_state:
        parts.append(f"étape : {DGI_LABELS[entry.dgi_state]}")
    if entry.meeting_due_by:
        parts.append(f"CSE à réunir avant le {when(entry.meeting_due_by)} (L4132-3)")
    if entry.late_submission:
        parts.append("question remise moins de 2 jours ouvrables avant la réunion (L2315-22)")
    return " — ".join(parts)


def response_heading(response: ResponseRead) -> str:
    label = ACTION_LABELS[response.action]
    if response.dgi_state:
        label += f" : {DGI_LABELS[response.dgi_state]}"
    late = " (hors délai)" if response.late else ""
    return f"{label} — {response.author_name}, le {when(response.submitted_at)}{late}"


def entry_heading(entry: EntryRead) -> str:
    addendum = f" (additif à l'entrée n° {entry.corrects})" if entry.corrects else ""
    return f"N° {entry.number} — {entry.subject}{addendum}"


def entry_byline(entry: EntryRead) -> str:
    author = entry.author_name or "auteur masqué"
    return f"Inscrite le {when(entry.submitted_at)} par {author} — enregistrement {entry.seq}, SHA-256 {entry.hash}"


# ------------------------------------------------------------------------------------------------ CSV

_CSV_HEADER: Final = (
    "enregistrement",
    "type",
    "numero_entree",
    "date",
    "auteur",
    "objet",
    "texte",
    "mentions",
    "echeance",
    "statut",
    "etape_dgi",
    "confidentielle",
    "rectifie",
    "hash_precedent",
    "hash",
)


def _cell(value: object) -> str:
    """Text as stored, except that a leading =, +, - or @ is quoted so a spreadsheet never runs it."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def render_csv(entries: Sequence[EntryRead]) -> str:
    """One row per ledger record (entries and responses, in `seq` order), `;`-separated, UTF-8 with BOM."""
    rows: list[tuple[int, list[object]]] = []
    for entry in entries:
        mentions = " | ".join(f"{label} : {text}" for label, text in field_lines(entry))
        rows.append(
            (
                entry.seq,
                [
                    entry.seq,
                    "entrée",
                    entry.number,
                    to_local(entry.submitted_at).isoformat(),
                    entry.author_name or "",
                    entry.subject,
                    entry.body,
                    mentions,
                    entry.due_on.isoformat() if entry.due_on else "",
                    entry.status.value,
                    entry.dgi_state.value if entry.dgi_state else "",
                    "oui" if entry.confidential else "non",
                    entry.corrects or "",
                    entry.prev_hash,
                    entry.hash,
                ],
            )
        )
        for response in entry.responses:
            rows.append(
                (
                    response.seq,
                    [
                        response.seq,
                        response.action.value,
                        response.number,
                        to_local(response.submitted_at).isoformat(),
                        response.author_name,
                        "",
                        response.body,
                        "",
                        "",
                        "",
                        response.dgi_state.value if response.dgi_state else "",
                        "",
                        "",
                        response.prev_hash,
                        response.hash,
                    ],
                )
            )
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(_CSV_HEADER)
    for _, values in sorted(rows, key=lambda item: item[0]):
        writer.writerow([_cell(v) for v in values])
    return "\ufeff" + out.getvalue()


# ------------------------------------------------------------------------------------------------ HTML

_HTML: Final = environment("register_print").from_string(
    """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>{{ title }} — {{ body_name }}</title>
<style>
  @page { size: A4; margin: 16mm 16mm 18mm 16mm; }
  body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #111; margin: 0; }
  .page { page-break-after: always; break-after: page; display: flex; flex-direction: column;
          min-height: 257mm; padding: 0 0 4mm 0; }
  .page:last-child { page-break-after: auto; break-after: auto; }
  .content { flex: 1; }
  header { border-bottom: 1px solid #999; margin-bottom: 4mm; font-size: 9pt; color: #444; }
  h1 { font-size: 16pt; margin: 0 0 2mm 0; }
  h2 { font-size: 12pt; margin: 5mm 0 1mm 0; }
  .meta, .byline { color: #444; font-size: 9pt; }
  .hash { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; word-break: break-all; }
  dl { margin: 2mm 0; } dt { font-weight: bold; } dd { margin: 0 0 1mm 4mm; white-space: pre-wrap; }
  .text, .response p { white-space: pre-wrap; }
  .response { border-left: 3px solid #888; padding-left: 3mm; margin: 2mm 0 2mm 3mm; }
  .redacted { font-style: italic; color: #555; }
  footer { border-top: 1px solid #999; margin-top: 4mm; font-size: 8pt; color: #444;
           display: flex; justify-content: space-between; gap: 6mm; }
  .broken { color: #a00; font-weight: bold; }
  @media screen { body { background: #eee; } .page { background: #fff; max-width: 190mm; margin: 6mm auto;
                  padding: 10mm; box-shadow: 0 0 3px #999; } }
</style>
</head>
<body>
{% for page in pages %}
<section class="page">
  <header>{{ title }} — {{ body_name }}</header>
  <div class="content">
  {% if loop.first %}
    <h1>{{ title }}</h1>
    <p class="meta">{{ legal_basis }} — {{ entries_count }} entrée(s) — édité le {{ printed_on }}</p>
    <p class="meta">Intégrité : {% if valid %}chaîne vérifiée, intacte{% else %}<span class="broken">chaîne rompue
      à l'entrée n° {{ first_broken }}</span>{% endif %}.</p>
    {% if not page %}<p>Aucune entrée.</p>{% endif %}
  {% endif %}
  {% for entry in page %}
    <article>
      <h2>{{ entry_heading(entry) }}</h2>
      <p class="byline">{{ entry_byline(entry) }}</p>
      <p class="meta">{{ status_line(entry) }}</p>
      {% if entry.redacted %}
      <p class="redacted">Contenu réservé aux membres de l'instance et à la direction (L2315-3){% if
        entry.confidentiality_reason %} : {{ entry.confidentiality_reason }}{% endif %}.</p>
      {% else %}
      {% if entry.confidential %}
      <p class="meta">Confidentiel (L2315-3) : {{ entry.confidentiality_reason }}</p>
      {% endif %}
      {% set lines = field_lines(entry) %}
      {% if lines %}
      <dl>{% for label, text in lines %}<dt>{{ label }}</dt><dd>{{ text }}</dd>{% endfor %}</dl>
      {% endif %}
      {% if entry.body %}<p class="text">{{ entry.body }}</p>{% endif %}
      {% for response in entry.responses %}
      <div class="response">
        <p class="byline">{{ response_heading(response) }}</p>
        {% if response.body %}<p>{{ response.body }}</p>{% endif %}
        <p class="hash">enregistrement {{ response.seq }} — SHA-256 {{ response.hash }}</p>
      </div>
      {% endfor %}
      {% endif %}
      {% if entry.corrected_by %}<p class="meta">Rectifiée par l'entrée n° {{ entry.corrected_by | join(", ") }}.</p>
      {% endif %}
    </article>
  {% endfor %}
  </div>
  <footer><span class="hash">Empreinte de la chaîne : {{ digest }}</span>
    <span>Page {{ loop.index }} / {{ loop.length }}</span></footer>
</section>
{% endfor %}
</body>
</html>
"""
)


def _entry_size(entry: EntryRead) -> int:
    text = entry.body + "".join(t for _, t in field_lines(entry)) + "".join(r.body for r in entry.responses)
    return 500 + len(text) + 250 * len(entry.responses)


def paginate(entries: Sequence[EntryRead], *, budget: int = _PAGE_BUDGET) -> list[list[EntryRead]]:
    """Group entries into printed pages (at least one entry a page; an empty register prints one page)."""
    pages: list[list[EntryRead]] = [[]]
    used = 0
    for entry in entries:
        size = _entry_size(entry)
        if pages[-1] and used + size > budget:
            pages.append([])
            used = 0
        pages[-1].append(entry)
        used += size
    return pages


@dataclass(frozen=True, slots=True)
class PrintedRegister:
    """What a print of a register shows: its heading, its entries, and the state of its chain when printed."""

    title: str
    body_name: str
    legal_basis: str
    entries: Sequence[EntryRead]
    digest: str
    valid: bool
    first_broken: int | None
    printed_at: datetime
    last_write: datetime  # the PDF's creation date: the last record written, stable across prints


def render_html(printed: PrintedRegister) -> str:
    """A printable register: numbered pages, each with the head digest in its footer."""
    return _HTML.render(
        title=printed.title,
        body_name=printed.body_name,
        legal_basis=printed.legal_basis,
        pages=paginate(printed.entries),
        entries_count=len(printed.entries),
        digest=printed.digest,
        valid=printed.valid,
        first_broken=printed.first_broken,
        printed_on=when(printed.printed_at),
        entry_heading=entry_heading,
        entry_byline=entry_byline,
        status_line=status_line,
        field_lines=field_lines,
        response_heading=response_heading,
    )


# ------------------------------------------------------------------------------------------------ PDF


def _entry_sections(entries: Sequence[EntryRead]) -> Iterator[Section]:
    for entry in entries:
        blocks: list[Any] = [Paragraph(entry_byline(entry)), Paragraph(status_line(entry))]
        if entry.redacted:
            reason = f" : {entry.confidentiality_reason}" if entry.confidentiality_reason else ""
            blocks.append(Paragraph(f"Contenu réservé aux membres de l'instance et à la direction (L2315-3){reason}."))
        else:
            if entry.confidential:
                blocks.append(Paragraph(f"Confidentiel (L2315-3) : {entry.confidentiality_reason}"))
            lines = field_lines(entry)
            if lines:
                blocks.append(BulletList(items=tuple(f"{label} : {text}" for label, text in lines)))
            if entry.body:
                blocks.append(Paragraph(entry.body))
            for response in entry.responses:
                blocks.append(Subheading(response_heading(response)))
                if response.body:
                    blocks.append(Paragraph(response.body))
                blocks.append(Paragraph(f"Enregistrement {response.seq} — SHA-256 {response.hash}"))
        if entry.corrected_by:
            blocks.append(Paragraph("Rectifiée par l'entrée n° " + ", ".join(str(n) for n in entry.corrected_by)))
        yield Section(heading=entry_heading(entry), blocks=tuple(blocks))


def render_register_pdf(printed: PrintedRegister) -> bytes:
    """A4 PDF: "Page X / Y" and the chain digest on every page (core.documents footer)."""
    p = printed
    integrity = "chaîne intacte" if p.valid else f"CHAÎNE ROMPUE à l'entrée n° {p.first_broken}"
    sections = list(_entry_sections(p.entries)) or [Section(heading="", blocks=(Paragraph("Aucune entrée."),))]
    return render_pdf(
        title=p.title,
        subtitle=f"{p.body_name} — {p.legal_basis} — {len(p.entries)} entrée(s) — édité le {when(p.printed_at)} — "
        f"{integrity}",
        sections=sections,
        footer_text=f"{p.title} — empreinte de la chaîne : {p.digest}",
        author=p.body_name,
        created_at=p.last_write,
    )
