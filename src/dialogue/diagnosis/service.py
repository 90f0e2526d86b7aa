"""The diagnosis campaign: create with the default grid or one's own, shape the grid while a draft, open, close,
publish results early; answer (one answer per person and statement, changed by its author while open); decide
actions from the gaps. Answers never reach the audit log: only their author reads them."""

from __future__ import annotations

from datetime import date
from typing import Any

from dialogue.audit import service as audit
from dialogue.auth.tables import User
from dialogue.core.actor import Actor
from dialogue.core.clock import as_date, utcnow
from dialogue.core.db import lock_row, transaction
from dialogue.core.errors import Forbidden, InvalidInput, InvalidState, NotFound
from dialogue.diagnosis import rules
from dialogue.diagnosis.access import Standing, diagnosis_row, eligible, standing
from dialogue.diagnosis.schemas import (
    AnswersInput,
    CollegeParticipation,
    DiagnosisActionCreate,
    DiagnosisActionRead,
    DiagnosisActionUpdate,
    DiagnosisCreate,
    DiagnosisRead,
    MyAnswerRead,
    MyAnswersRead,
    PublishInput,
    StatementInput,
    StatementRead,
    StatementsUpdate,
)
from dialogue.diagnosis.tables import Diagnosis, DiagnosisAction, DiagnosisAnswer, DiagnosisStatement

STATUS_LABELS = {"draft": "En préparation", "open": "Ouvert aux réponses", "closed": "Clos"}
ACTION_STATUS_LABELS = {"planned": "Prévue", "done": "Réalisée"}
#: A period longer than this is not a diagnosis of current practices (indicators over 3 years at most).
MAX_PERIOD_DAYS = 3 * 366


def results_readable(row: dict[str, Any]) -> bool:
    """Results are read once the campaign is closed, or earlier when the organiser has published them."""
    return row["status"] == "closed" or (row["status"] == "open" and row["results_published"] is not None)


async def participation(diagnosis_id: int, organization_id: int) -> list[CollegeParticipation]:
    """Respondents and eligible people per college: counts only, never who."""
    rows = await DiagnosisAnswer.select(DiagnosisAnswer.college, DiagnosisAnswer.user).where(
        DiagnosisAnswer.diagnosis == diagnosis_id
    )
    people: dict[str, set[int]] = {c: set() for c in rules.COLLEGES}
    for row in rows:
        people.setdefault(row["college"], set()).add(row["user"])
    counts = await eligible(organization_id)
    return [
        CollegeParticipation(college=c, label=label, respondents=len(people[c]), eligible=counts[c])
        for c, label in rules.COLLEGES.items()
    ]


def statement_read(row: dict[str, Any]) -> StatementRead:
    return StatementRead(
        id=row["id"],
        code=row["code"],
        dimension=row["dimension"],
        dimension_label=rules.DIMENSIONS[row["dimension"]],
        kind=row["kind"],
        kind_label=rules.KINDS[row["kind"]],
        text=row["text"],
        position=row["position"],
    )


async def statements_of(diagnosis_id: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        await DiagnosisStatement.select()
        .where(DiagnosisStatement.diagnosis == diagnosis_id)
        .order_by(DiagnosisStatement.position)
    )
    return rows


async def _read(row: dict[str, Any], who: Standing) -> DiagnosisRead:
    return DiagnosisRead(
        id=row["id"],
        organization_id=row["organization"],
        title=row["title"],
        period_start=as_date(row["period_start"]),
        period_end=as_date(row["period_end"]),
        status=row["status"],
        status_label=STATUS_LABELS[row["status"]],
        results_published=row["results_published"] is not None,
        results_readable=results_readable(row),
        previous_id=row["previous"],
        created_at=row["created_at"],
        opened_at=row["opened_at"],
        closed_at=row["closed_at"],
        my_college=who.college,
        can_organise=who.organises,
        statements=[statement_read(s) for s in await statements_of(row["id"])],
        participation=await participation(row["id"], row["organization"]),
    )


async def _fresh(diagnosis_id: int) -> dict[str, Any]:
    row: dict[str, Any] | None = await Diagnosis.select().where(Diagnosis.id == diagnosis_id).first()
    assert row is not None
    return row


def _check_statements(statements: list[StatementInput]) -> None:
    duplicates = rules.check_grid([s.code for s in statements])
    if duplicates:
        raise InvalidInput(
            "Deux énoncés portent le même code.",
            errors=[{"field": "statements", "message": f"codes en double : {', '.join(duplicates)}"}],
        )


async def _insert_statements(diagnosis_id: int, statements: list[StatementInput] | None) -> int:
    grid = (
        [(s.code, s.dimension.value, s.kind.value, s.text) for s in statements]
        if statements is not None
        else list(rules.DEFAULT_GRID)
    )
    await DiagnosisStatement.insert(
        *[
            DiagnosisStatement(diagnosis=diagnosis_id, code=code, dimension=dim, kind=kind, text=text, position=i)
            for i, (code, dim, kind, text) in enumerate(grid, start=1)
        ]
    )
    return len(grid)


async def _previous_id(organization_id: int, previous_id: int | None, before: date) -> int | None:
    """The campaign compared: the one named (of the organisation, closed), else the latest closed before."""
    if previous_id is not None:
        row = (
            await Diagnosis.select(Diagnosis.status)
            .where((Diagnosis.id == previous_id) & (Diagnosis.organization == organization_id))
            .first()
        )
        if row is None:
            raise InvalidInput(
                "Campagne précédente inconnue.", errors=[{"field": "previous_id", "message": "introuvable"}]
            )
        if row["status"] != "closed":
            raise InvalidInput(
                "La campagne comparée doit être close.", errors=[{"field": "previous_id", "message": "pas close"}]
            )
        return previous_id
    row = (
        await Diagnosis.select(Diagnosis.id)
        .where(
            (Diagnosis.organization == organization_id)
            & (Diagnosis.status == "closed")
            & (Diagnosis.period_start < before)
        )
        .order_by(Diagnosis.period_start, ascending=False)
        .first()
    )
    return int(row["id"]) if row else None


async def create_diagnosis(*, actor: Actor, organization_id: int, data: DiagnosisCreate) -> DiagnosisRead:
    """The direction or an admin sets up a campaign (draft) with the default grid or its own."""
    who = (await standing(actor=actor, organization_id=organization_id)).require_organiser()
    if (data.period_end - data.period_start).days > MAX_PERIOD_DAYS:
        raise InvalidInput(
            "Période trop longue : trois ans au plus.", errors=[{"field": "period_end", "message": "au plus 3 ans"}]
        )
    if data.statements is not None:
        _check_statements(data.statements)
    async with transaction():
        previous = await _previous_id(organization_id, data.previous_id, data.period_start)
        diagnosis = Diagnosis(
            organization=organization_id,
            title=data.title,
            period_start=data.period_start,
            period_end=data.period_end,
            status="draft",
            previous=previous,
            created_by=actor.user_id,
            created_at=utcnow(),
        )
        await diagnosis.save()
        count = await _insert_statements(diagnosis.id, data.statements)
        await audit.record(
            actor=actor,
            organization_id=organization_id,
            action="create",
            entity="dialogue_diagnosis",
            entity_id=diagnosis.id,
            after={**data.model_dump(mode="json", exclude={"statements"}), "statements": count},
        )
        row = await _fresh(diagnosis.id)
        return await _read(row, who)


async def list_diagnoses(*, actor: Actor, organization_id: int) -> list[DiagnosisRead]:
    """The organisation's campaigns, latest period first (readers: organisers and the three colleges)."""
    who = (await standing(actor=actor, organization_id=organization_id)).require_read()
    rows = (
        await Diagnosis.select()
        .where(Diagnosis.organization == organization_id)
        .order_by(Diagnosis.period_start, ascending=False)
        .order_by(Diagnosis.id, ascending=False)
    )
    return [await _read(row, who) for row in rows]


async def organises(*, actor: Actor, organization_id: int) -> bool:
    """Whether the actor organises the organisation's diagnoses (the admins and the direction: `access.py`), for the
    page to offer the creation form; NotFound for another organisation."""
    return (await standing(actor=actor, organization_id=organization_id)).organises


async def get_diagnosis(*, actor: Actor, diagnosis_id: int) -> DiagnosisRead:
    who, row = await diagnosis_row(actor=actor, diagnosis_id=diagnosis_id)
    return await _read(row, who)


async def set_statements(*, actor: Actor, diagnosis_id: int, data: StatementsUpdate) -> DiagnosisRead:
    """Replace the grid while the campaign is a draft (409 once open: answers would lose their statement)."""
    _check_statements(data.statements)
    async with transaction():
        who, row = await diagnosis_row(actor=actor, diagnosis_id=diagnosis_id)
        who.require_organiser()
        await lock_row(Diagnosis, diagnosis_id)
        row = await _fresh(diagnosis_id)
        if row["status"] != "draft":
            raise InvalidState("La grille ne change plus une fois le diagnostic ouvert.", code="grid_frozen")
        await DiagnosisStatement.delete().where(DiagnosisStatement.diagnosis == diagnosis_id)
        count = await _insert_statements(diagnosis_id, data.statements)
        await audit.record(
            actor=actor,
            organization_id=row["organization"],
            action="update",
            entity="dialogue_diagnosis",
            entity_id=diagnosis_id,
            after={"statements": count},
        )
        return await _read(row, who)


_TRANSITIONS = {"open": ("draft", "open"), "close": ("open", "closed")}


async def change_status(*, actor: Actor, diagnosis_id: int, step: str) -> DiagnosisRead:
    """Open a draft, close an open campaign (409 otherwise)."""
    before, after = _TRANSITIONS[step]
    async with transaction():
        who, row = await diagnosis_row(actor=actor, diagnosis_id=diagnosis_id)
        who.require_organiser()
        await lock_row(Diagnosis, diagnosis_id)
        row = await _fresh(diagnosis_id)
        if row["status"] != before:
            raise InvalidState(
                f"Transition impossible : le diagnostic est « {STATUS_LABELS[row['status']]} ».",
                code="illegal_transition",
            )
        if step == "open" and not await DiagnosisStatement.exists().where(DiagnosisStatement.diagnosis == diagnosis_id):
            raise InvalidState("La grille est vide : ajoutez des énoncés avant d'ouvrir.", code="empty_grid")
        stamp = {"opened_at": utcnow()} if step == "open" else {"closed_at": utcnow()}
        await Diagnosis.update({Diagnosis.status: after, **{getattr(Diagnosis, k): v for k, v in stamp.items()}}).where(
            Diagnosis.id == diagnosis_id
        )
        await audit.record(
            actor=actor,
            organization_id=row["organization"],
            action=step,
            entity="dialogue_diagnosis",
            entity_id=diagnosis_id,
            before={"status": before},
            after={"status": after},
        )
        row = await _fresh(diagnosis_id)
        return await _read(row, who)


async def publish_results(*, actor: Actor, diagnosis_id: int, data: PublishInput) -> DiagnosisRead:
    """The organiser opens the results to the three colleges before the closing (or withdraws that)."""
    async with transaction():
        who, row = await diagnosis_row(actor=actor, diagnosis_id=diagnosis_id)
        who.require_organiser()
        if row["status"] != "open":
            raise InvalidState(
                "Seuls les résultats d'un diagnostic ouvert se publient avant la clôture.", code="not_open"
            )
        await Diagnosis.update({Diagnosis.results_published: utcnow() if data.published else None}).where(
            Diagnosis.id == diagnosis_id
        )
        await audit.record(
            actor=actor,
            organization_id=row["organization"],
            action="publish" if data.published else "unpublish",
            entity="dialogue_diagnosis",
            entity_id=diagnosis_id,
            after={"results_published": data.published},
        )
        row = await _fresh(diagnosis_id)
        return await _read(row, who)


async def _my_answers(diagnosis_id: int, who: Standing) -> MyAnswersRead:
    rows = (
        await DiagnosisAnswer.select(
            DiagnosisAnswer.statement, DiagnosisAnswer.score, DiagnosisAnswer.comment, DiagnosisAnswer.updated_at
        )
        .where((DiagnosisAnswer.diagnosis == diagnosis_id) & (DiagnosisAnswer.user == who.actor.user_id))
        .order_by(DiagnosisAnswer.statement)
    )
    items = [
        MyAnswerRead(statement_id=r["statement"], score=r["score"], comment=r["comment"], updated_at=r["updated_at"])
        for r in rows
    ]
    return MyAnswersRead(diagnosis_id=diagnosis_id, college=who.college, items=items, total=len(items))


async def my_answers(*, actor: Actor, diagnosis_id: int) -> MyAnswersRead:
    """The reader's own answers, and only theirs."""
    who, _ = await diagnosis_row(actor=actor, diagnosis_id=diagnosis_id)
    return await _my_answers(diagnosis_id, who)


async def submit_answers(*, actor: Actor, diagnosis_id: int, data: AnswersInput) -> MyAnswersRead:
    """Record or change the actor's answers while the campaign is open (the three colleges only)."""
    ids = [a.statement_id for a in data.answers]
    if len(set(ids)) != len(ids):
        raise InvalidInput(
            "Un même énoncé figure deux fois.", errors=[{"field": "answers", "message": "énoncé en double"}]
        )
    async with transaction():
        who, row = await diagnosis_row(actor=actor, diagnosis_id=diagnosis_id)
        if who.college is None:
            who.require_read()
            raise Forbidden("Seuls les membres des trois collèges répondent au diagnostic.")
        if row["status"] != "open":
            raise InvalidState("Le diagnostic n'est pas ouvert aux réponses.", code="not_open")
        known = {s["id"] for s in await statements_of(diagnosis_id)}
        unknown = sorted(set(ids) - known)
        if unknown:
            raise InvalidInput(
                "Énoncé inconnu dans ce diagnostic.",
                errors=[{"field": "answers", "message": f"énoncés introuvables : {', '.join(map(str, unknown))}"}],
            )
        existing = {
            r["statement"]: r["id"]
            for r in await DiagnosisAnswer.select(DiagnosisAnswer.id, DiagnosisAnswer.statement).where(
                (DiagnosisAnswer.diagnosis == diagnosis_id) & (DiagnosisAnswer.user == actor.user_id)
            )
        }
        now = utcnow()
        for answer in data.answers:
            if answer.statement_id in existing:
                await DiagnosisAnswer.update(
                    {
                        DiagnosisAnswer.score: answer.score,
                        DiagnosisAnswer.comment: answer.comment,
                        DiagnosisAnswer.college: who.college,
                        DiagnosisAnswer.updated_at: now,
                    }
                ).where(DiagnosisAnswer.id == existing[answer.statement_id])
            else:
                await DiagnosisAnswer.insert(
                    DiagnosisAnswer(
                        diagnosis=diagnosis_id,
                        statement=answer.statement_id,
                        user=actor.user_id,
                        college=who.college,
                        score=answer.score,
                        comment=answer.comment,
                        updated_at=now,
                    )
                )
        return await _my_answers(diagnosis_id, who)


# ------------------------------------------------------------------------------------------------ actions


async def _people(organization_id: int, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = await User.select(User.id, User.full_name).where(
        (User.id.is_in(sorted(set(ids)))) & (User.organization == organization_id)
    )
    return {r["id"]: r["full_name"] for r in rows}


async def _action_reads(
    diagnosis_id: int, organization_id: int, action_id: int | None = None
) -> list[DiagnosisActionRead]:
    query = DiagnosisAction.select().where(DiagnosisAction.diagnosis == diagnosis_id)
    if action_id is not None:
        query = query.where(DiagnosisAction.id == action_id)
    rows = await query.order_by(DiagnosisAction.due_on).order_by(DiagnosisAction.id)
    names = await _people(organization_id, [r["owner"] for r in rows])
    texts = {s["id"]: s["text"] for s in await statements_of(diagnosis_id)}
    return [
        DiagnosisActionRead(
            id=r["id"],
            diagnosis_id=diagnosis_id,
            statement_id=r["statement"],
            statement_text=texts.get(r["statement"]) if r["statement"] else None,
            title=r["title"],
            owner_id=r["owner"],
            owner_name=names.get(r["owner"], ""),
            due_on=as_date(r["due_on"]),
            status=r["status"],
            status_label=ACTION_STATUS_LABELS[r["status"]],
            created_at=r["created_at"],
        )
        for r in rows
    ]


async def list_actions(*, actor: Actor, diagnosis_id: int) -> list[DiagnosisActionRead]:
    _, row = await diagnosis_row(actor=actor, diagnosis_id=diagnosis_id)
    return await _action_reads(diagnosis_id, row["organization"])


async def _check_owner(organization_id: int, owner_id: int) -> None:
    if not await User.exists().where(
        (User.id == owner_id) & (User.organization == organization_id) & (User.is_active == True)  # noqa: E712
    ):
        raise InvalidInput(
            "Pilote inconnu dans l'organisation.", errors=[{"field": "owner_id", "message": "introuvable"}]
        )


async def create_action(*, actor: Actor, diagnosis_id: int, data: DiagnosisActionCreate) -> DiagnosisActionRead:
    """The organiser turns a gap into an action with an owner and a date."""
    async with transaction():
        who, row = await diagnosis_row(actor=actor, diagnosis_id=diagnosis_id)
        who.require_organiser()
        await _check_owner(row["organization"], data.owner_id)
        if data.statement_id is not None and not await DiagnosisStatement.exists().where(
            (DiagnosisStatement.id == data.statement_id) & (DiagnosisStatement.diagnosis == diagnosis_id)
        ):
            raise InvalidInput(
                "Énoncé inconnu dans ce diagnostic.", errors=[{"field": "statement_id", "message": "introuvable"}]
            )
        action = DiagnosisAction(
            diagnosis=diagnosis_id,
            statement=data.statement_id,
            title=data.title,
            owner=data.owner_id,
            due_on=data.due_on,
            status="planned",
            created_by=actor.user_id,
            created_at=utcnow(),
        )
        await action.save()
        await audit.record(
            actor=actor,
            organization_id=row["organization"],
            action="create",
            entity="dialogue_diagnosis_action",
            entity_id=action.id,
            after=data.model_dump(mode="json"),
        )
        return (await _action_reads(diagnosis_id, row["organization"], action.id))[0]


async def update_action(*, actor: Actor, action_id: int, data: DiagnosisActionUpdate) -> DiagnosisActionRead:
    """The organiser, or the action's owner, follows it up (status, date; only the organiser changes the owner)."""
    async with transaction():
        action = await DiagnosisAction.select().where(DiagnosisAction.id == action_id).first()
        if action is None:
            raise NotFound("Action introuvable.")
        who, row = await diagnosis_row(actor=actor, diagnosis_id=action["diagnosis"])
        if not who.organises and (action["owner"] != actor.user_id or data.owner_id is not None):
            raise Forbidden("Seuls l'organisateur et le pilote de l'action la suivent.")
        changes: dict[Any, Any] = {}
        if data.owner_id is not None:
            await _check_owner(row["organization"], data.owner_id)
            changes[DiagnosisAction.owner] = data.owner_id
        if data.status is not None:
            changes[DiagnosisAction.status] = data.status.value
        if data.due_on is not None:
            changes[DiagnosisAction.due_on] = data.due_on
        if changes:
            await DiagnosisAction.update(changes).where(DiagnosisAction.id == action_id)
            await audit.record(
                actor=actor,
                organization_id=row["organization"],
                action="update",
                entity="dialogue_diagnosis_action",
                entity_id=action_id,
                after=data.model_dump(mode="json", exclude_none=True),
            )
        return (await _action_reads(action["diagnosis"], row["organization"], action_id))[0]


async def owner_choices(*, actor: Actor, diagnosis_id: int) -> list[tuple[int, str]]:
    """The organisation's active accounts an organiser may name as an action's owner (id, name)."""
    who, row = await diagnosis_row(actor=actor, diagnosis_id=diagnosis_id)
    who.require_organiser()
    rows = (
        await User.select(User.id, User.full_name)
        .where((User.organization == row["organization"]) & (User.is_active == True))  # noqa: E712
        .order_by(User.full_name)
    )
    return [(r["id"], r["full_name"]) for r in rows]
