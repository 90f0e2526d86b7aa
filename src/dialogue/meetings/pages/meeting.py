"""The meeting page: agenda drawn up jointly and approved (L2315-29), convocation with its legal delay (L2315-30)
and the SSCT written confirmation (L2315-27), attendance (L2314-1), votes (L2315-32), history.

`meeting_page` renders it; the agenda and session controllers render it again, with the refused form in its
slot, after a post that failed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from dialogue.bodies import service as bodies_service
from dialogue.bodies.access import body_access
from dialogue.bodies.schemas import TITULAR_ROLES, Role
from dialogue.consultations import service as consultations_service
from dialogue.consultations.schemas import ConsultationRead
from dialogue.core.actor import Actor
from dialogue.core.errors import DomainError, Forbidden, NotFound
from dialogue.meetings.pages.attachments import documents_context
from dialogue.meetings.pages.forms import FormSlot, message_state
from dialogue.meetings.pages.labels import BALLOT_LABELS, DONE, RESOLUTION_LABELS, SSCT_RECIPIENTS, labels
from dialogue.meetings.rules import ResolutionKind, president_votes
from dialogue.meetings.schemas import (
    AgendaItemRead,
    CancelRequest,
    ConveneRequest,
    MeetingRead,
    MinutesRead,
    ReplacementProposalRead,
    SsctNoticeCreate,
)
from dialogue.meetings.service import agenda_reads, common, meetings, minutes, notice, session
from dialogue.meetings.service.common import today_in
from dialogue.meetings.service.minutes import MINUTES_STATUS_LABELS
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
from dialogue.settings import Settings
from dialogue.web.deps import chain_key_of


def settings_of(request: Request[Any, Any, Any]) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def meetings_now() -> datetime:
    """Now, by the meetings' clock (read at call time, so the tests' frozen clock applies)."""
    return common.now()


async def minutes_or_none(visit: Visit, meeting_id: int) -> MinutesRead | None:
    """The PV if there is one this person may read (a draft is the secretary's working copy)."""
    try:
        return await minutes.get_minutes(
            actor=visit.actor, meeting_id=meeting_id, chain_key=chain_key_of(visit.request), served_as="page"
        )
    except (NotFound, Forbidden):
        return None


def item_resolution(item: AgendaItemRead) -> ResolutionKind:
    """The kind a vote on this item takes by default (as session.record_vote decides it)."""
    kind = item.resolution_kind or ResolutionKind.INTERNAL
    if item.minutes_of_meeting_id is not None and kind is ResolutionKind.INTERNAL:
        return ResolutionKind.MINUTES
    return kind


async def _open_consultations(actor: Actor, body_id: int) -> list[ConsultationRead]:
    """The body's consultations an agenda item may still carry: open or suspended (L2315-86)."""
    running, _ = await consultations_service.list_consultations(
        actor=actor, body_id=body_id, limit=100, offset=0, meetings_of=agenda_reads.consultation_meetings
    )
    return [c for c in running if not c.final]


def _ballot_voters(attendance: Mapping[int | None, Any]) -> list[int]:
    """Who gets a line in a nominal vote: the president and titulaires present, the suppléants replacing an absent
    titulaire (L2314-1, L2315-32); the service still refuses the president on a délégation's vote."""
    return [
        member
        for member, e in attendance.items()
        if member is not None
        and e.status.value == "present"
        and (
            e.role == Role.president.value
            or e.role in {r.value for r in TITULAR_ROLES}
            or (e.role == Role.substitute.value and e.replaces_member_id)
        )
    ]


def proposed_replacements(
    proposals: Sequence[ReplacementProposalRead], recorded: Mapping[int | None, Any]
) -> dict[int, int]:
    """Suppléant → the titulaire L2314-37 calls them to replace, preselected in the attendance form; only for a
    suppléant who replaces nobody yet (their recorded choice, or what was typed, stays)."""
    found: dict[int, int] = {}
    for proposal in proposals:
        member = proposal.member_id if proposal.member_id is not None else proposal.fallback_member_id
        entry = recorded.get(member) if member is not None else None
        if member is None or member in found or (entry is not None and entry.replaces_member_id is not None):
            continue
        found[member] = proposal.titulaire_id
    return found


def convene_blocked(meeting: MeetingRead, current: Any, now: datetime) -> str | None:
    """Why « Convoquer » cannot work yet, as `convening.convene` would refuse it: "past" (reschedule first),
    "empty" (no item), "not_agreed" (L2315-29: both approvals of the current version missing); None when it can."""
    if meeting.starts_at <= now:
        return "past"
    if not current.items:
        return "empty"
    if current.convening is not None and current.convening.basis is None:
        return "not_agreed"
    return None


async def meeting_page(
    visit: Visit, meeting_id: int, *, done: str | None = None, slot: FormSlot | None = None, status: int = 200
) -> Template:
    actor = visit.actor
    meeting = await meetings.get_meeting(actor=actor, meeting_id=meeting_id)
    access = await body_access(actor=actor, body_id=meeting.body_id)
    current = await agenda_reads.get_agenda(actor=actor, meeting_id=meeting_id)
    members = await bodies_service.list_members(actor=actor, body_id=meeting.body_id)
    names = {m.user_id: m.full_name for m in members}
    tz = settings_of(visit.request).tz
    draft = meeting.status == "draft"
    sheet = (
        await session.get_attendance(actor=actor, meeting_id=meeting_id)
        if meeting.status in ("convened", "held", "closed")
        else None
    )
    votes = await session.list_meeting_votes(actor=actor, meeting_id=meeting_id) if sheet else []
    votes_by_item: dict[int, list[Any]] = {}
    for vote in votes:
        votes_by_item.setdefault(vote.agenda_item_id, []).append(vote)
    pv = await minutes_or_none(visit, meeting_id)
    adoptable: list[MeetingRead] = []
    open_consultations: list[ConsultationRead] = []
    if draft and access.runs_meetings:
        earlier, _ = await meetings.list_meetings(
            actor=actor, body_id=meeting.body_id, limit=500, offset=0, end=meeting.starts_at
        )
        adoptable = [m for m in earlier if m.minutes.status == "submitted"]
        if access.kind in ("cse", "cse_central"):
            open_consultations = await _open_consultations(actor, meeting.body_id)
    my_role = "president" if access.is_president else "secretary" if access.is_secretary else None
    approved_now = {a.role for a in current.approvals if a.current}
    day_come = today_in(tz) >= meeting.starts_at.astimezone(tz).date()
    attendance = {e.member_id: e for e in sheet.entries} if sheet else {}
    body = await bodies_service.get_body(actor=actor, body_id=meeting.body_id)
    joint = current.convening is None or current.convening.joint_required
    docs = await documents_context(actor=actor, organization_id=access.organization_id, meeting_id=meeting_id)
    return render(
        visit.request,
        "meetings/meeting.html.j2",
        visit.env,
        status_code=status,
        meeting=meeting,
        access=access,
        agenda=current,
        members=members,
        names=names,
        sheet=sheet,
        attendance=attendance,
        votes_by_item=votes_by_item,
        minutes=pv,
        minutes_labels=MINUTES_STATUS_LABELS,
        adoptable=adoptable,
        open_consultations=open_consultations,
        notice=await notice.notice(actor=actor, meeting_id=meeting_id) if draft else (),
        today=today_in(tz),
        done=done,
        form=slot or FormSlot(),
        can_edit_agenda=draft and access.runs_meetings,
        can_propose=draft and not access.runs_meetings and (access.is_elu or access.is_union_representative),
        can_approve=draft and my_role is not None and my_role not in approved_now and bool(current.items) and joint,
        approve_waits=draft and my_role is not None and not current.items and joint,
        convene_blocked=convene_blocked(meeting, current, meetings_now()) if draft and access.runs_meetings else None,
        approvals_missing=[role for role in ("president", "secretary") if role not in approved_now],
        can_disagree=draft
        and access.is_secretary
        and current.convening is not None
        and current.convening.joint_required
        and not current.agreed,
        can_record_notice=access.is_president
        and meeting.ssct_notice is not None
        and meeting.status.value != "cancelled",
        history=await meetings.meeting_history(actor=actor, meeting_id=meeting_id),
        can_convene=draft and access.runs_meetings,
        can_hold=meeting.status == "convened" and access.runs_meetings and day_come,
        hold_waits=meeting.status == "convened" and access.runs_meetings and not day_come,
        can_cancel=meeting.status in ("draft", "convened") and access.runs_meetings,
        can_reschedule=meeting.status in ("draft", "convened") and access.runs_meetings,
        can_record=meeting.status in ("convened", "held") and access.runs_meetings,
        can_vote=meeting.status == "held" and access.runs_meetings,
        writes_minutes=access.is_secretary and meeting.status in ("held", "closed"),
        votable={"vote", "consultation", "ssct"},
        proposals={p.titulaire_id: p for p in sheet.proposals} if sheet else {},
        proposed=proposed_replacements(sheet.proposals, attendance) if sheet else {},
        president_out={
            item.id: not president_votes(
                item_resolution(item), president_votes_on_minutes=body.president_votes_on_minutes
            )
            for item in current.items
        },
        resolution_labels=RESOLUTION_LABELS,
        ballot_labels=BALLOT_LABELS,
        present_ids=_ballot_voters(attendance),
        **docs,
        **labels(),
    )


async def retry(visit: Visit, meeting_id: int, which: str, refused: Refused) -> Template:
    """The meeting page again, the refused form `which` showing what was typed and why it was refused."""
    return await meeting_page(visit, meeting_id, slot=FormSlot(which, refused.state), status=refused.status)


async def answer(visit: Visit, meeting_id: int, which: str, done: object, url: str) -> Response[Any]:
    """After a post on the meeting page: the page again with the refused form `which`, or `url` to read next."""
    if isinstance(done, Refused):
        return await retry(visit, meeting_id, which, done)
    return see_other(url)


def late_state(posted: Mapping[str, str], exc: DomainError) -> FormState:
    state = message_state(posted, exc)
    if getattr(exc, "code", "") == "late_convocation":
        state.errors.setdefault("acknowledge_late", "Cochez pour convoquer malgré le délai, motif à l'appui.")
    return state


class MeetingPagesController(Controller):
    """The meeting page and its life: convene, confirm an SSCT meeting in writing, hold, cancel."""

    tags = ["pages"]
    include_in_schema = False

    @get("/reunions/{meeting_id:int}")
    async def meeting(
        self, request: Request[Any, Any, Any], meeting_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        return await meeting_page(await page_visit(request), meeting_id, done=DONE.get(fait or ""))

    @post("/reunions/{meeting_id:int}/convoquer")
    async def convene(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[Any]:
        """Convene with the agreed agenda; late only when acknowledged with a reason (L2315-30)."""
        visit = await page_visit(request)
        posted = await read_form(request)
        payload: dict[str, Any] = {"acknowledge_late": checked(posted.get("acknowledge_late"))}
        if (reason := text_or_none(posted.get("late_reason"))) is not None:
            payload["late_reason"] = reason
        done = await submit(
            ConveneRequest,
            payload,
            lambda data: meetings.convene(actor=visit.actor, meeting_id=meeting_id, data=data),
            posted=posted,
            refused=late_state,
        )
        return await answer(visit, meeting_id, "convene", done, f"/reunions/{meeting_id}?fait=convoquee")

    @post("/reunions/{meeting_id:int}/confirmation-ssct")
    async def ssct_notice(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[Any]:
        """The president records the written confirmation sent 15 days before (L2315-27 al. 4)."""
        visit = await page_visit(request)
        posted = await read_form(request)
        payload: dict[str, Any] = {"recipients": [r for r in SSCT_RECIPIENTS if checked(posted.get(f"to_{r}"))]}
        for name in ("sent_on", "note"):
            if (value := text_or_none(posted.get(name))) is not None:
                payload[name] = value
        done = await submit(
            SsctNoticeCreate,
            payload,
            lambda data: notice.record_ssct_notice(actor=visit.actor, meeting_id=meeting_id, data=data),
            posted=posted,
            refused=message_state,
        )
        url = f"/reunions/{meeting_id}?fait=confirmation-ssct#convocation"
        return await answer(visit, meeting_id, "ssct_notice", done, url)

    @post("/reunions/{meeting_id:int}/tenir")
    async def hold(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        await meetings.hold(actor=visit.actor, meeting_id=meeting_id)
        return see_other(f"/reunions/{meeting_id}?fait=tenue#presences")

    @post("/reunions/{meeting_id:int}/annuler")
    async def cancel(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)
        done = await submit(
            CancelRequest,
            {"reason": posted.get("reason", "")},
            lambda data: meetings.cancel(actor=visit.actor, meeting_id=meeting_id, data=data),
            posted=posted,
            catch=(),
        )
        return await answer(visit, meeting_id, "cancel", done, f"/reunions/{meeting_id}?fait=annulee")
