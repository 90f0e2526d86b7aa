"""The agenda drawn up jointly (L2315-29, L2315-30)."""

from __future__ import annotations

from collections.abc import Sequence


def agenda_agreed(*, version: int, approvals: Sequence[tuple[int, str]]) -> bool:
    """L2315-29: the agenda is drawn up jointly; agreed once the president and the secretary both approved
    the current version (an approval of an earlier version is withdrawn by the change)."""
    roles = {role for approved_version, role in approvals if approved_version == version}
    return {"president", "secretary"} <= roles


def duplicate_positions(positions: Sequence[int]) -> tuple[int, ...]:
    """Positions given more than once in a reordering, sorted."""
    seen: set[int] = set()
    duplicates: set[int] = set()
    for position in positions:
        (duplicates if position in seen else seen).add(position)
    return tuple(sorted(duplicates))
