"""The meeting in session: who is present, absent, excused or replaced by a suppléant (L2314-1, L2314-37), and
the votes counted in the room (L2315-32)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Controller, Request, Response, post
from litestar.params import FromPath

from dialogue.bodies import service as bodies_service
from dialogue.core.errors import Conflict, DomainError, InvalidInput
from dialogue.meetings.pages.forms import attendance_entries, attendance_errors, message_state, vote_payload
from dialogue.meetings.pages.meeting import answer
from dialogue.meetings.schemas import AttendanceUpdate, VoteCreate
from dialogue.meetings.service import agenda, meetings, session
from dialogue.pages.forms import FormState, errors_from_invalid, page_visit, read_form, submit
from dialogue.web.deps import AppChainKey


class SessionPagesController(Controller):
    """Attendance and votes, recorded by the president or the secretary during the meeting."""

    tags = ["pages"]
    include_in_schema = False

    @post("/reunions/{meeting_id:int}/presences")
    async def attendance(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[Any]:
        """Who is present, absent, excused, or replaced by a suppléant who then votes (L2314-1)."""
        visit = await page_visit(request)
        posted = await read_form(request)
        meeting = await meetings.get_meeting(actor=visit.actor, meeting_id=meeting_id)
        member_ids = [m.id for m in await bodies_service.list_members(actor=visit.actor, body_id=meeting.body_id)]

        def refused(values: Mapping[str, str], exc: DomainError) -> FormState:
            # a suppléant other than L2314-37's without a reason is a Conflict: its message only
            errors = errors_from_invalid(exc) if isinstance(exc, InvalidInput) else {}
            return FormState(
                values=dict(values), errors=attendance_errors(errors, values, member_ids), message=exc.detail
            )

        done = await submit(
            AttendanceUpdate,
            {"entries": attendance_entries(posted, member_ids)},
            lambda data: session.record_attendance(actor=visit.actor, meeting_id=meeting_id, data=data),
            posted=posted,
            invalid=lambda errors: attendance_errors(errors, posted, member_ids),
            refused=refused,
            catch=(InvalidInput, Conflict),
        )
        return await answer(visit, meeting_id, "attendance", done, f"/reunions/{meeting_id}?fait=presences#presences")

    @post("/points/{item_id:int}/votes")
    async def vote(
        self, request: Request[Any, Any, Any], chain_key: AppChainKey, item_id: FromPath[int]
    ) -> Response[Any]:
        """A vote in session (L2315-32): the president does not vote on opinions; blank and abstentions count
        against. On a consultation item the adopted motion is the committee's opinion."""
        visit = await page_visit(request)
        item = await agenda.get_item(actor=visit.actor, item_id=item_id)
        posted = await read_form(request)
        which = f"vote-{item_id}"
        prefix = f"{which}."
        fields = {k.removeprefix(prefix): v for k, v in posted.items() if k.startswith(prefix)}

        def prefixed(errors: dict[str, str]) -> dict[str, str]:
            return {prefix + k: v for k, v in errors.items()}

        def refused(values: Mapping[str, str], exc: DomainError) -> FormState:
            state = message_state(values, exc)
            state.errors = prefixed(state.errors)
            return state

        done = await submit(
            VoteCreate,
            vote_payload(fields),
            lambda data: session.record_vote(actor=visit.actor, item_id=item_id, data=data, chain_key=chain_key),
            posted=posted,
            invalid=prefixed,
            refused=refused,
        )
        return await answer(
            visit, item.meeting_id, which, done, f"/reunions/{item.meeting_id}?fait=vote#point-{item_id}"
        )
