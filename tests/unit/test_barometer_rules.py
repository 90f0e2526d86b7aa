"""QVT barometer maths: anonymity thresholds, complementary suppression, scale, comparison, alerts, speed."""

from __future__ import annotations

import random
import time
from collections.abc import Mapping

import pytest

from dialogue.qvt.rules import (
    UNKNOWN_GROUP,
    AnswerRow,
    BarometerResults,
    GroupResult,
    LikertScale,
    aggregate,
    alerts,
    compare,
    participation_rate,
)

KEY = "establishment"


def rows_for(sizes: Mapping[str, int], *, themes: Mapping[str, int] | None = None) -> list[AnswerRow]:
    """`sizes[group]` respondents per group, each answering every theme with its value (default 3)."""
    values = themes or {"charge": 3}
    rows: list[AnswerRow] = []
    for group, count in sizes.items():
        for i in range(count):
            profile = {KEY: group}
            rows.extend((f"{group}-{i}", profile, theme, value) for theme, value in values.items())
    return rows


def by_group(results: BarometerResults) -> dict[str, GroupResult]:
    return {g.group: g for g in results.groups if g.group is not None}


def test_group_of_four_is_withheld_not_zero() -> None:
    results = aggregate(rows_for({"IME Les Pins": 4, "ESAT": 10, "Foyer": 12}), group_key=KEY)
    small = by_group(results)["IME Les Pins"]
    assert small.withheld == "small_group"
    assert small.respondents is None
    assert small.themes[0].mean is None
    assert small.themes[0].n is None
    assert small.themes[0].distribution is None
    assert small.themes[0].is_withheld
    assert results.withheld_text("small_group").startswith("Moins de 5 répondants")


def test_complementary_suppression_hides_the_next_smallest_group() -> None:
    results = aggregate(rows_for({"A": 4, "B": 6, "C": 10}), group_key=KEY)
    groups = by_group(results)
    assert groups["A"].withheld == "small_group"
    assert groups["B"].withheld == "complementary"
    assert groups["C"].withheld is None
    assert groups["C"].respondents == 10
    assert results.overall.respondents == 20
    assert "par différence" in results.withheld_text("complementary")


def test_overall_minus_visible_groups_never_isolates_a_small_group() -> None:
    results = aggregate(rows_for({"A": 2, "B": 2, "C": 6, "D": 20}), group_key=KEY)
    groups = by_group(results)
    assert [groups[g].withheld for g in "ABCD"] == ["small_group", "small_group", "complementary", None]
    hidden = results.overall.respondents - sum(g.respondents or 0 for g in groups.values())  # type: ignore[operator]
    assert hidden >= results.min_group_size


def test_two_small_groups_big_enough_together_need_no_complement() -> None:
    groups = by_group(aggregate(rows_for({"A": 3, "B": 4, "C": 10, "D": 12}), group_key=KEY))
    assert [groups[g].withheld for g in "ABCD"] == ["small_group", "small_group", None, None]


def test_a_single_small_group_and_a_single_big_one_leave_only_the_overall() -> None:
    results = aggregate(rows_for({"A": 3, "B": 40}), group_key=KEY)
    assert [g.withheld for g in results.groups] == ["small_group", "complementary"]
    assert results.overall.respondents == 43


def test_nothing_is_withheld_when_every_group_is_large_enough() -> None:
    results = aggregate(rows_for({"A": 5, "B": 7}), group_key=KEY)
    assert all(g.withheld is None for g in results.groups)
    assert [g.respondents for g in results.groups] == [5, 7]


def test_overall_under_the_threshold_is_withheld() -> None:
    results = aggregate(rows_for({"A": 4}), group_key=None)
    assert results.overall.withheld == "small_group"
    assert results.overall.respondents is None
    assert results.overall.themes[0].mean is None


def test_theme_skipped_by_many_is_withheld_for_that_theme_with_its_complement() -> None:
    rows = rows_for({"A": 6, "B": 7, "C": 20})
    rows = [r for r in rows if not (r[0] in {"A-0", "A-1", "A-2"} and r[2] == "charge")]
    rows += [(r[0], r[1], "sens", 4) for r in rows_for({"A": 6, "B": 7, "C": 20})]
    groups = by_group(aggregate(rows, group_key=KEY))
    assert groups["A"].withheld is None
    assert groups["A"].respondents == 6
    assert groups["A"].theme("charge").withheld == "small_group"  # type: ignore[union-attr]
    assert groups["B"].theme("charge").withheld == "complementary"  # type: ignore[union-attr]
    assert groups["C"].theme("charge").mean == 3.0  # type: ignore[union-attr]
    assert groups["A"].theme("sens").mean == 4.0  # type: ignore[union-attr]
    assert groups["B"].theme("sens").mean == 4.0  # type: ignore[union-attr]


@pytest.mark.parametrize("size", [0, 1, 4])
def test_threshold_below_five_is_refused(size: int) -> None:
    with pytest.raises(ValueError, match="inférieur à 5"):
        aggregate(rows_for({"A": 10}), group_key=KEY, min_group_size=size)


def test_a_higher_threshold_is_allowed() -> None:
    groups = by_group(aggregate(rows_for({"A": 9, "B": 10, "C": 12}), group_key=KEY, min_group_size=10))
    assert [groups[g].withheld for g in "ABC"] == ["small_group", "complementary", None]


@pytest.mark.parametrize("value", [0, 6, -1, True, 3.0, "3", None])
def test_answers_outside_the_scale_are_rejected(value: object) -> None:
    rows = [*rows_for({"A": 5}), ("x", {KEY: "A"}, "charge", value)]
    with pytest.raises(ValueError, match="hors échelle"):
        aggregate(rows, group_key=KEY)  # type: ignore[arg-type]


def test_scale_is_configurable() -> None:
    scale = LikertScale(low=0, high=10)
    results = aggregate([(i, {}, "charge", 10 if i % 2 else 0) for i in range(6)], group_key=None, scale=scale)
    stats = results.overall.themes[0]
    assert stats.mean == 5.0
    assert stats.distribution == (3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3)
    assert scale.validate(7) == 7


def test_a_scale_needs_two_points() -> None:
    with pytest.raises(ValueError, match="deux points"):
        LikertScale(low=3, high=3)


def test_mean_distribution_and_counts() -> None:
    rows: list[AnswerRow] = []
    for i, values in enumerate([(1, 2), (2, 2), (3, 4), (5, 5), (4, 4)]):
        rows += [(i, {KEY: "A"}, "charge", v) for v in values]
    stats = aggregate(rows, group_key=KEY).overall.theme("charge")
    assert stats is not None
    assert stats.n == 5
    assert stats.answers == 10
    assert stats.mean == pytest.approx(3.2)
    assert stats.distribution == (1, 3, 1, 3, 2)


def test_respondent_in_two_groups_is_an_error() -> None:
    rows: list[AnswerRow] = [("r1", {KEY: "A"}, "charge", 3), ("r1", {KEY: "B"}, "sens", 3)]
    with pytest.raises(ValueError, match="deux groupes"):
        aggregate(rows, group_key=KEY)


def test_missing_group_falls_into_unknown_group() -> None:
    results = aggregate([(i, {}, "charge", 3) for i in range(5)], group_key=KEY)
    assert [g.group for g in results.groups] == [UNKNOWN_GROUP]


def test_without_group_key_only_the_overall_is_computed() -> None:
    results = aggregate(rows_for({"A": 3, "B": 3}), group_key=None)
    assert results.groups == ()
    assert results.overall.respondents == 6


def test_participation_rates_per_group_and_overall() -> None:
    results = aggregate(rows_for({"A": 3, "B": 10, "C": 10}), group_key=KEY, invited={"A": 6, "B": 20, "C": 10})
    groups = by_group(results)
    assert results.overall.participation == pytest.approx(23 / 36)
    assert groups["A"].participation is None  # withheld groups do not leak their count
    assert groups["B"].participation is None  # complementary
    assert groups["C"].participation == 1.0


@pytest.mark.parametrize(("respondents", "invited", "expected"), [(5, 10, 0.5), (0, 0, None), (0, 3, 0.0)])
def test_participation_rate(respondents: int, invited: int, expected: float | None) -> None:
    assert participation_rate(respondents=respondents, invited=invited) == expected


def test_more_respondents_than_invited_is_an_error() -> None:
    with pytest.raises(ValueError, match="plus de répondants"):
        participation_rate(respondents=11, invited=10)


def overall(themes: Mapping[str, int], respondents: int = 10) -> GroupResult:
    return aggregate(rows_for({"A": respondents}, themes=themes), group_key=None).overall


def test_compare_with_previous_year() -> None:
    deltas = compare(overall({"charge": 2, "sens": 4, "nouveau": 3}), overall({"charge": 3, "sens": 4}))
    assert [(d.theme, d.current, d.previous, d.delta) for d in deltas] == [
        ("charge", 2.0, 3.0, -1.0),
        ("nouveau", 3.0, None, None),
        ("sens", 4.0, 4.0, 0.0),
    ]
    assert all(d.delta is None for d in compare(overall({"charge": 2}), None))


def test_withheld_theme_has_no_delta() -> None:
    deltas = compare(overall({"charge": 2}, respondents=4), overall({"charge": 3}))
    assert deltas[0].delta is None


def test_alerts_flag_drops_beyond_the_threshold_and_the_lowest_themes() -> None:
    current = overall({"charge": 2, "sens": 4, "reconnaissance": 3, "equipe": 5})
    previous = overall({"charge": 3, "sens": 4, "reconnaissance": 3, "equipe": 5})
    found = alerts(current, previous, drop_threshold=0.5, lowest=2, labels={"charge": "Charge de travail"})
    assert [(a.kind, a.theme) for a in found] == [
        ("drop", "charge"),
        ("lowest", "charge"),
        ("lowest", "reconnaissance"),
    ]
    assert found[0].delta == -1.0
    assert found[0].message == "« Charge de travail » recule de 1,00 point(s) (3,00 → 2,00)."


def test_a_drop_equal_to_the_threshold_is_not_an_alert() -> None:
    # 3.6 - 3.3 is 0.30000000000000027 in floating point: still "not more than 0.3".
    current = aggregate([(i, {}, "t", v) for i, v in enumerate([3, 3, 3, 4, 4, 3, 3, 3, 4, 3])], group_key=None)
    previous = aggregate([(i, {}, "t", v) for i, v in enumerate([4, 4, 3, 4, 4, 3, 3, 3, 4, 4])], group_key=None)
    assert current.overall.themes[0].mean == pytest.approx(3.3)
    assert previous.overall.themes[0].mean == pytest.approx(3.6)
    assert alerts(current.overall, previous.overall, drop_threshold=0.3, lowest=0) == ()


def test_withheld_themes_raise_no_alert() -> None:
    assert alerts(overall({"charge": 1}, respondents=4), overall({"charge": 5})) == ()


def test_aggregating_5000_responses_of_40_questions_is_fast(capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(2025)
    profiles = [{KEY: f"Établissement {i % 23}", "job": f"Métier {i % 7}"} for i in range(5000)]
    themes = [f"thème {question // 4}" for question in range(40)]
    values = iter(rng.choices((1, 2, 3, 4, 5), k=5000 * 40))  # drawn at once: building the rows stays cheap
    rows: list[AnswerRow] = [
        (respondent, profiles[respondent], theme, next(values)) for respondent in range(5000) for theme in themes
    ]
    start = time.perf_counter()
    results = aggregate(rows, group_key=KEY, invited={f"Établissement {i}": 300 for i in range(23)})
    elapsed = time.perf_counter() - start
    with capsys.disabled():
        print(f"\naggregate: 5 000 réponses × 40 questions ({len(rows)} lignes) en {elapsed * 1000:.0f} ms")
    assert results.overall.respondents == 5000
    assert len(results.groups) == 23
    assert len(results.overall.themes) == 10
    assert sum(results.overall.themes[0].distribution or ()) == 5000 * 4
    assert elapsed < 1.0
