"""The printables of a meeting, gathered with their access checks: the convocation PDF (L2315-30, L2316-17,
L2315-29) and the attendance sheet. Only the body's members and the direction print them; a confidential item
(L2315-3) shows as such to a reader who may not see it, as in the agenda reads."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from typing import Any

from dialogue.bodies.access import BodyAccess
from dialogue.bodies.schemas import COLLEGE_LABELS, ROLE_LABELS
from dialogue.bodies.tables import Member
from dialogue.core.actor import Actor
from dialogue.core.clock import as_date
from dialogue.documents import attachments
from dialogue.meetings import repository as repo
from dialogue.meetings.printables import (
    AgendaLine,
    Annex,
    ConvocationLetter,
    Person,
    PrintedMeeting,
    agenda_basis_sentence,
    attendance_sheet_pdf,
    convocation_pdf,
    delay_sentence,
)
from dialogue.meetings.rules import urgency_article
from dialogue.meetings.service import notice
from dialogue.meetings.service.agenda_reads import VOTABLE_KINDS, agenda_items, convening_read
from dialogue.meetings.service.common import today_in
from dialogue.meetings.tables import Convocation
from dialogue.organizations.tables import Organization

#: The annexes of a meeting (documents.attachments.list_for_meeting, wired by app.py); none by default.
AnnexesOf = Callable[[int], Awaitable[Sequence[Annex]]]
PRINTERS_ONLY = "Seuls les membres de l'instance et la direction impriment la convocation et la feuille d'émargement."
_ORDER = {
    "president": 0,
    "secretary": 1,
    "deputy_secretary": 2,
    "treasurer": 3,
    "titular": 4,
    "substitute": 5,
    "union_representative": 6,
}
_INVITEE_LABELS = {
    "medecin_travail": "Médecin du travail",
    "responsable_securite": "Responsable sécurité",
    "inspection_travail": "Inspection du travail",
    "carsat": "CARSAT",
    "other": "Invité",
}


async def _printable(actor: Actor, meeting_id: int) -> tuple[BodyAccess, dict[str, Any]]:
    """The meeting, for a member of its body or the direction; 404 for another organisation's meeting."""
    access, row = await repo.meeting_access(actor=actor, meeting_id=meeting_id)
    access.require(access.is_member or access.is_direction, PRINTERS_ONLY)
    return access, row


async def _header(row: dict[str, Any], body_name: str, organization_id: int) -> PrintedMeeting:
    org = await Organization.select(Organization.name).where(Organization.id == organization_id).first()
    tz = repo.zone(row)
    return PrintedMeeting(
        organization=str(org["name"]) if org else "",
        body_name=body_name,
        title=row["title"],
        kind=row["kind"],
        starts_at=row["starts_at"].astimezone(tz),
        ends_at=row["ends_at"].astimezone(tz),
        location=row["location"],
        visio_url=row["visio_url"],
        draft=row["status"] == "draft",
    )


async def _members(body_id: int, day: date) -> list[Person]:
    """The body's members whose mandate runs on `day`, president first, then titulaires, suppléants, unions."""
    rows = await Member.select(
        Member.user.full_name,
        Member.role,
        Member.college,
        Member.electoral_college,
        Member.union_name,
        Member.mandate_end,
    ).where(Member.body == body_id)
    running = [r for r in rows if (end := as_date(r["mandate_end"])) is None or end >= day]
    running.sort(key=lambda r: (_ORDER.get(r["role"], 9), r["user.full_name"]))
    return [
        Person(
            name=r["user.full_name"],
            role=r["role"],
            label=ROLE_LABELS.get(r["role"], r["role"]),
            college=r["electoral_college"] or COLLEGE_LABELS.get(r["college"], r["college"]),
            union=r["union_name"],
        )
        for r in running
    ]


async def _invitees(meeting_id: int) -> list[Person]:
    """The outside persons of the latest convocation (L2314-3): médecin du travail, inspection, CARSAT…"""
    rows = (
        await Convocation.select(Convocation.full_name, Convocation.capacity, Convocation.sequence)
        .where((Convocation.meeting == meeting_id) & Convocation.invitee.is_not_null())
        .order_by(Convocation.id)
    )
    latest = max((r["sequence"] for r in rows), default=None)
    rows = [r for r in rows if r["sequence"] == latest]
    return [
        Person(name=r["full_name"], role=r["capacity"], label=_INVITEE_LABELS.get(r["capacity"], r["capacity"]))
        for r in rows
    ]


async def _agenda(access: BodyAccess, meeting_id: int) -> list[AgendaLine]:
    return [
        AgendaLine(
            position=number,
            title=r["title"],
            kind=r["kind"],
            vote_expected=r["kind"] in VOTABLE_KINDS,
            confidential=bool(r["confidential"]),
            hidden=bool(r["confidential"]) and not access.sees_confidential,
            legal_basis=r["legal_basis"],
        )
        for number, r in enumerate(await agenda_items(meeting_id, status="accepted"), start=1)
    ]


async def meeting_annexes(meeting_id: int) -> Sequence[Annex]:
    """The documents attached to the meeting and its agenda items (documents.attachments), with their SHA-256."""
    return await attachments.list_for_meeting(meeting_id)


async def convocation(*, actor: Actor, meeting_id: int, annexes_of: AnnexesOf = meeting_annexes) -> tuple[bytes, str]:
    """The convocation letter as A4 PDF and its file name; a draft meeting prints as a PROJET."""
    access, row = await _printable(actor, meeting_id)
    ctx = await repo.body_context(row["body"])
    header = await _header(row, ctx.name, access.organization_id)
    deadlines = await notice.notice(actor=actor, meeting_id=meeting_id)
    delay = deadlines[0] if deadlines else None
    convening = await convening_read(row)
    basis = convening.basis.value if convening.basis else None
    people = await _members(row["body"], header.starts_at.date())
    by_role = {p.role: p.name for p in people}
    convened = row["convened_at"].astimezone(repo.zone(row)).date() if row["convened_at"] else None
    letter = ConvocationLetter(
        header=header,
        delay=delay_sentence(
            article=delay.article if delay else None,
            days=delay.days if delay else None,
            urgency_article=urgency_article(row["urgency"]) if row["urgency"] else None,
        ),
        agenda_basis=agenda_basis_sentence(basis=basis, article=convening.article),
        president=by_role.get("president"),
        secretary=by_role.get("secretary"),
        joint=basis == "joint_agenda",
        agenda=await _agenda(access, meeting_id),
        annexes=await annexes_of(meeting_id),
        recipients=[*people, *await _invitees(meeting_id)],
        dated=convened or today_in(repo.zone(row)),
    )
    pdf = convocation_pdf(letter, sees_confidential=access.sees_confidential)
    return pdf, f"convocation-{header.starts_at:%Y-%m-%d}-reunion-{meeting_id}.pdf"


async def attendance_sheet(*, actor: Actor, meeting_id: int) -> tuple[bytes, str]:
    """The feuille d'émargement as A4 PDF and its file name: the members convoked, then the invitees."""
    access, row = await _printable(actor, meeting_id)
    ctx = await repo.body_context(row["body"])
    header = await _header(row, ctx.name, access.organization_id)
    people = [*await _members(row["body"], header.starts_at.date()), *await _invitees(meeting_id)]
    pdf = attendance_sheet_pdf(header, people)
    return pdf, f"feuille-emargement-{header.starts_at:%Y-%m-%d}-reunion-{meeting_id}.pdf"
