"""The action workflow (adopt, reject, start, evaluate) and the experience sheet of an evaluated action."""

from __future__ import annotations

from datetime import date
from typing import Any

from dialogue.audit import service as audit
from dialogue.core.actor import Actor
from dialogue.core.clock import local_today, utcnow
from dialogue.core.db import lock_row, transaction
from dialogue.core.errors import Forbidden, InvalidState, RuleViolation
from dialogue.core.events import emit
from dialogue.organizations.tables import Establishment
from dialogue.qvt import rules
from dialogue.qvt.events import ActionProposalStatusChanged
from dialogue.qvt.schemas import (
    ActionProposalRead,
    DecisionInput,
    EvaluationInput,
    ExperienceSheet,
    RejectInput,
    StartInput,
)
from dialogue.qvt.service import axes
from dialogue.qvt.service.access import (
    can_decide,
)
from dialogue.qvt.service.actions import action_access, action_read
from dialogue.qvt.tables import (
    QvtActionProposal,
    QvtPriority,
    QvtWorkingGroup,
)


async def _transition(
    *,
    actor: Actor,
    action_id: int,
    target: str,
    values: dict[Any, Any],
    owner_may: bool,
    today: date | None = None,
) -> ActionProposalRead:
    async with transaction():
        access, row = await action_access(actor, action_id)
        allowed = can_decide(access) or (owner_may and row["owner"] == actor.user_id)
        if not allowed:
            access.require_read()
            raise Forbidden(
                "Réservé à la présidence du comité de pilotage et à la direction"
                + (", ou au pilote de l'action." if owner_may else ".")
            )
        await lock_row(QvtActionProposal, action_id)
        current = (
            await QvtActionProposal.select(QvtActionProposal.status).where(QvtActionProposal.id == action_id).first()
        )
        assert current is not None
        try:
            rules.check_transition(current["status"], target)
        except rules.TransitionError as exc:
            raise InvalidState(str(exc), code="illegal_transition") from None
        if target == "in_progress" and rules.needs_cse_consultation(
            changes_working_conditions=row["changes_working_conditions"], consultation_id=row["consultation_id"]
        ):
            raise RuleViolation(
                "Cette action modifie les conditions de travail : le CSE doit être consulté avant sa mise en œuvre "
                "(art. L2312-8 et L2312-14 du Code du travail). Reliez la consultation (consultation_id).",
                code="cse_consultation_required",
            )
        values[QvtActionProposal.status] = target
        values[QvtActionProposal.updated_at] = utcnow()
        await QvtActionProposal.update(values).where(QvtActionProposal.id == action_id)
        after = await action_read(action_id)
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action=target,
            entity="qvt_action_proposal",
            entity_id=action_id,
            before={"status": current["status"]},
            after={"status": target, **{c._meta.name: v for c, v in values.items() if c._meta.name != "updated_at"}},
        )
        await emit(
            ActionProposalStatusChanged(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                action_id=action_id,
                body_id=row["body"],
                title=row["title"],
                previous_status=current["status"],
                status=target,
                owner_user_id=row["owner"],
            )
        )
        return after


async def adopt_action(*, actor: Actor, action_id: int, data: DecisionInput) -> ActionProposalRead:
    """Adopt; a proposal on an axis of the plan needs the canvas's recommendations ticked (`axes`)."""
    async with transaction():
        access, row = await action_access(actor, action_id)
        if can_decide(access) and row["status"] == "proposed":
            await axes.check_adoption_checklist(action_id=action_id, ticks=data.checklist)
        adopted = await _transition(
            actor=actor,
            action_id=action_id,
            target="adopted",
            values={
                QvtActionProposal.adopted_on: data.decided_on or local_today(),
                QvtActionProposal.decision_note: data.note,
            },
            owner_may=False,
        )
        await axes.record_adoption_checklist(actor=actor, action_id=action_id, ticks=data.checklist)
        return adopted


async def reject_action(*, actor: Actor, action_id: int, data: RejectInput) -> ActionProposalRead:
    return await _transition(
        actor=actor,
        action_id=action_id,
        target="rejected",
        values={QvtActionProposal.decision_note: data.reason},
        owner_may=False,
    )


async def start_action(*, actor: Actor, action_id: int, data: StartInput) -> ActionProposalRead:
    return await _transition(
        actor=actor,
        action_id=action_id,
        target="in_progress",
        values={QvtActionProposal.started_on: data.started_on or local_today()},
        owner_may=True,
    )


async def evaluate_action(*, actor: Actor, action_id: int, data: EvaluationInput) -> ActionProposalRead:
    return await _transition(
        actor=actor,
        action_id=action_id,
        target="evaluated",
        values={
            QvtActionProposal.evaluation_summary: data.summary,
            QvtActionProposal.evaluation_results: data.results,
            QvtActionProposal.criteria_met: data.criteria_met,
            QvtActionProposal.lessons_learned: data.lessons_learned,
            QvtActionProposal.evaluated_on: data.evaluated_on or local_today(),
        },
        owner_may=True,
    )


async def experience_sheet_data(*, actor: Actor, action_id: int) -> ExperienceSheet:
    """Everything the experience sheet shows; only an evaluated action has one (409 before)."""
    access, row = await action_access(actor, action_id)
    access.require_read()
    if row["status"] != "evaluated":
        raise InvalidState(
            "La fiche de retour d'expérience est établie une fois l'action évaluée.", code="action_not_evaluated"
        )
    action = await action_read(action_id)
    priorities = await QvtPriority.select(QvtPriority.title).where(QvtPriority.id.is_in(action.priority_ids or [-1]))
    establishment = None
    if action.establishment_id is not None:
        est = await Establishment.select(Establishment.name).where(Establishment.id == action.establishment_id).first()
        establishment = est["name"] if est else None
    group = None
    if action.working_group_id is not None:
        wg = (
            await QvtWorkingGroup.select(QvtWorkingGroup.name)
            .where(QvtWorkingGroup.id == action.working_group_id)
            .first()
        )
        group = wg["name"] if wg else None
    return ExperienceSheet(
        action=action,
        priorities=[p["title"] for p in priorities],
        establishment=establishment,
        working_group=group,
        theme_label=rules.THEMES.get(action.theme.value) if action.theme else None,
    )
