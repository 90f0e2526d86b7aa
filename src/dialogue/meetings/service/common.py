"""Helpers shared by the meetings services: time, reads with computed states, change history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from dialogue.bodies.access import BodyAccess
from dialogue.core import clock
from dialogue.core.actor import Actor
from dialogue.core.clock import as_date
from dialogue.core.errors import Forbidden, InvalidInput, InvalidState
from dialogue.meetings import repository as repo
from dialogue.meetings.rules import (
    MINUTES_BODY_KINDS,
    SSCT_NOTICE_RECIPIENTS,
    MinutesDeadlineCase,
    agenda_agreed,
    is_minutes_overdue,
    minutes_deadline,
    ssct_notice_due_on,
    ssct_notice_required,
    ssct_notice_state,
    too_far_ahead,
    urgency_article,
)
from dialogue.meetings.schemas import MeetingRead, MinutesSummary, SsctNoticeRead, SsctNoticeRecipient
from dialogue.meetings.tables import MeetingChange

now = clock.utcnow  #: the current instant (core.clock: tests move it with the frozen clock)

RUNS_MEETINGS = "Seuls le président et le secrétaire de l'instance organisent ses réunions."
STATUS_LABELS = {
    "draft": "en préparation",
    "convened": "convoquée",
    "held": "tenue",
    "closed": "close",
    "cancelled": "annulée",
}


def today_in(tz: ZoneInfo) -> date:
    return clock.today_by_clock(tz)


def require_runs_meetings(access: BodyAccess) -> None:
    access.require(access.runs_meetings, RUNS_MEETINGS)


def require_status(row: dict[str, Any], *allowed: str, action: str) -> None:
    """InvalidState (409) naming the current status when `action` is not possible now."""
    if row["status"] not in allowed:
        raise InvalidState(
            f"Impossible de {action} : la réunion est {STATUS_LABELS.get(row['status'], row['status'])}.",
            code=f"meeting_{row['status']}",
        )


def check_horizon(starts_at: datetime) -> None:
    if too_far_ahead(starts_at=starts_at, now=now()):
        raise InvalidInput(
            "La réunion est prévue à plus de 5 ans : vérifiez l'année.",
            errors=[{"field": "starts_at", "message": "plus de 5 ans dans le futur"}],
        )


def minutes_due(
    *,
    row: dict[str, Any],
    minutes: dict[str, Any] | None,
    next_day: date | None,
    full_remit: bool,
    body_kind: str,
    agreed_days: int | None = None,
) -> tuple[date | None, str | None, bool]:
    """Due date of the PV (D2315-26) once the meeting is held, and whether it is late now. `agreed_days`: the delay
    set by agreement (L2315-34), carried by the règlement intérieur in force; it replaces the general 15 days, not
    the 3 days of L1233-30 nor the 1 day of a redressement or liquidation judiciaire, which D2315-26 fixes."""
    if row["held_at"] is None or body_kind not in MINUTES_BODY_KINDS or not full_remit:
        return None, None, False
    tz = repo.zone(row)
    meeting_day = row["starts_at"].astimezone(tz).date()
    nxt = next_day if next_day is not None and next_day > meeting_day else None
    case = MinutesDeadlineCase(row["minutes_case"])
    agreed = agreed_days if case is MinutesDeadlineCase.GENERAL else None
    deadline = minutes_deadline(meeting_date=meeting_day, next_meeting_date=nxt, case=case, agreed_days=agreed)
    article = "L2315-34 (délai fixé par accord, repris au règlement intérieur)" if agreed is not None else "D2315-26"
    basis = (
        f"{article} : avant la réunion suivante"
        if deadline.before_next_meeting
        else f"{article} : {deadline.days} jour(s) après la réunion"
    )
    sent = minutes["submitted_at"] if minutes else None
    sent_on = sent.astimezone(tz).date() if sent is not None else None
    return deadline.due, basis, is_minutes_overdue(due=deadline.due, today=today_in(tz), sent_on=sent_on)


async def meeting_reads(rows: Sequence[dict[str, Any]]) -> list[MeetingRead]:
    """Reads for meetings: body contexts, approvals, minutes, SSCT notices and next-meeting dates in one query."""
    if not rows:
        return []
    extras = await repo.meeting_extras([r["id"] for r in rows])
    reads = []
    for row in rows:
        tz = repo.zone(row)
        extra = extras[row["id"]]
        ctx = extra.body
        due, _, overdue = minutes_due(
            row=row,
            minutes=extra.minutes,
            next_day=extra.next_starts_at.astimezone(tz).date() if extra.next_starts_at else None,
            full_remit=ctx.regime.full_remit,
            body_kind=ctx.kind,
            agreed_days=ctx.minutes_delay_days,
        )
        agreed = agenda_agreed(
            version=row["agenda_version"], approvals=[(row["agenda_version"], role) for role in extra.approved_by]
        )
        m = extra.minutes
        reads.append(
            MeetingRead(
                id=row["id"],
                body_id=row["body"],
                title=row["title"],
                kind=row["kind"],
                treats_ssct=row["treats_ssct"],
                starts_at=row["starts_at"].astimezone(tz),
                ends_at=row["ends_at"].astimezone(tz),
                timezone=row["timezone"],
                location=row["location"],
                visio_url=row["visio_url"],
                status=row["status"],
                sequence=row["sequence"],
                agenda_version=row["agenda_version"],
                agenda_agreed=agreed,
                minutes_case=row["minutes_case"],
                cancel_reason=row["cancel_reason"],
                convened_at=repo.local(row["convened_at"], tz),
                late_acknowledged=row["late_acknowledged"],
                late_reason=row["late_reason"],
                held_at=repo.local(row["held_at"], tz),
                closed_at=repo.local(row["closed_at"], tz),
                cancelled_at=repo.local(row["cancelled_at"], tz),
                minutes=MinutesSummary(
                    status=m["status"] if m else None,
                    due_on=due,
                    overdue=overdue,
                    sha256=m["sha256"] if m else None,
                ),
                created_at=row["created_at"],
                updated_at=row["updated_at"],
                convened_basis=row["convened_basis"],
                urgency=row["urgency"],
                urgency_article=urgency_article(row["urgency"]) if row["urgency"] else None,
                ssct_notice=ssct_notice_read(
                    row=row, body_kind=ctx.kind, full_remit=ctx.regime.full_remit, notice=extra.notice
                ),
            )
        )
    return reads


# --- SSCT notice (L2315-27 al. 4), branch convening ------------------------------------------------------------


def ssct_notice_read(
    *, row: dict[str, Any], body_kind: str, full_remit: bool, notice: dict[str, Any] | None
) -> SsctNoticeRead | None:
    """The 15-day written confirmation of an SSCT meeting of the calendar, or None where none is owed. A notice
    recorded for another date (the meeting was moved since) no longer counts as sent."""
    if not ssct_notice_required(
        body_kind=body_kind, full_remit=full_remit, meeting_kind=row["kind"], treats_ssct=row["treats_ssct"]
    ):
        return None
    tz = repo.zone(row)
    due_on = ssct_notice_due_on(meeting_start=row["starts_at"], tz=tz)
    current = notice is not None and as_date(notice["due_on"]) == due_on
    recipients = [str(r) for r in repo.json_list(notice["recipients"])] if notice and current else []
    sent_on = as_date(notice["sent_on"]) if notice and current else None
    status = ssct_notice_state(due_on=due_on, today=today_in(tz), sent_on=sent_on, recipients=recipients)
    return SsctNoticeRead(
        meeting_id=row["id"],
        due_on=due_on,
        status=status,
        sent_on=sent_on,
        sent_by=notice["sent_by"] if notice and current else None,
        recipients=[SsctNoticeRecipient(r) for r in SSCT_NOTICE_RECIPIENTS if r in recipients],
        missing_recipients=[SsctNoticeRecipient(r) for r in SSCT_NOTICE_RECIPIENTS if r not in recipients],
        note=notice["note"] if notice and current else None,
    )


async def meeting_read(meeting_id: int) -> MeetingRead:
    (read,) = await meeting_reads([await repo.meeting_row(meeting_id)])
    return read


async def record_change(
    *,
    meeting_id: int,
    sequence: int,
    kind: str,
    actor: Actor | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
) -> None:
    await MeetingChange.insert(
        MeetingChange(
            meeting=meeting_id,
            sequence=sequence,
            kind=kind,
            before=jsonable(before),
            after=jsonable(after),
            reason=reason,
            actor=actor.user_id if actor else None,
            at=now(),
        )
    )


def jsonable(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {k: (v.isoformat() if isinstance(v, datetime | date) else v) for k, v in values.items()}


def forbid_president_minutes(access: BodyAccess) -> None:
    """L2315-34: the secretary establishes the minutes; the employer may neither write nor amend them."""
    if access.is_president or (access.is_direction and not access.is_secretary):
        raise Forbidden(
            "Le procès-verbal est établi par le secrétaire : l'employeur ne peut ni le rédiger ni le modifier "
            "(art. L2315-34 du Code du travail).",
            code="minutes_secretary_only",
        )
    access.require(access.is_secretary, "Seul le secrétaire (ou le secrétaire adjoint) établit le procès-verbal.")
