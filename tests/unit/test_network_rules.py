"""Networks' pure rules (issue 20): the benchmark's floor and bands, a position that tells no value, names
removed from shared sheets, the trinôme's approvals, the nudge."""

from __future__ import annotations

from datetime import date

import pytest

from dialogue.networks import rules


def test_below_three_contributors_a_theme_shows_nothing_not_even_a_position() -> None:
    found = rules.theme_benchmark("relations", {1: 3.2, 2: 3.9}, viewer=1)
    assert (found.contributors, found.shown, found.bands, found.position) == (2, False, None, None)


def test_from_three_contributors_bands_count_organisations_and_the_viewer_gets_its_position() -> None:
    found = rules.theme_benchmark("relations", {1: 2.4, 2: 3.2, 3: 3.9, 4: 4.2}, viewer=3)
    assert found.shown is True
    assert found.bands == (1, 0, 1, 1, 1)
    assert found.position == "above_median"
    assert rules.theme_benchmark("relations", {1: 2.4, 2: 3.2, 3: 3.9}, viewer=None).position is None


@pytest.mark.parametrize(
    ("own", "position"),
    [(1.0, "lowest_quarter"), (2.0, "below_median"), (3.0, "above_median"), (5.0, "highest_quarter")],
)
def test_position_is_a_quarter_never_a_value(own: float, position: str) -> None:
    assert rules.position_of(own, [1.0, 2.0, 3.0, 4.0, 5.0]) == position


@pytest.mark.parametrize(("value", "band"), [(1.0, 0), (2.49, 0), (2.5, 1), (3.49, 2), (3.5, 3), (4.0, 4), (5.0, 4)])
def test_band_bounds_are_included_below(value: float, band: int) -> None:
    assert rules.band_of(value) == band


def test_names_of_the_organisation_s_people_are_removed_in_full_and_by_surname() -> None:
    text = "Camille Lefèvre a animé ; Mme LEFÈVRE et M. Garnier ont suivi. Le Garnier-Noël reste."
    cleaned = rules.strip_names(text, ["Camille Lefèvre", "Philippe Garnier", "Al Do"])
    assert (
        cleaned == "[nom retiré] a animé ; Mme [nom retiré] et M. [nom retiré] ont suivi. Le [nom retiré]-Noël reste."
    )


def test_a_sheet_waits_for_each_side_of_the_trinome() -> None:
    assert rules.missing_approvals({"direction": 1}) == ["professional", "staff_representative"]
    assert rules.missing_approvals({"direction": 1, "professional": 2, "staff_representative": 3}) == []


def test_the_nudge_names_the_stalled_step_and_since_when() -> None:
    assert rules.nudge(step_label="Diagnostic partagé", stalled=False, since=None) is None
    assert rules.nudge(step_label="Diagnostic partagé", stalled=True, since=date(2026, 9, 1)) == (
        "L'étape « Diagnostic partagé » n'avance plus depuis le 01/09/2026 : proposer une visite d'appui."
    )
