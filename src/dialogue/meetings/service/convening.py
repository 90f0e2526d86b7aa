"""Convening a meeting (L2315-30, L2316-17, L2315-29): the delay check, the convocations of members and invitees,
and their list."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from dialogue.audit import service as audit
from dialogue.audit.rules import REDACTED
from dialogue.bodies.schemas import TITULAR_ROLES, Role
from dialogue.bodies.tables import Member
from dialogue.core.actor import Actor
from dialogue.core.clock import as_date
from dialogue.core.db import transaction
from dialogue.core.errors import InvalidInput, InvalidState, RuleViolation
from dialogue.core.events import emit
from dialogue.meetings import repository as repo
from dialogue.meetings.events import (
    MeetingConvened,
)
from dialogue.meetings.rules import ConveningBasis, ConvocationCheck, convocation_body_kind, convocation_check
from dialogue.meetings.schemas import (
    ConveneRequest,
    ConvocationRead,
    MeetingRead,
)
from dialogue.meetings.service import agenda_reads, attachments
from dialogue.meetings.service.common import (
    meeting_read,
    now,
    record_change,
    require_status,
)
from dialogue.meetings.tables import AgendaItem, Convocation, ExternalInvitee, Meeting

PLEIN_DROIT_DEFAULT_REASON = (
    "Ordre du jour non approuvé par le secrétaire : consultations obligatoires inscrites de plein droit."
)


def _late_violation(check: ConvocationCheck) -> RuleViolation:
    return RuleViolation(
        " ".join(v.message for v in check.violations)
        + " Pour convoquer malgré tout, confirmez avec acknowledge_late et indiquez le motif (late_reason).",
        code="late_convocation",
        violations=[
            {
                "code": v.code,
                "article": v.article,
                "required_days": v.required_days,
                "actual_days": v.actual_days,
                "message": v.message,
            }
            for v in check.violations
        ],
    )


async def treats_ssct(row: dict[str, Any]) -> bool:
    if row["treats_ssct"] or row["kind"] == "ssct":
        return True
    return bool(
        await AgendaItem.exists().where(
            (AgendaItem.meeting == row["id"]) & (AgendaItem.kind == "ssct") & (AgendaItem.status == "accepted")
        )
    )


async def delay_check(*, row: dict[str, Any], starts_at: datetime) -> ConvocationCheck:
    ctx = await repo.body_context(row["body"])
    return convocation_check(
        meeting_start=starts_at,
        now=now(),
        body_kind=convocation_body_kind(body_kind=ctx.kind, has_establishment=ctx.has_establishment),
        ri_days=ctx.agenda_notice_days,
        full_remit=ctx.regime.full_remit,
        urgency=row["urgency"],
        tz=repo.zone(row),
    )


def accept_late(check: ConvocationCheck, *, acknowledge: bool, reason: str | None) -> bool:
    """True when the convocation is late and the caller assumed it with a reason; raises otherwise."""
    if check.ok:
        return False
    if not acknowledge:
        raise _late_violation(check)
    if not reason or len(reason.strip()) < 3:
        raise InvalidInput(
            "Une convocation hors délai doit être motivée.",
            errors=[{"field": "late_reason", "message": "motif obligatoire avec acknowledge_late"}],
        )
    return True


_MEMBER_REASONS = {
    Role.president: ("president", "Président du comité (L2315-23)"),
    Role.substitute: ("substitute", "Suppléant : reçoit l'ordre du jour pour remplacer un titulaire absent (L2314-1)"),
    Role.union_representative: ("union_representative", "Représentant syndical, voix consultative (L2314-2)"),
    Role.guest: ("guest", "Invité de l'instance"),
}
_INVITEE_REASONS = {
    "medecin_travail": "Médecin du travail, voix consultative sur les points SSCT (L2314-3 I)",
    "responsable_securite": "Responsable sécurité et conditions de travail, voix consultative SSCT (L2314-3 I)",
    "inspection_travail": "Agent de contrôle de l'inspection du travail",
    "carsat": "Agent des services de prévention de la CARSAT",
    "other": "Invité",
}


async def build_convocations(
    *, row: dict[str, Any], sequence: int, ssct: bool, body_kind: str, meeting_day: date
) -> list[int]:
    """Record who must be convoked: members with a running mandate (titulaires, suppléants, union
    representatives, president) and, for SSCT matters, the persons of L2314-3."""
    moment = now()
    members = await Member.select(
        Member.id, Member.user, Member.user.full_name, Member.user.email, Member.role, Member.mandate_end
    ).where(Member.body == row["body"])
    convocations: list[Convocation] = []
    for m in members:
        end = as_date(m["mandate_end"])
        if end is not None and end < meeting_day:
            continue
        role = Role(m["role"])
        capacity, reason = _MEMBER_REASONS.get(role, (role.value, "Membre titulaire (L2315-30)"))
        if role in TITULAR_ROLES:
            capacity = role.value
        convocations.append(
            Convocation(
                meeting=row["id"],
                sequence=sequence,
                member=m["id"],
                user=m["user"],
                full_name=m["user.full_name"],
                email=m["user.email"],
                capacity=capacity,
                reason=reason,
                created_at=moment,
            )
        )
    cse = body_kind in ("cse", "cse_central")
    invitees = await ExternalInvitee.select().where(
        (ExternalInvitee.body == row["body"])
        & (ExternalInvitee.active == True)  # noqa: E712
        & ((ExternalInvitee.meeting.is_null()) | (ExternalInvitee.meeting == row["id"]))
    )
    for inv in invitees:
        capacity = inv["capacity"]
        reason = _INVITEE_REASONS[capacity]
        if inv["meeting"] is not None:
            reason = f"{reason} (invité à cette réunion)"
        elif capacity in ("inspection_travail", "carsat") and cse:
            reason = f"{reason} : " + (
                "invité aux réunions SSCT (L2314-3 II) ; confirmation écrite 15 jours avant (L2315-27)"
                if ssct
                else "destinataire de l'ordre du jour (L2315-30)"
            )
        elif not ssct:
            continue
        convocations.append(
            Convocation(
                meeting=row["id"],
                sequence=sequence,
                invitee=inv["id"],
                full_name=inv["full_name"],
                email=inv["email"],
                capacity=capacity,
                reason=reason,
                created_at=moment,
            )
        )
    if not convocations:
        return []
    inserted = await Convocation.insert(*convocations).returning(Convocation.id)
    return [int(r["id"]) for r in inserted]


async def convene(*, actor: Actor, meeting_id: int, data: ConveneRequest) -> MeetingRead:
    """Send the convocation (L2315-30): by the president, or by the secretary on the president's behalf, with
    the agenda agreed jointly where L2315-29 / L2316-17 applies, or on another basis (below 50, no secretary yet,
    not a CSE, mandatory consultations de plein droit with the secretary's disagreement recorded). A late
    convocation is refused (409) unless acknowledged with a reason; a statutory urgency is never late."""
    async with transaction():
        access, row = await repo.meeting_access(actor=actor, meeting_id=meeting_id, lock=True)
        access.require(access.runs_meetings, "Seul le président (ou le secrétaire pour son compte) convoque.")
        require_status(row, "draft", action="convoquer")
        moment = now()
        if row["starts_at"] <= moment:
            raise InvalidState("La date de la réunion est passée : reportez-la avant de convoquer.", code="past")
        items = await AgendaItem.count().where((AgendaItem.meeting == meeting_id) & (AgendaItem.status == "accepted"))
        if not items:
            raise InvalidState("L'ordre du jour est vide.", code="agenda_empty")
        decision, _ = await agenda_reads.convening_decision(row)
        if decision.basis is None:
            raise InvalidState(
                "L'ordre du jour n'est pas arrêté : le président et le secrétaire doivent tous deux approuver sa "
                f"version actuelle (art. {decision.article} du Code du travail). Sans cet accord, seules les "
                "consultations obligatoires inscrites de plein droit peuvent figurer à l'ordre du jour "
                "(art. L2315-29 al. 2) ; retirez ou faites approuver : " + " ; ".join(decision.needs_joint) + ".",
                code="agenda_not_agreed",
            )
        check = await delay_check(row=row, starts_at=row["starts_at"])
        late = accept_late(check, acknowledge=data.acknowledge_late, reason=data.late_reason)
        ctx = await repo.body_context(row["body"])
        tz = repo.zone(row)
        sequence = row["sequence"] + 1
        ids = await build_convocations(
            row=row,
            sequence=sequence,
            ssct=await treats_ssct(row),
            body_kind=ctx.kind,
            meeting_day=row["starts_at"].astimezone(tz).date(),
        )
        await Meeting.update(
            {
                Meeting.status: "convened",
                Meeting.sequence: sequence,
                Meeting.convened_at: moment,
                Meeting.convened_by: actor.user_id,
                Meeting.late_acknowledged: late,
                Meeting.late_reason: data.late_reason if late else None,
                Meeting.convened_basis: decision.basis.value,
                Meeting.updated_at: moment,
            }
        ).where(Meeting.id == meeting_id)
        await attachments.communicate(actor=actor, access=access, meeting=row)
        details = {
            "convocations": len(ids),
            "days_before": check.days_before,
            "late": late,
            "late_reason": data.late_reason if late else None,
            "on_behalf_of_president": not access.is_president,
            "basis": decision.basis.value,
            "urgency": row["urgency"],
        }
        await record_change(
            meeting_id=meeting_id, sequence=sequence, kind="convened", actor=actor, after=details, reason=None
        )
        if decision.basis is ConveningBasis.PLEIN_DROIT:
            items = (
                await AgendaItem.select(AgendaItem.title, AgendaItem.confidential)
                .where((AgendaItem.meeting == meeting_id) & (AgendaItem.status == "accepted"))
                .order_by(AgendaItem.position, AgendaItem.id)
            )
            await record_change(
                meeting_id=meeting_id,
                sequence=sequence,
                kind="secretary_disagreement",
                actor=actor,
                after={
                    "article": "L2315-29 al. 2",
                    "version": row["agenda_version"],
                    # L2315-3: the meeting's history is read beyond the body (admins); no confidential title.
                    "items": [REDACTED if r["confidential"] else r["title"] for r in items],
                },
                reason=await agenda_reads.last_disagreement(meeting_id) or PLEIN_DROIT_DEFAULT_REASON,
            )
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="convene",
            entity="meeting",
            entity_id=meeting_id,
            before={"status": row["status"]},
            after={"status": "convened", **details},
        )
        await emit(
            MeetingConvened(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                meeting_id=meeting_id,
                body_id=row["body"],
                sequence=sequence,
                convocation_ids=tuple(ids),
                late=late,
            )
        )
        return await meeting_read(meeting_id)


async def list_convocations(*, actor: Actor, meeting_id: int) -> list[ConvocationRead]:
    """The convocation list of the latest sequence (what the notifications module sends)."""
    await repo.meeting_access(actor=actor, meeting_id=meeting_id)
    last = (
        await Convocation.select(Convocation.sequence)
        .where(Convocation.meeting == meeting_id)
        .order_by(Convocation.sequence, ascending=False)
        .first()
    )
    if last is None:
        return []
    rows = (
        await Convocation.select()
        .where((Convocation.meeting == meeting_id) & (Convocation.sequence == last["sequence"]))
        .order_by(Convocation.id)
    )
    return [
        ConvocationRead(
            id=r["id"],
            sequence=r["sequence"],
            member_id=r["member"],
            invitee_id=r["invitee"],
            user_id=r["user"],
            full_name=r["full_name"],
            email=r["email"],
            capacity=r["capacity"],
            reason=r["reason"],
            created_at=r["created_at"],
            sent_at=r["sent_at"],
        )
        for r in rows
    ]
