"""QVT barometer maths: Likert validation, anonymity-preserving aggregation, year-on-year comparison, alerts.

Anonymity rules (the contract: "results withheld for groups under 5"):
- a group with fewer than `min_group_size` respondents (never below 5) is withheld: no mean, no
  distribution, no count — withheld is not zero, and says why;
- complementary suppression: the overall result minus the visible groups gives the hidden groups' total.
  So while exactly one group is hidden, or the hidden groups together have fewer than `min_group_size`
  respondents, the next-smallest visible group is withheld too. The brief's case — one small group
  withheld, the overall shown — therefore also hides the next-smallest group, and several tiny groups
  cannot be recovered together by difference either;
- the same rule runs per theme on the number of respondents who answered that theme, since skipped
  questions can make a theme's population smaller than the group's;
- the overall result itself is withheld under `min_group_size` respondents.
Small-cell attribute disclosure (e.g. 6 people all answering 1) is left to the steering committee's judgement.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Final, Literal

MIN_GROUP_SIZE: Final = 5
"""Legal-and-ethics floor: results about fewer than 5 people are never shown."""
UNKNOWN_GROUP: Final = "Non renseigné"
"""Group of respondents whose profile lacks the grouping key."""

WithheldReason = Literal["small_group", "complementary", "late_codes"]
WITHHELD_TEXTS: Final[Mapping[WithheldReason, str]] = {
    "small_group": "Moins de {min} répondants : résultat non communiqué pour préserver l'anonymat.",
    "complementary": ("Masqué pour qu'un petit groupe ne puisse pas être déduit par différence avec l'ensemble."),
    "late_codes": (
        "Masqué : la plupart des réponses de ce groupe viennent de codes créés après l'ouverture du baromètre."
    ),
}

AnswerRow = tuple[Hashable, Mapping[str, str], str, int]
"""(respondent id, respondent profile such as {"establishment": "IME"}, theme code, Likert value).

Flat on purpose: the service streams answers from the database, sharing one profile mapping per
respondent, and the aggregation makes a single pass.
"""


@dataclass(frozen=True, slots=True)
class LikertScale:
    """An integer answer scale, 1–5 by default (1 = pas du tout d'accord, 5 = tout à fait d'accord)."""

    low: int = 1
    high: int = 5

    def __post_init__(self) -> None:
        if self.high - self.low < 1:
            raise ValueError("une échelle de Likert compte au moins deux points")

    @property
    def size(self) -> int:
        return self.high - self.low + 1

    def validate(self, value: object) -> int:
        """The value if it is an integer on the scale; ValueError otherwise (booleans are not answers)."""
        if type(value) is not int or not self.low <= value <= self.high:
            raise ValueError(f"réponse hors échelle : {value!r} (attendu un entier de {self.low} à {self.high})")
        return value


LIKERT_5: Final = LikertScale()


@dataclass(frozen=True, slots=True)
class ThemeStats:
    """One theme for one group; when withheld, n, mean and distribution are None (not zero)."""

    theme: str
    n: int | None
    answers: int | None
    mean: float | None
    distribution: tuple[int, ...] | None
    withheld: WithheldReason | None = None

    @property
    def is_withheld(self) -> bool:
        return self.withheld is not None


@dataclass(frozen=True, slots=True)
class GroupResult:
    """A group's (or the overall) results: respondents, participation and per-theme statistics."""

    group: str | None
    respondents: int | None
    participation: float | None
    themes: tuple[ThemeStats, ...]
    withheld: WithheldReason | None = None

    @property
    def is_withheld(self) -> bool:
        return self.withheld is not None

    def theme(self, code: str) -> ThemeStats | None:
        """The statistics of one theme, or None when nobody answered it."""
        for stats in self.themes:
            if stats.theme == code:
                return stats
        return None


@dataclass(frozen=True, slots=True)
class BarometerResults:
    """Everything a results page shows; withheld cells carry their reason code."""

    group_key: str | None
    min_group_size: int
    scale: LikertScale
    overall: GroupResult
    groups: tuple[GroupResult, ...]

    def withheld_text(self, reason: WithheldReason) -> str:
        """The French explanation shown in place of a withheld figure."""
        return WITHHELD_TEXTS[reason].format(min=self.min_group_size)


@dataclass(frozen=True, slots=True)
class ThemeDelta:
    """A theme's mean this year and last year; delta None when either side is missing or withheld."""

    theme: str
    current: float | None
    previous: float | None
    delta: float | None


@dataclass(frozen=True, slots=True)
class Alert:
    """A theme that needs the steering committee's attention."""

    kind: Literal["drop", "lowest"]
    theme: str
    mean: float
    delta: float | None
    message: str


def participation_rate(*, respondents: int, invited: int) -> float | None:
    """Share of invited employees who answered; None when nobody was invited."""
    if respondents < 0 or invited < 0:
        raise ValueError("les effectifs doivent être positifs")
    if respondents > invited:
        raise ValueError("plus de répondants que de salariés invités")
    return None if invited == 0 else respondents / invited


def _check_min_group_size(min_group_size: int) -> None:
    if min_group_size < MIN_GROUP_SIZE:
        raise ValueError(f"le seuil d'anonymat ne peut pas être inférieur à {MIN_GROUP_SIZE}")


def _suppress(
    sizes: Mapping[str, int], *, min_group_size: int, already: Mapping[str, WithheldReason] | None = None
) -> dict[str, WithheldReason]:
    """Groups to hide: small ones (and `already` hidden ones), then complementary suppression.

    While exactly one group is hidden, or the hidden ones total fewer than `min_group_size`, the
    next-smallest visible group is hidden too, so no difference with the overall isolates a small group.
    """
    hidden: dict[str, WithheldReason] = {g: r for g, r in (already or {}).items() if g in sizes}
    for group, n in sizes.items():
        if n < min_group_size and group not in hidden:
            hidden[group] = "small_group"
    if not hidden:
        return hidden
    visible = sorted((n, g) for g, n in sizes.items() if g not in hidden)
    hidden_n = sum(sizes[g] for g in hidden)
    while visible and (len(hidden) == 1 or hidden_n < min_group_size):
        n, group = visible.pop(0)
        hidden[group] = "complementary"
        hidden_n += n
    return hidden


def _theme_stats(theme: str, counts: list[int], n: int, scale: LikertScale) -> ThemeStats:
    answers = sum(counts)
    total = sum((scale.low + i) * c for i, c in enumerate(counts))
    return ThemeStats(
        theme=theme, n=n, answers=answers, mean=total / answers if answers else None, distribution=tuple(counts)
    )


def _withheld_theme(theme: str, reason: WithheldReason) -> ThemeStats:
    return ThemeStats(theme=theme, n=None, answers=None, mean=None, distribution=None, withheld=reason)


def aggregate(
    answers: Iterable[AnswerRow],
    *,
    group_key: str | None,
    min_group_size: int = MIN_GROUP_SIZE,
    scale: LikertScale = LIKERT_5,
    invited: Mapping[str, int] | None = None,
    invited_total: int | None = None,
) -> BarometerResults:
    """Per-theme mean, distribution and respondent count, per group of `profile[group_key]` and overall.

    One pass over the answers; an out-of-scale value, or a respondent seen in two groups, raises ValueError.
    `invited` (per group) and `invited_total` (default: the sum of `invited`) give participation rates.
    """
    _check_min_group_size(min_group_size)
    low, high, size = scale.low, scale.high, scale.size
    group_of: dict[Hashable, str] = {}
    cells: dict[tuple[str, str], tuple[list[int], set[Hashable]]] = {}
    for respondent, profile, theme, value in answers:
        if type(value) is not int or not low <= value <= high:
            scale.validate(value)
        group = (profile.get(group_key) or UNKNOWN_GROUP) if group_key is not None else ""
        if group_of.setdefault(respondent, group) != group:
            raise ValueError(f"le répondant {respondent!r} apparaît dans deux groupes")
        cell = cells.get((group, theme))
        if cell is None:
            cell = cells[(group, theme)] = ([0] * size, set())
        cell[0][value - low] += 1
        cell[1].add(respondent)

    group_sizes = Counter(group_of.values())
    counted = {key: (counts, len(respondents)) for key, (counts, respondents) in cells.items()}
    return _build(
        counted,
        group_sizes,
        group_key=group_key,
        min_group_size=min_group_size,
        scale=scale,
        invited=invited,
        invited_total=invited_total,
    )


def aggregate_counts(
    counts: Iterable[tuple[str, str, int, int]],
    respondents: Mapping[tuple[str, str], int],
    group_sizes: Mapping[str, int],
    *,
    group_key: str | None,
    min_group_size: int = MIN_GROUP_SIZE,
    scale: LikertScale = LIKERT_5,
    invited: Mapping[str, int] | None = None,
    invited_total: int | None = None,
) -> BarometerResults:
    """`aggregate` on counts the database already summed: the same results, the same anonymity rules.

    `counts` are (group, theme, value, number of answers); `respondents[(group, theme)]` the respondents of
    the group who answered the theme; `group_sizes[group]` the group's respondents. Without `group_key`,
    pass "" as the group everywhere.
    """
    _check_min_group_size(min_group_size)
    cells: dict[tuple[str, str], tuple[list[int], int]] = {}
    for group, theme, value, number in counts:
        scale.validate(value)
        if number < 0:
            raise ValueError("un nombre de réponses est positif")
        cell = cells.get((group, theme))
        if cell is None:
            cell = cells[(group, theme)] = ([0] * scale.size, respondents.get((group, theme), 0))
        cell[0][value - scale.low] += number
    for (group, theme), (_, n) in cells.items():
        if not 0 < n <= group_sizes.get(group, 0):
            raise ValueError(f"effectif incohérent pour {group!r} / {theme!r}")
    sizes = Counter({g: n for g, n in group_sizes.items() if n > 0})
    return _build(
        cells,
        sizes,
        group_key=group_key,
        min_group_size=min_group_size,
        scale=scale,
        invited=invited,
        invited_total=invited_total,
    )


def _build(
    cells: Mapping[tuple[str, str], tuple[list[int], int]],
    group_sizes: Counter[str],
    *,
    group_key: str | None,
    min_group_size: int,
    scale: LikertScale,
    invited: Mapping[str, int] | None,
    invited_total: int | None,
) -> BarometerResults:
    """Suppression and statistics from per-(group, theme) counts and respondent numbers."""
    size = scale.size
    themes = sorted({theme for _, theme in cells})
    groups = sorted(group_sizes) if group_key is not None else []
    hidden_groups = _suppress(group_sizes, min_group_size=min_group_size) if group_key is not None else {}
    total_respondents = sum(group_sizes.values())
    overall_hidden: WithheldReason | None = "small_group" if total_respondents < min_group_size else None

    overall_themes: list[ThemeStats] = []
    group_themes: dict[str, list[ThemeStats]] = {g: [] for g in groups}
    for theme in themes:
        counts = [0] * size
        theme_sizes: dict[str, int] = {}
        for group in group_sizes:
            cell = cells.get((group, theme))
            if cell is not None:
                theme_sizes[group] = cell[1]
                counts = [a + b for a, b in zip(counts, cell[0], strict=True)]
        theme_n = sum(theme_sizes.values())
        if overall_hidden or theme_n < min_group_size:
            overall_themes.append(_withheld_theme(theme, "small_group"))
        else:
            overall_themes.append(_theme_stats(theme, counts, theme_n, scale))
        # Skipped questions can shrink a theme's population: the same suppression runs on it.
        theme_hidden = _suppress(theme_sizes, min_group_size=min_group_size, already=hidden_groups)
        for group in groups:
            if group not in theme_sizes:
                continue
            reason = theme_hidden.get(group)
            if reason is not None:
                group_themes[group].append(_withheld_theme(theme, reason))
            else:
                group_themes[group].append(_theme_stats(theme, cells[(group, theme)][0], theme_sizes[group], scale))

    if invited is not None and invited_total is None:
        invited_total = sum(invited.values())
    overall = GroupResult(
        group=None,
        respondents=None if overall_hidden else total_respondents,
        participation=(
            participation_rate(respondents=total_respondents, invited=invited_total)
            if invited_total is not None and not overall_hidden
            else None
        ),
        themes=tuple(overall_themes),
        withheld=overall_hidden,
    )
    results: list[GroupResult] = []
    for group in groups:
        reason = hidden_groups.get(group)
        if reason is not None:
            results.append(
                GroupResult(
                    group=group,
                    respondents=None,
                    participation=None,
                    themes=tuple(_withheld_theme(t.theme, reason) for t in group_themes[group]),
                    withheld=reason,
                )
            )
            continue
        group_invited = invited.get(group) if invited is not None else None
        results.append(
            GroupResult(
                group=group,
                respondents=group_sizes[group],
                participation=(
                    participation_rate(respondents=group_sizes[group], invited=group_invited)
                    if group_invited is not None
                    else None
                ),
                themes=tuple(group_themes[group]),
            )
        )
    return BarometerResults(
        group_key=group_key, min_group_size=min_group_size, scale=scale, overall=overall, groups=tuple(results)
    )


def compare(current: GroupResult, previous: GroupResult | None) -> tuple[ThemeDelta, ...]:
    """Per-theme change of the mean since the previous barometer (themes of the current one, in order)."""
    deltas: list[ThemeDelta] = []
    for stats in current.themes:
        before = previous.theme(stats.theme) if previous is not None else None
        now_mean = stats.mean
        before_mean = before.mean if before is not None else None
        delta = round(now_mean - before_mean, 6) if now_mean is not None and before_mean is not None else None
        deltas.append(ThemeDelta(theme=stats.theme, current=now_mean, previous=before_mean, delta=delta))
    return tuple(deltas)


def alerts(
    current: GroupResult,
    previous: GroupResult | None = None,
    *,
    drop_threshold: float = 0.3,
    lowest: int = 3,
    labels: Mapping[str, str] | None = None,
) -> tuple[Alert, ...]:
    """Themes whose mean fell by more than `drop_threshold` points, then the `lowest` lowest-scoring themes.

    Withheld themes never raise alerts (that would leak them). Ties break on the theme code.
    """
    if drop_threshold < 0 or lowest < 0:
        raise ValueError("seuil et nombre de thèmes doivent être positifs")
    names = labels or {}
    found: list[Alert] = []
    for delta in compare(current, previous):
        if delta.delta is not None and delta.current is not None and -delta.delta > drop_threshold + 1e-9:
            name = names.get(delta.theme, delta.theme)
            found.append(
                Alert(
                    kind="drop",
                    theme=delta.theme,
                    mean=delta.current,
                    delta=delta.delta,
                    message=(
                        f"« {name} » recule de {_fr(-delta.delta)} point(s) "
                        f"({_fr(delta.previous)} → {_fr(delta.current)})."
                    ),
                )
            )
    scored = sorted((s.mean, s.theme) for s in current.themes if s.mean is not None)
    for mean, theme in scored[:lowest]:
        name = names.get(theme, theme)
        found.append(
            Alert(
                kind="lowest",
                theme=theme,
                mean=mean,
                delta=None,
                message=f"« {name} » fait partie des thèmes les moins bien notés ({_fr(mean)}).",
            )
        )
    return tuple(found)


def _fr(value: float | None) -> str:
    """Two-decimal French number for alert messages."""
    return "n.d." if value is None else f"{value:.2f}".replace(".", ",")
