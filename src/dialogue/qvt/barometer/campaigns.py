"""The campaign lifecycle: the direction creates, edits, opens and closes a barometer; readers list it."""

from __future__ import annotations

from dialogue.audit import service as audit
from dialogue.bodies.schemas import BodyKind
from dialogue.bodies.tables import Body
from dialogue.core.actor import Actor
from dialogue.core.clock import utcnow
from dialogue.core.db import lock_row, transaction
from dialogue.core.errors import Conflict, InvalidInput, InvalidState, NotFound
from dialogue.core.events import emit
from dialogue.qvt import rules
from dialogue.qvt.barometer.closing import close_and_reshuffle, settle
from dialogue.qvt.barometer.reads import (
    barometer_read,
    barometer_row,
    effective_status,
    require_direction,
)
from dialogue.qvt.events import BarometerOpened
from dialogue.qvt.schemas import (
    BarometerCreate,
    BarometerRead,
    BarometerUpdate,
    QuestionInput,
)
from dialogue.qvt.service import steering_access
from dialogue.qvt.tables import (
    Barometer,
    BarometerQuestion,
)


async def _steering_body_for(actor: Actor, organization_id: int, body_id: int | None) -> int:
    if body_id is not None:
        return body_id
    rows = await Body.select(Body.id).where(
        (Body.organization == organization_id) & (Body.kind == BodyKind.qvt_steering.value)
    )
    if not rows:
        raise Conflict(
            "L'organisation n'a pas encore de comité de pilotage QVT : créez-le d'abord (instance qvt_steering).",
            code="no_qvt_steering",
        )
    if len(rows) > 1:
        raise InvalidInput(
            "Plusieurs comités de pilotage QVT : précisez lequel lira les résultats.",
            errors=[{"field": "body_id", "message": "obligatoire quand l'organisation a plusieurs comités"}],
        )
    return int(rows[0]["id"])


async def create_barometer(*, actor: Actor, organization_id: int, data: BarometerCreate) -> BarometerRead:
    """The direction sets up a campaign (draft) with the default questionnaire or its own."""
    if organization_id != actor.organization_id:
        raise NotFound("Organisation introuvable.")
    async with transaction():
        body_id = await _steering_body_for(actor, organization_id, data.body_id)
        access = await steering_access(actor=actor, body_id=body_id)
        require_direction(access)
        if data.closes_at is not None and data.closes_at <= utcnow():
            raise InvalidInput(
                "La date de clôture est passée.", errors=[{"field": "closes_at", "message": "doit être future"}]
            )
        questions = (
            [(q.code, q.theme.value, q.label) for q in data.questions]
            if data.questions is not None
            else list(rules.DEFAULT_QUESTIONS)
        )
        codes = [code for code, _, _ in questions]
        duplicates = sorted({c for c in codes if codes.count(c) > 1})
        if duplicates:
            raise InvalidInput(
                "Deux questions portent le même code.",
                errors=[{"field": "questions", "message": f"codes en double : {', '.join(duplicates)}"}],
            )
        barometer = Barometer(
            organization=organization_id,
            body=body_id,
            title=data.title,
            year=data.year,
            status="draft",
            introduction=data.introduction,
            min_group_size=data.min_group_size,
            ask_staff_category=data.ask_staff_category,
            closes_at=data.closes_at,
            created_by=actor.user_id,
            created_at=utcnow(),
        )
        await barometer.save()
        await BarometerQuestion.insert(
            *[
                BarometerQuestion(barometer=barometer.id, code=code, theme=theme, label=label, position=i)
                for i, (code, theme, label) in enumerate(questions, start=1)
            ]
        )
        await audit.record(
            actor=actor,
            organization_id=organization_id,
            action="create",
            entity="qvt_barometer",
            entity_id=barometer.id,
            after={**data.model_dump(mode="json", exclude={"questions"}), "questions": len(questions)},
        )
        row = await Barometer.select().where(Barometer.id == barometer.id).first()
        assert row is not None
        return await barometer_read(row)


async def list_barometers(*, actor: Actor, organization_id: int) -> list[BarometerRead]:
    """Campaigns of the steering committees the actor may read (members, direction, admins), latest first."""
    if organization_id != actor.organization_id:
        raise NotFound("Organisation introuvable.")
    rows = (
        await Barometer.select()
        .where(Barometer.organization == organization_id)
        .order_by(Barometer.year, ascending=False)
        .order_by(Barometer.id, ascending=False)
    )
    readable: dict[int, bool] = {}
    items = []
    for row in rows:
        if row["body"] not in readable:
            readable[row["body"]] = (await steering_access(actor=actor, body_id=row["body"])).can_read
        if readable[row["body"]]:
            items.append(await barometer_read(await settle(row)))
    return items


async def get_barometer(*, actor: Actor, barometer_id: int) -> BarometerRead:
    row = await barometer_row(actor, barometer_id)
    (await steering_access(actor=actor, body_id=row["body"])).require_read()
    return await barometer_read(await settle(row))


async def update_barometer(*, actor: Actor, barometer_id: int, data: BarometerUpdate) -> BarometerRead:
    """While a draft everything changes; once open only the closing date and the anonymity threshold."""
    async with transaction():
        row = await barometer_row(actor, barometer_id)
        access = await steering_access(actor=actor, body_id=row["body"])
        require_direction(access)
        await lock_row(Barometer, barometer_id)
        status = effective_status(row, now=utcnow())
        changes = data.model_dump(exclude_unset=True)
        if status == "closed":
            raise InvalidState("Le baromètre est clos.", code="barometer_closed")
        if status == "open":
            frozen = sorted(set(changes) - {"closes_at", "min_group_size"})
            if frozen:
                raise InvalidState(
                    "Le questionnaire est ouvert : seules la date de clôture et le seuil d'anonymat changent encore.",
                    code="barometer_open",
                    fields=frozen,
                )
        if "closes_at" in changes and data.closes_at is not None and data.closes_at <= utcnow():
            raise InvalidInput(
                "La date de clôture est passée.", errors=[{"field": "closes_at", "message": "doit être future"}]
            )
        if changes:
            await Barometer.update({getattr(Barometer, k): v for k, v in changes.items()}).where(
                Barometer.id == barometer_id
            )
            await audit.record(
                actor=actor,
                organization_id=access.organization_id,
                action="update",
                entity="qvt_barometer",
                entity_id=barometer_id,
                before={k: row[k] for k in changes},
                after=data.model_dump(mode="json", exclude_unset=True),
            )
        fresh = await Barometer.select().where(Barometer.id == barometer_id).first()
        assert fresh is not None
        return await barometer_read(fresh)


async def set_questions(*, actor: Actor, barometer_id: int, questions: list[QuestionInput]) -> BarometerRead:
    """The direction changes the questionnaire while the campaign is a draft; once open it is frozen (an answer
    sheet must mean the same questions for every respondent, or the comparison between groups breaks)."""
    if not 1 <= len(questions) <= 80:
        raise InvalidInput(
            "Le questionnaire compte de 1 à 80 questions.",
            errors=[{"field": "questions", "message": "de 1 à 80 questions"}],
        )
    codes = [q.code for q in questions]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise InvalidInput(
            "Deux questions portent le même code.",
            errors=[{"field": "code", "message": f"codes en double : {', '.join(duplicates)}"}],
        )
    async with transaction():
        row = await barometer_row(actor, barometer_id)
        access = await steering_access(actor=actor, body_id=row["body"])
        require_direction(access)
        await lock_row(Barometer, barometer_id)
        if effective_status(row, now=utcnow()) != "draft":
            raise InvalidState("Le questionnaire ne change plus une fois le baromètre ouvert.", code="barometer_open")
        before = await BarometerQuestion.count().where(BarometerQuestion.barometer == barometer_id)
        await BarometerQuestion.delete().where(BarometerQuestion.barometer == barometer_id)
        await BarometerQuestion.insert(
            *[
                BarometerQuestion(barometer=barometer_id, code=q.code, theme=q.theme.value, label=q.label, position=i)
                for i, q in enumerate(questions, start=1)
            ]
        )
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="update",
            entity="qvt_barometer",
            entity_id=barometer_id,
            before={"questions": before},
            after={"questions": [q.code for q in questions]},
        )
        fresh = await Barometer.select().where(Barometer.id == barometer_id).first()
        assert fresh is not None
        return await barometer_read(fresh)


async def open_barometer(*, actor: Actor, barometer_id: int) -> BarometerRead:
    async with transaction():
        row = await barometer_row(actor, barometer_id)
        access = await steering_access(actor=actor, body_id=row["body"])
        require_direction(access)
        await lock_row(Barometer, barometer_id)
        if row["status"] != "draft":
            raise InvalidState("Seul un baromètre en préparation peut être ouvert.", code="illegal_transition")
        if row["closes_at"] is not None and row["closes_at"] <= utcnow():
            raise InvalidState("La date de clôture est passée : modifiez-la avant d'ouvrir.", code="closes_at_past")
        now = utcnow()
        await Barometer.update({Barometer.status: "open", Barometer.opened_at: now}).where(Barometer.id == barometer_id)
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="open",
            entity="qvt_barometer",
            entity_id=barometer_id,
            before={"status": "draft"},
            after={"status": "open"},
        )
        await emit(
            BarometerOpened(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                barometer_id=barometer_id,
                title=row["title"],
                closes_at=row["closes_at"],
            )
        )
        fresh = await Barometer.select().where(Barometer.id == barometer_id).first()
        assert fresh is not None
        return await barometer_read(fresh)


async def close_barometer(*, actor: Actor, barometer_id: int) -> BarometerRead:
    async with transaction():
        row = await barometer_row(actor, barometer_id)
        access = await steering_access(actor=actor, body_id=row["body"])
        require_direction(access)
        await lock_row(Barometer, barometer_id)
        fresh = await Barometer.select().where(Barometer.id == barometer_id).first()
        assert fresh is not None
        if fresh["status"] != "open":
            raise InvalidState("Seul un baromètre ouvert peut être clos.", code="illegal_transition")
        now = utcnow()
        closes_at = fresh["closes_at"]
        await close_and_reshuffle(
            fresh, actor_user_id=actor.user_id, closed_at=min(now, closes_at) if closes_at else now
        )
        final = await Barometer.select().where(Barometer.id == barometer_id).first()
        assert final is not None
        return await barometer_read(final)


# ---------------------------------------------------------------- links
