"""Barometer anonymity against its organiser: one suppression for every breakdown, live counts in steps,
codes added after opening.

The director both runs the barometer and reads the results, so the rules below assume a reader who knows
the structure (establishments, departments, staff categories, codes per group), watches the live pages and
may ask for every breakdown, then adds and subtracts what is shown.

- **Cells.** The published figures are cells: the total, each establishment, each department (a group of
  codes: an establishment, optionally one of its departments) and each staff category. Every cell is a sum
  over *atoms* (department × staff category), so a cell is a 0/1 vector over the atoms and a figure can be
  derived from shown figures exactly when its vector lies in their linear span (weights ± any number).
- **Joint suppression** (`suppress_all`): a cell under k respondents — zero included, so that "0" and
  "hidden" look the same — is withheld, as is any group withheld for another reason (late codes). Then,
  until nothing moves: (1) where a shown cell is split by a breakdown (the total by establishment,
  department or category; an establishment by its departments), the withheld parts must together reach k;
  (2) no withheld cell may lie in the span of the shown cells. Each failure withholds the smallest shown
  cell that breaks it ("complementary"). The same hidden set is used whatever `group_by` is asked for, and
  it is rerun per theme (skipped questions shrink a theme's population) starting from the group's.
- **Live participation** (`participation_step`): during collection a count appears only once it reaches
  k, then rounded down to a multiple of k, so it moves by k, never one by one; below k it is hidden, and
  "0" is hidden too.
- **Late codes** (`late_codes_withheld`): codes created after opening are flagged; a group is withheld
  when more than `LATE_CODES_MAX_SHARE` of its answers came through such codes, or when its answers through
  the codes printed before opening number fewer than k (the organiser could subtract answers they wrote).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Final

from dialogue.qvt.rules import (
    LIKERT_5,
    MIN_GROUP_SIZE,
    BarometerResults,
    GroupResult,
    LikertScale,
    ThemeStats,
    WithheldReason,
    participation_rate,
)

LATE_CODES_MAX_SHARE: Final = 0.5
"""A group is withheld when more than this share of its answers came through codes created after opening
("largely", issue 13). A constant: raise it only with the steering committee's agreement."""

TOTAL: Final = "total"
ESTABLISHMENT: Final = "establishment"
DEPARTMENT: Final = "department"
STAFF_CATEGORY: Final = "staff_category"
BREAKDOWNS: Final = (ESTABLISHMENT, DEPARTMENT, STAFF_CATEGORY)

Cell = tuple[str, str]
"""(breakdown, key): ("total", ""), ("establishment", "12" or "-"), ("department", "12/Nuit"),
("staff_category", "soin")."""
Atom = tuple[str, str]
"""(department key "12/Nuit", staff category key): the finest cell, never published."""


def participation_step(respondents: int, *, min_group_size: int) -> int | None:
    """A live count as shown during collection: hidden under k (zero too), else rounded down to a multiple of k."""
    if min_group_size < MIN_GROUP_SIZE:
        raise ValueError(f"le seuil d'anonymat ne peut pas être inférieur à {MIN_GROUP_SIZE}")
    if respondents < min_group_size:
        return None
    return respondents - respondents % min_group_size


def late_codes_withheld(*, used: int, late_used: int, min_group_size: int) -> bool:
    """Whether a group's results are withheld because its answers came largely through late codes."""
    if late_used <= 0:
        return False
    return late_used > LATE_CODES_MAX_SHARE * used or used - late_used < min_group_size


def establishment_of(place: str) -> str:
    """The establishment key of a department key "12/Nuit" (or "-/" without establishment)."""
    return place.partition("/")[0]


@dataclass(frozen=True, slots=True)
class Layout:
    """The structure every reader knows: departments (groups of codes) and staff categories."""

    places: tuple[str, ...]
    categories: tuple[str, ...]

    def atoms(self) -> list[Atom]:
        return [(p, c) for p in self.places for c in self.categories]

    def cells(self) -> dict[Cell, frozenset[Atom]]:
        """Every publishable cell and the atoms it sums."""
        atoms = self.atoms()
        cells: dict[Cell, frozenset[Atom]] = {(TOTAL, ""): frozenset(atoms)}
        for est in sorted({establishment_of(p) for p in self.places}):
            cells[(ESTABLISHMENT, est)] = frozenset(a for a in atoms if establishment_of(a[0]) == est)
        for place in self.places:
            cells[(DEPARTMENT, place)] = frozenset(a for a in atoms if a[0] == place)
        for category in self.categories:
            cells[(STAFF_CATEGORY, category)] = frozenset(a for a in atoms if a[1] == category)
        return cells

    def partitions(self) -> list[tuple[Cell, list[Cell]]]:
        """Each cell that a breakdown splits, with its parts: an establishment by its departments first (a
        sibling in the same establishment protects best), then the total by each breakdown."""
        total: Cell = (TOTAL, "")
        parts: list[tuple[Cell, list[Cell]]] = []
        for est in sorted({establishment_of(p) for p in self.places}):
            parts.append(((ESTABLISHMENT, est), [(DEPARTMENT, p) for p in self.places if establishment_of(p) == est]))
        for breakdown, keys in (
            (ESTABLISHMENT, sorted({establishment_of(p) for p in self.places})),
            (DEPARTMENT, list(self.places)),
            (STAFF_CATEGORY, list(self.categories)),
        ):
            parts.append((total, [(breakdown, k) for k in keys]))
        return parts


class Span:
    """The linear span (over the rationals) of 0/1 vectors over the atoms, in reduced echelon form."""

    def __init__(self, index: Mapping[Atom, int]) -> None:
        self._index = index
        self._rows: dict[int, dict[int, Fraction]] = {}

    def _vector(self, atoms: Iterable[Atom]) -> dict[int, Fraction]:
        return {self._index[a]: Fraction(1) for a in atoms}

    def _reduce(self, vector: dict[int, Fraction]) -> dict[int, Fraction]:
        v = dict(vector)
        while v:
            lead = min(v)
            row = self._rows.get(lead)
            if row is None:
                return v
            factor = v[lead]
            for col, value in row.items():
                new = v.get(col, Fraction(0)) - factor * value
                if new:
                    v[col] = new
                else:
                    v.pop(col, None)
        return v

    def add(self, atoms: Iterable[Atom]) -> None:
        v = self._reduce(self._vector(atoms))
        if v:
            lead = min(v)
            pivot = v[lead]
            self._rows[lead] = {col: value / pivot for col, value in v.items()}

    def contains(self, atoms: Iterable[Atom]) -> bool:
        """Whether this sum of atoms can be obtained by adding and subtracting the spanned cells."""
        return not self._reduce(self._vector(atoms))


def derivable(cells: Mapping[Cell, frozenset[Atom]], shown: Iterable[Cell], target: frozenset[Atom]) -> bool:
    """Whether `target` (a sum of atoms) follows from the shown cells by additions and subtractions."""
    index = {a: i for i, a in enumerate(sorted({a for atoms in cells.values() for a in atoms}))}
    span = Span(index)
    for cell in shown:
        span.add(cells[cell])
    return span.contains(target)


def suppress_all(
    counts: Mapping[Atom, int],
    layout: Layout,
    *,
    min_group_size: int,
    withheld: Mapping[Cell, WithheldReason] | None = None,
) -> dict[Cell, WithheldReason]:
    """The cells withheld across every breakdown at once (module docstring); the total only under k."""
    if min_group_size < MIN_GROUP_SIZE:
        raise ValueError(f"le seuil d'anonymat ne peut pas être inférieur à {MIN_GROUP_SIZE}")
    cells = layout.cells()
    size = {cell: sum(counts.get(a, 0) for a in atoms) for cell, atoms in cells.items()}
    total: Cell = (TOTAL, "")
    if size[total] < min_group_size:
        return dict.fromkeys(cells, "small_group")
    hidden: dict[Cell, WithheldReason] = {c: r for c, r in (withheld or {}).items() if c in cells and c != total}
    for cell, n in size.items():
        if n < min_group_size and cell not in hidden:
            hidden[cell] = "small_group"
    partitions = layout.partitions()
    index = {a: i for i, a in enumerate(layout.atoms())}
    # A cell summing every atom (a single establishment, categories not asked) is the total itself.
    hideable = {c for c, atoms in cells.items() if atoms != cells[total]}

    def order(cell: Cell) -> tuple[int, str, str]:
        return (size[cell], cell[0], cell[1])

    def span_without(extra: Cell | None) -> Span:
        span = Span(index)
        for cell, atoms in cells.items():
            if cell not in hidden and cell != extra:
                span.add(atoms)
        return span

    while True:
        victim: Cell | None = None
        # (1) The withheld parts of a shown cell are derived together: they must reach k.
        for parent, parts in partitions:
            if parent in hidden:
                continue
            gone = [p for p in parts if p in hidden]
            if gone and sum(size[p] for p in gone) < min_group_size:
                kept = sorted((p for p in parts if p not in hidden and p in hideable), key=order)
                if kept:
                    victim = kept[0]
                    break
        # (2) No withheld cell may be derived from the shown ones, by any path.
        if victim is None:
            span = span_without(None)
            for cell in sorted(hidden, key=order):
                if not span.contains(cells[cell]):
                    continue
                shown = [c for c in cells if c not in hidden and c in hideable]
                same = sorted((c for c in shown if c[0] == cell[0]), key=order)
                others = sorted((c for c in shown if c[0] != cell[0]), key=order)
                candidates = same + others
                if not candidates or cell not in hideable:
                    # Only the total (or its copies) is left to give it away: withhold everything.
                    return {c: hidden.get(c, "complementary") for c in cells}
                victim = next((c for c in candidates if not span_without(c).contains(cells[cell])), candidates[0])
                break
        if victim is None:
            return hidden
        hidden[victim] = "complementary"


def build_results(
    counts: Iterable[tuple[Atom, str, int, int]],
    theme_respondents: Mapping[tuple[Atom, str], int],
    sizes: Mapping[Atom, int],
    layout: Layout,
    *,
    themes: Iterable[str],
    group_by: str | None,
    min_group_size: int,
    withheld: Mapping[Cell, WithheldReason] | None = None,
    invited: Mapping[Cell, int] | None = None,
    scale: LikertScale = LIKERT_5,
) -> BarometerResults:
    """Results of one breakdown (`group_by`, or the total alone) under the joint suppression of all of them.

    `counts` are (atom, theme, value, number of answers); every department and category of the layout is
    listed, a group without answers as withheld like a small one. `invited` gives participation rates.
    """
    cells = layout.cells()
    distribution: dict[tuple[Atom, str], list[int]] = {}
    for atom, theme, value, number in counts:
        scale.validate(value)
        if number < 0:
            raise ValueError("un nombre de réponses est positif")
        distribution.setdefault((atom, theme), [0] * scale.size)[value - scale.low] += number
    theme_list = list(dict.fromkeys([*themes, *sorted({t for _, t in distribution})]))
    hidden = suppress_all(sizes, layout, min_group_size=min_group_size, withheld=withheld)
    theme_hidden = {
        theme: suppress_all(
            {a: theme_respondents.get((a, theme), 0) for a in layout.atoms()},
            layout,
            min_group_size=min_group_size,
            withheld=hidden,
        )
        for theme in theme_list
    }
    total: Cell = (TOTAL, "")
    wanted = [total, *sorted(c for c in cells if c[0] == group_by)]
    results: list[GroupResult] = []
    for cell in wanted:
        atoms = cells[cell]
        n = sum(sizes.get(a, 0) for a in atoms)
        reason = hidden.get(cell)
        stats: list[ThemeStats] = []
        for theme in theme_list:
            theme_reason = reason or theme_hidden[theme].get(cell)
            if theme_reason is not None:
                stats.append(ThemeStats(theme, None, None, None, None, theme_reason))
                continue
            values = [0] * scale.size
            for atom in atoms:
                for i, c in enumerate(distribution.get((atom, theme), ())):
                    values[i] += c
            answers = sum(values)
            mean = sum((scale.low + i) * c for i, c in enumerate(values)) / answers if answers else None
            theme_n = sum(theme_respondents.get((a, theme), 0) for a in atoms)
            stats.append(ThemeStats(theme, theme_n, answers, mean, tuple(values)))
        cell_invited = invited.get(cell) if invited is not None else None
        results.append(
            GroupResult(
                group=None if cell == total else cell[1],
                respondents=None if reason else n,
                participation=(
                    participation_rate(respondents=n, invited=cell_invited)
                    if cell_invited is not None and reason is None
                    else None
                ),
                themes=tuple(stats),
                withheld=reason,
            )
        )
    return BarometerResults(
        group_key=group_by,
        min_group_size=min_group_size,
        scale=scale,
        overall=results[0],
        groups=tuple(results[1:]),
    )
