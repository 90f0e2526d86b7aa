"""The evidence of the information given for a consultation (R2312-5; a délit d'entrave dispute turns on it):
each document communicated, its version and SHA-256, the day and the members convoked with it; and where the
consultation's `informed_on` comes from — the communication of its documents, a date set by hand with its
reason (consultations.informing), or the date typed when it was opened."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from dialogue.consultations import attachments
from dialogue.consultations import service as consultations
from dialogue.consultations.bdese_queries import published_dates
from dialogue.consultations.queries import MeetingsOf
from dialogue.consultations.rules import ExpectedDocument, expected_documents
from dialogue.consultations.schemas import ConsultationMeetingRead, ConsultationRead
from dialogue.core.actor import Actor
from dialogue.documents.attachments import Communication, communication_dates

Origin = Literal["documents", "bdese", "override", "opening"]


@dataclass(frozen=True, slots=True)
class InformedOn:
    """The information date and its origin (`documents`: the day the first document was communicated)."""

    day: date
    origin: Origin
    reason: str | None = None


def informed_on_origin(
    *, informed_on: date, override_reason: str | None, communicated: list[date], published: Sequence[date] = ()
) -> InformedOn:
    """Where `informed_on` comes from (R2312-5: the delay runs from the communication of the information): a
    reason means it was set by hand; else it follows the earliest communication when it is that day (a final
    consultation keeps its date, L2312-16) or the earliest publication of its BDESE items (`bdese`); else it is
    the date typed at the opening."""
    if override_reason is not None:
        return InformedOn(day=informed_on, origin="override", reason=override_reason)
    if communicated and min(communicated) == informed_on:
        return InformedOn(day=informed_on, origin="documents")
    if published and min(published) == informed_on:
        return InformedOn(day=informed_on, origin="bdese")
    return InformedOn(day=informed_on, origin="opening")


@dataclass(frozen=True, slots=True)
class Evidence:
    """A consultation, its documents as given (`meetings`: those whose convocation carried some, by id)."""

    consultation: ConsultationRead
    informed_on: InformedOn
    given: list[Communication]
    meetings: dict[int, ConsultationMeetingRead]
    #: The documents the law expects for this kind of consultation, present or missing (L2312-27).
    expected: list[ExpectedDocument]


async def evidence(*, actor: Actor, consultation_id: int, meetings_of: MeetingsOf) -> Evidence:
    """A consultation with what was given for it, when and to whom (404 for another organisation)."""
    consultation = await consultations.get_consultation(
        actor=actor, consultation_id=consultation_id, meetings_of=meetings_of
    )
    given = await attachments.communications(actor=actor, consultation_id=consultation_id)
    return Evidence(
        consultation=consultation,
        informed_on=informed_on_origin(
            informed_on=consultation.informed_on,
            override_reason=consultation.informed_on_override_reason,
            communicated=await communication_dates(consultation_id),
            published=await published_dates(consultation_id),
        ),
        given=given,
        meetings={m.meeting_id: m for m in consultation.meetings},
        expected=expected_documents(consultation.kind.value, [g.document.kind for g in given]),
    )
