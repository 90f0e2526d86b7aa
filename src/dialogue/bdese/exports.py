"""A year of the BDESE as a zip: `index.csv` listing every item (theme, year, status, confidentiality, document
id, file) and one file per item holding figures (`.json`, and `.csv`) or a text (`.txt`). Items given by a
document list its id only: the documents' bytes join the archive with the documents module."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Sequence

from dialogue.bdese.schemas import ItemRead

INDEX_COLUMNS = (
    "id",
    "rubrique",
    "sous_rubrique",
    "annee",
    "statut",
    "titre",
    "confidentiel_jusqu_au",
    "justification",
    "document_id",
    "publie_le",
    "fichiers",
)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "information"


def _csv(rows: Sequence[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def year_zip(*, year: int, items: Sequence[ItemRead], theme_titles: dict[str, str]) -> bytes:
    """The archive of one year (deterministic order: by theme number as given, then id)."""
    buffer = io.BytesIO()
    index: list[list[object]] = [list(INDEX_COLUMNS)]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in items:
            stem = f"items/{item.id:05d}-{_slug(item.title)}"
            files: list[str] = []
            if item.figures is not None:
                archive.writestr(f"{stem}.json", json.dumps(item.figures, ensure_ascii=False, indent=2))
                archive.writestr(f"{stem}.csv", _csv([["libelle", "valeur"], *item.figures.items()]))
                files += [f"{stem}.json", f"{stem}.csv"]
            if item.text:
                archive.writestr(f"{stem}.txt", item.text)
                files.append(f"{stem}.txt")
            index.append(
                [
                    item.id,
                    theme_titles.get(item.theme, item.theme),
                    item.sub_theme or "",
                    item.year,
                    item.status.value,
                    item.title,
                    item.confidential_until.isoformat() if item.confidential and item.confidential_until else "",
                    item.confidentiality_reason or "" if item.confidential else "",
                    item.document_id or "",
                    item.published_at.isoformat() if item.published_at else "",
                    " ".join(files),
                ]
            )
        archive.writestr("index.csv", _csv(index))
    return buffer.getvalue()


def export_filename(year: int) -> str:
    return f"bdese-{year}.zip"
