"""Rescheduling a meeting from its page: another date, place or visio link, always with a reason. The service is
the API's (`meetings.reschedule`): the ICS SEQUENCE goes up, a convened meeting is convened again within the
legal delay (L2315-30) and the members are notified."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any, Final
from zoneinfo import ZoneInfo

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from dialogue.bodies.access import BodyAccess, body_access
from dialogue.core.errors import InvalidInput, InvalidState, RuleViolation
from dialogue.meetings.pages.forms import meeting_errors
from dialogue.meetings.pages.labels import LABELS, labels
from dialogue.meetings.pages.meeting import late_state
from dialogue.meetings.schemas import MeetingRead, MeetingReschedule
from dialogue.meetings.service import meetings
from dialogue.pages.controllers import render
from dialogue.pages.forms import (
    FormState,
    Refused,
    Visit,
    checked,
    page_visit,
    read_form,
    see_other,
    submit,
    text_or_none,
)

#: Statuses in which a meeting may still be moved (as `update_meeting` allows).
RESCHEDULABLE: Final = ("draft", "convened")
RESCHEDULE_LABELS: Final[Mapping[str, str]] = {
    **LABELS,
    "reason": "Motif du report",
    "acknowledge_late": "Reporter malgré le délai de convocation",
}


def may_reschedule(meeting: MeetingRead, access: BodyAccess) -> bool:
    """The president and the secretary move a meeting not yet held (CONTRACT.md)."""
    return access.runs_meetings and meeting.status.value in RESCHEDULABLE


def _moment(day: str | None, hour: str | None, tz: ZoneInfo) -> datetime | str:
    day_text, hour_text = text_or_none(day), text_or_none(hour)
    if day_text is None or hour_text is None:
        return ""
    try:
        return datetime.combine(date.fromisoformat(day_text), time.fromisoformat(hour_text), tzinfo=tz)
    except ValueError:
        return f"{day_text} {hour_text}"


def reschedule_payload(form: Mapping[str, str], tz: ZoneInfo) -> dict[str, Any]:
    """The form as the API's MeetingReschedule: the hours read in the meeting's own zone; an emptied place or
    link is removed."""
    payload: dict[str, Any] = {
        "starts_at": _moment(form.get("day"), form.get("start"), tz),
        "ends_at": _moment(form.get("day"), form.get("end"), tz),
        "location": text_or_none(form.get("location")),
        "visio_url": text_or_none(form.get("visio_url")),
        "reason": (form.get("reason") or "").strip(),
        "acknowledge_late": checked(form.get("acknowledge_late")),
    }
    if (late := text_or_none(form.get("late_reason"))) is not None:
        payload["late_reason"] = late
    return payload


def _current(meeting: MeetingRead) -> dict[str, str]:
    tz = ZoneInfo(meeting.timezone)
    starts, ends = meeting.starts_at.astimezone(tz), meeting.ends_at.astimezone(tz)
    return {
        "day": starts.date().isoformat(),
        "start": starts.strftime("%H:%M"),
        "end": ends.strftime("%H:%M"),
        "location": meeting.location or "",
        "visio_url": meeting.visio_url or "",
    }


async def _form(visit: Visit, meeting_id: int, form: FormState, status: int = 200) -> Template:
    meeting = await meetings.get_meeting(actor=visit.actor, meeting_id=meeting_id)
    access = await body_access(actor=visit.actor, body_id=meeting.body_id)
    access.require(may_reschedule(meeting, access), "Seuls le président et le secrétaire reportent une réunion.")
    if not form.values:
        form.values.update(_current(meeting))
    return render(
        visit.request,
        "meetings/reschedule.html.j2",
        visit.env,
        status_code=status,
        meeting=meeting,
        access=access,
        form=form,
        **{**labels(), "labels": RESCHEDULE_LABELS},
    )


class ReschedulePagesController(Controller):
    """« Reporter la réunion »: the president or the secretary moves it, with a reason."""

    tags = ["pages"]
    include_in_schema = False

    @get("/reunions/{meeting_id:int}/reporter")
    async def reschedule_form(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Template:
        return await _form(await page_visit(request), meeting_id, FormState())

    @post("/reunions/{meeting_id:int}/reporter")
    async def reschedule(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        meeting = await meetings.get_meeting(actor=visit.actor, meeting_id=meeting_id)
        posted = await read_form(request)
        done = await submit(
            MeetingReschedule,
            reschedule_payload(posted, ZoneInfo(meeting.timezone)),
            lambda data: meetings.reschedule(actor=visit.actor, meeting_id=meeting_id, data=data),
            posted=posted,
            invalid=meeting_errors,
            refused=late_state,
            catch=(InvalidInput, InvalidState, RuleViolation),
        )
        if isinstance(done, Refused):
            return await _form(visit, meeting_id, done.state, done.status)
        return see_other(f"/reunions/{meeting_id}?fait=reportee#historique")
