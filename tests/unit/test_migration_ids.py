"""Each migration has its own id: Piccolo records applied migrations by id, so two files sharing one would leave
the second unapplied on every database that ran the first (seen when two branches each added one at 13:10)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

MIGRATIONS = Path(__file__).resolve().parents[2] / "piccolo_migrations"


def test_every_migration_has_its_own_id_matching_its_file_name() -> None:
    ids = {}
    for path in sorted(MIGRATIONS.glob("dialogue_*.py")):
        found = re.search(r'^ID = "([^"]+)"', path.read_text(encoding="utf-8"), flags=re.MULTILINE)
        assert found, path.name
        ids[path.name] = found.group(1)
        stamp = found.group(1).replace("-", "_").replace(":", "_").replace("T", "t").lower()
        assert stamp in path.name, (path.name, found.group(1))
    repeated = [i for i, n in Counter(ids.values()).items() if n > 1]
    assert not repeated, repeated
    assert len(ids) > 10
