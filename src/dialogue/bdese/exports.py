"""A year of the BDESE as a zip: `index.csv` listing every item (theme, year, status, confidentiality, document
id, files) and one file per item holding figures (`.json`, and `.csv`) or a text (`.txt`). An item given by a
document adds the bytes of its current version under `documents/` (streamed from the store into the archive,
once per document), named in the index; a confidential document (L2315-3) only for a reader who may see it."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from zipfile import ZipFile

from dialogue.bdese.schemas import ItemRead
from dialogue.core.actor import Actor
from dialogue.documents import service as documents

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
    """Lower-case ASCII words joined by dashes (accents dropped, not the letters): no space in the index."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:60] or "information"


def _csv(rows: Sequence[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


async def _document(
    archive: ZipFile, written: dict[int, str], item: ItemRead, *, reader: Actor, with_confidential: bool
) -> list[str]:
    """The item's document in the archive (`documents/<id>-<filename>`, once), or nothing when the reader may
    not have it."""
    if item.document_id is None:
        return []
    if item.document_id not in written:
        content = await documents.attached_content(
            actor=reader,
            organization_id=reader.organization_id,
            document_id=item.document_id,
            with_confidential=with_confidential,
        )
        if content is None:
            return []
        stem, dot, extension = content.filename.rpartition(".")
        suffix = f".{_slug(extension)}" if dot else ""
        name = f"documents/{item.document_id:05d}-{_slug(stem if dot else extension)}{suffix}"
        with archive.open(name, "w") as target:
            async for piece in content.stream:
                target.write(piece)
        written[item.document_id] = name
    return [written[item.document_id]]


async def year_zip(
    *, year: int, items: Sequence[ItemRead], theme_titles: dict[str, str], reader: Actor, with_confidential: bool
) -> bytes:
    """The archive of one year (deterministic order: by theme number as given, then id)."""
    buffer = io.BytesIO()
    index: list[list[object]] = [list(INDEX_COLUMNS)]
    written: dict[int, str] = {}
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
            files += await _document(archive, written, item, reader=reader, with_confidential=with_confidential)
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
