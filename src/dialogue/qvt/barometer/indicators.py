"""The barometer and the action plan as figures for the indicators module."""

from __future__ import annotations

from datetime import date

from dialogue.core.clock import local_today
from dialogue.qvt import rules
from dialogue.qvt.barometer.reads import (
    invited_and_respondents,
    share,
)
from dialogue.qvt.barometer.results import compute_results, theme_order
from dialogue.qvt.schemas import (
    QvtIndicators,
)
from dialogue.qvt.tables import (
    Barometer,
    QvtActionProposal,
)

# ---------------------------------------------------------------- indicators


async def qvt_indicators(*, organization_id: int, from_date: date, to_date: date) -> QvtIndicators:
    """Barometer participation and scores, and the action plan's progress, for the indicators module.

    The barometer is the latest campaign closed within the period; the action plan counts the actions
    created up to the period's end. The caller (indicators module) checks the reader's access.
    """
    closed = await Barometer.select().where(
        (Barometer.organization == organization_id) & (Barometer.status == "closed")
    )
    in_period = [b for b in closed if b["closed_at"] is not None and from_date <= b["closed_at"].date() <= to_date]
    latest = max(in_period, key=lambda b: (b["closed_at"], b["id"]), default=None)
    participation_rate: float | None = None
    overall_score: float | None = None
    theme_scores: dict[str, float | None] = {}
    if latest is not None:
        invited, respondents = await invited_and_respondents(latest["id"])
        results, _ = await compute_results(
            barometer_id=latest["id"], group_by=None, min_group_size=latest["min_group_size"]
        )
        if not results.overall.is_withheld:
            participation_rate = share(respondents, invited)
            means = [t.mean for t in results.overall.themes if t.mean is not None]
            overall_score = round(sum(means) / len(means), 3) if means else None
        theme_scores = {
            t.theme: round(t.mean, 3) if t.mean is not None else None
            for t in sorted(results.overall.themes, key=lambda t: theme_order(t.theme))
        }
    rows = (
        await QvtActionProposal.select(
            QvtActionProposal.status, QvtActionProposal.milestones, QvtActionProposal.created_at
        )
        .where(QvtActionProposal.organization == organization_id)
        .output(load_json=True)
    )
    actions = [a for a in rows if a["created_at"].date() <= to_date]
    milestones: list[tuple[date | None, date | None]] = []
    for action in actions:
        for milestone in action["milestones"] or []:
            due = milestone.get("due_on")
            done = milestone.get("done_on")
            milestones.append((date.fromisoformat(due) if due else None, date.fromisoformat(done) if done else None))
    progress = rules.plan_progress((a["status"] for a in actions), milestones, today=min(to_date, local_today()))
    return QvtIndicators(
        organization_id=organization_id,
        from_date=from_date,
        to_date=to_date,
        barometer_id=latest["id"] if latest else None,
        barometer_year=latest["year"] if latest else None,
        participation=participation_rate,
        overall_score=overall_score,
        theme_scores=theme_scores,
        actions_by_status=dict(progress.by_status),
        actions_adopted=progress.adopted_total,
        actions_evaluated=progress.completed,
        action_plan_progress=progress.progress,
        milestones_total=progress.milestones_total,
        milestones_done=progress.milestones_done,
        milestones_late=progress.milestones_late,
    )
