"""The body of `dialogue purge [--dry-run] [--today D] [--organization ID]`: the cli parses it, opens the
database and binds the document store, then awaits it. Lists the versions whose retention ended
(documents/retention.py) and, without --dry-run, deletes their bytes from the store and marks them purged."""

from __future__ import annotations

import sys
from datetime import date

from dialogue.core.clock import local_today, to_local
from dialogue.documents import texts
from dialogue.documents.texts_schemas import PurgeLine
from dialogue.settings import Settings

HEADER = "organisation\tdocument\tversion\tnature\tdéposée le\tconservée jusqu'au\ttitre"


def _line(line: PurgeLine) -> str:
    return "\t".join(
        (
            str(line.organization_id),
            str(line.document_id),
            str(line.version),
            line.kind,
            to_local(line.uploaded_at).date().isoformat(),
            line.until.isoformat(),
            line.title,
        )
    )


async def purge_command(*, settings: Settings, dry_run: bool, today: date | None, organization_id: int | None) -> int:
    """Print one tab-separated line per version whose retention ended, then a summary; exit 2 for a retention
    setting the law forbids (under 40 years for the DUERP, 10 for the accounts)."""
    try:
        years = dict(settings.document_retention_years)
        lines = await texts.purge(
            today=today or local_today(), overrides=years, dry_run=dry_run, organization_id=organization_id
        )
    except ValueError as exc:
        print(f"dialogue purge: DIALOGUE_DOCUMENT_RETENTION_YEARS: {exc}", file=sys.stderr)  # noqa: T201
        return 2
    print(HEADER)  # noqa: T201
    for line in lines:
        print(_line(line))  # noqa: T201
    verb = "à effacer (simulation, rien n'est effacé)" if dry_run else "effacées"
    print(f"{len(lines)} version(s) {verb}.")  # noqa: T201
    return 0
