"""Consultations of the CSE: opened with the information given, deadline computed (R2312-6), opinion from a
vote at a meeting or deemed negative when the deadline passes (L2312-16), and final then: every write below
goes through `_refuse_if_final` (rules.final_refusal). No deemed opinion below 50 (R2312-6); a CSSCT is never
consulted (L2315-38); an expertise challenged in court suspends the delay until the judgment (L2315-86)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from dialogue.audit import service as audit
from dialogue.bodies.access import BodyAccess, body_access
from dialogue.bodies.regime import regime_of_body
from dialogue.consultations import informing, queries
from dialogue.consultations.events import ConsultationOpened, ConsultationOpinionRecorded, ConsultationUpdated
from dialogue.consultations.queries import MeetingsOf
from dialogue.consultations.rules import (
    AGREED_DAYS_FLOOR_DEFAULT,
    Outlook,
    Refusal,
    agreed_delay_refusal,
    body_kind_refusal,
    challenge_refusal,
    consultation_outlook,
    final_refusal,
    judgment_refusal,
)
from dialogue.consultations.schemas import (
    KIND_LABELS,
    ConsultationCreate,
    ConsultationKind,
    ConsultationMeetingRead,
    ConsultationRead,
    ConsultationStatus,
    ConsultationUpdate,
    ExpertiseChallengeCreate,
    JudgmentCreate,
)
from dialogue.consultations.tables import Consultation
from dialogue.core import clock
from dialogue.core.actor import Actor
from dialogue.core.db import lock_row, transaction
from dialogue.core.errors import InvalidInput, InvalidState, NotFound, RuleViolation
from dialogue.core.events import emit
from dialogue.core.paging import page_total

RUNS = "Seuls le président et le secrétaire de l'instance ouvrent et suivent les consultations."
EMPLOYER = "Seul l'employeur (président ou direction) enregistre sa contestation de l'expertise et le jugement."


_today = clock.today_by_clock
_as_date = clock.to_date
_as_date_or_none = clock.as_date


async def full_remit(body_id: int) -> bool:
    """Whether the >= 50 attributions apply to the body (company headcount over time, L2312-1/2/3): R2312-6's
    deemed opinion only exists then."""
    regime = await regime_of_body(body_id, today=clock.local_today())
    if regime is None:
        raise NotFound("Instance introuvable.")
    return regime.attributions.full_remit


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsultationState:
    """What the deadline of a stored consultation depends on (R2312-6, L2312-16, L2315-86), for `outlook`."""

    body_id: int
    informed_on: date
    expert_appointed: bool
    multi_level: bool
    level: str
    agreed_days: int | None
    opinion: str | None
    challenge_filed_on: date | None
    judgment_on: date | None


def from_row(row: Mapping[str, Any]) -> ConsultationState:
    """The state of a `consultation` row as selected by the reminders and the feeds."""
    return ConsultationState(
        body_id=row["body"],
        informed_on=_as_date(row["informed_on"]),
        expert_appointed=bool(row["expert_appointed"]),
        multi_level=bool(row["multi_level"]),
        level=row["level"],
        agreed_days=row["agreed_delay_days"],
        opinion=row["opinion"],
        challenge_filed_on=_as_date_or_none(row["challenge_filed_on"]),
        judgment_on=_as_date_or_none(row["judgment_on"]),
    )


def _outlook(state: ConsultationState, *, full_remit: bool, today: date) -> Outlook:
    return consultation_outlook(
        informed_on=state.informed_on,
        expert_appointed=state.expert_appointed,
        multi_level=state.multi_level,
        level=state.level,
        agreed_days=state.agreed_days,
        opinion=state.opinion,
        full_remit=full_remit,
        challenge_filed_on=state.challenge_filed_on,
        judgment_on=state.judgment_on,
        today=today,
    )


async def outlook(state: ConsultationState, *, today: date) -> Outlook:
    """A stored consultation (`from_row`) on `today`, for reminders and feeds: no deadline below 50 or while
    suspended."""
    return _outlook(state, full_remit=await full_remit(state.body_id), today=today)


def _raise(refusal: Refusal | None) -> None:
    if refusal is not None:
        raise RuleViolation(refusal.message, code=refusal.code)


async def _refuse_if_final(row: dict[str, Any], *, on: date) -> Outlook:
    """The one guard of every write: an opinion given, or deemed negative at the expiry (L2312-16), is final."""
    outlook = _outlook(from_row(row), full_remit=await full_remit(row["body"]), today=on)
    _raise(final_refusal(outlook))
    return outlook


async def _no_meetings(consultation_ids: Sequence[int], /) -> Mapping[int, Sequence[ConsultationMeetingRead]]:
    """A consultation just opened is on no agenda yet."""
    return {}


async def _reads(
    rows: list[dict[str, Any]], *, meetings_of: MeetingsOf, remits: Mapping[int, bool] | None = None
) -> list[ConsultationRead]:
    """Read models of stored rows, with the meetings whose agenda carries them (`meetings_of`, meetings' reader);
    `remits` (`full_remit` by body) is read per body unless given."""
    discussed = await meetings_of([r["id"] for r in rows])
    today = _today()
    if remits is None:
        remits = {body: await full_remit(body) for body in {r["body"] for r in rows}}
    reads = []
    for row in rows:
        outlook = _outlook(from_row(row), full_remit=remits[row["body"]], today=today)
        due = outlook.deadline
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
                informed_on_override_reason=row["informed_on_override_reason"],
                level=row["level"],
                multi_level=row["multi_level"],
                expert_appointed=row["expert_appointed"],
                expert_name=row["expert_name"],
                expert_appointed_on=_as_date_or_none(row["expert_appointed_on"]),
                challenge_filed_on=_as_date_or_none(row["challenge_filed_on"]),
                judgment_on=_as_date_or_none(row["judgment_on"]),
                agreed_delay_days=row["agreed_delay_days"],
                deadline=due,
                deadline_basis=outlook.basis,
                days_left=None if due is None else max(0, (due - today).days),
                status=outlook.status,
                status_label=outlook.label,
                final=outlook.final,
                deemed_opinion_applies=remits[row["body"]],
                opinion=outlook.opinion,
                opinion_text=row["opinion_text"],
                opinion_on=_as_date(row["opinion_on"]) if row["opinion_on"] else None,
                opinion_vote_id=row["opinion_vote_id"],
                meetings=list(discussed.get(row["id"], [])),
                created_at=row["created_at"],
                updated_at=row["updated_at"],
            )
        )
    return reads


async def _read(consultation_id: int, *, meetings_of: MeetingsOf) -> ConsultationRead:
    row = await Consultation.select().where(Consultation.id == consultation_id).first()
    if row is None:
        raise NotFound("Consultation introuvable.")
    (read,) = await _reads([row], meetings_of=meetings_of)
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


def _check_past(day: date, field: str, what: str) -> None:
    if day > _today():
        raise InvalidInput(f"{what} : date future refusée.", errors=[{"field": field, "message": "date dans le futur"}])


async def open_consultation(
    *, actor: Actor, body_id: int, data: ConsultationCreate, min_agreed_days: int = AGREED_DAYS_FLOOR_DEFAULT
) -> ConsultationRead:
    """Open a consultation on a CSE (never a CSSCT, L2315-38); an agreed delay is at least `min_agreed_days`
    (controllers and pages pass settings.consultation_min_agreed_days)."""
    async with transaction():
        access = await body_access(actor=actor, body_id=body_id)
        access.require(access.runs_meetings, RUNS)
        _raise(body_kind_refusal(access.kind))
        _check_informed_on(data.informed_on)
        _raise(agreed_delay_refusal(agreed_days=data.agreed_delay_days, floor=min_agreed_days))
        expert_appointed_on = None
        if data.expert_appointed:
            expert_appointed_on = data.expert_appointed_on or _today()
            _check_past(expert_appointed_on, "expert_appointed_on", "Désignation de l'expert")
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
            expert_appointed_on=expert_appointed_on,
            agreed_delay_days=data.agreed_delay_days,
            created_by=actor.user_id,
            created_at=moment,
            updated_at=moment,
        )
        await consultation.save()
        read = await _read(consultation.id, meetings_of=_no_meetings)
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
    *,
    actor: Actor,
    body_id: int,
    limit: int,
    offset: int,
    meetings_of: MeetingsOf,
    status: ConsultationStatus | None = None,
) -> tuple[list[ConsultationRead], int]:
    """Consultations of a body, latest information first, paged in SQL. Only a recorded opinion is stored; the
    other states hang on the deadline computed by rules.consultation_outlook (R2312-6, L2312-16, L2315-86), not
    rewritten in SQL: for those, the rows without an opinion are read, their state computed, then paged."""
    (await body_access(actor=actor, body_id=body_id)).require_read()
    if status is None or status is ConsultationStatus.opinion_given:
        given = None if status is None else True
        page = await queries.rows_of_body(body_id, limit=limit, offset=offset, opinion_given=given)
        total = await page_total(
            page.rows, limit=limit, offset=offset, count=lambda: queries.count_of_body(body_id, opinion_given=given)
        )
        return await _reads(page.rows, meetings_of=meetings_of, remits=page.remits), total
    candidates = await queries.rows_of_body(body_id, opinion_given=False)
    remits, today = candidates.remits, _today()
    matching = [
        row
        for row in candidates.rows
        if _outlook(from_row(row), full_remit=remits[row["body"]], today=today).status == status.value
    ]
    page_rows = matching[offset : offset + limit]
    return await _reads(page_rows, meetings_of=meetings_of, remits=remits), len(matching)


async def get_consultation(*, actor: Actor, consultation_id: int, meetings_of: MeetingsOf) -> ConsultationRead:
    await _access(actor=actor, consultation_id=consultation_id)
    return await _read(consultation_id, meetings_of=meetings_of)


async def update_consultation(
    *,
    actor: Actor,
    consultation_id: int,
    data: ConsultationUpdate,
    meetings_of: MeetingsOf,
    min_agreed_days: int = AGREED_DAYS_FLOOR_DEFAULT,
) -> ConsultationRead:
    """Correct the facts of a running consultation (expert appointed, information date…); not once the opinion is
    given or deemed given (L2312-16)."""
    async with transaction():
        access, row = await _access(actor=actor, consultation_id=consultation_id)
        access.require(access.runs_meetings, RUNS)
        await lock_row(Consultation, consultation_id)
        await _refuse_if_final(row, on=_today())
        changes = {k: (v.value if hasattr(v, "value") else v) for k, v in data.model_dump(exclude_unset=True).items()}
        if "informed_on" in changes and changes["informed_on"] is not None:
            _check_informed_on(changes["informed_on"])
        await informing.check_override(row, changes)
        if "agreed_delay_days" in changes:
            _raise(agreed_delay_refusal(agreed_days=changes["agreed_delay_days"], floor=min_agreed_days))
        _expert_changes(row, changes)
        for required in ("subject", "informed_on", "level", "multi_level", "expert_appointed"):
            if required in changes and changes[required] is None:
                raise InvalidInput(
                    "Valeur obligatoire.", errors=[{"field": required, "message": "ne peut pas être vide"}]
                )
        if changes:
            await Consultation.update(
                {**{getattr(Consultation, k): v for k, v in changes.items()}, Consultation.updated_at: clock.utcnow()}
            ).where(Consultation.id == consultation_id)
            read = await _read(consultation_id, meetings_of=meetings_of)
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
        return await _read(consultation_id, meetings_of=meetings_of)


def _expert_changes(row: dict[str, Any], changes: dict[str, Any]) -> None:
    """Keep the designation date with the expert (R2315-49): set on appointment (today by default), cleared with
    it; frozen once the employer's challenge is recorded (its 10 days were counted from it, L2315-86)."""
    expert_fields = {"expert_appointed", "expert_appointed_on"} & changes.keys()
    if expert_fields and row["challenge_filed_on"] is not None:
        raise InvalidState(
            "L'expertise est contestée en justice (art. L2315-86) : la désignation de l'expert ne se modifie plus.",
            code="expertise_challenged",
        )
    appointed = changes.get("expert_appointed", bool(row["expert_appointed"]))
    if not appointed:
        if expert_fields:
            changes["expert_appointed_on"] = None
        return
    if changes.get("expert_appointed_on") is not None:
        _check_past(changes["expert_appointed_on"], "expert_appointed_on", "Désignation de l'expert")
    elif row["expert_appointed_on"] is None or "expert_appointed_on" in changes:
        changes["expert_appointed_on"] = _today()


async def record_challenge(
    *, actor: Actor, consultation_id: int, data: ExpertiseChallengeCreate, meetings_of: MeetingsOf
) -> ConsultationRead:
    """The employer's court challenge of the expertise, filed within 10 days of the expert's designation
    (L2315-86, R2315-49): the consultation delay is suspended until the judgment."""
    async with transaction():
        access, row = await _access(actor=actor, consultation_id=consultation_id)
        access.require(access.is_president or access.is_direction, EMPLOYER)
        await lock_row(Consultation, consultation_id)
        _check_past(data.filed_on, "filed_on", "Saisine du juge")
        # The filing suspends the delay from its own date (L2315-86): a challenge filed before the expiry but
        # recorded after it is judged on the filing day, when no opinion was deemed yet.
        await _refuse_if_final(row, on=data.filed_on)
        _raise(
            challenge_refusal(
                expert_appointed=bool(row["expert_appointed"]),
                expert_appointed_on=_as_date_or_none(row["expert_appointed_on"]),
                already_filed=row["challenge_filed_on"] is not None,
                filed_on=data.filed_on,
            )
        )
        step = (Consultation.challenge_filed_on, data.filed_on)
        return await _record_court_step(actor, access, row, step, meetings_of=meetings_of)


async def record_judgment(
    *, actor: Actor, consultation_id: int, data: JudgmentCreate, meetings_of: MeetingsOf
) -> ConsultationRead:
    """The judgment on the challenged expertise, notified: the delay resumes for the days left (L2315-86)."""
    async with transaction():
        access, row = await _access(actor=actor, consultation_id=consultation_id)
        access.require(access.is_president or access.is_direction, EMPLOYER)
        await lock_row(Consultation, consultation_id)
        await _refuse_if_final(row, on=_today())
        _check_past(data.judgment_on, "judgment_on", "Notification du jugement")
        _raise(
            judgment_refusal(
                challenge_filed_on=_as_date_or_none(row["challenge_filed_on"]),
                already_recorded=row["judgment_on"] is not None,
                judgment_on=data.judgment_on,
            )
        )
        step = (Consultation.judgment_on, data.judgment_on)
        return await _record_court_step(actor, access, row, step, meetings_of=meetings_of)


async def _record_court_step(
    actor: Actor, access: BodyAccess, row: dict[str, Any], step: tuple[Any, date], *, meetings_of: MeetingsOf
) -> ConsultationRead:
    """Store the date of a court step (`step`: its column and the day), with its audit row and event."""
    column, on = step
    name = column._meta.name
    await Consultation.update({column: on, Consultation.updated_at: clock.utcnow()}).where(Consultation.id == row["id"])
    read = await _read(row["id"], meetings_of=meetings_of)
    await audit.record(
        actor=actor,
        organization_id=access.organization_id,
        action="update",
        entity="consultation",
        entity_id=row["id"],
        before={name: None},
        after={name: on.isoformat()},
    )
    await emit(
        ConsultationUpdated(
            organization_id=access.organization_id,
            actor_user_id=actor.user_id,
            consultation_id=row["id"],
            body_id=row["body"],
            deadline=read.deadline,
        )
    )
    return read


async def consultation_body(consultation_id: int) -> int:
    """The body of a consultation (meetings link agenda items to consultations of the same body only)."""
    row = await Consultation.select(Consultation.body).where(Consultation.id == consultation_id).first()
    if row is None:
        raise InvalidInput(
            "Consultation introuvable.", errors=[{"field": "consultation_id", "message": "consultation inconnue"}]
        )
    return int(row["body"])


async def ensure_open(*, consultation_id: int, on: date) -> None:
    """Raise unless an opinion can still be given on `on` (not given yet, nor deemed given: L2312-16)."""
    row = await Consultation.select().where(Consultation.id == consultation_id).first()
    if row is None:
        raise NotFound("Consultation introuvable.")
    await _refuse_if_final(row, on=on)


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


async def read_unchecked(*, consultation_id: int) -> ConsultationRead:
    """A consultation without its meetings, for a layer above that checked access itself (establishments: the tree
    of opinions of a consultation linked between the CSE central and the establishments, R2312-6 II)."""
    return await _read(consultation_id, meetings_of=_no_meetings)
