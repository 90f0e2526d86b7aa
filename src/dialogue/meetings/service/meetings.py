"""Meetings: create, edit and reschedule, hold, close, cancel. Convening lives in `convening`, invitees in `invitees`;
both are re-exported here for the callers."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from dialogue.audit import service as audit
from dialogue.bodies.access import BodyAccess, body_access
from dialogue.bodies.tables import Body
from dialogue.core.actor import Actor
from dialogue.core.db import lock_row, transaction
from dialogue.core.errors import InvalidInput, InvalidState, RuleViolation
from dialogue.core.events import emit
from dialogue.core.paging import page_total
from dialogue.meetings import repository as repo
from dialogue.meetings.events import (
    MeetingCancelled,
    MeetingClosed,
    MeetingHeld,
    MeetingRescheduled,
    MeetingScheduled,
    MeetingUpdated,
)
from dialogue.meetings.rules.visio import calendar_year_bounds, local_year, visio_refusal
from dialogue.meetings.schemas import (
    CancelRequest,
    MeetingChangeRead,
    MeetingCreate,
    MeetingRead,
    MeetingReschedule,
    MeetingUpdate,
)
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
from dialogue.meetings.service.convening import accept_late, build_convocations, delay_check, treats_ssct
from dialogue.meetings.service.convening import convene as convene
from dialogue.meetings.service.convening import list_convocations as list_convocations
from dialogue.meetings.service.invitees import add_invitee as add_invitee
from dialogue.meetings.service.invitees import list_invitees as list_invitees
from dialogue.meetings.service.invitees import remove_invitee as remove_invitee
from dialogue.meetings.tables import Meeting, MeetingChange

EDITABLE = ("draft", "convened")


async def check_visio_limit(*, body_id: int, starts_at: datetime, tz: ZoneInfo, exclude_id: int | None = None) -> None:
    """409 when one more meeting by visio in that calendar year goes beyond the limit (L2315-4: 3 without an
    agreement; the number agreed is carried by the règlement intérieur in force).

    Count then insert must be atomic: on PostgreSQL the body's row is locked for the rest of the caller's
    transaction (`SELECT … FOR UPDATE`), so two meetings by visio scheduled at the same instant for one body are
    counted one after the other and the last slot goes to one of them only; SQLite's writer lock already
    serialises the two transactions. Called inside the transaction that saves the meeting."""
    await lock_row(Body, body_id)
    year = local_year(starts_at, tz)
    start, end = calendar_year_bounds(year, tz)
    already = await repo.visio_meetings(body_id=body_id, start=start, end=end, exclude_id=exclude_id)
    ctx = await repo.body_context(body_id)
    refusal = visio_refusal(already=already, agreed=ctx.visio_max_per_year, year=year)
    if refusal is not None:
        raise RuleViolation(refusal, code="visio_limit_reached")


async def create_meeting(
    *, actor: Actor, body_id: int, data: MeetingCreate, default_timezone: str, access: BodyAccess | None = None
) -> MeetingRead:
    """Schedule a meeting (status draft) for a body."""
    async with transaction():
        access = access or await body_access(actor=actor, body_id=body_id)
        require_runs_meetings(access)
        check_horizon(data.starts_at)
        if data.visio_url:
            tz = ZoneInfo(data.timezone or default_timezone)
            await check_visio_limit(body_id=body_id, starts_at=data.starts_at, tz=tz)
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
    rows = await repo.meetings_page(body_id, limit=limit, offset=offset, status=status, start=start, end=end)
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
        visio = changes.get("visio_url", row["visio_url"])
        if visio and ("visio_url" in changes or "starts_at" in changes or "timezone" in changes):
            tz = ZoneInfo(str(changes.get("timezone", row["timezone"])))
            await check_visio_limit(body_id=row["body"], starts_at=starts, tz=tz, exclude_id=meeting_id)
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
            check = await delay_check(row={**row, "urgency": changes.get("urgency", row["urgency"])}, starts_at=starts)
            if accept_late(check, acknowledge=data.acknowledge_late, reason=data.late_reason):
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
            await build_convocations(
                row=fresh,
                sequence=sequence,
                ssct=await treats_ssct(fresh),
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
                    reason=data.reason,
                )
            )
        else:
            await emit(MeetingUpdated(**common))
        return await meeting_read(meeting_id)


async def reschedule(*, actor: Actor, meeting_id: int, data: MeetingReschedule) -> MeetingRead:
    """Move the meeting (date, place, visio) with a reason: `update_meeting` adds 1 to the sequence, convenes
    again within the legal delay (L2315-30) and notifies the members."""
    return await update_meeting(actor=actor, meeting_id=meeting_id, data=data.as_update())


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


async def _emit_status(
    event: type[MeetingHeld | MeetingClosed], *, access: BodyAccess, actor: Actor, row: dict[str, Any], sequence: int
) -> None:
    """Tell the subscribers (calendar feeds, notifications) that the meeting changed status."""
    await emit(
        event(
            organization_id=access.organization_id,
            actor_user_id=actor.user_id,
            meeting_id=row["id"],
            body_id=row["body"],
            sequence=sequence,
        )
    )


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
        await _emit_status(MeetingHeld, access=access, actor=actor, row=row, sequence=sequence)
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
        await _emit_status(MeetingClosed, access=access, actor=actor, row=row, sequence=sequence)
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
