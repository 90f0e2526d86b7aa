"""Attendance of a meeting: who is present, for which items (DOMAIN.md §0.11), and the suppléant who replaces an
absent titulaire (L2314-1, L2314-37)."""

from __future__ import annotations

from typing import Any

from dialogue.audit import service as audit
from dialogue.bodies.schemas import TITULAR_ROLES, Role
from dialogue.bodies.tables import Member
from dialogue.core.actor import Actor
from dialogue.core.db import transaction
from dialogue.core.errors import Conflict, InvalidInput
from dialogue.meetings import repository as repo
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
)
from dialogue.meetings.schemas import (
    AttendanceRead,
    AttendanceSheet,
    AttendanceUpdate,
    ReplacementProposalRead,
)
from dialogue.meetings.service.common import now, require_runs_meetings, require_status
from dialogue.meetings.tables import Attendance


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
            attendees=_attendees(rows, position),
            kind=kind,
            president_votes_on_minutes=president_votes_on_minutes,
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
