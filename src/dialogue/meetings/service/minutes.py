"""Minutes (procès-verbal): established by the secretary (L2315-34), sent within the D2315-26 delay, adopted by a
vote at a later meeting and then frozen (SHA-256 stored), published by the secretary (L2315-35)."""

from __future__ import annotations

import logging
from typing import Any

from dialogue.audit import service as audit
from dialogue.bodies.access import BodyAccess
from dialogue.bodies.schemas import Role
from dialogue.bodies.tables import Member
from dialogue.core.actor import Actor
from dialogue.core.db import lock_row, transaction
from dialogue.core.documents import Section, Table, markdown_to_pdf_sections, render_pdf, signatures_block
from dialogue.core.errors import Conflict, Forbidden, InvalidState, NotFound
from dialogue.core.events import emit
from dialogue.integrity import chain_key
from dialogue.meetings import repository as repo
from dialogue.meetings.drafting import (
    ROLE_LABELS,
    STATUS_LABELS,
    ItemLine,
    MeetingFacts,
    PresenceLine,
    VoteLine,
    draft_minutes,
    minutes_html,
)
from dialogue.meetings.events import MinutesAdopted, MinutesPublished, MinutesSubmitted
from dialogue.meetings.rules import (
    Attendee,
    MinutesIntegrity,
    ResolutionKind,
    eligible_voters,
    minutes_digest,
    minutes_integrity,
    minutes_seal,
)
from dialogue.meetings.schemas import MinutesCreate, MinutesRead, MinutesRevisionRead, MinutesUpdate
from dialogue.meetings.service.common import forbid_president_minutes, minutes_due, now, require_status
from dialogue.meetings.tables import AgendaItem, Attendance, Minutes, MinutesRevision, Vote

log = logging.getLogger("dialogue.meetings.minutes")

MINUTES_STATUS_LABELS = {
    "draft": "Projet de procès-verbal (non transmis)",
    "submitted": "Procès-verbal transmis, en attente d'adoption",
    "adopted": "Procès-verbal adopté",
    "published": "Procès-verbal adopté et diffusé",
}


def _integrity(row: dict[str, Any]) -> tuple[MinutesIntegrity | None, str | None]:
    return minutes_integrity(
        key=chain_key().key,
        minutes_id=row["id"],
        meeting_id=row["meeting"],
        text=row["text"],
        sha256=row["sha256"],
        mac=row["sha256_mac"],
    )


async def checked_integrity(
    *, actor: Actor, organization_id: int, row: dict[str, Any], served_as: str
) -> tuple[MinutesIntegrity | None, str | None]:
    """Re-check adopted minutes each time they are served; a mismatch is logged (warning + audit entry)
    and shown, never served as intact."""
    integrity, detail = _integrity(row)
    if integrity is MinutesIntegrity.MISMATCH:
        log.warning(
            "adopted minutes %s (meeting %s) fail their integrity check, served as %s: %s",
            row["id"],
            row["meeting"],
            served_as,
            detail,
        )
        await audit.record(
            actor=actor,
            organization_id=organization_id,
            action="integrity_mismatch",
            entity="minutes",
            entity_id=row["id"],
            after={"served_as": served_as, "sha256": row["sha256"], "actual": minutes_digest(row["text"])},
        )
    return integrity, detail


async def _read(
    row: dict[str, Any],
    meeting: dict[str, Any],
    integrity: tuple[MinutesIntegrity | None, str | None] | None = None,
) -> MinutesRead:
    checked, detail = integrity if integrity is not None else _integrity(row)
    ctx = await repo.body_context(meeting["body"])
    nxt = await repo.next_meeting_date(body_id=meeting["body"], after=meeting["starts_at"], tz=repo.zone(meeting))
    due, basis, overdue = minutes_due(
        row=meeting, minutes=row, next_day=nxt, full_remit=ctx.regime.full_remit, body_kind=ctx.kind
    )
    adopted_in = None
    if row["adoption_vote"] is not None:
        vote = await Vote.select(Vote.meeting).where(Vote.id == row["adoption_vote"]).first()
        adopted_in = vote["meeting"] if vote else None
    return MinutesRead(
        id=row["id"],
        meeting_id=row["meeting"],
        status=row["status"],
        text=row["text"],
        revision=row["revision"],
        sha256=row["sha256"],
        integrity=checked.value if checked else None,
        integrity_detail=detail,
        due_on=due,
        due_basis=basis,
        overdue=overdue,
        submitted_at=row["submitted_at"],
        adopted_at=row["adopted_at"],
        adoption_vote_id=row["adoption_vote"],
        adopted_in_meeting_id=adopted_in,
        published_at=row["published_at"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _require_readable(access: BodyAccess, row: dict[str, Any]) -> None:
    """A draft is the secretary's working copy; once sent (D2315-26) the body's readers see it."""
    if row["status"] == "draft" and not access.is_secretary:
        raise Forbidden(
            "Le projet de procès-verbal n'est visible que du secrétaire tant qu'il n'est pas transmis.",
            code="minutes_draft",
        )


async def _minutes_or_404(meeting_id: int) -> dict[str, Any]:
    row = await repo.minutes_row(meeting_id)
    if row is None:
        raise NotFound("Aucun procès-verbal n'a encore été établi pour cette réunion.", code="no_minutes")
    return row


async def _facts(meeting: dict[str, Any]) -> MeetingFacts:
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


async def _add_revision(*, minutes_id: int, revision: int, text: str, actor: Actor, note: str | None) -> None:
    await MinutesRevision.insert(
        MinutesRevision(
            minutes=minutes_id,
            revision=revision,
            text=text,
            sha256=minutes_digest(text),
            note=note,
            author=actor.user_id,
            created_at=now(),
        )
    )


async def create_minutes(*, actor: Actor, meeting_id: int, data: MinutesCreate) -> MinutesRead:
    """Open the PV of a held meeting, pre-filled with attendance, agenda and vote results unless a text is given."""
    async with transaction():
        access, meeting = await repo.meeting_access(actor=actor, meeting_id=meeting_id, lock=True)
        forbid_president_minutes(access)
        require_status(meeting, "held", "closed", action="établir le procès-verbal (la réunion doit être tenue)")
        if await repo.minutes_row(meeting_id) is not None:
            raise Conflict("Le procès-verbal de cette réunion existe déjà : modifiez-le.", code="minutes_exist")
        text = data.text if data.text else draft_minutes(await _facts(meeting))
        moment = now()
        inserted = await Minutes.insert(
            Minutes(meeting=meeting_id, status="draft", text=text, revision=1, created_at=moment, updated_at=moment)
        ).returning(Minutes.id)
        minutes_id = int(inserted[0]["id"])
        await _add_revision(minutes_id=minutes_id, revision=1, text=text, actor=actor, note="création")
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="create",
            entity="minutes",
            entity_id=minutes_id,
            after={"meeting_id": meeting_id, "revision": 1, "sha256": minutes_digest(text)},
        )
        return await _read(await _minutes_or_404(meeting_id), meeting)


async def get_minutes(*, actor: Actor, meeting_id: int, served_as: str = "api") -> MinutesRead:
    """The minutes; adopted ones are re-checked against their sealed SHA-256 every time (`integrity`)."""
    access, meeting = await repo.meeting_access(actor=actor, meeting_id=meeting_id)
    row = await _minutes_or_404(meeting_id)
    _require_readable(access, row)
    integrity = await checked_integrity(
        actor=actor, organization_id=access.organization_id, row=row, served_as=served_as
    )
    return await _read(row, meeting, integrity)


def _frozen(row: dict[str, Any]) -> InvalidState:
    return InvalidState(
        f"Le procès-verbal a été adopté : son texte est figé (empreinte SHA-256 {row['sha256']}).",
        code="minutes_frozen",
        sha256=row["sha256"],
    )


async def update_minutes(*, actor: Actor, meeting_id: int, data: MinutesUpdate) -> MinutesRead:
    """A new revision of the text (every revision is kept); refused once adopted."""
    async with transaction():
        access, meeting = await repo.meeting_access(actor=actor, meeting_id=meeting_id)
        forbid_president_minutes(access)
        row = await _minutes_or_404(meeting_id)
        await lock_row(Minutes, row["id"])
        row = await _minutes_or_404(meeting_id)
        if row["status"] in ("adopted", "published"):
            raise _frozen(row)
        if data.base_revision is not None and data.base_revision != row["revision"]:
            raise Conflict(
                f"Le texte a changé depuis la révision {data.base_revision} (révision actuelle : {row['revision']}).",
                code="stale_revision",
            )
        if data.text != row["text"]:
            revision = row["revision"] + 1
            await Minutes.update(
                {Minutes.text: data.text, Minutes.revision: revision, Minutes.updated_at: now()}
            ).where(Minutes.id == row["id"])
            await _add_revision(minutes_id=row["id"], revision=revision, text=data.text, actor=actor, note=data.note)
            await audit.record(
                actor=actor,
                organization_id=access.organization_id,
                action="revise",
                entity="minutes",
                entity_id=row["id"],
                before={"revision": row["revision"], "sha256": minutes_digest(row["text"])},
                after={"revision": revision, "sha256": minutes_digest(data.text), "note": data.note},
            )
        return await _read(await _minutes_or_404(meeting_id), meeting)


async def submit_minutes(*, actor: Actor, meeting_id: int) -> MinutesRead:
    """Send the PV to the employer and the members (D2315-26); it can still be corrected until adopted."""
    async with transaction():
        access, meeting = await repo.meeting_access(actor=actor, meeting_id=meeting_id)
        forbid_president_minutes(access)
        row = await _minutes_or_404(meeting_id)
        if row["status"] != "draft":
            raise InvalidState("Le procès-verbal a déjà été transmis.", code="minutes_already_submitted")
        moment = now()
        await Minutes.update(
            {Minutes.status: "submitted", Minutes.submitted_at: moment, Minutes.updated_at: moment}
        ).where(Minutes.id == row["id"])
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="submit",
            entity="minutes",
            entity_id=row["id"],
            before={"status": "draft"},
            after={"status": "submitted", "revision": row["revision"]},
        )
        await emit(
            MinutesSubmitted(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                meeting_id=meeting_id,
                body_id=meeting["body"],
                minutes_id=row["id"],
            )
        )
        return await _read(await _minutes_or_404(meeting_id), meeting)


async def adoptable(meeting_id: int) -> dict[str, Any]:
    """The minutes a vote may adopt: sent to the employer and not yet adopted (checked before the vote)."""
    row = await repo.minutes_row(meeting_id)
    if row is None or row["status"] == "draft":
        raise InvalidState(
            "Le procès-verbal de cette réunion n'a pas encore été transmis : il ne peut pas être adopté.",
            code="minutes_not_submitted",
        )
    if row["status"] in ("adopted", "published"):
        raise InvalidState("Ce procès-verbal est déjà adopté.", code="minutes_already_adopted")
    return row


async def adopt(*, actor: Actor, organization_id: int, minutes: dict[str, Any], vote_id: int) -> None:
    """Adopted by the vote `vote_id`: the text is frozen and its SHA-256 stored; the meeting is closed."""
    from dialogue.meetings.service.meetings import close_after_adoption

    await lock_row(Minutes, minutes["id"])
    digest = minutes_digest(minutes["text"])
    moment = now()
    seal = minutes_seal(chain_key().key, minutes_id=minutes["id"], meeting_id=minutes["meeting"], sha256=digest)
    await Minutes.update(
        {
            Minutes.status: "adopted",
            Minutes.sha256: digest,
            Minutes.sha256_mac: seal,
            Minutes.adopted_at: moment,
            Minutes.adoption_vote: vote_id,
            Minutes.updated_at: moment,
        }
    ).where(Minutes.id == minutes["id"])
    meeting = await repo.meeting_row(minutes["meeting"])
    await audit.record(
        actor=actor,
        organization_id=organization_id,
        action="adopt",
        entity="minutes",
        entity_id=minutes["id"],
        before={"status": minutes["status"]},
        after={"status": "adopted", "sha256": digest, "vote_id": vote_id, "revision": minutes["revision"]},
    )
    await emit(
        MinutesAdopted(
            organization_id=organization_id,
            actor_user_id=actor.user_id,
            meeting_id=minutes["meeting"],
            body_id=meeting["body"],
            minutes_id=minutes["id"],
            sha256=digest,
            adoption_vote_id=vote_id,
        )
    )
    await close_after_adoption(actor=actor, meeting_id=minutes["meeting"], organization_id=organization_id)


async def publish_minutes(*, actor: Actor, meeting_id: int) -> MinutesRead:
    """L2315-35: after adoption, the secretary may display or circulate the PV."""
    async with transaction():
        access, meeting = await repo.meeting_access(actor=actor, meeting_id=meeting_id)
        if not access.is_secretary:
            raise Forbidden(
                "Le procès-verbal adopté est diffusé par le secrétaire (art. L2315-35 du Code du travail).",
                code="minutes_secretary_only",
            )
        row = await _minutes_or_404(meeting_id)
        if row["status"] == "published":
            raise InvalidState("Le procès-verbal est déjà diffusé.", code="minutes_already_published")
        if row["status"] != "adopted":
            raise InvalidState(
                "Seul un procès-verbal adopté peut être diffusé (art. L2315-35 du Code du travail).",
                code="minutes_not_adopted",
            )
        moment = now()
        await Minutes.update(
            {
                Minutes.status: "published",
                Minutes.published_at: moment,
                Minutes.published_by: actor.user_id,
                Minutes.updated_at: moment,
            }
        ).where(Minutes.id == row["id"])
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="publish",
            entity="minutes",
            entity_id=row["id"],
            before={"status": "adopted"},
            after={"status": "published", "sha256": row["sha256"]},
        )
        await emit(
            MinutesPublished(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                meeting_id=meeting_id,
                body_id=meeting["body"],
                minutes_id=row["id"],
                sha256=row["sha256"],
            )
        )
        return await _read(await _minutes_or_404(meeting_id), meeting)


async def list_revisions(*, actor: Actor, meeting_id: int) -> list[MinutesRevisionRead]:
    access, _ = await repo.meeting_access(actor=actor, meeting_id=meeting_id)
    row = await _minutes_or_404(meeting_id)
    _require_readable(access, row)
    revisions = (
        await MinutesRevision.select().where(MinutesRevision.minutes == row["id"]).order_by(MinutesRevision.revision)
    )
    return [
        MinutesRevisionRead(
            revision=r["revision"],
            sha256=r["sha256"],
            note=r["note"],
            author_id=r["author"],
            created_at=r["created_at"],
            text=r["text"],
        )
        for r in revisions
    ]


async def _export_context(
    *, actor: Actor, meeting_id: int, served_as: str
) -> tuple[dict[str, Any], dict[str, Any], MeetingFacts, str | None]:
    """The meeting, the minutes row, the facts, and the integrity warning to print (None when intact)."""
    access, meeting = await repo.meeting_access(actor=actor, meeting_id=meeting_id)
    row = await _minutes_or_404(meeting_id)
    _require_readable(access, row)
    integrity, detail = await checked_integrity(
        actor=actor, organization_id=access.organization_id, row=row, served_as=served_as
    )
    warning = f"INTÉGRITÉ NON VÉRIFIÉE — {detail}" if integrity is MinutesIntegrity.MISMATCH else None
    return meeting, row, await _facts(meeting), warning


async def export_html(*, actor: Actor, meeting_id: int) -> str:
    meeting, row, facts, warning = await _export_context(actor=actor, meeting_id=meeting_id, served_as="html")
    adopted = row["adopted_at"].astimezone(repo.zone(meeting)) if row["adopted_at"] else None
    return minutes_html(
        facts=facts,
        text=row["text"],
        status_label=MINUTES_STATUS_LABELS[row["status"]],
        digest=row["sha256"],
        adopted_on=adopted,
        integrity_warning=warning,
    )


async def export_pdf(*, actor: Actor, meeting_id: int) -> tuple[bytes, str]:
    """A4 PDF: the PV text, the attendance list and the signatures block; the SHA-256 in the footer once adopted."""
    meeting, row, facts, warning = await _export_context(actor=actor, meeting_id=meeting_id, served_as="pdf")
    tz = repo.zone(meeting)
    adopted = row["adopted_at"].astimezone(tz) if row["adopted_at"] else None
    presence = Table(
        header=("Nom", "Qualité", "Présence"),
        rows=tuple(
            (
                p.name,
                ROLE_LABELS.get(p.role, p.role),
                STATUS_LABELS.get(p.status, p.status) + (f" — remplace {p.replaces}" if p.replaces else ""),
            )
            for p in facts.presence
        ),
        col_widths=(45, 25, 30),
    )
    signers = [f"Le président\n{facts.president or ''}", f"Le secrétaire\n{facts.secretary or ''}"]
    title = f"Procès-verbal — {meeting['title']}"
    body = markdown_to_pdf_sections(row["text"])
    if body and body[0].heading == title:  # the PDF title already says it
        body[0] = Section(heading="", blocks=body[0].blocks)
    alarm = [Section(heading="Intégrité du procès-verbal", blocks=(warning,))] if warning else []
    sections = [
        *alarm,
        *body,
        Section(heading="Liste de présence", blocks=(presence,) if facts.presence else ("Présences non notées.",)),
        Section(
            heading="Signatures",
            blocks=(signatures_block(signers=signers, on=adopted.date() if adopted else None),),
        ),
    ]
    footer = (
        f"{MINUTES_STATUS_LABELS[row['status']]} — SHA-256 {row['sha256']}"
        if row["sha256"]
        else f"{MINUTES_STATUS_LABELS[row['status']]} — révision {row['revision']}"
    )
    if warning:
        footer = f"INTÉGRITÉ NON VÉRIFIÉE — {footer}"
    pdf = render_pdf(
        title=title,
        subtitle=f"{facts.body_name} — {facts.starts_at:%d/%m/%Y %H:%M}",
        sections=sections,
        footer_text=footer,
        author=facts.body_name,
        created_at=row["updated_at"],
    )
    filename = f"proces-verbal-{facts.starts_at:%Y-%m-%d}-reunion-{meeting_id}.pdf"
    return pdf, filename
