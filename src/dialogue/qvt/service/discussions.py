"""Discussion spaces on work (Anact: job shadowing, photo-diagnosis…) and what comes out of them."""

from __future__ import annotations

from typing import Any

from dialogue.audit import service as audit
from dialogue.bodies.access import BodyAccess
from dialogue.core.actor import Actor
from dialogue.core.clock import utcnow
from dialogue.core.db import transaction
from dialogue.core.errors import NotFound
from dialogue.core.events import emit
from dialogue.qvt.events import DiscussionSessionRecorded
from dialogue.qvt.schemas import (
    DiscussionSessionCreate,
    DiscussionSessionRead,
    OutcomeCreate,
    OutcomeRead,
)
from dialogue.qvt.service.access import (
    check_establishment,
    check_working_group,
    require_contributor,
    steering_access,
    steering_row,
)
from dialogue.qvt.tables import (
    QvtDiscussionOutcome,
    QvtDiscussionSession,
)

FORMAT_LABELS = {
    "job_shadowing": "Vis mon travail",
    "photo_diagnosis": "Photo-diagnostic",
    "problem_situation": "Situation-problème",
    "embedded_evaluation": "Évaluation embarquée",
}


async def _session_read(session_id: int) -> DiscussionSessionRead:
    row = (
        await QvtDiscussionSession.select().where(QvtDiscussionSession.id == session_id).output(load_json=True).first()
    )
    if row is None:
        raise NotFound("Séance introuvable.")
    outcomes = (
        await QvtDiscussionOutcome.select()
        .where(QvtDiscussionOutcome.session == session_id)
        .order_by(QvtDiscussionOutcome.id)
    )
    return DiscussionSessionRead(
        id=row["id"],
        body_id=row["body"],
        title=row["title"],
        format=row["format"],
        format_label=FORMAT_LABELS[row["format"]],
        held_on=row["held_on"],
        participants_count=row["participants_count"],
        topics=list(row["topics"] or []),
        outcomes=[_outcome_read(o) for o in outcomes],
        working_group_id=row["working_group"],
        establishment_id=row["establishment"],
        department=row["department"],
        facilitator_name=row["facilitator_name"],
        created_at=row["created_at"],
    )


def _outcome_read(row: dict[str, Any]) -> OutcomeRead:
    return OutcomeRead(id=row["id"], session_id=row["session"], text=row["text"], action_id=row["action"])


async def list_discussion_sessions(*, actor: Actor, body_id: int) -> list[DiscussionSessionRead]:
    (await steering_access(actor=actor, body_id=body_id)).require_read()
    rows = (
        await QvtDiscussionSession.select(QvtDiscussionSession.id)
        .where(QvtDiscussionSession.body == body_id)
        .order_by(QvtDiscussionSession.held_on, ascending=False)
    )
    return [await _session_read(r["id"]) for r in rows]


async def session_access(actor: Actor, session_id: int) -> BodyAccess:
    access, _ = await steering_row(
        actor=actor, table=QvtDiscussionSession, row_id=session_id, missing="Séance introuvable."
    )
    return access


async def get_discussion_session(*, actor: Actor, session_id: int) -> DiscussionSessionRead:
    (await session_access(actor, session_id)).require_read()
    return await _session_read(session_id)


async def create_discussion_session(
    *, actor: Actor, body_id: int, data: DiscussionSessionCreate
) -> DiscussionSessionRead:
    async with transaction():
        access = await steering_access(actor=actor, body_id=body_id)
        require_contributor(access)
        await check_establishment(access.organization_id, data.establishment_id, "establishment_id")
        await check_working_group(body_id, data.working_group_id, "working_group_id")
        session = QvtDiscussionSession(
            organization=access.organization_id,
            body=body_id,
            working_group=data.working_group_id,
            establishment=data.establishment_id,
            department=data.department,
            format=data.format.value,
            title=data.title,
            held_on=data.held_on,
            participants_count=data.participants_count,
            topics=list(data.topics),
            facilitator_name=data.facilitator_name,
            created_by=actor.user_id,
            created_at=utcnow(),
        )
        await session.save()
        if data.outcomes:
            await QvtDiscussionOutcome.insert(
                *[QvtDiscussionOutcome(session=session.id, text=text) for text in data.outcomes]
            )
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="create",
            entity="qvt_discussion_session",
            entity_id=session.id,
            after=data.model_dump(mode="json"),
        )
        await emit(
            DiscussionSessionRecorded(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                session_id=session.id,
                body_id=body_id,
                format=data.format.value,
                participants_count=data.participants_count,
            )
        )
        return await _session_read(session.id)


async def add_outcome(*, actor: Actor, session_id: int, data: OutcomeCreate) -> OutcomeRead:
    async with transaction():
        access = await session_access(actor, session_id)
        require_contributor(access)
        outcome = QvtDiscussionOutcome(session=session_id, text=data.text)
        await outcome.save()
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="create",
            entity="qvt_discussion_outcome",
            entity_id=outcome.id,
            after=data.model_dump(mode="json"),
        )
        return OutcomeRead(id=outcome.id, session_id=session_id, text=data.text, action_id=None)
