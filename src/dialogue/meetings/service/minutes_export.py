"""The minutes exported for reading and signing: HTML and A4 PDF, re-checked against their seal each time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dialogue.core.actor import Actor
from dialogue.core.documents import Section, Table, markdown_to_pdf_sections, render_pdf, signatures_block
from dialogue.core.office import DOCX_MEDIA_TYPE, ODT_MEDIA_TYPE, render_docx, render_odt
from dialogue.integrity import ChainKey
from dialogue.meetings import repository as repo
from dialogue.meetings.drafting import ROLE_LABELS, STATUS_LABELS, MeetingFacts, minutes_html
from dialogue.meetings.rules import MinutesIntegrity
from dialogue.meetings.service.minutes import (
    MINUTES_STATUS_LABELS,
    checked_integrity,
    minutes_or_404,
    require_readable,
)
from dialogue.meetings.service.minutes_facts import meeting_facts


async def _export_context(
    *, actor: Actor, meeting_id: int, served_as: str, chain_key: ChainKey
) -> tuple[dict[str, Any], dict[str, Any], MeetingFacts, str | None]:
    """The meeting, the minutes row, the facts, and the integrity warning to print (None when intact)."""
    access, meeting = await repo.meeting_access(actor=actor, meeting_id=meeting_id)
    row = await minutes_or_404(meeting_id)
    require_readable(access, row)
    integrity, detail = await checked_integrity(
        actor=actor, organization_id=access.organization_id, row=row, served_as=served_as, chain_key=chain_key
    )
    warning = f"INTÉGRITÉ NON VÉRIFIÉE — {detail}" if integrity is MinutesIntegrity.MISMATCH else None
    return meeting, row, await meeting_facts(meeting), warning


async def export_html(*, actor: Actor, meeting_id: int, chain_key: ChainKey) -> str:
    meeting, row, facts, warning = await _export_context(
        actor=actor, meeting_id=meeting_id, served_as="html", chain_key=chain_key
    )
    adopted = row["adopted_at"].astimezone(repo.zone(meeting)) if row["adopted_at"] else None
    return minutes_html(
        facts=facts,
        text=row["text"],
        status_label=MINUTES_STATUS_LABELS[row["status"]],
        digest=row["sha256"],
        adopted_on=adopted,
        integrity_warning=warning,
    )


@dataclass(frozen=True, slots=True)
class MinutesDocument:
    """The PV as the printable and word-processor exports write it: the same sections in every format."""

    title: str
    subtitle: str
    sections: list[Section]
    footer: str
    author: str
    created_at: Any
    stem: str


def _vote_rows(facts: MeetingFacts) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (
            f"{item.position}. {item.title}",
            vote.question + (" (scrutin secret)" if vote.secret else ""),
            str(vote.votes_for),
            str(vote.votes_against),
            str(vote.abstentions + vote.blank),
            ("adoptée" if vote.adopted else "rejetée") + f" ({vote.voters} votants, majorité {vote.required_majority})",
        )
        for item in facts.items
        for vote in item.votes
    )


async def minutes_document(*, actor: Actor, meeting_id: int, served_as: str, chain_key: ChainKey) -> MinutesDocument:
    """The PV text, the votes recorded in session (L2315-32), the attendance list and the signatures block; the
    SHA-256 in the footer once adopted, an integrity alarm first when the adopted text no longer matches it."""
    meeting, row, facts, warning = await _export_context(
        actor=actor, meeting_id=meeting_id, served_as=served_as, chain_key=chain_key
    )
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
    if body and body[0].heading == title:  # the title already says it
        body[0] = Section(heading="", blocks=body[0].blocks)
    alarm = [Section(heading="Intégrité du procès-verbal", blocks=(warning,))] if warning else []
    votes = _vote_rows(facts)
    vote_table = Table(
        header=("Point", "Question", "Pour", "Contre", "Abstentions et blancs", "Résultat"),
        rows=votes,
        col_widths=(22, 26, 9, 10, 13, 20),
    )
    sections = [
        *alarm,
        *body,
        Section(heading="Votes enregistrés en séance", blocks=(vote_table,) if votes else ("Aucun vote.",)),
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
    return MinutesDocument(
        title=title,
        subtitle=f"{facts.body_name} — {facts.starts_at:%d/%m/%Y %H:%M}",
        sections=sections,
        footer=footer,
        author=facts.body_name,
        created_at=row["updated_at"],
        stem=f"proces-verbal-{facts.starts_at:%Y-%m-%d}-reunion-{meeting_id}",
    )


async def export_pdf(*, actor: Actor, meeting_id: int, chain_key: ChainKey) -> tuple[bytes, str]:
    """A4 PDF: the PV text, the votes, the attendance list and the signatures block."""
    doc = await minutes_document(actor=actor, meeting_id=meeting_id, served_as="pdf", chain_key=chain_key)
    pdf = render_pdf(
        title=doc.title,
        subtitle=doc.subtitle,
        sections=doc.sections,
        footer_text=doc.footer,
        author=doc.author,
        created_at=doc.created_at,
    )
    return pdf, f"{doc.stem}.pdf"


async def export_office(*, actor: Actor, meeting_id: int, chain_key: ChainKey, kind: str) -> tuple[bytes, str, str]:
    """The PV for a word processor: `kind` "odt" (OpenDocument) or "docx" (Word); bytes, file name, media type."""
    doc = await minutes_document(actor=actor, meeting_id=meeting_id, served_as=kind, chain_key=chain_key)
    if kind == "odt":
        data = render_odt(
            title=doc.title, subtitle=doc.subtitle, sections=doc.sections, footer_text=doc.footer, author=doc.author
        )
        return data, f"{doc.stem}.odt", ODT_MEDIA_TYPE
    data = render_docx(
        title=doc.title,
        subtitle=doc.subtitle,
        sections=doc.sections,
        footer_text=doc.footer,
        author=doc.author,
        created_at=doc.created_at,
    )
    return data, f"{doc.stem}.docx", DOCX_MEDIA_TYPE
