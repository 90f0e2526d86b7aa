"""The sessions of the negotiation table and the parties' positions, in the order put forward."""

from __future__ import annotations

import json
from typing import Any

from dialogue.audit import service as audit
from dialogue.core.actor import Actor
from dialogue.core.clock import local_today, utcnow
from dialogue.core.db import lock_row, transaction
from dialogue.core.events import emit
from dialogue.negotiations.common import field_error, loads, not_future
from dialogue.negotiations.events import (
    PositionRecorded,
    SessionScheduled,
)
from dialogue.negotiations.rules import (
    NegotiationStatus,
    union_key,
)
from dialogue.negotiations.schemas import (
    EMPLOYER,
    PositionCreate,
    PositionRead,
    SessionCreate,
    SessionRead,
)
from dialogue.negotiations.service.context import (
    check_party,
    emit_status_changed,
    load_negotiation,
    parties_at_table,
    require_active,
)
from dialogue.negotiations.tables import (
    Negotiation,
    NegotiationPosition,
    NegotiationSession,
)


def _session_read(row: dict[str, Any]) -> SessionRead:
    return SessionRead(
        id=row["id"],
        negotiation_id=row["negotiation"],
        number=row["number"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        location=row["location"],
        attendees=loads(row["attendees"]) or [],
        documents=loads(row["documents"]) or [],
        summary=row["summary"],
        meeting_id=row["meeting_id"],
        created_at=row["created_at"],
    )


async def add_session(*, actor: Actor, negotiation_id: int, data: SessionCreate) -> SessionRead:
    """Log a session of the negotiation table; the first one moves an open negotiation to « en cours »."""
    async with transaction():
        row, who = await load_negotiation(actor=actor, negotiation_id=negotiation_id)
        who.require_manage()
        await lock_row(Negotiation, negotiation_id)
        require_active(row, "programmer une séance")
        if data.ends_at is not None and data.ends_at <= data.starts_at:
            raise field_error("La fin de la séance doit suivre son début.", "ends_at")
        unions = await parties_at_table(row["table_body"])
        attendees = []
        for i, attendee in enumerate(data.attendees):
            party = attendee.party
            if party.casefold() not in {EMPLOYER, "direction", "employeur"} and union_key(party) not in unions:
                raise field_error(f"« {party} » n'a pas de délégué à cette table.", f"attendees[{i}].party")
            attendees.append({**attendee.model_dump(), "party": check_party(party, unions, field="party")})
        number = 1 + len(
            await NegotiationSession.select(NegotiationSession.id).where(
                NegotiationSession.negotiation == negotiation_id
            )
        )
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
            await Negotiation.update(
                {Negotiation.status: NegotiationStatus.IN_PROGRESS.value, Negotiation.updated_at: utcnow()}
            ).where(Negotiation.id == negotiation_id)
            await emit_status_changed(row, actor=actor, target=NegotiationStatus.IN_PROGRESS)
        await audit.record(
            actor=actor,
            organization_id=row["organization"],
            action="create",
            entity="negotiation_session",
            entity_id=session.id,
            after=data.model_dump(mode="json"),
        )
        await emit(
            SessionScheduled(
                organization_id=row["organization"],
                actor_user_id=actor.user_id,
                negotiation_id=negotiation_id,
                table_body_id=row["table_body"],
                title=row["title"],
                session_id=session.id,
                number=number,
                starts_at=data.starts_at,
                location=data.location,
            )
        )
        created = await NegotiationSession.select().where(NegotiationSession.id == session.id).first()
        assert created is not None
        return _session_read(created)


async def list_sessions(*, actor: Actor, negotiation_id: int) -> list[SessionRead]:
    row, who = await load_negotiation(actor=actor, negotiation_id=negotiation_id)
    who.require_read(row["table_body"])
    rows = (
        await NegotiationSession.select()
        .where(NegotiationSession.negotiation == negotiation_id)
        .order_by(NegotiationSession.number)
    )
    return [_session_read(r) for r in rows]


def _position_read(row: dict[str, Any]) -> PositionRead:
    return PositionRead(
        id=row["id"],
        negotiation_id=row["negotiation"],
        sequence=row["sequence"],
        session_id=row["session"],
        party=row["party"],
        kind=row["kind"],
        content=row["content"],
        stated_on=row["stated_on"],
        created_at=row["created_at"],
    )


async def add_position(*, actor: Actor, negotiation_id: int, data: PositionCreate) -> PositionRead:
    """A proposal or position of one party, kept in the order it was put forward."""
    async with transaction():
        row, who = await load_negotiation(actor=actor, negotiation_id=negotiation_id)
        who.require_read(row["table_body"])
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
        sequence = 1 + len(
            await NegotiationPosition.select(NegotiationPosition.id).where(
                NegotiationPosition.negotiation == negotiation_id
            )
        )
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
        await audit.record(
            actor=actor,
            organization_id=row["organization"],
            action="create",
            entity="negotiation_position",
            entity_id=position.id,
            after=data.model_dump(mode="json"),
        )
        await emit(
            PositionRecorded(
                organization_id=row["organization"],
                actor_user_id=actor.user_id,
                negotiation_id=negotiation_id,
                table_body_id=row["table_body"],
                title=row["title"],
                position_id=position.id,
                party=party,
                kind=data.kind.value,
            )
        )
        created = await NegotiationPosition.select().where(NegotiationPosition.id == position.id).first()
        assert created is not None
        return _position_read(created)


async def list_positions(*, actor: Actor, negotiation_id: int) -> list[PositionRead]:
    row, who = await load_negotiation(actor=actor, negotiation_id=negotiation_id)
    who.require_read(row["table_body"])
    rows = (
        await NegotiationPosition.select()
        .where(NegotiationPosition.negotiation == negotiation_id)
        .order_by(NegotiationPosition.sequence)
    )
    return [_position_read(r) for r in rows]
