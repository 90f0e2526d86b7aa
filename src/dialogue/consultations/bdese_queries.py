"""Reads of the BDESE items informing a consultation (consultations.bdese_links): the links, and their
publication days for R2312-5's start of the delay."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from dialogue.consultations.tables import Consultation, ConsultationBdeseItem
from dialogue.core import clock


@dataclass(frozen=True, slots=True)
class StoredLink:
    item_id: int
    published_on: date
    linked_by: int | None
    linked_at: datetime


async def links(consultation_id: int) -> list[StoredLink]:
    """The BDESE items informing a consultation, in the order of their publication."""
    rows = (
        await ConsultationBdeseItem.select()
        .where(ConsultationBdeseItem.consultation == consultation_id)
        .order_by(ConsultationBdeseItem.published_on)
        .order_by(ConsultationBdeseItem.id)
    )
    return [
        StoredLink(
            item_id=r["item_id"],
            published_on=clock.to_date(r["published_on"]),
            linked_by=r["linked_by"],
            linked_at=clock.as_datetime(r["linked_at"]),
        )
        for r in rows
    ]


async def published_dates(consultation_id: int) -> list[date]:
    """The publication days of the BDESE items informing a consultation, for rules.informed_on_from_documents."""
    rows = await ConsultationBdeseItem.select(ConsultationBdeseItem.published_on).where(
        ConsultationBdeseItem.consultation == consultation_id
    )
    return [clock.to_date(r["published_on"]) for r in rows]


async def informed_on(consultation_id: int) -> date:
    """The consultation's information date as stored (after the links moved it)."""
    row = await Consultation.select(Consultation.informed_on).where(Consultation.id == consultation_id).first()
    assert row is not None
    return clock.to_date(row["informed_on"])
