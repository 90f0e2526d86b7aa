"""What the QVT module gives the indicators module: barometer participation and scores, action-plan progress."""

from __future__ import annotations

from datetime import date
from typing import Any

from dialogue.bodies.schemas import BodyKind
from dialogue.qvt.barometer import qvt_indicators
from dialogue.qvt.rules import THEMES
from dialogue.qvt.schemas import Milestone
from tests.factories import make_action, make_body, make_closed_barometer, make_organization
from tests.helpers.clock import FrozenClock

#: (department, codes, answers) of the barometer closed in 2025.
GROUPS = (("Hébergement", 14, 12), ("Internat", 8, 6), ("Services administratifs", 5, 5))


async def test_last_year_barometer_participation_scores_and_action_plan(db: Any, frozen_clock: FrozenClock) -> None:
    """A barometer answered and closed in 2025 by an organisation built by the factories, with no action plan."""
    year = 2025
    frozen_clock.set(date(year, 3, 2))
    steering = await make_body(await make_organization(), kind=BodyKind.qvt_steering, titulaires=1)
    values = {"sens_du_travail": 4, "organisation_du_travail": 2}
    await make_closed_barometer(steering, year=year, groups=GROUPS, values=values)
    frozen_clock.set(date(year + 1, 2, 1))
    indicators = await qvt_indicators(
        organization_id=steering.org.id, from_date=date(year, 1, 1), to_date=date(year, 12, 31)
    )
    invited = sum(g[1] for g in GROUPS)
    answered = sum(g[2] for g in GROUPS)
    assert indicators.barometer_year == year
    assert indicators.participation is not None
    assert round(indicators.participation, 4) == round(answered / invited, 4)
    assert set(indicators.theme_scores) == set(THEMES)
    assert indicators.overall_score is not None
    assert 1 <= indicators.overall_score <= 5
    lowest = min(indicators.theme_scores, key=lambda t: indicators.theme_scores[t] or 5)
    assert lowest == "organisation_du_travail"
    # Actions created up to the end of that year: none (no action plan yet).
    assert indicators.actions_adopted == 0


async def test_this_year_counts_the_action_plan_but_no_closed_barometer_yet(db: Any, frozen_clock: FrozenClock) -> None:
    """This year an organisation built by the factories has an action plan (one action proposed, one evaluated
    with a milestone done) and its barometer of last year only."""
    year = 2026
    frozen_clock.set(date(year - 1, 11, 2))
    steering = await make_body(await make_organization(), kind=BodyKind.qvt_steering, titulaires=1)
    await make_closed_barometer(steering, year=year - 1)
    frozen_clock.set(date(year, 4, 1))
    await make_action(steering)
    milestones = (Milestone(label="Diagnostic", due_on=date(year, 4, 15), done_on=date(year, 4, 1)),)
    await make_action(steering, status="evaluated", milestones=milestones)
    indicators = await qvt_indicators(
        organization_id=steering.org.id, from_date=date(year, 1, 1), to_date=date(year, 12, 31)
    )
    assert indicators.barometer_id is None
    assert indicators.participation is None
    assert indicators.actions_by_status["evaluated"] >= 1
    assert indicators.actions_by_status["proposed"] >= 1
    assert indicators.action_plan_progress is not None
    assert 0 < indicators.action_plan_progress <= 1
    assert indicators.milestones_total >= indicators.milestones_done >= 1


async def test_another_organization_has_nothing(db: Any) -> None:
    other = await make_organization()
    indicators = await qvt_indicators(organization_id=other.id, from_date=date(2000, 1, 1), to_date=date(2100, 1, 1))
    assert indicators.barometer_id is None
    assert indicators.action_plan_progress is None
    assert sum(indicators.actions_by_status.values()) == 0
