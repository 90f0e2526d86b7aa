"""What the minutes say of a meeting (attendance, accepted items, votes), read once for the draft (L2315-34) and
for the exports."""

from __future__ import annotations

from typing import Any

from dialogue.bodies.schemas import Role
from dialogue.bodies.tables import Member
from dialogue.meetings import repository as repo
from dialogue.meetings.drafting import ItemLine, MeetingFacts, PresenceLine, VoteLine
from dialogue.meetings.rules import Attendee, ResolutionKind, eligible_voters
from dialogue.meetings.tables import AgendaItem, Attendance, Ballot, Vote


async def meeting_facts(meeting: dict[str, Any]) -> MeetingFacts:
    """The facts of a meeting row as `drafting` prints them (confidential items left out)."""
    ctx = await repo.body_context(meeting["body"])
    tz = repo.zone(meeting)
    attendance = await Attendance.select().where(Attendance.meeting == meeting["id"]).order_by(Attendance.id)
    order = {"president": 0, "secretary": 1, "deputy_secretary": 2, "treasurer": 3, "titular": 4}
    attendance.sort(key=lambda r: (order.get(r["role"], 9), r["full_name"]))
    members = await Member.select(Member.role, Member.user.full_name).where(Member.body == meeting["body"])
    by_role = {m["role"]: m["user.full_name"] for m in members}
    items = (
        await AgendaItem.select()
        .where((AgendaItem.meeting == meeting["id"]) & (AgendaItem.status == "accepted"))
        .order_by(AgendaItem.position)
    )
    votes = await Vote.select().where(Vote.meeting == meeting["id"]).order_by(Vote.id)
    vote_ids = [v["id"] for v in votes]
    ballots: dict[int, list[tuple[str, str]]] = {}
    if vote_ids:
        for b in await Ballot.select().where(Ballot.vote.is_in(vote_ids)).order_by(Ballot.id):
            ballots.setdefault(b["vote"], []).append((b["full_name"], b["choice"]))
    present = [
        (str(r["member"]), r["role"], str(r["replaces"]) if r["replaces"] else None)
        for r in attendance
        if r["status"] == "present" and r["member"] is not None
    ]
    try:
        voters = len(
            eligible_voters(
                attendees=[Attendee(person_id=p, role=Role(role), replaces=rep) for p, role, rep in present],
                kind=ResolutionKind.CONSULTATION_OPINION,
            )
        )
    except ValueError:
        voters = 0
    return MeetingFacts(
        body_name=ctx.name,
        title=meeting["title"],
        kind=meeting["kind"],
        starts_at=meeting["starts_at"].astimezone(tz),
        ends_at=meeting["ends_at"].astimezone(tz),
        location=meeting["location"],
        visio_url=meeting["visio_url"],
        president=by_role.get("president"),
        secretary=by_role.get("secretary"),
        presence=[
            PresenceLine(name=r["full_name"], role=r["role"], status=r["status"], replaces=r["replaces_name"])
            for r in attendance
        ],
        items=[
            ItemLine(
                position=i["position"],
                title=i["title"],
                kind=i["kind"],
                presenter=i["presenter"],
                votes=tuple(
                    VoteLine(
                        question=v["question"],
                        secret=v["secret"],
                        voters=v["voters"],
                        votes_for=v["votes_for"],
                        votes_against=v["votes_against"],
                        abstentions=v["abstentions"],
                        blank=v["blank"],
                        required_majority=v["required_majority"],
                        adopted=v["adopted"],
                        motion=v["motion"],
                        opinion_text=v["opinion_text"],
                        ballots=tuple(ballots.get(v["id"], ())) if not v["secret"] else (),
                    )
                    for v in votes
                    if v["agenda_item"] == i["id"]
                ),
            )
            for i in items
            if not i["confidential"]
        ],
        voters_on_opinions=voters,
    )
