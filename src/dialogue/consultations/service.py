"""Consultations of the CSE: opened with the information given, deadline computed (R2312-6), opinion from a
vote at a meeting or deemed negative when the deadline passes (L2312-16)."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from dialogue.audit import service as audit
from dialogue.bodies.access import BodyAccess, body_access
from dialogue.consultations.events import ConsultationOpened, ConsultationOpinionRecorded, ConsultationUpdated
from dialogue.consultations.rules import consultation_state, opinion_deadline
from dialogue.consultations.schemas import (
    KIND_LABELS,
    ConsultationCreate,
    ConsultationKind,
    ConsultationMeetingRead,
    ConsultationRead,
    ConsultationUpdate,
)
from dialogue.consultations.tables import Consultation
from dialogue.core import clock
from dialogue.core.actor import Actor
from dialogue.core.db import lock_row, transaction
from dialogue.core.errors import InvalidInput, InvalidState, NotFound
from dialogue.core.events import emit

RUNS = "Seuls le président et le secrétaire de l'instance ouvrent et suivent les consultations."


def _today() -> date:
    return clock.utcnow().astimezone(clock.PARIS).date()


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _deadline(row: dict[str, Any]) -> tuple[date, str]:
    deadline = opinion_deadline(
        informed_on=_as_date(row["informed_on"]),
        expert_appointed=bool(row["expert_appointed"]),
        multi_level=bool(row["multi_level"]),
        level=row["level"],
        agreed_days=row["agreed_delay_days"],
    )
    return deadline.due, deadline.basis


async def _reads(rows: list[dict[str, Any]]) -> list[ConsultationRead]:
    from dialogue.meetings.service import agenda

    discussed = await agenda.discussions([r["id"] for r in rows])
    today = _today()
    reads = []
    for row in rows:
        due, basis = _deadline(row)
        status, opinion = consultation_state(opinion=row["opinion"], deadline=due, today=today)
        reads.append(
            ConsultationRead(
                id=row["id"],
                body_id=row["body"],
                subject=row["subject"],
                kind=row["kind"],
                kind_label=KIND_LABELS[ConsultationKind(row["kind"])],
                year=row["year"],
                description=row["description"],
                informed_on=_as_date(row["informed_on"]),
                level=row["level"],
                multi_level=row["multi_level"],
                expert_appointed=row["expert_appointed"],
                expert_name=row["expert_name"],
                agreed_delay_days=row["agreed_delay_days"],
                deadline=due,
                deadline_basis=basis,
                days_left=max(0, (due - today).days),
                status=status,
                opinion=opinion,
                opinion_text=row["opinion_text"],
                opinion_on=_as_date(row["opinion_on"]) if row["opinion_on"] else None,
                opinion_vote_id=row["opinion_vote_id"],
                meetings=[
                    ConsultationMeetingRead(
                        meeting_id=d["meeting"],
                        title=d["meeting.title"],
                        starts_at=d["meeting.starts_at"].astimezone(ZoneInfo(d["meeting.timezone"])),
                        status=d["meeting.status"],
                        agenda_item_id=d["id"],
                    )
                    for d in discussed.get(row["id"], [])
                ],
                created_at=row["created_at"],
                updated_at=row["updated_at"],
            )
        )
    return reads


async def _read(consultation_id: int) -> ConsultationRead:
    row = await Consultation.select().where(Consultation.id == consultation_id).first()
    if row is None:
        raise NotFound("Consultation introuvable.")
    (read,) = await _reads([row])
    return read


async def _access(*, actor: Actor, consultation_id: int) -> tuple[BodyAccess, dict[str, Any]]:
    row = await Consultation.select().where(Consultation.id == consultation_id).first()
    if row is None:
        raise NotFound("Consultation introuvable.")
    access = await body_access(actor=actor, body_id=row["body"])
    access.require_read()
    return access, row


def _check_informed_on(informed_on: date) -> None:
    if informed_on > _today():
        raise InvalidInput(
            "Le délai court à compter de l'information effectivement donnée (R2312-5) : date future refusée.",
            errors=[{"field": "informed_on", "message": "date dans le futur"}],
        )


async def open_consultation(*, actor: Actor, body_id: int, data: ConsultationCreate) -> ConsultationRead:
    async with transaction():
        access = await body_access(actor=actor, body_id=body_id)
        access.require(access.runs_meetings, RUNS)
        _check_informed_on(data.informed_on)
        moment = clock.utcnow()
        consultation = Consultation(
            body=body_id,
            subject=data.subject,
            kind=data.kind.value,
            year=data.year,
            description=data.description,
            informed_on=data.informed_on,
            level=data.level.value,
            multi_level=data.multi_level,
            expert_appointed=data.expert_appointed,
            expert_name=data.expert_name,
            agreed_delay_days=data.agreed_delay_days,
            created_by=actor.user_id,
            created_at=moment,
            updated_at=moment,
        )
        await consultation.save()
        read = await _read(consultation.id)
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="create",
            entity="consultation",
            entity_id=consultation.id,
            after=data.model_dump(mode="json"),
        )
        await emit(
            ConsultationOpened(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                consultation_id=consultation.id,
                body_id=body_id,
                deadline=read.deadline,
            )
        )
        return read


async def list_consultations(
    *, actor: Actor, body_id: int, limit: int, offset: int, status: str | None = None
) -> tuple[list[ConsultationRead], int]:
    """Consultations of a body, latest information first; the status filter applies the computed state."""
    (await body_access(actor=actor, body_id=body_id)).require_read()
    rows = (
        await Consultation.select()
        .where(Consultation.body == body_id)
        .order_by(Consultation.informed_on, ascending=False)
        .order_by(Consultation.id, ascending=False)
    )
    reads = await _reads(rows)
    if status:
        reads = [r for r in reads if r.status == status]
    return reads[offset : offset + limit], len(reads)


async def get_consultation(*, actor: Actor, consultation_id: int) -> ConsultationRead:
    await _access(actor=actor, consultation_id=consultation_id)
    return await _read(consultation_id)


async def update_consultation(*, actor: Actor, consultation_id: int, data: ConsultationUpdate) -> ConsultationRead:
    """Correct the facts of a running consultation (expert appointed, information date…); not after the opinion."""
    async with transaction():
        access, row = await _access(actor=actor, consultation_id=consultation_id)
        access.require(access.runs_meetings, RUNS)
        await lock_row(Consultation, consultation_id)
        if row["opinion"] is not None:
            raise InvalidState("L'avis a été rendu : la consultation est close.", code="opinion_given")
        changes = {k: (v.value if hasattr(v, "value") else v) for k, v in data.model_dump(exclude_unset=True).items()}
        if "informed_on" in changes and changes["informed_on"] is not None:
            _check_informed_on(changes["informed_on"])
        for required in ("subject", "informed_on", "level", "multi_level", "expert_appointed"):
            if required in changes and changes[required] is None:
                raise InvalidInput(
                    "Valeur obligatoire.", errors=[{"field": required, "message": "ne peut pas être vide"}]
                )
        if changes:
            await Consultation.update(
                {**{getattr(Consultation, k): v for k, v in changes.items()}, Consultation.updated_at: clock.utcnow()}
            ).where(Consultation.id == consultation_id)
            read = await _read(consultation_id)
            await audit.record(
                actor=actor,
                organization_id=access.organization_id,
                action="update",
                entity="consultation",
                entity_id=consultation_id,
                before={k: row[k] for k in changes},
                after=changes,
            )
            await emit(
                ConsultationUpdated(
                    organization_id=access.organization_id,
                    actor_user_id=actor.user_id,
                    consultation_id=consultation_id,
                    body_id=row["body"],
                    deadline=read.deadline,
                )
            )
        return await _read(consultation_id)


async def consultation_body(consultation_id: int) -> int:
    """The body of a consultation (meetings link agenda items to consultations of the same body only)."""
    row = await Consultation.select(Consultation.body).where(Consultation.id == consultation_id).first()
    if row is None:
        raise InvalidInput(
            "Consultation introuvable.", errors=[{"field": "consultation_id", "message": "consultation inconnue"}]
        )
    return int(row["body"])


async def ensure_open(*, consultation_id: int, on: date) -> None:
    """Raise unless an opinion can still be given on `on` (not given yet, deadline not passed: L2312-16)."""
    row = await Consultation.select().where(Consultation.id == consultation_id).first()
    if row is None:
        raise NotFound("Consultation introuvable.")
    due, _ = _deadline(row)
    status, _ = consultation_state(opinion=row["opinion"], deadline=due, today=on)
    if status == "opinion_given":
        raise InvalidState("Le comité a déjà rendu son avis sur cette consultation.", code="opinion_given")
    if status == "deemed_negative":
        raise InvalidState(
            f"Le délai de consultation a expiré le {due.strftime('%d/%m/%Y')} : le comité est réputé avoir été "
            "consulté et avoir rendu un avis négatif (art. L2312-16 du Code du travail).",
            code="consultation_deadline_passed",
        )


async def record_opinion(
    *, actor: Actor, organization_id: int, consultation_id: int, opinion: str, text: str | None, on: date, vote_id: int
) -> None:
    """Record the committee's opinion given by a vote (called by meetings, inside its transaction)."""
    await lock_row(Consultation, consultation_id)
    await ensure_open(consultation_id=consultation_id, on=on)
    row = await Consultation.select(Consultation.body).where(Consultation.id == consultation_id).first()
    assert row is not None
    await Consultation.update(
        {
            Consultation.opinion: opinion,
            Consultation.opinion_text: text,
            Consultation.opinion_on: on,
            Consultation.opinion_vote_id: vote_id,
            Consultation.updated_at: clock.utcnow(),
        }
    ).where(Consultation.id == consultation_id)
    await audit.record(
        actor=actor,
        organization_id=organization_id,
        action="opinion",
        entity="consultation",
        entity_id=consultation_id,
        after={"opinion": opinion, "opinion_on": on, "vote_id": vote_id},
    )
    await emit(
        ConsultationOpinionRecorded(
            organization_id=organization_id,
            actor_user_id=actor.user_id,
            consultation_id=consultation_id,
            body_id=row["body"],
            opinion=opinion,
            vote_id=vote_id,
        )
    )
