"""The meeting in session: attendance (L2314-1) and votes (L2315-32)."""

from __future__ import annotations

from typing import Any

from dialogue.audit import service as audit
from dialogue.bodies.schemas import TITULAR_ROLES, Role
from dialogue.bodies.tables import Body, Member
from dialogue.consultations import service as consultations
from dialogue.core.actor import Actor
from dialogue.core.db import transaction
from dialogue.core.errors import Conflict, InvalidInput, InvalidState, NotFound
from dialogue.core.events import emit
from dialogue.meetings import repository as repo
from dialogue.meetings.events import VoteRecorded
from dialogue.meetings.rules import (
    Attendee,
    ElectedMember,
    InconsistentVote,
    ReplacementProposal,
    ReplacementStep,
    ResolutionKind,
    eligible_voters,
    legal_replacement,
    present_for_item,
    president_votes,
    tally_vote,
)
from dialogue.meetings.schemas import (
    AttendanceRead,
    AttendanceSheet,
    AttendanceUpdate,
    BallotRead,
    ReplacementProposalRead,
    VoteCreate,
    VoteRead,
)
from dialogue.meetings.service import minutes as minutes_service
from dialogue.meetings.service.agenda import VOTABLE_KINDS, default_resolution_kind
from dialogue.meetings.service.common import now, require_runs_meetings, require_status
from dialogue.meetings.tables import Attendance, Ballot, Meeting, Vote


def _attendees(rows: list[dict[str, Any]], position: int | None = None) -> list[Attendee]:
    """Members present; for the item at `position`, only those there for it (DOMAIN.md §0.11)."""
    return [
        Attendee(
            person_id=str(r["member"]),
            role=Role(r["role"]),
            replaces=str(r["replaces"]) if r["replaces"] is not None else None,
        )
        for r in rows
        if r["status"] == "present"
        and r["member"] is not None
        and (
            position is None
            or present_for_item(
                position=position, arrived_before_item=r["arrived_before_item"], left_after_item=r["left_after_item"]
            )
        )
    ]


async def attendance_rows(meeting_id: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        await Attendance.select().where(Attendance.meeting == meeting_id).order_by(Attendance.id)
    )
    return rows


def voters(
    rows: list[dict[str, Any]],
    kind: ResolutionKind,
    *,
    president_votes_on_minutes: bool = True,
    position: int | None = None,
) -> tuple[str, ...]:
    try:
        return eligible_voters(
            attendees=_attendees(rows, position), kind=kind, president_votes_on_minutes=president_votes_on_minutes
        )
    except InconsistentVote as exc:
        raise InvalidInput(str(exc), errors=[{"field": "entries", "message": str(exc)}]) from exc


async def _sheet(meeting_id: int, body_id: int) -> AttendanceSheet:
    rows = await attendance_rows(meeting_id)
    on_opinions = set(voters(rows, ResolutionKind.CONSULTATION_OPINION))
    on_resolutions = set(voters(rows, ResolutionKind.INTERNAL))
    recorded = {r["member"] for r in rows}
    members = await _election_members(body_id)
    return AttendanceSheet(
        meeting_id=meeting_id,
        entries=[
            AttendanceRead(
                member_id=r["member"],
                full_name=r["full_name"],
                role=r["role"],
                status=r["status"],
                replaces_member_id=r["replaces"],
                replaces_name=r["replaces_name"],
                replacement_reason=r["replacement_reason"],
                arrived_before_item=r["arrived_before_item"],
                left_after_item=r["left_after_item"],
                votes_on_opinions=str(r["member"]) in on_opinions,
                votes_on_resolutions=str(r["member"]) in on_resolutions,
                recorded_at=r["recorded_at"],
            )
            for r in rows
        ],
        present=sum(r["status"] == "present" for r in rows),
        voters_on_opinions=len(on_opinions),
        voters_on_resolutions=len(on_resolutions),
        not_recorded=[m["id"] for m in members.values() if m["id"] not in recorded],
        proposals=_proposals(members, rows),
    )


# --- Replacement of absent titulaires (L2314-37) ----------------------------------------------------------------


async def _election_members(body_id: int) -> dict[int, dict[str, Any]]:
    rows = (
        await Member.select(
            Member.id,
            Member.role,
            Member.college,
            Member.union_name,
            Member.category,
            Member.electoral_college,
            Member.votes_obtained,
            Member.user.full_name,
        )
        .where(Member.body == body_id)
        .order_by(Member.id)
    )
    return {int(m["id"]): m for m in rows}


def _elected(m: dict[str, Any]) -> ElectedMember:
    return ElectedMember(
        member_id=int(m["id"]),
        name=m["user.full_name"],
        union_name=m["union_name"],
        category=m["category"],
        electoral_college=m["electoral_college"],
        votes=m["votes_obtained"],
    )


def _replacement_for(
    titular: int,
    members: dict[int, dict[str, Any]],
    state: dict[int, tuple[str, int | None]],
    *,
    unrecorded: str = "absent",
) -> ReplacementProposal | None:
    """L2314-37 among the suppléants present who do not replace another titulaire; `unrecorded` says how to take a
    suppléant not noted yet (the page proposes among them too)."""
    pool = [
        _elected(m)
        for member_id, m in members.items()
        if m["role"] == Role.substitute
        and state.get(member_id, (unrecorded, None))[0] == "present"
        and state.get(member_id, (unrecorded, None))[1] in (None, titular)
    ]
    return legal_replacement(_elected(members[titular]), pool)


def _proposals(members: dict[int, dict[str, Any]], rows: list[dict[str, Any]]) -> list[ReplacementProposalRead]:
    state = {r["member"]: (r["status"], r["replaces"]) for r in rows if r["member"] is not None}
    proposals: list[ReplacementProposalRead] = []
    for member_id, m in members.items():
        if m["role"] not in TITULAR_ROLES or state.get(member_id, ("present", None))[0] == "present":
            continue
        proposal = _replacement_for(member_id, members, state, unrecorded="present")
        if proposal is None:
            continue
        fallback = proposal.fallback
        proposals.append(
            ReplacementProposalRead(
                titulaire_id=member_id,
                titulaire_name=m["user.full_name"],
                step=proposal.step.value,
                member_id=proposal.member_id,
                name=proposal.name,
                equally_ranked=list(proposal.equally_ranked),
                article=proposal.article,
                fallback_member_id=fallback.member_id if fallback else None,
                fallback_name=fallback.name if fallback else None,
            )
        )
    return proposals


def _replacement_refusal(*, chosen: str, titular: str, proposal: ReplacementProposal) -> str:
    if proposal.step is ReplacementStep.UNELECTED_CANDIDATE:
        called = "le candidat non élu suivant de la même liste"
        if proposal.fallback is not None:
            called += f" (à défaut : {proposal.fallback.name})"
    else:
        called = str(proposal.name)
    return (
        f"{chosen} ne peut pas remplacer {titular} : la loi appelle {called} ({proposal.article}). "
        "Pour retenir un autre suppléant, indiquez-en la raison."
    )


async def get_attendance(*, actor: Actor, meeting_id: int) -> AttendanceSheet:
    _, meeting = await repo.meeting_access(actor=actor, meeting_id=meeting_id)
    return await _sheet(meeting_id, meeting["body"])


async def record_attendance(*, actor: Actor, meeting_id: int, data: AttendanceUpdate) -> AttendanceSheet:
    """Record who is present, absent, excused or replaced; a suppléant present for an absent titulaire
    replaces them and votes in their place (L2314-1), the titulaire being marked replaced."""
    async with transaction():
        access, meeting = await repo.meeting_access(actor=actor, meeting_id=meeting_id, lock=True)
        require_runs_meetings(access)
        require_status(meeting, "convened", "held", action="noter les présences")
        members = await _election_members(meeting["body"])
        errors: list[dict[str, str]] = []
        seen: set[int] = set()
        for index, entry in enumerate(data.entries):
            field = f"entries[{index}]"
            if entry.member_id not in members:
                errors.append({"field": f"{field}.member_id", "message": "n'est pas membre de l'instance"})
                continue
            if entry.member_id in seen:
                errors.append({"field": f"{field}.member_id", "message": "figure deux fois"})
            seen.add(entry.member_id)
            role = members[entry.member_id]["role"]
            if entry.replaces_member_id is not None:
                replaced = members.get(entry.replaces_member_id)
                if role != Role.substitute or entry.status != "present":
                    errors.append(
                        {
                            "field": f"{field}.replaces_member_id",
                            "message": "seul un suppléant présent remplace un titulaire (L2314-1)",
                        }
                    )
                elif replaced is None or replaced["role"] not in TITULAR_ROLES:
                    errors.append({"field": f"{field}.replaces_member_id", "message": "n'est pas un titulaire"})
            if entry.status == "replaced" and role not in TITULAR_ROLES:
                errors.append({"field": f"{field}.status", "message": "seul un titulaire est remplacé"})
            if entry.replacement_reason is not None and entry.replaces_member_id is None:
                errors.append(
                    {"field": f"{field}.replacement_reason", "message": "seulement pour un suppléant qui remplace"}
                )
            if entry.status != "present" and (entry.arrived_before_item or entry.left_after_item):
                errors.append({"field": f"{field}.arrived_before_item", "message": "seulement pour un membre présent"})
        if errors:
            raise InvalidInput("Feuille de présence invalide.", errors=errors)

        current = {r["member"]: r for r in await attendance_rows(meeting_id) if r["member"] is not None}
        state: dict[int, tuple[str, int | None]] = {m: (r["status"], r["replaces"]) for m, r in current.items()}
        extra: dict[int, tuple[str | None, int | None, int | None]] = {
            m: (r["replacement_reason"], r["arrived_before_item"], r["left_after_item"]) for m, r in current.items()
        }
        for entry in data.entries:
            state[entry.member_id] = (entry.status.value, entry.replaces_member_id)
            extra[entry.member_id] = (entry.replacement_reason, entry.arrived_before_item, entry.left_after_item)
        replacing: dict[int, list[int]] = {}
        for member_id, (status, replaces) in state.items():
            if status == "present" and replaces is not None:
                replacing.setdefault(replaces, []).append(member_id)
        for titular, substitutes in replacing.items():
            name = members[titular]["user.full_name"]
            if len(substitutes) > 1:
                raise InvalidInput(
                    f"{name} ne peut être remplacé(e) que par un seul suppléant (L2314-1).",
                    errors=[{"field": "entries", "message": "deux suppléants pour un même titulaire"}],
                )
            if state.get(titular, ("absent", None))[0] == "present":
                raise InvalidInput(
                    f"{name} est présent(e) : un suppléant ne peut pas le (la) remplacer (L2314-1).",
                    errors=[{"field": "entries", "message": "titulaire présent et remplacé à la fois"}],
                )
            state[titular] = ("replaced", None)
        for member_id, (status, _) in state.items():
            if status == "replaced" and member_id not in replacing:
                raise InvalidInput(
                    f"{members[member_id]['user.full_name']} est noté(e) remplacé(e) sans suppléant présent.",
                    errors=[{"field": "entries", "message": "titulaire remplacé sans suppléant"}],
                )
        for titular, (substitute, *_) in replacing.items():
            proposal = _replacement_for(titular, members, state)
            if proposal is None or proposal.allows(substitute) or extra.get(substitute, (None,))[0]:
                continue
            raise Conflict(
                _replacement_refusal(
                    chosen=members[substitute]["user.full_name"],
                    titular=members[titular]["user.full_name"],
                    proposal=proposal,
                ),
                code="replacement_order",
            )
        moment = now()
        for member_id, (status, replaces) in state.items():
            row = current.get(member_id)
            reason, arrived, left = extra.get(member_id, (None, None, None))
            if replaces is None:
                reason = None
            if status != "present":
                arrived = left = None
            if row is not None and (
                row["status"],
                row["replaces"],
                row["replacement_reason"],
                row["arrived_before_item"],
                row["left_after_item"],
            ) == (status, replaces, reason, arrived, left):
                continue
            replaces_name = members[replaces]["user.full_name"] if replaces else None
            if row is not None:
                await Attendance.update(
                    {
                        Attendance.status: status,
                        Attendance.replaces: replaces,
                        Attendance.replaces_name: replaces_name,
                        Attendance.replacement_reason: reason,
                        Attendance.arrived_before_item: arrived,
                        Attendance.left_after_item: left,
                        Attendance.recorded_by: actor.user_id,
                        Attendance.recorded_at: moment,
                    }
                ).where(Attendance.id == row["id"])
            else:
                await Attendance.insert(
                    Attendance(
                        meeting=meeting_id,
                        member=member_id,
                        full_name=members[member_id]["user.full_name"],
                        role=members[member_id]["role"],
                        status=status,
                        replaces=replaces,
                        replaces_name=replaces_name,
                        replacement_reason=reason,
                        arrived_before_item=arrived,
                        left_after_item=left,
                        recorded_by=actor.user_id,
                        recorded_at=moment,
                    )
                )
        sheet = await _sheet(meeting_id, meeting["body"])
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="attendance",
            entity="meeting",
            entity_id=meeting_id,
            after={"entries": [e.model_dump(mode="json") for e in data.entries]},
        )
        return sheet


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


async def record_vote(*, actor: Actor, item_id: int, data: VoteCreate) -> VoteRead:
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
                actor=actor, organization_id=access.organization_id, minutes=minutes_target, vote_id=vote_id
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
