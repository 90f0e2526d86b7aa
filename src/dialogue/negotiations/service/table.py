"""The sessions of the negotiation table and the parties' positions, in the order put forward."""

from __future__ import annotations

import json
from typing import Any

from piccolo.columns import ForeignKey

from dialogue.core.actor import Actor
from dialogue.core.clock import local_today, utcnow
from dialogue.core.db import lock_row, transaction
from dialogue.negotiations import queries
from dialogue.negotiations.common import field_error, not_future
from dialogue.negotiations.events import PositionRecorded, SessionScheduled
from dialogue.negotiations.rules import NegotiationStatus
from dialogue.negotiations.schemas import PositionCreate, PositionRead, SessionCreate, SessionRead
from dialogue.negotiations.service.context import (
    about,
    check_party,
    emit_status_changed,
    listed_party,
    load_managed,
    load_readable,
    parties_at_table,
    record_change,
    require_active,
    save_changes,
)
from dialogue.negotiations.tables import Negotiation, NegotiationPosition, NegotiationSession


async def _next_number(negotiation: ForeignKey[Any], negotiation_id: int) -> int:
    """The next number of a session or position of the negotiation (1, 2, …), under the negotiation's lock."""
    return 1 + int(await negotiation._meta.table.count().where(negotiation == negotiation_id))


async def add_session(*, actor: Actor, negotiation_id: int, data: SessionCreate) -> SessionRead:
    """Log a session of the negotiation table; the first one moves an open negotiation to « en cours »."""
    async with transaction():
        row = await load_managed(actor=actor, negotiation_id=negotiation_id)
        await lock_row(Negotiation, negotiation_id)
        require_active(row, "programmer une séance")
        if data.ends_at is not None and data.ends_at <= data.starts_at:
            raise field_error("La fin de la séance doit suivre son début.", "ends_at")
        unions = await parties_at_table(row["table_body"])
        attendees = []
        for i, attendee in enumerate(data.attendees):
            party = listed_party(attendee.party, unions, field=f"attendees[{i}].party")
            attendees.append({**attendee.model_dump(), "party": party})
        number = await _next_number(NegotiationSession.negotiation, negotiation_id)
        session = NegotiationSession(
            negotiation=negotiation_id,
            number=number,
            starts_at=data.starts_at,
            ends_at=data.ends_at,
            location=data.location,
            attendees=json.dumps(attendees, ensure_ascii=False),
            documents=json.dumps([d.model_dump() for d in data.documents], ensure_ascii=False),
            summary=data.summary,
            meeting_id=data.meeting_id,
            created_by=actor.user_id,
            created_at=utcnow(),
        )
        await session.save()
        if row["status"] == NegotiationStatus.OPEN:
            await save_changes(negotiation_id, {Negotiation.status: NegotiationStatus.IN_PROGRESS.value})
            await emit_status_changed(row, actor=actor, target=NegotiationStatus.IN_PROGRESS)
        await record_change(
            row,
            actor=actor,
            action="create",
            entity="negotiation_session",
            entity_id=session.id,
            after=data,
            event=SessionScheduled(
                **about(row, actor=actor),
                session_id=session.id,
                number=number,
                starts_at=data.starts_at,
                location=data.location,
            ),
        )
        return (await queries.sessions(session_id=session.id))[0]


async def list_sessions(*, actor: Actor, negotiation_id: int) -> list[SessionRead]:
    await load_readable(actor=actor, negotiation_id=negotiation_id)
    return await queries.sessions(negotiation_id=negotiation_id)


async def add_position(*, actor: Actor, negotiation_id: int, data: PositionCreate) -> PositionRead:
    """A proposal or position of one party, kept in the order it was put forward."""
    async with transaction():
        row, who = await load_readable(actor=actor, negotiation_id=negotiation_id)
        who.require_party(table_body_id=row["table_body"], party=data.party)
        await lock_row(Negotiation, negotiation_id)
        require_active(row, "enregistrer une proposition")
        party = check_party(data.party, await parties_at_table(row["table_body"]), field="party")
        today = local_today()
        stated_on = data.stated_on or today
        if data.session_id is not None:
            session = (
                await NegotiationSession.select(NegotiationSession.negotiation, NegotiationSession.starts_at)
                .where(NegotiationSession.id == data.session_id)
                .first()
            )
            if session is None or session["negotiation"] != negotiation_id:
                raise field_error("Séance introuvable dans cette négociation.", "session_id")
            stated_on = data.stated_on or session["starts_at"].date()
        not_future(stated_on, field="stated_on", today=today)
        sequence = await _next_number(NegotiationPosition.negotiation, negotiation_id)
        position = NegotiationPosition(
            negotiation=negotiation_id,
            sequence=sequence,
            session=data.session_id,
            party=party,
            kind=data.kind.value,
            content=data.content,
            stated_on=stated_on,
            created_by=actor.user_id,
            created_at=utcnow(),
        )
        await position.save()
        await record_change(
            row,
            actor=actor,
            action="create",
            entity="negotiation_position",
            entity_id=position.id,
            after=data,
            event=PositionRecorded(
                **about(row, actor=actor), position_id=position.id, party=party, kind=data.kind.value
            ),
        )
        return (await queries.positions(position_id=position.id))[0]


async def list_positions(*, actor: Actor, negotiation_id: int) -> list[PositionRead]:
    await load_readable(actor=actor, negotiation_id=negotiation_id)
    return await queries.positions(negotiation_id=negotiation_id)
