"""Sections syndicales (L2142-1): formed and dissolved; with a representative union they bring the NAO."""

from __future__ import annotations

from typing import Any

from dialogue.core.actor import Actor
from dialogue.core.clock import local_today, utcnow
from dialogue.core.db import transaction
from dialogue.core.errors import Conflict, NotFound
from dialogue.negotiations.access import standing
from dialogue.negotiations.common import audit_write, field_error, insert_audited
from dialogue.negotiations.elections.results import current_scores
from dialogue.negotiations.rules import UnionScore, union_key
from dialogue.negotiations.schemas import UnionSectionCreate, UnionSectionEnd, UnionSectionRead
from dialogue.negotiations.tables import UnionSection

# ------------------------------------------------------------------------------------ union sections


async def _section_read(row: dict[str, Any], *, scores: dict[str, UnionScore]) -> UnionSectionRead:
    score = scores.get(union_key(row["union_name"]))
    return UnionSectionRead(
        id=row["id"],
        organization_id=row["organization"],
        union=row["union_name"],
        formed_on=row["formed_on"],
        ended_on=row["ended_on"],
        representative=score is not None and score.representative,
        notes=row["notes"],
        created_at=row["created_at"],
    )


async def list_union_sections(*, actor: Actor, organization_id: int) -> list[UnionSectionRead]:
    """The unions' sections syndicales (L2142-1), each with its representativeness (L2122-1)."""
    (await standing(actor=actor, organization_id=organization_id)).require_read()
    rows = (
        await UnionSection.select()
        .where(UnionSection.organization == organization_id)
        .order_by(UnionSection.formed_on)
        .order_by(UnionSection.id)
    )
    scores = await current_scores(organization_id)
    return [await _section_read(r, scores=scores) for r in rows]


async def record_union_section(*, actor: Actor, organization_id: int, data: UnionSectionCreate) -> UnionSectionRead:
    """A union tells the employer it has formed a section (L2142-1); with a representative union, NAO apply."""
    async with transaction():
        (await standing(actor=actor, organization_id=organization_id)).require_manage()
        if data.formed_on > local_today():
            raise field_error("La date de constitution ne peut être future.", "formed_on")
        open_sections = await UnionSection.select(UnionSection.union_name).where(
            (UnionSection.organization == organization_id) & UnionSection.ended_on.is_null()
        )
        if any(union_key(s["union_name"]) == union_key(data.union) for s in open_sections):
            raise Conflict(f"« {data.union} » a déjà une section syndicale.", code="union_section_exists")
        row = UnionSection(
            organization=organization_id,
            union_name=data.union,
            formed_on=data.formed_on,
            notes=data.notes,
            created_by=actor.user_id,
            created_at=utcnow(),
        )
        await insert_audited(row, actor=actor, organization_id=organization_id, entity="union_section", data=data)
        return await _get_section(row.id)


async def _get_section(section_id: int) -> UnionSectionRead:
    row = await UnionSection.select().where(UnionSection.id == section_id).first()
    if row is None:
        raise NotFound("Section syndicale introuvable.")
    return await _section_read(row, scores=await current_scores(row["organization"]))


async def end_union_section(*, actor: Actor, section_id: int, data: UnionSectionEnd) -> UnionSectionRead:
    """The section is dissolved: from that day it no longer brings the NAO (L2242-1)."""
    async with transaction():
        row = await UnionSection.select().where(UnionSection.id == section_id).first()
        if row is None or row["organization"] != actor.organization_id:
            raise NotFound("Section syndicale introuvable.")
        (await standing(actor=actor, organization_id=row["organization"])).require_manage()
        if row["ended_on"] is not None:
            raise Conflict("La section syndicale est déjà dissoute.", code="union_section_ended")
        if data.ended_on > local_today():
            raise field_error("La date ne peut être future.", "ended_on")
        if data.ended_on <= row["formed_on"]:
            raise field_error("La dissolution suit la constitution de la section.", "ended_on")
        await UnionSection.update({UnionSection.ended_on: data.ended_on}).where(UnionSection.id == section_id)
        await audit_write(
            actor=actor,
            organization_id=row["organization"],
            action="end",
            entity="union_section",
            entity_id=section_id,
            after=data,
        )
        return await _get_section(section_id)
