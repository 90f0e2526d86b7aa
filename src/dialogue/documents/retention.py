"""Pure rules of retention: how long a version of a document is kept, by its kind, and whether `dialogue purge`
may delete its bytes on a given day. A kind without a known period is kept without end.

- DUERP (kind `duerp`): L4121-3-1 V A (C. trav.): « Le document unique d'évaluation des risques professionnels,
  dans ses versions successives, est conservé par l'employeur […]. La durée, qui ne peut être inférieure à
  quarante ans, […] [est] fixée par décret » ; R4121-4: the DUERP and its earlier versions are kept « pendant une
  durée de 40 ans à compter de leur élaboration ». Each version counts from its own upload (its élaboration
  here); the version in force is never purged. 40 years is also the floor an override may not go under.
- CSE accounts (kind `comptes`): L123-22 C. com.: « Les documents comptables et les pièces justificatives sont
  conservés pendant dix ans. » (the text is read; its application to the CSE's accounts, L2315-64 ff., is V2 in
  DOMAIN.md §8). 10 years is the floor.
- Minutes (kind `pv`): no legal period (DOMAIN.md §8, [S69], V2): 10 years by default, the practice for the
  important items (5 years is the civil limitation period) — configurable, UNVERIFIED.
- Registers, règlement intérieur, PAPRIPACT, annual SSCT report, agreements, BDESE items, others: no period found
  (UNVERIFIED): kept without end unless the organisation sets one (DIALOGUE_DOCUMENT_RETENTION_YEARS).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final

from dialogue.core.clock import add_months
from dialogue.documents.kinds import KINDS, DocumentKind

#: Years kept by default per kind (None: without end), and the article or source of each.
DEFAULT_YEARS: Final[dict[DocumentKind, int | None]] = dict.fromkeys(KINDS, None) | {
    "duerp": 40,
    "comptes": 10,
    "pv": 10,
}
SOURCES: Final[dict[DocumentKind, str]] = {
    "duerp": "L4121-3-1 V A et R4121-4 C. trav. : 40 ans à compter de l'élaboration de chaque version",
    "comptes": "L123-22 C. com. : dix ans",
    "pv": "aucune durée légale ; usage de 10 ans (non vérifié, paramétrable)",
}
#: Legal floors an override may not go under.
FLOOR_YEARS: Final[dict[DocumentKind, int]] = {"duerp": 40, "comptes": 10}


@dataclass(frozen=True, slots=True)
class Expired:
    """A version whose retention ended: kept through `until`, purgeable the day after."""

    until: date
    years: int


def retention_years(overrides: Mapping[str, int | None]) -> dict[DocumentKind, int | None]:
    """The period per kind: the defaults with the organisation's overrides (DIALOGUE_DOCUMENT_RETENTION_YEARS).
    ValueError for an unknown kind, a period under one year, or under a legal floor (L4121-3-1, L123-22 C. com.);
    None keeps a kind without end, which is always allowed."""
    years = dict(DEFAULT_YEARS)
    for name, value in overrides.items():
        kind = next((k for k in KINDS if k == name), None)
        if kind is None:
            raise ValueError(f"unknown document kind {name!r} (expected one of {', '.join(KINDS)})")
        if value is not None and value < FLOOR_YEARS.get(kind, 1):
            raise ValueError(f"{kind}: at least {FLOOR_YEARS.get(kind, 1)} years ({SOURCES.get(kind, '')})")
        years[kind] = value
    return years


def retained_until(uploaded_on: date, years: int) -> date:
    """The last day of a retention of `years` counted from `uploaded_on` (its anniversary; a 29 February
    upload ends on the 28th in a common year)."""
    return add_months(uploaded_on, 12 * years)


def expired(
    *, kind: DocumentKind, uploaded_on: date, is_current: bool, today: date, years: Mapping[DocumentKind, int | None]
) -> Expired | None:
    """The version's retention if it ended before `today`, else None. The DUERP in force is never purged, whatever
    its age: its successive versions are kept, and it is the one made available to workers (L4121-3-1 V A)."""
    period = years.get(kind)
    if period is None or (kind == "duerp" and is_current):
        return None
    until = retained_until(uploaded_on, period)
    return Expired(until=until, years=period) if today > until else None
