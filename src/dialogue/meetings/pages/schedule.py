"""A body's meetings: the list (upcoming, then past), planning one meeting, and the yearly calendar of ordinary
meetings (L2315-28, L2315-27)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from dialogue.bodies.access import body_access
from dialogue.core.errors import InvalidInput
from dialogue.meetings.pages.forms import meeting_errors, meeting_payload, message_state, split_meetings
from dialogue.meetings.pages.labels import DONE, WEEKDAYS, labels
from dialogue.meetings.pages.meeting import meetings_now, settings_of
from dialogue.meetings.schemas import CalendarPlanRequest, MeetingCreate
from dialogue.meetings.service import calendar, meetings
from dialogue.meetings.service.common import today_in
from dialogue.pages.controllers import render
from dialogue.pages.forms import FormState, Refused, Visit, page_visit, read_form, see_other, submit, text_or_none


async def _plan_form(visit: Visit, body_id: int, form: FormState, status: int = 200) -> Template:
    access = await body_access(actor=visit.actor, body_id=body_id)
    access.require(access.runs_meetings, "Seuls le président et le secrétaire programment les réunions.")
    if not form.values:
        form.values.update({"kind": "ordinary", "start": "14:00", "end": "17:00", "minutes_case": "general"})
    return render(
        visit.request, "meetings/plan.html.j2", visit.env, status_code=status, access=access, form=form, **labels()
    )


#: How many years before and after this one the calendar's navigation offers.
YEARS_OFFERED = 5


async def _calendar(
    visit: Visit, body_id: int, year: int, form: FormState, status: int, fait: str | None = None
) -> Template:
    settings = settings_of(visit.request)
    access = (await body_access(actor=visit.actor, body_id=body_id)).require_read()
    plan = await calendar.get_calendar(
        actor=visit.actor, body_id=body_id, year=year, default_timezone=settings.timezone
    )
    this_year = today_in(settings.tz).year
    if not form.values:
        form.values.update({"weekday": "1", "occurrence": "2", "at": "14:00", "duration_minutes": "180"})
    return render(
        visit.request,
        "meetings/calendar.html.j2",
        visit.env,
        status_code=status,
        access=access,
        plan=plan,
        year=year,
        #: The years offered in the navigation: a calendar is planned for the years around this one.
        years=range(max(2000, this_year - YEARS_OFFERED), min(2100, this_year + YEARS_OFFERED) + 1),
        form=form,
        done=DONE.get(fait or ""),
        weekdays=list(enumerate(WEEKDAYS)),
        **labels(),
    )


class MeetingSchedulePagesController(Controller):
    """The meetings of a body, as the secretary and the president plan them over the year."""

    tags = ["pages"]
    include_in_schema = False

    @get("/instances/{body_id:int}/reunions")
    async def meetings(
        self, request: Request[Any, Any, Any], body_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        visit = await page_visit(request)
        access = (await body_access(actor=visit.actor, body_id=body_id)).require_read()
        items, _ = await meetings.list_meetings(actor=visit.actor, body_id=body_id, limit=500, offset=0)
        upcoming, past = split_meetings(items, meetings_now())
        return render(
            request,
            "meetings/list.html.j2",
            visit.env,
            access=access,
            upcoming=upcoming,
            past=past,
            done=DONE.get(fait or ""),
            year=today_in(settings_of(request).tz).year,
            **labels(),
        )

    @get("/instances/{body_id:int}/reunions/nouvelle")
    async def plan_form(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Template:
        return await _plan_form(await page_visit(request), body_id, FormState())

    @post("/instances/{body_id:int}/reunions")
    async def plan(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        settings = settings_of(request)
        posted = await read_form(request)
        meeting = await submit(
            MeetingCreate,
            meeting_payload(posted, settings),
            lambda data: meetings.create_meeting(
                actor=visit.actor, body_id=body_id, data=data, default_timezone=settings.timezone
            ),
            posted=posted,
            invalid=meeting_errors,
            refused=message_state,
            catch=(InvalidInput,),
        )
        if isinstance(meeting, Refused):
            return await _plan_form(visit, body_id, meeting.state, meeting.status)
        return see_other(f"/reunions/{meeting.id}?fait=creee")

    @get("/instances/{body_id:int}/calendrier")
    async def calendar_page(
        self,
        request: Request[Any, Any, Any],
        body_id: FromPath[int],
        annee: FromQuery[int | None] = None,
        fait: FromQuery[str | None] = None,
    ) -> Template:
        visit = await page_visit(request)
        year = annee or today_in(settings_of(request).tz).year
        return await _calendar(visit, body_id, year, FormState(), 200, fait)

    @post("/instances/{body_id:int}/calendrier")
    async def plan_calendar(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Response[Any]:
        """Create the year's proposed ordinary meetings for each period without one (L2315-28, L2315-27)."""
        visit = await page_visit(request)
        settings = settings_of(request)
        posted = await read_form(request)
        year_text = posted.get("year", "")
        year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else today_in(settings.tz).year
        payload: dict[str, Any] = {
            k: posted.get(k, "") for k in ("weekday", "occurrence", "at", "duration_minutes") if posted.get(k)
        }
        if (location := text_or_none(posted.get("location"))) is not None:
            payload["location"] = location
        done = await submit(
            CalendarPlanRequest,
            payload,
            lambda data: calendar.plan_calendar(
                actor=visit.actor, body_id=body_id, year=year, data=data, default_timezone=settings.timezone
            ),
            posted=posted,
            refused=message_state,
            catch=(InvalidInput,),
        )
        if isinstance(done, Refused):
            return await _calendar(visit, body_id, year, done.state, done.status)
        return see_other(f"/instances/{body_id}/calendrier?annee={year}&fait=calendrier")
