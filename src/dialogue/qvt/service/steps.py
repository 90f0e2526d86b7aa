"""The approach's guided steps, the steering committee's trinôme, the experiments and their ten-month follow-up.

Read: whoever reads the committee. Write: the committee's members and the direction (`require_contributor`).
`approach_of`, `steps_by_body` and `trinome_of` read without an actor: the networks module calls them only after its
own rule (the organisation's consent to share its steps and trinôme with the network).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from dialogue.audit import service as audit
from dialogue.bodies import service as bodies_service
from dialogue.core.actor import Actor
from dialogue.core.clock import local_today, utcnow
from dialogue.core.db import transaction
from dialogue.core.errors import InvalidInput, NotFound
from dialogue.qvt.rules import steps as rules
from dialogue.qvt.service.access import people_by_id, require_contributor, steering_access
from dialogue.qvt.service.discussions import FORMAT_LABELS
from dialogue.qvt.step_schemas import (
    ApproachRead,
    ChecklistItemRead,
    ExperimentCreate,
    ExperimentRead,
    ExperimentUpdate,
    StepKind,
    StepRead,
    StepUpdate,
    TrinomeInput,
    TrinomeRead,
    TrinomeSeatRead,
    TrinomeSide,
)
from dialogue.qvt.step_tables import QvtExperiment, QvtStep, QvtTrinomeSeat


async def trinome_of(body_id: int) -> TrinomeRead:
    """The committee's trinôme, its completeness and the warning when a side is missing (no access check)."""
    rows = await QvtTrinomeSeat.select().where(QvtTrinomeSeat.body == body_id).order_by(QvtTrinomeSeat.id)
    people = await people_by_id([r["user"] for r in rows])
    order = {side: i for i, side in enumerate(rules.TRINOME_SIDES)}
    seats = [
        TrinomeSeatRead(
            side=TrinomeSide(r["side"]), side_label=rules.TRINOME_LABELS[r["side"]], person=people[r["user"]]
        )
        for r in sorted(rows, key=lambda r: (order[r["side"]], r["id"]))
    ]
    missing = rules.missing_sides(r["side"] for r in rows)
    return TrinomeRead(
        body_id=body_id,
        seats=seats,
        complete=not missing,
        missing=[TrinomeSide(m) for m in missing],
        warning=rules.trinome_warning(missing),
    )


async def get_trinome(*, actor: Actor, body_id: int) -> TrinomeRead:
    (await steering_access(actor=actor, body_id=body_id)).require_read()
    return await trinome_of(body_id)


async def set_trinome(*, actor: Actor, body_id: int, data: TrinomeInput) -> TrinomeRead:
    """Name the trinôme: each person a member of the committee, on one side only."""
    async with transaction():
        access = await steering_access(actor=actor, body_id=body_id)
        require_contributor(access)
        members = {m.user_id for m in await bodies_service.list_members(actor=actor, body_id=body_id)}
        chosen = {side: getattr(data, side) for side in rules.TRINOME_SIDES}
        errors = [
            {"field": side, "message": f"pas membre du comité : {', '.join(map(str, sorted(set(ids) - members)))}"}
            for side, ids in chosen.items()
            if set(ids) - members
        ]
        everyone = [i for ids in chosen.values() for i in ids]
        if len(everyone) != len(set(everyone)):
            errors.append({"field": "trinome", "message": "une personne ne siège que d'un côté du trinôme"})
        if errors:
            raise InvalidInput("Le trinôme se compose de membres du comité de pilotage.", errors=errors)
        before = (await trinome_of(body_id)).model_dump(mode="json")["seats"]
        await QvtTrinomeSeat.delete().where(QvtTrinomeSeat.body == body_id)
        now = utcnow()
        rows = [
            QvtTrinomeSeat(organization=access.organization_id, body=body_id, user=i, side=side, created_at=now)
            for side, ids in chosen.items()
            for i in dict.fromkeys(ids)
        ]
        if rows:
            await QvtTrinomeSeat.insert(*rows)
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="update",
            entity="qvt_trinome",
            entity_id=body_id,
            body_id=body_id,
            before={"seats": before},
            after={side: list(ids) for side, ids in chosen.items()},
        )
        return await trinome_of(body_id)


def _keys(value: Any) -> list[str]:
    """The ticked keys of a stored checklist (Piccolo hands JSON columns back as text)."""
    loaded = json.loads(value) if isinstance(value, str) else value
    return [str(k) for k in loaded or []]


def _step_read(kind: str, row: dict[str, Any] | None, today: date) -> StepRead:
    started = row["started_on"] if row else None
    completed = row["completed_on"] if row else None
    planned = row["planned_end_on"] if row else None
    last_change = row["updated_at"].date() if row else today
    return StepRead(
        kind=StepKind(kind),
        label=rules.STEP_LABELS[kind],
        position=rules.STEP_KINDS.index(kind) + 1,
        state=rules.step_state(started_on=started, completed_on=completed),
        started_on=started,
        planned_end_on=planned,
        completed_on=completed,
        stalled=rules.step_stalls(
            started_on=started, completed_on=completed, planned_end_on=planned, last_change=last_change, today=today
        ),
        stalled_since=rules.stall_start(
            started_on=started, completed_on=completed, planned_end_on=planned, last_change=last_change
        )
        if rules.step_stalls(
            started_on=started, completed_on=completed, planned_end_on=planned, last_change=last_change, today=today
        )
        else None,
        checklist=[
            ChecklistItemRead(key=k, label=label, done=done)
            for k, label, done in rules.checklist(kind, _keys(row["checklist"]) if row else [])
        ],
        notes=row["notes"] if row else "",
        benefits=row["benefits"] if row else "",
    )


def _experiment_read(row: dict[str, Any], today: date) -> ExperimentRead:
    due = rules.follow_up_due(row["started_on"])
    return ExperimentRead(
        id=row["id"],
        body_id=row["body"],
        title=row["title"],
        format=row["format"],
        format_label=FORMAT_LABELS[row["format"]],
        scope=row["scope"],
        started_on=row["started_on"],
        follow_up_due_on=due,
        follow_up_state=rules.follow_up_state(due_on=due, done_on=row["follow_up_done_on"], today=today),
        follow_up_done_on=row["follow_up_done_on"],
        follow_up_notes=row["follow_up_notes"],
    )


async def steps_of(body_id: int, today: date | None = None) -> list[StepRead]:
    """The five steps in order (a step never touched reads « to do »), without access check."""
    return (await steps_by_body([body_id], today))[body_id]


async def steps_by_body(body_ids: Iterable[int], today: date | None = None) -> dict[int, list[StepRead]]:
    """Each committee's five steps, as `steps_of`, read in one query whatever the number of committees (the
    networks' hourly job reads every member's steps)."""
    today = today or local_today()
    rows: dict[int, dict[str, dict[str, Any]]] = {body_id: {} for body_id in body_ids}
    if rows:
        for row in await QvtStep.select().where(QvtStep.body.is_in(list(rows))):
            rows[row["body"]][row["kind"]] = row
    return {
        body_id: [_step_read(kind, kinds.get(kind), today) for kind in rules.STEP_KINDS]
        for body_id, kinds in rows.items()
    }


async def approach_of(body_id: int, today: date | None = None) -> ApproachRead:
    """The whole approach of a committee (no access check: callers check first)."""
    today = today or local_today()
    steps = await steps_of(body_id, today)
    dates = [rules.StepDates(s.kind.value, s.started_on, s.completed_on) for s in steps]
    current = rules.current_step(dates)
    experiments = await QvtExperiment.select().where(QvtExperiment.body == body_id).order_by(QvtExperiment.started_on)
    return ApproachRead(
        body_id=body_id,
        steps=steps,
        current=StepKind(current) if current else None,
        progress=rules.progress(dates),
        stalled=[s.kind for s in steps if s.stalled],
        experiments=[_experiment_read(r, today) for r in experiments],
        trinome=await trinome_of(body_id),
    )


async def get_approach(*, actor: Actor, body_id: int) -> ApproachRead:
    (await steering_access(actor=actor, body_id=body_id)).require_read()
    return await approach_of(body_id)


async def update_step(*, actor: Actor, body_id: int, kind: StepKind, data: StepUpdate) -> StepRead:
    """Dates, ticks, notes (and the benefits, at the evaluation step) of one step; absent fields are kept."""
    async with transaction():
        access = await steering_access(actor=actor, body_id=body_id)
        require_contributor(access)
        row = await QvtStep.select().where((QvtStep.body == body_id) & (QvtStep.kind == kind.value)).first()
        changes: dict[str, Any] = data.model_dump(exclude_unset=True)
        if "checklist" in changes and changes["checklist"] is None:
            changes["checklist"] = []
        for text in ("notes", "benefits"):
            if text in changes and changes[text] is None:
                changes[text] = ""
        if (unknown := rules.unknown_checklist_keys(kind.value, changes.get("checklist", []))) != []:
            raise InvalidInput(
                "Point de liste inconnu pour cette étape.",
                errors=[{"field": "checklist", "message": f"inconnu : {', '.join(unknown)}"}],
            )
        if changes.get("benefits") and kind is not StepKind.evaluate:
            raise InvalidInput(
                "Les bénéfices se décrivent à l'étape d'évaluation.",
                errors=[{"field": "benefits", "message": "réservé à l'étape evaluate"}],
            )
        merged = {
            name: changes.get(name, row[name] if row else None)
            for name in ("started_on", "planned_end_on", "completed_on")
        }
        if errors := rules.date_errors(merged["started_on"], merged["planned_end_on"], merged["completed_on"]):
            raise InvalidInput(
                "Dates de l'étape incohérentes.", errors=[{"field": k, "message": v} for k, v in errors.items()]
            )
        now = utcnow()
        if row is None:
            values_new: dict[str, Any] = {"checklist": [], "notes": "", "benefits": "", **changes}
            step = QvtStep(
                organization=access.organization_id, body=body_id, kind=kind.value, updated_at=now, **values_new
            )
            await step.save()
        else:
            values: dict[Any, Any] = {getattr(QvtStep, k): v for k, v in changes.items()}
            values[QvtStep.updated_at] = now
            await QvtStep.update(values).where(QvtStep.id == row["id"])
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="update",
            entity="qvt_step",
            entity_id=f"{body_id}:{kind.value}",
            body_id=body_id,
            before={k: row[k] for k in changes} if row else None,
            after=data.model_dump(mode="json", exclude_unset=True),
        )
        saved = await QvtStep.select().where((QvtStep.body == body_id) & (QvtStep.kind == kind.value)).first()
        return _step_read(kind.value, saved, local_today())


async def create_experiment(*, actor: Actor, body_id: int, data: ExperimentCreate) -> ExperimentRead:
    async with transaction():
        access = await steering_access(actor=actor, body_id=body_id)
        require_contributor(access)
        row = QvtExperiment(
            organization=access.organization_id,
            body=body_id,
            title=data.title,
            format=data.format.value,
            scope=data.scope,
            started_on=data.started_on,
            follow_up_notes="",
            created_at=utcnow(),
        )
        await row.save()
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="create",
            entity="qvt_experiment",
            entity_id=row.id,
            body_id=body_id,
            after=data.model_dump(mode="json"),
        )
        saved = await QvtExperiment.select().where(QvtExperiment.id == row.id).first()
        assert saved is not None
        return _experiment_read(saved, local_today())


async def update_experiment(*, actor: Actor, experiment_id: int, data: ExperimentUpdate) -> ExperimentRead:
    """Record the ten-month follow-up (its date and what it found)."""
    async with transaction():
        row = await QvtExperiment.select().where(QvtExperiment.id == experiment_id).first()
        if row is None:
            raise NotFound("Expérimentation introuvable.")
        access = await steering_access(actor=actor, body_id=row["body"])
        require_contributor(access)
        changes: dict[str, Any] = data.model_dump(exclude_unset=True)
        if changes.get("follow_up_notes", "") is None:
            changes["follow_up_notes"] = ""
        done_on = changes.get("follow_up_done_on")
        if done_on is not None and done_on < row["started_on"]:
            raise InvalidInput(
                "Le suivi ne précède pas le début de l'expérimentation.",
                errors=[{"field": "follow_up_done_on", "message": "antérieure à started_on"}],
            )
        if changes:
            await QvtExperiment.update({getattr(QvtExperiment, k): v for k, v in changes.items()}).where(
                QvtExperiment.id == experiment_id
            )
            await audit.record(
                actor=actor,
                organization_id=access.organization_id,
                action="update",
                entity="qvt_experiment",
                entity_id=experiment_id,
                body_id=row["body"],
                before={k: row[k] for k in changes},
                after=data.model_dump(mode="json", exclude_unset=True),
            )
        saved = await QvtExperiment.select().where(QvtExperiment.id == experiment_id).first()
        assert saved is not None
        return _experiment_read(saved, local_today())
