"""Pure rules of the tripartite diagnosis: who answers in which college, the floor of two, gaps and their order,
the comparison with last year, the default grid."""

from __future__ import annotations

import pytest

from dialogue.diagnosis import rules
from dialogue.diagnosis.rules import CollegeFigure


@pytest.mark.parametrize(
    ("seats", "college"),
    [
        ([("direction", "president", "cse"), ("direction", "guest", "board")], "direction"),
        ([("gouvernance", "president", "board")], "gouvernance"),
        ([("direction", "guest", "board"), ("gouvernance", "guest", "board")], "direction"),
        ([(None, None, None), ("elus", "guest", "direction_committee")], "direction"),
        ([("elus", "titular", "cse")], "elus"),
        ([("elus", "substitute", "cssct")], "elus"),
        ([("elus", "union_representative", "negotiation_table")], "elus"),
        ([("elus", "guest", "qvt_steering")], None),
        ([], None),
    ],
)
def test_a_person_answers_in_one_college_from_their_seats(
    seats: list[tuple[str | None, str | None, str | None]], college: str | None
) -> None:
    assert rules.college_of(seats) == college


def test_a_college_under_two_respondents_is_withheld() -> None:
    assert rules.figure("gouvernance", [5]).mean is None
    assert rules.figure("gouvernance", []).respondents == 0
    shown = rules.figure("gouvernance", [5, 2])
    assert (shown.mean, shown.respondents) == (3.5, 2)


def test_gap_is_between_the_highest_and_lowest_shown_colleges() -> None:
    figures = [
        CollegeFigure("gouvernance", 1, None),
        CollegeFigure("direction", 3, 4.67),
        CollegeFigure("elus", 4, 1.5),
    ]
    assert rules.gap_of(figures) == 3.17
    assert rules.apart(figures) == ("direction", "elus")


def test_no_gap_when_a_single_college_can_be_shown() -> None:
    figures = [
        CollegeFigure("gouvernance", 1, None),
        CollegeFigure("direction", 3, 4.0),
        CollegeFigure("elus", 1, None),
    ]
    assert rules.gap_of(figures) is None
    assert rules.apart(figures) is None


def test_largest_gaps_first_then_unknown_gaps_then_grid_order() -> None:
    rows = [("a", None, 1), ("b", 1.0, 2), ("c", 3.0, 3), ("d", 1.0, 4), ("e", 0.0, 5)]
    ordered = sorted(rows, key=lambda r: rules.gap_order(r[1], r[2]))
    assert [r[0] for r in ordered] == ["c", "b", "d", "e", "a"]


def test_comparison_needs_both_means() -> None:
    assert rules.delta(3.5, 2.0) == 1.5
    assert rules.delta(None, 2.0) is None
    assert rules.delta(3.0, None) is None


def test_brakes_are_reversed_for_the_appreciation() -> None:
    assert rules.oriented(5, "brake") == 1
    assert rules.oriented(5, "lever") == 5


def test_default_grid_covers_the_three_dimensions_with_levers_and_brakes() -> None:
    codes = [code for code, *_ in rules.DEFAULT_GRID]
    assert 15 <= len(codes) <= 20
    assert rules.check_grid(codes) == []
    for dimension in rules.DIMENSIONS:
        kinds = {kind for _, dim, kind, _ in rules.DEFAULT_GRID if dim == dimension}
        assert kinds == {"lever", "brake"}, dimension
    assert rules.check_grid(["a", "b", "a"]) == ["a"]


def test_each_dimension_names_indicators_of_the_catalog() -> None:
    from dialogue.indicators.catalog import SPECS

    for codes in rules.DIMENSION_INDICATORS.values():
        assert codes and all(code in SPECS for code in codes)
