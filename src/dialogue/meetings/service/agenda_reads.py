"""Reads of the agenda (L2315-29): its items, its approvals, the ground on which it may go out (joint agenda or
not, L2315-29, L2316-17, L2315-21), and the meetings carrying each consultation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from piccolo.querystring import QueryString

from dialogue.bodies.access import BodyAccess
from dialogue.bodies.tables import Member
from dialogue.consultations.schemas import ConsultationMeetingRead
from dialogue.core.actor import Actor
from dialogue.core.clock import as_date
from dialogue.core.db import get_engine
from dialogue.meetings import repository as repo
from dialogue.meetings.rules import (
    AgendaEntry,
    ConveningBasis,
    ConveningDecision,
    ResolutionKind,
    agenda_agreed,
    convening_basis,
    joint_agenda_required,
)
from dialogue.meetings.schemas import (
    AgendaItemRead,
    AgendaRead,
    ApprovalRead,
    ConveningRead,
    DocumentRead,
)
from dialogue.meetings.tables import AgendaItem, MeetingChange

VOTABLE_KINDS = frozenset({"vote", "consultation", "ssct"})


def default_resolution_kind(kind: str) -> str | None:
    """Opinions on consultations are given by the délégation du personnel, without the president (L2315-32)."""
    if kind == "consultation":
        return ResolutionKind.CONSULTATION_OPINION.value
    if kind in ("vote", "ssct"):
        return ResolutionKind.INTERNAL.value
    return None


def item_read(row: dict[str, Any]) -> AgendaItemRead:
    return AgendaItemRead(
        id=row["id"],
        meeting_id=row["meeting"],
        position=row["position"],
        title=row["title"],
        kind=row["kind"],
        description=row["description"],
        presenter=row["presenter"],
        documents=[DocumentRead(**d) for d in repo.json_list(row["documents"])],
        status=row["status"],
        mandatory=row["mandatory"],
        legal_basis=row["legal_basis"],
        confidential=row["confidential"],
        resolution_kind=row["resolution_kind"],
        consultation_id=row["consultation"],
        minutes_of_meeting_id=row["minutes_meeting"],
        register_entry_id=row["register_entry_id"],
        proposed_by=row["proposed_by"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


async def agenda_items(meeting_id: int, *, status: str | None = None) -> list[dict[str, Any]]:
    query = AgendaItem.select().where(AgendaItem.meeting == meeting_id)
    if status:
        query = query.where(AgendaItem.status == status)
    rows: list[dict[str, Any]] = await query.order_by(AgendaItem.position).order_by(AgendaItem.id)
    return rows


async def agenda_read(*, access: BodyAccess, meeting_id: int) -> AgendaRead:
    meeting = await repo.meeting_row(meeting_id)
    rows = await agenda_items(meeting_id)
    if not access.sees_confidential:
        rows = [r for r in rows if not r["confidential"]]
    approvals = await repo.approvals(meeting_id)
    version = meeting["agenda_version"]
    proposals_visible = access.runs_meetings or access.is_elu or access.is_union_representative
    return AgendaRead(
        meeting_id=meeting_id,
        version=version,
        agreed=agenda_agreed(version=version, approvals=[(a["version"], a["role"]) for a in approvals]),
        approvals=[
            ApprovalRead(
                role=a["role"],
                user_id=a["user"],
                version=a["version"],
                current=a["version"] == version,
                approved_at=a["approved_at"],
            )
            for a in approvals
        ],
        items=[item_read(r) for r in rows if r["status"] == "accepted"],
        proposals=[item_read(r) for r in rows if r["status"] == "proposed" and proposals_visible],
        convening=await convening_read(meeting),
    )


async def get_agenda(*, actor: Actor, meeting_id: int) -> AgendaRead:
    access, _ = await repo.meeting_access(actor=actor, meeting_id=meeting_id)
    return await agenda_read(access=access, meeting_id=meeting_id)


async def list_items(*, actor: Actor, meeting_id: int) -> list[AgendaItemRead]:
    agenda = await get_agenda(actor=actor, meeting_id=meeting_id)
    return agenda.items + agenda.proposals


#: In plain SQL: Piccolo built this select with its join for most of the consultations list's CPU (issue 15).
_CONSULTATION_MEETINGS_SQL = (
    'SELECT a.id, a.consultation, a.meeting, m.title AS "meeting.title", m.starts_at AS "meeting.starts_at", '
    'm.status AS "meeting.status", m.timezone AS "meeting.timezone" FROM agenda_item a '
    "JOIN meeting m ON m.id = a.meeting WHERE a.consultation IN ({}) AND a.status = 'accepted' "
    "ORDER BY m.starts_at, a.id"
)


async def consultation_meetings(consultation_ids: Sequence[int], /) -> dict[int, list[ConsultationMeetingRead]]:
    """The meetings whose agenda carries each consultation, soonest first: the agenda is the meetings', so the
    consultations' reads receive this reader from above (consultations.queries.MeetingsOf, provided by app.py)."""
    if not consultation_ids:
        return {}
    ids = sorted(set(consultation_ids))
    sql = _CONSULTATION_MEETINGS_SQL.format(", ".join("{}" for _ in ids))
    rows = await get_engine().run_querystring(QueryString(sql, *ids))
    found: dict[int, list[ConsultationMeetingRead]] = {}
    for r in rows:
        found.setdefault(r["consultation"], []).append(
            ConsultationMeetingRead(
                meeting_id=r["meeting"],
                title=r["meeting.title"],
                starts_at=r["meeting.starts_at"].astimezone(ZoneInfo(r["meeting.timezone"])),
                status=r["meeting.status"],
                agenda_item_id=r["id"],
            )
        )
    return found


# --- Convening without a joint agenda where the law has none (L2315-29, L2316-17, L2315-21), branch convening ---

SECRETARY_ROLES = ["secretary", "deputy_secretary"]


async def has_secretary(*, body_id: int, meeting: dict[str, Any]) -> bool:
    """A secretary (or deputy) whose mandate runs on the meeting's day; none right after an election."""
    day = meeting["starts_at"].astimezone(repo.zone(meeting)).date()
    rows = await Member.select(Member.mandate_end).where((Member.body == body_id) & Member.role.is_in(SECRETARY_ROLES))
    return any((end := as_date(r["mandate_end"])) is None or end >= day for r in rows)


async def convening_decision(meeting: dict[str, Any]) -> tuple[ConveningDecision, bool]:
    """On what ground this meeting's agenda may go out now, and whether the joint agenda rule applies."""
    ctx = await repo.body_context(meeting["body"])
    secretary = await has_secretary(body_id=meeting["body"], meeting=meeting)
    approvals = await repo.approvals(meeting["id"])
    items = await agenda_items(meeting["id"], status="accepted")
    decision = convening_basis(
        body_kind=ctx.kind,
        full_remit=ctx.regime.full_remit,
        has_secretary=secretary,
        agreed=agenda_agreed(
            version=meeting["agenda_version"], approvals=[(a["version"], a["role"]) for a in approvals]
        ),
        items=[
            AgendaEntry(title=r["title"], plein_droit=bool(r["mandatory"]) and r["kind"] == "consultation")
            for r in items
        ],
    )
    joint = joint_agenda_required(body_kind=ctx.kind, full_remit=ctx.regime.full_remit, has_secretary=secretary)
    return decision, joint


async def convening_read(meeting: dict[str, Any]) -> ConveningRead:
    decision, joint = await convening_decision(meeting)
    stored = meeting["convened_basis"]
    return ConveningRead(
        joint_required=joint,
        basis=ConveningBasis(stored) if stored else decision.basis,
        article=decision.article,
        needs_joint=list(decision.needs_joint) if meeting["status"] == "draft" else [],
    )


async def last_disagreement(meeting_id: int) -> str | None:
    """The secretary's latest recorded reason for not approving the agenda, if any."""
    row = (
        await MeetingChange.select(MeetingChange.reason)
        .where((MeetingChange.meeting == meeting_id) & (MeetingChange.kind == "agenda_disagreement"))
        .order_by(MeetingChange.id, ascending=False)
        .first()
    )
    return str(row["reason"]) if row and row["reason"] else None
