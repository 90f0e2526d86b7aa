"""Meetings: create, edit and reschedule, convene (L2315-30), hold, close, cancel; convocations and invitees."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from dialogue.audit import service as audit
from dialogue.audit.rules import REDACTED
from dialogue.bodies.access import BodyAccess, body_access
from dialogue.bodies.schemas import TITULAR_ROLES, Role
from dialogue.bodies.tables import Member
from dialogue.core.actor import Actor
from dialogue.core.clock import as_date
from dialogue.core.db import transaction
from dialogue.core.errors import InvalidInput, InvalidState, NotFound, RuleViolation
from dialogue.core.events import emit
from dialogue.core.paging import page_total
from dialogue.meetings import repository as repo
from dialogue.meetings.events import (
    MeetingCancelled,
    MeetingClosed,
    MeetingConvened,
    MeetingHeld,
    MeetingRescheduled,
    MeetingScheduled,
    MeetingUpdated,
)
from dialogue.meetings.rules import ConveningBasis, ConvocationCheck, convocation_body_kind, convocation_check
from dialogue.meetings.schemas import (
    CancelRequest,
    ConveneRequest,
    ConvocationRead,
    InviteeCreate,
    InviteeRead,
    MeetingChangeRead,
    MeetingCreate,
    MeetingRead,
    MeetingUpdate,
)
from dialogue.meetings.service import agenda
from dialogue.meetings.service.common import (
    check_horizon,
    jsonable,
    meeting_read,
    meeting_reads,
    now,
    record_change,
    require_runs_meetings,
    require_status,
    today_in,
)
from dialogue.meetings.tables import AgendaItem, Convocation, ExternalInvitee, Meeting, MeetingChange

EDITABLE = ("draft", "convened")
PLEIN_DROIT_DEFAULT_REASON = (
    "Ordre du jour non approuvé par le secrétaire : consultations obligatoires inscrites de plein droit."
)


async def create_meeting(
    *, actor: Actor, body_id: int, data: MeetingCreate, default_timezone: str, access: BodyAccess | None = None
) -> MeetingRead:
    """Schedule a meeting (status draft) for a body."""
    async with transaction():
        access = access or await body_access(actor=actor, body_id=body_id)
        require_runs_meetings(access)
        check_horizon(data.starts_at)
        moment = now()
        meeting = Meeting(
            body=body_id,
            title=data.title,
            kind=data.kind.value,
            treats_ssct=data.treats_ssct or data.kind == "ssct",
            starts_at=data.starts_at,
            ends_at=data.ends_at,
            timezone=data.timezone or default_timezone,
            location=data.location,
            visio_url=data.visio_url,
            status="draft",
            sequence=0,
            agenda_version=1,
            minutes_case=data.minutes_case.value,
            urgency=data.urgency.value if data.urgency else None,
            created_by=actor.user_id,
            created_at=moment,
            updated_at=moment,
        )
        await meeting.save()
        after = data.model_dump(mode="json")
        await record_change(meeting_id=meeting.id, sequence=0, kind="created", actor=actor, after=after)
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="create",
            entity="meeting",
            entity_id=meeting.id,
            after=after,
        )
        await emit(
            MeetingScheduled(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                meeting_id=meeting.id,
                body_id=body_id,
                sequence=0,
            )
        )
        return await meeting_read(meeting.id)


async def list_meetings(
    *,
    actor: Actor,
    body_id: int,
    limit: int,
    offset: int,
    status: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> tuple[list[MeetingRead], int]:
    (await body_access(actor=actor, body_id=body_id)).require_read()
    where: Any = Meeting.body == body_id
    if status:
        where &= Meeting.status == status
    if start is not None:
        where &= Meeting.starts_at >= start
    if end is not None:
        where &= Meeting.starts_at < end
    rows = (
        await Meeting.select().where(where).order_by(Meeting.starts_at).order_by(Meeting.id).limit(limit).offset(offset)
    )
    total = await page_total(rows, limit=limit, offset=offset, count=lambda: Meeting.count().where(where))
    return await meeting_reads(rows), total


async def get_meeting(*, actor: Actor, meeting_id: int) -> MeetingRead:
    await repo.meeting_access(actor=actor, meeting_id=meeting_id)
    return await meeting_read(meeting_id)


async def meeting_history(*, actor: Actor, meeting_id: int) -> list[MeetingChangeRead]:
    """Every significant change (reschedules, moves, status) with who, when and why."""
    await repo.meeting_access(actor=actor, meeting_id=meeting_id)
    rows = await MeetingChange.select().where(MeetingChange.meeting == meeting_id).order_by(MeetingChange.id)
    return [
        MeetingChangeRead(
            sequence=r["sequence"],
            kind=r["kind"],
            before=_renamed_fields(repo.json_dict(r["before"])),
            after=_renamed_fields(repo.json_dict(r["after"])),
            reason=r["reason"],
            actor_id=r["actor"],
            at=r["at"],
        )
        for r in rows
    ]


#: Field names stored in the history before a rename (issue 14: `pv_case` became `minutes_case`).
_RENAMED_FIELDS = {"pv_case": "minutes_case"}


def _renamed_fields(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """History rows keep the field names of their day: read them under today's names."""
    if values is None:
        return None
    return {_RENAMED_FIELDS.get(k, k): v for k, v in values.items()}


def _late_violation(check: ConvocationCheck) -> RuleViolation:
    return RuleViolation(
        " ".join(v.message for v in check.violations)
        + " Pour convoquer malgré tout, confirmez avec acknowledge_late et indiquez le motif (late_reason).",
        code="late_convocation",
        violations=[
            {
                "code": v.code,
                "article": v.article,
                "required_days": v.required_days,
                "actual_days": v.actual_days,
                "message": v.message,
            }
            for v in check.violations
        ],
    )


async def _treats_ssct(row: dict[str, Any]) -> bool:
    if row["treats_ssct"] or row["kind"] == "ssct":
        return True
    return bool(
        await AgendaItem.exists().where(
            (AgendaItem.meeting == row["id"]) & (AgendaItem.kind == "ssct") & (AgendaItem.status == "accepted")
        )
    )


async def _delay_check(*, row: dict[str, Any], starts_at: datetime) -> ConvocationCheck:
    ctx = await repo.body_context(row["body"])
    return convocation_check(
        meeting_start=starts_at,
        now=now(),
        body_kind=convocation_body_kind(body_kind=ctx.kind, has_establishment=ctx.has_establishment),
        ri_days=ctx.agenda_notice_days,
        full_remit=ctx.regime.full_remit,
        urgency=row["urgency"],
        tz=repo.zone(row),
    )


def _accept_late(check: ConvocationCheck, *, acknowledge: bool, reason: str | None) -> bool:
    """True when the convocation is late and the caller assumed it with a reason; raises otherwise."""
    if check.ok:
        return False
    if not acknowledge:
        raise _late_violation(check)
    if not reason or len(reason.strip()) < 3:
        raise InvalidInput(
            "Une convocation hors délai doit être motivée.",
            errors=[{"field": "late_reason", "message": "motif obligatoire avec acknowledge_late"}],
        )
    return True


_MEMBER_REASONS = {
    Role.president: ("president", "Président du comité (L2315-23)"),
    Role.substitute: ("substitute", "Suppléant : reçoit l'ordre du jour pour remplacer un titulaire absent (L2314-1)"),
    Role.union_representative: ("union_representative", "Représentant syndical, voix consultative (L2314-2)"),
    Role.guest: ("guest", "Invité de l'instance"),
}
_INVITEE_REASONS = {
    "medecin_travail": "Médecin du travail, voix consultative sur les points SSCT (L2314-3 I)",
    "responsable_securite": "Responsable sécurité et conditions de travail, voix consultative SSCT (L2314-3 I)",
    "inspection_travail": "Agent de contrôle de l'inspection du travail",
    "carsat": "Agent des services de prévention de la CARSAT",
    "other": "Invité",
}


async def _build_convocations(
    *, row: dict[str, Any], sequence: int, ssct: bool, body_kind: str, meeting_day: date
) -> list[int]:
    """Record who must be convoked: members with a running mandate (titulaires, suppléants, union
    representatives, president) and, for SSCT matters, the persons of L2314-3."""
    moment = now()
    members = await Member.select(
        Member.id, Member.user, Member.user.full_name, Member.user.email, Member.role, Member.mandate_end
    ).where(Member.body == row["body"])
    convocations: list[Convocation] = []
    for m in members:
        end = as_date(m["mandate_end"])
        if end is not None and end < meeting_day:
            continue
        role = Role(m["role"])
        capacity, reason = _MEMBER_REASONS.get(role, (role.value, "Membre titulaire (L2315-30)"))
        if role in TITULAR_ROLES:
            capacity = role.value
        convocations.append(
            Convocation(
                meeting=row["id"],
                sequence=sequence,
                member=m["id"],
                user=m["user"],
                full_name=m["user.full_name"],
                email=m["user.email"],
                capacity=capacity,
                reason=reason,
                created_at=moment,
            )
        )
    cse = body_kind in ("cse", "cse_central")
    invitees = await ExternalInvitee.select().where(
        (ExternalInvitee.body == row["body"])
        & (ExternalInvitee.active == True)  # noqa: E712
        & ((ExternalInvitee.meeting.is_null()) | (ExternalInvitee.meeting == row["id"]))
    )
    for inv in invitees:
        capacity = inv["capacity"]
        reason = _INVITEE_REASONS[capacity]
        if inv["meeting"] is not None:
            reason = f"{reason} (invité à cette réunion)"
        elif capacity in ("inspection_travail", "carsat") and cse:
            reason = f"{reason} : " + (
                "invité aux réunions SSCT (L2314-3 II) ; confirmation écrite 15 jours avant (L2315-27)"
                if ssct
                else "destinataire de l'ordre du jour (L2315-30)"
            )
        elif not ssct:
            continue
        convocations.append(
            Convocation(
                meeting=row["id"],
                sequence=sequence,
                invitee=inv["id"],
                full_name=inv["full_name"],
                email=inv["email"],
                capacity=capacity,
                reason=reason,
                created_at=moment,
            )
        )
    if not convocations:
        return []
    inserted = await Convocation.insert(*convocations).returning(Convocation.id)
    return [int(r["id"]) for r in inserted]


async def convene(*, actor: Actor, meeting_id: int, data: ConveneRequest) -> MeetingRead:
    """Send the convocation (L2315-30): by the president, or by the secretary on the president's behalf, with
    the agenda agreed jointly where L2315-29 / L2316-17 applies, or on another basis (below 50, no secretary yet,
    not a CSE, mandatory consultations de plein droit with the secretary's disagreement recorded). A late
    convocation is refused (409) unless acknowledged with a reason; a statutory urgency is never late."""
    async with transaction():
        access, row = await repo.meeting_access(actor=actor, meeting_id=meeting_id, lock=True)
        access.require(access.runs_meetings, "Seul le président (ou le secrétaire pour son compte) convoque.")
        require_status(row, "draft", action="convoquer")
        moment = now()
        if row["starts_at"] <= moment:
            raise InvalidState("La date de la réunion est passée : reportez-la avant de convoquer.", code="past")
        items = await AgendaItem.count().where((AgendaItem.meeting == meeting_id) & (AgendaItem.status == "accepted"))
        if not items:
            raise InvalidState("L'ordre du jour est vide.", code="agenda_empty")
        decision, _ = await agenda.convening_decision(row)
        if decision.basis is None:
            raise InvalidState(
                "L'ordre du jour n'est pas arrêté : le président et le secrétaire doivent tous deux approuver sa "
                f"version actuelle (art. {decision.article} du Code du travail). Sans cet accord, seules les "
                "consultations obligatoires inscrites de plein droit peuvent figurer à l'ordre du jour "
                "(art. L2315-29 al. 2) ; retirez ou faites approuver : " + " ; ".join(decision.needs_joint) + ".",
                code="agenda_not_agreed",
            )
        check = await _delay_check(row=row, starts_at=row["starts_at"])
        late = _accept_late(check, acknowledge=data.acknowledge_late, reason=data.late_reason)
        ctx = await repo.body_context(row["body"])
        tz = repo.zone(row)
        sequence = row["sequence"] + 1
        ids = await _build_convocations(
            row=row,
            sequence=sequence,
            ssct=await _treats_ssct(row),
            body_kind=ctx.kind,
            meeting_day=row["starts_at"].astimezone(tz).date(),
        )
        await Meeting.update(
            {
                Meeting.status: "convened",
                Meeting.sequence: sequence,
                Meeting.convened_at: moment,
                Meeting.convened_by: actor.user_id,
                Meeting.late_acknowledged: late,
                Meeting.late_reason: data.late_reason if late else None,
                Meeting.convened_basis: decision.basis.value,
                Meeting.updated_at: moment,
            }
        ).where(Meeting.id == meeting_id)
        details = {
            "convocations": len(ids),
            "days_before": check.days_before,
            "late": late,
            "late_reason": data.late_reason if late else None,
            "on_behalf_of_president": not access.is_president,
            "basis": decision.basis.value,
            "urgency": row["urgency"],
        }
        await record_change(
            meeting_id=meeting_id, sequence=sequence, kind="convened", actor=actor, after=details, reason=None
        )
        if decision.basis is ConveningBasis.PLEIN_DROIT:
            items = (
                await AgendaItem.select(AgendaItem.title, AgendaItem.confidential)
                .where((AgendaItem.meeting == meeting_id) & (AgendaItem.status == "accepted"))
                .order_by(AgendaItem.position, AgendaItem.id)
            )
            await record_change(
                meeting_id=meeting_id,
                sequence=sequence,
                kind="secretary_disagreement",
                actor=actor,
                after={
                    "article": "L2315-29 al. 2",
                    "version": row["agenda_version"],
                    # L2315-3: the meeting's history is read beyond the body (admins); no confidential title.
                    "items": [REDACTED if r["confidential"] else r["title"] for r in items],
                },
                reason=await agenda.last_disagreement(meeting_id) or PLEIN_DROIT_DEFAULT_REASON,
            )
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="convene",
            entity="meeting",
            entity_id=meeting_id,
            before={"status": row["status"]},
            after={"status": "convened", **details},
        )
        await emit(
            MeetingConvened(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                meeting_id=meeting_id,
                body_id=row["body"],
                sequence=sequence,
                convocation_ids=tuple(ids),
                late=late,
            )
        )
        return await meeting_read(meeting_id)


_FIELDS = ("title", "kind", "starts_at", "ends_at", "timezone", "location", "visio_url", "treats_ssct", "minutes_case")


async def update_meeting(*, actor: Actor, meeting_id: int, data: MeetingUpdate) -> MeetingRead:
    """Edit or reschedule, keeping the meeting's identity: time or place changes add 1 to `sequence` and are
    recorded; a convened meeting moved is convened again (new convocation list) within the legal delay."""
    async with transaction():
        access, row = await repo.meeting_access(actor=actor, meeting_id=meeting_id, lock=True)
        require_runs_meetings(access)
        require_status(row, *EDITABLE, action="modifier la réunion")
        given = data.model_dump(exclude_unset=True, include=set(_FIELDS))
        changes = {k: (v.value if hasattr(v, "value") else v) for k, v in given.items() if v != row[k]}
        if "kind" in changes and changes["kind"] == "ssct":
            changes["treats_ssct"] = True
        if "kind" in changes and changes["kind"] != "extraordinary" and row["urgency"]:
            changes["urgency"] = None  # a statutory urgency belongs to an extraordinary meeting (L4132-3)
        starts = changes.get("starts_at", row["starts_at"])
        ends = changes.get("ends_at", row["ends_at"])
        if ends <= starts:
            raise InvalidInput(
                "La fin de la réunion doit être postérieure à son début.",
                errors=[{"field": "ends_at", "message": "avant ou égale au début"}],
            )
        if "starts_at" in changes:
            check_horizon(starts)
        if not changes:
            return await meeting_read(meeting_id)
        moved_time = "starts_at" in changes or "ends_at" in changes
        moved_place = "location" in changes or "visio_url" in changes
        significant = moved_time or moved_place
        convened = row["status"] == "convened"
        late = row["late_acknowledged"]
        late_reason = row["late_reason"]
        if convened and "starts_at" in changes:
            if starts <= now():
                raise InvalidInput(
                    "Une réunion convoquée ne peut être reportée dans le passé.",
                    errors=[{"field": "starts_at", "message": "dans le passé"}],
                )
            check = await _delay_check(row={**row, "urgency": changes.get("urgency", row["urgency"])}, starts_at=starts)
            if _accept_late(check, acknowledge=data.acknowledge_late, reason=data.late_reason):
                late, late_reason = True, data.late_reason
        sequence = row["sequence"] + (1 if significant else 0)
        moment = now()
        update: dict[Any, Any] = {getattr(Meeting, k): v for k, v in changes.items()}
        update.update(
            {
                Meeting.sequence: sequence,
                Meeting.updated_at: moment,
                Meeting.late_acknowledged: late,
                Meeting.late_reason: late_reason,
            }
        )
        await Meeting.update(update).where(Meeting.id == meeting_id)
        before = {k: row[k] for k in changes}
        kind = "rescheduled" if moved_time else ("moved" if moved_place else "edited")
        await record_change(
            meeting_id=meeting_id,
            sequence=sequence,
            kind=kind,
            actor=actor,
            before=before,
            after=changes,
            reason=data.reason,
        )
        if convened and significant:
            ctx = await repo.body_context(row["body"])
            tz = ZoneInfo(changes.get("timezone", row["timezone"]))
            fresh = await repo.meeting_row(meeting_id)
            await _build_convocations(
                row=fresh,
                sequence=sequence,
                ssct=await _treats_ssct(fresh),
                body_kind=ctx.kind,
                meeting_day=starts.astimezone(tz).date(),
            )
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="reschedule" if significant else "update",
            entity="meeting",
            entity_id=meeting_id,
            before=jsonable(before),
            after=jsonable({**changes, "reason": data.reason}),
        )
        common = {
            "organization_id": access.organization_id,
            "actor_user_id": actor.user_id,
            "meeting_id": meeting_id,
            "body_id": row["body"],
            "sequence": sequence,
        }
        if significant:
            await emit(
                MeetingRescheduled(
                    **common,
                    previous_starts_at=row["starts_at"],
                    previous_location=row["location"],
                    starts_at=starts,
                    location=changes.get("location", row["location"]),
                    was_convened=convened,
                )
            )
        else:
            await emit(MeetingUpdated(**common))
        return await meeting_read(meeting_id)


async def _transition(
    *,
    actor: Actor,
    meeting_id: int,
    allowed: tuple[str, ...],
    action: str,
    target: str,
    extra: dict[Any, Any],
    reason: str | None = None,
) -> tuple[BodyAccess, dict[str, Any], int]:
    access, row = await repo.meeting_access(actor=actor, meeting_id=meeting_id, lock=True)
    require_runs_meetings(access)
    require_status(row, *allowed, action=action)
    sequence = row["sequence"] + 1
    moment = now()
    await Meeting.update(
        {Meeting.status: target, Meeting.sequence: sequence, Meeting.updated_at: moment, **extra}
    ).where(Meeting.id == meeting_id)
    await record_change(
        meeting_id=meeting_id,
        sequence=sequence,
        kind=target,
        actor=actor,
        before={"status": row["status"]},
        after={"status": target},
        reason=reason,
    )
    await audit.record(
        actor=actor,
        organization_id=access.organization_id,
        action=target,
        entity="meeting",
        entity_id=meeting_id,
        before={"status": row["status"]},
        after={"status": target, "reason": reason} if reason else {"status": target},
    )
    return access, row, sequence


async def cancel(*, actor: Actor, meeting_id: int, data: CancelRequest) -> MeetingRead:
    """Cancel a meeting not yet held; the reason is kept and those convoked are told (event)."""
    async with transaction():
        moment = now()
        access, row, sequence = await _transition(
            actor=actor,
            meeting_id=meeting_id,
            allowed=("draft", "convened"),
            action="annuler",
            target="cancelled",
            extra={Meeting.cancel_reason: data.reason, Meeting.cancelled_at: moment},
            reason=data.reason,
        )
        await emit(
            MeetingCancelled(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                meeting_id=meeting_id,
                body_id=row["body"],
                sequence=sequence,
                reason=data.reason,
                was_convened=row["status"] == "convened",
            )
        )
        return await meeting_read(meeting_id)


async def hold(*, actor: Actor, meeting_id: int) -> MeetingRead:
    """Mark a convened meeting as held, from its day on: attendance and votes are then recorded."""
    async with transaction():
        row = await repo.meeting_row(meeting_id)
        tz = repo.zone(row)
        day = row["starts_at"].astimezone(tz).date()
        if row["status"] == "convened" and today_in(tz) < day:
            await repo.meeting_access(actor=actor, meeting_id=meeting_id)
            raise InvalidState(
                f"La réunion est prévue le {day.strftime('%d/%m/%Y')} : elle ne peut être tenue avant.",
                code="meeting_not_yet",
            )
        access, row, sequence = await _transition(
            actor=actor,
            meeting_id=meeting_id,
            allowed=("convened",),
            action="tenir la réunion",
            target="held",
            extra={Meeting.held_at: now()},
        )
        await emit(
            MeetingHeld(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                meeting_id=meeting_id,
                body_id=row["body"],
                sequence=sequence,
            )
        )
        return await meeting_read(meeting_id)


async def close(*, actor: Actor, meeting_id: int) -> MeetingRead:
    """Close a held meeting (done automatically when its minutes are adopted)."""
    async with transaction():
        access, row, sequence = await _transition(
            actor=actor,
            meeting_id=meeting_id,
            allowed=("held",),
            action="clore la réunion",
            target="closed",
            extra={Meeting.closed_at: now()},
        )
        await emit(
            MeetingClosed(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                meeting_id=meeting_id,
                body_id=row["body"],
                sequence=sequence,
            )
        )
        return await meeting_read(meeting_id)


async def close_after_adoption(*, actor: Actor, meeting_id: int, organization_id: int) -> None:
    """Adopted minutes end the meeting's cycle: a held meeting becomes closed (joins the caller's transaction)."""
    row = await repo.meeting_row(meeting_id)
    if row["status"] != "held":
        return
    sequence = row["sequence"] + 1
    moment = now()
    await Meeting.update(
        {Meeting.status: "closed", Meeting.sequence: sequence, Meeting.closed_at: moment, Meeting.updated_at: moment}
    ).where(Meeting.id == meeting_id)
    await record_change(
        meeting_id=meeting_id,
        sequence=sequence,
        kind="closed",
        actor=actor,
        before={"status": "held"},
        after={"status": "closed"},
        reason="procès-verbal adopté",
    )
    await emit(
        MeetingClosed(
            organization_id=organization_id,
            actor_user_id=actor.user_id,
            meeting_id=meeting_id,
            body_id=row["body"],
            sequence=sequence,
        )
    )


async def list_convocations(*, actor: Actor, meeting_id: int) -> list[ConvocationRead]:
    """The convocation list of the latest sequence (what the notifications module sends)."""
    await repo.meeting_access(actor=actor, meeting_id=meeting_id)
    last = (
        await Convocation.select(Convocation.sequence)
        .where(Convocation.meeting == meeting_id)
        .order_by(Convocation.sequence, ascending=False)
        .first()
    )
    if last is None:
        return []
    rows = (
        await Convocation.select()
        .where((Convocation.meeting == meeting_id) & (Convocation.sequence == last["sequence"]))
        .order_by(Convocation.id)
    )
    return [
        ConvocationRead(
            id=r["id"],
            sequence=r["sequence"],
            member_id=r["member"],
            invitee_id=r["invitee"],
            user_id=r["user"],
            full_name=r["full_name"],
            email=r["email"],
            capacity=r["capacity"],
            reason=r["reason"],
            created_at=r["created_at"],
            sent_at=r["sent_at"],
        )
        for r in rows
    ]


# --- External invitees (L2314-3) --------------------------------------------------------------------------------


def _invitee_read(row: dict[str, Any]) -> InviteeRead:
    return InviteeRead(
        id=row["id"],
        body_id=row["body"],
        meeting_id=row["meeting"],
        capacity=row["capacity"],
        full_name=row["full_name"],
        email=row["email"],
        organization_name=row["organization_name"],
        active=row["active"],
    )


async def list_invitees(*, actor: Actor, body_id: int) -> list[InviteeRead]:
    (await body_access(actor=actor, body_id=body_id)).require_read()
    rows = await ExternalInvitee.select().where(ExternalInvitee.body == body_id).order_by(ExternalInvitee.id)
    return [_invitee_read(r) for r in rows]


async def add_invitee(*, actor: Actor, body_id: int, data: InviteeCreate, meeting_id: int | None = None) -> InviteeRead:
    """A standing invitee of the body (médecin du travail, inspection, CARSAT…) or one for a single meeting."""
    async with transaction():
        if meeting_id is not None:
            access, row = await repo.meeting_access(actor=actor, meeting_id=meeting_id)
            body_id = row["body"]
        else:
            access = await body_access(actor=actor, body_id=body_id)
        require_runs_meetings(access)
        invitee = ExternalInvitee(
            body=body_id,
            meeting=meeting_id,
            capacity=data.capacity.value,
            full_name=data.full_name,
            email=data.email,
            organization_name=data.organization_name,
            active=True,
            created_at=now(),
        )
        await invitee.save()
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="create",
            entity="external_invitee",
            entity_id=invitee.id,
            after=data.model_dump(mode="json"),
        )
        created = await ExternalInvitee.select().where(ExternalInvitee.id == invitee.id).first()
        assert created is not None
        return _invitee_read(created)


async def remove_invitee(*, actor: Actor, invitee_id: int) -> None:
    """Deactivate an invitee (kept for the convocation lists already recorded)."""
    async with transaction():
        row = await ExternalInvitee.select().where(ExternalInvitee.id == invitee_id).first()
        if row is None:
            raise NotFound("Invité introuvable.")
        access = await body_access(actor=actor, body_id=row["body"])
        require_runs_meetings(access)
        await ExternalInvitee.update({ExternalInvitee.active: False}).where(ExternalInvitee.id == invitee_id)
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="deactivate",
            entity="external_invitee",
            entity_id=invitee_id,
            before={"active": True},
            after={"active": False},
        )
