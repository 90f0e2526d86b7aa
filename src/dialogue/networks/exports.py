"""The network's experience sheets for national pooling: one printable PDF per published sheet, and one ZIP holding
the CSV, the JSON and every sheet's PDF under stable names.

Only published sheets leave the network (a draft or a withdrawn sheet never does), with the same access as the
CSV/JSON export (the animation and the member organisations). A sheet names no person: its text was stripped of
the organisation's people's names when it was drafted (`rules.strip_names`), and the PDF adds nothing but the
network's and the organisation's names, its type of establishment, the theme and the dates.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from datetime import UTC, datetime
from typing import Final

from dialogue.core.actor import Actor
from dialogue.core.clock import to_local
from dialogue.core.documents import BulletList, Paragraph, Section, french_date, render_pdf
from dialogue.core.errors import NotFound
from dialogue.networks import sharing
from dialogue.networks.access import network_access
from dialogue.networks.schemas import SheetRead

_SLUG: Final = re.compile(r"[^a-z0-9]+")
#: A fixed time for the archive's entries when a sheet has no date: the same sheets give the same bytes.
_EPOCH: Final = datetime(2020, 1, 1, tzinfo=UTC)


def slug(text: str, *, fallback: str = "fiche") -> str:
    """An ASCII file-name stem: « Accueil des nouveaux à l'EHPAD » → `accueil-des-nouveaux-a-l-ehpad`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return _SLUG.sub("-", ascii_text).strip("-")[:60].strip("-") or fallback


def sheet_filename(sheet: SheetRead) -> str:
    """Stable: the sheet's id (never reused) then its title, e.g. `fiche-00012-accueil-des-nouveaux.pdf`."""
    return f"fiche-{sheet.id:05d}-{slug(sheet.title)}.pdf"


def bundle_filename(network_id: int) -> str:
    return f"fiches-reseau-{network_id}.zip"


def sheet_sections(sheet: SheetRead, *, network_name: str) -> list[Section]:
    """The sheet as printed: its landmarks (organisation, type of establishment, theme, dates), the committee's
    priorities, then each section of the QVT experience sheet that has text, in the sheet's order."""
    landmarks = [
        f"{label} : {value}"
        for label, value in (
            ("Organisation", sheet.organization_name),
            ("Type d'établissement", sheet.establishment_type),
            ("Thème", sheet.theme_label),
            ("Réseau", network_name),
            ("Date de publication", french_date(to_local(sheet.published_at).date()) if sheet.published_at else ""),
        )
        if value
    ]
    sections = [Section(heading="Repères", blocks=(BulletList(items=tuple(landmarks)),))]
    priorities = [str(p) for p in sheet.content.get("priorities") or [] if str(p).strip()]
    if priorities:
        sections.append(Section(heading="Priorités du comité", blocks=(BulletList(items=tuple(priorities)),)))
    for key, label in sharing.SECTIONS:
        text = str(sheet.content.get(key) or "").strip()
        if text:
            sections.append(Section(heading=label, blocks=(Paragraph(text),)))
    return sections


def sheet_pdf(sheet: SheetRead, *, network_name: str) -> bytes:
    """An A4 PDF of one sheet; the same sheet gives the same bytes (dated by its publication)."""
    return render_pdf(
        title=f"Fiche de retour d'expérience — {sheet.title}",
        subtitle=f"{sheet.organization_name} — {network_name}",
        sections=sheet_sections(sheet, network_name=network_name),
        footer_text="Fiche partagée au réseau pour la mutualisation : les noms des personnes en ont été retirés.",
        created_at=sheet.published_at or _EPOCH,
    )


async def _published(actor: Actor, network_id: int) -> tuple[str, list[SheetRead]]:
    access = await network_access(actor=actor, network_id=network_id)
    sheets = [s for s in await sharing.library(actor=actor, network_id=network_id) if s.status == "published"]
    return str(access.network["name"]), sheets


async def export_sheet_pdf(*, actor: Actor, network_id: int, sheet_id: int) -> tuple[bytes, str]:
    """One published sheet's PDF and its file name; a draft or withdrawn sheet is not found, as for anyone else."""
    network_name, sheets = await _published(actor, network_id)
    sheet = next((s for s in sheets if s.id == sheet_id), None)
    if sheet is None:
        raise NotFound("Fiche introuvable.")
    return sheet_pdf(sheet, network_name=network_name), sheet_filename(sheet)


def _entry(name: str, when: datetime) -> zipfile.ZipInfo:
    local = to_local(when)
    info = zipfile.ZipInfo(name, date_time=(local.year, local.month, local.day, local.hour, local.minute, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


async def export_bundle(*, actor: Actor, network_id: int) -> tuple[bytes, str]:
    """The pooling bundle: `fiches.csv` and `fiches.json` (the same bytes as the CSV and JSON exports) and
    `pdf/fiche-<id>-<titre>.pdf` for each published sheet, in id order."""
    network_name, sheets = await _published(actor, network_id)
    csv_body, _ = await sharing.export_sheets(actor=actor, network_id=network_id, fmt="csv")
    json_body, _ = await sharing.export_sheets(actor=actor, network_id=network_id, fmt="json")
    latest = max((s.published_at for s in sheets if s.published_at), default=_EPOCH)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(_entry("fiches.csv", latest), csv_body)
        archive.writestr(_entry("fiches.json", latest), json_body)
        for sheet in sorted(sheets, key=lambda s: s.id):
            archive.writestr(
                _entry(f"pdf/{sheet_filename(sheet)}", sheet.published_at or _EPOCH),
                sheet_pdf(sheet, network_name=network_name),
            )
    return buffer.getvalue(), bundle_filename(network_id)
