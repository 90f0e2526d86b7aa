"""Demo of the approach's steps: the association's committee half-way (two steps done, experimenting), its trinôme
complete, three experiments with discussion spaces at different points of their ten-month follow-up."""

from __future__ import annotations

from datetime import timedelta

from dialogue.bodies.demo import DemoContext
from dialogue.core.clock import local_today, utcnow
from dialogue.qvt.rules.steps import CHECKLISTS, STEP_KINDS, add_months
from dialogue.qvt.step_tables import QvtExperiment, QvtStep, QvtTrinomeSeat

TRINOME = (
    ("direction@demo.example", "direction"),
    ("cadre.ehpad@demo.example", "professional"),
    ("referente.qvt@demo.example", "professional"),
    ("secretaire@demo.example", "staff_representative"),
    ("elu@demo.example", "staff_representative"),
)

FOLLOW_UP_NOTE = "Deux binômes jour/nuit continuent d'eux-mêmes ; les transmissions écrites sont plus courtes."


async def ensure_approach(
    ctx: DemoContext, *, organization_id: int, body_id: int, done: int, in_progress: bool, months_ago: int
) -> None:
    """`done` steps completed, the next one started when `in_progress`, the first begun `months_ago` months ago."""
    if await QvtStep.exists().where(QvtStep.body == body_id):
        return
    today = local_today()
    start = add_months(today, -months_ago)
    span = max(1, months_ago // max(1, done + (1 if in_progress else 0)))
    for index, kind in enumerate(STEP_KINDS):
        if index > done or (index == done and not in_progress):
            break
        began = add_months(start, index * span)
        finished = add_months(began, span) - timedelta(days=3) if index < done else None
        keys = [key for key, _ in CHECKLISTS[kind]]
        await QvtStep.insert(
            QvtStep(
                organization=organization_id,
                body=body_id,
                kind=kind,
                started_on=began,
                planned_end_on=add_months(began, span + 2),
                completed_on=finished,
                checklist=keys if finished else keys[: len(keys) // 2],
                notes="",
                benefits="",
                updated_at=utcnow(),
            )
        )
    ctx.created.append(f"étapes de la démarche QVT ({done} terminées)")


async def demo_step(ctx: DemoContext) -> None:
    body_id = ctx.bodies["qvt"]
    org = ctx.organization_id
    if not await QvtTrinomeSeat.exists().where(QvtTrinomeSeat.body == body_id):
        for email, side in TRINOME:
            await QvtTrinomeSeat.insert(
                QvtTrinomeSeat(organization=org, body=body_id, user=ctx.users[email], side=side, created_at=utcnow())
            )
        ctx.created.append("trinôme du comité de pilotage QVT")
    await ensure_approach(ctx, organization_id=org, body_id=body_id, done=2, in_progress=True, months_ago=14)
    if await QvtExperiment.exists().where(QvtExperiment.body == body_id):
        return
    today = local_today()
    experiments = (
        ("« Vis mon travail » entre soignants de jour et de nuit", "job_shadowing", "EHPAD — unité Les Lilas", 11),
        ("Photo-diagnostic des transmissions", "photo_diagnosis", "IME La Source — internat", 8),
        ("Espace de discussion « situation-problème » sur les plannings", "problem_situation", "EHPAD — cuisine", 3),
    )
    for title, format_, scope, months in experiments:
        started = add_months(today, -months)
        done = months > 10
        await QvtExperiment.insert(
            QvtExperiment(
                organization=org,
                body=body_id,
                title=title,
                format=format_,
                scope=scope,
                started_on=started,
                follow_up_done_on=add_months(started, 10) + timedelta(days=4) if done else None,
                follow_up_notes=FOLLOW_UP_NOTE if done else "",
                created_at=utcnow(),
            )
        )
    ctx.created.append("expérimentations QVT et leur suivi à dix mois")
