"""Votes of a meeting (L2315-32): who may vote on an item, the tally, the opinion it gives a consultation."""

from __future__ import annotations

from typing import Any

from dialogue.audit import service as audit
from dialogue.bodies.schemas import Role
from dialogue.bodies.tables import Body
from dialogue.consultations import service as consultations
from dialogue.core.actor import Actor
from dialogue.core.db import transaction
from dialogue.core.errors import Conflict, InvalidInput, InvalidState, NotFound
from dialogue.core.events import emit
from dialogue.integrity import ChainKey
from dialogue.meetings import repository as repo
from dialogue.meetings.events import VoteRecorded
from dialogue.meetings.rules import (
    InconsistentVote,
    ResolutionKind,
    present_for_item,
    president_votes,
    tally_vote,
)
from dialogue.meetings.schemas import (
    BallotRead,
    VoteCreate,
    VoteRead,
)
from dialogue.meetings.service import minutes_adoption as minutes_service
from dialogue.meetings.service.agenda_reads import VOTABLE_KINDS, default_resolution_kind
from dialogue.meetings.service.attendance import attendance_rows, voters
from dialogue.meetings.service.common import now, require_runs_meetings, require_status
from dialogue.meetings.tables import Ballot, Meeting, Vote


def vote_read(
    row: dict[str, Any], ballots: list[dict[str, Any]], *, president_votes_on_minutes: bool = True
) -> VoteRead:
    cast = row["votes_for"] + row["votes_against"] + row["abstentions"] + row["blank"] + row["void"]
    return VoteRead(
        id=row["id"],
        meeting_id=row["meeting"],
        agenda_item_id=row["agenda_item"],
        question=row["question"],
        resolution_kind=row["resolution_kind"],
        president_votes=president_votes(
            ResolutionKind(row["resolution_kind"]), president_votes_on_minutes=president_votes_on_minutes
        ),
        secret=row["secret"],
        voters=row["voters"],
        votes_for=row["votes_for"],
        votes_against=row["votes_against"],
        abstentions=row["abstentions"],
        blank=row["blank"],
        void=row["void"],
        not_cast=row["voters"] - cast,
        counted_against=row["voters"] - row["votes_for"],
        required_majority=row["required_majority"],
        adopted=row["adopted"],
        motion=row["motion"],
        opinion_text=row["opinion_text"],
        ballots=[BallotRead(member_id=b["member"], full_name=b["full_name"], choice=b["choice"]) for b in ballots],
        recorded_at=row["recorded_at"],
    )


async def _vote_reads(rows: list[dict[str, Any]]) -> list[VoteRead]:
    ids = [r["id"] for r in rows]
    ballots = await Ballot.select().where(Ballot.vote.is_in(ids)).order_by(Ballot.id) if ids else []
    meetings = list({r["meeting"] for r in rows if r["resolution_kind"] == ResolutionKind.MINUTES})
    settings = (
        await Meeting.select(Meeting.id, Meeting.body.president_votes_on_minutes).where(Meeting.id.is_in(meetings))
        if meetings
        else []
    )
    on_minutes = {m["id"]: bool(m["body.president_votes_on_minutes"]) for m in settings}
    return [
        vote_read(
            r,
            [b for b in ballots if b["vote"] == r["id"]],
            president_votes_on_minutes=on_minutes.get(r["meeting"], True),
        )
        for r in rows
    ]


_NOT_ENTITLED = {
    "absent": "est absent(e) ou excusé(e)",
    "replaced": "est remplacé(e) par un suppléant",
    "substitute": "est suppléant(e) sans remplacer de titulaire (L2314-1)",
    "president": (
        "préside : il ne prend pas part au vote de la délégation du personnel (L2315-32), ni le cas échéant à "
        "l'adoption du PV selon le réglage de l'instance"
    ),
    "not_there": "n'était pas présent(e) pour ce point (arrivée ou départ en cours de réunion)",
    "other": "n'a pas voix délibérative",
    "unknown": "n'a pas été noté(e) présent(e)",
}


def _why_not(member_id: int, rows: list[dict[str, Any]], position: int) -> str:
    row = next((r for r in rows if r["member"] == member_id), None)
    if row is None:
        return _NOT_ENTITLED["unknown"]
    if row["status"] in ("absent", "excused"):
        return _NOT_ENTITLED["absent"]
    if row["status"] == "present" and not present_for_item(
        position=position, arrived_before_item=row["arrived_before_item"], left_after_item=row["left_after_item"]
    ):
        return _NOT_ENTITLED["not_there"]
    if row["status"] == "replaced":
        return _NOT_ENTITLED["replaced"]
    if row["role"] == Role.substitute:
        return _NOT_ENTITLED["substitute"]
    if row["role"] == Role.president:
        return _NOT_ENTITLED["president"]
    return _NOT_ENTITLED["other"]


async def record_vote(*, actor: Actor, item_id: int, data: VoteCreate, chain_key: ChainKey) -> VoteRead:
    """Record a vote on an agenda item in session (L2315-32). On a consultation item the adopted motion is the
    committee's opinion; on a minutes item the adopted vote adopts the minutes of the earlier meeting."""
    async with transaction():
        item = await repo.agenda_item_row(item_id)
        access, meeting = await repo.meeting_access(actor=actor, meeting_id=item["meeting"], lock=True)
        if item["confidential"] and not access.sees_confidential:
            raise NotFound("Point de l'ordre du jour introuvable.")
        require_runs_meetings(access)
        require_status(meeting, "held", action="enregistrer un vote (la réunion doit être tenue)")
        if item["status"] != "accepted" or item["kind"] not in VOTABLE_KINDS:
            raise InvalidState(
                "Seuls les points de l'ordre du jour soumis au vote ou à consultation sont votés ; une question "
                "diverse ne permet pas de recueillir un avis (art. L2315-30).",
                code="item_not_votable",
            )
        kind = ResolutionKind(
            str(
                (data.resolution_kind.value if data.resolution_kind else None)
                or item["resolution_kind"]
                or default_resolution_kind(item["kind"])
            )
        )
        if item["minutes_meeting"] is not None and kind is ResolutionKind.INTERNAL:
            kind = ResolutionKind.MINUTES  # who votes on the PV is the body's setting (UNVERIFIED)
        if item["consultation"] is not None and kind is not ResolutionKind.CONSULTATION_OPINION:
            raise InvalidInput(
                "Sur une consultation, le comité rend un avis : le président ne vote pas (art. L2315-32).",
                errors=[{"field": "resolution_kind", "message": "doit être avis pour une consultation"}],
            )
        tz = repo.zone(meeting)
        meeting_day = meeting["starts_at"].astimezone(tz).date()
        if item["consultation"] is not None:
            await consultations.ensure_open(consultation_id=item["consultation"], on=meeting_day)
        minutes_target = None
        if item["minutes_meeting"] is not None:
            minutes_target = await minutes_service.adoptable(item["minutes_meeting"])

        rows = await attendance_rows(meeting["id"])
        if not rows:
            raise InvalidState("Notez d'abord les présences : elles déterminent qui vote.", code="no_attendance")
        body = await Body.select(Body.president_votes_on_minutes).where(Body.id == meeting["body"]).first()
        on_minutes = bool(body["president_votes_on_minutes"]) if body else True
        entitled = voters(rows, kind, president_votes_on_minutes=on_minutes, position=item["position"])
        if not entitled:
            raise InvalidState("Aucun membre présent n'a voix délibérative sur ce vote.", code="no_voters")
        counts = {"for": 0, "against": 0, "abstention": 0, "blank": 0}
        names = {r["member"]: r["full_name"] for r in rows}
        void = 0
        if data.ballots is not None:
            ids = [b.member_id for b in data.ballots]
            if len(set(ids)) != len(ids):
                raise InvalidInput(
                    "Un membre ne vote qu'une fois.", errors=[{"field": "ballots", "message": "membre en double"}]
                )
            for ballot in data.ballots:
                if str(ballot.member_id) not in entitled:
                    name = names.get(ballot.member_id, f"Le membre {ballot.member_id}")
                    raise Conflict(
                        f"{name} ne peut pas voter : {_why_not(ballot.member_id, rows, item['position'])}.",
                        code="not_entitled_to_vote",
                    )
                counts[ballot.choice.value] += 1
        else:
            if data.votes_for is None:
                raise InvalidInput(
                    "Indiquez le détail des voix (ballots) ou les totaux.",
                    errors=[{"field": "votes_for", "message": "obligatoire sans bulletins nominatifs"}],
                )
            counts = {
                "for": data.votes_for,
                "against": data.votes_against or 0,
                "abstention": data.abstentions or 0,
                "blank": data.blank or 0,
            }
            void = data.void or 0
        try:
            result = tally_vote(
                voters=len(entitled),
                votes_for=counts["for"],
                votes_against=counts["against"],
                abstentions=counts["abstention"],
                blank=counts["blank"],
                void=void,
            )
        except InconsistentVote as exc:
            raise InvalidInput(
                f"{exc} ({len(entitled)} membres présents ont voix délibérative).",
                errors=[
                    {"field": f, "message": f"total supérieur aux {len(entitled)} votants"}
                    for f in ("votes_for", "votes_against", "abstentions", "blank", "void")
                ],
            ) from exc
        motion = None
        if item["consultation"] is not None:
            motion = data.motion.value if data.motion else "positive"
            if motion == "deemed_negative":
                raise InvalidInput(
                    "Un avis réputé négatif n'est pas voté.",
                    errors=[{"field": "motion", "message": "positive ou negative"}],
                )
        moment = now()
        inserted = await Vote.insert(
            Vote(
                meeting=meeting["id"],
                agenda_item=item_id,
                question=data.question,
                resolution_kind=kind.value,
                secret=data.secret,
                voters=result.voters,
                votes_for=result.votes_for,
                votes_against=result.votes_against,
                abstentions=result.abstentions,
                blank=result.blank,
                void=result.void,
                required_majority=result.required_majority,
                adopted=result.adopted,
                motion=motion,
                opinion_text=data.opinion_text,
                recorded_by=actor.user_id,
                recorded_at=moment,
            )
        ).returning(Vote.id)
        vote_id = int(inserted[0]["id"])
        if data.ballots and not data.secret:
            await Ballot.insert(
                *[
                    Ballot(vote=vote_id, member=b.member_id, full_name=names[b.member_id], choice=b.choice.value)
                    for b in data.ballots
                ]
            )
        if result.adopted and item["consultation"] is not None and motion is not None:
            await consultations.record_opinion(
                actor=actor,
                organization_id=access.organization_id,
                consultation_id=item["consultation"],
                opinion=motion,
                text=data.opinion_text,
                on=meeting_day,
                vote_id=vote_id,
            )
        if result.adopted and minutes_target is not None:
            await minutes_service.adopt(
                actor=actor,
                organization_id=access.organization_id,
                minutes=minutes_target,
                vote_id=vote_id,
                chain_key=chain_key,
            )
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="vote",
            entity="agenda_item",
            entity_id=item_id,
            after={
                "vote_id": vote_id,
                "voters": result.voters,
                "for": result.votes_for,
                "against": result.votes_against,
                "abstentions": result.abstentions,
                "blank": result.blank,
                "adopted": result.adopted,
                "secret": data.secret,
            },
        )
        await emit(
            VoteRecorded(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                meeting_id=meeting["id"],
                body_id=meeting["body"],
                agenda_item_id=item_id,
                vote_id=vote_id,
                adopted=result.adopted,
            )
        )
        row = await Vote.select().where(Vote.id == vote_id).first()
        assert row is not None
        (read,) = await _vote_reads([row])
        return read


async def list_item_votes(*, actor: Actor, item_id: int) -> list[VoteRead]:
    item = await repo.agenda_item_row(item_id)
    access, _ = await repo.meeting_access(actor=actor, meeting_id=item["meeting"])
    if item["confidential"] and not access.sees_confidential:
        return []
    return await _vote_reads(await Vote.select().where(Vote.agenda_item == item_id).order_by(Vote.id))


async def list_meeting_votes(*, actor: Actor, meeting_id: int) -> list[VoteRead]:
    access, _ = await repo.meeting_access(actor=actor, meeting_id=meeting_id)
    query = Vote.select().where(Vote.meeting == meeting_id)
    if not access.sees_confidential:
        query = query.where(Vote.agenda_item.confidential == False)  # noqa: E712
    return await _vote_reads(await query.order_by(Vote.id))
