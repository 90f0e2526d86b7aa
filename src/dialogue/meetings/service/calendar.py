"""The yearly calendar: what a body owes (L2315-21, L2315-28, L2312-19, L2315-27, L2316-15), a proposed plan,
the gap against what is planned, and creating the planned meetings in one go."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dialogue.bodies.access import body_access
from dialogue.core.actor import Actor
from dialogue.core.db import transaction
from dialogue.core.documents import french_date
from dialogue.core.errors import InvalidInput, RuleViolation
from dialogue.core.regime import InvalidAgreedMeetings
from dialogue.meetings import repository as repo
from dialogue.meetings.rules import (
    InvalidRuleInput,
    NoLegalFrequency,
    calendar_gap,
    plan_year,
    year_periods,
    yearly_obligation,
)
from dialogue.meetings.rules.visio import visio_limit
from dialogue.meetings.schemas import CalendarGapRead, CalendarPlanRequest, CalendarRead, MeetingCreate, PlannedSlot
from dialogue.meetings.service.common import meeting_reads, require_runs_meetings
from dialogue.meetings.service.meetings import create_meeting
from dialogue.meetings.tables import Meeting


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise InvalidInput("Année hors limites.", errors=[{"field": "year", "message": "entre 2000 et 2100"}])


async def _year_meetings(body_id: int, year: int) -> list[dict[str, Any]]:
    start = datetime(year - 1, 12, 31, tzinfo=ZoneInfo("UTC"))
    end = datetime(year + 1, 1, 2, tzinfo=ZoneInfo("UTC"))
    rows = (
        await Meeting.select()
        .where((Meeting.body == body_id) & (Meeting.starts_at >= start) & (Meeting.starts_at < end))
        .order_by(Meeting.starts_at)
    )
    return [r for r in rows if r["starts_at"].astimezone(repo.zone(r)).year == year]


def _local_day(row: dict[str, Any]) -> date:
    day: date = row["starts_at"].astimezone(repo.zone(row)).date()
    return day


async def _calendar(
    *, body_id: int, year: int, request: CalendarPlanRequest, default_timezone: str, created: list[int]
) -> CalendarRead:
    ctx = await repo.body_context(body_id)
    try:
        obligation = yearly_obligation(body_kind=ctx.kind, regime=ctx.regime, agreed_ordinary=ctx.agreed_ordinary)
    except NoLegalFrequency as exc:
        basis, required_ordinary, required_ssct = str(exc), 0, 0
    except InvalidAgreedMeetings as exc:
        raise RuleViolation(str(exc), code="invalid_agreed_meetings") from exc
    else:
        basis, required_ordinary, required_ssct = obligation.basis, obligation.ordinary, obligation.ssct
    tz = ZoneInfo(request.timezone or default_timezone)
    try:
        plan = (
            plan_year(
                year=year,
                regime=ctx.regime,
                count=required_ordinary,
                ssct_count=request.ssct_count if request.ssct_count is not None else required_ssct,
                weekday=request.weekday,
                occurrence=request.occurrence,
                at=request.at,
                tz=tz,
                alsace_moselle=ctx.alsace_moselle,
            )
            if required_ordinary
            else ()
        )
    except InvalidRuleInput as exc:
        raise InvalidInput(str(exc), errors=[{"field": "ssct_count", "message": str(exc)}]) from exc
    rows = [r for r in await _year_meetings(body_id, year) if r["status"] != "cancelled"]
    ordinary_rows = [r for r in rows if r["kind"] != "extraordinary"]
    planned_ssct = sum(1 for r in ordinary_rows if r["treats_ssct"] or r["kind"] == "ssct")
    gap = calendar_gap(
        planned_ordinary=len(ordinary_rows),
        planned_ssct=planned_ssct,
        required_ordinary=required_ordinary,
        required_ssct=required_ssct,
    )
    messages = list(gap.messages)
    visio = sum(1 for r in rows if r["visio_url"])
    if visio > (limit := visio_limit(ctx.visio_max_per_year)):
        # Scheduling refuses one more (service.meetings.check_visio_limit); meetings recorded before an RI lowered
        # the number, or before the rule, are still flagged here.
        messages.append(
            f"{visio} réunions en visioconférence cette année : {limit} au plus par année civile "
            "(art. L2315-4 du Code du travail : trois sans accord entre l'employeur et les élus)."
        )
    periods = year_periods(year, len(plan)) if plan else []
    days = [_local_day(r) for r in ordinary_rows]
    return CalendarRead(
        body_id=body_id,
        year=year,
        basis=basis,
        required_ordinary=required_ordinary,
        required_ssct=required_ssct,
        planned_ordinary=len(ordinary_rows),
        planned_ssct=planned_ssct,
        gap=CalendarGapRead(
            ok=not messages, missing_ordinary=gap.missing_ordinary, missing_ssct=gap.missing_ssct, messages=messages
        ),
        proposal=[
            PlannedSlot(
                starts_at=slot.start,
                treats_ssct=slot.treats_ssct,
                exists=any(start <= d < end for d in days),
            )
            for slot, (start, end) in zip(plan, periods, strict=True)
        ],
        meetings=await meeting_reads(rows),
        created=created,
    )


async def get_calendar(*, actor: Actor, body_id: int, year: int, default_timezone: str) -> CalendarRead:
    """The obligation of the year, a proposed plan, and the gap against the meetings already planned."""
    _check_year(year)
    (await body_access(actor=actor, body_id=body_id)).require_read()
    return await _calendar(
        body_id=body_id, year=year, request=CalendarPlanRequest(), default_timezone=default_timezone, created=[]
    )


def _title(start: datetime, ssct: bool) -> str:
    month = french_date(start.date()).split(" ", 1)[1]
    return f"Réunion ordinaire — {month}" + (" (dont santé, sécurité et conditions de travail)" if ssct else "")


async def plan_calendar(
    *, actor: Actor, body_id: int, year: int, data: CalendarPlanRequest, default_timezone: str
) -> CalendarRead:
    """Create the proposed ordinary meetings of the year for each period that has none yet (idempotent)."""
    _check_year(year)
    async with transaction():
        access = await body_access(actor=actor, body_id=body_id)
        require_runs_meetings(access)
        proposal = await _calendar(
            body_id=body_id, year=year, request=data, default_timezone=default_timezone, created=[]
        )
        tz_name = data.timezone or default_timezone
        created: list[int] = []
        for slot in proposal.proposal:
            if slot.exists:
                continue
            meeting = await create_meeting(
                actor=actor,
                body_id=body_id,
                access=access,
                default_timezone=tz_name,
                data=MeetingCreate(
                    title=_title(slot.starts_at, slot.treats_ssct),
                    kind="ordinary",
                    starts_at=slot.starts_at,
                    ends_at=slot.starts_at + timedelta(minutes=data.duration_minutes),
                    timezone=tz_name,
                    location=data.location,
                    treats_ssct=slot.treats_ssct,
                ),
            )
            created.append(meeting.id)
        return await _calendar(
            body_id=body_id, year=year, request=data, default_timezone=default_timezone, created=created
        )
